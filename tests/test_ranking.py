"""Evidence scores, the population lens, contested hops, --explain and readable output:
on a hand-built graph (tests/fixtures/ranking) whose scores are worked by hand from the
formula of docs/ranking.md, and on the shipped data."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from kg import api
from kg.problems import FileError, InputError
from kg.ranking import hop_score, load_profile
from kg.store.backend import EmbeddedBackend
from loaders.curated import CuratedSource
from loaders.ontology_terms import OntologyTermsSource
from tests.conftest import FIXTURES, ROOT, run_cli

GRAPH = FIXTURES / "ranking"
PROFILE = load_profile()


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedBackend:
    path = tmp_path_factory.mktemp("ranking") / "g.db"
    result, problems = api.build(store_path=path,
                                 sources=[OntologyTermsSource(), CuratedSource([GRAPH])])
    assert result is not None, [str(p) for p in problems]
    return EmbeddedBackend(path)


@pytest.fixture(scope="module")
def emb(shipped_store: Path) -> EmbeddedBackend:
    return EmbeddedBackend(shipped_store)


def names(path: dict[str, Any]) -> list[str]:
    return [n["name"] for n in path["nodes"]]


# -- the formula ----------------------------------------------------------------------------

def test_hand_built_scores_equal_the_formula(hand: EmbeddedBackend) -> None:
    result = api.path(hand, "test drug", "test disease")
    by_names = {tuple(names(p)): p for p in result["paths"]}
    ev, ms, c, d = PROFILE.evidence, PROFILE.model_system, PROFILE.contradiction, PROFILE.damping
    # the fixture's publications have no PubMed types: each weighs as `unclassified`
    st = PROFILE.study_type["unclassified"]
    # direct: pub-1 cited by both findings counts once, with the stronger finding's weight
    w1 = ev["ECO:0006017"] * ms["patients"] * st
    w2 = ev["ECO:0000304"] * ms["review"] * st
    pub1, pub2 = max(w1, w2), w1
    direct = (1 - (1 - pub1) * (1 - pub2)) * c ** 1  # one finding against it
    mouse = ev["ECO:0000269"] * ms["mouse"] * st
    specific = mouse * mouse * 2 ** -d  # the marker has 2 neighbours
    hub = mouse * mouse * 6 ** -d  # the hub has 6
    got = by_names[("test drug", "test disease")]
    assert got["score"] == pytest.approx(direct, abs=1e-6)
    assert got["hops"][0]["publications"] == 2
    assert got["hops"][0]["publication_weights"] == {"alskg:test-pub-1": pytest.approx(pub1),
                                                     "alskg:test-pub-2": pytest.approx(pub2)}
    assert by_names[("test drug", "test marker", "test disease")]["score"] == \
        pytest.approx(specific, abs=1e-6)
    assert by_names[("test drug", "test hub", "test disease")]["score"] == \
        pytest.approx(hub, abs=1e-6)
    assert [p["score"] for p in result["paths"]] == sorted(
        (p["score"] for p in result["paths"]), reverse=True)


def test_a_publication_cited_by_two_findings_counts_once() -> None:
    a = {"id": "a", "evidence": "ECO:0000269", "model_system": "patients", "population": "any",
         "citations": ["PMID:1"]}
    b = dict(a, id="b")
    one = hop_score(PROFILE, [a], [], None)
    two = hop_score(PROFILE, [a, b], [], None)
    assert two["publications"] == one["publications"] == 1
    assert two["score"] == one["score"]
    # a second, different publication does raise it
    c = dict(a, id="c", citations=["PMID:2"])
    assert hop_score(PROFILE, [a, c], [], None)["score"] > one["score"]
    # and a finding citing two publications counts each of them once
    both = dict(a, id="d", citations=["PMID:1", "PMID:2"])
    assert hop_score(PROFILE, [both, a, c], [], None)["publications"] == 2


def test_hub_path_ranks_below_specific_path(hand: EmbeddedBackend) -> None:
    paths = api.path(hand, "test drug", "test disease")["paths"]
    order = [names(p) for p in paths]
    specific = order.index(["test drug", "test marker", "test disease"])
    hub = order.index(["test drug", "test hub", "test disease"])
    assert specific < hub
    # the evidence on the hops is equal: only the damping tells them apart
    assert [h["score"] for h in paths[specific]["hops"]] == \
        [h["score"] for h in paths[hub]["hops"]]
    assert paths[hub]["damping"]["degrees"] == {"alskg:test-hub": 6}


def test_population_lens_and_strictness(hand: EmbeddedBackend) -> None:
    loose = api.path(hand, "test drug", "test disease", population="pediatric")
    assert len(loose["paths"]) == 3
    for p in loose["paths"][1:]:
        assert all(not h["population_evidence"]["found"] for h in p["hops"])
        assert all("adult data only" in h["flags"] for h in p["hops"])
        assert all("no pediatric finding" in h["flags"] for h in p["hops"])
    direct = loose["paths"][0]["hops"][0]["population_evidence"]
    assert direct == {"population": "pediatric", "found": True,
                      "findings": ["alskg:F-test-direct-1"]}
    strict = api.path(hand, "test drug", "test disease", population="pediatric", strict=True)
    assert [names(p) for p in strict["paths"]] == [["test drug", "test disease"]]
    # an adult finding under a pediatric lens weighs less than without a lens
    assert loose["paths"][1]["score"] < api.path(hand, "test drug", "test disease")[
        "paths"][1]["score"]
    with pytest.raises(InputError, match="--strict needs --population"):
        api.path(hand, "test drug", "test disease", strict=True)


def test_contested_hop_lists_both_sides(hand: EmbeddedBackend) -> None:
    top = api.path(hand, "test drug", "test disease")["paths"][0]
    hop = top["hops"][0]
    assert top["contested"] and "contested" in hop["flags"]
    assert {f["id"] for e in hop["edges"] for f in e["findings"]} == \
        {"alskg:F-test-direct-1", "alskg:F-test-direct-2"}
    assert [(f["id"], f["why"]) for f in hop["against"]] == \
        [("alskg:F-test-missed", "contradicts alskg:F-test-direct-1")]
    # a negated finding on the same statement stands against the positive edge in `show`
    shown = api.show(hand, "test subtype 1")
    positive = [e for e in shown["edges"] if not e["properties"].get("negated")]
    assert [f["id"] for f in positive[0]["against"]] == ["alskg:F-test-sub-1-not"]
    assert positive[0]["contradictions"] == 1


def test_explain_names_the_removable_findings(hand: EmbeddedBackend) -> None:
    result = api.path(hand, "test drug", "test disease", explain=True)
    ex = result["explain"]
    # removing either finding alone leaves the direct hop above 0.15; both, and it falls
    assert ex["removal"] == ["alskg:F-test-direct-1", "alskg:F-test-direct-2"]
    assert ex["new_first"]["nodes"] == ["alskg:test-drug", "alskg:test-marker",
                                        "alskg:test-disease"]
    assert ex["weakest_hop"]["from"] == "alskg:test-drug"
    text = run_cli("path", "test drug", "test disease", "--explain", "--store",
                   str(hand.store.path)).stdout
    flat = " ".join(text.split())
    assert "alskg:F-test-direct-1, alskg:F-test-direct-2" in flat
    # both sides of the contested hop, in the text too
    assert "+ Test drug treats test disease in children." in flat
    assert "- The test trial of test drug missed its primary endpoint." in flat
    assert "path 1 (1 hop, score 0.4608, CONTESTED)" in flat
    # the negative result weighs on path 1, and --explain counts it
    assert ex["against"] == [{"from": "alskg:test-drug", "to": "alskg:test-disease",
                              "findings": ["alskg:F-test-missed"]}]
    assert "findings against path 1: 1; test drug - test disease: alskg:F-test-missed" in flat


def test_explain_on_the_shipped_data_says_what_is_missing(emb: EmbeddedBackend) -> None:
    ex = api.path(emb, "NfL", "tofersen", explain=True)["explain"]
    # two papers (VALOR, PMID:36129998, in two findings; the Iceland series, PMID:41670738)
    # say tofersen lowers NfL: all three must go before the direct hop loses first place
    assert ex["removal"] == ["alskg:F-ther-tofersen-iceland-lowers-nfl",
                             "alskg:F-trial-VALOR-lowers-nfl",
                             "alskg:F-trial-VALOR-lowers-nfl-28wk"]
    assert "no pediatric finding" in ex["weakest_hop"]["missing"]


# -- the shipped answers the issue asks for ------------------------------------------------

def test_sod1_tofersen_ranks_the_direct_trial_backed_hop_first(emb: EmbeddedBackend) -> None:
    result = api.path(emb, "SOD1", "tofersen")
    top = result["paths"][0]
    assert names(top) == ["SOD1", "tofersen"]
    cites = {c for e in top["hops"][0]["edges"] for c in e["citations"]}
    assert "PMID:32640130" in cites  # the trial's published report (phase 1-2)
    out = run_cli("path", "SOD1", "tofersen", "--store", str(emb.store.path)).stdout
    first = out.split("\n\n")[1]
    assert first.startswith("path 1 (1 hop, score ")
    # the direct hop now rests on the published trial reports (clinical-study evidence)
    assert "independent publications" in first and "best evidence: clinical study" in first


def test_fus_rna_processing_pediatric_says_per_hop(emb: EmbeddedBackend) -> None:
    result = api.path(emb, "FUS", "RNA processing", population="pediatric")
    assert result["paths"]
    for p in result["paths"]:
        for h in p["hops"]:
            assert isinstance(h["population_evidence"]["found"], bool)
    out = run_cli("path", "FUS", "RNA processing", "--population", "pediatric", "--store",
                  str(emb.store.path)).stdout
    hops = sum(len(p["hops"]) for p in result["paths"])
    assert len(re.findall(r"pediatric evidence: (?:yes|NO)", out)) == hops
    # a hop with juvenile findings only says so beside its NO
    result = api.path(emb, "SETX", "FUS", population="pediatric")
    out = run_cli("path", "SETX", "FUS", "--population", "pediatric", "--store",
                  str(emb.store.path)).stdout
    juvenile_only = sum(1 for p in result["paths"] for h in p["hops"]
                        if not h["population_evidence"]["found"]
                        and "juvenile" in h["populations"])
    assert juvenile_only and " ".join(out.split()).count(
        "NO (juvenile evidence, onset under 25, exists)") \
        == juvenile_only


# -- output ---------------------------------------------------------------------------------

def _identifiers(result: dict[str, Any]) -> set[str]:
    """The identifiers the text view prints: it lists the first FINDINGS_SHOWN findings for
    an edge (the rest are counted, and --format json lists all) and every finding against."""
    from kg.render.text import FINDINGS_SHOWN

    ids = {result["id"]}
    for e in result["edges"]:
        ids.add(e["other"]["id"])
        for f in e["findings"][:FINDINGS_SHOWN] + e["against"]:
            ids.add(f["id"])
            ids.update(f["citations"])
    return ids


def test_show_at_80_columns_breaks_no_identifier(emb: EmbeddedBackend) -> None:
    result = api.show(emb, "TARDBP")
    out = run_cli("show", "TARDBP", "--store", str(emb.store.path),
                  env={"COLUMNS": "80"}).stdout
    lines = out.splitlines()
    ids = _identifiers(result)
    tokens = {t.strip(",;()[]") for line in lines for t in line.split()}
    assert ids <= tokens  # each identifier whole on one line
    for line in lines:
        assert len(line) <= 80 or len(line.split()) == 1, line
    for a, b in zip(lines, lines[1:], strict=False):
        if a.split() and b.split():
            joined = a.split()[-1].strip(",;()[]") + b.split()[0].strip(",;()[]")
            assert joined not in ids, (a, b)
    assert "-> genetic_basis_for" in out  # grouped by predicate
    assert "RNA splicing (GO:0008380)" in out  # the other entity by name


def test_path_text_at_80_columns(emb: EmbeddedBackend) -> None:
    out = run_cli("path", "FUS", "ulefnersen", "--store", str(emb.store.path),
                  env={"COLUMNS": "80"}).stdout
    assert all(len(line) <= 80 or len(line.split()) == 1 for line in out.splitlines())
    assert "In FUS mutant mice, ION363, a non-allele-specific FUS antisense" in out  # statements


def test_markdown_and_csv(emb: EmbeddedBackend) -> None:
    store = str(emb.store.path)
    md = run_cli("path", "SOD1", "tofersen", "-f", "markdown", "--store", store).stdout
    assert md.startswith("## Paths: SOD1 → tofersen") and "### 1. SOD1 – tofersen" in md
    shown = run_cli("show", "TARDBP", "-f", "markdown", "--store", store).stdout
    assert shown.startswith("## TARDBP (`NCBIGene:23435`, Gene)")
    assert "### → `genetic_basis_for` (5)" in shown  # 6 while the seed claims were shipped
    rows = run_cli("path", "SOD1", "tofersen", "-f", "csv", "--store", store).stdout.splitlines()
    assert rows[0].startswith("path,path_score,contested,hop,from,to,predicates,score")
    listing = run_cli("query", "run", "evidence", "-p", "subject=FUS", "-p", "object=OMIM:608030",
                      "--population", "pediatric", "-f", "markdown", "--store", store).stdout
    assert listing.splitlines()[0].endswith("| in_population |")


def test_json_keeps_its_keys_and_adds_scores(emb: EmbeddedBackend) -> None:
    out = json.loads(run_cli("path", "FUS", "ulefnersen", "-f", "json", "--store",
                             str(emb.store.path)).stdout)
    assert {"from", "to", "max_hops", "via", "paths"} <= set(out)
    p = out["paths"][0]
    assert {"length", "nodes", "hops", "score", "contested", "damping"} <= set(p)
    assert {"from", "to", "edges", "score", "publications", "best_evidence", "populations",
            "contradictions", "against", "flags"} <= set(p["hops"][0])
    assert {"id", "predicate", "direction", "source", "citations", "findings"} == \
        set(p["hops"][0]["edges"][0])


def test_query_lens(emb: EmbeddedBackend) -> None:
    loose = api.query_run(emb, "mechanisms-for-gene", {"gene": "FUS"}, population="juvenile")
    assert loose["columns"][-1] == "in_population"
    strict = api.query_run(emb, "mechanisms-for-gene", {"gene": "FUS"}, population="juvenile",
                           strict=True)
    assert strict["rows"] and all(r["in_population"] for r in strict["rows"])
    assert strict["total"] == sum(r["in_population"] for r in loose["rows"])
    assert strict["total"] < loose["total"]
    with pytest.raises(InputError, match="has no finding population"):
        api.query_run(emb, "trials", {}, population="pediatric")


# -- the weight profile ---------------------------------------------------------------------

def test_weights_file_is_checked(tmp_path: Path, emb: EmbeddedBackend) -> None:
    text = (ROOT / "ontology" / "ranking.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("contradiction: 0.5", "contradiction: 5"), encoding="utf-8")
    line = text.splitlines().index("contradiction: 0.5") + 1
    with pytest.raises(FileError, match=rf"bad.yaml:{line}: 'contradiction' must be"):
        load_profile(bad)
    result = run_cli("path", "SOD1", "tofersen", "--weights", str(bad), "--store",
                     str(emb.store.path))
    assert result.returncode == 1 and f"bad.yaml:{line}:" in result.stderr
    assert "Traceback" not in result.stderr
    # another valid profile changes the scores
    other = tmp_path / "other.yaml"
    other.write_text(text.replace("damping: 0.4", "damping: 1.0"), encoding="utf-8")

    def via_als1(result: dict[str, Any]) -> dict[str, Any]:
        return next(p for p in result["paths"] if "ALS1" in names(p))

    a = via_als1(api.path(emb, "SOD1", "tofersen"))
    b = via_als1(api.path(emb, "SOD1", "tofersen", weights=other))
    degree = a["damping"]["degrees"]["OMIM:105400"]
    assert math.isclose(a["score"] / b["score"], degree ** 0.6, rel_tol=1e-3)
    assert b["score"] < a["score"]


def test_worked_example_in_docs_equals_the_code(emb: EmbeddedBackend) -> None:
    doc = (ROOT / "docs" / "ranking.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- worked-example: (\S+) (\S+) -->\n(.*?)<!-- end worked-example -->",
                  doc, re.S)
    assert m is not None
    stated = dict(re.findall(r"^\| (path \d[^|]*?) \| ([\d.]+) \|$", m[3], re.M))
    assert len(stated) == 11
    paths = api.path(emb, m[1], m[2])["paths"]
    computed: dict[str, float] = {}
    for i, p in enumerate(paths[:2], 1):
        computed[f"path {i} score"] = p["score"]
        computed[f"path {i} damping"] = p["damping"]["factor"]
        for j, h in enumerate(p["hops"], 1):
            for key in ("score", "support", "publications", "contradictions"):
                computed[f"path {i} hop {j} {key}"] = h[key]
    for key, value in stated.items():
        assert float(value) == computed[key], key


# -- the question set -----------------------------------------------------------------------

def test_question_set_is_sourced_and_scored(emb: EmbeddedBackend) -> None:
    from bench.questions import evaluate, load
    from kg.backend import resolve

    questions = load()
    assert len(questions) >= 20
    assert len({q["id"] for q in questions}) == len(questions)
    findings = emb.nodes({f for q in questions for f in q["source"]})
    for q in questions:
        ends = {resolve(emb, q["from"]), resolve(emb, q["to"])}
        for fid in q["source"]:
            f = findings.get(fid)
            assert f is not None and f["category"] == "Finding", (q["id"], fid)
            assert f["properties"]["citations"], fid
        # the findings named state the answer: they touch its ends or the entity expected
        touched = {x for fid in q["source"] for x in (findings[fid]["properties"]["subject"],
                                                      findings[fid]["properties"]["object"])}
        expected = {e for e in q["expect"] if e != "direct"}
        assert touched & ends, q["id"]
        assert expected <= set(emb.nodes(expected)), q["id"]
        assert not expected or touched & expected, q["id"]
    result = evaluate(emb, questions[:4])
    assert result["questions"] == 4
    assert {r["id"] for r in result["rows"]} == {q["id"] for q in questions[:4]}
    assert 0.0 <= result["hit_at_1"] <= result["hit_at_3"] <= 1.0


@pytest.mark.parametrize(("content", "message"), [
    ("name: x\nversion: 1\nevidence: &e {other: 0.1}\n", "anchor"),
    ("name: x\nversion: 1\nsurprise: 1\n", "unknown key 'surprise'"),
    ("- a list\n", "a weight profile is a mapping"),
    ("name: x\nversion: 1\n" + "#" * (2 * 1024 * 1024) + "\n", "the limit is"),
])
def test_hostile_weights_files(tmp_path: Path, content: str, message: str) -> None:
    bad = tmp_path / "w.yaml"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(FileError, match=message) as info:
        load_profile(bad)
    assert str(info.value).startswith(f"{bad}:") and "\n" not in str(info.value)
    with pytest.raises(FileError, match="not a regular file"):
        load_profile(tmp_path)


def test_evidence_query_gives_both_sides(emb: EmbeddedBackend) -> None:
    rows = api.query_run(emb, "evidence", {"subject": "tofersen", "object": "OMIM:105400"})["rows"]
    sides = {r["finding_id"]: r["side"] for r in rows}
    assert sides["alskg:F-ther-tofersen-approved"] == "for"
    assert sides["alskg:F-trial-VALOR-missed-endpoint"] == "against"
    against = sorted(r["finding_id"] for r in rows if r["side"] == "against")
    assert against == ["alskg:F-trial-VALOR-conclusion-no-clinical-benefit",
                       "alskg:F-trial-VALOR-missed-endpoint",
                       "alskg:F-trial-VALOR-secondary-clinical"]
    # the path's hop shows the same two sides
    hop = next(h for p in api.path(emb, "tofersen", "ALS1")["paths"] for h in p["hops"]
               if {h["from"], h["to"]} == {"alskg:tofersen", "OMIM:105400"})
    assert sorted(f["id"] for f in hop["against"]) == against
    negated = api.query_run(emb, "evidence", {"subject": "alskg:pediatric-als-candidate-biomarkers",
                                              "object": "alskg:juvenile-als"})["rows"]
    assert [r["side"] for r in negated] == ["against"]


def test_ontology_structure_counts_as_one_source(emb: EmbeddedBackend) -> None:
    """A path that climbs GO's hierarchy (finding-less subclass_of/part_of edges from the
    release) scored 0 before profile version 2; now such a hop scores the profile's
    ontology_structure weight and says what it rests on."""
    from kg.ranking import load_profile

    weight = load_profile().ontology_structure
    # VCP's paths climb GO to proteostasis; UBQLN2's curated link is now direct (Deng 2011
    # speaks of protein degradation, not of the proteasome GO term it used to climb from).
    result = api.path(emb, "VCP", "proteostasis", max_hops=3, limit=20)
    structural = [h for p in result["paths"] for h in p["hops"]
                  if not any(e["findings"] for e in h["edges"])]
    assert structural
    for h in structural:
        assert h["score"] == round(weight, 6) and h["best_evidence"] == "ontology release"
        assert h["publications"] == 0 and h["releases"]  # a release is no publication
        assert any(f.startswith("ontology structure only (") for f in h["flags"])
    assert all(p["score"] > 0 for p in result["paths"])


# -- kinds of study, papers under several ids, releases --------------------------------------

class _Records:
    """The one capability citation_details uses: nodes by id."""

    def __init__(self, nodes: dict[str, dict[str, Any]]) -> None:
        self._nodes = nodes

    def nodes(self, ids: Any) -> dict[str, dict[str, Any]]:
        return {i: self._nodes[i] for i in ids if i in self._nodes}


def _paper(pid: str, types: list[str], **props: Any) -> dict[str, Any]:
    return {"id": pid, "category": "Publication", "name": pid, "xrefs": [],
            "properties": {"publication_types": types, **props}}


def _finding(fid: str, cites: list[str], backend: _Records) -> dict[str, Any]:
    from kg.backend import citation_details, finding_summary

    node = {"id": fid, "category": "Finding", "name": fid,
            "properties": {"evidence": "ECO:0006017", "model_system": "patients",
                           "population": "any", "citations": cites}}
    return finding_summary(node, fid, citation_details(backend, cites))


def test_a_randomised_trial_outranks_a_case_report() -> None:
    records = _Records({
        "PMID:1": _paper("PMID:1", ["Journal Article", "Randomized Controlled Trial"]),
        "PMID:2": _paper("PMID:2", ["Journal Article", "Case Reports"]),
    })
    rct = hop_score(PROFILE, [_finding("a", ["PMID:1"], records)], [], None)
    case = hop_score(PROFILE, [_finding("b", ["PMID:2"], records)], [], None)
    assert rct["score"] > case["score"]
    assert rct["study_types"] == {"PMID:1": "randomised controlled trial"}
    assert case["study_types"] == {"PMID:2": "case report"}
    assert case["score"] == round(PROFILE.evidence["ECO:0006017"]
                                  * PROFILE.study_type["case report"], 6)


def test_one_paper_under_two_ids_counts_once() -> None:
    records = _Records({"PMID:3": _paper("PMID:3", ["Journal Article"],
                                         doi="10.1000/X.Y", pmc="PMC42")})
    one = _finding("a", ["PMID:3"], records)
    by_doi = _finding("b", ["doi:10.1000/x.y", "PMID:3"], records)
    by_pmc = _finding("c", ["pmc:PMC42", "PMID:3"], records)
    hop = hop_score(PROFILE, [one, by_doi, by_pmc], [], None)
    assert hop["publications"] == 1
    assert list(hop["publication_weights"]) == ["PMID:3"]
    # a DOI of another paper is another publication
    other = _finding("d", ["doi:10.1000/other", "PMID:3"], records)
    assert hop_score(PROFILE, [one, other], [], None)["publications"] == 2


def test_releases_are_never_counted_as_publications() -> None:
    records = _Records({
        "alskg:gene2go-2022": _paper("alskg:gene2go-2022", ["data release"]),
        "PMID:4": _paper("PMID:4", ["Journal Article"]),
    })
    hop = hop_score(PROFILE, [_finding("a", ["alskg:gene2go-2022"], records),
                              _finding("b", ["OMIM:105400"], records)], [], None)
    assert hop["publications"] == 0
    assert hop["releases"] == ["OMIM:105400", "alskg:gene2go-2022"]
    assert hop["score"] > 0  # a release still vouches for the hop
    mixed = hop_score(PROFILE, [_finding("a", ["alskg:gene2go-2022", "PMID:4"], records)],
                      [], None)
    assert mixed["publications"] == 1 and mixed["releases"] == ["alskg:gene2go-2022"]


def test_an_uncited_narrative_weighs_nothing() -> None:
    records = _Records({"alskg:seed": _paper("alskg:seed", ["uncited narrative review"])})
    hop = hop_score(PROFILE, [_finding("a", ["alskg:seed"], records)], [], None)
    assert hop["score"] == 0.0 and hop["study_types"] == {"alskg:seed": "uncited narrative review"}


@pytest.mark.parametrize(("types", "citation", "kind"), [
    (["Journal Article", "Meta-Analysis"], "PMID:1", "meta-analysis"),
    (["Clinical Trial, Phase III", "Journal Article"], "PMID:1", "clinical trial"),
    (["Review", "Journal Article"], "PMID:1", "review"),
    (["Case Reports", "Journal Article"], "PMID:1", "case report"),
    (["Observational Study"], "PMID:1", "cohort or observational study"),
    ([], "PMID:1", "unclassified"),
    ([], "clinicaltrials:NCT02623699", "trial registration"),
    ([], "OMIM:105400", "database record"),
])
def test_study_type_from_pubmed_types(types: list[str], citation: str, kind: str) -> None:
    from kg.ranking import study_type

    assert study_type(citation, types) == kind
