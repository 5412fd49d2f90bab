"""Path candidates on the embedded store: the same answer as Cypher's SHORTEST 2 GROUPS
(kg/paths.py explains the contract), found by reading adjacency from the store's ``links``
table a breadth-first layer at a time, never the whole graph.

The search grows distances from the target only as deep as the bound being tried needs,
then walks simple paths from the source that can still reach the target within it, and
deepens one hop at a time until two path lengths are found.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.store.db import Store

_CHUNK = 500


class Adjacency:
    """The entity graph as far as it has been read: an undirected networkx graph that
    grows by whole neighbourhoods, loaded from the store on first use and kept."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.graph = nx.Graph()
        self.loaded: set[str] = set()

    def load(self, ids: Iterable[str]) -> None:
        wanted = sorted(i for i in ids if i not in self.loaded)
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i:i + _CHUNK]
            self.graph.add_nodes_from(chunk)
            marks = ",".join("?" * len(chunk))
            self.graph.add_edges_from(
                self.store.rows(f"SELECT a, b FROM links WHERE a IN ({marks})", chunk))
        self.loaded.update(wanted)

    def of(self, node: str) -> Iterable[str]:
        if node not in self.loaded:
            self.load([node])
        return self.graph.adj[node]


def candidates(store: Store, a: str, b: str, max_hops: int, via: list[str]) -> list[list[str]]:
    adj = Adjacency(store)
    dist: dict[str, int] = {b: 0}
    frontier = {b}
    depth = 0

    def grow_to(limit: int) -> None:
        nonlocal frontier, depth
        while depth < limit and frontier:
            adj.load(frontier)
            nxt = set()
            for n in frontier:
                for m in adj.of(n):
                    if m not in dist:
                        dist[m] = depth + 1
                        nxt.add(m)
            frontier, depth = nxt, depth + 1

    # distance of the source first: nothing shorter exists
    while a not in dist and depth < max_hops and frontier:
        grow_to(depth + 1)
    if a not in dist:
        return []

    categories: dict[str, list[str]] = {}

    def passes(path: list[str]) -> bool:
        if not via:
            return True
        inner = {lab for n in path[1:-1] for lab in categories.get(n, ())}
        return all(c in inner for c in via)

    def simple_paths(bound: int) -> list[list[str]]:
        # a node m added after k nodes needs dist[m] <= bound - k <= bound - 1
        grow_to(bound - 1)
        found: list[list[str]] = []
        stack: list[tuple[str, list[str]]] = [(a, [a])]
        while stack:
            node, path = stack.pop()
            for m in adj.of(node):
                if m in path or dist.get(m, max_hops + 1) + len(path) > bound:
                    continue
                if m == b:
                    found.append(path + [b])
                elif m != a:
                    stack.append((m, path + [m]))
        if via:
            categories.update(_lineages(store, {n for p in found for n in p[1:-1]}))
        return [p for p in found if passes(p)]

    found: list[list[str]] = []
    for bound in range(dist[a], max_hops + 1):
        found = simple_paths(bound)
        if len({len(p) for p in found}) >= 2:
            break
    return found


def _lineages(store: Store, ids: set[str]) -> dict[str, list[str]]:
    """node id -> its category and the categories above it."""
    out: dict[str, list[str]] = {}
    wanted = sorted(ids)
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i:i + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for node, category in store.rows(
                f"SELECT id, category FROM nodes WHERE id IN ({marks})", chunk):
            out[node] = store.labels.get(category, [category])
    return out
