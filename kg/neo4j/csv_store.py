"""neo4j-admin import files straight from the embedded store's rows.

The files are those `write_group` makes of node_row and edge_row (kg/neo4j/csv_files.py),
byte for byte, but a line is made from the stored record without building the row the Bolt
loader sends: a chunk of rows is typed and quoted exactly as write_group does it, and most
relationships (a finding cites a publication, with nothing but its ends) take one f-string.
Chunks are written by forked workers, each reading its own id or rowid range of the store.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from operator import itemgetter
from pathlib import Path
from typing import Any

from kg.backend import PROVENANCE_PREDICATES
from kg.model import DamagedRecord, decode_record, is_derived_id
from kg.neo4j.csv_files import (
    CHUNK_ROWS,
    DELIMITER,
    EDGE_HEADER,
    EDGE_KNOWN,
    MISSING,
    NODE_HEADER,
    NODE_KNOWN,
    WORKERS,
    Plan,
    array_cell,
    cell,
    clear,
    mark_one_line,
    quick_line,
    text_cell,
    write_script,
)
from kg.neo4j.rows import EDGE_KEYS, NODE_KEYS, labels_for
from kg.ontology.model import Ontology

_SCALAR = (str, bool, int, float)
_NUMBER = frozenset({int, float})
_PROVENANCE = PROVENANCE_PREDICATES


class _Shape:
    """What rows.py's _split makes of properties with these keys and value types: the
    keys kept as properties, and the lists whose members decide, row by row, whether they
    are kept or go into `_json`."""

    def __init__(self, props: dict[str, Any], reserved: set[str]) -> None:
        self.props = list(props)
        self.types = {k: type(v) for k, v in props.items()}
        self.kept = [k for k, v in props.items() if not (k in reserved or k.startswith("_"))
                     and (v.__class__ in _SCALAR or v.__class__ is list)]
        self.lists = [k for k in self.kept if self.types[k] is list]
        # (the lists sent to `_json`, the Bolt row's other keys) -> plan
        self.plans: dict[tuple[Any, ...], Plan] = {}


def _storable_list(value: list[Any]) -> bool:
    """rows.py's test of a list: all strings, or all numbers."""
    try:
        DELIMITER.join(value)
        return True
    except TypeError:
        return set(map(type, value)) <= _NUMBER


class _Chunk:
    """The typed property columns of one group, learnt row by row as write_group does:
    one plan per shape of the Bolt row (its keys and their value types), made and typed on
    the first row of that shape; a key whose type differs between rows goes into `_json`."""

    def __init__(self, known: frozenset[str], reserved: set[str]) -> None:
        self.known = known
        self.reserved = reserved
        self.shapes: dict[tuple[Any, ...], _Shape] = {}
        self.plans: dict[tuple[Any, ...], Plan] = {}
        self.kinds: dict[str, str] = {}
        self.mixed: set[str] = set()
        self.typed: list[str] = []
        self.position: dict[str, int] = {}

    def plan(self, props: dict[str, Any], extra: tuple[Any, ...] = ()) -> Plan:
        """The row's plan, whose keys are those kept as properties (the rest go into
        `_json`); `extra` tells apart Bolt rows that differ in their fixed keys."""
        key = (tuple(props), tuple(map(type, props.values())))
        shape = self.shapes.get(key)
        if shape is None:
            shape = self.shapes[key] = _Shape(props, self.reserved)
        dropped = tuple(k for k in shape.lists if not _storable_list(props[k])) \
            if shape.lists else ()
        plan = shape.plans.get((dropped, extra))
        if plan is None:
            kept = tuple(k for k in shape.kept if k not in dropped)
            has_json = len(kept) < len(shape.props)
            bolt = (kept, tuple(shape.types[k] for k in kept), has_json, extra)
            plan = self.plans.get(bolt)
            if plan is None:
                plan = self.plans[bolt] = Plan({k: props[k] for k in kept}, self.known)
                kinds, mixed = self.kinds, self.mixed
                for k, kind in plan.kinds.items():
                    if kinds.setdefault(k, kind) != kind:
                        mixed.add(k)
            shape.plans[(dropped, extra)] = plan
        if plan.lists:  # an empty list has no member to type it by: every row's are typed
            kinds = self.kinds
            for k in plan.lists:
                value = props[k]
                if value:
                    kind = "double[]" if value[0].__class__ is not str else "string[]"
                    if kinds[k] != kind:
                        self.mixed.add(k)
        return plan

    def finish(self) -> None:
        self.typed = [k for k in self.kinds if k not in self.mixed]
        self.position = {k: i for i, k in enumerate(self.typed)}
        for plan in self.plans.values():
            plan.fast = plan.keys == self.typed[:len(plan.keys)]

    def cells(self, plan: Plan, props: dict[str, Any],
              json_text: str | None) -> tuple[str, str | None]:
        """The typed cells of a row written cell by cell, and its `_json` with the keys of
        mixed type moved into it."""
        cells = [""] * len(self.position)
        moved = {}
        for k in plan.keys:
            if k in self.mixed:
                moved[k] = props[k]
            else:
                cells[self.position[k]] = cell(props[k])
        if moved:
            rest = json.loads(json_text or "{}")
            rest.update(moved)
            json_text = json.dumps(rest, sort_keys=True)
        return ("," + ",".join(cells) if cells else ""), json_text

    def header(self, fixed: list[str]) -> str:
        return ",".join(cell(h) for h in fixed + [f"{k}:{self.kinds[k]}"
                                                   for k in self.typed]) + "\n"


def _rest_json(props: dict[str, Any], kept: list[str]) -> str | None:
    """rows.py's `_json`: the properties not kept as properties."""
    rest = {k: v for k, v in props.items() if k not in kept}
    return json.dumps(rest, sort_keys=True) if rest else None


# -- nodes ---------------------------------------------------------------------------------

class _Template:
    """The quick-form cells of every record that has one layout: the same JSON text but
    for what is inside its strings. A record with no backslash holds no quote or escape in
    a string, so splitting it on quotes gives the strings as they are written in a cell;
    `fmt` puts them in place (str.format, with the odd pieces of the split as arguments)."""

    __slots__ = ("plan", "fmt", "quotes")

    def __init__(self, plan: Plan, fmt: str) -> None:
        self.plan = plan
        self.fmt = fmt
        self.quotes = 10 + fmt.count('"')  # with the five quoted cells before it


_LAYOUT = tuple[Callable[[list[str]], Any], dict[Any, "_Template | None"]]


def _key_places(tokens: list[str]) -> list[int]:
    """Where the keys are among the pieces of a record split on quotes: a key's string is
    followed by a colon."""
    return [i for i in range(1, len(tokens), 2) if tokens[i + 1].startswith(":")]


def _field(place: int) -> str:
    return "{" + str(place) + "}"


def _node_template(tokens: list[str], parts: list[Any], plan: Plan) -> _Template | None:
    """The template of a node record whose every value is text, a list of texts or a
    boolean, and that has no `_json`; None for any other."""
    synonyms, xrefs, props, sources = parts
    if list(props) != plan.keys:
        return None
    places = iter(range(1, len(tokens), 2))  # the strings, in the order the JSON has them

    def texts(value: list[Any], empty: str) -> str | None:
        if any(v.__class__ is not str for v in value):
            return None
        return f'"{DELIMITER.join(_field(next(places)) for _ in value)}"' if value else empty

    cells = [texts(synonyms, ""), texts(xrefs, "")]
    typed = []
    for value in props.values():
        next(places)  # the key
        if value.__class__ is str:
            typed.append(_field(next(places)))
            continue
        if value.__class__ is bool:
            typed.append("true" if value else "false")
            continue
        cell = texts(value, '""') if value.__class__ is list else None
        if cell is None:
            return None
        typed.append(cell[1:-1])
    cells += [texts(sources, ""), "", ""]
    if None in cells or next(places, None) is not None:
        return None
    fmt = ",".join(cells) + "".join(f',"{t}"' for t in typed)  # type: ignore[arg-type]
    return _Template(plan, fmt)


def node_lines(rows: Iterable[tuple[str, str, str, str]],
               ontology: Ontology) -> tuple[str, list[str]]:
    """The header line and the data lines of node rows (id, category, name, record).

    A line is made as the row is read, in write_group's quick form: by a template for
    records of a layout already seen (most), else from the decoded record. The rows whose
    plan turns out not to fit the chunk's columns, or that hold a quote, are decoded again
    at the end and written cell by cell (holding every decoded record was slower)."""
    chunk = _Chunk(NODE_KNOWN, NODE_KEYS)
    plan_of = chunk.plan
    labels: dict[str, str] = {}
    layouts: dict[str, _LAYOUT] = {}
    held: list[tuple[Any, ...]] = []
    line: str | None
    for row in rows:
        node_id, category, name, record = row
        label = labels.get(category)
        if label is None:
            label = labels[category] = DELIMITER.join(labels_for(category, ontology))
        tokens = None
        if "\\" not in record and record.isprintable():
            tokens = record.split('"')
            # an even count of pieces is an odd count of quotes: not JSON, never a layout
            layout = layouts.get("|".join(tokens[::2])) if len(tokens) & 1 else None
            if layout is not None:
                template = layout[1].get(layout[0](tokens))
                if template is not None:
                    line = (f'"{node_id}","{label}","{category}","{name}","{name.lower()}",'
                            + template.fmt.format(*tokens))
                    if line.count('"') == template.quotes and "\x1e" not in line:
                        held.append((template.plan, line, row, label))
                        continue
        parts = decode_record(record, 4)
        synonyms, xrefs, props, sources = parts
        plan = plan_of(props)
        json_text = _rest_json(props, plan.keys) if len(plan.keys) < len(props) else None
        try:
            head = [node_id, label, category, name, name.lower(),
                    DELIMITER.join(synonyms) if synonyms else MISSING,
                    DELIMITER.join(xrefs) if xrefs else MISSING,
                    DELIMITER.join(sources) if sources else MISSING, MISSING, json_text or MISSING]
            line = quick_line(head + plan.values(props) if plan.keys else head)
        except TypeError:  # a list member that is not text: written cell by cell
            line = None
        held.append((plan, line, row, label))
        if tokens is not None and line is not None:
            skeleton = "|".join(tokens[::2])
            layout = layouts.get(skeleton)
            if layout is None:
                places = _key_places(tokens)
                getter = (itemgetter(*places) if places else lambda _: ())
                layout = layouts[skeleton] = (getter, {})
            template = _node_template(tokens, parts, plan)
            prefix = f'"{node_id}","{label}","{category}","{name}","{name.lower()}",'
            if template is not None and prefix + template.fmt.format(*tokens) != line:
                template = None  # not the quick form after all: never trusted
            layout[1][layout[0](tokens)] = template
    chunk.finish()
    width = len(chunk.typed)
    out = []
    for plan, line, row, label in held:
        if line is not None and plan.fast:
            out.append(line + "," * (width - len(plan.keys)))
            continue
        node_id, category, name, record = row
        synonyms, xrefs, props, sources = decode_record(record, 4)
        cells, json_text = chunk.cells(plan, props, _rest_json(props, plan.keys))
        out.append(",".join((text_cell(node_id), text_cell(label), text_cell(category),
                             text_cell(name), text_cell(name.lower()), array_cell(synonyms),
                             array_cell(xrefs), array_cell(sources), "",
                             text_cell(json_text))) + cells)
    return chunk.header(NODE_HEADER), out


# -- relationships -------------------------------------------------------------------------

class _EdgeLayouts:
    """Records of edges without properties, decoded by splitting on quotes once a record
    of the same layout (the JSON text but for what is inside its strings) has been decoded
    by json and found to be lists of texts: with no backslash, a string holds no quote or
    escape, so the pieces between quotes are the texts as they are."""

    def __init__(self) -> None:
        self.counts: dict[str, tuple[int, int]] = {}  # layout -> (findings, citations)

    def decode(self, record: str) -> tuple[list[Any], bool]:
        """The record's parts, and whether they came from the split (texts with no quote,
        backslash or control character in them)."""
        if not (record.endswith("],{}]") and "\\" not in record and record.isprintable()):
            return decode_record(record, 3), False
        tokens = record.split('"')
        layout = "|".join(tokens[::2])
        counts = self.counts.get(layout) if len(tokens) & 1 else None
        if counts is not None:
            f = 2 * counts[0]
            return [tokens[1:f:2], tokens[f + 1:f + 2 * counts[1]:2], _NO_PROPS], True
        parts = decode_record(record, 3)
        findings, citations, _ = parts
        if (findings.__class__ is list and citations.__class__ is list
                and tokens[1::2] == findings + citations):
            self.counts[layout] = (len(findings), len(citations))
        return parts, False


_NO_PROPS: dict[str, Any] = {}


def _edge_fixed(subject: str, predicate: str, parts: list[Any]
                ) -> tuple[list[str] | None, list[str] | None, dict[str, Any]]:
    """The findings and citations rows.py writes (None where it leaves them out: a
    provenance edge's findings that are its start, its citations that are none) and the
    properties."""
    findings, citations, props = parts
    if predicate in _PROVENANCE:
        if len(findings) == 1 and findings[0] == subject:
            findings = None
        if not citations:
            citations = None
    return findings, citations, props


def edge_lines(rows: Iterable[tuple[str, str, str, str, str, str]],
               ontology: Ontology) -> tuple[str, list[str]]:
    """The header line and the data lines of edge rows (id, subject, predicate, object,
    source, record), made as node_lines makes them."""
    chunk = _Chunk(EDGE_KNOWN, EDGE_KEYS)
    plan_of, decode = chunk.plan, _EdgeLayouts().decode
    types: dict[str, str] = {}
    out: list[Any] = []  # a line still to be widened by the typed columns, or a held row
    add = out.append
    line: str | None
    for row in rows:
        edge_id, subject, predicate, obj, source, record = row
        derived = is_derived_id(edge_id, subject, predicate, obj, source)
        rel = types.get(predicate)
        if rel is None:
            if predicate not in ontology.predicates:
                raise DamagedRecord("a record is not of the stored shape")
            rel = types[predicate] = ontology.predicates[predicate].rel_type
        if (predicate in _PROVENANCE and record == f'[["{subject}"],[],{{}}]'
                and '"' not in subject and "\\" not in subject):
            # most edges: a finding cites a publication, with nothing but its ends; both
            # of write_group's ways of writing a row give this (with quotes doubled)
            id_cell = "" if derived else text_cell(edge_id)
            line = f'"{subject}","{obj}","{rel}",{id_cell},"{predicate}","{source}",,,,'
            if line.count('"') != (12 if id_cell else 10):
                line = (f"{text_cell(subject)},{text_cell(obj)},{text_cell(rel)},{id_cell},"
                        f"{text_cell(predicate)},{text_cell(source)},,,,")
            add(line)
            continue
        parts, quick = decode(record)
        findings, citations, props = _edge_fixed(subject, predicate, parts)
        written_id = None if derived else edge_id
        if quick:  # no properties, and texts as they are: write_group's quick form
            id_cell = "" if written_id is None else f'"{written_id}"'
            fc = f'"{DELIMITER.join(findings)}"' if findings else ""
            cc = f'"{DELIMITER.join(citations)}"' if citations else ""
            line = f'"{subject}","{obj}","{rel}",{id_cell},"{predicate}","{source}",{fc},{cc},,'
            quotes = 10 + (2 if id_cell else 0) + (2 if fc else 0) + (2 if cc else 0)
            if line.count('"') == quotes and "\x1e" not in line:
                add(line)
                continue
        plan = plan_of(props, (findings is not None, citations is not None,
                               written_id is not None)) if props else _NO_PLAN
        json_text = _rest_json(props, plan.keys) if len(plan.keys) < len(props) else None
        try:
            head = [subject, obj, rel, written_id or MISSING, predicate, source,
                    DELIMITER.join(findings) if findings else MISSING,
                    DELIMITER.join(citations) if citations else MISSING, MISSING,
                    json_text or MISSING]
            line = quick_line(head + plan.values(props) if plan.keys else head)
        except TypeError:  # a list member that is not text: written cell by cell
            line = None
        add(line if line is not None and not plan.keys
            else (plan, line, row, rel, written_id))
    chunk.finish()
    width = len(chunk.typed)
    tail = "," * width
    for i, item in enumerate(out):
        if item.__class__ is str:
            out[i] = item + tail
            continue
        plan, line, row, rel, written_id = item
        if line is not None and plan.fast:
            out[i] = line + "," * (width - len(plan.keys))
            continue
        _, subject, predicate, obj, source, record = row
        findings, citations, props = _edge_fixed(subject, predicate, decode_record(record, 3))
        cells, json_text = tail, _rest_json(props, plan.keys)
        if plan.keys:
            cells, json_text = chunk.cells(plan, props, json_text)
        out[i] = ",".join((text_cell(subject), text_cell(obj), text_cell(rel),
                           text_cell(written_id), text_cell(predicate), text_cell(source),
                           array_cell(findings), array_cell(citations), "",
                           text_cell(json_text))) + cells
    return chunk.header(EDGE_HEADER), out


_NO_PLAN = Plan({}, EDGE_KNOWN)


# -- from the store, on every core ---------------------------------------------------------

_JOB: dict[str, Any] = {}  # what forked workers inherit: the store path, ontology, folder
_NODES = "SELECT id, category, name, record FROM nodes WHERE id >= ?{} ORDER BY id"
_EDGES = ("SELECT id, subject, predicate, object, source, record FROM edges "
          "WHERE rowid >= ? AND rowid < ? ORDER BY rowid")


def write_group(directory: Path, stem: str, kind: str, rows: Iterable[Any],
                ontology: Ontology) -> int:
    """Write store rows of `kind` ("nodes": id, category, name, record; "relationships":
    id, subject, predicate, object, source, record) as the group `stem`: `stem.header.csv`
    and `stem.csv`. Returns the row count; no rows, no files."""
    header, lines = (node_lines(rows, ontology) if kind == "nodes"
                     else edge_lines(rows, ontology))
    if lines:
        group = directory / stem
        group.with_name(stem + ".header.csv").write_text(header, encoding="utf-8")
        body = "\n".join(lines)
        with group.with_name(stem + ".csv").open("w", encoding="utf-8", newline="") as fh:
            fh.write(body)
            fh.write("\n")
        mark_one_line(group, body.count("\n") == len(lines) - 1 and "\r" not in body)
    return len(lines)


def _write_chunk(task: tuple[str, int, Any, Any]) -> int:
    from kg.store.db import Store

    kind, index, lo, hi = task
    store = Store(_JOB["store"])
    collecting = gc.isenabled()
    gc.disable()  # a chunk makes a million objects and no cycles: the collector's scans
    try:          # of them were a third of the time
        if kind == "nodes":
            rows = store.db.execute(_NODES.format(" AND id < ?" if hi is not None else ""),
                                    (lo, hi) if hi is not None else (lo,))
        else:
            rows = store.db.execute(_EDGES, (lo, hi))
        return write_group(_JOB["directory"], f"{kind}-{index:04d}", kind, rows,
                           _JOB["ontology"])
    except (sqlite3.DatabaseError, ValueError) as exc:
        raise store.damaged(exc) from None
    finally:
        store.close()
        if collecting:
            gc.enable()


def _node_bounds(db: sqlite3.Connection, chunk: int) -> list[str]:
    """The first id of each chunk of `chunk` nodes in id order, skipped over by SQLite
    (reading every id into Python took a third of a second at SF100)."""
    first = db.execute("SELECT min(id) FROM nodes").fetchone()[0]
    bounds = [] if first is None else [first]
    while bounds:
        row = db.execute("SELECT id FROM nodes WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?",
                         (bounds[-1], chunk - 1)).fetchone()
        if row is None:
            break
        bounds.append(row[0])
    return bounds


def _tasks(store_path: Path, chunk: int) -> list[tuple[str, int, Any, Any]]:
    """Node chunks by id range, edge chunks by rowid range."""
    from kg.store.db import Store

    store = Store(store_path)
    try:
        starts = _node_bounds(store.db, chunk)
        low, high = store.db.execute("SELECT min(rowid), max(rowid) FROM edges").fetchone()
    except sqlite3.DatabaseError as exc:
        raise store.damaged(exc) from None
    finally:
        store.close()
    tasks: list[tuple[str, int, Any, Any]] = []
    for i, first in enumerate(starts):
        tasks.append(("nodes", i, first, starts[i + 1] if i + 1 < len(starts) else None))
    if low is not None:
        for i, lo in enumerate(range(low, high + 1, chunk)):
            tasks.append(("relationships", i, lo, lo + chunk))
    return tasks


def export_store(store_path: Path, ontology: Ontology, directory: Path,
                 database: str = "neo4j", workers: int = WORKERS,
                 chunk: int = CHUNK_ROWS) -> dict[str, Any]:
    """Import files for a built embedded store: chunks of rows read and written by
    `workers` processes at once."""
    clear(directory)
    tasks = _tasks(store_path, chunk)
    _JOB.update(store=store_path, ontology=ontology, directory=directory)
    counts = {"nodes": 0, "relationships": 0}
    try:
        workers = max(1, min(workers, os.cpu_count() or 1, len(tasks)))
        if workers == 1:
            done = [_write_chunk(t) for t in tasks]
        else:
            ctx = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                done = list(pool.map(_write_chunk, tasks))
    finally:
        _JOB.clear()
    for task, n in zip(tasks, done, strict=True):
        counts[task[0]] += n
    command = write_script(directory, database)
    return {"nodes": counts["nodes"], "edges": counts["relationships"],
            "directory": str(directory), "command": command}
