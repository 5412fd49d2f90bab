"""Cypher statements kept in .cypher files, read once and cached: the loading and admin
statements in kg/neo4j/cypher/, and the page statements of the listings beside their
canned queries in queries/ (a dotted name, NAME.PART: kg/queries.py, PAGED)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).with_name("cypher")


def statement_path(name: str) -> Path:
    """The file of statement `name`: queries/NAME.PART.cypher for a page statement,
    kg/neo4j/cypher/NAME.cypher for the others."""
    if "." in name:
        from kg.queries import page_path

        query, part = name.split(".", 1)
        return page_path(query, part, "cypher")
    return CYPHER_DIR / f"{name}.cypher"


@cache
def statements(name: str) -> tuple[str, ...]:
    """The statements of a .cypher file (statement_path), comments dropped, split on ';'."""
    text = statement_path(name).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return tuple(s.strip() for s in body.split(";") if s.strip())


def statement(name: str) -> str:
    (only,) = statements(name)
    return only
