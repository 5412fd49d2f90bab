"""The interface every loader implements (KGX's Source, with problems in the same stream)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

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
