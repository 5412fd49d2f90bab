"""The embedded backend: reads the store file as it needs, no server and no whole-graph load."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from kg.backend import close_names
from kg.store.db import Store

# below this many characters one typo can break every trigram (SDO1 for SOD1)
SHORT_NAME = 8


class EmbeddedBackend:
    name = "embedded"

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            from kg.workspace import default_store

            path = default_store()
        self.store = Store(path)

    @property
    def meta(self) -> dict[str, Any]:
        return self.store.meta

    def node(self, node_id: str) -> dict[str, Any] | None:
        found = self.store.nodes("WHERE id = ?", (node_id,))
        return found[0] if found else None

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return self.store.nodes_by_id(ids)

    def edges_of(self, node_id: str) -> list[dict[str, Any]]:
        out = self.store.edges("WHERE subject = ?", (node_id,))
        inc = self.store.edges("WHERE object = ? AND subject <> ?",
                                 (node_id, node_id))
        return out + inc

    def contradicting(self, ids: Iterable[str]) -> dict[str, set[str]]:
        wanted = sorted(set(ids))
        out: dict[str, set[str]] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            for s, o in self.store.rows(
                    "SELECT subject, object FROM edges WHERE predicate = 'contradicts' AND "
                    f"object IN ({','.join('?' * len(chunk))})", chunk):
                out.setdefault(o, set()).add(s)
        return out

    def match_name(self, text: str) -> list[dict[str, Any]]:
        for synonym in (0, 1):
            ids = [r[0] for r in self.store.rows(
                "SELECT DISTINCT node FROM names WHERE label = ? AND synonym = ?",
                (text.lower(), synonym))]
            if ids:
                found = self.nodes(ids)
                return [found[i] for i in sorted(found)]
        return []

    def gene_names(self, text: str) -> list[dict[str, str]]:
        """Human genes (HGNC) with `text` as symbol, alias, previous symbol or name."""
        from loaders.hgnc import KINDS

        found = self.store.rows(
            "SELECT n.kind, g.hgnc, g.gene, g.symbol, g.full_name FROM hgnc_names n "
            "JOIN hgnc g ON g.hgnc = n.hgnc WHERE n.key = ? ORDER BY g.hgnc, n.kind",
            (text.lower(),))
        return [{"label": text, "kind": KINDS[k], "hgnc": h, "gene": g, "symbol": s,
                 "full_name": f} for k, h, g, s, f in found]

    def hgnc_tables(self) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, int, str]]]:
        """HGNC's genes and names as the store keeps them, for loading them elsewhere."""
        return (self.store.rows("SELECT hgnc, gene, symbol, full_name FROM hgnc ORDER BY hgnc"),
                self.store.rows("SELECT key, kind, hgnc FROM hgnc_names ORDER BY key, hgnc, kind"))

    def all_names(self) -> list[str]:
        return [r[0] for r in self.store.rows("SELECT DISTINCT name FROM nodes ORDER BY name")]

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Names close to `text`, ranked by difflib as for every backend, from candidates
        the indexes give without reading every name: names sharing a trigram with `text`,
        and, for short words where a typo leaves no trigram intact, names of about its
        length."""
        lowered = text.lower()
        grams = sorted({lowered[i:i + 3] for i in range(max(0, len(lowered) - 2))})
        names: set[str] = set()
        if grams:
            query = " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)
            names.update(r[0] for r in self.store.rows(
                "SELECT DISTINCT nodes.name FROM name_grams "
                "JOIN names ON names.rowid = name_grams.rowid "
                "JOIN nodes ON nodes.id = names.node "
                "WHERE name_grams MATCH ? ORDER BY rank LIMIT 200", (query,)))
        if len(text) <= SHORT_NAME:
            names.update(r[0] for r in self.store.rows(
                "SELECT DISTINCT nodes.name FROM names JOIN nodes ON nodes.id = names.node "
                "WHERE length(names.label) BETWEEN ? AND ? LIMIT 5000",
                (max(1, len(text) - 2), len(text) + 2)))
        return close_names(text, sorted(names), n)

    def search(self, text: str, limit: int = 20) -> dict[str, Any]:
        """Entities and findings whose names, synonyms or statements match `text`."""
        from kg.store.search import search

        return search(self.store, text, limit)

    def all_nodes(self) -> Iterator[dict[str, Any]]:
        return self.store.iter_records("nodes")

    def all_edges(self) -> Iterator[dict[str, Any]]:
        return self.store.iter_records("edges")

    def stats(self) -> dict[str, Any]:
        return dict(self.store.meta["stats"])

    def run_query(self, query: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of a canned query's SQL twin (queries/NAME.sql)."""
        return self._sql_rows(query.sql, {**params, "keys": None})

    def run_query_page(self, query: Any, params: dict[str, Any], limit: int,
                       offset: int) -> tuple[list[dict[str, Any]], int] | None:
        """One page of a whole-graph listing, reading only its entities' rows: their ids
        from queries/NAME.keys.sql (or NAME.keys-filtered.sql), then the page's rows from
        the query's own SQL given those ids as `keys` (or from NAME.rows.sql, see
        kg.queries.PAGE_RECORDS); None for the other queries (their answer is computed
        whole)."""
        from kg.queries import PAGED, canonical, key_order, keys_part, page_keys, page_statement

        if query.name not in PAGED:
            return None
        found = self.store.rows(page_statement(query.name, keys_part(query.name, params), "sql"),
                                params)
        keys = sorted(found, key=lambda k: key_order(k[0]))
        chosen, before, total = page_keys(keys, offset, limit)
        rows = canonical(self._page_rows(query, chosen, params),
                         query.columns_for(params)) if chosen else []
        start = offset - before
        return rows[start:start + limit], total

    def _page_rows(self, query: Any, keys: list[str],
                   params: dict[str, Any]) -> list[dict[str, Any]]:
        from kg.queries import PAGE_RECORDS, page_statement

        bound = {**params, "keys": json.dumps(keys)}
        if query.name not in PAGE_RECORDS:
            return self._sql_rows(query.sql, bound)
        (record,) = self._sql_rows(page_statement(query.name, "rows", "sql"), bound)
        return PAGE_RECORDS[query.name](record, params)

    def _sql_rows(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of a statement that gives one JSON object a row."""
        try:
            return [json.loads(r[0]) for r in self.store.rows(sql, params)]
        except (TypeError, ValueError) as exc:
            raise self.store.damaged(exc) from None

    def path_candidates(self, a: str, b: str, max_hops: int,
                        via: list[str]) -> list[list[str]]:
        from kg.store.paths import candidates

        return candidates(self.store, a, b, max_hops, via)

    def neighbours(self, ids: list[str]) -> dict[str, list[tuple[str, str]]]:
        """For each of `ids`, its entity neighbours (as the links table gives them:
        neither negated edges nor provenance) with their categories, sorted by id."""
        out: dict[str, list[tuple[str, str]]] = {i: [] for i in ids}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for a, b, category in self.store.rows(
                    "SELECT links.a, links.b, nodes.category FROM links "
                    "JOIN nodes ON nodes.id = links.b "
                    f"WHERE links.a IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY links.a, links.b", chunk):
                out[a].append((b, category))
        return out

    def close(self) -> None:
        self.store.close()
