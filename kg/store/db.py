"""The embedded store: one SQLite file, indexed, that a command opens and reads only as much
of as it needs.

Tables (the sqlite3 shell, Datasette or pandas open the file as it is):
- ``meta``: key -> JSON value (schema version, build time, a build id unique to each
  build, source releases, category lineage, counts).
- ``nodes`` and ``edges``: one row per record: the columns queries filter on, and the rest
  of the record as a JSON array in ``record`` (nodes: synonyms, xrefs, properties,
  sources; edges: findings, citations, properties).
- ``findings`` and ``citations``: each finding's statement parts, evidence, population,
  model system and study as columns, and one row per (finding, citation), so that SQL
  tools and listings filter findings without reading their records.
- ``lineage``: (category, ancestor) for every category and each of its ancestors, itself
  included, so that SQL asks "is this node a Gene?" as Cypher asks with a label; the
  canned queries' SQL twins (queries/*.sql) join it.
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
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.model import (
    FINDING_FIELDS,
    DamagedRecord,
    edge_dict,
    encode_edge,
    encode_node,
    graph_stats,
    node_dict,
)
from kg.problems import InputError

if TYPE_CHECKING:  # reading a store needs none of these, and they cost a command 50 ms
    from kg.build import GraphData
    from kg.model import Edge, Node
    from kg.ontology.model import Ontology
    from loaders.hgnc import HgncSource

SCHEMA_VERSION = 6
APPLICATION_ID = 0x616C736B  # "alsk", in the SQLite header: marks the file as ours
PROVENANCE = ("Finding", "Publication")
_SQLITE_MAGIC = b"SQLite format 3\x00"
_CHUNK = 50_000
_IN_CHUNK = 500

# Every human gene's names (HGNC); also the schema of the per-release cache that
# loaders/hgnc.py keeps, so a build copies the tables with one INSERT ... SELECT each.
HGNC_SCHEMA = """
CREATE TABLE hgnc (hgnc TEXT PRIMARY KEY, gene TEXT NOT NULL, symbol TEXT NOT NULL,
                   full_name TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE hgnc_names (key TEXT NOT NULL, kind INTEGER NOT NULL, hgnc TEXT NOT NULL,
                         PRIMARY KEY (key, hgnc, kind)) WITHOUT ROWID;
"""
# The findings table: a finding's id, then the fields FINDING_FIELDS marks `column`, text
# first and flags (0 or 1) last.
FINDING_TEXT_COLUMNS = tuple(f.name for f in FINDING_FIELDS if f.column and f.kind != "flag")
FINDING_FLAG_COLUMNS = tuple(f.name for f in FINDING_FIELDS if f.column and f.kind == "flag")
FINDINGS_TABLE = "CREATE TABLE findings (\n    id TEXT PRIMARY KEY,\n{}\n) WITHOUT ROWID;".format(
    ",\n".join([f"    {c} TEXT" for c in FINDING_TEXT_COLUMNS]
                + [f"    {c} INTEGER NOT NULL" for c in FINDING_FLAG_COLUMNS]))
_FINDINGS_INSERT = "INSERT INTO findings VALUES ({})".format(
    ", ".join("?" * (1 + len(FINDING_TEXT_COLUMNS) + len(FINDING_FLAG_COLUMNS))))
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes (
    id TEXT PRIMARY KEY,
    category TEXT NOT NULL,
    name TEXT NOT NULL,
    record TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE edges (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    subject TEXT NOT NULL,
    predicate TEXT NOT NULL,
    object TEXT NOT NULL,
    source TEXT NOT NULL,
    negated INTEGER NOT NULL,
    record TEXT NOT NULL
);
{FINDINGS_TABLE}
CREATE TABLE citations (finding TEXT NOT NULL, citation TEXT NOT NULL);
CREATE TABLE lineage (category TEXT NOT NULL, ancestor TEXT NOT NULL,
                      PRIMARY KEY (ancestor, category)) WITHOUT ROWID;
CREATE TABLE names (label TEXT NOT NULL, node TEXT NOT NULL, synonym INTEGER NOT NULL);
{HGNC_SCHEMA}
CREATE TABLE links (a TEXT NOT NULL, b TEXT NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE VIRTUAL TABLE search USING fts5(text, node UNINDEXED, field UNINDEXED,
                                       prefix='2 3');
CREATE VIRTUAL TABLE name_grams USING fts5(label, tokenize='trigram');
""".replace("{HGNC_SCHEMA}", HGNC_SCHEMA).replace("{FINDINGS_TABLE}", FINDINGS_TABLE)
# Indexes are made after the rows are in: one sort per index instead of a B-tree insert a row.
INDEXES = """
CREATE INDEX nodes_category ON nodes (category);
CREATE INDEX edges_subject ON edges (subject, predicate);
CREATE INDEX edges_object ON edges (object, predicate);
CREATE INDEX edges_predicate ON edges (predicate);
CREATE INDEX citations_citation ON citations (citation);
CREATE INDEX citations_finding ON citations (finding);
CREATE INDEX names_label ON names (label, synonym);
CREATE INDEX names_length ON names (length(label));
"""


# -- writing ---------------------------------------------------------------------------


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """One build of a store at a time; a second says so and waits for the first to end."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # not open(..., "w"): that would follow a symbolic link planted at the lock's name
        # and empty the file it names
        fd = os.open(path.parent / f".{path.name}.lock",
                     os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        lock = os.fdopen(fd, "w")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the store there: {exc.strerror}") from None
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.stderr.write(f"alskg: another build of {path} is running; waiting for it "
                             "to finish\n")
            sys.stderr.flush()
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def check_target(path: Path) -> None:
    """Refuse a target that a build must not replace: a folder, or an existing file that is
    not an alskg store (`--store /etc/passwd` would otherwise be overwritten)."""
    if str(path).endswith(os.sep) or path.is_dir():
        raise InputError(f"{path}: is a folder; --store names the store file "
                         f"(for example {Path(path) / 'graph.db'})")
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise InputError(f"{path}: not a regular file; refusing to replace it")
        with path.open("rb") as fh:
            header = fh.read(100)
        if path.stat().st_size and not (
                header.startswith(_SQLITE_MAGIC) and len(header) == 100
                and struct.unpack(">I", header[68:72])[0] == APPLICATION_ID):
            raise InputError(f"{path}: exists and is not an alskg store; refusing to "
                             "replace it (remove it, or choose another --store)")


def write(data: GraphData, ontology: Ontology, path: Path,
          built_at: str | None = None,
          hgnc: HgncSource | None = None) -> dict[str, Any]:
    """Write the store for `data` to `path`, atomically; returns its stats. `hgnc` (every
    human gene's symbol, aliases, previous symbols and name) fills the tables that resolve
    genes the graph does not hold."""
    check_target(Path(path))
    path = Path(path)
    with build_lock(path):
        # under the lock no other build is writing: any temporary file left is a dead one's
        for stale in path.parent.glob(f".{path.name}-*.tmp"):
            stale.unlink(missing_ok=True)
        try:
            fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-",
                                            suffix=".tmp")
        except OSError as exc:
            raise InputError(f"{path}: cannot write the store there: {exc.strerror}") from None
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            counts = _fill(tmp, data, ontology, built_at, hgnc)
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
            fsync_dir(path.parent)
        except (OSError, sqlite3.Error) as exc:
            # a full disk, a file-size limit, a quota: the old store stays as it was
            tmp.unlink(missing_ok=True)
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else \
                f"{exc}: is the disk full?"
            raise InputError(f"{path}: cannot write the store ({why}); nothing was "
                             "changed") from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return counts


def fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fill(tmp: Path, data: GraphData, ontology: Ontology,
          built_at: str | None, hgnc: HgncSource | None = None) -> dict[str, Any]:
    db = sqlite3.connect(tmp, isolation_level=None)
    counts = _Counts()
    try:
        # a private temporary file: no journal needed, it is fsynced once before the rename
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        names_db = hgnc.names_db(HGNC_SCHEMA) if hgnc is not None else None
        if names_db is not None:
            db.execute("ATTACH DATABASE ? AS hgnc_cache", (str(names_db),))
        db.execute("BEGIN")
        for statement in _statements(SCHEMA):
            db.execute(statement)
        nodes = [data.nodes[k] for k in sorted(data.nodes)]
        edges = [data.edges[k] for k in sorted(data.edges)]
        _insert(db, "INSERT INTO nodes VALUES (?, ?, ?, ?)", counts.node_rows(nodes))
        _insert(db, "INSERT INTO names VALUES (?, ?, ?)", _name_rows(nodes))
        if names_db is not None:
            db.execute("INSERT INTO hgnc SELECT * FROM hgnc_cache.hgnc")
            db.execute("INSERT INTO hgnc_names SELECT * FROM hgnc_cache.hgnc_names")
        elif hgnc is not None:
            # sorted: each B-tree then grows at its end only
            _insert(db, "INSERT INTO hgnc VALUES (?, ?, ?, ?)", sorted(hgnc.gene_rows()))
            _insert(db, "INSERT INTO hgnc_names VALUES (?, ?, ?)", sorted(hgnc.names()))
        findings = [n for n in nodes if n.category == "Finding"]
        _insert(db, _FINDINGS_INSERT, _finding_rows(findings))
        _insert(db, "INSERT INTO citations VALUES (?, ?)",
                ((f.id, str(c)) for f in findings for c in f.properties.get("citations") or []))
        del findings
        # edges go in in id order, so rowid order is id order and no index on id is needed
        _insert(db, "INSERT INTO edges (id, subject, predicate, object, source, negated, record) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)", counts.edge_rows(edges))
        category = {n.id: n.category for n in nodes}
        # sorted and unique first: the links B-tree then grows at its end only
        _insert(db, "INSERT INTO links VALUES (?, ?)", sorted(set(_link_rows(edges, category))))
        del category
        _insert(db, "INSERT INTO search (text, node, field) VALUES (?, ?, ?)",
                _search_rows(nodes))
        # suggestions name entities and publications; a finding is found by its statement
        db.execute("INSERT INTO name_grams (rowid, label) "
                   "SELECT names.rowid, label FROM names JOIN nodes ON nodes.id = names.node "
                   "WHERE length(label) >= 3 AND nodes.category <> 'Finding'")
        for statement in _statements(INDEXES):
            db.execute(statement)
        stats = counts.result()
        labels = {c: ontology.lineage(c) for c in ontology.categories}
        _insert(db, "INSERT INTO lineage VALUES (?, ?)",
                sorted({(c, up) for c, ups in labels.items() for up in [c, *ups]}))
        meta = {
            "schema_version": SCHEMA_VERSION,
            "built_at": built_at or datetime.now(UTC).isoformat(timespec="seconds"),
            # what the SPARQL store kept beside this one is keyed by (kg/rdf/sparql_load.py):
            # unlike built_at, never given by the caller and never shared by two builds
            "build_id": uuid.uuid4().hex,
            "sources": dict(data.sources),
            "labels": labels,
            "stats": stats,
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [(k, json.dumps(v)) for k, v in meta.items()])
        db.execute("COMMIT")
        db.execute("PRAGMA optimize")
    finally:
        db.close()
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    return stats


class _Counts:
    """The store's stats (kg.model.graph_stats), counted while the rows are made."""

    def __init__(self) -> None:
        self.categories: Counter[str] = Counter()
        self.node_sources: Counter[str] = Counter()
        self.predicates: Counter[str] = Counter()
        self.edge_sources: Counter[str] = Counter()
        self.shared = self.again = 0  # nodes under several sources, counts beyond one

    def node_rows(self, nodes: list[Node]) -> Iterator[tuple[str, str, str, str]]:
        for n in nodes:
            self.categories[n.category] += 1
            self.node_sources.update(n.sources)
            if len(n.sources) > 1:
                self.shared += 1
                self.again += len(n.sources) - 1
            yield n.id, n.category, n.name, encode_node(n)

    def edge_rows(self, edges: list[Edge]) -> Iterator[tuple[str, str, str, str, str, int, str]]:
        for e in edges:
            self.predicates[e.predicate] += 1
            self.edge_sources[e.source] += 1
            props = e.properties
            yield (e.id, e.subject, e.predicate, e.object, e.source,
                   1 if props.get("negated") else 0, encode_edge(e.findings, e.citations, props))

    def result(self) -> dict[str, Any]:
        return graph_stats(self.categories, self.predicates, self.node_sources,
                           self.edge_sources, (self.shared, self.again))


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


def _name_rows(nodes: list[Node]) -> Iterator[tuple[str, str, int]]:
    for n in nodes:
        yield n.name.lower(), n.id, 0
        for s in n.synonyms:
            yield s.lower(), n.id, 1


def _finding_rows(findings: list[Node]) -> Iterator[tuple[Any, ...]]:
    texts, flags = FINDING_TEXT_COLUMNS, FINDING_FLAG_COLUMNS
    for f in findings:
        p = f.properties
        yield (f.id, *map(p.get, texts), *[1 if p.get(k) else 0 for k in flags])


def _link_rows(edges: list[Edge], category: dict[str, str]) -> Iterator[tuple[str, str]]:
    for e in edges:
        s, o = e.subject, e.object
        if s == o or e.properties.get("negated"):
            continue
        if category.get(s) in PROVENANCE or category.get(o) in PROVENANCE:
            continue
        yield s, o
        yield o, s


def _search_rows(nodes: list[Node]) -> Iterator[tuple[str, str, str]]:
    for n in nodes:
        if n.category == "Finding":
            statement = n.properties.get("statement")
            if statement:
                yield str(statement), n.id, "statement"
            continue
        yield n.name, n.id, "name"
        for s in n.synonyms:
            yield s, n.id, "synonym"


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


_TABLES = {"meta", "nodes", "edges", "findings", "citations", "lineage", "names", "links",
           "search", "name_grams"}
_META: dict[str, type | tuple[type, ...]] = {
    "schema_version": int, "built_at": (str, type(None)), "sources": dict, "labels": dict,
    "stats": dict}


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
            tables = {r[0] for r in self.db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            missing = sorted(_TABLES - tables)
            if missing:
                raise sqlite3.DatabaseError(f"it has no table {', '.join(missing)}")
            for key, kind in _META.items():
                if not isinstance(self.meta.get(key), kind):
                    raise sqlite3.DatabaseError(f"its meta table lacks a valid '{key}'")
        except (sqlite3.DatabaseError, ValueError, TypeError, RecursionError) as exc:
            raise InputError(f"{self.path}: not a readable alskg store ({exc}); "
                             "run 'alskg build' again") from None
        self.labels: dict[str, list[str]] = self.meta.get("labels", {})

    def close(self) -> None:
        self.db.close()

    def damaged(self, exc: Exception) -> InputError:
        return InputError(f"{self.path}: the store is damaged ({exc}); "
                          "run 'alskg build' again")

    def rows(self, sql: str, params: Iterable[Any] | dict[str, Any] = ()) -> list[Any]:
        """Rows of `sql`; `params` a sequence (`?`) or a mapping (`:name`)."""
        try:
            bound = params if isinstance(params, dict) else tuple(params)
            return self.db.execute(sql, bound).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self.damaged(exc) from None

    def nodes(self, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Node records: ``SELECT ... FROM nodes`` followed by `where` (parameterised)."""
        rows = self.rows(f"SELECT {_NODE_SELECT} FROM nodes {where}", params)
        try:
            return [node_dict(r) for r in rows]
        except DamagedRecord as exc:
            raise self.damaged(exc) from None

    def edges(self, where: str = "", params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        """Edge records: ``SELECT ... FROM edges`` followed by `where` (parameterised)."""
        rows = self.rows(f"SELECT {_EDGE_SELECT} FROM edges {where}", params)
        try:
            return [edge_dict(r) for r in rows]
        except DamagedRecord as exc:
            raise self.damaged(exc) from None

    def nodes_by_id(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        read = self.nodes
        wanted = sorted(set(ids))
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(wanted), _IN_CHUNK):
            chunk = wanted[i:i + _IN_CHUNK]
            for rec in read(f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
                out[rec["id"]] = rec
        return out

    def iter_records(self, table: str) -> Iterator[dict[str, Any]]:
        """Every node or edge in id order, streamed."""
        select, make, order = ((_NODE_SELECT, node_dict, "id") if table == "nodes"
                               else (_EDGE_SELECT, edge_dict, "rowid"))
        try:
            cursor = self.db.execute(f"SELECT {select} FROM {table} ORDER BY {order}")
            while True:
                batch = cursor.fetchmany(5_000)
                if not batch:
                    return
                for row in batch:
                    yield make(row)
        except (sqlite3.DatabaseError, DamagedRecord) as exc:
            raise self.damaged(exc) from None

    def categories_under(self, category: str) -> list[str]:
        """Categories that are `category` or below it."""
        return sorted(c for c, lineage in self.labels.items() if category in lineage) \
            or [category]
