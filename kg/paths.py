"""Paths between two entities, hop by hop with the findings and citations behind each.

Both backends return the same candidates: simple paths over entity nodes (findings and
publications are provenance, not hops) whose length is one of the two shortest lengths,
through a node of each --via category. Neo4j finds them with Cypher's SHORTEST 2 GROUPS,
the embedded store with a pruned search (kg/store/paths.py); everything after that is shared here:
reading each hop's findings and the findings against it, scoring hops and paths
(kg/ranking.py), the population lens, ordering by score and --explain.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg import limits
from kg.backend import (
    PROVENANCE_PREDICATES,
    Backend,
    PathContext,
    against_findings,
    contradictions,
    lookups,
    resolve_node,
    summaries,
)
from kg.problems import InputError
from kg.ranking import (
    DIGITS,
    POPULATIONS,
    Profile,
    damping_factor,
    hop_flags,
    hop_score,
    in_population,
    load_profile,
    path_score,
    sort_key,
    structural_releases,
)
from kg.ranking import explain as explain_ranking

PROVENANCE = ("Finding", "Publication")
MAX_HOPS_CAP = 10


def two_shortest_groups(paths: list[list[str]], max_hops: int) -> list[list[str]]:
    unique = {tuple(p) for p in paths if len(p) - 1 <= max_hops}
    lengths = sorted({len(p) for p in unique})[:2]
    return sorted((list(p) for p in unique if len(p) in lengths), key=lambda p: (len(p), p))


def degree(edges: list[dict[str, Any]], node_id: str) -> int:
    """Distinct entity neighbours over walkable edges (not negated, not provenance)."""
    return len({e["object"] if e["subject"] == node_id else e["subject"] for e in edges
                if not e["properties"].get("negated")
                and e["predicate"] not in PROVENANCE_PREDICATES})


def path_context(backend: Backend, paths: list[list[str]],
                 ) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """The degree of every inner node of `paths` and the edges of their hops: in one
    round trip where the backend offers `path_context` (Neo4j), else from edges_of."""
    inner = sorted({n for p in paths for n in p[1:-1]})
    pairs = sorted({(u, v) for p in paths for u, v in zip(p, p[1:], strict=False)})
    if isinstance(backend, PathContext):
        return backend.path_context(inner, pairs)
    wanted = {frozenset(p) for p in pairs}
    degrees: dict[str, int] = {}
    edges = []
    for n in sorted({n for p in paths for n in p}):
        mine = backend.edges_of(n)
        if n in inner:
            degrees[n] = degree(mine, n)
        edges += [e for e in mine if frozenset((e["subject"], e["object"])) in wanted]
    return degrees, edges


def find_paths(backend: Backend, source: str, target: str, max_hops: int = 4,
               via: list[str] | None = None, limit: int = 10,
               categories: Iterable[str] = (), population: str | None = None,
               strict: bool = False, profile: Profile | None = None,
               explain: bool = False) -> dict[str, Any]:
    """Paths between two entities, best evidence first (kg/ranking.py scores them)."""
    if not 1 <= max_hops <= MAX_HOPS_CAP:
        raise InputError(f"--max-hops must be between 1 and {MAX_HOPS_CAP}")
    if limit < 1:
        raise InputError("--limit must be at least 1")
    if population is not None and population not in POPULATIONS:
        raise InputError(f"--population must be one of {', '.join(POPULATIONS)}")
    if strict and population is None:
        raise InputError("--strict needs --population")
    profile = profile or load_profile()
    via = sorted(set(via or []))
    known = set(categories)
    for c in via:
        if known and c not in known:
            import difflib

            close = difflib.get_close_matches(c, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(f"--via: unknown category '{c}'{hint}")
    found_ends = lookups(backend, [source, target])
    (a, node_a), (b, node_b) = (resolve_node(backend, source, found_ends[source]),
                                resolve_node(backend, target, found_ends[target]))
    ends = {a: node_a, b: node_b}
    for end in (a, b):
        if ends[end]["category"] in PROVENANCE:
            raise InputError(f"{end} is a {ends[end]['category']}: paths run between entities; "
                             "use 'alskg query run findings-from-source' for sources")
    if a == b:
        raise InputError("the two ends of a path must differ")
    found = two_shortest_groups(backend.path_candidates(a, b, max_hops, via), max_hops)
    paths = found[:limits.RANKED_PATHS]
    node_ids = {n for p in paths for n in p}
    edges_by_pair: dict[frozenset[str], list[dict[str, Any]]] = {}
    negated_by_pair: dict[frozenset[str], list[dict[str, Any]]] = {}
    used_pairs = {frozenset(h) for p in paths for h in zip(p, p[1:], strict=False)}
    degrees, hop_edges = path_context(backend, paths)
    for e in hop_edges:
        pair = frozenset((e["subject"], e["object"]))
        if pair not in used_pairs or e["predicate"] in PROVENANCE_PREDICATES:
            continue
        bucket = negated_by_pair if e["properties"].get("negated") else edges_by_pair
        bucket.setdefault(pair, [])
        if all(x["id"] != e["id"] for x in bucket[pair]):
            bucket[pair].append(e)
    finding_ids = {f for pair in used_pairs for e in edges_by_pair.get(pair, []) + \
                   negated_by_pair.get(pair, []) for f in e["findings"]}
    # who contradicts a finding: `contradicts` links point from the dissenting finding
    contradicted_by = contradictions(backend, finding_ids)
    dissent = {x for s in contradicted_by.values() for x in s}
    nodes = backend.nodes(node_ids | finding_ids | dissent)
    summary = summaries(backend, nodes, finding_ids | dissent)
    hop_cache: dict[tuple[str, str], dict[str, Any]] = {}

    def make_hop(u: str, v: str) -> dict[str, Any]:
        pair = frozenset((u, v))
        edges = sorted(edges_by_pair.get(pair, []), key=lambda e: (e["predicate"], e["id"]))
        support_ids = sorted({f for e in edges for f in e["findings"]})
        support = [summary[f] for f in support_ids]
        against = against_findings(support_ids, edges, negated_by_pair.get(pair, []),
                                   contradicted_by, nodes, summary)
        releases = structural_releases(edges)
        hop = {
            "from": u, "to": v,
            "edges": [{
                "id": e["id"], "predicate": e["predicate"],
                "direction": "forward" if e["subject"] == u else "reverse",
                "source": e["source"], "citations": sorted(e["citations"]),
                "findings": [summary[f] for f in e["findings"]],
            } for e in edges],
            **hop_score(profile, support, against, population, releases),
            "flags": hop_flags(support, against, population, releases),
            "against": against,
            "_support": support, "_against": against, "_releases": releases,
        }
        if population is not None:
            hop["population_evidence"] = {
                "population": population,
                "found": any(in_population(f["population"], population) for f in support),
                "findings": [f["id"] for f in support
                             if in_population(f["population"], population)],
            }
        return hop

    out: list[dict[str, Any]] = []
    for p in paths:
        hops = []
        for u, v in zip(p, p[1:], strict=False):
            if (u, v) not in hop_cache:
                hop_cache[(u, v)] = make_hop(u, v)
            hops.append(dict(hop_cache[(u, v)]))  # a copy each: paths share no dict
        inner = p[1:-1]
        out.append({
            "length": len(p) - 1,
            "nodes": [{"id": n, "name": nodes[n]["name"], "category": nodes[n]["category"]}
                      for n in p],
            "hops": hops,
            "score": path_score(profile, [h["score"] for h in hops], [degrees[n] for n in inner]),
            "contested": any(h["contradictions"] for h in hops),
            "damping": {"degrees": {n: degrees[n] for n in inner},
                        "factor": round(damping_factor(profile, [degrees[n] for n in inner]),
                                        DIGITS)},
            "_degrees": [degrees[n] for n in inner],
        })
    if strict:
        out = [x for x in out if all(h["population_evidence"]["found"] for h in x["hops"])]
    out.sort(key=sort_key)
    explained = explain_ranking(profile, out, population) if explain and out else None
    out = out[:limit]
    for answer in out:
        del answer["_degrees"]
        for h in answer["hops"]:
            del h["_support"], h["_against"], h["_releases"]
    brief = {k: {"id": v["id"], "name": v["name"], "category": v["category"]}
             for k, v in ends.items()}
    result = {"from": brief[a], "to": brief[b], "max_hops": max_hops, "via": via,
              "paths": out, "population": population, "strict": strict,
              "weights": profile.to_dict(), "candidates": len(found), "ranked": len(paths)}
    if explain:
        result["explain"] = explained
    return result


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


HOP_COLUMNS = ["path", "path_score", "contested", "hop", "from", "to", "predicates", "score",
               "support", "publications", "best_evidence", "populations", "contradictions",
               "in_population", "flags", "findings", "against", "citations"]


def hop_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per hop of every path, for CSV: the same keys whatever the answer."""
    rows = []
    for i, p in enumerate(result["paths"], 1):
        for j, h in enumerate(p["hops"], 1):
            pe = h.get("population_evidence")
            rows.append({
                "path": i, "path_score": p["score"], "contested": p["contested"], "hop": j,
                "from": h["from"], "to": h["to"],
                "predicates": [e["predicate"] for e in h["edges"]],
                "score": h["score"], "support": h["support"],
                "publications": h["publications"], "best_evidence": h["best_evidence"],
                "populations": h["populations"], "contradictions": h["contradictions"],
                "in_population": "" if pe is None else pe["found"],
                "flags": h["flags"],
                "findings": sorted({f["id"] for e in h["edges"] for f in e["findings"]}),
                "against": [f["id"] for f in h["against"]],
                "citations": sorted({c for e in h["edges"] for c in e["citations"]}),
            })
    return rows
