"""Paths to any entity of a category (`alskg path FROM --to-category Therapy`), and weak
links (a shared phenotype, a shared ontology parent) flagged and ranked down: the library,
the CLI, the web page and JSON API, and the same answers on Neo4j."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import api
from kg.paths import category_candidates, two_shortest_groups
from kg.problems import InputError
from kg.ranking import WEAK_PHENOTYPE, WEAK_STRUCTURE, load_profile, weak_links
from kg.store.backend import EmbeddedBackend
from tests.conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def emb(shipped_store: Path) -> EmbeddedBackend:
    return EmbeddedBackend(shipped_store)


def _hop(u: str, v: str, *edges: tuple[str, str, int]) -> dict[str, Any]:
    return {"from": u, "to": v, "edges": [{"predicate": p, "direction": d,
                                           "findings": ["f"] * n} for p, d, n in edges]}


def test_weak_links_name_shared_phenotypes_and_parents() -> None:
    nodes = [{"id": "A", "name": "ALS5", "category": "Disease"},
             {"id": "P", "name": "Spasticity", "category": "Phenotype"},
             {"id": "B", "name": "ALS1", "category": "Disease"}]
    shared = [_hop("A", "P", ("has_phenotype", "forward", 1)),
              _hop("P", "B", ("has_phenotype", "reverse", 1))]
    assert weak_links(nodes, shared) == [f"{WEAK_PHENOTYPE} (Spasticity)"]
    # a finding of another kind on either side makes the phenotype more than shared
    other = [shared[0], _hop("P", "B", ("has_phenotype", "reverse", 1),
                             ("biomarker_for", "reverse", 1))]
    assert weak_links(nodes, other) == []
    parent = [dict(n, category="Disease") for n in nodes]
    up_down = [_hop("A", "P", ("subclass_of", "forward", 0)),
               _hop("P", "B", ("subclass_of", "reverse", 0))]
    assert weak_links(parent, up_down) == [f"{WEAK_STRUCTURE} (Spasticity)"]
    # climbing a chain (A under P under B) is no shared parent; nor is a curated subclass
    chain = [up_down[0], _hop("P", "B", ("subclass_of", "forward", 0))]
    assert weak_links(parent, chain) == []
    curated = [_hop("A", "P", ("subclass_of", "forward", 1)), up_down[1]]
    assert weak_links(parent, curated) == []


def test_path_to_any_therapy(emb: EmbeddedBackend) -> None:
    result = api.path(emb, "SPG11", None, to_category="Therapy", limit=1000)
    paths = result["paths"]
    assert result["from"]["name"] == "SPG11" and result["to"]["category"] == "Therapy"
    assert {p["nodes"][-1]["category"] for p in paths} == {"Therapy"}
    # a path ends at the first therapy it meets
    assert not any(n["category"] == "Therapy" for p in paths for n in p["nodes"][1:-1])
    names = [t["name"] for t in result["targets"]]
    assert {"tofersen", "ulefnersen"} <= set(names)
    assert result["targets"][0]["path"] == 1
    assert [p["score"] for p in paths] == sorted((p["score"] for p in paths), reverse=True)
    # the same evidence breakdown as a path between two entities
    assert all(h["edges"] and "best_evidence" in h and "flags" in h
               for p in paths for h in p["hops"])
    weak = [i for i, p in enumerate(paths) if p["flags"]]
    assert weak and any(WEAK_PHENOTYPE in f for i in weak for f in paths[i]["flags"])
    assert 0 not in weak
    assert result["cut"] is False


def test_category_search_finds_what_pair_searches_find(emb: EmbeddedBackend) -> None:
    """Every shortest path to each therapy (with no therapy inside it) is a candidate of
    the one multi-target search, and nothing else is."""
    therapies = [r[0] for r in emb.store.rows("SELECT id FROM nodes WHERE category = ?",
                                              ("Therapy",))]
    source = "NCBIGene:80208"  # SPG11
    found, cut = category_candidates(emb, source, frozenset({"Therapy"}), 4)
    assert found and not cut
    shortest = min(len(p) for p in found)
    expected = set()
    for t in therapies:
        pairs = two_shortest_groups(emb.path_candidates(source, t, 4, []), 4)
        expected |= {tuple(p) for p in pairs if len(p) == shortest
                     and not set(p[1:-1]) & set(therapies)}
    assert {tuple(p) for p in found if len(p) == shortest} == expected
    assert {len(p) for p in found} == {shortest, shortest + 1}


def test_from_category_and_bad_categories(emb: EmbeddedBackend) -> None:
    result = api.path(emb, None, "ALS1", from_category="gene", limit=5)
    assert result["from"]["category"] == "Gene" and result["to"]["id"] == "OMIM:105400"
    assert all(p["nodes"][0]["category"] == "Gene" and p["nodes"][-1]["id"] == "OMIM:105400"
               for p in result["paths"])
    assert result["paths"][0]["nodes"][0]["name"] == "SOD1"
    with pytest.raises(InputError, match=r"unknown category 'Drug' \(one of: .*Therapy"):
        api.path(emb, "SPG11", None, to_category="Drug")
    with pytest.raises(InputError, match="unknown category 'Finding'"):
        api.path(emb, "SPG11", None, to_category="Finding")
    with pytest.raises(InputError, match="one entity only"):
        api.path(emb, "SPG11", "tofersen", to_category="Therapy")
    with pytest.raises(InputError, match="two ends"):
        api.path(emb, "SPG11", None)


def test_shared_phenotype_path_ranks_below(emb: EmbeddedBackend, tmp_path: Path) -> None:
    result = api.path(emb, "ALS5", "ALS1", limit=100)
    flagged = [p for p in result["paths"] if any("Spasticity" in f for f in p["flags"])]
    strong = [p for p in result["paths"] if not p["flags"]]
    # ALS5 - juvenile ALS - SOD1 - ALS1 says more than "both have spasticity"
    assert flagged and strong and result["paths"].index(strong[0]) < \
        result["paths"].index(flagged[0])
    # the weight is the profile's: at 1 the same path scores 1 / weak_link higher
    text = (ROOT / "ontology" / "ranking.yaml").read_text(encoding="utf-8")
    other = tmp_path / "flat.yaml"
    other.write_text(text.replace("weak_link: 0.1", "weak_link: 1.0"), encoding="utf-8")
    flat = api.path(emb, "ALS5", "ALS1", limit=100, weights=other)
    same = next(p for p in flat["paths"] if p["nodes"] == flagged[0]["nodes"])
    assert same["score"] == pytest.approx(flagged[0]["score"] / load_profile().weak_link,
                                          rel=1e-3)
    missing = tmp_path / "old.yaml"
    missing.write_text(text.replace("weak_link: 0.1", ""), encoding="utf-8")
    with pytest.raises(Exception, match="missing key 'weak_link'"):
        load_profile(missing)


def test_cli_to_category(shipped_store: Path) -> None:
    store = ["--store", str(shipped_store)]
    done = run_cli("path", "SPG11", "--to-category", "Therapy", *store)
    assert done.returncode == 0, done.stderr
    assert "SPG11 -> any Therapy" in done.stdout and "Therapy reached, best first" in done.stdout
    assert "tofersen" in done.stdout and "best evidence" in done.stdout
    as_json = json.loads(run_cli("path", "SPG11", "--to-category", "therapy", "--format",
                                 "json", *store).stdout)
    assert as_json["targets"] and all("flags" in p for p in as_json["paths"])
    weak = run_cli("path", "ALS5", "ALS1", *store)
    assert "weak: shared phenotype only (Spasticity)" in weak.stdout
    bad = run_cli("path", "SPG11", "--to-category", "Drug", *store)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1 and "Therapy" in bad.stderr
    alone = run_cli("path", "SPG11", *store)
    assert alone.returncode == 1 and "--to-category" in alone.stderr
    back = run_cli("path", "ALS1", "--from-category", "Gene", "--limit", "1", *store)
    assert back.returncode == 0 and "any Gene -> ALS1" in back.stdout


@pytest.fixture(scope="module")
def client(shipped_store: Path) -> Iterator[Any]:
    from starlette.testclient import TestClient

    from kg.web.app import create_app
    from kg.web.state import Settings

    with TestClient(create_app(Settings(store=shipped_store)),
                    raise_server_exceptions=False) as c:
        yield c


def test_web_and_api_to_category(client: Any, shipped_store: Path) -> None:
    url = "/api/path?from=SPG11&to_category=Therapy"
    answer = client.get(url).json()
    cli = run_cli("path", "SPG11", "--to-category", "Therapy", "--format", "json",
                  "--store", str(shipped_store))
    assert answer == json.loads(cli.stdout)
    assert client.get("/api/path?from=SPG11&to_category=Drug").status_code == 400
    assert client.get("/api/path?from=SPG11").status_code == 400
    page = client.get("/path?from=SPG11&to_category=Therapy").text
    assert 'id="path-targets"' in page and "any Therapy" in page
    assert '<select name="to_category"' in page and "<option selected>Therapy</option>" in page
    weak = client.get("/path?from=ALS5&to=ALS1").text
    assert 'class="badge weak">weak: shared phenotype only (Spasticity)' in weak


# -- the same answers on Neo4j --------------------------------------------------------------

@pytest.fixture(scope="module")
def neo(shipped_neo: Any) -> Any:
    return shipped_neo


@pytest.mark.parametrize(("source", "target", "kw"), [
    ("SPG11", None, {"to_category": "Therapy"}),
    ("FUS", None, {"to_category": "Mechanism", "population": "juvenile", "explain": True}),
    (None, "ALS1", {"from_category": "Gene", "limit": 20}),
    ("ALS5", "ALS1", {"limit": 50}),
])
def test_category_path_parity(emb: EmbeddedBackend, neo: Any, source: str | None,
                              target: str | None, kw: dict[str, Any]) -> None:
    assert api.path(emb, source, target, **kw) == api.path(neo, source, target, **kw)


def test_neighbours_parity(emb: EmbeddedBackend, neo: Any) -> None:
    ids = ["NCBIGene:80208", "OMIM:105400", "HP:0001257", "alskg:tofersen", "nope:0"]
    assert emb.neighbours(ids) == neo.neighbours(ids)
