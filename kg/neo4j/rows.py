"""How records are stored in Neo4j, both ways, so a read gives back exactly what was loaded.

Scalar and list properties are written as real Neo4j properties, so Cypher can filter on
them (n.modality, r.findings); the few values Neo4j cannot hold (nested mappings, mixed or
null values) travel as JSON in `_json`. Nothing is written twice: the payload is what a
bulk load spends its time packing and unpacking.
"""

from __future__ import annotations

import json
from typing import Any

from kg.ontology.model import Ontology

NODE_KEYS = {"id", "category", "name", "name_lc", "synonyms", "xrefs", "sources", "_json",
             "_load"}
EDGE_KEYS = {"id", "predicate", "source", "findings", "citations", "_json", "_load"}


def _storable(value: Any) -> bool:
    if isinstance(value, str | bool | int | float):
        return True
    if isinstance(value, list):
        return (all(isinstance(v, str) for v in value)
                or (all(isinstance(v, int | float) for v in value)
                    and not any(isinstance(v, bool) for v in value)))
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


def node_row(node: dict[str, Any], ontology: Ontology, stamp: str) -> dict[str, Any]:
    props = {
        **_split(node["properties"], NODE_KEYS),
        "id": node["id"],
        "category": node["category"],
        "name": node["name"],
        "name_lc": node["name"].lower(),
        "synonyms": list(node["synonyms"]),
        "xrefs": list(node["xrefs"]),
        "sources": list(node["sources"]),
        "_load": stamp,
    }
    return {"props": props, "labels": labels_for(node["category"], ontology)}


def edge_row(edge: dict[str, Any], ontology: Ontology, stamp: str) -> dict[str, Any]:
    props = {
        **_split(edge["properties"], EDGE_KEYS),
        "id": edge["id"],
        "predicate": edge["predicate"],
        "source": edge["source"],
        "findings": list(edge["findings"]),
        "citations": list(edge["citations"]),
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
        "properties": _props_back(props, NODE_KEYS),
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
        "properties": _props_back(props, EDGE_KEYS),
    }
