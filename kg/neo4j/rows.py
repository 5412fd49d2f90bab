"""How records are stored in Neo4j, both ways, so a read gives back exactly what was loaded.

Scalar and list properties are written as real Neo4j properties, so Cypher can filter on
them (n.modality, r.findings); the few values Neo4j cannot hold (nested mappings, mixed or
null values) travel as JSON in `_json`.

A relationship carries only what cannot be derived from it, because Neo4j spends a bulk
load writing property records: most edges are provenance (a finding cites a publication),
and for those the findings list is the finding at their start and the citations are none.
So an edge's `id` is written only where it is not `edge_id` of its ends, predicate and
source (a negated edge); a provenance edge's `findings` only where they are not [its
subject], and its `citations` only where there are some. Entity edges keep both lists,
which the canned queries read. `_load` stamps (and the ids an incremental load merges on)
are written only by a load into a graph that may hold an older load; a load into an empty
database and the offline importer leave them out.
"""

from __future__ import annotations

import json
from typing import Any

from kg.backend import PROVENANCE_PREDICATES
from kg.model import edge_id, is_derived_id
from kg.ontology.model import Ontology

NODE_KEYS = {"id", "category", "name", "name_lc", "synonyms", "xrefs", "sources", "_json",
             "_load"}
EDGE_KEYS = {"id", "predicate", "source", "findings", "citations", "_json", "_load"}


_SCALARS = frozenset({str, bool, int, float})
_NUMBERS = frozenset({int, float})


def _storable(value: Any) -> bool:
    """A value Neo4j holds as a property: a scalar, or a list of strings or of numbers.
    Exact types (records come from JSON and YAML), since this runs for every property of
    every row of a bulk load."""
    kind = type(value)
    if kind in _SCALARS:
        return True
    if kind is list:
        kinds = set(map(type, value))
        return kinds <= {str} or kinds <= _NUMBERS
    return False


def _split(props: dict[str, Any], reserved: set[str]) -> dict[str, Any]:
    """Properties as Neo4j properties, plus `_json` for the ones Neo4j cannot hold."""
    flat: dict[str, Any] = {}
    rest: dict[str, Any] = {}
    for key, value in props.items():
        if key not in reserved and not key.startswith("_") and _storable(value):
            flat[key] = value
        else:
            rest[key] = value
    if rest:
        flat["_json"] = json.dumps(rest, sort_keys=True)
    return flat


def _props_back(stored: dict[str, Any], reserved: set[str]) -> dict[str, Any]:
    props = {k: v for k, v in stored.items() if k not in reserved and not k.startswith("_")}
    if stored.get("_json"):
        props.update(json.loads(stored["_json"]))
    return dict(sorted(props.items()))


def labels_for(category: str, ontology: Ontology) -> list[str]:
    """The category and its ancestors, so MATCH (:Study) also finds clinical trials."""
    return ["Entity", *ontology.lineage(category)]


def node_row(node: dict[str, Any], ontology: Ontology,
             stamp: str | None = None) -> dict[str, Any]:
    props = {
        **_split(node["properties"], NODE_KEYS),
        "id": node["id"],
        "category": node["category"],
        "name": node["name"],
        "name_lc": node["name"].lower(),
        "synonyms": list(node["synonyms"]),
        "xrefs": list(node["xrefs"]),
        "sources": list(node["sources"]),
    }
    if stamp is not None:
        props["_load"] = stamp
    return {"props": props, "labels": labels_for(node["category"], ontology)}


def edge_props(edge: dict[str, Any], stamp: str | None = None) -> dict[str, Any]:
    """The relationship's properties: see the module's note for what is left out."""
    subject, predicate = edge["subject"], edge["predicate"]
    props = _split(edge["properties"], EDGE_KEYS) if edge["properties"] else {}
    props["predicate"] = predicate
    props["source"] = edge["source"]
    findings, citations = edge["findings"], edge["citations"]
    if predicate not in PROVENANCE_PREDICATES:
        props["findings"] = list(findings)
        props["citations"] = list(citations)
    else:
        if len(findings) != 1 or findings[0] != subject:
            props["findings"] = list(findings)
        if citations:
            props["citations"] = list(citations)
    if stamp is not None:
        props["id"] = edge["id"]
        props["_load"] = stamp
    elif not is_derived_id(edge["id"], subject, predicate, edge["object"], edge["source"]):
        props["id"] = edge["id"]
    return props


def edge_row(edge: dict[str, Any], ontology: Ontology,
             stamp: str | None = None) -> dict[str, Any]:
    return {"subject": edge["subject"], "object": edge["object"],
            "type": ontology.predicates[edge["predicate"]].rel_type,
            "props": edge_props(edge, stamp)}


def node_from_neo4j(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": props["id"],
        "category": props["category"],
        "name": props["name"],
        "synonyms": list(props.get("synonyms") or []),
        "xrefs": list(props.get("xrefs") or []),
        "properties": _props_back(props, NODE_KEYS),
        "sources": list(props.get("sources") or []),
    }


def edge_from_neo4j(props: dict[str, Any], subject: str, obj: str) -> dict[str, Any]:
    predicate, source = props["predicate"], props["source"]
    findings = props.get("findings")
    if findings is None:
        findings = [subject] if predicate in PROVENANCE_PREDICATES else []
    return {
        "id": props.get("id") or edge_id(subject, predicate, obj, source),
        "subject": subject,
        "predicate": predicate,
        "object": obj,
        "source": source,
        "findings": list(findings),
        "citations": list(props.get("citations") or []),
        "properties": _props_back(props, EDGE_KEYS),
    }
