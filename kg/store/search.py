"""Full-text search over names, synonyms and finding statements (the store's FTS5 index)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kg.problems import InputError
from kg.store.db import Store

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 16


def fts_query(text: str) -> str:
    """The user's words as an FTS5 query: every word must match, each as a prefix. Words
    are quoted, so no FTS5 operator in the text ever takes effect."""
    words = _WORD.findall(text)[:MAX_TERMS]
    if not words:
        raise InputError(f"search: '{text}' has no word to search for")
    return " ".join(f'"{w}"*' for w in words)


def search(store: Store, text: str, limit: int = 20) -> dict[str, Any]:
    if limit < 1:
        raise InputError("--limit must be at least 1")
    query = fts_query(text)
    lowered = text.strip().lower()
    entities: dict[str, dict[str, Any]] = {}
    for node, field, matched in store.rows(
            "SELECT node, field, text FROM search WHERE search MATCH ? AND field <> 'statement' "
            "ORDER BY rank LIMIT ?", (query, limit * 5)):
        hit = entities.setdefault(node, {"id": node, "matched": []})
        if matched not in hit["matched"]:
            hit["matched"].append(matched)
        hit.setdefault("field", field)
    nodes = store.nodes_by_id(entities)
    _check_index(store, entities, nodes)
    ranked = []
    for node_id, hit in entities.items():
        n = nodes[node_id]
        exact = n["name"].lower() == lowered or n["id"].lower() == lowered
        starts = n["name"].lower().startswith(lowered)
        ranked.append(((0 if exact else 1 if starts else 2, len(n["name"]), n["id"]), {
            "id": n["id"], "name": n["name"], "category": n["category"],
            "synonyms": n["synonyms"], "matched": hit["matched"]}))
    ranked.sort(key=lambda x: x[0])
    # the hits not shown are counted, so a reader knows to raise --limit
    entities_total = store.rows("SELECT count(DISTINCT node) FROM search WHERE search MATCH ? "
                                "AND field <> 'statement'", (query,))[0][0]
    total = store.rows("SELECT count(*) FROM search WHERE search MATCH ? "
                       "AND field = 'statement'", (query,))[0][0]
    found = store.rows("SELECT node FROM search WHERE search MATCH ? AND field = 'statement' "
                       "ORDER BY rank LIMIT ?", (query, limit))
    finding_nodes = store.nodes_by_id([r[0] for r in found])
    _check_index(store, [r[0] for r in found], finding_nodes)
    findings = []
    for (fid,) in found:
        props = finding_nodes[fid]["properties"]
        findings.append({"id": fid, "statement": props.get("statement", ""),
                         "subject": props.get("subject"), "predicate": props.get("predicate"),
                         "object": props.get("object"),
                         "citations": list(props.get("citations", []))})
    return {"query": text, "entities": [r for _, r in ranked[:limit]],
            "entities_total": entities_total, "findings": findings, "findings_total": total}


def _check_index(store: Store, ids: Iterable[str], nodes: dict[str, Any]) -> None:
    """The full-text index and the node table are written together; an id in one and not
    the other is a damaged store (a flipped page), said in one line, not a KeyError."""
    if any(i not in nodes for i in ids):
        raise store.damaged(LookupError("the search index names an entity the store "
                                        "does not hold"))
