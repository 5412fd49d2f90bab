"""Read YAML with line numbers, turning every kind of unreadable file into one Problem.

libyaml (PyYAML's C parser) builds the node tree, which carries the line of every key
and item; we turn it into plain dicts and lists that remember those lines. The pure-Python
round-trip parser was 95% of build time on large curated sets.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from kg.problems import Problem

_BaseLoader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # C parser when built


class _Loader(_BaseLoader):
    """Resolves no tags: plain scalars are typed by _scalar, far faster than PyYAML's
    regex resolver, which ran once per scalar."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _TAGS[kind]


_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq",
         yaml.MappingNode: "tag:yaml.org,2002:map"}

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def _scalar(node: yaml.ScalarNode) -> Any:
    """YAML 1.2 core-schema typing of a plain scalar; quoted scalars stay strings."""
    value = node.value
    if node.style:  # quoted or block scalar ('' or None means plain, by parser)
        return value
    if value in _NULLS:
        return None
    if value in _BOOLS:
        return _BOOLS[value]
    first = value[:1]
    if first.isdigit() or first in "-+.":
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
    return value


class LDict(dict[Any, Any]):
    """A mapping that knows the line of each key (1-based) and of itself."""

    line: int = 1
    lines: dict[Any, int]


class LList(list[Any]):
    """A sequence that knows the line of each item (1-based) and of itself."""

    line: int = 1
    lines: list[int]


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


def display_path(path: Path) -> str:
    """Paths relative to the working directory read best in editors and terminals."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _build(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if isinstance(node, yaml.SequenceNode):
        seq = LList(_build(item) for item in node.value)
        seq.line = node.start_mark.line + 1
        seq.lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    mapping = LDict()
    mapping.line = node.start_mark.line + 1
    mapping.lines = {}
    for key_node, value_node in node.value:
        key = _build(key_node)
        if key in mapping.lines:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        mapping[key] = _build(value_node)
        mapping.lines[key] = key_node.start_mark.line + 1
    return mapping


def read_yaml(path: Path) -> tuple[Any, Problem | None]:
    """Parse one file; on failure return (None, problem) naming the file and line."""
    name = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, Problem(name, 0, "error", "unreadable", f"cannot read file: {exc.strerror}")
    if b"\x00" in raw:
        return None, Problem(name, 1, "error", "not-yaml", "binary file, expected YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(name, line, "error", "not-utf8",
                             f"not UTF-8 text (byte 0x{raw[exc.start]:02x})")
    try:
        node = yaml.compose(text, Loader=_Loader)
        return (None if node is None else _build(node)), None
    except _DuplicateKey as exc:
        return None, Problem(name, exc.line, "error", "yaml-syntax",
                             f"duplicate key '{exc.key}'")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = text.rstrip("\n").count("\n") + 1
        if exc.context_mark is not None and (mark is None or mark.line + 1 > last):
            # an unclosed bracket or quote: point at where it was opened, not at EOF
            mark = exc.context_mark
        line = min(mark.line + 1, last) if mark is not None else 1
        what = (exc.problem or exc.context or "invalid YAML").strip()
        return None, Problem(name, line, "error", "yaml-syntax", f"YAML syntax error: {what}")
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        return None, Problem(name, 1, "error", "yaml-syntax", f"YAML syntax error: {first}")


def line_of(container: Any, key: Any, default: int = 1) -> int:
    """1-based line of a mapping key or sequence item, when the parser recorded one."""
    if isinstance(container, LDict):
        return container.lines.get(key, default)
    if isinstance(container, LList):
        try:
            return container.lines[key]
        except (IndexError, TypeError):
            return default
    lc = getattr(container, "lc", None)  # a ruamel round-trip container
    try:
        if lc is not None and isinstance(container, dict):
            return int(lc.key(key)[0]) + 1
        if lc is not None and isinstance(container, list):
            return int(lc.item(key)[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        pass
    return default


def start_line(node: Any, default: int = 1) -> int:
    if isinstance(node, LDict | LList):
        return node.line
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return int(lc.line) + 1
    return default


def as_list(value: Any) -> list[str]:
    """A scalar or a list of them, as a list of strings (YAML lets curators write either)."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def plain(value: Any) -> Any:
    """Containers as plain dicts and lists (for records and JSON)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
