"""The Neo4j backend: the same questions as the embedded graph, answered by Cypher."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kg.backend import Lookup, close_names
from kg.neo4j import conn as neo4j_conn
from kg.neo4j.rows import edge_from_neo4j, node_from_neo4j
from kg.neo4j.statements import statement

# Whole-graph listings paged as on the embedded store (kg/queries.py: page_keys): a keys
# statement gives the entities that give rows, a rows statement those of one page only.
# The keys statement starts from the filter entity when one of `filters` is given.
PAGED: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "trials": ("trials_keys", "trials_rows", ("therapy", "gene")),
    "biomarkers": ("biomarkers_keys", "biomarkers_rows", ("therapy", "gene", "disease")),
    "pediatric-genes": ("pediatric_genes_keys", "pediatric_genes_rows", ()),
}


def _phrase(text: str) -> str | None:
    """`text` as a Lucene phrase query for the entity_synonyms index; None when the
    index's analyser would find no word in it (no letter or digit)."""
    if not re.search(r"[^\W_]", text):
        return None
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
        return self.lookup([text])[text].matches

    def lookup(self, texts: list[str]) -> dict[str, Lookup]:
        """Each text's node by id, else its matches by name, else by synonym (as
        match_name): one round trip for them all."""
        wanted = [{"text": t, "lower": t.lower(), "phrase": _phrase(t.lower())}
                  for t in dict.fromkeys(texts)]
        out = {}
        for r in self.run("lookup", texts=wanted):
            matches = r["named"] or r["synonyms"]
            if r["node"] is None and not matches and _phrase(r["text"].lower()) is None:
                # nothing the full-text index can hold (no letter or digit): the scan
                matches = self.run("match_synonym", text=r["text"].lower())
                matches = [m["n"] for m in matches]
            out[r["text"]] = Lookup(
                None if r["node"] is None else node_from_neo4j(r["node"]),
                sorted((node_from_neo4j(m) for m in matches), key=lambda n: n["id"]))
        return out

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

    def run_query_page(self, query: Any, params: dict[str, Any], limit: int,
                       offset: int) -> tuple[list[dict[str, Any]], int] | None:
        """One page of a whole-graph listing and its total, reading only the page's
        entities' rows; None for the other queries (their answer is computed whole)."""
        from kg.queries import canonical, key_order, page_keys

        if query.name not in PAGED:
            return None
        keys_name, rows_name, filters = PAGED[query.name]
        if any(params.get(f) is not None for f in filters):
            keys_name += "_filtered"
        # the keys come as two lists in one record: thousands of records cost the driver
        # far more than one list of thousands
        (found,) = self.run(keys_name, **params)
        keys = sorted(zip(found["keys"], found["counts"], strict=True),
                      key=lambda k: key_order(k[0]))
        chosen, before, total = page_keys(keys, offset, limit)
        rows = canonical(self._rows(rows_name, chosen), query.columns) if chosen else []
        start = offset - before
        return rows[start:start + limit], total

    def path_candidates(self, a: str, b: str, max_hops: int,
                        via: list[str]) -> list[list[str]]:
        rows = self.run("paths", **{"from": a, "to": b, "via": via})
        return [r["ids"] for r in rows]

    def _rows(self, name: str, keys: list[str]) -> list[dict[str, Any]]:
        found = self.run(name, keys=keys)
        if name != "trials_rows":
            return found
        # a trial's genes are those its therapies target, each therapy's read once a page
        (page,) = found
        genes = {t["id"]: t["genes"] for t in page["targets"]}
        return [{**{k: v for k, v in r.items() if k != "therapy_ids"},
                 "genes": [g for th in r["therapy_ids"] for g in genes[th]]}
                for r in page["rows"]]

    def path_context(self, inner: list[str], pairs: list[tuple[str, str]],
                     ) -> tuple[dict[str, int], list[dict[str, Any]]]:
        """The degree of each of `inner` and the edges of the hops `pairs`, as kg.paths
        reads them from edges_of, in one round trip (a hub's edges stay on the server)."""
        from kg.backend import PROVENANCE_PREDICATES

        both = sorted({(u, v) for u, v in pairs} | {(v, u) for u, v in pairs})
        (row,) = self.run("path_context", inner=sorted(set(inner)), pairs=[list(p) for p in both],
                          provenance=sorted(p.upper() for p in PROVENANCE_PREDICATES))
        return ({d["id"]: d["degree"] for d in row["degrees"]},
                [edge_from_neo4j(e["r"], e["subject"], e["object"]) for e in row["edges"]])

    def close(self) -> None:
        self.driver.close()
