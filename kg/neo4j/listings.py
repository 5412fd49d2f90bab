"""Counts that a whole-graph listing's first page needs, kept in the database at load time.

A page of `pediatric-genes` needs the number of qualifying (gene, disease) pairs of every
gene, and counting them reads every finding about young patients (about a million
database hits at SF100, a second). Every load path (`alskg neo4j load`, whole or
incremental, and `alskg neo4j import` from files or from the curated files) computes the
counts once afterwards, with the very statement a page would run, and keeps them on one
`AlskgListing` node per listing: not an `Entity`, so no statistic, export or query sees it.
A load first removes them, so a load that stops part-way leaves none, and without them a
page counts live (kg/neo4j/backend.py) as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kg.neo4j.statements import statement
from kg.problems import ConnectionFailure

# listing (canned query name) -> the statement that counts its keys, with no filter given
# (its page statement queries/NAME.keys.cypher)
COUNTED: dict[str, str] = {"pediatric-genes": "pediatric-genes.keys"}
# the counting statements name an index, which an import has only just asked for
INDEX_WAIT_S = 600


@contextmanager
def _one_line(what: str) -> Iterator[None]:
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        yield
    except (DriverError, Neo4jError, OSError) as exc:
        reason = " ".join(str(getattr(exc, "message", None) or exc or
                              type(exc).__name__).split())
        raise ConnectionFailure(f"Neo4j: {what} failed ({reason}); run the load or import "
                                "again") from None


def forget(driver: Any, database: str | None) -> None:
    """Drop every kept count: the graph is about to change."""
    with _one_line("removing the counts kept for listings"):
        driver.execute_query(statement("listing_forget"), database_=database)


def refresh(driver: Any, database: str | None) -> None:
    """Count each listing's keys on the graph as it now is and keep the counts."""
    import neo4j

    with _one_line("counting the listings' keys"):
        driver.execute_query(statement("await_indexes"), database_=database,
                             seconds=INDEX_WAIT_S)
        for name, keys_statement in COUNTED.items():
            records, _, _ = driver.execute_query(
                statement(keys_statement), database_=database,
                routing_=neo4j.RoutingControl.READ)
            (found,) = records
            driver.execute_query(statement("listing_keep"), database_=database, name=name,
                                 keys=found["keys"], counts=found["counts"])


def kept(driver: Any, database: str | None, name: str) -> tuple[list[str], list[int]] | None:
    """The keys and counts kept for listing `name`, or None when no load kept them."""
    import neo4j

    records, _, _ = driver.execute_query(statement("listing_kept"), database_=database,
                                         routing_=neo4j.RoutingControl.READ, name=name)
    if not records:
        return None
    return records[0]["keys"], records[0]["counts"]
