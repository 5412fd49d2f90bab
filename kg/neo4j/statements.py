"""Cypher statements kept in .cypher files, read once and cached."""

from __future__ import annotations

from functools import cache
from pathlib import Path

CYPHER_DIR = Path(__file__).with_name("cypher")


@cache
def statements(name: str) -> tuple[str, ...]:
    """The statements of kg/neo4j/cypher/NAME.cypher, comments dropped, split on ';'."""
    text = (CYPHER_DIR / f"{name}.cypher").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
    return tuple(s.strip() for s in body.split(";") if s.strip())


def statement(name: str) -> str:
    (only,) = statements(name)
    return only
