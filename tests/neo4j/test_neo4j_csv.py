"""neo4j-admin import files: one row per node and edge, typed headers, the exact command."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from kg import api
from kg.model import edge_id
from kg.neo4j.csv_files import DELIMITER
from kg.store.backend import EmbeddedBackend
from kg.store.graph import to_networkx
from tests.conftest import run_cli


def read_rows(directory: Path, kind: str) -> list[dict[str, str]]:
    """Every row of every group of `kind`, each group read with its own header."""
    rows = []
    headers = sorted(directory.glob(f"{kind}-*.header.csv"))
    assert headers, f"no {kind} groups in {directory}"
    for header in headers:
        data = header.with_name(header.name.replace(".header.csv", ".csv"))
        text = header.read_text(encoding="utf-8") + data.read_text(encoding="utf-8")
        rows.extend(csv.DictReader(io.StringIO(text, newline="")))
    return rows


def test_import_files_hold_every_record(tmp_path: Path, shipped_store: Path) -> None:
    result = api.export_neo4j_csv(tmp_path / "csv", shipped_store)
    graph = to_networkx(EmbeddedBackend(shipped_store).store)
    nodes = read_rows(tmp_path / "csv", "nodes")
    rels = read_rows(tmp_path / "csv", "relationships")
    assert len(nodes) == result["nodes"] == graph.number_of_nodes()
    assert len(rels) == result["edges"] == graph.number_of_edges()
    # the id is the :ID column only, never repeated as a property column
    assert [c for c in nodes[0] if c.split(":")[0] == "id"] == ["id:ID"]
    sod1 = next(n for n in nodes if n["id:ID"] == "NCBIGene:6647")
    assert sod1[":LABEL"].split(DELIMITER)[:2] == ["Entity", "Gene"]
    assert "HGNC:11179" in sod1["xrefs:string[]"].split(DELIMITER)
    assert {r[":TYPE"] for r in rels} >= {"TARGETS", "GENETIC_BASIS_FOR", "CITES"}
    # an edge's id is written only where its ends, predicate and source do not give it
    derived = {edge_id(r[":START_ID"], r["predicate"], r[":END_ID"], r["source"])
               for r in rels if not r["id"]}
    assert derived | {r["id"] for r in rels if r["id"]} == {
        k for _, _, k in graph.edges(keys=True)}
    negated = [r for r in rels if r.get("negated:boolean") == "true"]
    # negated edges (VALOR's missed endpoint, ...): each keeps its own id, never derived
    assert len(negated) >= 10 and all(r["id"] for r in negated)
    script = (tmp_path / "csv" / "import.sh").read_text()
    assert "neo4j-admin database import full" in script and "--array-delimiter=U+001F" in script
    # every group is in the command, and the command is the script's
    for header in (tmp_path / "csv").glob("*.header.csv"):
        assert str(header) in script
    cli = run_cli("export", "neo4j-csv", str(tmp_path / "cli"), "--store", str(shipped_store))
    assert cli.returncode == 0 and "neo4j-admin database import full" in cli.stdout
