"""The reference the one writer of Neo4j's import files (kg/neo4j/csv_store.py) is held to:
a chunk of the Bolt loader's rows (kg/neo4j/rows.py) written the plain way, row by row, as
the project wrote them before the writer from stored records took over. Tests only."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg.neo4j.csv_files import (
    DELIMITER,
    EDGE_HEADER,
    EDGE_KNOWN,
    MISSING,
    NODE_HEADER,
    NODE_KNOWN,
    Plan,
    array_cell,
    cell,
    mark_one_line,
    quick_line,
    text_cell,
)


def _node_cells(row: dict[str, Any]) -> str:
    p = row["props"]
    get = p.get
    return ",".join((text_cell(p["id"]), text_cell(DELIMITER.join(row["labels"])),
                     text_cell(get("category")), text_cell(get("name")),
                     text_cell(get("name_lc")), array_cell(get("synonyms")),
                     array_cell(get("xrefs")), array_cell(get("sources")),
                     text_cell(get("_load")), text_cell(get("_json"))))


def _edge_cells(row: dict[str, Any]) -> str:
    p = row["props"]
    get = p.get
    return ",".join((text_cell(row["subject"]), text_cell(row["object"]),
                     text_cell(row["type"]), text_cell(get("id")), text_cell(get("predicate")),
                     text_cell(get("source")), array_cell(get("findings")),
                     array_cell(get("citations")), text_cell(get("_load")),
                     text_cell(get("_json"))))


def _node_values(row: dict[str, Any]) -> list[str]:
    p = row["props"]
    get = p.get
    return [p["id"], DELIMITER.join(row["labels"]), get("category", MISSING),
            get("name", MISSING), get("name_lc", MISSING),
            DELIMITER.join(get("synonyms") or [MISSING]), DELIMITER.join(get("xrefs") or [MISSING]),
            DELIMITER.join(get("sources") or [MISSING]), get("_load", MISSING),
            get("_json", MISSING)]


def _edge_values(row: dict[str, Any]) -> list[str]:
    p = row["props"]
    get = p.get
    return [row["subject"], row["object"], row["type"], get("id", MISSING),
            get("predicate", MISSING), get("source", MISSING),
            DELIMITER.join(get("findings") or [MISSING]),
            DELIMITER.join(get("citations") or [MISSING]), get("_load", MISSING),
            get("_json", MISSING)]


def write_group(directory: Path, stem: str, rows: list[dict[str, Any]],
                kind: str) -> int:
    """Write rows (node_row or edge_row results) as the group `stem`: `stem.header.csv` and
    `stem.csv`. Returns the row count; no rows, no files."""
    if not rows:
        return 0
    nodes = kind == "nodes"
    known, fixed_values, fixed_cells = ((NODE_KNOWN, _node_values, _node_cells) if nodes
                                        else (EDGE_KNOWN, _edge_values, _edge_cells))
    # the typed columns of this chunk: a key whose type differs between rows goes into
    # `_json` (even long and double: ints would come back as floats)
    plans: dict[tuple[Any, ...], Plan] = {}
    row_plans: list[Plan] = []
    kinds: dict[str, str] = {}
    mixed: set[str] = set()
    for row in rows:
        props = row["props"]
        shape = (tuple(props), tuple(map(type, props.values())))
        plan = plans.get(shape)
        if plan is None:
            plan = plans[shape] = Plan(props, known)
            for key, k in plan.kinds.items():
                if kinds.setdefault(key, k) != k:
                    mixed.add(key)
        row_plans.append(plan)
        for key in plan.lists:  # an empty list has no member to type it by
            value = props[key]
            if value:
                k = "double[]" if value[0].__class__ is not str else "string[]"
                if kinds.setdefault(key, k) != k:
                    mixed.add(key)
    # columns in the order rows have their keys, so most rows' cells are in column order
    typed = [k for k in kinds if k not in mixed]
    for plan in plans.values():
        plan.fast = (plan.keys == typed[:len(plan.keys)]
                     and not any(kinds[k] != plan.kinds[k] for k in plan.lists))
    header = (NODE_HEADER if nodes else EDGE_HEADER) + [f"{k}:{kinds[k]}" for k in typed]
    position = {k: i for i, k in enumerate(typed)}
    with (directory / f"{stem}.header.csv").open("w", encoding="utf-8") as fh:
        fh.write(",".join(cell(h) for h in header) + "\n")
    one_line = True
    with (directory / f"{stem}.csv").open("w", encoding="utf-8", newline="") as fh:
        out: list[str] = []
        for row, plan in zip(rows, row_plans, strict=True):
            line = None
            if plan.fast:
                try:
                    values = fixed_values(row) + plan.values(row["props"])
                    values += [MISSING] * (len(typed) - len(plan.keys))
                    line = quick_line(values)
                except TypeError:  # a fixed value that is not text
                    pass
            text = line or _careful(row, plan.keys, mixed, position, fixed_cells)
            if one_line and ("\n" in text or "\r" in text):
                one_line = False
            out.append(text + "\n")
            if len(out) >= 10_000:
                fh.writelines(out)
                out.clear()
        fh.writelines(out)
    mark_one_line(directory / stem, one_line)
    return len(rows)


def _careful(row: dict[str, Any], keys: list[str], mixed: set[str], position: dict[str, int],
             fixed_cells: Callable[[dict[str, Any]], str]) -> str:
    """One row, cell by cell: for rows with a quote in a value, a key whose type differs
    within the chunk (moved into `_json`), or a shape the fast path does not take."""
    props = row["props"]
    cells = [""] * len(position)
    moved = {}
    for key in keys:
        if key in mixed:
            moved[key] = props[key]
        else:
            cells[position[key]] = cell(props[key])
    if moved:
        rest = json.loads(props.get("_json") or "{}")
        rest.update(moved)
        row = {**row, "props": {**props, "_json": json.dumps(rest, sort_keys=True)}}
    return fixed_cells(row) + ("," + ",".join(cells) if cells else "")
