"""Every validation rule, each triggered by a bad file: the exact file:line, exit code 1,
no traceback, and no store written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli

GOOD_ENTITIES = """\
entities:
  - id: alskg:seed-article
    category: Publication
    name: ALS research updates in children
  - id: NCBIGene:6647
    category: Gene
    name: SOD1
  - id: alskg:pediatric-als
    category: Disease
    name: pediatric ALS
"""

FINDING = """\
findings:
  - id: alskg:F-1
    subject: NCBIGene:6647
    predicate: genetic_basis_for
    object: alskg:pediatric-als
    evidence: ECO:0000304
    population: pediatric
    citations: [alskg:seed-article]
"""

# (name, file text, line of the problem, kind reported)
CASES = [
    ("broken-yaml", GOOD_ENTITIES + "  - id: [unclosed\n", 11, "yaml-syntax"),
    ("wrong-shape", "- just\n- a list\n", 1, "wrong-shape"),
    ("unknown-top-key", "things:\n  - 1\n", 1, "wrong-shape"),
    ("unknown-category", GOOD_ENTITIES + "  - id: alskg:x\n    category: Gnee\n    name: x\n",
     12, "unknown-category"),
    ("unknown-predicate", GOOD_ENTITIES + FINDING.replace("genetic_basis_for", "causes_it"),
     14, "unknown-predicate"),
    ("unknown-term", GOOD_ENTITIES + FINDING.replace("population: pediatric",
                                                     "population: toddler"),
     17, "unknown-term"),
    ("bad-id", GOOD_ENTITIES + "  - id: NCBIGene:SOD1\n    category: Gene\n    name: x\n",
     11, "bad-id"),
    ("dangling-reference", GOOD_ENTITIES + FINDING.replace("NCBIGene:6647", "NCBIGene:999999999"),
     12, "dangling-reference"),
    ("missing-citation", GOOD_ENTITIES + FINDING.replace(
        "    citations: [alskg:seed-article]\n", ""), 12, "missing-citation"),
    ("duplicate-id", GOOD_ENTITIES + "  - id: NCBIGene:6647\n    category: Gene\n"
     "    name: SOD1 again\n", 11, "duplicate-id"),
    ("domain-range", GOOD_ENTITIES + FINDING.replace("object: alskg:pediatric-als",
                                                     "object: alskg:seed-article"),
     12, "domain-range"),
    ("unknown-field", GOOD_ENTITIES + "  - id: alskg:x\n    category: Disease\n    name: x\n"
     "    colour: red\n", 14, "unknown-field"),
    ("missing-modality", GOOD_ENTITIES + "  - id: alskg:drug\n    category: Therapy\n"
     "    name: a drug\n", 11, "missing-field"),
]


@pytest.mark.parametrize(("name", "text", "line", "kind"), CASES, ids=[c[0] for c in CASES])
def test_each_rule_names_file_and_line(tmp_path: Path, name: str, text: str, line: int,
                                       kind: str) -> None:
    bad = tmp_path / f"{name}.yaml"
    bad.write_text(text)
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{bad}:{line}: error:" in result.stderr, result.stderr
    assert f"[{kind}]" in result.stderr
    # the summary counts problems per kind instead of flooding
    assert f"of kind {kind}" in result.stderr

    store = tmp_path / "store.db"
    built = run_cli("build", str(bad), "--store", str(store))
    assert built.returncode == 1
    assert "nothing was written" in built.stderr
    assert not store.exists()


def test_binary_file(tmp_path: Path) -> None:
    bad = tmp_path / "image.yaml"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}:1: error: binary file" in result.stderr
    assert "Traceback" not in result.stderr


def test_not_utf8(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(GOOD_ENTITIES.encode() + "  - id: alskg:caf\xe9\n".encode("latin-1"))
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert f"{bad}:11: error: not UTF-8" in result.stderr


def test_missing_file(tmp_path: Path) -> None:
    result = run_cli("validate", str(tmp_path / "nope.yaml"))
    assert result.returncode == 1
    assert "no such file" in result.stderr


def test_json_report_for_tools(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD_ENTITIES + FINDING.replace("population: pediatric", "population: x"))
    result = run_cli("validate", str(bad), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["counts"] == {"unknown-term": 1}
    assert report["problems"][0]["line"] == 17
    assert report["problems"][0]["file"] == str(bad)


def test_flood_is_capped(tmp_path: Path) -> None:
    bad = tmp_path / "many.yaml"
    items = "".join(f"  - id: NCBIGene:x{i}\n    category: Gene\n    name: g{i}\n"
                    for i in range(60))
    bad.write_text("entities:\n" + items)
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    error_lines = [ln for ln in result.stderr.splitlines() if ": error: " in ln]
    assert len(error_lines) == 20
    assert "60 errors of kind bad-id (40 not shown)" in result.stderr


def test_valid_fixture_passes() -> None:
    result = run_cli("validate", str(FIXTURES / "mini"))
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_usage_error_exit_code() -> None:
    result = run_cli("validate", "--format", "xml")
    assert result.returncode == 2


def test_a_workspace_finding_may_not_reuse_a_shipped_finding_id(tmp_path: Path) -> None:
    """A new-user trial wrote a finding under a shipped finding's id: it passed validation
    and its edge showed the shipped statement, population and citations as its evidence."""
    run_cli("init", str(tmp_path / "lab"))
    data = tmp_path / "lab" / "data" / "mine.yaml"
    data.write_text("""\
findings:
  - id: alskg:F-seed-FUS
    statement: SOD1 variants cause ALS6.
    subject: NCBIGene:6647
    predicate: genetic_basis_for
    object: OMIM:608030
    evidence: ECO:0000305
    population: adult
    citations: [PMID:19251628]
""", encoding="utf-8")
    env = {"ALSKG_HOME": str(tmp_path / "lab")}
    result = run_cli("validate", cwd=tmp_path / "lab", env=env)
    assert result.returncode == 1, result.stdout
    assert "data/mine.yaml:2: error: duplicate id alskg:F-seed-FUS" in result.stderr
    assert "Traceback" not in result.stderr
    built = run_cli("build", cwd=tmp_path / "lab", env=env)
    assert built.returncode == 1 and not (tmp_path / "lab" / ".alskg" / "graph.db").exists()


def test_alskg_home_hiding_a_workspace_is_said(tmp_path: Path) -> None:
    """With ALSKG_HOME set elsewhere, validate inside a workspace checks ALSKG_HOME's data:
    a new-user trial took the silence for its own files being valid."""
    run_cli("init", str(tmp_path / "lab"))
    (tmp_path / "home").mkdir()
    result = run_cli("validate", cwd=tmp_path / "lab" / "data",
                     env={"ALSKG_HOME": str(tmp_path / "home")})
    assert f"the workspace at {tmp_path / 'lab'} is not" in result.stderr
    inside = run_cli("validate", cwd=tmp_path / "lab", env={"ALSKG_HOME": str(tmp_path / "lab")})
    assert "note:" not in inside.stderr and inside.returncode == 0
