"""Render rows as a table, JSON or CSV: the same choice on every tabular command."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import Any


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return "" if value is None else str(value)


# A table is for reading: a cell listing thousands of genes would take rich a minute to
# lay out and nobody to read. JSON and CSV keep every item.
TABLE_LIST_ITEMS = 6
TABLE_CELL_CHARS = 160


def _table_cell(value: Any) -> str:
    if isinstance(value, list) and len(value) > TABLE_LIST_ITEMS:
        shown = "; ".join(_cell(v) for v in value[:TABLE_LIST_ITEMS])
        text = f"{shown}; ... (+{len(value) - TABLE_LIST_ITEMS} more)"
    else:
        text = _cell(value)
    if len(text) > TABLE_CELL_CHARS:
        text = text[:TABLE_CELL_CHARS - 3] + "..."
    return text


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    cols = columns or (list(rows[0]) if rows else [])
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in cols])
    return buf.getvalue()


def to_markdown(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    """A Markdown pipe table, for pasting into notes."""
    cols = columns or (list(rows[0]) if rows else [])

    def cell(value: Any) -> str:
        return _cell(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(cell(row.get(c)) for c in cols) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def print_rows(rows: list[dict[str, Any]], fmt: Format, title: str | None = None,
               columns: list[str] | None = None) -> None:
    if fmt is Format.json:
        print(to_json(rows))
    elif fmt is Format.csv:
        print(to_csv(rows, columns), end="")
    elif fmt is Format.markdown:
        print(to_markdown(rows, columns), end="")
    else:
        from rich.console import Console
        from rich.table import Table

        cols = columns or (list(rows[0]) if rows else [])
        table = Table(title=title, show_lines=False)
        for c in cols:
            table.add_column(c, overflow="fold")
        for row in rows:
            table.add_row(*[_table_cell(row.get(c)) for c in cols])
        Console().print(table)
