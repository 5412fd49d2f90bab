"""Names and ids as people type them (kg/names.py through kg.backend.resolve): spellings
folded, ids typed bare, one answer per disease with its equivalents named, and the same
answers on Neo4j, which now holds HGNC's names table too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg import api
from kg.backend import resolve, resolve_node
from kg.names import id_forms, spellings
from kg.problems import InputError, UnknownEntity
from kg.store.backend import EmbeddedBackend
from tests.conftest import run_cli

TARDBP = "NCBIGene:23435"


@pytest.fixture(scope="module")
def emb(shipped_store: Path) -> EmbeddedBackend:
    return EmbeddedBackend(shipped_store)


def test_spellings_and_id_forms() -> None:
    assert spellings("TDP43") == ["TDP 43", "TDP-43"]
    assert set(spellings("tdp 43")) == {"tdp43", "tdp-43"}
    assert spellings("ALS") == [] and len(spellings("a-b-c-d-e")) <= 81
    assert len(spellings("one two three four five six seven")) == 0  # already its one form
    assert id_forms("NCT04768972") == ["clinicaltrials:NCT04768972"]
    assert id_forms("nct04768972") == ["clinicaltrials:NCT04768972"]
    assert id_forms("PMID 123") == ["PMID:123"] and id_forms("pmid:123") == ["PMID:123"]
    assert id_forms("602433") == ["OMIM:602433"] == id_forms("OMIM 602433")
    assert id_forms("MIM #602433") == ["OMIM:602433"]
    assert id_forms("mondo:0004976") == ["MONDO:0004976"]
    assert id_forms("hp 0001257") == ["HP:0001257"]
    assert id_forms("12345") == [] and id_forms("FUS") == []


@pytest.mark.parametrize(("text", "expected"), [
    ("TDP43", TARDBP), ("tdp 43", TARDBP), ("tdp-43", TARDBP), ("TDP-43", TARDBP),
    ("sod 1", "NCBIGene:6647"),
    ("NCT04768972", "clinicaltrials:NCT04768972"),
    ("clinicaltrials:nct04768972", "clinicaltrials:NCT04768972"),
    ("PMID 20110243", "PMID:20110243"), ("pmid:20110243", "PMID:20110243"),
    ("602433", "OMIM:602433"), ("OMIM 602433", "OMIM:602433"),
    ("mondo:0004976", "MONDO:0004976"),
    # one answer per disease: the curated node, which MONDO's names by exact xref
    ("ALS4", "OMIM:602433"), ("ALS", "alskg:als"),
    # an id given as it is still answers that very node
    ("MONDO:0011223", "MONDO:0011223"),
])
def test_names_as_typed_resolve(emb: EmbeddedBackend, text: str, expected: str) -> None:
    assert resolve(emb, text) == expected


def test_no_match_suggests(emb: EmbeddedBackend) -> None:
    with pytest.raises(UnknownEntity, match="did you mean"):
        resolve(emb, "tofersn")
    with pytest.raises(InputError, match="no entity with id or name '999999'"):
        resolve(emb, "999999")


def test_show_names_equivalent_entities(emb: EmbeddedBackend) -> None:
    als4 = api.show(emb, "ALS4")
    assert als4["id"] == "OMIM:602433"
    (mondo,) = als4["equivalents"]
    assert mondo["id"] == "MONDO:0011223" and "name each other" in mondo["relation"]
    als = api.show(emb, "ALS")
    assert als["id"] == "alskg:als"
    assert [(e["id"], e["relation"]) for e in als["equivalents"]] == [
        ("MONDO:0004976", "same name 'amyotrophic lateral sclerosis', no cross-reference "
                          "between them")]
    back = api.show(emb, "MONDO:0011223")
    assert [e["id"] for e in back["equivalents"]] == ["OMIM:602433"]


def test_cli_show_as_typed(shipped_store: Path) -> None:
    store = ["--store", str(shipped_store)]
    for text, head in (("TDP43", "TARDBP (NCBIGene:23435)"),
                       ("NCT04768972", "(clinicaltrials:NCT04768972)"),
                       ("ALS4", "ALS4, juvenile (OMIM:602433)")):
        done = run_cli("show", text, *store)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(head) or head in done.stdout.splitlines()[0], text
    als4 = run_cli("show", "ALS4", *store).stdout
    assert "also in the graph: amyotrophic lateral sclerosis type 4 (MONDO:0011223" in als4
    # path resolves its ends the same way
    path = run_cli("path", "tdp 43", "OMIM 602433", "--format", "json", *store)
    assert path.returncode == 0, path.stderr
    answer = json.loads(path.stdout)
    assert (answer["from"]["id"], answer["to"]["id"]) == (TARDBP, "OMIM:602433")


def test_web_and_api_resolve_as_typed(shipped_store: Path) -> None:
    from starlette.testclient import TestClient

    from kg.web.app import create_app
    from kg.web.state import Settings

    with TestClient(create_app(Settings(store=shipped_store)),
                    raise_server_exceptions=False) as client:
        assert client.get("/api/show?entity=TDP43").json()["id"] == TARDBP
        assert client.get("/api/show?entity=ALS4").json()["id"] == "OMIM:602433"
        page = client.get("/entity/NCT04768972")
        assert page.status_code == 200 and "FUSION" in page.text
        als4 = client.get("/entity/ALS4").text
        assert "Also in the graph:</strong>" in als4 and "MONDO:0011223" in als4


# -- the same on Neo4j ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def neo(shipped_neo: Any) -> Any:
    return shipped_neo


def _outcome(backend: Any, text: str) -> tuple[str, Any]:
    try:
        node_id, node = resolve_node(backend, text)
        return "ok", (node_id, node["category"])
    except InputError as e:
        return type(e).__name__, str(e)


@pytest.mark.parametrize("text", [
    "TDP43", "tdp 43", "NCT04768972", "pmid 20110243", "602433", "ALS4", "ALS", "ALS10",
    # HGNC's names table: an alias of several genes, a gene with no edges, an alias
    "FUS1", "A1", "BRCA1", "DENND9", "tofersn"])
def test_resolve_parity(emb: EmbeddedBackend, neo: Any, text: str) -> None:
    assert _outcome(emb, text) == _outcome(neo, text)


def test_show_parity_and_hgnc_table(emb: EmbeddedBackend, neo: Any) -> None:
    for text in ("ALS4", "ALS", "TDP43"):
        assert api.show(emb, text) == api.show(neo, text)
    assert neo.gene_names("FUS1") == emb.gene_names("FUS1") != []


def test_search_puts_the_resolved_entity_first(emb: EmbeddedBackend) -> None:
    found = api.search(emb, "TDP43")
    assert found["resolved"] == TARDBP and found["entities"][0]["id"] == TARDBP
    assert api.search(emb, "zzzqqq")["resolved"] is None
