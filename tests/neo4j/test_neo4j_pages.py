"""Pages of the whole-graph listings on Neo4j (keys, then the page's rows) against the
embedded store's pages and the slice of the whole answer, on the shipped data with SF1
synthetic data beside it (thousands of trials; hub therapies and genes as filters)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import api, queries
from kg.store.backend import EmbeddedBackend


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory,
         neo4j_server: dict[str, Any]) -> Iterator[tuple[EmbeddedBackend, Any]]:
    from bench.generate import generate
    from tests.conftest import ROOT

    base = tmp_path_factory.mktemp("sf1-neo")
    generate(base / "syn", 1)
    result, problems = api.build([ROOT / "data" / "curated", base / "syn"], base / "g.db")
    assert result is not None, [str(p) for p in problems if p.level == "error"]
    api.neo4j_load(store_path=base / "g.db", wipe=True, **neo4j_server)
    neo = api.open_backend("neo4j", **neo4j_server)
    emb = EmbeddedBackend(base / "g.db")
    yield emb, neo
    neo.close()
    emb.close()


CASES = [
    ("trials", {}), ("trials", {"pediatric": "true"}), ("trials", {"phase": "phase 3"}),
    ("trials", {"therapy": "tofersen"}), ("trials", {"gene": "SOD1"}),
    ("trials", {"therapy": "alskg:syn-therapy-7"}),
    ("trials", {"gene": "NCBIGene:900000005", "status": "recruiting"}),
    ("trials", {"therapy": "tofersen", "gene": "FUS"}),  # nothing: the filters disagree
    ("trials", {"pediatric": "false"}), ("trials", {"ages": "unknown", "phase": "III"}),
    ("trials", {"genes": "true"}), ("trials", {"gene": "NCBIGene:900000005", "genes": "true"}),
    ("biomarkers", {}), ("biomarkers", {"gene": "SOD1"}), ("biomarkers", {"therapy": "tofersen"}),
    ("biomarkers", {"disease": "ALS"}), ("biomarkers", {"disease": "OMIM:105400"}),
    ("biomarkers", {"therapy": "tofersen", "disease": "OMIM:105400"}),
    # a disease's biomarkers include those of the diseases under it
    ("biomarkers", {"disease": "juvenile ALS"}),
    ("biomarkers", {"gene": "SPTLC1", "disease": "juvenile ALS"}),
    ("pediatric-genes", {}),
]


@pytest.mark.parametrize(("name", "params"), CASES,
                         ids=[f"{n}-{'-'.join(p.values())}" for n, p in CASES])
def test_neo4j_pages_equal_embedded_and_the_whole_answer(
        both: tuple[EmbeddedBackend, Any], name: str, params: dict[str, str]) -> None:
    emb, neo = both
    _, whole = queries.run(emb, name, params)
    _, neo_whole = queries.run(neo, name, params)
    assert json.dumps(whole, sort_keys=True) == json.dumps(neo_whole, sort_keys=True)
    query = queries.get(name)
    assert neo.run_query_page(query, queries.bind(query, neo, params), 1, 0) is not None
    n = len(whole)
    for limit, offset in ((1, 0), (1, n // 2), (7, 3), (7, max(0, n - 1)), (100, 0),
                          (100, n // 2), (100, n + 5)):
        _, page = queries.run_page(neo, name, params, limit, offset)
        _, emb_page = queries.run_page(emb, name, params, limit, offset)
        assert page.total == emb_page.total == n, (name, limit, offset)
        assert page.rows == emb_page.rows == whole[offset:offset + limit], (name, limit, offset)
        assert page.notes == emb_page.notes, (name, limit, offset)


def test_listings_are_long_enough_to_page(both: tuple[EmbeddedBackend, Any]) -> None:
    """The cases above cut real pages: several of each listing, filters that keep some."""
    emb, _ = both
    assert len(queries.run(emb, "trials", {})[1]) > 50
    assert len(queries.run(emb, "pediatric-genes", {})[1]) > 7
    assert queries.run(emb, "trials", {"therapy": "alskg:syn-therapy-7"})[1]
    assert queries.run(emb, "trials", {"gene": "SOD1"})[1]
    assert len(queries.run(emb, "biomarkers", {"therapy": "tofersen"})[1]) > 1


def _counted_live(neo: Any, name: str) -> list[tuple[str, int]]:
    """A listing's keys and counts as a page would count them with none kept."""
    from kg.neo4j.listings import COUNTED

    (found,) = neo.run(COUNTED[name])
    return sorted(zip(found["keys"], found["counts"], strict=True))


def _kept(neo: Any, name: str) -> list[tuple[str, int]] | None:
    from kg.neo4j.listings import kept

    found = kept(neo.driver, neo.database, name)
    return None if found is None else sorted(zip(*found, strict=True))


def test_a_load_keeps_the_listing_counts(both: tuple[EmbeddedBackend, Any]) -> None:
    """The counts a wipe load keeps are those the page would count, and the embedded
    store's; pages read them (the equality test above) and count live without them."""
    from kg.neo4j import listings

    emb, neo = both
    kept = _kept(neo, "pediatric-genes")
    assert kept and kept == _counted_live(neo, "pediatric-genes")
    assert sum(n for _, n in kept) == len(queries.run(emb, "pediatric-genes", {})[1])
    _, with_kept = queries.run_page(neo, "pediatric-genes", {}, 7, 3)
    listings.forget(neo.driver, neo.database)
    try:
        assert _kept(neo, "pediatric-genes") is None
        _, live = queries.run_page(neo, "pediatric-genes", {}, 7, 3)
        assert (live.rows, live.total) == (with_kept.rows, with_kept.total)
    finally:
        listings.refresh(neo.driver, neo.database)
    assert _kept(neo, "pediatric-genes") == kept


# (an alias HGNC gives to several genes, such as FUS1, is told apart from HGNC's names
# table, which Neo4j holds too: tests/test_names_typed.py)
RESOLVE_TEXTS = ["SOD1", "sod1", "NCBIGene:6647", "TDP-43", "tdp-43", "ALS4", "ALS", "ALS1",
                 "NfL", "Ionis", "hnRNP-P2", "superoxide dismutase 1", "tofersen",
                 "NCBIGene:900000005", "-", '"', 'a\\"b', "x) OR 1", "no such thing at all"]


def _outcome(backend: Any, text: str) -> tuple[str, Any]:
    from kg.backend import resolve_node
    from kg.problems import InputError

    try:
        node_id, node = resolve_node(backend, text)
        return "ok", (node_id, node["category"])
    except InputError as e:  # UnknownEntity is one too
        return type(e).__name__, str(e)


@pytest.mark.parametrize("text", RESOLVE_TEXTS)
def test_names_resolve_alike(both: tuple[EmbeddedBackend, Any], text: str) -> None:
    emb, neo = both
    assert _outcome(emb, text) == _outcome(neo, text)


def test_entity_parameters_resolve_in_one_round_trip(both: tuple[EmbeddedBackend, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _, neo = both
    asked: list[str] = []
    run = neo.run

    def counted(name: str, **params: Any) -> list[dict[str, Any]]:
        asked.append(name)
        return list(run(name, **params))

    monkeypatch.setattr(neo, "run", counted)
    bound = queries.bind(queries.get("evidence"), neo, {"subject": "ulefnersen",
                                                        "object": "fus rna binding protein"})
    assert bound == {"subject": "alskg:ulefnersen", "object": "NCBIGene:2521"}
    assert asked == ["lookup"]


def test_an_incremental_load_keeps_the_new_counts(
        both: tuple[EmbeddedBackend, Any], neo4j_server: dict[str, Any],
        shipped_store: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A load over a different graph (no wipe) replaces the kept counts: the shipped data
    alone has far fewer young (gene, disease) pairs than with the synthetic set."""
    emb, neo = both
    before = _kept(neo, "pediatric-genes")
    shipped = EmbeddedBackend(shipped_store)
    try:
        api.neo4j_load(store_path=shipped_store, **neo4j_server)
        kept = _kept(neo, "pediatric-genes")
        assert kept is not None and kept != before
        assert kept == _counted_live(neo, "pediatric-genes")
        _, whole = queries.run(shipped, "pediatric-genes", {})
        _, page = queries.run_page(neo, "pediatric-genes", {}, 3, 1)
        assert (page.rows, page.total) == (whole[1:4], len(whole))
    finally:
        shipped.close()
        api.neo4j_load(store_path=emb.store.path, wipe=True, **neo4j_server)
    assert _kept(neo, "pediatric-genes") == before
