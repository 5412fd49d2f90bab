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
    # an error about one end of a statement points at the line of that end's key
    ("dangling-reference", GOOD_ENTITIES + FINDING.replace("NCBIGene:6647", "NCBIGene:999999999"),
     13, "dangling-reference"),
    ("missing-citation", GOOD_ENTITIES + FINDING.replace(
        "    citations: [alskg:seed-article]\n", ""), 12, "missing-citation"),
    ("duplicate-id", GOOD_ENTITIES + "  - id: NCBIGene:6647\n    category: Gene\n"
     "    name: SOD1 again\n", 11, "duplicate-id"),
    ("domain-range", GOOD_ENTITIES + FINDING.replace("object: alskg:pediatric-als",
                                                     "object: alskg:seed-article"),
     15, "domain-range"),
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
    # its one claim of the uncited seed article rests on no primary source: a warning only
    assert result.stdout.endswith("0 errors, 1 warning\n"), result.stdout
    assert "findings.yaml:2: warning: finding alskg:F-test-1 cites no primary source " \
        "(alskg:seed-article)" in result.stdout


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
  - id: alskg:F-gen-jals-FUS
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
    assert "data/mine.yaml:2: error: duplicate id alskg:F-gen-jals-FUS" in result.stderr
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


# -- errors that say what to write ------------------------------------------------------------

def _problems(tmp_path: Path, text: str) -> list[str]:
    """The problems of one workspace file validated with the shipped knowledge, as printed."""
    from kg import api

    bad = tmp_path / "finding.yaml"
    bad.write_text(text)
    _, problems = api.validate([bad], shipped=True)
    return [str(p).replace(str(bad), "finding.yaml") for p in problems
            if p.file == str(bad) or p.file.endswith("finding.yaml")]


WORKSPACE_FINDING = """\
findings:
  - id: alskg:ws-F1
    statement: Mutations in FUS cause ALS6.
    subject: NCBIGene:2521
    predicate: genetic_basis_for
    object: OMIM:608030
    evidence: ECO:0006017
    population: any
    citations: [PMID:19251628]
"""


def test_a_symbol_where_a_curie_belongs_gets_the_curie_to_write(tmp_path: Path) -> None:
    shown = _problems(tmp_path, WORKSPACE_FINDING.replace("subject: NCBIGene:2521",
                                                          "subject: FUS"))
    assert shown == ["finding.yaml:4: error: 'FUS' is not a CURIE (expected prefix:local_id); "
                     "did you mean NCBIGene:2521 (FUS, a Gene)? [bad-id]"]
    lower = _problems(tmp_path, WORKSPACE_FINDING.replace("object: OMIM:608030",
                                                          "object: tardbp"))
    assert lower and lower[0].startswith("finding.yaml:6: error: 'tardbp' is not a CURIE")
    assert "did you mean NCBIGene:23435 (TARDBP, a Gene)?" in lower[0]


def test_a_cross_reference_id_names_the_entity_carrying_it(tmp_path: Path) -> None:
    shown = _problems(tmp_path, WORKSPACE_FINDING.replace("subject: NCBIGene:2521",
                                                          "subject: HGNC:4010"))
    assert shown == ["finding.yaml:4: error: subject HGNC:4010 of 'genetic_basis_for' is not "
                     "defined anywhere; it is a cross-reference of NCBIGene:2521 (FUS, a Gene): "
                     "write that id [dangling-reference]"]


def test_enumerated_fields_list_their_values(tmp_path: Path) -> None:
    shown = _problems(tmp_path, WORKSPACE_FINDING.replace("population: any",
                                                          "population: children"))
    assert shown == ["finding.yaml:8: error: 'children' is not a known population; allowed: "
                     "pediatric, juvenile, adult, any [unknown-term]"]
    typo = _problems(tmp_path, WORKSPACE_FINDING.replace("population: any",
                                                         "population: juvenil"))
    assert "(did you mean 'juvenile'?); allowed: pediatric, juvenile" in typo[0]
    evidence = _problems(tmp_path, WORKSPACE_FINDING.replace("ECO:0006017", "ECO:000601"))
    assert "(did you mean 'ECO:0006017'?); allowed: ECO:0000269," in evidence[0]
    assert "more (alskg ontology list -k values)" in evidence[0]
    predicate = _problems(tmp_path, WORKSPACE_FINDING.replace("genetic_basis_for", "causes"))
    assert predicate[0].startswith("finding.yaml:5: error: unknown predicate 'causes'; "
                                   "allowed: genetic_basis_for, ")
    assert "more (alskg ontology list -k predicates)" in predicate[0]


@pytest.mark.parametrize(("text", "line", "column"), [
    ("findings:\n  - id: alskg:ws-F1\n\tsubject: x\n", 3, 1),   # libyaml: violates indentation
    ("findings:\n\t- id: alskg:ws-F1\n", 2, 1),                   # libyaml: cannot start any token
    ("findings:\n  -\tid: alskg:ws-F1\n", 2, 4),
])
def test_a_tab_gets_its_own_message(tmp_path: Path, text: str, line: int, column: int) -> None:
    assert _problems(tmp_path, text) == [
        f"finding.yaml:{line}: error: a tab character at column {column}: YAML indents with "
        "spaces only; replace the tab with spaces [yaml-syntax]"]


def test_a_bare_pubmed_or_trial_number_gets_its_curie(tmp_path: Path) -> None:
    shown = _problems(tmp_path, WORKSPACE_FINDING.replace("[PMID:19251628]",
                                                          "[19251628, NCT04768972]"))
    assert shown == [
        "finding.yaml:9: error: '19251628' is not a CURIE (expected prefix:local_id); did you "
        "mean PMID:19251628? [bad-id]",
        "finding.yaml:9: error: 'NCT04768972' is not a CURIE (expected prefix:local_id); did "
        "you mean clinicaltrials:NCT04768972? [bad-id]"]


NARRATIVE = """\
entities:
  - id: alskg:my-review
    category: Publication
    name: a review that cites nothing
    publication_types: [uncited narrative review]
  - id: alskg:my-release
    category: Publication
    name: a data release
    publication_types: [data release]
"""


@pytest.mark.parametrize(("evidence", "citations"), [
    ("ECO:0000303", "[alskg:my-review]"),   # an author statement of an uncited narrative
    ("ECO:0006017", "[alskg:my-review]"),
    ("ECO:0006017", "[alskg:my-release]"),  # a release without its version
])
def test_a_finding_citing_only_a_project_publication_is_warned_about(
        tmp_path: Path, evidence: str, citations: str) -> None:
    """A finding resting on an alskg: publication cites nothing a reader can check, whatever
    its evidence code: the claims of an uncited narrative used to be exempt."""
    text = NARRATIVE + WORKSPACE_FINDING.replace("ECO:0006017", evidence).replace(
        "[PMID:19251628]", citations)
    warned = [p for p in _problems(tmp_path, text) if p.endswith("[no-primary-source]")]
    assert warned == [f"finding.yaml:11: warning: finding alskg:ws-F1 cites no primary source "
                      f"({citations.strip('[]')}): cite a PMID, DOI or NCT number, or the "
                      "release (with its version) that asserts it [no-primary-source]"]


def test_a_versioned_release_or_a_paper_is_a_primary_source(tmp_path: Path) -> None:
    release = NARRATIVE.replace("    publication_types: [data release]\n",
                                "    publication_types: [data release]\n    version: \"2025-01\"\n")
    for text in (release + WORKSPACE_FINDING.replace("[PMID:19251628]", "[alskg:my-release]"),
                 NARRATIVE + WORKSPACE_FINDING.replace("[PMID:19251628]",
                                                       "[alskg:my-review, PMID:19251628]")):
        assert not [p for p in _problems(tmp_path, text) if "no-primary-source" in p], text


def test_the_shipped_findings_all_cite_a_primary_source() -> None:
    from kg import api

    _, problems = api.validate([], shipped=True)
    assert not [str(p) for p in problems if p.kind == "no-primary-source"]
    assert not [str(p) for p in problems if p.level == "error"]
