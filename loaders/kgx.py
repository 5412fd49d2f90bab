"""Another graph's KGX files (nodes and edges, JSON Lines or TSV) as a source of a build.

A workspace keeps each imported graph in `<data folder>/kgx/<name>/` (`alskg import kgx`
copies the files there); every build of the workspace reads it with this loader. Records
alskg wrote itself (`alskg export kgx`) come back exactly: their `alskg_*` attributes name
the alskg category, predicate, sources and properties. Records of other graphs are mapped
through the ontology's Biolink mappings (kg/kgx/terms.py); a category, predicate or prefix
alskg has no place for is skipped and reported once, with its count.

Hostile input is bounded as every reader is (kg/limits.py): the file size, the length of a
line, the nesting of its JSON, control characters; a bad row is one problem naming
`file:line`, never a traceback.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import limits
from kg.kgx import terms as kt
from kg.model import Edge, Location, Node
from kg.ontology.model import Ontology
from kg.problems import FileError, Problem
from kg.rdf.terms import EDGE_ID
from kg.yaml.read import display_path
from loaders.base import Item
from loaders.ontology_terms import ONTOLOGY_SOURCE

KGX_SOURCE = "alskg:kgx"
SUFFIXES = (".jsonl", ".tsv")
LIST_COLUMNS = frozenset({"category", "synonym", "xref", "provided_by",
                          "aggregator_knowledge_source", "publications", "has_evidence",
                          kt.ALSKG_SOURCES, kt.ALSKG_FINDINGS, kt.ALSKG_POPULATION})
_NODE_RESERVED = {kt.ALSKG_CATEGORY, kt.ALSKG_SOURCES}
_EDGE_RESERVED = {kt.ALSKG_SOURCE, kt.ALSKG_FINDINGS, kt.ALSKG_POPULATION}


def kgx_files(folder: Path) -> tuple[Path | None, Path | None]:
    """The nodes and edges files of a folder (JSON Lines before TSV)."""
    found: dict[str, Path | None] = {"nodes": None, "edges": None}
    for kind in found:
        for suffix in SUFFIXES:
            path = folder / f"{kind}{suffix}"
            if path.is_file():
                found[kind] = path
                break
    return found["nodes"], found["edges"]


def _depth(value: Any, level: int = 1) -> int:
    if level > limits.KGX_DEPTH:
        return level
    if isinstance(value, dict):
        return max([level] + [_depth(v, level + 1) for v in value.values()])
    if isinstance(value, list):
        return max([level] + [_depth(v, level + 1) for v in value])
    return level


def _values(value: Any) -> int:
    """Values in a record (each string, number, list and object counts), counted up to just
    past limits.KGX_VALUES."""
    count, stack = 0, [value]
    while stack and count <= limits.KGX_VALUES:
        v = stack.pop()
        count += 1
        if isinstance(v, dict):
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return count


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    name = display_path(path)
    with limits.open_regular(path, limits.KGX_FILE_BYTES, name) as fh:
        yield from limits.read_lines(fh, name, limits.KGX_LINE_CHARS, " (docs/security.md)")


def _tsv_value(key: str, text: str, ontology: Ontology) -> Any:
    if key in LIST_COLUMNS:
        return text.split("|")
    if key == "negated":
        return text.lower() == "true"
    if key.startswith(kt.PROPERTY_PREFIX):
        spec = ontology.properties.get(key[len(kt.PROPERTY_PREFIX):])
        if text[:1] in "[{" or text in ("true", "false") or (
                spec is not None and spec.type in ("integer", "number", "int")):
            try:
                return json.loads(text)
            except ValueError:
                return text
        if spec is not None and spec.is_list:
            return text.split("|")
    return text


def records(path: Path, ontology: Ontology) -> Iterator[tuple[int, dict[str, Any] | Problem]]:
    """(line, record) for each row of a KGX file, or (line, problem) for a bad one."""
    name = display_path(path)
    columns: list[str] | None = None
    tsv = path.suffix == ".tsv"
    for lineno, line in _lines(path):
        if not line.strip():
            continue
        if tsv:
            if columns is None:
                columns = line.split("\t")
                continue
            cells = line.split("\t")
            if len(cells) != len(columns):
                yield lineno, Problem(name, lineno, "error", "kgx-row",
                                      f"{len(cells)} columns, the header has {len(columns)}")
                continue
            rec: Any = {k: _tsv_value(k, v, ontology)
                        for k, v in zip(columns, cells, strict=True) if v != ""}
        else:
            try:
                rec = json.loads(line)
            except RecursionError:
                yield lineno, Problem(name, lineno, "error", "kgx-row",
                                      f"JSON nested deeper than {limits.KGX_DEPTH} levels")
                continue
            except ValueError as exc:
                yield lineno, Problem(name, lineno, "error", "kgx-row",
                                      f"not a JSON object: {str(exc)[:120]}")
                continue
            if not isinstance(rec, dict):
                yield lineno, Problem(name, lineno, "error", "kgx-row",
                                      "not a JSON object (a KGX record is one per line)")
                continue
            if _depth(rec) > limits.KGX_DEPTH:
                yield lineno, Problem(name, lineno, "error", "kgx-row",
                                      f"JSON nested deeper than {limits.KGX_DEPTH} levels")
                continue
        if _values(rec) > limits.KGX_VALUES:
            yield lineno, Problem(name, lineno, "error", "kgx-row",
                                  f"more than {limits.KGX_VALUES:,} values in one record "
                                  "(docs/security.md)")
            continue
        bad = next((s for s in _strings(rec) if limits.CONTROL.search(s)), None)
        if bad is not None:
            yield lineno, Problem(name, lineno, "error", "kgx-row",
                                  "a value holds a control character")
            continue
        yield lineno, rec


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


@dataclass
class KgxSource:
    """The KGX files in `folder` (nodes.jsonl|tsv, edges.jsonl|tsv)."""

    folder: Path
    source_id: str = KGX_SOURCE
    version: str = ""
    skipped: Counter[tuple[str, str]] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        if not self.version:
            self.version = f"KGX files in {self.folder.name}"

    def read(self, ontology: Ontology) -> Iterator[Item]:
        nodes_path, edges_path = kgx_files(self.folder)
        if nodes_path is None and edges_path is None:
            yield Problem(display_path(self.folder), 0, "error", "kgx-files",
                          "no nodes.jsonl, nodes.tsv, edges.jsonl or edges.tsv here")
            return
        first: dict[tuple[str, str], str] = {}
        dropped: set[str] = set()
        try:
            if nodes_path is not None:
                for line, rec in records(nodes_path, ontology):
                    if isinstance(rec, Problem):
                        yield rec
                        continue
                    item = self._node(rec, ontology, Location(display_path(nodes_path), line),
                                      first, dropped)
                    if item is not None:
                        yield item
            if edges_path is not None:
                for line, rec in records(edges_path, ontology):
                    if isinstance(rec, Problem):
                        yield rec
                        continue
                    item = self._edge(rec, ontology, Location(display_path(edges_path), line),
                                      first, dropped)
                    if item is not None:
                        yield item
        except FileError as exc:
            yield exc.problem("kgx-file")
            return
        for (kind, what), n in sorted(self.skipped.items()):
            file, _, at = first[(kind, what)].rpartition(":")
            yield Problem(file, int(at), "warning", f"kgx-unknown-{kind}",
                          f"{n:,} record{'s' if n != 1 else ''} skipped: {kind} {what} has "
                          "no place in alskg's ontology (first here)")

    def _skip(self, kind: str, what: str, loc: Location,
              first: dict[tuple[str, str], str]) -> None:
        self.skipped[(kind, what)] += 1
        first.setdefault((kind, what), str(loc))

    def _node(self, rec: dict[str, Any], ontology: Ontology, loc: Location,
              first: dict[tuple[str, str], str], dropped: set[str]) -> Item | None:
        raw_id = rec.get("id")
        if not isinstance(raw_id, str) or not raw_id:
            return Problem(loc.file, loc.line, "error", "kgx-row", "node without an 'id'")
        nid = kt.from_biolink(raw_id)
        category = rec.get(kt.ALSKG_CATEGORY)
        if category not in ontology.categories:
            category = None
            for cls in _str_list(rec.get("category")):
                category = kt.category_from(ontology, cls)
                if category:
                    break
        if category is None:
            what = ", ".join(_str_list(rec.get("category"))) or "(none)"
            self._skip("category", what, loc, first)
            dropped.add(nid)
            return None
        if ontology.curie_problem(nid):
            self._skip("prefix", nid.partition(":")[0] + ":", loc, first)
            dropped.add(nid)
            return None
        ours = kt.ALSKG_CATEGORY in rec
        if ours and nid in ontology.terms and rec.get(kt.ALSKG_SOURCES) == [ONTOLOGY_SOURCE]:
            return None  # every build has the ontology's own terms already
        props: dict[str, Any] = {}
        description = rec.get("description")
        if isinstance(description, str) and description:
            props["definition"] = description
        if ours:
            for key, value in rec.items():
                if key.startswith(kt.PROPERTY_PREFIX) and key not in _NODE_RESERVED:
                    props[key[len(kt.PROPERTY_PREFIX):]] = value
        name = rec.get("name")
        sources = _str_list(rec.get(kt.ALSKG_SOURCES)) or [self.source_id]
        return Node(id=nid, category=str(category),
                    name=name if isinstance(name, str) and name else nid,
                    synonyms=_str_list(rec.get("synonym")),
                    xrefs=[kt.from_biolink(x) for x in _str_list(rec.get("xref"))],
                    properties=props, sources=sources, location=loc)

    def _edge(self, rec: dict[str, Any], ontology: Ontology, loc: Location,
              first: dict[tuple[str, str], str], dropped: set[str]) -> Item | None:
        s, o = rec.get("subject"), rec.get("object")
        if not (isinstance(s, str) and s and isinstance(o, str) and o):
            return Problem(loc.file, loc.line, "error", "kgx-row",
                           "edge without a 'subject' or 'object'")
        s, o = kt.from_biolink(s), kt.from_biolink(o)
        original = rec.get("original_predicate")
        predicate = None
        if isinstance(original, str) and original.startswith(kt.VOCAB) \
                and original[len(kt.VOCAB):] in ontology.predicates:
            predicate = original[len(kt.VOCAB):]
        elif isinstance(rec.get("predicate"), str):
            predicate = kt.predicate_from(ontology, rec["predicate"])
        if predicate is None:
            self._skip("predicate", str(rec.get("predicate") or "(none)"), loc, first)
            return None
        if s in dropped or o in dropped:
            self._skip("endpoint", "skipped above", loc, first)
            return None
        ours = kt.ALSKG_SOURCE in rec
        props: dict[str, Any] = {}
        if isinstance(rec.get("negated"), bool):
            props["negated"] = rec["negated"]
        if ours:
            for key, value in rec.items():
                if key.startswith(kt.PROPERTY_PREFIX) and key not in _EDGE_RESERVED:
                    props[key[len(kt.PROPERTY_PREFIX):]] = value
        else:
            # another graph's knowledge sources stay with the edge (and in a re-export)
            for key in ("primary_knowledge_source", "aggregator_knowledge_source"):
                if key in rec:
                    props[key] = rec[key]
        source = rec.get(kt.ALSKG_SOURCE)
        eid = rec.get("id")
        # alskg's own edge ids come back (a negated edge's id is not the plain hash)
        own_id = eid[len(kt.EDGE_IRI):] if ours and isinstance(eid, str) \
            and eid.startswith(kt.EDGE_IRI) and EDGE_ID.match(eid[len(kt.EDGE_IRI):]) else ""
        return Edge(s, predicate, o, source if isinstance(source, str) else self.source_id,
                    id=own_id,
                    findings=_str_list(rec.get(kt.ALSKG_FINDINGS)),
                    citations=[kt.from_biolink(c) for c in _str_list(rec.get("publications"))],
                    properties=props, location=loc)
