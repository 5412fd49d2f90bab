"""Reading the public release files (OBO, TSV, optionally gzipped) line by line, with the
file and line of every problem, and their `#!` / `remark:` headers naming the release."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kg import limits
from kg.problems import FileError, InputError
from kg.yaml.read import display_path


class ReleaseError(InputError):
    """A release file that cannot be read: one line naming file and line."""


def open_binary(path: Path) -> BinaryIO:
    """A release file's bytes; `.gz` files are decompressed while read."""
    if not path.is_file():
        raise ReleaseError(f"{display_path(path)}:0: error: no such release file")
    if path.suffix == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, line without its newline), each held to kg.limits.RELEASE_LINE_CHARS
    and decoded on its own, so undecodable bytes and over-long lines stop the read with
    the right file and line."""
    name = display_path(path)
    try:
        with open_binary(path) as fh:
            yield from limits.read_lines(fh, name, limits.RELEASE_LINE_CHARS)
    except FileError as exc:
        raise ReleaseError(f"{exc.file}:{exc.line}: error: {exc.message}") from None


def header(path: Path) -> list[str]:
    """The `#!` lines of a TSV release or the `remark:`/`data-version:` lines of an OBO one."""
    out = []
    for _, line in lines(path):
        if line.startswith("#!"):
            out.append(line[2:].strip())
        elif line.startswith(("remark:", "data-version:")):
            out.append(line.split(":", 1)[1].strip())
        elif line.startswith("[") or (line and not line.startswith(("#", "format-version",
                                                                    "ontology:", "date:"))):
            break
    return out


@dataclass(slots=True)
class Stanza:
    id: str = ""
    line: int = 0
    name: str = ""
    namespace: str = ""
    definition: str = ""
    obsolete: bool = False
    synonyms: list[str] = field(default_factory=list)
    xrefs: list[str] = field(default_factory=list)
    is_a: list[str] = field(default_factory=list)
    relationships: list[tuple[str, str]] = field(default_factory=list)


def _quoted(value: str) -> str:
    """The first double-quoted string of an OBO value, with OBO escapes undone."""
    out = []
    i = value.find('"') + 1
    while 0 < i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            out.append(value[i + 1])
            i += 2
            continue
        if ch == '"':
            break
        out.append(ch)
        i += 1
    return "".join(out)


def obo_terms(path: Path) -> Iterator[Stanza]:
    """The [Term] stanzas of an OBO file, one at a time."""
    cur: Stanza | None = None
    for lineno, line in lines(path):
        if line.startswith("["):
            if cur is not None and cur.id:
                yield cur
            cur = Stanza(line=lineno) if line.startswith("[Term]") else None
            continue
        if cur is None or not line or line.startswith("!"):
            continue
        tag, sep, value = line.partition(": ")
        if not sep:
            continue
        value = value.split(" ! ", 1)[0].strip()
        if tag == "id":
            cur.id = value
        elif tag == "name":
            cur.name = value
        elif tag == "namespace":
            cur.namespace = value
        elif tag == "def":
            cur.definition = _quoted(value)
        elif tag == "synonym" and " EXACT" in value:
            cur.synonyms.append(_quoted(value))
        elif tag == "xref":
            cur.xrefs.append(value.split(" ", 1)[0])
        elif tag == "is_a":
            cur.is_a.append(value.split(" ", 1)[0])
        elif tag == "relationship":
            rel, _, target = value.partition(" ")
            cur.relationships.append((rel, target.split(" ", 1)[0]))
        elif tag == "is_obsolete":
            cur.obsolete = value == "true"
    if cur is not None and cur.id:
        yield cur


def tsv_rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a TSV release as {column: value}; `#!` lines are skipped, the first other
    line is the header (a leading '#' is dropped, as gene2go writes '#tax_id')."""
    name = display_path(path)
    columns: list[str] | None = None
    for lineno, line in lines(path):
        if line.startswith("#!") or not line:
            continue
        if columns is None:
            columns = line.lstrip("#").split("\t")
            missing = [c for c in required if c not in columns]
            if missing:
                raise ReleaseError(f"{name}:{lineno}: error: missing columns "
                                   f"{', '.join(missing)}")
            continue
        fields = line.split("\t")
        if len(fields) != len(columns):
            raise ReleaseError(f"{name}:{lineno}: error: {len(fields)} columns, the header "
                               f"has {len(columns)}")
        yield lineno, dict(zip(columns, fields, strict=True))
    if columns is None:
        raise ReleaseError(f"{name}:1: error: no column header line")
