"""Build then show round trips on a small fixture, name resolution and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import api
from kg.problems import InputError
from kg.store.backend import EmbeddedBackend
from kg.store.graph import to_networkx
from loaders.curated import CuratedSource
from loaders.ontology_terms import OntologyTermsSource
from tests.conftest import FIXTURES, run_cli

MINI = FIXTURES / "mini"


@pytest.fixture(scope="module")
def mini_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("mini") / "graph.db"
    result, problems = api.build(store_path=path,
                                 sources=[OntologyTermsSource(), CuratedSource([MINI])])
    assert result is not None, problems
    return path


def test_show_by_name_lists_edges_findings_and_citations(mini_store: Path) -> None:
    entity = api.show(EmbeddedBackend(mini_store), "FUS")
    assert entity["id"] == "NCBIGene:2521"
    by_pred = {(e["direction"], e["predicate"]): e for e in entity["edges"]}
    gb = by_pred[("out", "genetic_basis_for")]
    assert gb["other"]["id"] == "alskg:pediatric-als"
    assert gb["citations"] == ["alskg:seed-article", "PMID:19251628"]
    assert gb["findings"][0]["id"] == "alskg:F-test-2"
    assert gb["findings"][0]["evidence"] == "ECO:0000304"
    assert gb["findings"][0]["population"] == "pediatric"
    target = by_pred[("in", "targets")]
    assert target["other"]["name"] == "ulefnersen"


@pytest.mark.parametrize(("text", "expected"), [
    ("SOD1", "NCBIGene:6647"),
    ("sod1", "NCBIGene:6647"),
    ("NCBIGene:6647", "NCBIGene:6647"),
    ("superoxide dismutase 1", "NCBIGene:6647"),
    ("jacifusen", "alskg:ulefnersen"),
    ("FUSION", "clinicaltrials:NCT04768972"),
])
def test_names_and_synonyms_resolve(mini_store: Path, text: str, expected: str) -> None:
    from kg.backend import resolve

    assert resolve(EmbeddedBackend(mini_store), text) == expected


def test_unknown_name_suggests(mini_store: Path) -> None:
    from kg.backend import resolve

    with pytest.raises(InputError, match="did you mean 'ulefnersen'"):
        resolve(EmbeddedBackend(mini_store), "ulefnersem")


def test_cli_build_stats_show(tmp_path: Path) -> None:
    store = tmp_path / "g.db"
    built = run_cli("build", str(MINI), "--store", str(store))
    assert built.returncode == 0, built.stderr
    assert store.exists()
    stats = json.loads(run_cli("stats", "--store", str(store), "-f", "json").stdout)
    # 5 findings: 5 statement edges, 6 citations, 1 study link
    assert stats["edge_sources"]["alskg:curated"] == 12
    assert stats["categories"]["Finding"] >= 5
    assert stats["edges"] == sum(stats["predicates"].values())
    shown = run_cli("show", "SOD1", "--store", str(store), "--format", "json")
    assert shown.returncode == 0
    assert json.loads(shown.stdout)["id"] == "NCBIGene:6647"
    csv_out = run_cli("show", "SOD1", "--store", str(store), "--format", "csv").stdout
    # the old keys first, unchanged; the evidence score's after them
    assert csv_out.splitlines()[0] == ("dir,predicate,other,findings,citations,source,score,"
                                       "publications,best_evidence,populations,contradictions,"
                                       "against,flags")
    missing = run_cli("show", "SDO1", "--store", str(store))
    assert missing.returncode == 1
    assert "did you mean 'SOD1'" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_no_store_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("show", "SOD1", "--store", str(tmp_path / "none.db"))
    assert result.returncode == 1
    assert "run 'alskg build' first" in result.stderr


def test_rebuild_gives_same_graph(tmp_path: Path) -> None:
    sources = [OntologyTermsSource(), CuratedSource([MINI])]
    a, _ = api.build(store_path=tmp_path / "a.db", sources=sources)
    b, _ = api.build(store_path=tmp_path / "b.db", sources=sources)
    assert a == b
    ga = to_networkx(EmbeddedBackend(tmp_path / "a.db").store)
    gb = to_networkx(EmbeddedBackend(tmp_path / "b.db").store)
    assert sorted(ga.edges(keys=True)) == sorted(gb.edges(keys=True))


def test_negated_and_multi_target_findings(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text("""\
findings:
  - id: alskg:F-neg
    statement: SOD1 is not a genetic basis for pediatric ALS (a made-up negative claim).
    subject: NCBIGene:6647
    predicate: genetic_basis_for
    object: alskg:pediatric-als
    evidence: ECO:0000305
    population: pediatric
    citations: [alskg:seed-article]
    negated: true
    contradicts: [alskg:F-test-1, alskg:F-test-2]
    notes: kept on the finding
""")
    path = tmp_path / "g.db"
    result, problems = api.build(store_path=path, sources=[
        OntologyTermsSource(), CuratedSource([MINI, extra])])
    assert result is not None, [str(p) for p in problems]
    graph = to_networkx(EmbeddedBackend(path).store)
    between = [d for d in graph.get_edge_data("NCBIGene:6647", "alskg:pediatric-als").values()]
    assert len(between) == 2  # the negated claim is a parallel edge, never merged
    assert sorted(bool(d["properties"].get("negated")) for d in between) == [False, True]
    contradicted = {o for _, o, d in graph.out_edges("alskg:F-neg", data=True)
                    if d["predicate"] == "contradicts"}
    assert contradicted == {"alskg:F-test-1", "alskg:F-test-2"}
    assert graph.nodes["alskg:F-neg"]["properties"]["notes"] == "kept on the finding"


def test_did_you_mean_offers_names_that_begin_with_the_text(shipped_store: Path) -> None:
    from kg.backend import resolve

    # (ALS6 and ALS15 are names now: an HGNC alias of FUS, a MONDO synonym)
    with pytest.raises(InputError, match="did you mean 'ALS15, with or without"):
        resolve(EmbeddedBackend(shipped_store), "ALS15, with")
