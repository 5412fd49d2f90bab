"""A fast reader for the plain YAML that curators and bench/generate.py write.

Most curated files are block mappings and sequences of one-line scalars and one-line flow
lists. Read line by line here, such a file costs a fraction of libyaml's events turned
into Python objects one by one. Anything else (block scalars, multi-line or escaped
scalars, flow mappings, anchors, tags, tabs, a BOM, unusual characters, odd indentation,
duplicate keys, a value past a limit...) makes `compose` return NOT_PLAIN and the caller
reads the file with kg.yaml.read's libyaml path, so every error message still comes from
that one path. What this reader returns is exactly what that path builds: the same values,
types and lines (tests/test_yamlfast.py compares the two on shipped, synthetic, mutated and
generated YAML).
"""

from __future__ import annotations

import re
from typing import Any

from kg import limits
from kg.yaml.nodes import BOOLS, NULLS, LDict, LList, Refused, plain_scalar

NOT_PLAIN: Any = object()

# Tabs, carriage returns, the BOM, NEL and the Unicode line separators (line breaks to
# libyaml), controls, bidirectional overrides, non-characters and characters past the BMP:
# a file holding any of them anywhere, even in a comment, is left to libyaml.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202f-\u2065\u206a-\ud7ff\ue000-\ufefe"
                      "\uff00-\ufffd]")
_KEY_LINE = re.compile(r"( *)(- )?([A-Za-z_][A-Za-z0-9_-]*):(?: +(.*))?", re.ASCII)
_ITEM_LINE = re.compile(r"( *)- +(.*)")
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?: +#.*)?")
_DOUBLE = re.compile(r'"([^"\\]*)"(?: +#.*)?')
_FLOW = re.compile(r"\[([^\[\]{}#'\"]*)\](?: +#.*)?")
# first characters that make a value something other than a plain scalar (or an error)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# first characters of a plain scalar that typing may turn into null, a bool or a number
_TYPED = frozenset("~nNtTfF0123456789-+.")
_DIGITS = frozenset("0123456789.")
_MAP, _SEQ, _COMPACT = 0, 1, 2  # a compact sequence sits at its mapping key's indent
_NO_KEY: Any = object()


class _NotPlain(Exception):
    pass


def compose(text: str) -> Any:
    """The document in `text` as kg.yaml.read builds it, or NOT_PLAIN."""
    if _UNUSUAL.search(text) is not None or text.count("\n") > limits.YAML_NODES:
        return NOT_PLAIN  # (a file of blank lines: libyaml holds no list of them)
    lines = text.split("\n")
    # a value is one line or part of one, so no value is past the limit either
    if len(text) > limits.YAML_SCALAR_CHARS and max(map(len, lines)) > limits.YAML_SCALAR_CHARS:
        return NOT_PLAIN
    try:
        return _compose(lines)
    except (_NotPlain, Refused):
        return NOT_PLAIN


def _compose(lines: list[str]) -> Any:
    key_line = _KEY_LINE.fullmatch
    item_line = _ITEM_LINE.fullmatch
    root: Any = None
    # open blocks, innermost last: [indent, container, kind, pending key, its line]
    stack: list[list[Any]] = []
    count = 0
    # the innermost open mapping while no key of it waits for a value on later lines:
    # most lines are one more `key: value` of it, read here without the general steps
    cur_indent = -1
    cur: Any = None
    for ln, line in enumerate(lines, 1):
        m = key_line(line)
        if m is not None:
            space, dash, key, rest = m.groups()
            if dash is None and len(space) == cur_indent and rest:
                first = rest[0]
                if (key in cur or key in NULLS or key in BOOLS or first in _INDICATORS
                        or rest[-1] == " " or rest[-1] == ":" or " #" in rest or ": " in rest):
                    pass  # the general steps below
                else:
                    cur[key] = plain_scalar(rest, ln) if first in _TYPED else rest
                    cur.lines[key] = ln
                    count += 2
                    continue
        else:
            m = item_line(line)
            if m is None:
                s = line.lstrip(" ")
                if not s or s[0] == "#":
                    continue
                raise _NotPlain
            space, rest = m.groups()
            dash, key = "- ", None
        cur_indent = -1
        indent = len(space)
        if root is None:
            if indent:
                raise _NotPlain
            root = LList() if dash else LDict()
            root.line = ln
            root.lines = [] if dash else {}
            count += 1
            stack.append([0, root, _SEQ if dash else _MAP, _NO_KEY, 0])
        while stack[-1][0] > indent:
            count += _close(stack.pop())
        top = stack[-1]
        if top[0] < indent:
            # the block value of a key written on a line before
            if top[2] != _MAP or top[3] is _NO_KEY or len(stack) >= limits.YAML_DEPTH - 2:
                raise _NotPlain
            top = _open(top, indent, _SEQ if dash else _MAP, ln)
            stack.append(top)
            count += 1
        elif dash:
            if top[2] == _MAP:
                if top[3] is _NO_KEY or len(stack) >= limits.YAML_DEPTH - 2:
                    raise _NotPlain
                top = _open(top, indent, _COMPACT, ln)
                stack.append(top)
                count += 1
        elif top[2] != _MAP:
            if top[2] != _COMPACT:
                raise _NotPlain
            count += _close(stack.pop())
            top = stack[-1]
        if dash:
            seq = top[1]
            if key is None:
                if rest and rest[-1] == " ":
                    rest = rest.rstrip(" ")
                if not rest or rest[0] == "#":
                    raise _NotPlain  # an empty item: libyaml marks its null elsewhere
                value, n = _value(rest, ln)
                seq.append(value)
                seq.lines.append(ln)
                count += n
                continue
            if len(stack) >= limits.YAML_DEPTH - 2:
                raise _NotPlain
            item = LDict()
            item.line = ln
            item.lines = {}
            seq.append(item)
            seq.lines.append(ln)
            count += 1
            top = [indent + 2, item, _MAP, _NO_KEY, 0]
            stack.append(top)
        mapping = top[1]
        if top[3] is not _NO_KEY:
            mapping[top[3]] = None
            mapping.lines[top[3]] = top[4]
            top[3] = _NO_KEY
            count += 1
        if key in mapping or key in NULLS or key in BOOLS:
            raise _NotPlain
        if rest is not None and rest and rest[-1] == " ":
            rest = rest.rstrip(" ")
        if not rest or rest[0] == "#":
            top[3] = key
            top[4] = ln
            count += 1
            cur_indent = -1
            continue
        value, n = _value(rest, ln)
        mapping[key] = value
        mapping.lines[key] = ln
        count += n + 1
        cur, cur_indent = mapping, top[0]
    if root is None:
        raise _NotPlain
    while stack:
        count += _close(stack.pop())
    if count > limits.YAML_NODES:
        raise _NotPlain
    return root


def _open(parent: list[Any], indent: int, kind: int, line: int) -> list[Any]:
    """A block that is the value of the parent mapping's pending key."""
    value: Any
    if kind == _MAP:
        value = LDict()
        value.lines = {}
    else:
        value = LList()
        value.lines = []
    value.line = line
    mapping, key = parent[1], parent[3]
    mapping[key] = value
    mapping.lines[key] = parent[4]
    parent[3] = _NO_KEY
    return [indent, value, kind, _NO_KEY, 0]


def _close(frame: list[Any]) -> int:
    """A mapping's last key written with no value holds null."""
    if frame[3] is _NO_KEY:
        return 0
    frame[1][frame[3]] = None
    frame[1].lines[frame[3]] = frame[4]
    return 1


def _value(text: str, line: int) -> tuple[Any, int]:
    """A one-line value (no leading or trailing blank) and how many values it holds."""
    first = text[0]
    if first in _INDICATORS:
        if first == "'":
            m = _SINGLE.fullmatch(text)
            if m is None:
                raise _NotPlain
            return m.group(1).replace("''", "'"), 1
        if first == '"':
            m = _DOUBLE.fullmatch(text)
            if m is None:
                raise _NotPlain
            return m.group(1), 1
        if first == "[":
            return _flow(text, line)
        if first != "-" or len(text) < 2 or text[1] not in _DIGITS:
            raise _NotPlain
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut].rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _NotPlain
    if first in _TYPED:
        return plain_scalar(text, line), 1
    return text, 1


def _flow(text: str, line: int) -> tuple[LList, int]:
    m = _FLOW.fullmatch(text)
    if m is None:
        raise _NotPlain
    out = LList()
    out.line = line
    inner = m.group(1)
    if not inner.strip(" "):
        out.lines = []
        return out, 1
    for item in inner.split(","):
        item = item.strip(" ")
        if not item or item[0] in _INDICATORS and (item[0] != "-" or len(item) < 2
                                                   or item[1] not in _DIGITS):
            raise _NotPlain
        if ": " in item or item[-1] == ":":
            raise _NotPlain
        out.append(plain_scalar(item, line) if item[0] in _TYPED else item)
    out.lines = [line] * len(out)
    return out, len(out) + 1

