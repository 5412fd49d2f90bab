"""The Neo4j backend: the same questions as the embedded graph, answered by Cypher."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kg.backend import close_names
from kg.neo4j import conn as neo4j_conn
from kg.neo4j.rows import edge_from_neo4j, node_from_neo4j
from kg.neo4j.statements import statement


class Neo4jBackend:
    name = "neo4j"

    def __init__(self, driver: Any, database: str | None) -> None:
        self.driver = driver
        self.database = database

    @classmethod
    def connect(cls, uri: str | None = None, user: str | None = None,
                password: str | None = None, database: str | None = None) -> Neo4jBackend:
        cfg = neo4j_conn.settings(uri, user, password, database)
        return cls(neo4j_conn.connect(cfg), cfg.database)

    def run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the read statement kg/neo4j/cypher/NAME.cypher with parameters only."""
        import neo4j

        records, _, _ = self.driver.execute_query(
            statement(name), params, database_=self.database,
            routing_=neo4j.RoutingControl.READ)
        return [r.data() for r in records]

    def node(self, node_id: str) -> dict[str, Any] | None:
        rows = self.run("node", id=node_id)
        return node_from_neo4j(rows[0]["n"]) if rows else None

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        rows = self.run("nodes", ids=sorted(set(ids)))
        return {r["n"]["id"]: node_from_neo4j(r["n"]) for r in rows}

    def edges_of(self, node_id: str) -> list[dict[str, Any]]:
        rows = self.run("edges_of", id=node_id)
        return [edge_from_neo4j(r["r"], r["subject"], r["object"]) for r in rows]

    def contradicting(self, ids: Iterable[str]) -> dict[str, set[str]]:
        rows = self.run("contradicting", ids=sorted(set(ids)))
        return {r["id"]: set(r["by"]) for r in rows if r["by"]}

    def match_name(self, text: str) -> list[dict[str, Any]]:
        rows = self.run("match_name", text=text.lower()) or \
            self.run("match_synonym", text=text.lower())
        return sorted((node_from_neo4j(r["n"]) for r in rows), key=lambda n: n["id"])

    def all_names(self) -> list[str]:
        return sorted({r["name"] for r in self.run("all_names")})

    def suggest(self, text: str, n: int = 3) -> list[str]:
        return close_names(text, self.all_names(), n)

    def stats(self) -> dict[str, Any]:
        categories: dict[str, int] = {}
        predicates: dict[str, int] = {}
        sources: dict[str, int] = {}
        for r in self.run("stats_nodes"):
            categories[r["category"]] = r["n"]
        node_sources = {r["source"]: r["n"] for r in self.run("stats_node_sources")}
        for r in self.run("stats_edges"):
            predicates[r["predicate"]] = predicates.get(r["predicate"], 0) + r["n"]
            sources[r["source"]] = sources.get(r["source"], 0) + r["n"]
        return {
            "nodes": sum(categories.values()),
            "edges": sum(predicates.values()),
            "categories": dict(sorted(categories.items())),
            "predicates": dict(sorted(predicates.items())),
            "node_sources": dict(sorted(node_sources.items())),
            "edge_sources": dict(sorted(sources.items())),
        }

    def run_query(self, query: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
        import neo4j

        records, _, _ = self.driver.execute_query(
            query.cypher, params, database_=self.database, routing_=neo4j.RoutingControl.READ)
        return [r.data() for r in records]

    def path_candidates(self, a: str, b: str, max_hops: int,
                        via: list[str]) -> list[list[str]]:
        rows = self.run("paths", **{"from": a, "to": b, "via": via})
        return [r["ids"] for r in rows]

    def close(self) -> None:
        self.driver.close()
