"""neo4j-admin import files: for graphs past what Bolt loading suits (tens of millions of
edges), `neo4j-admin database import full` builds the store offline from CSV.

The rows are the ones the Bolt loader sends (kg/neo4j/rows.py), so an imported database
answers exactly like a loaded one. Arrays and labels are split on the ASCII unit separator,
which no curated text contains.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kg.neo4j.rows import edge_row, node_row
from kg.ontology.model import Ontology

DELIMITER = "\x1f"
STAMP = "neo4j-admin-import"
NODE_FIXED = ["id", "category", "name", "name_lc", "synonyms", "xrefs", "sources", "_load"]
EDGE_FIXED = ["id", "predicate", "source", "findings", "citations", "_load"]


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, list):
        return "double[]" if value and not isinstance(value[0], str) else "string[]"
    return "string"


def _columns(rows: list[dict[str, Any]], fixed: list[str]) -> tuple[dict[str, str], set[str]]:
    """Typed columns for the flattened properties; keys whose type differs between rows
    go back into `_json`, so every column has one type."""
    kinds: dict[str, str] = {}
    mixed: set[str] = set()
    for row in rows:
        for key, value in row["props"].items():
            if key in fixed or key == "_json":
                continue
            kind = _kind(value)
            if kinds.setdefault(key, kind) != kind:
                mixed.add(key)  # even long and double: ints would come back as floats
    return {k: v for k, v in kinds.items() if k not in mixed}, mixed


def _cell(value: Any) -> str:
    """One CSV field. A missing value is an unquoted empty field, which neo4j-admin reads as
    no property; every text is quoted, so that an empty string stays an empty string. (The
    csv module's QUOTE_NONNUMERIC writes None as a quoted "", which the importer stored as
    an empty string on every node.)"""
    if value is None:
        return ""
    if isinstance(value, bool):
        return '"true"' if value else '"false"'
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        value = DELIMITER.join(str(v) for v in value)
    return '"' + str(value).replace('"', '""') + '"'


def _props_with_json(props: dict[str, Any], mixed: set[str]) -> dict[str, Any]:
    moved = {k: props[k] for k in mixed if k in props}
    if not moved:
        return props
    out = {k: v for k, v in props.items() if k not in moved}
    rest = json.loads(out.get("_json") or "{}")
    rest.update(moved)
    out["_json"] = json.dumps(rest, sort_keys=True)
    return out


def _write(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        fh.write(",".join(_cell(h) for h in header) + "\n")
        fh.writelines(",".join(row) + "\n" for row in rows)


def _table(path: Path, rows: list[dict[str, Any]], fixed: list[str], lead: list[str],
           lead_cells: Callable[[dict[str, Any]], list[Any]], fixed_header: list[str]) -> None:
    """One CSV: the lead columns (ids, labels or type), the fixed record fields, `_json`,
    then one typed column per flattened property."""
    typed, mixed = _columns(rows, ["id", *fixed])  # the id is a lead column of both
    extra = sorted(typed)
    header = lead + fixed_header + ["_json"] + [f"{k}:{typed[k]}" for k in extra]
    _write(path, header, (
        [_cell(c) for c in lead_cells(r)] + [_cell(p.get(k)) for k in fixed]
        + [_cell(p.get("_json"))] + [_cell(p.get(k)) for k in extra]
        for r in rows for p in [_props_with_json(r["props"], mixed)]))


def import_arguments(directory: Path, database: str = "neo4j") -> list[str]:
    """The arguments of `neo4j-admin` (or of Neo4j's AdminTool) that import these files."""
    return ["database", "import", "full", database, "--overwrite-destination",
            "--array-delimiter=U+001F", "--multiline-fields=true",
            f"--nodes={directory / 'nodes.csv'}",
            f"--relationships={directory / 'relationships.csv'}"]


def write_import_files(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
                       ontology: Ontology, directory: Path,
                       database: str = "neo4j") -> dict[str, Any]:
    directory.mkdir(parents=True, exist_ok=True)
    node_rows = [node_row(n, ontology, STAMP) for n in nodes]
    _table(directory / "nodes.csv", node_rows, NODE_FIXED[1:], ["id:ID", ":LABEL"],
           lambda r: [r["props"]["id"], DELIMITER.join(r["labels"])],
           ["category", "name", "name_lc", "synonyms:string[]", "xrefs:string[]",
            "sources:string[]", "_load"])
    edge_rows = [edge_row(e, ontology, STAMP) for e in edges]
    _table(directory / "relationships.csv", edge_rows, EDGE_FIXED,
           [":START_ID", ":END_ID", ":TYPE"], lambda r: [r["subject"], r["object"], r["type"]],
           ["id", "predicate", "source", "findings:string[]", "citations:string[]", "_load"])
    # the database name before the file options: --relationships takes a list of files, so
    # a name after it was read as one more file ("File 'neo4j' doesn't exist")
    command = ["neo4j-admin", *import_arguments(directory, database)]
    script = directory / "import.sh"
    script.write_text(
        "#!/bin/sh\n# Build a Neo4j database offline from these files; the server must be "
        "stopped.\n# Then create the constraint and indexes with `alskg neo4j load` "
        "(it creates them first and finds every row in place).\n"
        + " ".join(shlex.quote(c) for c in command) + "\n")
    script.chmod(0o755)
    return {"nodes": len(node_rows), "edges": len(edge_rows), "directory": str(directory),
            "command": " ".join(shlex.quote(c) for c in command)}
