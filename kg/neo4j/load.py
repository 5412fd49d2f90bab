"""Bulk load of the built graph into Neo4j: constraints first, then batched UNWIND writes.

Each batch is idempotent (MERGE on ids), so a load that dies part-way is completed by
running it again; a final sweep removes what an earlier load left and this data lacks, so
the result is exactly the state of a clean load.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kg.neo4j.rows import edge_row, node_row
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


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


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


def load(driver: Any, database: str | None, nodes: list[dict[str, Any]],
         edges: list[dict[str, Any]], ontology: Ontology, wipe: bool = False,
         batch_size: int = BATCH_SIZE, progress: Progress | None = None) -> LoadResult:
    from neo4j.exceptions import DriverError, Neo4jError, ServiceUnavailable, SessionExpired

    start = time.perf_counter()
    stamp = uuid.uuid4().hex
    done = 0
    total = len(nodes) + len(edges)
    try:
        create_schema(driver, database)
        if wipe:
            _auto_commit(driver, database, statement("wipe"))
        # After a wipe the graph is empty, so plain CREATE is safe and skips the lookups
        # MERGE needs; a wipe load that dies part-way is redone from the wipe.
        work: list[tuple[str, str, Iterable[dict[str, Any]]]] = [
            ("write_nodes", statement("create_nodes" if wipe else "write_nodes"),
             (node_row(n, ontology, stamp) for n in nodes))]
        by_type: dict[str, list[dict[str, Any]]] = {}
        for e in edges:
            row = edge_row(e, ontology, stamp)
            by_type.setdefault(row["type"], []).append(row)
        for rel_type, typed in sorted(by_type.items()):
            work.append(("write_edges", edges_statement(rel_type, create=wipe), typed))
        with driver.session(database=database) as session:
            for phase, query, rows in work:
                for batch in _batches(rows, batch_size):
                    # An explicit transaction, not execute_query: the driver retries those
                    # for up to 30 s, so a dead server surfaced only after a minute. A failed
                    # load is completed by running it again (every batch is idempotent).
                    with session.begin_transaction() as tx:
                        tx.run(query, rows=batch).consume()
                        tx.commit()
                    done += len(batch)
                    if progress:
                        progress(phase, done, total)
        if not wipe:
            _auto_commit(driver, database, statement("delete_stale_edges"), stamp=stamp)
            _auto_commit(driver, database, statement("delete_stale_nodes"), stamp=stamp)
    except (DriverError, Neo4jError, OSError) as exc:
        if isinstance(exc, ServiceUnavailable | SessionExpired | OSError):
            reason = "lost the connection to the server"
        else:  # driver messages span several lines; the user gets one
            reason = " ".join(str(getattr(exc, "message", None) or exc or
                                  type(exc).__name__).split())
        raise ConnectionFailure(
            f"Neo4j load interrupted after {done} of {total} rows ({reason}); "
            "run 'alskg neo4j load' again to complete it") from None
    return LoadResult(len(nodes), len(edges), time.perf_counter() - start)
