"""Validation problems: one line each, counted per kind so users are not flooded."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Level = Literal["error", "warning", "note"]

# Past this many lines of one kind, the rest are only counted.
MAX_LINES_PER_KIND = 20


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    level: Level
    kind: str
    message: str

    def __str__(self) -> str:
        return printable(f"{self.file}:{self.line}: {self.level}: {self.message} "
                         f"[{self.kind}]")

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "level": self.level,
            "kind": self.kind,
            "message": self.message,
        }


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with control characters escaped, so that a value quoted in a message is one
    line and cannot move a terminal's cursor or reorder its text."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: ascii(m.group())[1:-1], text)


class AlskgError(Exception):
    """An error a user can act on: reported as one line, exit code 1, no traceback."""


class InputError(AlskgError):
    """Bad input (a file, an id, a parameter) that stops a command."""


class UnknownEntity(InputError):
    """No entity has the id or name asked for (a web page answers 404)."""


class FileError(InputError):
    """Bad input at a place in a file: shown as `file:line: message`."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message

    def problem(self, kind: str = "limit") -> Problem:
        return Problem(self.file, self.line, "error", kind, self.message)


class ConnectionFailure(AlskgError):
    """A graph server could not be reached or refused us."""


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.level == "error" for p in problems)


def render_text(items: Sequence[Any],
                summary: Callable[[Sequence[Any], Counter[str]], list[str]] | None = None,
                kind: str = "kind") -> str:
    """Reports as text, for people: each one's line, at most MAX_LINES_PER_KIND of each kind
    (the attribute `kind` names), then the lines `summary` makes of them all and of how many
    of each kind were counted. Problems, with the default summary, are first sorted by file,
    line and kind; `ontology check`'s issues come sorted, with a summary of their own
    (kg.ontology.check.issue_summary)."""
    if summary is None:
        items = sorted(items, key=lambda p: (p.file, p.line, p.kind))
        summary = _problem_summary
    shown: Counter[str] = Counter()
    lines: list[str] = []
    for item in items:
        key = getattr(item, kind)
        shown[key] += 1
        if shown[key] <= MAX_LINES_PER_KIND:
            lines.append(str(item))
    return "\n".join(lines + summary(items, shown))


def _problem_summary(problems: Sequence[Problem], shown: Counter[str]) -> list[str]:
    lines = []
    counts = Counter((p.level, p.kind) for p in problems)
    for (level, kind), n in sorted(counts.items()):
        hidden = max(0, n - MAX_LINES_PER_KIND)
        more = f" ({hidden} not shown)" if hidden else ""
        lines.append(f"{n} {level}{'s' if n != 1 else ''} of kind {kind}{more}")
    errors = sum(1 for p in problems if p.level == "error")
    notes = sum(1 for p in problems if p.level == "note")
    warnings = len(problems) - errors - notes
    lines.append(f"{errors} error{'s' if errors != 1 else ''}, "
                 f"{warnings} warning{'s' if warnings != 1 else ''}"
                 + (f", {notes} note{'s' if notes != 1 else ''}" if notes else ""))
    return lines


def render_json(problems: list[Problem]) -> str:
    ordered = sorted(problems, key=lambda p: (p.file, p.line, p.kind))
    counts = Counter(p.kind for p in problems)
    return json.dumps(
        {
            "valid": not has_errors(problems),
            "problems": [p.to_dict() for p in ordered],
            "counts": dict(sorted(counts.items())),
        },
        indent=2,
    )
