"""kg.yaml.fast, the line reader of plain YAML, against kg.yaml.read's libyaml path: on every
text it either declines (NOT_PLAIN, and libyaml reads the file) or builds exactly what
libyaml builds: the same keys in the same order, values of the same types, and the same
line for every mapping, sequence, key and item. It must never accept a text libyaml
refuses, so every error message keeps coming from the one path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.generate import generate
from kg import limits
from kg.yaml import fast as yamlfast
from kg.yaml.read import LDict, LList, parse_text, read_yaml
from tests.conftest import ROOT
from tests.test_fuzz import CURATED, YAML_TOKENS, examples, mutated


def same(fast: Any, full: Any, where: str = "root") -> None:
    assert type(fast) is type(full), (where, fast, full)
    if isinstance(full, LDict):
        assert list(fast) == list(full), where
        assert (fast.line, fast.lines) == (full.line, full.lines), where
        for key in full:
            same(fast[key], full[key], f"{where}.{key}")
    elif isinstance(full, LList):
        assert len(fast) == len(full), where
        assert (fast.line, fast.lines) == (full.line, full.lines), where
        for i, (a, b) in enumerate(zip(fast, full, strict=True)):
            same(a, b, f"{where}[{i}]")
    else:
        assert fast == full, (where, fast, full)


def agrees(text: str) -> bool:
    """True when the fast reader took `text` (and built what libyaml builds)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False  # read_yaml reports such a file before either reader sees it
    full, problem = parse_text(text, "x.yaml", fast=False)
    fast = yamlfast.compose(text)
    assert parse_text(text, "x.yaml") == (full, problem) or fast is not yamlfast.NOT_PLAIN
    if fast is yamlfast.NOT_PLAIN:
        return False
    assert problem is None, (text, problem)
    same(fast, full)
    return True


def test_shipped_files_agree() -> None:
    taken = [agrees(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "data" / "curated").rglob("*.yaml"))]
    assert any(taken)  # files without block scalars or flow mappings


def test_generated_files_are_read_fast_and_agree(tmp_path: Path) -> None:
    generate(tmp_path, 1)
    files = sorted(tmp_path.glob("*.yaml"))
    assert files
    for path in files:
        assert agrees(path.read_text(encoding="utf-8")), path.name


PLAIN = """\
# a comment
top:   # a comment after a key
  a: 1
  b: -2
  c: +3
  d: 1.5
  e: .5
  f: 1e5
  g: -.5
  h: ~
  i: null
  j: True
  k: FALSE
  l: 0x1F
  m: 1_000
  n: 2024-01-01
  o: yes
  p: 'it''s # not a comment'
  q: "double: quoted"
  r: ''
  s: ""
  t: plain with  spaces   # comment
  u: http://example.org/a#b
  v: [a, 1, -1, .5, null, true, PMID:1, two words]
  w: []
  x:
  y:
    - a
    - b: 1
      c: [x]
    - 'q'
  z:
  - compact
  - n: 1
  -   spaced
  empty:
list:
- 1
-  2
last: é, ü and 中文
"""

# each declined by the fast reader: libyaml reads them (or reports their error)
DECLINED = [
    "a: &x 1\nb: *x\n",                       # anchors and aliases
    "a: !!str 1\n",                           # tags
    "a: !x 1\n",
    "a: |\n  block\n",                        # block scalars
    "a: >-\n  folded\n  lines\n",
    "a: one\n  two\n",                        # a multi-line plain scalar
    "a: 'one\n  two'\n",                      # a multi-line quoted scalar
    'a: "esc\\tape"\n',                       # escapes
    "a: {b: 1}\n",                            # flow mappings
    "a: [b,\n  c]\n",                         # a multi-line flow list
    "a: 1\na: 2\n",                           # a duplicate key
    "a:\n  b: 1\n  b: 2\n",
    "- a: 1\n  a: 2\n",
    "true: 1\n",                              # keys typed other than as text
    "null: 1\n",
    "a:\tb\n",                                # a tab
    "a: b\r\nc: d\r\n",                       # CRLF
    "\ufeffa: b\n",                           # a BOM
    "a: b\u2028c: d\n",                       # a Unicode line separator
    "a: b\x85c: d\n",                         # NEL
    "a: \U0001f600\n",                        # past the BMP
    "a: b\x07\n",                             # a control character
    "a: \u202eb\n",                           # a bidirectional override
    "---\na: 1\n",                            # document markers
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "  a: 1\n",                               # an indented root
    "a: 1\n b: 2\n",                          # odd indentation
    "a:\n  b: 1\n c: 2\n",
    "- a\n  - b\n",
    "- a\n b: 1\n",
    "a: b: c\n",                              # a mapping where a value is
    "a: b:\n",
    "a:b\n",
    "- \n- a\n",                              # an empty item
    "-\n  - a\n",
    "? a\n: b\n",                             # complex keys
    "\"a\": 1\n",                             # quoted keys
    "a b: 1\n",
    "a: 'x' y\n",                             # junk after a quoted scalar
    "a: [x] y\n",
    "a: [x, , y]\n",
    "a: [x, y, ]\n",
    "a: [x: y]\n",
    "a: - b\n",
    "a: -\n",
    "a: @x\n",
    "a: `x`\n",
    "a: %x\n",
    "a: 99999999999999999999\n",             # past 64 bits
    "a: 1.e999\n",
    "plain scalar root\n",
    "# only a comment\n",
    "",
    "a: " + "x" * (limits.YAML_SCALAR_CHARS + 1) + "\n",   # one value past the limit
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 70)),  # nested past the limit
]


def test_a_plain_file_is_read_fast_and_agrees() -> None:
    assert agrees(PLAIN)


@pytest.mark.parametrize("text", DECLINED)
def test_what_the_fast_reader_declines(text: str) -> None:
    assert not agrees(text)


def test_declined_files_keep_their_errors(tmp_path: Path) -> None:
    """The errors of read_yaml are libyaml's, file and line, whichever reader runs."""
    cases = {"a: 1\na: 2\n": (2, "duplicate key 'a'"),
             "a: 99999999999999999999\n": (1, "does not fit in 64 bits"),
             "a:\n  b: &x 1\n": (2, "anchors and aliases are not allowed"),
             "a: b: c\n": (1, "mapping values are not allowed"),
             "a: b: c\n\n": (1, "YAML syntax error"),
             # a tab gets its own message, not libyaml's
             "a: 1\n\tb: 2\n": (2, "a tab character at column 1: YAML indents with spaces")}
    for text, (line, message) in cases.items():
        path = tmp_path / "x.yaml"
        path.write_text(text, encoding="utf-8")
        data, problem = read_yaml(path)
        assert data is None and problem is not None and problem.line == line, (text, problem)
        assert message in problem.message and "\n" not in str(problem)


def test_a_file_of_many_values_is_declined_past_the_limit(monkeypatch: Any) -> None:
    text = "a: [" + ", ".join(["1"] * 50) + "]\n"
    assert agrees(text)
    monkeypatch.setattr(limits, "YAML_NODES", 40)
    assert not agrees(text)
    assert not agrees("a: 1\n" + "\n" * 50)  # more lines than values allowed


# -- generated texts ---------------------------------------------------------------------

SCALARS = ["", "~", "null", "Null", "true", "False", "yes", "1", "-1", "+1", "01", "1.5", ".5",
           "-.5", "1e5", "1.e999", "0x1F", "9" * 25, "a: b", "a:", "a #b", "a#b", "- a",
           "-a", "-1a", "?a", ":a", "'q'", '"q"', "[a]", "a [b]", "{a}", "é", "a  b", "a ",
           " a", "PMID:1", "http://x/y", "x,y", "a'b", 'a"b', "a\\b", "&a", "*a", "!a",
           "|", ">", "%", "@a", "#", "...", "---", "a\tb", "\ufeff", "<<"]
KEYS = ["id", "name", "a-b", "_x", "k9", "null", "true", "a b", "<<", "x:y", "'q'", "é"]
COMMON = ["x", "PMID:1", "two words", "1", "-2", "1.5", "null", "true", "é", "http://x/y",
          "a-b", "it's", "Gene"]


@st.composite
def rendered(draw: Any) -> str:
    """A random YAML-ish document in the shapes people write, some of it invalid."""
    out: list[str] = []
    step = draw(st.sampled_from([1, 2, 4]))

    def scalar() -> str:
        s = draw(st.sampled_from(SCALARS if draw(st.integers(0, 4)) == 0 else COMMON))
        style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
        if style == "single":
            return "'" + s.replace("'", "''") + "'"
        if style == "double":
            return '"' + s + '"'
        return s

    def value(indent: int, depth: int) -> str | None:
        """A one-line value, or None after writing a block on the following lines."""
        kind = draw(st.sampled_from(["scalar", "scalar", "flow", "map", "seq", "empty"]
                                    if depth < 3 else ["scalar", "flow", "empty"]))
        if kind == "scalar":
            return scalar()
        if kind == "flow":
            items = draw(st.lists(st.sampled_from(SCALARS if draw(st.integers(0, 4)) == 0
                                                  else COMMON), max_size=4))
            return "[" + draw(st.sampled_from([", ", ",", " , "])).join(items) + "]"
        if kind == "empty":
            return ""
        block(indent + draw(st.sampled_from([step, step, 0, 1])), depth + 1, kind)
        return None

    def block(indent: int, depth: int, kind: str) -> None:
        for _ in range(draw(st.integers(1, 3))):
            pad = " " * max(indent + draw(st.sampled_from([0] * 12 + [1, -1])), 0)
            if draw(st.integers(0, 9)) == 0:
                out.append(pad + draw(st.sampled_from(["# c", "", "   "])))
            if kind == "map":
                key = draw(st.sampled_from(KEYS[:5] if draw(st.integers(0, 4)) else KEYS))
                head = f"{pad}{key}:"
            else:
                head = f"{pad}-"
                if draw(st.booleans()) and depth < 3:
                    key = draw(st.sampled_from(KEYS))
                    at = len(out)
                    out.append("")
                    v = value(indent + 2, depth + 1)
                    out[at] = f"{head} {key}:" + ("" if v is None else f" {v}")
                    if draw(st.booleans()):
                        key = draw(st.sampled_from(KEYS))
                        at = len(out)
                        out.append("")
                        v = value(indent + 2, depth + 1)
                        out[at] = f"{pad}  {key}:" + ("" if v is None else f" {v}")
                    continue
            at = len(out)
            out.append("")
            v = value(indent, depth)
            tail = draw(st.sampled_from(["", "", " # c", "  ", "#c"]))
            out[at] = head + ("" if v is None else f" {v}{tail}")

    block(0, 0, draw(st.sampled_from(["map", "map", "seq"])))
    return "\n".join(out) + draw(st.sampled_from(["\n", "", "\n\n"]))


@examples(1000)
@given(text=rendered())
def test_generated_texts_agree(text: str) -> None:
    agrees(text)


def test_generated_texts_are_often_read_fast() -> None:
    """The comparison above is not vacuous: the fast reader takes many of those texts."""
    taken: list[bool] = []

    @examples(300)
    @given(text=rendered())
    def run(text: str) -> None:
        taken.append(agrees(text))

    run()
    assert sum(taken) > len(taken) // 10, (sum(taken), len(taken))


PLAIN_TEXTS = [PLAIN, "findings:\n  - id: alskg:F1\n    subject: NCBIGene:1\n"
               "    citations: [PMID:1, PMID:2]\n    qualifiers:\n      role: [a, b]\n"]


@examples(1500)
@given(text=mutated(PLAIN_TEXTS + CURATED, YAML_TOKENS + ["    ", "- ", "  - ", ": ", "'"]))
def test_mutated_texts_agree(text: str) -> None:
    agrees(text)
