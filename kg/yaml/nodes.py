"""What both YAML readers build (kg.yaml.read's libyaml path and kg.yaml.fast's line path):
mappings and sequences that remember lines, and the one typing of scalars, so the two can
only agree."""

from __future__ import annotations

import math
import re
from typing import Any

from kg import limits

NULLS = {"", "~", "null", "Null", "NULL"}
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
         "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


class Refused(Exception):
    """A file past a limit or outside what alskg reads: (line, message, problem kind)."""

    def __init__(self, line: int, message: str, kind: str = "yaml-limit") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.kind = kind


class LDict(dict[Any, Any]):
    """A mapping that knows the line of each key (1-based) and of itself."""

    line: int = 1
    lines: dict[Any, int]


class LList(list[Any]):
    """A sequence that knows the line of each item (1-based) and of itself."""

    line: int = 1
    lines: list[int]


def too_long(value: str, line: int) -> Refused:
    return Refused(line, f"a value of {len(value):,} characters; the limit is "
                         f"{limits.YAML_SCALAR_CHARS:,}")


def plain_scalar(value: str, line: int) -> Any:
    """YAML 1.2 core-schema typing of a plain (unquoted) scalar."""
    if value in NULLS:
        return None
    if value in BOOLS:
        return BOOLS[value]
    first = value[:1]
    if first.isdigit() or first in "-+.":
        if _INT.fullmatch(value):
            # checked on the text: int() of over 4,300 digits raises, and SQLite and Neo4j
            # hold 64-bit integers only
            digits = value.lstrip("+-")
            if len(digits) > 19 or not limits.INT_MIN <= int(value) <= limits.INT_MAX:
                raise Refused(line, f"the integer {value[:24]}{'...' if len(value) > 24 else ''}"
                                    " does not fit in 64 bits; quote it to keep it as text")
            return int(value)
        if _FLOAT.fullmatch(value):
            number = float(value)
            if not math.isfinite(number):  # 1.e999: JSON and Neo4j have no infinity
                raise Refused(line, f"the number {value[:24]} is too large to store; quote "
                                    "it to keep it as text")
            return number
    return value
