"""networkx graphs built from the store, for graph algorithms: only the part a caller asks
for (a neighbourhood), or the whole store when it is known to be small."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from kg.store.db import Store


def to_networkx(store: Store) -> nx.MultiDiGraph:
    """The whole store as a MultiDiGraph keyed by edge id (reads every record)."""
    graph = nx.MultiDiGraph()
    graph.graph.update({k: store.meta[k] for k in ("built_at", "sources", "labels")})
    for node in store.iter_records("nodes"):
        graph.add_node(node["id"], **node)
    for edge in store.iter_records("edges"):
        graph.add_edge(edge["subject"], edge["object"], key=edge["id"], **edge)
    return graph


def neighbourhood(store: Store, seeds: Iterable[str], hops: int = 1) -> nx.MultiDiGraph:
    """The entities within `hops` of `seeds` and every edge among them, findings and
    publications left out (they are provenance, not hops)."""
    from kg.store.paths import Adjacency

    adj = Adjacency(store)
    reached = set(seeds)
    frontier = set(reached)
    for _ in range(hops):
        adj.load(frontier)
        frontier = {m for n in frontier for m in adj.of(n)} - reached
        reached |= frontier
    graph = nx.MultiDiGraph()
    for node in store.nodes_by_id(reached).values():
        graph.add_node(node["id"], **node)
    ids = sorted(reached)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        marks = ",".join("?" * len(chunk))
        for edge in store.edges(f"WHERE subject IN ({marks})", chunk):
            if edge["object"] in reached:
                graph.add_edge(edge["subject"], edge["object"], key=edge["id"], **edge)
    return graph
