"""How records are stored in Neo4j, both ways, so a read gives back exactly what was loaded.

Scalar and list properties are also written as real Neo4j properties so that Cypher can
filter on them (n.modality, r.findings); the exact record travels as JSON in `_json`.
"""

from __future__ import annotations

import json
from typing import Any

from kg.ontology import Ontology

NODE_KEYS = {"id", "category", "name", "name_lc", "synonyms", "xrefs", "sources", "_json",
             "_load"}
EDGE_KEYS = {"id", "predicate", "source", "findings", "citations", "_json", "_load"}


def _flat(props: dict[str, Any], reserved: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in props.items():
        if key in reserved or value is None:
            continue
        if isinstance(value, str | int | float | bool):
            out[key] = value
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            out[key] = value
        elif isinstance(value, list) and all(isinstance(v, int | float) for v in value):
            out[key] = value
    return out


def labels_for(category: str, ontology: Ontology) -> list[str]:
    """The category and its ancestors, so MATCH (:Study) also finds clinical trials."""
    return ["Entity", *ontology.lineage(category)]


def node_row(node: dict[str, Any], ontology: Ontology, stamp: str) -> dict[str, Any]:
    props = {
        **_flat(node["properties"], NODE_KEYS),
        "id": node["id"],
        "category": node["category"],
        "name": node["name"],
        "name_lc": node["name"].lower(),
        "synonyms": list(node["synonyms"]),
        "xrefs": list(node["xrefs"]),
        "sources": list(node["sources"]),
        "_json": json.dumps(node["properties"], sort_keys=True),
        "_load": stamp,
    }
    return {"props": props, "labels": labels_for(node["category"], ontology)}


def edge_row(edge: dict[str, Any], ontology: Ontology, stamp: str) -> dict[str, Any]:
    props = {
        **_flat(edge["properties"], EDGE_KEYS),
        "id": edge["id"],
        "predicate": edge["predicate"],
        "source": edge["source"],
        "findings": list(edge["findings"]),
        "citations": list(edge["citations"]),
        "_json": json.dumps(edge["properties"], sort_keys=True),
        "_load": stamp,
    }
    return {"subject": edge["subject"], "object": edge["object"],
            "type": ontology.predicates[edge["predicate"]].rel_type, "props": props}


def node_from_neo4j(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": props["id"],
        "category": props["category"],
        "name": props["name"],
        "synonyms": list(props.get("synonyms") or []),
        "xrefs": list(props.get("xrefs") or []),
        "properties": dict(sorted(json.loads(props.get("_json") or "{}").items())),
        "sources": list(props.get("sources") or []),
    }


def edge_from_neo4j(props: dict[str, Any], subject: str, obj: str) -> dict[str, Any]:
    return {
        "id": props["id"],
        "subject": subject,
        "predicate": props["predicate"],
        "object": obj,
        "source": props["source"],
        "findings": list(props.get("findings") or []),
        "citations": list(props.get("citations") or []),
        "properties": dict(sorted(json.loads(props.get("_json") or "{}").items())),
    }
