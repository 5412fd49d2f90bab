"""The record model shared by every loader, backend and exporter.

Loaders yield `Node` and `Edge` records; builders, backends and exporters consume them.
A finding is a `Node` of category Finding; the entity edge its statement asserts carries
the finding's id, so every hop of a path answer can name who says so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

CURATED_SOURCE = "alskg:curated"


@dataclass(frozen=True, slots=True)
class Location:
    """Where a record was read from, for error messages and `ontology check`."""

    file: str
    line: int
    #: for a finding's statement edge, the lines of its `subject:` and `object:` keys, where
    #: an error about either end points (0: the record's own line)
    subject_line: int = 0
    object_line: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"

    def line_of(self, end: str) -> int:
        """The line of the key naming `end` ("subject" or "object"), else the record's."""
        return (self.subject_line if end == "subject" else self.object_line) or self.line


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


# -- how a record is stored: the embedded store's `record` column, and the lines of Neo4j's
# import files made from it (kg/neo4j/csv_store.py), are this encoding

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


class DamagedRecord(ValueError):
    """A stored record that is not JSON, or not of the stored shape."""


def _ids(items: list[str]) -> str:
    """A JSON list of ids, written directly when no id needs escaping (nearly always):
    a million edges spend most of their encoding time here otherwise."""
    if not items:
        return "[]"
    joined = "".join(items)
    if '"' in joined or "\\" in joined or not joined.isprintable():
        return _encode(items)
    return '["' + '","'.join(items) + '"]'


def encode_node(node: Node) -> str:
    """A node's record but for its id, category and name: [synonyms, xrefs, properties
    (sorted), sources] as compact JSON."""
    props = dict(sorted(node.properties.items())) if node.properties else {}
    return _encode([node.synonyms, node.xrefs, props, node.sources])


def encode_edge(findings: list[str], citations: list[str], properties: dict[str, Any]) -> str:
    """An edge's record but for its id, ends, predicate and source: [findings, citations,
    properties (sorted)] as compact JSON."""
    if properties:
        return _encode([findings, citations, dict(sorted(properties.items()))])
    return f"[{_ids(findings)},{_ids(citations)},{{}}]"


def decode_record(text: Any, size: int) -> list[Any]:
    """The parts of an encoded record (4 for a node, 3 for an edge); DamagedRecord for one
    that is not JSON or not of the stored shape."""
    try:
        parts = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        raise DamagedRecord("a record is not valid JSON") from None
    if parts.__class__ is not list or len(parts) != size \
            or parts[2].__class__ is not dict:
        raise DamagedRecord("a record is not of the stored shape")
    return parts


def node_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    """A node as a dict (Node.to_dict's shape) from (id, category, name, record)."""
    synonyms, xrefs, properties, sources = decode_record(row[3], 4)
    return {"id": row[0], "category": row[1], "name": row[2], "synonyms": synonyms,
            "xrefs": xrefs, "properties": properties, "sources": sources}


def edge_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    """An edge as a dict (Edge.to_dict's shape) from (id, subject, predicate, object,
    source, record)."""
    findings, citations, properties = decode_record(row[5], 3)
    return {"id": row[0], "subject": row[1], "predicate": row[2], "object": row[3],
            "source": row[4], "findings": findings, "citations": citations,
            "properties": properties}


def graph_stats(categories: Mapping[str, int], predicates: Mapping[str, int],
                node_sources: Mapping[str, int], edge_sources: Mapping[str, int],
                overlap: tuple[int, int] = (0, 0)) -> dict[str, Any]:
    """A graph's stats, the same shape from every backend: nodes per category and source,
    edges per predicate and source, and the totals. A node two sources describe counts
    under each: `overlap` is (such nodes, the counts they add beyond one each), so the
    counts per source add up to the nodes plus the second."""
    return {
        "nodes": sum(categories.values()),
        "edges": sum(predicates.values()),
        "categories": dict(sorted(categories.items())),
        "predicates": dict(sorted(predicates.items())),
        "node_sources": dict(sorted(node_sources.items())),
        "node_sources_overlap": {"nodes": overlap[0], "counted_again": overlap[1]},
        "edge_sources": dict(sorted(edge_sources.items())),
    }


# -- a finding's fields -----------------------------------------------------------------

#: how a field is kept on its Finding node
ALWAYS = "always"      # a property of every Finding; `default` when the curator leaves it out
IF_GIVEN = "if given"  # a property only when given (and not empty, or true)
NOT_STORED = "not stored"  # the node's id, or edges of their own (supports, contradicts)


# a NamedTuple, not a dataclass: every read command imports it, and it is made in a tenth
# of the time
class FindingField(NamedTuple):
    """One field of a finding: what curators may write (loaders/curated.py), what its
    Finding node carries, and what the store's findings table, the show summaries, the
    listings and the RDF reader take from it.

    `kind` is "text", "id" (one CURIE), "ids" (CURIEs: one or a list), "mapping" or
    "flag" (true or false). `column`: a column of the embedded store's findings table
    (besides its id); `summary`: shown in a finding's summary (kg.backend.finding_summary);
    `listed`: one of the finding columns of a listing's rows (queries/*.cypher and .sql). All in
    the order of FINDING_FIELDS."""

    name: str
    kind: str = "text"
    required: bool = False
    stored: str = ALWAYS
    column: bool = False
    summary: bool = False
    listed: bool = False

    @property
    def is_list(self) -> bool:
        return self.kind == "ids"

    @property
    def default(self) -> Any:
        """What a field left out reads back as."""
        if self.kind == "ids":
            return []
        if self.kind == "mapping":
            return {}
        return False if self.kind == "flag" else ""


# Why here, not in the ontology's `properties` (ontology/values.yaml): those are entity
# properties that generic code checks, exports and declares from the ontology, while each of
# these has code of its own in the loader, the store, the summaries and RDF, and several of
# them (finding_summary, the listings) are read where no ontology is loaded. The ontology
# still declares the value sets they draw on (evidence, population, model_system) and the
# qualifiers.
FINDING_FIELDS: tuple[FindingField, ...] = (
    FindingField("id", "id", required=True, stored=NOT_STORED),
    FindingField("statement", summary=True, listed=True),
    FindingField("subject", "id", required=True, column=True),
    FindingField("predicate", required=True, column=True),
    FindingField("object", "id", required=True, column=True),
    FindingField("evidence", "id", required=True, column=True, summary=True, listed=True),
    FindingField("population", required=True, column=True, summary=True, listed=True),
    FindingField("model_system", column=True, summary=True, listed=True),
    FindingField("study", "id", column=True, summary=True),
    FindingField("citations", "ids", summary=True, listed=True),
    FindingField("supports", "ids", stored=NOT_STORED),
    FindingField("contradicts", "ids", stored=NOT_STORED),
    FindingField("qualifiers", "mapping", stored=IF_GIVEN),
    FindingField("negated", "flag", stored=IF_GIVEN, column=True, summary=True),
    FindingField("notes", stored=IF_GIVEN),
    FindingField("quote", stored=IF_GIVEN, summary=True),
)
