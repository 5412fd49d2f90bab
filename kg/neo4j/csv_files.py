"""neo4j-admin import files: for graphs past what Bolt loading suits (tens of millions of
edges), `neo4j-admin database import full` builds the store offline from CSV.

The rows hold what the Bolt loader sends (kg/neo4j/rows.py), so an imported database
answers exactly like a loaded one. Arrays and labels are split on the ASCII unit separator,
which no curated text contains. This module holds the format (cells, typed columns, the
groups and the import command); kg/neo4j/csv_store.py, the one writer of lines, makes them
from stored records, for `export neo4j-csv` and the streaming import alike.

The files come in groups, each a header file and a data file (`nodes-0003.header.csv`,
`nodes-0003.csv`): every chunk of rows types its own property columns, so the chunks can be
written by several processes at once without first reading every row to learn the columns.
The importer reads every group, each with its own header.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

DELIMITER = "\x1f"
NODE_FIXED = ["id", "category", "name", "name_lc", "synonyms", "xrefs", "sources", "_load"]
EDGE_FIXED = ["id", "predicate", "source", "findings", "citations", "_load"]
NODE_HEADER = ["id:ID", ":LABEL", "category", "name", "name_lc", "synonyms:string[]",
               "xrefs:string[]", "sources:string[]", "_load", "_json"]
EDGE_HEADER = [":START_ID", ":END_ID", ":TYPE", "id", "predicate", "source",
               "findings:string[]", "citations:string[]", "_load", "_json"]
NODE_KNOWN = frozenset(NODE_FIXED) | {"_json"}
EDGE_KNOWN = frozenset(EDGE_FIXED) | {"_json"}
CHUNK_ROWS = 100_000  # rows per group: a worker holds one chunk's rows at a time
# Beside a group none of whose values holds a line break, an empty file with this suffix.
# Only when every group has one is the importer told that no field spans lines: told
# otherwise, it cannot cut a file at any line break and reads it all in one thread. Files
# without the marks (hand-made, or from an older export) get the safe setting.
ONE_LINE = ".one-line"
WORKERS = 2
T = TypeVar("T")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list):
        return "double[]" if value and not isinstance(value[0], str) else "string[]"
    return "string"


def cell(value: Any) -> str:
    """One CSV field. A missing value is an unquoted empty field, which neo4j-admin reads as
    no property; every text is quoted, so that an empty string stays an empty string. (The
    csv module's QUOTE_NONNUMERIC writes None as a quoted "", which the importer stored as
    an empty string on every node.)"""
    if value is None:
        return ""
    if isinstance(value, bool):
        return '"true"' if value else '"false"'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        value = DELIMITER.join(str(v) for v in value)
    return '"' + str(value).replace('"', '""') + '"'


def text_cell(value: Any) -> str:
    """A fixed text column: the common case without cell's type tests."""
    if value is None:
        return ""
    if value.__class__ is str:
        return '"' + value.replace('"', '""') + '"'
    return cell(value)


def array_cell(value: Any) -> str:
    """A fixed string[] column."""
    if value is None:
        return ""
    try:
        return '"' + DELIMITER.join(value).replace('"', '""') + '"'
    except TypeError:  # a non-text member
        return cell(list(value))


# Control characters no value holds (the readers refuse them: kg.limits.CONTROL); a value
# holding the separator anyway sends its row through the cell-by-cell writer.
_SEP = "\x1e"
MISSING = "\x00"  # stands for a missing value until the line is made


def quick_line(values: list[str]) -> str | None:
    """The quoted cells of `values` in a few string operations for the whole row; None for
    a row with a quote (or a stray separator), which the cell-by-cell writer takes."""
    joined = _SEP.join(values)
    if '"' in joined or joined.count(_SEP) != len(values) - 1:
        return None
    line = '"' + joined.replace(_SEP, '","') + '"'
    if MISSING in line:
        line = line.replace(f'"{MISSING}"', "")
    return line


def text_of(value: Any) -> str:
    """A typed cell's text, quoted later with the rest of the row (the importer reads a
    quoted number as the number)."""
    if value.__class__ is bool:
        return "true" if value else "false"
    if value.__class__ is list:
        return DELIMITER.join(map(str, value)) if value else ""
    return str(value)


class Plan:
    """How rows of one shape (the same keys with values of the same types) are written:
    which keys are typed columns, and which values need turning into text."""

    def __init__(self, props: dict[str, Any], known: frozenset[str]) -> None:
        self.keys = [k for k in props if k not in known]
        self.kinds = {k: _kind(props[k]) for k in self.keys}
        self.lists = [k for k in self.keys if props[k].__class__ is list]
        self.convert = [i for i, k in enumerate(self.keys) if props[k].__class__ is not str]
        self.get = itemgetter(*self.keys) if len(self.keys) > 1 else None
        self.fast = False  # set once the chunk's columns are known

    def values(self, props: dict[str, Any]) -> list[str]:
        if self.get is not None:
            vals = list(self.get(props))
        else:
            vals = [props[self.keys[0]]] if self.keys else []
        for i in self.convert:
            vals[i] = text_of(vals[i])
        return vals


def mark_one_line(stem: Path, one_line: bool) -> None:
    """Mark the group `stem` as holding no line break in any value (see ONE_LINE)."""
    mark = stem.with_name(stem.name + ONE_LINE)
    if one_line:
        mark.touch()
    else:
        mark.unlink(missing_ok=True)


def _groups(directory: Path, kind: str) -> list[str]:
    """The files of each group of `kind`, as importer option values."""
    headers = sorted(directory.glob(f"{kind}-*.header.csv"))
    if not headers and (directory / f"{kind}.csv").is_file():
        return [str(directory / f"{kind}.csv")]  # one file with its header row
    return [f"{h},{h.with_name(h.name[:-len('.header.csv')] + '.csv')}" for h in headers]


def import_arguments(directory: Path, database: str = "neo4j") -> list[str]:
    """The arguments of `neo4j-admin` (or of Neo4j's AdminTool) that import the files in
    `directory`."""
    headers = [*directory.glob("nodes-*.header.csv"),
               *directory.glob("relationships-*.header.csv")]
    one_line = bool(headers) and all(
        h.with_name(h.name[:-len(".header.csv")] + ONE_LINE).exists() for h in headers)
    return ["database", "import", "full", database, "--overwrite-destination",
            "--array-delimiter=U+001F", f"--multiline-fields={'false' if one_line else 'true'}",
            *(f"--nodes={g}" for g in _groups(directory, "nodes")),
            *(f"--relationships={g}" for g in _groups(directory, "relationships"))]


def write_script(directory: Path, database: str = "neo4j") -> str:
    """import.sh, which imports the files beside it into a Neo4j installation; returns the
    command."""
    # the database name before the file options: --relationships takes a list of files, so
    # a name after it was read as one more file ("File 'neo4j' doesn't exist")
    command = ["neo4j-admin", *import_arguments(directory, database)]
    script = directory / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Build a Neo4j database offline from these files; the server must be "
        "stopped.\n# Then create the constraint and indexes with `alskg neo4j load` "
        "(it creates them first and finds every row in place).\n"
        + " ".join(shlex.quote(c) for c in command) + "\n")
    script.chmod(0o755)
    return " ".join(shlex.quote(c) for c in command)


def clear(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    for old in [*directory.glob("nodes*.csv"), *directory.glob("relationships*.csv"),
                *directory.glob(f"*{ONE_LINE}")]:
        old.unlink()  # a group left from an earlier, larger export would be imported too


def chunks(records: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
