"""The Neo4j backend: the same questions as the embedded graph, answered by Cypher."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kg.backend import Lookup, close_names
from kg.model import graph_stats
from kg.neo4j import conn as neo4j_conn
from kg.neo4j import listings
from kg.neo4j.rows import edge_from_neo4j, node_from_neo4j
from kg.neo4j.statements import statement


def _phrase(text: str) -> str | None:
    """`text` as a Lucene phrase query for the entity_synonyms index; None when the
    index's analyser would find no word in it (no letter or digit)."""
    if not re.search(r"[^\W_]", text):
        return None
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _gene_rows(text: str, rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """HGNC names rows as the embedded store's gene_names gives them, in its order."""
    from loaders.hgnc import KINDS

    return [{"label": text, "kind": KINDS[r["kind"]], "hgnc": r["hgnc"], "gene": r["gene"],
             "symbol": r["symbol"], "full_name": r["full_name"]}
            for r in sorted(rows, key=lambda r: (r["hgnc"], r["kind"]))]


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
        """Run a read statement (kg/neo4j/statements.py) with parameters only."""
        import neo4j

        records, _, _ = self.driver.execute_query(
            statement(name), params, database_=self.database,
            routing_=neo4j.RoutingControl.READ)
        # the statements return maps and lists, never nodes: a record's values are the
        # answer as they are (data() would copy every nested value, a third of the time
        # of a page of trials)
        return [dict(r.items()) for r in records]

    def node(self, node_id: str) -> dict[str, Any] | None:
        rows = self.run("node", id=node_id)
        return node_from_neo4j(rows[0]["n"]) if rows else None

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        (row,) = self.run("nodes", ids=sorted(set(ids)))
        return {n["id"]: node_from_neo4j(n) for n in row["nodes"]}

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
        if not texts:  # a query without entity parameters: no round trip
            return {}
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
                sorted((node_from_neo4j(m) for m in matches), key=lambda n: n["id"]),
                _gene_rows(r["text"], r["genes"]))
        return out

    def gene_names(self, text: str) -> list[dict[str, str]]:
        """Human genes (HGNC) with `text` as symbol, alias, previous symbol or name, from
        the names table loaded with the graph (kg/neo4j/hgnc.py)."""

        return _gene_rows(text, self.run("gene_names", key=text.lower()))

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
        (overlap,) = self.run("stats_node_overlap")
        for r in self.run("stats_edges"):
            predicates[r["predicate"]] = predicates.get(r["predicate"], 0) + r["n"]
            sources[r["source"]] = sources.get(r["source"], 0) + r["n"]
        return graph_stats(categories, predicates, node_sources, sources,
                           (overlap["nodes"], overlap["again"]))

    def run_query(self, query: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
        import neo4j

        records, _, _ = self.driver.execute_query(
            query.cypher, params, database_=self.database, routing_=neo4j.RoutingControl.READ)
        return [r.data() for r in records]

    def run_query_page(self, query: Any, params: dict[str, Any], limit: int,
                       offset: int) -> tuple[list[dict[str, Any]], int] | None:
        """One page of a whole-graph listing and its total, reading only the page's
        entities' rows (the page statements queries/NAME.keys.cypher and
        NAME.rows.cypher); None for the other queries (their answer is computed whole)."""
        from kg.queries import PAGED, canonical, key_order, keys_part, page_keys

        if query.name not in PAGED:
            return None
        part = keys_part(query.name, params)
        found = None if part != "keys" or query.name not in listings.COUNTED else \
            listings.kept(self.driver, self.database, query.name)
        if found is None:
            # the keys come as two lists in one record: thousands of records cost the
            # driver far more than one list of thousands
            (record,) = self.run(f"{query.name}.{part}", **params)
            found = record["keys"], record["counts"]
        keys = sorted(zip(*found, strict=True), key=lambda k: key_order(k[0]))
        chosen, before, total = page_keys(keys, offset, limit)
        rows = canonical(self._rows(query.name, chosen, params), query.columns_for(params)) \
            if chosen else []
        start = offset - before
        return rows[start:start + limit], total

    def path_candidates(self, a: str, b: str, max_hops: int,
                        via: list[str]) -> list[list[str]]:
        rows = self.run("paths", **{"from": a, "to": b, "via": via})
        return rows[0]["paths"] if rows else []

    def neighbours(self, ids: list[str]) -> dict[str, list[tuple[str, str]]]:
        """For each of `ids`, its entity neighbours over edges neither negated nor
        provenance, with their categories, sorted by id (as the embedded links table)."""
        (row,) = self.run("neighbours", ids=ids)
        out: dict[str, list[tuple[str, str]]] = {i: [] for i in ids}
        for node_id, found in row["rows"]:
            out[node_id] = sorted((m, c) for m, c in found)
        return out

    def _rows(self, name: str, keys: list[str], params: dict[str, Any]) -> list[dict[str, Any]]:
        from kg.queries import PAGE_RECORDS

        found = self.run(f"{name}.rows", **{**params, "keys": keys})
        return PAGE_RECORDS[name](found[0], params) if name in PAGE_RECORDS else found

    def path_context(self, inner: list[str], pairs: list[tuple[str, str]],
                     ) -> tuple[dict[str, int], list[dict[str, Any]]]:
        """The degree of each of `inner` and the edges of the hops `pairs`, as kg.paths
        reads them from edges_of, in one round trip (a hub's edges stay on the server)."""
        from kg.backend import PROVENANCE_PREDICATES

        # each hop's edges are read from one inner end of it (the reading that gives the
        # degree), or between the two ends of the paths when it joins them
        middle = set(inner)
        hops: dict[str, set[str]] = {n: set() for n in middle}
        direct = []
        for u, v in sorted({(min(u, v), max(u, v)) for u, v in pairs}):
            if u in middle or v in middle:
                hops[u if u in middle else v].add(v if u in middle else u)
            else:
                direct.append([u, v])
        (row,) = self.run("path_context", inner=[[n, sorted(p)] for n, p in sorted(hops.items())],
                          pairs=direct,
                          provenance=sorted(p.upper() for p in PROVENANCE_PREDICATES))
        found = [e for edges in row["inner_edges"] for e in edges] + row["end_edges"]
        return ({d["id"]: d["degree"] for d in row["degrees"]},
                [edge_from_neo4j(e["r"], e["subject"], e["object"]) for e in found])

    def close(self) -> None:
        self.driver.close()
