"""Read YAML with line numbers, turning every kind of unreadable file into one Problem."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from kg.problems import Problem


def display_path(path: Path) -> str:
    """Paths relative to the working directory read best in editors and terminals."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


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
        data = YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "stream end" in (exc.problem or ""):
            # an unclosed bracket or quote: point at where it was opened, not at EOF
            mark = exc.context_mark
        line = min(mark.line + 1, text.count("\n") + 1) if mark is not None else 1
        what = (exc.problem or exc.context or "invalid YAML").strip()
        return None, Problem(name, line, "error", "yaml-syntax", f"YAML syntax error: {what}")
    except YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        return None, Problem(name, 1, "error", "yaml-syntax", f"YAML syntax error: {first}")
    return data, None


def line_of(container: Any, key: Any, default: int = 1) -> int:
    """1-based line of a mapping key or sequence item, when ruamel recorded one."""
    try:
        if isinstance(container, CommentedMap):
            return int(container.lc.key(key)[0]) + 1
        if isinstance(container, CommentedSeq):
            return int(container.lc.item(key)[0]) + 1
    except (KeyError, IndexError, TypeError, AttributeError):
        pass
    return default


def start_line(node: Any, default: int = 1) -> int:
    lc = getattr(node, "lc", None)
    if lc is not None and lc.line is not None:
        return int(lc.line) + 1
    return default


def plain(value: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (for records and JSON)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
