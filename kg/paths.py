"""Paths between two entities, hop by hop with the findings and citations behind each.

Both backends return the same candidates: simple paths over entity nodes (findings and
publications are provenance, not hops) whose length is one of the two shortest lengths,
through a node of each --via category. Neo4j finds them with Cypher's SHORTEST 2 GROUPS,
the embedded store with a pruned search (kg/store/paths.py); everything after that is shared here:
reading each hop's findings and the findings against it, scoring hops and paths
(kg/ranking.py), the population lens, ordering by score and --explain.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    weak_links,
)
from kg.ranking import explain as explain_ranking

PROVENANCE = ("Finding", "Publication")
MAX_HOPS_CAP = 10


def two_shortest_groups(paths: list[list[str]], max_hops: int) -> list[list[str]]:
    unique = {tuple(p) for p in paths if len(p) - 1 <= max_hops}
    lengths = sorted({len(p) for p in unique})[:2]
    return sorted((list(p) for p in unique if len(p) in lengths), key=lambda p: (len(p), p))


def category_candidates(backend: Backend, a: str, wanted: frozenset[str],
                        max_hops: int) -> tuple[list[list[str]], bool]:
    """Simple paths from `a` to any entity of a category in `wanted`, with none of those
    inside them, of the two shortest lengths: two_shortest_groups with every such entity a
    target. One search for all targets, on both backends alike: the neighbours of a
    breadth-first layer from `a` are read in one round trip (backend.neighbours), a target
    ends a path and is not walked through, and the distance to the nearest target prunes
    the walk. Also whether a limit (kg/limits.py CATEGORY_*) cut the search short."""
    adj: dict[str, list[str]] = {}
    category: dict[str, str] = {}
    depth_of = {a: 0}
    layer, loaded, cut = [a], -1, False

    def is_target(n: str) -> bool:
        return n != a and category.get(n) in wanted

    def grow_to(depth: int) -> None:
        """Read the neighbours of every non-target within `depth` hops of a."""
        nonlocal layer, loaded, cut
        while loaded < depth and layer:
            found = backend.neighbours(layer)
            nxt = []
            for n in layer:
                adj[n] = [m for m, _ in found.get(n, [])]
                for m, c in found.get(n, []):
                    category[m] = c
                    if m not in depth_of:
                        depth_of[m] = loaded + 2
                        nxt.append(m)
            loaded += 1
            layer = sorted(m for m in nxt if not is_target(m))
            if len(adj) + len(layer) > limits.CATEGORY_NODES:
                cut, layer = True, []

    def of_length(hops: int) -> list[list[str]]:
        """The candidate paths of exactly `hops` hops."""
        nonlocal cut
        # distance to the nearest target, over the neighbourhood read so far
        toward: dict[str, list[str]] = {}
        for u, ms in adj.items():
            for m in ms:
                toward.setdefault(m, []).append(u)
        dist = {n: 0 for n, d in depth_of.items() if d <= hops and is_target(n)}
        queue = sorted(dist)
        for x in queue:
            for u in toward.get(x, ()):
                if u not in dist and not is_target(u):
                    dist[u] = dist[x] + 1
                    queue.append(u)
        out: list[list[str]] = []
        stack: list[list[str]] = [[a]]
        while stack:
            path = stack.pop()
            for m in adj.get(path[-1], ()):
                if m in path:
                    continue
                if is_target(m):
                    if len(path) == hops:
                        out.append(path + [m])
                elif len(path) < hops and len(path) + dist.get(m, hops) <= hops:
                    stack.append(path + [m])
            if len(out) >= limits.CATEGORY_PATHS:
                cut = True
                break
        return out

    groups: list[list[list[str]]] = []
    for hops in range(1, max_hops + 1):
        grow_to(hops - 1)
        if any(d <= hops and is_target(n) for n, d in depth_of.items()):
            found = of_length(hops)
            if found:
                groups.append(sorted(found))
        if len(groups) == 2 or (not layer and loaded < hops - 1):
            break
    return [p for g in groups for p in g], cut


def spread_targets(paths: list[list[str]], n: int) -> list[list[str]]:
    """At most `n` of `paths` to be ranked, shared among their last nodes: each target's
    shortest paths first (by length and ids), a turn each, so that one target reached by
    thousands of paths does not crowd out the others."""
    turn: dict[str, int] = {}
    keyed = []
    for p in sorted(paths, key=lambda p: (len(p), p)):
        turn[p[-1]] = turn.get(p[-1], -1) + 1
        keyed.append(((turn[p[-1]], len(p), p), p))
    return [p for _, p in sorted(keyed)[:n]]


def category_targets(paths: list[dict[str, Any]], last: bool) -> list[dict[str, Any]]:
    """The entities of the category the ranked `paths` reach (their last node, or their
    first), best first: each with its best path's score and rank, and how many of the
    paths reach it."""
    out: dict[str, dict[str, Any]] = {}
    for rank, p in enumerate(paths, 1):
        node = p["nodes"][-1 if last else 0]
        hit = out.setdefault(node["id"], {**node, "score": p["score"], "path": rank,
                                          "paths": 0})
        hit["paths"] += 1
    return list(out.values())


def category_of(categories: Mapping[str, Sequence[str]], text: str, option: str) -> str:
    """The ontology's spelling of a category named in any case; an error listing them."""
    allowed = sorted(c for c in categories if c not in PROVENANCE)
    by_lower = {c.lower(): c for c in allowed}
    found = by_lower.get(text.strip().lower())
    if found is None:
        raise InputError(f"{option}: unknown category '{text[:80]}' (one of: "
                         f"{', '.join(allowed)})")
    return found


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


def find_paths(backend: Backend, source: str | None, target: str | None, max_hops: int = 4,
               via: list[str] | None = None, limit: int = 10,
               categories: Mapping[str, Sequence[str]] | None = None,
               population: str | None = None,
               strict: bool = False, profile: Profile | None = None,
               explain: bool = False, to_category: str | None = None,
               from_category: str | None = None) -> dict[str, Any]:
    """Paths between two entities, best evidence first (kg/ranking.py scores them); with
    `to_category` (or `from_category`) instead of one end, the paths from the other end to
    any entity of that category or a category under it. `categories` maps each of the
    ontology's categories to its lineage (the category and those above it)."""
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
    categories = categories or {}
    known = set(categories)
    category = None
    if (to_category is None) == (from_category is None):
        if to_category is not None:
            raise InputError("give --to-category or --from-category, not both")
        if source is None or target is None:
            raise InputError("a path needs two ends: FROM and TO, or one of them and "
                             "--to-category/--from-category")
    else:
        if (source is None) == (target is None):
            raise InputError("with --to-category or --from-category, name one entity only")
        if via:
            raise InputError("--via works between two entities, not with a category end")
        option = "--to-category" if to_category is not None else "--from-category"
        category = category_of(categories, str(to_category or from_category), option)
    for c in via:
        if known and c not in known:
            import difflib

            close = difflib.get_close_matches(c, sorted(known), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(f"--via: unknown category '{c}'{hint}")
    texts = [t for t in (source, target) if t is not None]
    found_ends = lookups(backend, texts)
    resolved = [resolve_node(backend, t, found_ends[t]) for t in texts]
    ends = dict(resolved)
    for end in ends:
        if ends[end]["category"] in PROVENANCE:
            raise InputError(f"{end} is a {ends[end]['category']}: paths run between entities; "
                             "use 'alskg query run findings-from-source' for sources")
    cut = False
    if category is None:
        (a, _), (b, _) = resolved
        if a == b:
            raise InputError("the two ends of a path must differ")
        found = two_shortest_groups(backend.path_candidates(a, b, max_hops, via), max_hops)
        paths = found[:limits.RANKED_PATHS]
    else:
        (entity,) = ends
        wanted = frozenset(c for c, line in categories.items() if category in line) \
            or frozenset({category})
        found, cut = category_candidates(backend, entity, wanted, max_hops)
        paths = spread_targets(found, limits.RANKED_PATHS)
        if from_category is not None:
            # paths run from the category's entities to the one named
            found = [p[::-1] for p in found]
            paths = [p[::-1] for p in paths]
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
        brief_nodes = [{"id": n, "name": nodes[n]["name"], "category": nodes[n]["category"]}
                       for n in p]
        weak = weak_links(brief_nodes, hops)
        out.append({
            "length": len(p) - 1,
            "nodes": brief_nodes,
            "hops": hops,
            "score": path_score(profile, [h["score"] for h in hops], [degrees[n] for n in inner],
                                len(weak)),
            "flags": weak,
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
    result: dict[str, Any]
    if category is None:
        result = {"from": brief[a], "to": brief[b]}
    else:
        # the category end: no one entity, but every one the paths reach
        many = {"id": None, "name": f"any {category}", "category": category}
        (one,) = brief.values()
        result = {"from": many, "to": one} if from_category else {"from": one, "to": many}
    result.update({"max_hops": max_hops, "via": via,
                   "paths": out, "population": population, "strict": strict,
                   "weights": profile.to_dict(), "candidates": len(found),
                   "ranked": len(paths)})
    if category is not None:
        result["targets"] = category_targets(out, last=to_category is not None)
        result["cut"] = cut
    if explain:
        result["explain"] = explained
    return result
