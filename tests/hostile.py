"""A corpus of hostile and unusual inputs, each with the command that reads it and the
one-line error it must end in. tests/test_hostile.py runs each case under a memory cap and
a time bound; bench/hostile.py times them as whole processes."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg import limits

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[Path], list[str]]  # writes the input under a folder; the alskg argv
    expect: str                         # text the one-line error must hold
    code: int = 1
    cwd: str = ""                       # the subfolder to run in
    file: str = ""                      # the name the error must give, if not the input's


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _validate(text: str | bytes) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        return ["validate", str(_write(d / "data" / "x.yaml", text))]
    return make


def _import(name: str, data: str | bytes) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        return ["import", "rdf", str(_write(d / name, data)), "--store", str(d / "s.db")]
    return make


def _laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    return "\n".join(lines) + "\n"


def _xml_entities() -> str:
    ents = ['<!ENTITY lol "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(ents) + "\n]>\n"
            f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p>'
            "</rdf:Description></rdf:RDF>\n")


def _xml_external() -> str:
    return ('<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:ex="http://example.org/">'
            '<rdf:Description rdf:about="http://example.org/a"><ex:p>&x;</ex:p>'
            "</rdf:Description></rdf:RDF>\n")


def _xml_deep(n: int = 20_000) -> str:
    return (f'<rdf:RDF xmlns:rdf="{RDF_NS}" xmlns:x="http://x.org/">'
            '<rdf:Description rdf:about="http://x.org/a">'
            + "<x:p><rdf:Description>" * n + "</rdf:Description></x:p>" * n
            + "</rdf:Description></rdf:RDF>\n")


def _fifo(name: str, argv: Callable[[Path, Path], list[str]]) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        path = d / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)
        return argv(d, path)
    return make


def _sparse(name: str, size: int, argv: Callable[[Path, Path], list[str]]
            ) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        path = d / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            fh.truncate(size)  # a hole: no disk used
        return argv(d, path)
    return make


def _many_files(d: Path) -> list[str]:
    folder = d / "data"
    folder.mkdir(parents=True)
    for i in range(limits.WALK_ENTRIES + 1):
        os.close(os.open(folder / f"{i}.txt", os.O_CREAT | os.O_WRONLY, 0o644))
    _write(folder / "x.yaml", "entities: []\n")
    return ["validate", str(folder)]


def _config(text: str | bytes) -> Callable[[Path], list[str]]:
    def make(d: Path) -> list[str]:
        _write(d / "ws" / "alskg.toml", text)
        (d / "ws" / "data").mkdir()
        return ["validate"]
    return make


def _remote_context(url: str) -> str:
    return f'{{"@context": "{url}", "@id": "http://example.org/a", "name": "x"}}\n'


def _device(d: Path) -> list[str]:
    """A curated file that is a link to /dev/zero."""
    d.joinpath("data").mkdir(parents=True)
    d.joinpath("data", "x.yaml").symlink_to("/dev/zero")
    return ["validate", str(d / "data")]


def _refs_cache(data: bytes) -> Callable[[Path], list[str]]:
    """A cached PubMed record in the user data folder (ALSKG_HOME is `.home` in a case),
    read by `alskg refs show`."""
    def make(d: Path) -> list[str]:
        _write(d / ".home" / "refs" / "1.json", data)
        return ["refs", "show", "PMID:1"]
    return make


def cases(context_url: str = "http://127.0.0.1:9/context.jsonld") -> list[Case]:
    """The corpus; `context_url` is where the remote JSON-LD contexts point."""
    deep_yaml = "x: " + "[" * 100_000 + "]" * 100_000 + "\n"
    return [
        # -- YAML --------------------------------------------------------------------------
        Case("yaml-billion-laughs", _validate(_laughs()), "anchors and aliases"),
        Case("yaml-merge-key", _validate("a: &a {x: 1}\nb:\n  <<: *a\n"),
             "anchors and aliases"),
        Case("yaml-100k-digits", _validate("findings:\n  - id: " + "9" * 100_000 + "\n"),
             "characters; the limit"),
        Case("yaml-4000-digits", _validate("x: -" + "9" * 4_000 + "\n"),
             "does not fit in 64 bits"),
        Case("yaml-int-past-64-bits", _validate("x: 9223372036854775808\n"),
             "does not fit in 64 bits"),
        # libyaml stops at 1,000 levels itself; alskg's limit is lower
        Case("yaml-deep-nesting", _validate(deep_yaml), "nesting depth"),
        Case("yaml-nested-100", _validate("x: " + "[" * 100 + "]" * 100 + "\n"),
             f"nested more than {limits.YAML_DEPTH}"),
        Case("yaml-deep-mappings", _validate("a: {" * 50_000 + "}" * 50_000 + "\n"),
             "nested more than"),
        Case("yaml-huge-scalar", _validate('x: "' + "a" * 1_000_000 + '"\n'),
             "characters; the limit"),
        Case("yaml-python-tag", _validate('x: !!python/object/apply:os.system ["touch pwned"]\n'),
             "tags are not used"),
        Case("yaml-two-documents", _validate("entities: []\n---\nfindings: []\n"),
             "more than one YAML document"),
        Case("yaml-complex-key", _validate("? [a, b]\n: c\n"), "used as a key"),
        Case("yaml-many-values", _validate("x: [" + "1," * (limits.YAML_NODES + 10) + "1]\n"),
             "values in one file"),
        Case("yaml-fifo", _fifo("data/x.yaml", lambda d, p: ["validate", str(p)]),
             "named pipe"),
        Case("yaml-device", _device, "character device"),
        Case("yaml-too-big", _sparse("data/x.yaml", limits.YAML_FILE_BYTES + 1,
                                     lambda d, p: ["validate", str(p)]), "the limit is"),
        Case("yaml-binary", _validate(b"\x00\x01\x02entities: []\n"), "binary file"),
        Case("yaml-terminal-escape", _validate('entities:\n  - id: "NCBIGene:\\e[2J\\e[31mX"\n'
                                               "    category: Gene\n    name: X\n"),
             "control character U+001B"),
        Case("yaml-nul-in-name", _validate('entities:\n  - id: NCBIGene:1\n    category: Gene'
                                           '\n    name: "SP\\0TL"\n'), "U+0000"),
        Case("yaml-bidi-override", _validate("x: \"abc\u202edef\"\n"), "U+202E"),
        Case("yaml-newline-in-id", _validate('entities:\n  - id: "NCBIGene:1\\n2"\n'
                                             "    category: Gene\n    name: X\n"),
             "NCBIGene:1\\n2"),
        Case("yaml-infinite-number", _validate("entities:\n  - id: PMID:1\n    category: "
                                               "Publication\n    name: P\n    year: 1.e999\n"),
             "too large to store"),
        Case("yaml-plain-merge-key", _validate("x:\n  <<: {a: 1}\n"), "merge key"),
        Case("yaml-walk-too-many-files", _many_files, "more than 100,000 files", file="data"),
        Case("yaml-not-utf8", _validate(b"entities:\n  - name: \xff\xfe\n"), "not UTF-8"),
        # -- workspace config --------------------------------------------------------------
        Case("toml-deep-nesting", _config("a = " + "[" * 100_000 + "]" * 100_000 + "\n"),
             "not a valid workspace config", cwd="ws"),
        Case("toml-huge-int", _config("[workspace]\nx = " + "9" * 10_000 + "\n"),
             "not a valid workspace config", cwd="ws"),
        Case("toml-bad-syntax", _config("[workspace]\ndata = [\n"),
             "not a valid workspace config", cwd="ws"),
        Case("toml-data-outside", _config('[workspace]\ndata = ["../../../../"]\n'),
             "outside the workspace", cwd="ws"),
        Case("toml-data-absolute", _config('[workspace]\ndata = ["/"]\n'),
             "outside the workspace", cwd="ws"),
        Case("toml-many-folders", _config("[workspace]\ndata = [" + ",".join(['"data"'] * 50_000)
                                          + "]\n"), "the limit is 64", cwd="ws"),
        Case("toml-long-folder", _config('[workspace]\ndata = ["' + "a" * 5_000 + '"]\n'),
             "overlong", cwd="ws"),
        Case("toml-missing-folder", _config('[workspace]\ndata = ["nope"]\n'),
             "not a folder", cwd="ws"),
        Case("toml-nul-store", _config('[workspace]\nstore = "a\\u0000b"\n'), "unprintable",
             cwd="ws"),
        Case("toml-store-folder", _config('[workspace]\nstore = "x/"\n'), "is a folder",
             cwd="ws"),
        Case("toml-not-utf8", _config(b"[workspace]\nstore = \"\xff\"\n"), "not UTF-8",
             cwd="ws"),
        Case("toml-fifo", _fifo("ws/alskg.toml", lambda d, p: ["validate"]), "named pipe",
             cwd="ws"),
        # -- RDF ---------------------------------------------------------------------------
        Case("rdfxml-entity-bomb", _import("x.rdf", _xml_entities()), "DTD"),
        Case("rdfxml-external-entity", _import("x.rdf", _xml_external()), "DTD"),
        Case("rdfxml-deep-nesting", _import("x.rdf", _xml_deep()),
             f"nested more than {limits.RDF_DEPTH}"),
        Case("jsonld-remote-context", _import("x.jsonld", _remote_context(context_url)),
             "refers to another document"),
        Case("jsonld-remote-context-list",
             _import("x.jsonld", f'{{"@context": [{{"@vocab": "http://x.org/"}}, '
                                 f'"{context_url}"], "@id": "http://x.org/a", "n": 1}}'),
             "refers to another document"),
        Case("jsonld-remote-import",
             _import("x.jsonld", f'{{"@context": {{"@version": 1.1, "@import": '
                                 f'"{context_url}"}}, "@id": "http://x.org/a"}}'),
             "refers to another document"),
        Case("jsonld-deep-objects", _import("x.jsonld", '{"@id": "http://x.org/a", '
                                            '"http://x.org/p": ' + '{"http://x.org/p": ' * 4_000
                                            + "1" + "}" * 4_000 + "}"),
             f"nested more than {limits.RDF_DEPTH}"),
        Case("nt-control-character", _import("x.nt", '<http://x.org/a> <http://x.org/p> '
                                              '"a\\u001Bb" .\n'), "control character"),
        Case("jsonld-deep-nesting", _import("x.jsonld", '{"@id": "http://x.org/a", '
                                            '"http://x.org/p": ' + "[" * 100_000
                                            + "]" * 100_000 + "}"), "x.jsonld:1:"),
        Case("nt-50mb-literal", _import("x.nt", '<http://x.org/a> <http://x.org/p> "'
                                        + "x" * 50_000_000 + '" .\n'), "16 MiB"),
        Case("nt-2mb-literal", _import("x.nt", '<http://x.org/a> <http://x.org/p> "'
                                       + "x" * 2_000_000 + '" .\n'), "a literal of"),
        Case("nt-long-iri", _import("x.nt", "<http://x.org/" + "a" * 100_000
                                    + '> <http://x.org/p> "x" .\n'), "an IRI of"),
        Case("nt-foreign", _import("x.nt", '<http://x.org/a> <http://x.org/p> "x" .\n'
                                   '<http://x.org/b> <http://x.org/p> "y" .\n'),
             "2 triples about 2 subjects"),
        Case("nt-empty", _import("x.nt", ""), "no triples"),
        Case("nt-blank-node", _import("x.nt", '_:b <http://x.org/p> "x" .\n'), "blank node"),
        Case("nt-relative-iri", _import("x.nt", '<a> <http://x.org/p> "x" .\n'), "x.nt:1:"),
        Case("ttl-deep-blank-nodes", _import("x.ttl", "@prefix x: <http://x.org/> .\nx:a x:p "
                                             + "[ x:p " * 100_000 + "x:c" + " ]" * 100_000
                                             + " .\n"), "blank node"),
        Case("nt-fifo", _fifo("x.nt", lambda d, p: ["import", "rdf", str(p), "--store",
                                                    str(d / "s.db")]), "named pipe"),
        Case("nt-too-big", _sparse("x.nt", limits.RDF_FILE_BYTES + 1,
                                   lambda d, p: ["import", "rdf", str(p), "--store",
                                                 str(d / "s.db")]), "the limit is"),
        # -- the reference cache (alskg refs show) ----------------------------------------
        Case("refs-cache-not-json", _refs_cache(b"{not json"), "not a cached record",
             file="1.json"),
        Case("refs-cache-bad-field", _refs_cache(b'{"pmid": "1", "authors": "Doe J"}\n'),
             "'authors' must be list", file="1.json"),
        Case("refs-cache-too-big", _refs_cache(b" " * (limits.REFS_RECORD_BYTES + 1)),
             "the limit is", file="1.json"),
        # -- stores ------------------------------------------------------------------------
        Case("store-fifo", _fifo("s.db", lambda d, p: ["show", "SOD1", "--store", str(p)]),
             "not a regular file"),
        Case("store-random-bytes", lambda d: ["show", "SOD1", "--store",
                                              str(_write(d / "s.db", os.urandom(8192)))],
             "not an alskg store"),
    ]
