"""Ontology maintenance: every `alskg ontology check` rule on a small broken copy of the
ontology, add and deprecate leaving a valid ontology, the build's handling of deprecated
terms, diff between versions (folders and git revisions), and the SSSOM export."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from kg import api
from kg.ontology.check import Issue, check_ontology, fails, issue_summary
from kg.ontology.diff import diff, diff_ontologies, render_markdown
from kg.ontology.model import load_ontology, read_ontology
from kg.ontology.sssom import COLUMNS, to_sssom
from kg.ontology.tools import add_term, deprecate_term, find_term, list_entries, show_entry
from kg.problems import InputError, render_text
from kg.resources import resource_dir
from loaders.curated import CuratedSource
from loaders.ontology_terms import OntologyTermsSource
from tests.conftest import run_cli

SHIPPED = resource_dir("ontology")


@pytest.fixture
def ont(tmp_path: Path) -> Path:
    """A private copy of the shipped ontology."""
    return Path(shutil.copytree(SHIPPED, tmp_path / "ontology"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new))


def line(path: Path, text: str, nth: int = 1) -> int:
    """1-based line of the nth line (not a comment) containing `text`."""
    hits = [i for i, ln in enumerate(path.read_text().splitlines(), 1)
            if text in ln and not ln.lstrip().startswith("#")]
    assert len(hits) >= nth, f"{text!r} not in {path}"
    return hits[nth - 1]


def only(issues: list[Issue], rule: str) -> Issue:
    found = [i for i in issues if i.rule == rule]
    assert len(found) == 1, (rule, [str(i) for i in issues])
    return found[0]


def deprecate_by_hand(terms: Path, tid: str, label: str, extra: str = "") -> None:
    """Mark a term deprecated by editing the YAML, as a maintainer might."""
    edit(terms, f"  - id: {tid}\n    category: Mechanism\n    label: {label}\n",
         f"  - id: {tid}\n    category: Mechanism\n    label: obsolete {label}\n"
         f"    deprecated: true\n{extra}")


def curated_use(tmp_path: Path, term: str) -> tuple[Path, int]:
    """A curated file whose one finding (line 6) points at `term`; returns it and the line
    of the use (9), which the build and the check both name."""
    path = tmp_path / "curated.yaml"
    path.write_text(f"""\
entities:
  - id: NCBIGene:6647
    category: Gene
    name: SOD1
findings:
  - id: alskg:F-deprecated-use
    subject: NCBIGene:6647
    predicate: involved_in
    object: {term}
    evidence: ECO:0000305
    population: any
    citations: [PMID:1]
""")
    return path, 9


# -- check on the shipped ontology ----------------------------------------------------------


def test_shipped_ontology_passes_check() -> None:
    issues = check_ontology(SHIPPED)
    assert not [str(i) for i in issues if i.level == "ERROR"]
    assert not [str(i) for i in issues if i.level == "WARN"]
    assert not fails(issues)
    result = run_cli("ontology", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 ERROR" in result.stdout


# -- check rules, each on a broken copy -----------------------------------------------------

# (rule, level, file, old text, new text, text on the line the issue must name)
TERM5 = "  - id: alskg:0000005\n    category: Mechanism\n    label: immune modulation\n"
CASES = [
    ("missing-label", "ERROR", "terms.yaml", TERM5,
     "  - id: alskg:0000005\n    category: Mechanism\n", "id: alskg:0000005"),
    ("missing-definition", "WARN", "terms.yaml",
     "    definition: Modulation of immune and inflammatory responses in the nervous system, "
     "one proposed mode of action of stem-cell therapies.\n", "", "id: alskg:0000005"),
    ("duplicate-label", "ERROR", "terms.yaml", "label: glutamate signalling",
     "label: Oxidative Stress", "label: Oxidative Stress"),
    ("label-whitespace", "WARN", "terms.yaml", "label: glutamate signalling",
     "label: glutamate  signalling", "label: glutamate  signalling"),
    ("misused-obsolete-label", "ERROR", "terms.yaml", "label: glutamate signalling",
     "label: obsolete glutamate signalling", "label: obsolete glutamate signalling"),
    ("dangling-parent", "ERROR", "terms.yaml", TERM5, TERM5 + "    parents: [alskg:0000099]\n",
     "parents: [alskg:0000099]"),
    ("cyclic-parent", "ERROR", "terms.yaml", TERM5, TERM5 + "    parents: [alskg:0000005]\n",
     "parents: [alskg:0000005]"),
    ("invalid-id", "ERROR", "terms.yaml", "id: alskg:0000005", "id: alskg:5", "id: alskg:5"),
    ("duplicate-id", "ERROR", "terms.yaml", "id: alskg:0000006", "id: alskg:0000005",
     ("id: alskg:0000005", 2)),
    ("unknown-field", "WARN", "terms.yaml", TERM5, TERM5 + "    replace_by: alskg:0000001\n",
     "replace_by:"),
    ("unknown-category", "ERROR", "terms.yaml", TERM5, TERM5.replace("Mechanism", "Mechanisn"),
     "category: Mechanisn"),
    ("invalid-mapping", "ERROR", "terms.yaml", "mappings: [GO:0006396]", "mappings: [GO:6396]",
     "mappings: [GO:6396]"),
    ("invalid-mapping-predicate", "ERROR", "terms.yaml", "mappings: [GO:0006396]",
     "mappings: [{id: GO:0006396, predicate: owl:sameAs}]", "owl:sameAs"),
    ("duplicate-mapping", "WARN", "terms.yaml", "mappings: [GO:0006396]",
     "mappings: [GO:0006396, {id: GO:0006396, predicate: skos:exactMatch}]", "GO:0006396,"),
    ("duplicate-label-synonym", "WARN", "terms.yaml", "synonyms: [glutamatergic signalling]",
     "synonyms: [Proteostasis]", "synonyms: [Proteostasis]"),
    ("bad-field", "ERROR", "terms.yaml", TERM5, TERM5 + "    deprecated: yes\n",
     "deprecated: yes"),
    ("replacement-on-live-term", "WARN", "terms.yaml", TERM5,
     TERM5 + "    replaced_by: alskg:0000001\n", "replaced_by: alskg:0000001"),
    ("missing-mapping", "INFO", "terms.yaml", "    mappings: [GO:0006979]\n", "",
     "id: alskg:0000007"),
    ("definition-format", "INFO", "terms.yaml", "definition: Signalling by the excitatory",
     "definition: signalling by the excitatory", "definition: signalling"),
    ("yaml-syntax", "ERROR", "terms.yaml", "synonyms: [glutamatergic signalling]",
     "synonyms: [glutamatergic signalling", "synonyms: [glutamatergic signalling"),
    ("missing-id", "ERROR", "terms.yaml", "  - id: alskg:0000005\n    category: Mechanism\n",
     "  - category: Mechanism\n", "- category: Mechanism"),
    ("dangling-parent", "ERROR", "categories.yaml", "parents: [Study]",
     "parents: [Studies]", "parents: [Studies]"),
    ("cyclic-parent", "ERROR", "categories.yaml", "  - id: NamedThing\n",
     "  - id: NamedThing\n    parents: [Gene]\n", "parents: [Gene]"),
    ("duplicate-label", "ERROR", "categories.yaml", "label: pathway", "label: Gene",
     "label: Gene"),
    ("unknown-prefix", "ERROR", "categories.yaml", "prefixes: [NCBIGene, HGNC]",
     "prefixes: [NCBIGene, Ensembl]", "prefixes: [NCBIGene, Ensembl]"),
    ("invalid-mapping", "ERROR", "categories.yaml", "predicate: skos:exactMatch}]\n"
     "    prefixes: [NCBIGene, HGNC]", "predicate: skos:exactMatch}, biolnk:Gene]\n"
     "    prefixes: [NCBIGene, HGNC]", "biolnk:Gene"),
    ("unknown-category", "ERROR", "predicates.yaml",
     "domain: [Gene, Variant]\n    range: [Disease]",
     "domain: [Gene, Varient]\n    range: [Disease]", "domain: [Gene, Varient]"),
    ("missing-domain-range", "WARN", "predicates.yaml",
     "    domain: [Organization]\n    range: [Organization]\n", "    domain: [Organization]\n",
     "id: collaborates_with"),
    ("invalid-id", "ERROR", "predicates.yaml", "id: collaborates_with",
     "id: collaborates-with", "id: collaborates-with"),
    ("unknown-value-set", "ERROR", "values.yaml", "value_set: organization_kind",
     "value_set: organisation_kind", "value_set: organisation_kind"),
    ("invalid-id", "ERROR", "values.yaml", "ECO:0000501: evidence", "ECO:501: evidence",
     "ECO:501:"),
    ("missing-definition", "WARN", "values.yaml", "any: not specific to an age band",
     "any: ''", "any: ''"),
]


@pytest.mark.parametrize(("rule", "level", "name", "old", "new", "where"), CASES,
                         ids=[f"{c[0]}-{c[2].split('.')[0]}" for c in CASES])
def test_check_rule(ont: Path, rule: str, level: str, name: str, old: str, new: str,
                    where: str | tuple[str, int]) -> None:
    path = ont / name
    before = [i for i in check_ontology(ont, curated=[]) if i.rule == rule]
    edit(path, old, new)
    after = [i for i in check_ontology(ont, curated=[]) if i.rule == rule]
    assert len(after) == len(before) + 1, [str(i) for i in after]
    text, nth = where if isinstance(where, tuple) else (where, 1)
    hits = [i for i in after
            if Path(i.file).resolve() == path.resolve() and i.line == line(path, text, nth)]
    assert len(hits) == 1, [str(i) for i in after]
    issue = hits[0]
    assert issue.level == level
    assert fails([issue]) == (level == "ERROR")
    assert str(issue).startswith(f"{issue.file}:{issue.line}: {level}: {rule}: ")


def test_deprecated_without_reason_and_label(ont: Path) -> None:
    terms = ont / "terms.yaml"
    edit(terms, "label: immune modulation\n", "label: immune modulation\n    deprecated: true\n")
    issues = check_ontology(ont, curated=[])
    reason = only(issues, "missing-obsolescence-reason")
    assert (reason.level, reason.line) == ("WARN", line(terms, "deprecated: true"))
    label = only(issues, "missing-obsolete-label")
    assert (label.level, label.line) == ("WARN", line(terms, "label: immune modulation"))
    assert not fails(issues)


@pytest.mark.parametrize(("replacement", "why"), [
    ("alskg:0000099", "is not a term of the ontology"),
    ("alskg:0000006", "is deprecated too"),
    ("alskg:0000005", "is the term itself"),
])
def test_bad_replacement(ont: Path, replacement: str, why: str) -> None:
    terms = ont / "terms.yaml"
    deprecate_by_hand(terms, "alskg:0000005", "immune modulation",
                      f"    replaced_by: {replacement}\n    reason: out of scope\n")
    deprecate_by_hand(terms, "alskg:0000006", "motor neuron regeneration",
                      "    replaced_by: alskg:0000004\n    reason: merged\n")
    issue = only(check_ontology(ont, curated=[]), "bad-replacement")
    assert issue.level == "ERROR"
    assert issue.line == line(terms, f"replaced_by: {replacement}")
    assert why in issue.message


def test_bad_consider(ont: Path) -> None:
    terms = ont / "terms.yaml"
    deprecate_by_hand(terms, "alskg:0000005", "immune modulation",
                      "    consider: [alskg:0000001, alskg:0000077]\n    reason: split\n")
    issue = only(check_ontology(ont, curated=[]), "bad-consider")
    assert (issue.level, issue.line) == ("WARN", line(terms, "consider: [alskg:0000001"))
    assert "alskg:0000077" in issue.message and "alskg:0000001" not in issue.message


def test_live_term_with_deprecated_parent(ont: Path) -> None:
    terms = ont / "terms.yaml"
    deprecate_by_hand(terms, "alskg:0000005", "immune modulation", "    reason: out of scope\n")
    edit(terms, "    label: glutamate signalling\n",
         "    label: glutamate signalling\n    parents: [alskg:0000005]\n")
    issue = only(check_ontology(ont, curated=[]), "deprecated-reference")
    assert (issue.level, issue.line) == ("ERROR", line(terms, "parents: [alskg:0000005]"))


@pytest.mark.parametrize(("extra", "level", "hint"), [
    ("    replaced_by: alskg:0000004\n    reason: merged\n", "WARN", "alskg:0000004"),
    ("    consider: [alskg:0000004]\n    reason: split\n", "ERROR", "consider alskg:0000004"),
])
def test_deprecated_term_used_in_curated_data(ont: Path, tmp_path: Path, extra: str,
                                              level: str, hint: str) -> None:
    deprecate_by_hand(ont / "terms.yaml", "alskg:0000005", "immune modulation", extra)
    curated, use_line = curated_use(tmp_path, "alskg:0000005")
    issue = only(check_ontology(ont, curated=[curated]), "deprecated-term-used")
    assert (Path(issue.file).resolve(), issue.line) == (curated.resolve(), use_line)
    assert issue.level == level
    assert hint in issue.message
    assert fails([issue]) == (level == "ERROR")


def test_check_cli_text_json_and_exit_code(ont: Path) -> None:
    terms = ont / "terms.yaml"
    edit(terms, "label: glutamate signalling", "label: proteostasis")
    bad = run_cli("ontology", "check", "--ontology", str(ont), "--skip-curated")
    assert bad.returncode == 1
    assert f"{terms}:{line(terms, 'label: proteostasis', 2)}: ERROR: duplicate-label: " \
        in bad.stdout
    assert "ERROR duplicate-label" in " ".join(bad.stdout.split())
    runner = CliRunner()
    from kg.cli.main import app

    result = runner.invoke(app, ["ontology", "check", "--ontology", str(ont), "--skip-curated",
                                 "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["rules"]["duplicate-label"] == 1
    assert report["counts"]["ERROR"] == 1
    ok = runner.invoke(app, ["ontology", "check", "--ontology", str(ont), "--skip-curated",
                             "--fail-on", "none"])
    assert ok.exit_code == 0


def test_render_text_summarises_per_rule() -> None:
    issues = [Issue("a.yaml", n, "WARN", "unknown-field", f"x{n}") for n in range(1, 26)]
    text = render_text(issues, issue_summary, kind="rule")
    assert text.count("WARN: unknown-field") == 20
    assert "unknown-field                28"[:20] in text
    assert "(5 not shown" in text
    assert text.endswith("0 ERROR, 25 WARN, 0 INFO")


# -- add and deprecate ----------------------------------------------------------------------


def test_add_appends_a_well_formed_term_and_keeps_the_file(ont: Path) -> None:
    terms = ont / "terms.yaml"
    before = terms.read_text()
    result = add_term("axonal transport", "Transport of cargo along the axon.",
                      parents=["intracellular trafficking"], synonyms=["axoplasmic transport"],
                      mappings=["exact:GO:0098930", "GO:0008088"], directory=ont)
    assert result["id"] == "alskg:0000011"
    after = terms.read_text()
    assert after.startswith(before)  # comments and layout untouched
    assert after[len(before):] == (
        "  - id: alskg:0000011\n"
        "    category: Mechanism\n"
        "    label: axonal transport\n"
        "    definition: Transport of cargo along the axon.\n"
        "    synonyms: [axoplasmic transport]\n"
        "    parents: [alskg:0000008]\n"
        "    mappings: [{id: GO:0098930, predicate: skos:exactMatch}, GO:0008088]\n")
    term = load_ontology(ont).terms["alskg:0000011"]
    assert [(m.id, m.predicate) for m in term.mapping_entries] == [
        ("GO:0098930", "skos:exactMatch"), ("GO:0008088", "skos:closeMatch")]
    assert not [str(i) for i in check_ontology(ont, curated=[]) if i.level != "INFO"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"label": "Oxidative STRESS"}, "already the label"),
    ({"label": "protein quality control"}, "already the label or a synonym of alskg:0000002"),
    ({"synonyms": ["RNA metabolism"]}, "used by alskg:0000001"),
    ({"parents": ["alskg:0000099"]}, "no term"),
    ({"mappings": ["GO:123"]}, "does not match the GO pattern"),
    ({"mappings": ["GOO:0000123"]}, "unknown identifier prefix 'GOO'"),
    ({"category": "Gene"}, "cannot have a project id"),
    ({"category": "Mechanizm"}, "unknown category"),
    ({"definition": "  "}, "needs a definition"),
    ({"label": "obsolete thing"}, "must not start with 'obsolete'"),
])
def test_add_refuses_bad_terms(ont: Path, kwargs: dict[str, object], message: str) -> None:
    terms = ont / "terms.yaml"
    before = terms.read_text()
    args: dict[str, object] = {"label": "axonal transport", "definition": "Transport."}
    args.update(kwargs)
    with pytest.raises(InputError, match=message):
        add_term(directory=ont, **args)  # type: ignore[arg-type]
    assert terms.read_text() == before


def test_deprecate_follows_obo_and_ids_are_never_reused(ont: Path) -> None:
    terms = ont / "terms.yaml"
    add_term("axonal transport", "Transport of cargo along the axon.",
             parents=["alskg:0000008"], directory=ont)
    result = deprecate_term("intracellular trafficking", "merged into axonal transport",
                            replaced_by="axonal transport", directory=ont, curated=[])
    assert result["id"] == "alskg:0000008"
    t = load_ontology(ont).terms["alskg:0000008"]
    assert (t.label, t.deprecated, t.replaced_by, t.reason, t.parents) == (
        "obsolete intracellular trafficking", True, "alskg:0000011",
        "merged into axonal transport", [])
    # the child that had the obsolete term as its parent is the replacement: parent dropped
    assert load_ontology(ont).terms["alskg:0000011"].parents == []
    # the newest term deprecated: its id is still taken. The obsolete term it replaced
    # can only follow it to a live term.
    with pytest.raises(InputError, match="alskg:0000011 replaces alskg:0000008"):
        deprecate_term("alskg:0000011", "out of scope", consider=["alskg:0000001"],
                       directory=ont, curated=[])
    result = deprecate_term("alskg:0000011", "out of scope", replaced_by="alskg:0000001",
                            directory=ont, curated=[])
    assert result["repointed"] == ["alskg:0000008"]
    assert load_ontology(ont).terms["alskg:0000008"].replaced_by == "alskg:0000001"
    assert add_term("axon transport", "Axonal transport again.", directory=ont)["id"] == \
        "alskg:0000012"
    ids = [t.id for t in load_ontology(ont).terms.values()]
    assert len(ids) == len(set(ids)) == 12
    assert not [str(i) for i in check_ontology(ont, curated=[]) if i.level == "ERROR"]
    text = terms.read_text()
    assert "    label: obsolete intracellular trafficking\n" in text
    assert "    deprecated: true\n    replaced_by: alskg:0000001\n" \
           "    reason: merged into axonal transport\n" in text
    with pytest.raises(InputError, match="already deprecated"):
        deprecate_term("alskg:0000008", "again", directory=ont, curated=[])


def test_deprecate_reparents_children_to_the_replacement(ont: Path) -> None:
    add_term("endosomal transport", "Transport through endosomes.",
             parents=["alskg:0000008"], directory=ont)
    result = deprecate_term("alskg:0000008", "renamed", replaced_by="alskg:0000001",
                            directory=ont, curated=[])
    assert result["reparented"] == ["alskg:0000011"]
    assert load_ontology(ont).terms["alskg:0000011"].parents == ["alskg:0000001"]


def test_deprecate_refuses_unsafe_cases(ont: Path, tmp_path: Path) -> None:
    terms = ont / "terms.yaml"
    before = terms.read_text()
    add_term("endosomal transport", "Transport through endosomes.",
             parents=["alskg:0000008"], directory=ont)
    with_child = terms.read_text()
    with pytest.raises(InputError, match="parent of alskg:0000011"):
        deprecate_term("alskg:0000008", "gone", directory=ont, curated=[])
    curated, use_line = curated_use(tmp_path, "alskg:0000005")
    with pytest.raises(InputError, match=f"curated.yaml:{use_line}"):
        deprecate_term("alskg:0000005", "gone", directory=ont, curated=[curated])
    with pytest.raises(InputError, match="give the reason"):
        deprecate_term("alskg:0000005", " ", replaced_by="alskg:0000004", directory=ont)
    with pytest.raises(InputError, match="cannot replace itself"):
        deprecate_term("alskg:0000005", "x", replaced_by="immune modulation", directory=ont)
    assert terms.read_text() == with_child != before
    forced = deprecate_term("alskg:0000005", "gone", directory=ont, curated=[curated],
                            force=True)
    assert forced["uses"] == [f"{curated}:{use_line}"]


def test_an_edit_that_would_add_errors_is_rolled_back(ont: Path) -> None:
    from kg.ontology.tools import load_terms, write_checked

    terms = ont / "terms.yaml"
    before = terms.read_text()
    doc, entries = load_terms(terms)
    entries[0]["parents"] = ["alskg:0000001"]  # a term of its own parent
    with pytest.raises(InputError, match="cyclic-parent"):
        write_checked(ont, doc)
    assert terms.read_text() == before
    assert not list(ont.glob(".terms-*"))  # no temporary file left behind


def test_find_list_and_show(ont: Path) -> None:
    ontology = load_ontology(ont)
    assert find_term(ontology, "PROTEOSTASIS").id == "alskg:0000002"
    assert find_term(ontology, "protein quality control").id == "alskg:0000002"
    with pytest.raises(InputError):
        find_term(ontology, "no such thing")
    rows = list_entries(ontology, "terms", category="Mechanism")
    assert [r["id"] for r in rows][:2] == ["alskg:0000001", "alskg:0000002"]
    assert list_entries(ontology, "terms", category="Gene") == []
    assert {r["id"] for r in list_entries(ontology, "predicates")} >= {"involved_in"}
    assert {"value_set": "population", "value": "pediatric",
            "definition": "onset before 18 years"} in list_entries(ontology, "values")
    shown = show_entry(ontology, "sphingolipid metabolism", curated=[])
    assert shown["mappings"] == [{"id": "GO:0030148", "predicate": "skos:narrowMatch"}]
    assert shown["location"] == f"{ont / 'terms.yaml'}:{line(ont / 'terms.yaml', 'alskg:0000003')}"
    assert show_entry(ontology, "disease mechanism")["kind"] == "category"
    assert show_entry(ontology, "involved_in")["relationship_type"] == "INVOLVED_IN"


def test_cli_add_list_show_deprecate(ont: Path) -> None:
    from kg.cli.main import app

    runner = CliRunner()
    env = {"ALSKG_ONTOLOGY": str(ont)}
    added = runner.invoke(app, ["ontology", "add", "--label", "axonal transport",
                                "--definition", "Transport along axons.", "--mapping",
                                "narrow:GO:0098930"], env=env)
    assert added.exit_code == 0, added.output
    assert "added alskg:0000011 (axonal transport)" in added.stdout
    listed = runner.invoke(app, ["ontology", "list", "-k", "terms", "--format", "json"],
                           env=env)
    row = json.loads(listed.stdout)[-1]
    assert (row["id"], row["mappings"]) == ("alskg:0000011", ["GO:0098930 (skos:narrowMatch)"])
    gone = runner.invoke(app, ["ontology", "deprecate", "axonal transport", "--reason",
                               "duplicate", "--replaced-by", "alskg:0000008"], env=env)
    assert gone.exit_code == 0, gone.output
    shown = runner.invoke(app, ["ontology", "show", "alskg:0000011", "--format", "json"],
                          env=env)
    data = json.loads(shown.stdout)
    assert (data["label"], data["replaced_by"]["id"]) == ("obsolete axonal transport",
                                                          "alskg:0000008")
    refused = run_cli("ontology", "add", "--label", "Proteostasis", "--definition", "x.",
                      env=env)
    assert refused.returncode == 1
    assert "alskg: error: 'Proteostasis' is already the label" in refused.stderr
    assert "Traceback" not in refused.stderr


# -- the build and deprecated terms ---------------------------------------------------------


def test_build_rewrites_a_deprecated_use_with_a_warning(ont: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    deprecate_term("alskg:0000005", "merged", replaced_by="alskg:0000004", directory=ont,
                   curated=[])
    curated, use_line = curated_use(tmp_path, "alskg:0000005")
    monkeypatch.setenv("ALSKG_ONTOLOGY", str(ont))
    result, problems = api.build(store_path=tmp_path / "graph.db",
                                 sources=[OntologyTermsSource(), CuratedSource([curated])])
    assert result is not None, [str(p) for p in problems]
    warning = next(p for p in problems if p.kind == "deprecated-term")
    assert (warning.level, warning.line) == ("warning", use_line)
    assert Path(warning.file).resolve() == curated.resolve()
    assert "alskg:0000004" in warning.message
    data, _ = api.validate(sources=[OntologyTermsSource(), CuratedSource([curated])],
                           ontology=load_ontology(ont))
    objects = {e.object for e in data.edges.values() if e.predicate == "involved_in"}
    assert objects == {"alskg:0000004"}


def test_build_fails_on_a_deprecated_term_without_replacement(
        ont: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deprecate_term("alskg:0000005", "out of scope", directory=ont, curated=[])
    curated, use_line = curated_use(tmp_path, "alskg:0000005")
    monkeypatch.setenv("ALSKG_ONTOLOGY", str(ont))
    store = tmp_path / "graph.db"
    result, problems = api.build(store_path=store,
                                 sources=[OntologyTermsSource(), CuratedSource([curated])])
    assert result is None
    assert not store.exists()
    error = next(p for p in problems if p.kind == "deprecated-term")
    assert (error.level, error.line) == ("error", use_line)
    assert Path(error.file).resolve() == curated.resolve()
    assert "no replacement" in error.message


def replaced_uses(ont: Path, tmp_path: Path) -> Path:
    """alskg:0000005 deprecated for alskg:0000004, and a curated file using it in a finding
    and in a negated one."""
    deprecate_term("alskg:0000005", "merged", replaced_by="alskg:0000004", directory=ont,
                   curated=[])
    curated, _ = curated_use(tmp_path, "alskg:0000005")
    text = curated.read_text()
    negated = text.split("findings:\n", 1)[1].replace("F-deprecated-use", "F-negated-use")
    curated.write_text(text + negated.replace("    citations:", "    negated: true\n"
                                              "    citations:"))
    return curated


def test_rewrite_keeps_negated_edges_apart_and_updates_the_finding(
        ont: Path, tmp_path: Path) -> None:
    curated = replaced_uses(ont, tmp_path)
    data, problems = api.validate(sources=[OntologyTermsSource(), CuratedSource([curated])],
                                  ontology=load_ontology(ont))
    assert not [str(p) for p in problems if p.level == "error"]
    edges = sorted((e.findings, bool(e.properties.get("negated")))
                   for e in data.edges.values() if e.predicate == "involved_in")
    assert edges == [(["alskg:F-deprecated-use"], False), (["alskg:F-negated-use"], True)]
    assert data.nodes["alskg:F-deprecated-use"].properties["object"] == "alskg:0000004"


def test_the_streaming_import_replaces_deprecated_terms_as_the_build_does(
        ont: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`neo4j import --from-curated` reads with the build's own replacement: its files hold
    the built graph's rows, a negated use kept apart, and it warns at the use's line."""
    from kg.neo4j.stream import write_from_sources
    from tests.neo4j.test_neo4j_csv import read_rows

    curated = replaced_uses(ont, tmp_path)
    monkeypatch.setenv("ALSKG_ONTOLOGY", str(ont))

    def sources() -> list[Any]:
        return [OntologyTermsSource(), CuratedSource([curated])]

    result, problems = api.build(store_path=tmp_path / "graph.db", sources=sources())
    assert result is not None, [str(p) for p in problems]
    api.export_neo4j_csv(tmp_path / "built", tmp_path / "graph.db")
    said: list[str] = []
    streamed = write_from_sources(sources(), load_ontology(ont), tmp_path / "stream",
                                  progress=said.append)
    assert streamed["warnings"] == 2
    assert any(f"{curated.name}:9" in m and "alskg:0000004" in m for m in said), said
    for kind, key in (("nodes", ("id:ID",)),
                      ("relationships", (":START_ID", ":END_ID", ":TYPE", "source", "id"))):
        def rows(folder: Path, kind: str = kind,
                 key: tuple[str, ...] = key) -> dict[tuple[str, ...], dict[str, str]]:
            return {tuple(r.get(k, "") for k in key): {k: v for k, v in r.items() if v}
                    for r in read_rows(folder, kind)}
        assert rows(tmp_path / "stream") == rows(tmp_path / "built")
    objects = {r[":END_ID"] for r in read_rows(tmp_path / "stream", "relationships")
               if r["predicate"] == "involved_in"}
    assert objects == {"alskg:0000004"}


def test_the_streaming_import_fails_on_a_deprecated_term_without_replacement(
        ont: Path, tmp_path: Path) -> None:
    from kg.neo4j.stream import write_from_sources

    deprecate_term("alskg:0000005", "out of scope", directory=ont, curated=[])
    curated, _ = curated_use(tmp_path, "alskg:0000005")
    with pytest.raises(InputError, match=rf"{curated.name}:9: .*alskg:0000005 is deprecated "
                                         "and has no replacement"):
        write_from_sources([OntologyTermsSource(), CuratedSource([curated])],
                           load_ontology(ont), tmp_path / "stream")


# -- diff -----------------------------------------------------------------------------------


def test_diff_between_two_folders(ont: Path, tmp_path: Path) -> None:
    old = Path(shutil.copytree(ont, tmp_path / "old"))
    terms = ont / "terms.yaml"
    add_term("axonal transport", "Transport along axons.", directory=ont)
    deprecate_term("alskg:0000005", "out of scope", replaced_by="alskg:0000004", directory=ont,
                   curated=[])
    edit(terms, "label: glutamate signalling", "label: glutamatergic transmission")
    edit(terms, "synonyms: [glutamatergic signalling]",
         "synonyms: [glutamatergic signalling]\n    parents: [alskg:0000009]")
    edit(terms, "mappings: [GO:0006396]", "mappings: [{id: GO:0006396, predicate: "
         "skos:exactMatch}, GO:0008380]")
    edit(ont / "categories.yaml", "  - id: Finding\n", "  - id: Cohort\n    label: cohort\n"
         "    definition: A group of people.\n    parents: [Study]\n  - id: Finding\n")
    edit(ont / "values.yaml", "      any: not specific to an age band\n", "")
    changes = {(c.kind, c.id, c.change): c.detail
               for c in diff_ontologies(read_ontology(old), read_ontology(ont))}
    assert changes == {
        ("term", "alskg:0000011", "added"): "Transport along axons.",
        ("term", "alskg:0000005", "deprecated"): "replaced by alskg:0000004; reason: out of "
                                                 "scope",
        ("term", "alskg:0000010", "relabelled"): "'glutamate signalling' -> "
                                                 "'glutamatergic transmission'",
        ("term", "alskg:0000010", "reparented"): "- -> alskg:0000009",
        ("term", "alskg:0000001", "mappings"): "+GO:0008380; GO:0006396 skos:closeMatch -> "
                                               "skos:exactMatch",
        ("category", "Cohort", "added"): "A group of people.",
        ("value", "population: any", "removed"): "not specific to an age band",
    }
    result = diff(str(old), str(ont))
    md = render_markdown(result)
    assert "### Terms" in md and "**Deprecated**" in md
    assert "- `alskg:0000011` axonal transport: Transport along axons." in md
    assert diff(str(old), str(old))["changes"] == []


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_between_git_revisions(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    ont = Path(shutil.copytree(SHIPPED, repo / "ontology"))

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "0")
    git("add", "ontology")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "first")
    add_term("axonal transport", "Transport along axons.", directory=ont)
    # HEAD against the working tree, named as a folder or by default
    changes = diff("HEAD", str(ont), ont)["changes"]
    assert [(c["id"], c["change"]) for c in changes] == [("alskg:0000011", "added")]
    result = diff("HEAD", None, ont)
    assert result["new"] == "working tree"
    assert result["changes"] == changes
    git("add", "ontology")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "second")
    changes = diff("HEAD~1", "HEAD", ont)["changes"]
    assert [(c["id"], c["change"]) for c in changes] == [("alskg:0000011", "added")]
    assert diff("HEAD", str(ont), ont)["changes"] == []
    with pytest.raises(InputError, match="revision HEAD~2 has no ontology/"):
        diff("HEAD~2", "HEAD", ont)
    with pytest.raises(InputError, match="neither a directory nor a git revision"):
        diff("no-such-rev", "HEAD", ont)
    result = CliRunner().invoke(__import__("kg.cli.main", fromlist=["app"]).app,
                                ["ontology", "diff", "HEAD~1", "HEAD", "--ontology", str(ont),
                                 "--format", "markdown"])
    assert result.exit_code == 0, result.output
    assert "## Ontology changes from HEAD~1 to HEAD" in result.stdout
    assert "`alskg:0000011` axonal transport" in result.stdout


# -- SSSOM ----------------------------------------------------------------------------------


def _read_sssom(text: str) -> tuple[dict[str, object], list[dict[str, str]], list[str]]:
    head = "".join(ln[1:] for ln in text.splitlines(keepends=True) if ln.startswith("#"))
    body = "".join(ln for ln in text.splitlines(keepends=True) if not ln.startswith("#"))
    reader = csv.DictReader(io.StringIO(body), delimiter="\t")
    return YAML(typ="safe").load(head), list(reader), list(reader.fieldnames or [])


def test_sssom_export(ont: Path) -> None:
    deprecate_term("alskg:0000007", "out of scope", directory=ont, curated=[], force=True)
    meta, rows, columns = _read_sssom(to_sssom(load_ontology(ont)))
    assert columns == list(COLUMNS) == ["subject_id", "subject_label", "predicate_id",
                                        "object_id", "mapping_justification"]
    assert meta["mapping_set_id"] == "https://w3id.org/alskg/mappings/alskg.sssom.tsv"
    assert str(meta["license"]).startswith("https://")
    curie_map = meta["curie_map"]
    assert isinstance(curie_map, dict)
    assert curie_map["GO"] == "http://purl.obolibrary.org/obo/GO_"
    assert curie_map["semapv"] == "https://w3id.org/semapv/vocab/"
    for row in rows:  # every CURIE in the table can be expanded
        for key in ("subject_id", "predicate_id", "object_id", "mapping_justification"):
            assert row[key].split(":", 1)[0] in curie_map, row
    by_subject = {(r["subject_id"], r["object_id"]): r for r in rows}
    assert by_subject[("alskg:0000003", "GO:0030148")] == {
        "subject_id": "alskg:0000003", "subject_label": "sphingolipid metabolism",
        "predicate_id": "skos:narrowMatch", "object_id": "GO:0030148",
        "mapping_justification": "semapv:ManualMappingCuration"}
    assert by_subject[("alskg:0000001", "GO:0006396")]["predicate_id"] == "skos:closeMatch"
    assert by_subject[("alskgv:Gene", "biolink:Gene")]["predicate_id"] == "skos:exactMatch"
    assert by_subject[("alskgv:involved_in", "RO:0002331")]["subject_label"] == "involved in"
    # categories and predicates are named by their IRIs in the OWL vocabulary
    assert curie_map["alskgv"] == "https://w3id.org/alskg/vocab/"
    assert curie_map["alskg"] == "https://w3id.org/alskg/"
    # a deprecated term's mappings are no longer asserted
    assert not [r for r in rows if r["subject_id"] == "alskg:0000007"]


def test_export_cli_writes_sssom(tmp_path: Path) -> None:
    out = tmp_path / "out" / "alskg.sssom.tsv"
    result = CliRunner().invoke(__import__("kg.cli.main", fromlist=["app"]).app,
                                ["ontology", "export", "--format", "sssom", "-o", str(out)])
    assert result.exit_code == 0, result.output
    _, rows, _ = _read_sssom(out.read_text())
    assert len(rows) == sum(len(t.mappings) for t in load_ontology().terms.values()
                            if not t.deprecated) + sum(
        len(c.mappings) for c in load_ontology().categories.values()) + sum(
        len(p.mappings) for p in load_ontology().predicates.values())


def test_export_cli_writes_owl(ont: Path, tmp_path: Path) -> None:
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL, RDFS, SKOS

    deprecate_term("alskg:0000005", "out of scope", replaced_by="alskg:0000004", directory=ont,
                   curated=[])
    out = tmp_path / "alskg.owl.ttl"
    result = CliRunner().invoke(__import__("kg.cli.main", fromlist=["app"]).app,
                                ["ontology", "export", "--format", "owl", "-o", str(out),
                                 "--ontology", str(ont)])
    assert result.exit_code == 0, result.output
    g = Graph().parse(out, format="turtle")
    term = URIRef("https://w3id.org/alskg/0000005")
    assert g.value(term, OWL.deprecated).toPython() is True
    assert str(g.value(term, RDFS.label)) == "obsolete immune modulation"
    assert g.value(term, URIRef("http://purl.obolibrary.org/obo/IAO_0100001")) == \
        URIRef("https://w3id.org/alskg/0000004")
    assert (URIRef("https://w3id.org/alskg/0000003"), SKOS.narrowMatch,
            URIRef("http://purl.obolibrary.org/obo/GO_0030148")) in g


# -- which ontology the tools work on -------------------------------------------------------


def _alskg_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`alskg ARGS` run in `cwd` with no ALSKG_ONTOLOGY: the folder decides."""
    import os
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if k != "ALSKG_ONTOLOGY"}
    env["PYTHONPATH"] = str(ROOT)  # the code of this checkout, run from another folder
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=600)


def test_tools_work_on_the_ontology_of_the_clone_they_run_in(tmp_path: Path) -> None:
    """alskg installed from one checkout, run in a clone: `add` wrote into the other
    checkout and `diff` compared the other repository's revisions."""
    clone = tmp_path / "clone"
    (clone / "docs").mkdir(parents=True)
    shutil.copytree(SHIPPED, clone / "ontology")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(clone), "-c", "user.name=t", "-c", "user.email=t@t",
                        *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", "ontology")
    git("commit", "-q", "-m", "first")
    shipped_terms = (SHIPPED / "terms.yaml").read_text(encoding="utf-8")
    added = _alskg_in(clone / "docs", "ontology", "add", "--label", "axonal transport",
                      "--definition", "Transport along axons.", "--parent", "alskg:0000008")
    assert added.returncode == 0, added.stderr
    folder = (clone / "ontology").resolve()
    assert added.stderr.splitlines()[0] == (
        f"editing the ontology in {folder} (the repository or workspace around "
        f"{(clone / 'docs').resolve()})")
    assert "axonal transport" in (clone / "ontology" / "terms.yaml").read_text(encoding="utf-8")
    assert (SHIPPED / "terms.yaml").read_text(encoding="utf-8") == shipped_terms
    git("add", "ontology")
    git("commit", "-q", "-m", "second")
    diffed = _alskg_in(clone, "ontology", "diff", "HEAD~1", "HEAD", "--format", "json")
    assert diffed.returncode == 0, diffed.stderr
    assert diffed.stderr.startswith(f"reading the ontology in {folder} ")
    changes = json.loads(diffed.stdout)["changes"]
    assert [(c["id"], c["change"]) for c in changes] == [("alskg:0000011", "added")]
    listed = _alskg_in(clone, "ontology", "list", "-k", "terms", "--format", "json")
    assert json.loads(listed.stdout)[-1]["label"] == "axonal transport"


def test_outside_any_ontology_the_tools_say_which_they_read_and_refuse_to_edit(
        tmp_path: Path) -> None:
    own = SHIPPED.resolve()
    listed = _alskg_in(tmp_path, "ontology", "list", "-k", "predicates")
    assert listed.returncode == 0
    assert listed.stderr.splitlines()[0] == (
        f"reading the ontology in {own} (alskg's own: no ontology folder in "
        f"{tmp_path.resolve()} or above it)")
    before = (SHIPPED / "terms.yaml").read_text(encoding="utf-8")
    refused = _alskg_in(tmp_path, "ontology", "add", "--label", "x", "--definition", "An x.")
    assert refused.returncode == 1
    assert refused.stderr == (
        f"alskg: error: no ontology folder in {tmp_path.resolve()} or above it (up to its "
        f"repository or workspace), and alskg's own, {own}, is outside it: run this in the "
        f"repository whose ontology you mean, or pass --ontology {own}\n")
    assert (SHIPPED / "terms.yaml").read_text(encoding="utf-8") == before
    dry = _alskg_in(tmp_path, "ontology", "add", "--label", "x", "--definition", "An x.",
                    "--dry-run")
    assert dry.returncode == 0 and dry.stderr.startswith(f"checking against the ontology in {own}")
