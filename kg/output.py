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
# lay out and nobody to read. Long text wraps whole up to TABLE_CELL_CHARS; past either
# bound the cell ends with a marker saying what was left out and where to read it all.
# JSON and CSV keep every item.
TABLE_LIST_ITEMS = 6
TABLE_CELL_CHARS = 2000
SEE_ALL = "--format json shows all"


def _words(value: Any) -> Any:
    """An evidence code as a reader's words with the code, as `show` prints it."""
    from kg.ranking import EVIDENCE_LABELS

    if isinstance(value, str) and value in EVIDENCE_LABELS:
        return f"{EVIDENCE_LABELS[value]} ({value})"
    return value


def _table_cell(value: Any) -> str:
    if isinstance(value, bool):  # a reader's word, not Python's (JSON and CSV keep true/false)
        return "yes" if value else "no"
    if isinstance(value, list) and len(value) > TABLE_LIST_ITEMS:
        shown = "; ".join(_cell(_words(v)) for v in value[:TABLE_LIST_ITEMS])
        text = f"{shown}; ... (+{len(value) - TABLE_LIST_ITEMS} more; {SEE_ALL})"
    elif isinstance(value, list):
        text = _cell([_words(v) for v in value])
    else:
        text = _cell(_words(value))
    if len(text) > TABLE_CELL_CHARS:
        text = (text[:TABLE_CELL_CHARS].rsplit(" ", 1)[0]
                + f" ... (cut at {TABLE_CELL_CHARS:,} of {len(text):,} characters; {SEE_ALL})")
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
        print(to_table(rows, columns or (list(rows[0]) if rows else []), title), end="")


def _widths(cells: list[list[str]], cols: list[str], least: list[int],
            width: int) -> list[int]:
    """Column widths: each at least its longest word (rich's own layout may go below that),
    the room left shared out by how much more each column's longest cell wants."""
    want = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(cols)]
    room = width - 3 * len(cols) - 1 - sum(least)
    extra = [w - m for w, m in zip(want, least, strict=True)]
    if sum(extra) <= room:
        return want
    shares = [room * e // sum(extra) for e in extra]
    return [m + s for m, s in zip(least, shares, strict=True)]


def to_table(rows: list[dict[str, Any]], cols: list[str], title: str | None = None,
             width: int | None = None) -> str:
    """A table at the terminal's width that never breaks a word or an identifier: when the
    columns cannot all hold their longest word side by side, each row is printed as a record
    of `column: value` lines instead (as psql's expanded display does)."""
    import shutil
    import textwrap

    width = width or shutil.get_terminal_size((80, 24)).columns
    if not rows:
        return f"{title + ': ' if title else ''}no rows\n"
    cells = [[_table_cell(row.get(c)) for c in cols] for row in rows]
    longest = [max([len(c), *(len(w) for r in cells for w in r[i].split())])
               for i, c in enumerate(cols)]
    if sum(longest) + 3 * len(cols) + 1 <= width:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for c, fixed in zip(cols, _widths(cells, cols, longest, width), strict=True):
            table.add_column(c, overflow="fold", width=fixed)
        for r in cells:
            table.add_row(*r)
        console = Console(file=io.StringIO(), width=width, color_system=None)
        console.print(table)
        return console.file.getvalue()  # type: ignore[attr-defined]
    label = max(len(c) for c in cols)
    out = [title] if title else []
    for n, r in enumerate(cells, 1):
        out.append(f"-- row {n} " + "-" * max(0, min(width, 60) - len(f"-- row {n} ")))
        for c, text in zip(cols, r, strict=True):
            lines = textwrap.wrap(text, max(20, width - label - 2), break_long_words=False,
                                  break_on_hyphens=False) or [""]
            out.append(f"{c.rjust(label)}: {lines[0]}".rstrip())
            out.extend(" " * (label + 2) + line for line in lines[1:])
    return "\n".join(out) + "\n"
