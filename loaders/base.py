"""The interface every loader implements (KGX's Source, with problems in the same stream),
and the hooks a loader may offer besides, each declared by having the method."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from kg.model import Edge, Node
from kg.ontology.model import Ontology
from kg.problems import Problem

Item = Node | Edge | Problem


class Source(Protocol):
    #: knowledge-source id written on every edge this loader yields
    source_id: str
    #: release of the input (a date, a package version); recorded in the graph's metadata
    version: str

    def read(self, ontology: Ontology) -> Iterator[Item]:
        """Yield records and, for bad input, problems naming file and line."""
        ...


@runtime_checkable
class Linker(Protocol):
    """Joins its records to other loaders' once every source is read (MONDO to HPO's OMIM
    diseases)."""

    def link(self, nodes: dict[str, Node]) -> Iterable[Edge]: ...


@runtime_checkable
class Checker(Protocol):
    """Checks the graph's nodes against a list once every source is read (retracted
    PMIDs); the streaming import calls it on each curated file's findings."""

    def check(self, nodes: dict[str, Node]) -> Iterable[Problem]: ...
