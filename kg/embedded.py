"""The embedded backend: the networkx graph from the local store, no server needed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg import store
from kg.build import stats as count_stats


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: Path | None = None, graph: nx.MultiDiGraph | None = None) -> None:
        self.graph = graph if graph is not None else store.load(path or store.default_store())
        self._names: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None

    def _name_index(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        if self._names is None:
            names: dict[str, list[str]] = {}
            synonyms: dict[str, list[str]] = {}
            for node_id, attrs in self.graph.nodes(data=True):
                names.setdefault(attrs["name"].lower(), []).append(node_id)
                for label in attrs["synonyms"]:
                    synonyms.setdefault(label.lower(), []).append(node_id)
            self._names = (names, synonyms)
        return self._names

    def node(self, node_id: str) -> dict[str, Any] | None:
        if node_id not in self.graph:
            return None
        return dict(self.graph.nodes[node_id])

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {i: dict(self.graph.nodes[i]) for i in ids if i in self.graph}

    def edges_of(self, node_id: str) -> list[dict[str, Any]]:
        out = [dict(d) for _, _, d in self.graph.out_edges(node_id, data=True)]
        inc = [dict(d) for _, _, d in self.graph.in_edges(node_id, data=True)
               if d["subject"] != d["object"]]
        return out + inc

    def match_name(self, text: str) -> list[dict[str, Any]]:
        names, synonyms = self._name_index()
        ids = names.get(text.lower()) or synonyms.get(text.lower(), [])
        return [dict(self.graph.nodes[i]) for i in sorted(set(ids))]

    def all_names(self) -> list[str]:
        return sorted({a["name"] for _, a in self.graph.nodes(data=True)})

    def all_nodes(self) -> Iterable[dict[str, Any]]:
        for _, attrs in self.graph.nodes(data=True):
            yield attrs

    def all_edges(self) -> Iterable[dict[str, Any]]:
        for _, _, attrs in self.graph.edges(data=True):
            yield attrs

    def stats(self) -> dict[str, Any]:
        return count_stats(self.all_nodes(), self.all_edges())

    def run_query(self, query: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
        from kg.embedded_queries import REGISTRY, View

        return REGISTRY[query.name](View(self.graph), params)

    def path_candidates(self, a: str, b: str, max_hops: int,
                        via: list[str]) -> list[list[str]]:
        from kg.paths import embedded_candidates

        return embedded_candidates(self.graph, a, b, max_hops, via)

    def close(self) -> None:
        pass
