"""Paths between two entities, hop by hop with the findings and citations behind each.

Both backends return the same candidates: simple paths over entity nodes (findings and
publications are provenance, not hops) whose length is one of the two shortest lengths,
through a node of each --via category. Neo4j finds them with Cypher's SHORTEST 2 GROUPS,
the embedded store with a pruned search (kg/store/paths.py); everything after that is shared here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.backend import Backend, finding_summary, resolve
from kg.problems import InputError

PROVENANCE = ("Finding", "Publication")
MAX_HOPS_CAP = 10


def two_shortest_groups(paths: list[list[str]], max_hops: int) -> list[list[str]]:
    unique = {tuple(p) for p in paths if len(p) - 1 <= max_hops}
    lengths = sorted({len(p) for p in unique})[:2]
    return sorted((list(p) for p in unique if len(p) in lengths), key=lambda p: (len(p), p))


def find_paths(backend: Backend, source: str, target: str, max_hops: int = 4,
               via: list[str] | None = None, limit: int = 10,
               categories: Iterable[str] = ()) -> dict[str, Any]:
    if not 1 <= max_hops <= MAX_HOPS_CAP:
        raise InputError(f"--max-hops must be between 1 and {MAX_HOPS_CAP}")
    if limit < 1:
        raise InputError("--limit must be at least 1")
    via = sorted(set(via or []))
    known = set(categories)
    for c in via:
        if known and c not in known:
            import difflib

            close = difflib.get_close_matches(c, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(f"--via: unknown category '{c}'{hint}")
    a, b = resolve(backend, source), resolve(backend, target)
    ends = backend.nodes([a, b])
    for end in (a, b):
        if ends[end]["category"] in PROVENANCE:
            raise InputError(f"{end} is a {ends[end]['category']}: paths run between entities; "
                             "use 'alskg query run findings-from-source' for sources")
    if a == b:
        raise InputError("the two ends of a path must differ")
    paths = two_shortest_groups(backend.path_candidates(a, b, max_hops, via), max_hops)
    paths = paths[:limit]
    node_ids = {n for p in paths for n in p}
    edges_by_pair: dict[frozenset[str], list[dict[str, Any]]] = {}
    for n in node_ids:
        for e in backend.edges_of(n):
            if e["properties"].get("negated"):
                continue
            pair = frozenset((e["subject"], e["object"]))
            if pair <= node_ids:
                edges_by_pair.setdefault(pair, [])
                if all(x["id"] != e["id"] for x in edges_by_pair[pair]):
                    edges_by_pair[pair].append(e)
    finding_ids = {f for es in edges_by_pair.values() for e in es for f in e["findings"]}
    nodes = backend.nodes(node_ids | finding_ids)
    out = []
    for p in paths:
        hops = []
        for u, v in zip(p, p[1:], strict=False):
            edges = sorted(edges_by_pair.get(frozenset((u, v)), []),
                           key=lambda e: (e["predicate"], e["id"]))
            hops.append({
                "from": u, "to": v,
                "edges": [{
                    "id": e["id"], "predicate": e["predicate"],
                    "direction": "forward" if e["subject"] == u else "reverse",
                    "source": e["source"], "citations": sorted(e["citations"]),
                    "findings": [finding_summary(nodes.get(f), f) for f in e["findings"]],
                } for e in edges],
            })
        out.append({
            "length": len(p) - 1,
            "nodes": [{"id": n, "name": nodes[n]["name"], "category": nodes[n]["category"]}
                      for n in p],
            "hops": hops,
        })
    brief = {k: {"id": v["id"], "name": v["name"], "category": v["category"]}
             for k, v in ends.items()}
    return {"from": brief[a], "to": brief[b], "max_hops": max_hops, "via": via,
            "paths": out}


def to_dot(result: dict[str, Any]) -> str:
    """A Graphviz picture of the paths: entities as boxes, hops labelled with predicates."""
    def q(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'

    lines = ["digraph alskg_paths {", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", '
             'fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    seen_nodes: set[str] = set()
    seen_edges: set[str] = set()
    for path in result["paths"]:
        for n in path["nodes"]:
            if n["id"] not in seen_nodes:
                seen_nodes.add(n["id"])
                lines.append(f"  {q(n['id'])} [label={q(n['name'] + chr(10) + n['category'])}];")
        for hop in path["hops"]:
            for e in hop["edges"]:
                if e["id"] in seen_edges:
                    continue
                seen_edges.add(e["id"])
                s, o = (hop["from"], hop["to"]) if e["direction"] == "forward" \
                    else (hop["to"], hop["from"])
                cites = ", ".join(e["citations"][:3]) + (" ..." if len(e["citations"]) > 3 else "")
                label = e["predicate"] + (f"\n{cites}" if cites else "")
                lines.append(f"  {q(s)} -> {q(o)} [label={q(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
