"""HGNC's names table in Neo4j, as the embedded store keeps it (kg/store/db.py: `hgnc` and
`hgnc_names`): every approved human gene's symbol, aliases, previous symbols and name, so
that `show` resolves a gene alias, or lists the genes an ambiguous one names, alike on both
backends. Loaded with the graph (`alskg neo4j load`) as `HgncGene` and `HgncName` nodes:
not `Entity`, so no statistic, export, query or path sees them. A load removes the old
table first; a graph loaded without one answers as before, with no gene names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kg.neo4j.statements import statement, statements

BATCH = 10_000


def forget(driver: Any, database: str | None) -> None:
    """Remove the names table (bounded transactions: they run outside an explicit one)."""
    with driver.session(database=database) as session:
        for query in statements("hgnc_forget"):
            session.run(query).consume()


def load(driver: Any, database: str | None, genes: Sequence[tuple[str, str, str, str]],
         names: Sequence[tuple[str, int, str]]) -> dict[str, int]:
    """Replace the names table with `genes` (hgnc, gene, symbol, full name) and `names`
    (lower-cased name, index in loaders.hgnc.KINDS, hgnc), in batches."""
    forget(driver, database)
    for name, rows in (("hgnc_genes", genes), ("hgnc_names", names)):
        for i in range(0, len(rows), BATCH):
            driver.execute_query(statement(name), database_=database,
                                 rows=[list(r) for r in rows[i:i + BATCH]])
    return {"hgnc_genes": len(genes), "hgnc_names": len(names)}
