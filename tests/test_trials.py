"""The trials listing guesses nothing (issue 23): on a hand-built graph with a trial that
admits children, one for adults only, one with no recorded ages and one with a maximum age
only, `pediatric` lists only trials known to admit (true) or exclude (false) children,
the answer says how many it left out, rows show "unknown" where a trial has no phase,
status or ages, and a phase is understood however it is typed. A row counts the genes its
therapies target (gene_count) and names them only with genes=true (issue 26). Both
backends answer the same, whole and in pages."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from kg import api, queries
from kg.problems import InputError
from kg.store.backend import EmbeddedBackend
from kg.values import normalise
from loaders.curated import CuratedSource
from loaders.ontology_terms import OntologyTermsSource
from tests.conftest import FIXTURES, run_cli

KIDS, ADULTS, UNKNOWN, MAX_ONLY = (f"clinicaltrials:NCT0000000{i}" for i in range(1, 5))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trials") / "g.db"
    result, problems = api.build(store_path=path, sources=[
        OntologyTermsSource(), CuratedSource([FIXTURES / "trials"])])
    assert result is not None, [str(p) for p in problems]
    return path


@pytest.fixture(scope="module")
def emb(store: Path) -> EmbeddedBackend:
    return EmbeddedBackend(store)


@pytest.fixture(scope="module")
def neo(store: Path, neo4j_server: dict[str, Any]) -> Iterator[Any]:
    from kg.neo4j.backend import Neo4jBackend

    api.neo4j_load(store_path=store, wipe=True, **neo4j_server)
    backend = Neo4jBackend.connect(**neo4j_server)
    yield backend
    backend.close()


def ids(backend: Any, **params: str) -> list[str]:
    return [r["trial_id"] for r in queries.run(backend, "trials", params)[1]]


def test_pediatric_is_known_or_left_out(emb: EmbeddedBackend) -> None:
    assert ids(emb) == [KIDS, ADULTS, UNKNOWN, MAX_ONLY]
    assert ids(emb, pediatric="true") == [KIDS]
    assert ids(emb, pediatric="false") == [ADULTS]
    assert ids(emb, ages="unknown") == [UNKNOWN, MAX_ONLY]
    assert ids(emb, ages="known") == [KIDS, ADULTS]
    assert ids(emb, pediatric="true", ages="unknown") == []


def test_rows_say_unknown(emb: EmbeddedBackend) -> None:
    rows = {r["trial_id"]: r for r in queries.run(emb, "trials", {})[1]}
    assert rows[KIDS]["ages"] == "admits children"
    assert (rows[KIDS]["min_age_years"], rows[KIDS]["max_age_years"]) == (12, 25)
    assert rows[ADULTS]["ages"] == "adults only"
    unknown = rows[UNKNOWN]
    assert unknown["ages"] == unknown["min_age_years"] == unknown["max_age_years"] == "unknown"
    assert unknown["status"] == "unknown" and unknown["phase"] == "phase 3"
    only_max = rows[MAX_ONLY]
    assert only_max["ages"] == "unknown" and only_max["max_age_years"] == 70
    assert only_max["phase"] == only_max["status"] == "unknown"


GENE_COUNTS = {KIDS: 2, ADULTS: 1, UNKNOWN: 1, MAX_ONLY: 2}


def test_rows_count_their_genes_and_name_them_when_asked(emb: EmbeddedBackend) -> None:
    plain = api.query_run(emb, "trials", {})
    assert "genes" not in plain["columns"]
    assert plain["columns"][plain["columns"].index("therapies") + 1] == "gene_count"
    # a gene two therapies of a trial target counts once; a negated target not at all
    assert {r["trial_id"]: r["gene_count"] for r in plain["rows"]} == GENE_COUNTS
    assert all("genes" not in r for r in plain["rows"])
    named = api.query_run(emb, "trials", {"genes": "true"})
    assert named["columns"] == [*plain["columns"][:9], "genes", *plain["columns"][9:]]
    genes = {r["trial_id"]: r["genes"] for r in named["rows"]}
    assert genes[KIDS] == genes[MAX_ONLY] == ["TESTGENE1", "TESTGENE2"]
    assert genes[ADULTS] == genes[UNKNOWN] == ["TESTGENE1"]
    assert [{k: v for k, v in r.items() if k != "genes"} for r in named["rows"]] \
        == plain["rows"]
    assert api.query_run(emb, "trials", {"genes": "false"}) == plain
    # the gene filter keeps working, with or without the names
    assert [r["trial_id"] for r in api.query_run(emb, "trials", {"gene": "TESTGENE2"})["rows"]] \
        == [KIDS, MAX_ONLY]
    assert api.query_run(emb, "trials", {"gene": "TESTGENE3"})["rows"] == []


def test_the_header_declares_the_optional_names() -> None:
    query = queries.get("trials")
    assert query.columns_for({}) == tuple(c for c in query.columns if c != "genes")
    assert query.columns_for({"genes": True}) == query.columns
    assert query.to_dict()["optional_columns"] == [{"name": "genes", "param": "genes"}]
    assert "-p genes=true" in query.description


def test_a_column_shown_with_an_undeclared_parameter_is_refused(tmp_path: Path) -> None:
    (tmp_path / "q.cypher").write_text(
        "// name: q\n// description: d\n// param: x | text | optional | a | b\n"
        "// columns: a, b (with x=true)\nRETURN 1 AS a\n", encoding="utf-8")
    (tmp_path / "q.sql").write_text("SELECT 1", encoding="utf-8")
    with pytest.raises(InputError, match=r"q.cypher:4: error: column b is shown with 'x', "
                                         "which is not a bool parameter"):
        queries.parse(tmp_path / "q.cypher")


def test_notes_count_what_was_left_out(emb: EmbeddedBackend) -> None:
    def notes(**params: str) -> list[str]:
        return api.query_run(emb, "trials", params)["notes"]

    (note,) = notes(pediatric="false")
    assert note.startswith("ages: unknown for 2 trials") and "not listed" in note
    (note,) = notes(pediatric="true", phase="3")  # the other filters apply to the count
    assert note.startswith("ages: unknown for 1 trial ")
    assert notes() == ["ages: unknown for 2 trials (no minimum age recorded)"]
    assert notes(phase="1/2a") == []
    assert api.query_run(emb, "therapies-for-gene", {"gene": "TESTGENE1"})["notes"] == []


@pytest.mark.parametrize("typed", ["3", "phase 3", "Phase III", "III", "PHASE3", " phase  3 "])
def test_phase_three_however_typed(emb: EmbeddedBackend, typed: str) -> None:
    assert ids(emb, phase=typed) == [KIDS, UNKNOWN]


@pytest.mark.parametrize("typed", ["1/2a", "phase 1/2a", "Phase I/IIa", "PHASE1/PHASE2A"])
def test_phase_one_two_a(emb: EmbeddedBackend, typed: str) -> None:
    assert ids(emb, phase=typed) == [ADULTS]


def test_phase_normaliser() -> None:
    phases = api.load_ontology().value_sets["trial_phase"]
    assert normalise("trial_phase", "1/2", phases) == "phase 1/2"
    assert normalise("trial_phase", "II/III", phases) == "phase 2/3"
    assert normalise("trial_phase", "Expanded Access", phases) == "expanded access"
    for bad in ("4", "phase 5", "IIa", "early phase 1", "3/", ""):
        with pytest.raises(InputError, match="is not a trial phase; one of: preclinical, "
                                             "phase 1, phase 1/2,"):
            normalise("trial_phase", bad, phases)


def test_every_value_parameter_names_a_value_set() -> None:
    sets = api.load_ontology().value_sets
    for q in queries.catalogue().values():
        for p in q.params:
            if p.type.startswith("value:"):
                assert p.type.split(":", 1)[1] in sets, (q.name, p.name)


def test_bad_phase_and_ages_are_one_line_errors(store: Path, emb: EmbeddedBackend) -> None:
    with pytest.raises(InputError, match="parameter phase: 'phase 7' is not a trial phase"):
        ids(emb, phase="phase 7")
    with pytest.raises(InputError, match="parameter ages: 'maybe' is not one of unknown, known"):
        ids(emb, ages="maybe")
    done = run_cli("query", "run", "trials", "-p", "phase=IX", "--store", str(store))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "one of: preclinical, phase 1," in line and "expanded access" in line


def test_cli_json_and_web_carry_the_note(store: Path) -> None:
    from kg.web.app import create_app
    from kg.web.state import Settings

    table = run_cli("query", "run", "trials", "-p", "pediatric=false", "--store", str(store))
    assert table.returncode == 0, table.stderr
    assert "NCT00000002" in table.stdout and "NCT00000003" not in table.stdout
    assert "note: ages: unknown for 2 trials" in table.stderr
    as_json = run_cli("query", "run", "trials", "-p", "pediatric=false", "--format", "json",
                      "--store", str(store))
    answer = json.loads(as_json.stdout)
    assert answer["notes"][0].startswith("ages: unknown for 2 trials")
    assert [r["ages"] for r in answer["rows"]] == ["adults only"]
    with TestClient(create_app(Settings(store=store, sparql=False))) as c:
        assert c.get("/api/query/trials?pediatric=false").json() == answer
        page = c.get("/queries/trials?pediatric=false&run=1")
        assert page.status_code == 200
        assert "Note: ages: unknown for 2 trials" in page.text


def test_web_table_counts_genes_and_links_the_names(store: Path) -> None:
    import re

    from kg.web.app import create_app
    from kg.web.state import Settings

    def table(html: str) -> tuple[list[str], list[list[str]]]:
        head = re.findall(r"<th>(.*?)</th>", html)
        body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
        assert body
        return head, [re.findall(r"<td>(.*?)</td>", tr, re.S)
                      for tr in re.findall(r"<tr>(.*?)</tr>", body[1], re.S)]

    with TestClient(create_app(Settings(store=store, sparql=False))) as c:
        page = c.get("/queries/trials?phase=3&run=1").text
        head, rows = table(page)
        assert "gene_<wbr>count" in head and "genes" not in head
        count = head.index("gene_<wbr>count")
        assert [(r[0], r[count]) for r in rows] == [
            (f'<a href="/entity/{t}" title="{title}">clinicaltrials:<wbr>{t.split(":")[1]}</a>',
             str(GENE_COUNTS[t])) for t, title in
            ((KIDS, "test trial admitting children"), (UNKNOWN, "test trial of unknown ages"))]
        assert "TESTGENE" not in page
        # the names one link away, keeping the filters; the form offers the parameter
        assert '<a href="?phase=3&amp;run=1&amp;genes=true">List genes</a>' in page
        genes = re.search(r'<select id="param-genes" name="genes">(.*?)</select>', page, re.S)
        assert genes and '<option value="true">yes</option>' in genes[1]
        named = c.get("/queries/trials?phase=3&run=1&genes=true").text
        head, rows = table(named)
        assert head[count + 1] == "genes" and "List genes</a>" not in named
        assert [r[count + 1] for r in rows] == ["TESTGENE1; TESTGENE2", "TESTGENE1"]


CASES: list[dict[str, str]] = [
    {}, {"pediatric": "true"}, {"pediatric": "false"}, {"ages": "unknown"}, {"ages": "known"},
    {"phase": "3"}, {"phase": "Phase III", "pediatric": "true"}, {"phase": "phase 1/2a"},
    {"phase": "3", "pediatric": "false"}, {"status": "completed"},
    {"gene": "TESTGENE1"}, {"gene": "TESTGENE1", "pediatric": "false"},
    {"therapy": "test trial drug 2", "ages": "unknown"}, {"therapy": "test trial drug 2",
                                                          "pediatric": "true"},
    {"genes": "true"}, {"gene": "TESTGENE2", "genes": "true"},
    {"phase": "3", "genes": "true"}, {"gene": "TESTGENE3"},
]


@pytest.mark.parametrize("params", CASES, ids=["-".join(c.values()) or "all" for c in CASES])
def test_both_backends_answer_the_same(emb: EmbeddedBackend, neo: Any,
                                       params: dict[str, str]) -> None:
    whole = api.query_run(emb, "trials", params)
    assert api.query_run(neo, "trials", params) == whole
    for limit, offset in ((1, 0), (2, 1), (3, 3)):
        a = api.query_run(emb, "trials", params, limit=limit, offset=offset)
        b = api.query_run(neo, "trials", params, limit=limit, offset=offset)
        assert a == b
        assert a["rows"] == whole["rows"][offset:offset + limit]
        assert a["notes"] == whole["notes"] and a["total"] == whole["total"]


@pytest.mark.parametrize("backend", ["emb", "neo"])
def test_gene_count_is_the_number_of_names(request: pytest.FixtureRequest,
                                           backend: str) -> None:
    chosen = request.getfixturevalue(backend)
    named = api.query_run(chosen, "trials", {"genes": "true"})["rows"]
    assert {r["trial_id"]: r["gene_count"] for r in named} == GENE_COUNTS
    assert all(r["gene_count"] == len(r["genes"]) for r in named)
    for offset in range(len(named)):  # each page of one counts as the whole answer does
        (row,) = api.query_run(chosen, "trials", {"genes": "true"}, limit=1,
                               offset=offset)["rows"]
        assert row == named[offset]
