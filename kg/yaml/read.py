"""Read YAML with line numbers, turning every kind of unreadable file into one Problem.

Plain files (one-line scalars in block mappings and sequences: nearly every curated file)
are read by kg.yaml.fast, several times faster; whatever it does not recognise comes here.
libyaml (PyYAML's C parser) turns the text into events, and _compose builds plain dicts
and lists from them that remember the line of every key and item. Building from events
skips PyYAML's node tree (as fast as yaml.compose, at half the peak memory) and is where the
limits of kg.limits are enforced: no anchors or aliases (so no exponential expansion), no
tags, bounded depth, node count and scalar length, integers that fit in 64 bits, no control
characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from kg import limits
from kg.problems import FileError, Problem
from kg.yaml import fast as yamlfast
from kg.yaml.nodes import LDict, LList, Refused, plain_scalar, too_long

__all__ = ["LDict", "LList", "as_list", "display_path", "line_of", "plain", "read_yaml",
           "start_line"]

_Parser: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # C parser when built


def _scalar(event: Any, line: int) -> Any:
    """A scalar event's value: quoted and block scalars stay strings."""
    value: str = event.value
    if len(value) > limits.YAML_SCALAR_CHARS:
        raise too_long(value, line)
    bad = limits.CONTROL.search(value)
    if bad:
        raise Refused(line, f"the control character U+{ord(bad.group()):04X} in a value; "
                             "alskg text holds none", "bad-text")
    if event.style:  # quoted or block scalar (None means plain)
        return value
    return plain_scalar(value, line)


def display_path(path: Path) -> str:
    """Paths relative to the working directory read best in editors and terminals."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


_NO_KEY: Any = object()


def _compose(events: Iterable[Any]) -> Any:
    """The document of an event stream, built without recursion."""
    root: Any = None
    stack: list[Any] = []  # open LDict/LList
    keys: list[Any] = []   # per open mapping: the key awaiting its value, or _NO_KEY
    key_lines: list[int] = []
    documents = 0
    count = 0
    for event in events:
        kind = type(event)
        line = event.start_mark.line + 1
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent \
                or kind is yaml.SequenceStartEvent:
            if event.anchor is not None:
                raise Refused(line, f"YAML anchor '&{event.anchor}': anchors and aliases "
                                     "are not allowed in alskg files; write the value out",
                               "yaml-unsupported")
            if event.tag is not None and not (kind is yaml.ScalarEvent and event.tag == "!"):
                raise Refused(line, f"YAML tag '{event.tag}': tags are not used in alskg "
                                     "files; quote the value to make it text", "yaml-unsupported")
            count += 1
            if count > limits.YAML_NODES:
                raise Refused(line, f"more than {limits.YAML_NODES:,} values in one file; "
                                     "split it")
            value: Any
            if kind is yaml.ScalarEvent:
                value = _scalar(event, line)
            elif kind is yaml.MappingStartEvent:
                value = LDict()
                value.line = line
                value.lines = {}
            else:
                value = LList()
                value.line = line
                value.lines = []
            if not stack:
                root = value
            else:
                parent = stack[-1]
                if type(parent) is LDict:
                    key = keys[-1]
                    if key is _NO_KEY:
                        if kind is not yaml.ScalarEvent:
                            raise Refused(line, "a list or mapping used as a key",
                                          "yaml-unsupported")
                        if value in parent.lines:
                            raise Refused(line, f"duplicate key '{event.value}'",
                                           "yaml-syntax")
                        if value == "<<" and not event.style:
                            raise Refused(line, "a YAML merge key ('<<'); write the keys out",
                                           "yaml-unsupported")
                        keys[-1] = value
                        key_lines[-1] = line
                    else:
                        parent[key] = value
                        parent.lines[key] = key_lines[-1]
                        keys[-1] = _NO_KEY
                else:
                    parent.append(value)
                    parent.lines.append(line)
            if kind is not yaml.ScalarEvent:
                if len(stack) >= limits.YAML_DEPTH:
                    raise Refused(line, f"lists and mappings nested more than "
                                         f"{limits.YAML_DEPTH} deep")
                stack.append(value)
                if kind is yaml.MappingStartEvent:
                    keys.append(_NO_KEY)
                    key_lines.append(line)
        elif kind is yaml.MappingEndEvent:
            stack.pop()
            keys.pop()
            key_lines.pop()
        elif kind is yaml.SequenceEndEvent:
            stack.pop()
        elif kind is yaml.AliasEvent:
            raise Refused(line, f"YAML alias '*{event.anchor}': anchors and aliases are not "
                                 "allowed in alskg files; write the value out", "yaml-unsupported")
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise Refused(line, "more than one YAML document ('---'); alskg files hold "
                                     "one", "yaml-unsupported")
    return root


def read_yaml(path: Path, max_bytes: int = limits.YAML_FILE_BYTES
              ) -> tuple[Any, Problem | None]:
    """Parse one file; on failure return (None, problem) naming the file and line."""
    name = display_path(path)
    try:
        raw = limits.read_regular(path, max_bytes, name)
    except FileError as exc:
        return None, exc.problem("unreadable")
    if b"\x00" in raw:
        return None, Problem(name, 1, "error", "not-yaml", "binary file, expected YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, Problem(name, line, "error", "not-utf8",
                             f"not UTF-8 text (byte 0x{raw[exc.start]:02x})")
    return parse_text(text, name)


def parse_text(text: str, name: str, fast: bool = True) -> tuple[Any, Problem | None]:
    """The document in `text`, or (None, problem) naming `name` and the line. With `fast`,
    a plain file is read by kg.yaml.fast (the same result, sooner); without, by libyaml."""
    if fast:
        data = yamlfast.compose(text)
        if data is not yamlfast.NOT_PLAIN:
            return data, None
    try:
        return _compose(yaml.parse(text, Loader=_Parser)), None
    except Refused as exc:
        return None, Problem(name, exc.line, "error", exc.kind, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = text.rstrip("\n").count("\n") + 1
        if exc.context_mark is not None and (mark is None or mark.line + 1 > last):
            # an unclosed bracket or quote: point at where it was opened, not at EOF
            mark = exc.context_mark
        line = min(mark.line + 1, last) if mark is not None else 1
        tab = _tab_column(text, mark)
        if tab:
            # libyaml says "cannot start any token" or "violates indentation"
            return None, Problem(name, line, "error", "yaml-syntax",
                                 f"a tab character at column {tab}: YAML indents with "
                                 "spaces only; replace the tab with spaces")
        what = (exc.problem or exc.context or "invalid YAML").strip()
        return None, Problem(name, line, "error", "yaml-syntax", f"YAML syntax error: {what}")
    except yaml.YAMLError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid YAML"
        return None, Problem(name, 1, "error", "yaml-syntax", f"YAML syntax error: {first}")


def _tab_column(text: str, mark: Any) -> int:
    """The 1-based column of a tab at or before where the parser stopped, on its line:
    the cause of its error (0 when there is none)."""
    if mark is None:
        return 0
    lines = text.split("\n")
    if mark.line >= len(lines):
        return 0
    at = lines[mark.line].find("\t", 0, mark.column + 1)
    return at + 1


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
