"""Bulk load of the built graph into Neo4j: constraints first, then batched UNWIND writes.

Each batch is idempotent (MERGE on ids), so a load that dies part-way is completed by
running it again; a final sweep removes what an earlier load left and this data lacks, so
the result is exactly the state of a clean load. Node batches return each node's element
id, and edges find their ends by it: an index lookup for each end cost as much as writing
the edge.
"""

from __future__ import annotations

import contextlib
import queue
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kg.neo4j.csv_files import chunks
from kg.neo4j.rows import edge_props, node_row
from kg.neo4j.statements import statement, statements
from kg.ontology.model import Ontology
from kg.problems import ConnectionFailure

BATCH_SIZE = 10_000
REL_TYPE_RE = re.compile(r"[A-Z][A-Z0-9_]*")

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class LoadResult:
    nodes: int
    edges: int
    seconds: float

    @property
    def rows_per_s(self) -> float:
        return (self.nodes + self.edges) / self.seconds if self.seconds else 0.0


def edges_statement(rel_type: str, create: bool = False) -> str:
    """The edge-writing statement for one relationship type (see write_edges.cypher)."""
    if not REL_TYPE_RE.fullmatch(rel_type):
        raise ValueError(f"not a relationship type from the ontology: {rel_type!r}")
    return statement("create_edges" if create else "write_edges").replace("REL_TYPE", rel_type)


def _auto_commit(driver: Any, database: str | None, query: str, **params: Any) -> None:
    # CALL ... IN TRANSACTIONS only runs in an auto-commit transaction (session.run).
    with driver.session(database=database) as session:
        session.run(query, params).consume()


def create_schema(driver: Any, database: str | None) -> None:
    """alskg's constraints and indexes (idempotent)."""
    for query in statements("schema"):
        _auto_commit(driver, database, query)


def load(driver: Any, database: str | None, nodes: Iterable[dict[str, Any]],
         edges: Iterable[dict[str, Any]], ontology: Ontology, wipe: bool = False,
         batch_size: int = BATCH_SIZE, progress: Progress | None = None,
         total: int | None = None) -> LoadResult:
    """Load nodes, then edges. `nodes` and `edges` may be lazy (read from the store as they
    go); `total` is their count for progress, when they are not lists."""
    from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

    start = time.perf_counter()
    # After a wipe the graph is empty: plain CREATE skips the lookups MERGE needs, and no
    # stamp is needed to sweep an older load away (a wipe load that dies part-way is redone
    # from the wipe). Otherwise each row carries this load's stamp for the final sweep.
    stamp = None if wipe else uuid.uuid4().hex
    if total is None:
        nodes, edges = list(nodes), list(edges)
        total = len(nodes) + len(edges)
    counts = {"nodes": 0, "edges": 0}
    element: dict[str, str] = {}
    rows = _Rows(nodes, edges, ontology, element, stamp, batch_size)
    try:
        create_schema(driver, database)
        if wipe:
            for query in statements("wipe"):
                _auto_commit(driver, database, query)
        node_query = statement("create_nodes" if wipe else "write_nodes")
        rows.start()
        with driver.session(database=database) as session:
            for rel_type, batch in rows:
                # An explicit transaction, not execute_query: the driver retries those
                # for up to 30 s, so a dead server surfaced only after a minute. A failed
                # load is completed by running it again (every batch is idempotent).
                with session.begin_transaction() as tx:
                    if rel_type is None:
                        element.update(tuple(r) for r in tx.run(node_query, rows=batch))
                    else:
                        tx.run(edges_statement(rel_type, create=wipe), rows=batch).consume()
                    tx.commit()
                counts["nodes" if rel_type is None else "edges"] += len(batch)
                if progress:
                    progress("write_nodes" if rel_type is None else "write_edges",
                             counts["nodes"] + counts["edges"], total)
        if stamp is not None:
            _auto_commit(driver, database, statement("delete_stale_edges"), stamp=stamp)
            _auto_commit(driver, database, statement("delete_stale_nodes"), stamp=stamp)
    except (DriverError, Neo4jError, OSError) as exc:
        if isinstance(exc, ServiceUnavailable | SessionExpired | OSError):
            reason = "lost the connection to the server"
        else:  # driver messages span several lines; the user gets one
            reason = " ".join(str(getattr(exc, "message", None) or exc or
                                  type(exc).__name__).split())
        done = counts["nodes"] + counts["edges"]
        raise ConnectionFailure(
            f"Neo4j load interrupted after {done} of {total} rows ({reason}); "
            "run 'alskg neo4j load' again to complete it") from None
    finally:
        rows.stop()
    return LoadResult(counts["nodes"], counts["edges"], time.perf_counter() - start)


_END = object()


class _Rows:
    """Batches made in a second thread while the server writes the previous one: the
    reading and packing of rows would otherwise leave the server idle between batches.
    Yields (None, node rows) until every node is sent, then (relationship type, edge
    rows); an edge row is [start element id, end element id, properties]."""

    def __init__(self, nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
                 ontology: Ontology, element: dict[str, str], stamp: str | None,
                 batch_size: int) -> None:
        self.nodes, self.edges, self.ontology = nodes, edges, ontology
        self.element, self.stamp, self.size = element, stamp, batch_size
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.nodes_sent = threading.Event()
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._produce, name="alskg-load-rows",
                                       daemon=True)

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.stopped.set()
        self.nodes_sent.set()
        with contextlib.suppress(queue.Empty):
            while True:  # unblock a producer waiting on a full queue
                self.queue.get_nowait()

    def _put(self, item: Any) -> None:
        while not self.stopped.is_set():
            with contextlib.suppress(queue.Full):
                self.queue.put(item, timeout=0.2)
                return
        raise _Stopped

    def _produce(self) -> None:
        try:
            for batch in chunks((node_row(n, self.ontology, self.stamp)
                                   for n in self.nodes), self.size):
                self._put((None, batch))
            self._put(_NODES_DONE)
            self.nodes_sent.wait()
            rel_type = {name: p.rel_type for name, p in self.ontology.predicates.items()}
            typed: dict[str, list[list[Any]]] = {}
            element = self.element
            for e in self.edges:
                kind = rel_type[e["predicate"]]
                rows = typed.setdefault(kind, [])
                rows.append([element[e["subject"]], element[e["object"]],
                             edge_props(e, self.stamp)])
                if len(rows) >= self.size:
                    self._put((kind, rows))
                    typed[kind] = []
            for kind, rows in sorted(typed.items()):
                if rows:
                    self._put((kind, rows))
            self._put(_END)
        except _Stopped:
            pass
        except BaseException as exc:  # handed to the loading thread, which raises it
            with contextlib.suppress(_Stopped):
                self._put(exc)

    def __iter__(self) -> Iterator[tuple[str | None, list[Any]]]:
        while True:
            item = self.queue.get()
            if item is _END:
                return
            if item is _NODES_DONE:
                self.nodes_sent.set()  # every node batch is committed: element ids known
                continue
            if isinstance(item, BaseException):
                raise item
            yield item


_NODES_DONE = object()


class _Stopped(Exception):
    pass
