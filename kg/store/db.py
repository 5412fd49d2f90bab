"""The embedded store: one SQLite file, indexed, that a command opens and reads only as much
of as it needs.

Tables (the sqlite3 shell, Datasette or pandas open the file as it is):
- ``meta``: key -> JSON value (schema version, build time, source releases, category
  lineage, counts).
- ``nodes`` and ``edges``: one row per record: the columns queries filter on, and the rest
  of the record (``Node.to_dict()`` / ``Edge.to_dict()``) as JSON in ``record``.
- ``names``: lower-cased names and synonyms, for exact name lookup.
- ``links``: entity-to-entity adjacency in both directions, without negated edges or
  provenance nodes; path search walks it.
- ``search`` (FTS5): names, synonyms and finding statements, for ``alskg search``;
  ``name_grams`` (FTS5 trigram): names and synonyms, for "did you mean".

A build writes a new file beside the old one and renames it over, so a reader never sees
half a store and a failed or killed build leaves the old store answering. Nothing in the
file is ever executed: records are JSON.
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import struct
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kg.build import GraphData
from kg.build import stats as count_stats
from kg.ontology.model import Ontology
from kg.problems import InputError

SCHEMA_VERSION = 3
APPLICATION_ID = 0x616C736B  # "alsk", in the SQLite header: marks the file as ours
PROVENANCE = ("Finding", "Publication")
_SQLITE_MAGIC = b"SQLite format 3\x00"
# the columns of a record kept as columns; the rest of it is JSON in `record`, and reading
# puts the keys back in Node.to_dict() / Edge.to_dict() order
NODE_COLUMNS = ("id", "category", "name")
EDGE_COLUMNS = ("id", "subject", "predicate", "object", "source")
_CHUNK = 50_000
_IN_CHUNK = 500

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    name TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE edges (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    predicate TEXT NOT NULL,
    object TEXT NOT NULL,
    source TEXT NOT NULL,
    negated INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE TABLE names (label TEXT NOT NULL, node TEXT NOT NULL, synonym INTEGER NOT NULL);
CREATE TABLE links (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE VIRTUAL TABLE search USING fts5(text, node UNINDEXED, field UNINDEXED,
                                       prefix='2 3');
CREATE VIRTUAL TABLE name_grams USING fts5(label, tokenize='trigram');
"""
# Indexes are made after the rows are in: one sort per index instead of a B-tree insert a row.
INDEXES = """
CREATE INDEX nodes_category ON nodes (category);
CREATE INDEX edges_subject ON edges (subject, predicate);
CREATE INDEX edges_object ON edges (object, predicate);
CREATE INDEX edges_predicate ON edges (predicate);
CREATE INDEX names_label ON names (label, synonym);
CREATE INDEX names_length ON names (length(label));
"""


# -- writing ---------------------------------------------------------------------------


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """One build of a store at a time; a second waits for the first to finish."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def write(data: GraphData, ontology: Ontology, path: Path,
          built_at: str | None = None) -> dict[str, Any]:
    """Write the store for `data` to `path`, atomically; returns its stats."""
    nodes = [data.nodes[k].to_dict() for k in sorted(data.nodes)]
    edges = [data.edges[k].to_dict() for k in sorted(data.edges)]
    return write_records(nodes, edges, ontology, dict(data.sources), path, built_at)


def write_records(nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
                  ontology: Ontology, sources: dict[str, str], path: Path,
                  built_at: str | None = None) -> dict[str, Any]:
    path = Path(path)
    with build_lock(path):
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-",
                                        suffix=".tmp")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            counts = _fill(tmp, nodes, edges, ontology, sources, built_at)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
            _fsync_dir(path.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return counts


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fill(tmp: Path, nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
          ontology: Ontology, sources: dict[str, str], built_at: str | None) -> dict[str, Any]:
    db = sqlite3.connect(tmp, isolation_level=None)
    try:
        # a private temporary file: no journal needed, it is fsynced once before the rename
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("BEGIN")
        for statement in _statements(SCHEMA):
            db.execute(statement)
        category = {n["id"]: n["category"] for n in nodes}
        _insert(db, "INSERT INTO nodes (id, category, name, record) VALUES (?, ?, ?, ?)",
                ((n["id"], n["category"], n["name"], _rest(n, NODE_COLUMNS)) for n in nodes))
        _insert(db, "INSERT INTO names VALUES (?, ?, ?)", _name_rows(nodes))
        _insert(db, "INSERT INTO edges (id, subject, predicate, object, source, negated, record) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                ((e["id"], e["subject"], e["predicate"], e["object"], e["source"],
                  1 if e["properties"].get("negated") else 0, _rest(e, EDGE_COLUMNS))
                 for e in edges))
        _insert(db, "INSERT OR IGNORE INTO links VALUES (?, ?)", _link_rows(edges, category))
        _insert(db, "INSERT INTO search (text, node, field) VALUES (?, ?, ?)",
                _search_rows(nodes))
        db.execute("INSERT INTO name_grams (rowid, label) "
                   "SELECT rowid, label FROM names WHERE length(label) >= 3")
        for statement in _statements(INDEXES):
            db.execute(statement)
        counts = count_stats(nodes, edges)
        meta = {
            "schema_version": SCHEMA_VERSION,
            "built_at": built_at or datetime.now(UTC).isoformat(timespec="seconds"),
            "sources": sources,
            "labels": {c: ontology.lineage(c) for c in ontology.categories},
            "stats": counts,
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [(k, json.dumps(v)) for k, v in meta.items()])
        db.execute("COMMIT")
        db.execute("PRAGMA optimize")
    finally:
        db.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    return counts


def _rest(record: dict[str, Any], columns: tuple[str, ...]) -> str:
    return json.dumps({k: v for k, v in record.items() if k not in columns},
                      separators=(",", ":"), ensure_ascii=False)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _insert(db: sqlite3.Connection, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _CHUNK:
            db.executemany(sql, batch)
            batch.clear()
    if batch:
        db.executemany(sql, batch)


def _name_rows(nodes: list[dict[str, Any]]) -> Iterator[tuple[str, str, int]]:
    for n in nodes:
        yield n["name"].lower(), n["id"], 0
        for s in n["synonyms"]:
            yield s.lower(), n["id"], 1


def _link_rows(edges: list[dict[str, Any]],
               category: dict[str, str]) -> Iterator[tuple[str, str]]:
    for e in edges:
        s, o = e["subject"], e["object"]
        if e["properties"].get("negated") or s == o:
            continue
        if category.get(s) in PROVENANCE or category.get(o) in PROVENANCE:
            continue
        yield s, o
        yield o, s


def _search_rows(nodes: list[dict[str, Any]]) -> Iterator[tuple[str, str, str]]:
    for n in nodes:
        if n["category"] == "Finding":
            statement = n["properties"].get("statement")
            if statement:
                yield str(statement), n["id"], "statement"
            continue
        yield n["name"], n["id"], "name"
        for s in n["synonyms"]:
            yield s, n["id"], "synonym"


# -- reading ---------------------------------------------------------------------------


def _check_file(path: Path) -> None:
    """Refuse anything that is not a whole alskg store, before SQLite reads it."""
    if not path.exists():
        raise InputError(f"{path}: no graph built yet; run 'alskg build' first")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file, so not an alskg store")
    size = path.stat().st_size
    with path.open("rb") as fh:
        header = fh.read(100)
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise InputError(f"{path}: not an alskg store (not an SQLite database); "
                         "run 'alskg build' again")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    pages = struct.unpack(">I", header[28:32])[0]
    app_id = struct.unpack(">I", header[68:72])[0]
    if app_id != APPLICATION_ID:
        raise InputError(f"{path}: an SQLite database, but not an alskg store")
    if size < page_size * pages:
        raise InputError(f"{path}: the store is truncated ({size} of {page_size * pages} "
                         "bytes); run 'alskg build' again")


_NODE_SELECT = "id, category, name, record"
_EDGE_SELECT = "id, subject, predicate, object, source, record"


def _node(row: tuple[Any, ...]) -> dict[str, Any]:
    rest = json.loads(row[3])
    return {"id": row[0], "category": row[1], "name": row[2], "synonyms": rest["synonyms"],
            "xrefs": rest["xrefs"], "properties": rest["properties"],
            "sources": rest["sources"]}


def _edge(row: tuple[Any, ...]) -> dict[str, Any]:
    rest = json.loads(row[5])
    return {"id": row[0], "subject": row[1], "predicate": row[2], "object": row[3],
            "source": row[4], "findings": rest["findings"], "citations": rest["citations"],
            "properties": rest["properties"]}


class Store:
    """A read-only view of one store file."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        _check_file(self.path)
        # immutable: the file is never changed in place (builds rename a new one over it),
        # so SQLite can skip locking; a reader keeps its inode through a rebuild.
        uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
        try:
            self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self.db.execute("PRAGMA query_only = 1")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                raise InputError(f"{self.path}: store from another alskg version (schema "
                                 f"{version}, this alskg reads {SCHEMA_VERSION}); "
                                 "run 'alskg build' again")
            self.meta = {k: json.loads(v) for k, v in self.db.execute("SELECT key, value "
                                                                      "FROM meta")}
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: not a readable alskg store ({exc}); "
                             "run 'alskg build' again") from None
        self.labels: dict[str, list[str]] = self.meta.get("labels", {})

    def close(self) -> None:
        self.db.close()

    def rows(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, tuple(params)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: the store is damaged ({exc}); "
                             "run 'alskg build' again") from None

    def nodes(self, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Node records: ``SELECT ... FROM nodes`` followed by `where` (parameterised)."""
        return [_node(r) for r in self.rows(f"SELECT {_NODE_SELECT} FROM nodes {where}",
                                              params)]

    def edges(self, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Edge records: ``SELECT ... FROM edges`` followed by `where` (parameterised)."""
        return [_edge(r) for r in self.rows(f"SELECT {_EDGE_SELECT} FROM edges {where}",
                                              params)]

    def by_ids(self, table: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        read = self.nodes if table == "nodes" else self.edges
        wanted = sorted(set(ids))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[i:i + _IN_CHUNK]
            for rec in read(f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                out[rec["id"]] = rec
        return out

    def iter_records(self, table: str) -> Iterator[dict[str, Any]]:
        """Every node or edge in id order, streamed."""
        select, make = (_NODE_SELECT, _node) if table == "nodes" else (_EDGE_SELECT, _edge)
        try:
            cursor = self.db.execute(f"SELECT {select} FROM {table} ORDER BY id")
            while True:
                batch = cursor.fetchmany(5_000)
                if not batch:
                    return
                for row in batch:
                    yield make(row)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: the store is damaged ({exc}); "
                             "run 'alskg build' again") from None

    def categories_under(self, category: str) -> list[str]:
        """Categories that are `category` or below it."""
        return sorted(c for c, lineage in self.labels.items() if category in lineage) \
            or [category]
