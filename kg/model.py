"""The record model shared by every loader, backend and exporter.

Loaders yield `Node` and `Edge` records; builders, backends and exporters consume them.
A finding is a `Node` of category Finding; the entity edge its statement asserts carries
the finding's id, so every hop of a path answer can name who says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

CURATED_SOURCE = "alskg:curated"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record was read from, for error messages and `ontology check`."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(slots=True)
class Node:
    id: str
    category: str
    name: str
    synonyms: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    location: Location | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "name": self.name,
            "synonyms": list(self.synonyms),
            "xrefs": list(self.xrefs),
            "properties": dict(sorted(self.properties.items())),
            "sources": list(self.sources),
        }


@dataclass(slots=True)
class Edge:
    subject: str
    predicate: str
    object: str
    source: str
    findings: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)
    properties: dict[str, Any] = field(default_factory=dict)
    id: str = ""
    location: Location | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = edge_id(self.subject, self.predicate, self.object, self.source)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject": self.subject,
            "predicate": self.predicate,
            "object": self.object,
            "source": self.source,
            "findings": list(self.findings),
            "citations": list(self.citations),
            "properties": dict(sorted(self.properties.items())),
        }


NEGATED_SUFFIX = "#negated"


def edge_id(subject: str, predicate: str, obj: str, source: str, negated: bool = False) -> str:
    """A stable id: the same statement from the same source is one edge; from another
    source it is a parallel edge, so nothing is merged away across sources. A negated
    statement ("no such biomarker exists") has an id of its own, so it never merges with,
    or is read as, the positive one."""
    if negated:
        source += NEGATED_SUFFIX
    digest = hashlib.sha1(f"{subject}\t{predicate}\t{obj}\t{source}".encode()).hexdigest()
    return f"e{digest[:20]}"


def is_derived_id(id_: str, subject: str, predicate: str, obj: str, source: str) -> bool:
    """Whether an edge's id is the one `edge_id` derives from its ends, predicate and
    source, so a store may leave it out and derive it again on reading: not so for a
    negated edge, or for one read back with an id of its own."""
    return id_ == edge_id(subject, predicate, obj, source)


Record = Node | Edge
