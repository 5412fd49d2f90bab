"""Canned queries and paths: asserted answers on the shipped data, identical answers from
both backends, injection attempts, and name-resolution errors."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from kg import api, queries
from kg.problems import InputError
from kg.store.backend import EmbeddedBackend
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def emb(shipped_store: Path) -> EmbeddedBackend:
    return EmbeddedBackend(shipped_store)


def rows(backend: Any, name: str, **params: str) -> list[dict[str, Any]]:
    return queries.run(backend, name, params)[1]


# -- asserted answers on the shipped data (embedded) -----------------------------------

def test_catalogue_has_every_required_query() -> None:
    names = set(queries.catalogue())
    assert {"therapies-for-gene", "mechanisms-for-gene", "genes-for-mechanism", "evidence",
            "pediatric-genes", "trials", "biomarkers", "shared-mechanisms",
            "conflicting-findings", "findings-from-source", "studies-by-organization"} <= names
    for q in queries.catalogue().values():
        assert q.description and q.columns and q.cypher
        assert "$" in q.cypher or not q.params  # parameters travel as parameters


def test_therapies_for_fus(emb: EmbeddedBackend) -> None:
    result = rows(emb, "therapies-for-gene", gene="FUS")
    ule = [r for r in result if r["therapy"] == "ulefnersen"]
    assert ule and ule[0]["trial_id"] == "clinicaltrials:NCT04768972"
    assert ule[0]["modality"] == "antisense oligonucleotide"
    # no abstract in the reading list gives FUSION's eligible ages: unknown, never guessed
    assert ule[0]["min_age_years"] is None
    assert "clinicaltrials:NCT04768972" in ule[0]["citations"]


def test_therapies_for_sod1_by_id_equal_by_name(emb: EmbeddedBackend) -> None:
    by_name = rows(emb, "therapies-for-gene", gene="SOD1")
    assert rows(emb, "therapies-for-gene", gene="NCBIGene:6647") == by_name
    tofersen = {r["trial_id"] for r in by_name if r["therapy"] == "tofersen"}
    assert {"clinicaltrials:NCT02623699", "clinicaltrials:NCT04856982"} <= tofersen
    assert all("Biogen" in r["sponsors"] for r in by_name if r["therapy"] == "tofersen")


def test_mechanisms_for_sptlc1(emb: EmbeddedBackend) -> None:
    result = rows(emb, "mechanisms-for-gene", gene="SPTLC1")
    sph = [r for r in result if r["mechanism_id"] == "GO:0030148"]
    assert sph and sph[0]["evidence"].startswith("ECO:")
    assert sph[0]["citations"] and sph[0]["population"]


def test_genes_for_proteostasis_include_parts(emb: EmbeddedBackend) -> None:
    result = rows(emb, "genes-for-mechanism", mechanism="proteostasis")
    assert "UBQLN2" in {r["gene"] for r in result}
    assert all(r["via"] != "proteostasis" or r["via_id"] == "alskg:0000002" for r in result)


def test_evidence_between_ulefnersen_and_fus(emb: EmbeddedBackend) -> None:
    result = rows(emb, "evidence", subject="ulefnersen", object="FUS")
    assert result and all(r["citations"] for r in result)
    assert {r["predicate"] for r in result} >= {"targets"}
    assert all(r["direction"] == "forward" for r in result if r["predicate"] == "targets")
    flipped = rows(emb, "evidence", subject="FUS", object="ulefnersen")
    assert {r["finding_id"] for r in flipped} == {r["finding_id"] for r in result}
    assert all(r["direction"] == "reverse" for r in flipped if r["predicate"] == "targets")


def test_pediatric_genes(emb: EmbeddedBackend) -> None:
    pairs = {(r["gene"], r["disease_id"]) for r in rows(emb, "pediatric-genes")}
    assert {("SPTLC1", "OMIM:620285"), ("ALS2", "OMIM:205100"),
            ("SIGMAR1", "OMIM:614373")} <= pairs
    assert ("SOD1", "OMIM:105400") not in pairs  # ALS1 is adult onset


def test_trials_filters(emb: EmbeddedBackend) -> None:
    everything = rows(emb, "trials")
    assert len(everything) >= 5
    kids = rows(emb, "trials", pediatric="true")
    # no abstract in the reading list states an eligible age under 18 for any trial
    assert [r["trial_id"] for r in kids] == []
    ages = {r["trial_id"]: r["min_age_years"] for r in everything}
    assert ages["clinicaltrials:NCT02623699"] == 18
    assert ages["clinicaltrials:NCT01492686"] == 20
    sod1 = rows(emb, "trials", gene="SOD1")
    assert sod1 and all("tofersen" in r["therapies"] for r in sod1)
    # a row counts its genes; their names come with genes=true, as many as counted
    assert all(r["gene_count"] >= 1 and "genes" not in r for r in sod1)
    named = rows(emb, "trials", gene="SOD1", genes="true")
    assert all("SOD1" in r["genes"] and len(r["genes"]) == r["gene_count"] for r in named)
    phase3 = rows(emb, "trials", phase="phase 3")
    assert phase3 and all(r["phase"] == "phase 3" for r in phase3)
    assert rows(emb, "trials", phase="3") == rows(emb, "trials", phase="Phase III") == phase3
    # unknown ages are neither pediatric nor not: pediatric=false lists known adults only
    adults = rows(emb, "trials", pediatric="false")
    assert adults and all(r["ages"] == "adults only" for r in adults)
    unknown = rows(emb, "trials", ages="unknown")
    assert unknown and all(r["min_age_years"] == "unknown" for r in unknown)
    assert len(kids) + len(adults) + len(unknown) == len(everything)
    assert rows(emb, "trials", status="no such status") == []


def test_biomarkers_for_tofersen(emb: EmbeddedBackend) -> None:
    result = {r["biomarker"]: r for r in rows(emb, "biomarkers", therapy="tofersen")}
    assert "surrogate endpoint" in result["NfL"]["roles"]
    assert "target engagement" in result["CSF SOD1 protein"]["roles"]
    assert all(r["citations"] for r in result.values())


def test_biomarkers_for_a_disease_include_its_subtypes(emb: EmbeddedBackend) -> None:
    """juvenile ALS asks for ALS27 too (curated subclass_of): the row says it came from it."""
    found = {r["biomarker_id"]: r for r in rows(emb, "biomarkers", disease="juvenile ALS")}
    sphingo = found["alskg:plasma-sphingolipids"]
    assert sphingo["via"] == ["ALS27, juvenile"]
    assert "ALS27, juvenile" in sphingo["diseases"]
    assert {r["biomarker_id"] for r in rows(emb, "biomarkers", disease="OMIM:620285")} == \
        {"alskg:plasma-sphingolipids"}
    # no disease asked for: no row came through one
    assert all(r["via"] == [] for r in rows(emb, "biomarkers"))
    # ALS takes in its MONDO subtypes (ALS1's CSF SOD1), each row naming the ones it is for
    als = {r["biomarker_id"]: r for r in rows(emb, "biomarkers", disease="ALS")}
    assert "ALS1" in als["alskg:csf-sod1"]["via"]
    assert all(set(r["via"]) <= set(r["diseases"]) and r["via"] for r in als.values())


def test_biomarkers_take_the_population_lens(emb: EmbeddedBackend) -> None:
    """A biomarker's rows carry the populations of the findings behind its disease links."""
    loose = api.query_run(emb, "biomarkers", {"disease": "juvenile ALS"}, population="juvenile")
    lensed = {r["biomarker_id"]: r["in_population"] for r in loose["rows"]}
    assert lensed["alskg:plasma-sphingolipids"] is True
    strict = api.query_run(emb, "biomarkers", {}, population="adult", strict=True)
    assert strict["rows"] and all(r["in_population"] for r in strict["rows"])
    assert "alskg:plasma-sphingolipids" not in {r["biomarker_id"] for r in strict["rows"]}


def test_cli_biomarkers_for_juvenile_als(shipped_store: Path) -> None:
    out = run_cli("query", "run", "biomarkers", "-p", "disease=juvenile ALS", "--store",
                  str(shipped_store))
    assert out.returncode == 0, out.stderr
    assert "plasma sphingolipids" in out.stdout
    assert "via: ALS27, juvenile" in out.stdout


def test_every_query_has_its_sql_twin_and_listings_their_pages() -> None:
    from kg.model import FINDING_FIELDS

    listed = [f.name for f in FINDING_FIELDS if f.listed]
    for q in queries.catalogue().values():
        assert q.sql.lstrip().startswith(("--", "WITH", "SELECT")), q.name
        assert "json_object(" in q.sql, q.name  # one JSON object a row
    # the listings whose rows are findings carry every field FINDING_FIELDS marks `listed`
    for name in ("mechanisms-for-gene", "genes-for-mechanism", "evidence"):
        assert {"finding_id", *listed} <= set(queries.get(name).columns), name
    for name in queries.PAGED:
        for part in ("keys",) + (("keys-filtered",) if queries.PAGED[name] else ()):
            for language in ("cypher", "sql"):
                assert queries.page_path(name, part, language).is_file(), (name, part)
        # the store reads a page's rows with the query's own SQL, given their ids, or
        # (trials) from a page statement whose record Python finishes, as on Neo4j
        assert queries.page_path(name, "rows", "cypher").is_file(), name
        if name in queries.PAGE_RECORDS:
            assert queries.page_path(name, "rows", "sql").is_file(), name
        else:
            assert ":keys" in queries.get(name).sql, name


def test_a_query_without_its_sql_twin_is_refused(tmp_path: Path) -> None:
    source = queries.get("publications").path
    (tmp_path / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match=r"publications.cypher:1: error: no SQL twin "
                                         r"publications.sql"):
        queries.parse(tmp_path / source.name)


def test_shared_mechanisms_fus_tardbp(emb: EmbeddedBackend) -> None:
    result = {r["mechanism_id"]: r for r in
              rows(emb, "shared-mechanisms", gene_a="FUS", gene_b="TARDBP")}
    assert "GO:0008380" in result  # RNA splicing
    assert result["GO:0008380"]["findings_a"] and result["GO:0008380"]["findings_b"]


def test_conflicting_findings(emb: EmbeddedBackend) -> None:
    result = rows(emb, "conflicting-findings")
    assert result
    assert all(r["citations"] and r["contradicts_citations"] for r in result)


def test_findings_from_a_juvenile_als_review(emb: EmbeddedBackend) -> None:
    """Lehky & Grunseich 2021 ties FUS, SETX and ALS2 to juvenile ALS, with quotes."""
    result = rows(emb, "findings-from-source", citation="PMID:34946884")
    assert len(result) >= 4
    assert {"FUS", "SETX", "ALS2"} <= {r["subject"] for r in result}
    assert {r["object"] for r in result if r["subject"] == "FUS"} == {"juvenile ALS"}


def test_seed_claims_on_the_shipped_data_is_empty(emb: EmbeddedBackend) -> None:
    """The shipped data cites no uncited narrative: its findings cite primary sources."""
    assert rows(emb, "seed-claims") == []
    assert rows(emb, "seed-claims", source="PMID:34946884")  # a review's findings, listed


def test_studies_by_ionis(emb: EmbeddedBackend) -> None:
    result = rows(emb, "studies-by-organization", organization="Ionis")
    assert "clinicaltrials:NCT04768972" in {r["study_id"] for r in result}


# -- parameters and their errors ---------------------------------------------------------

def test_parameter_errors(emb: EmbeddedBackend) -> None:
    with pytest.raises(InputError, match="needs -p gene="):
        rows(emb, "therapies-for-gene")
    with pytest.raises(InputError, match="has no parameter 'colour'"):
        rows(emb, "therapies-for-gene", gene="FUS", colour="red")
    with pytest.raises(InputError, match="did you mean 'FUS'"):
        rows(emb, "therapies-for-gene", gene="FSU")
    with pytest.raises(InputError, match="is a Therapy, not a Gene"):
        rows(emb, "therapies-for-gene", gene="tofersen")
    with pytest.raises(InputError, match="not true or false"):
        rows(emb, "trials", pediatric="maybe")
    with pytest.raises(InputError, match="did you mean 'trials'"):
        queries.get("trial")


def test_cli_query_commands(shipped_store: Path) -> None:
    listed = run_cli("query", "list", "--format", "json")
    assert {q["name"] for q in json.loads(listed.stdout)} == set(queries.catalogue())
    shown = run_cli("query", "show", "therapies-for-gene")
    assert "MATCH" in shown.stdout and "-p gene=" in shown.stdout
    ran = run_cli("query", "run", "therapies-for-gene", "-p", "gene=FUS", "--format", "json",
                  "--store", str(shipped_store))
    assert ran.returncode == 0, ran.stderr
    out = json.loads(ran.stdout)
    assert out["total"] == len(out["rows"]) and out["offset"] == 0
    assert out["rows"][0]["therapy"] == "ulefnersen"
    assert out["rows"][0]["trial_id"].endswith("NCT04768972")
    csv_out = run_cli("query", "run", "trials", "-p", "pediatric=true", "-f", "csv",
                      "--store", str(shipped_store)).stdout
    assert csv_out.splitlines()[0].startswith("trial_id,trial,phase")
    bad = run_cli("query", "run", "therapies-for-gene", "-p", "gene", "--store",
                  str(shipped_store))
    assert bad.returncode == 2 and "key=value" in bad.stderr
    missing = run_cli("query", "run", "therapies-for-gene", "--store", str(shipped_store))
    assert missing.returncode == 1 and "needs -p gene=" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_paging_walks_every_row_once(shipped_store: Path) -> None:
    def page(*extra: str) -> dict[str, Any]:
        done = run_cli("query", "run", "pediatric-genes", "--format", "json",
                       "--store", str(shipped_store), *extra)
        assert done.returncode == 0, done.stderr
        return dict(json.loads(done.stdout))

    everything = page("--limit", "0")
    assert everything["limit"] is None and everything["total"] == len(everything["rows"]) > 4
    pages = [page("--limit", "3", "--offset", str(k))
             for k in range(0, everything["total"], 3)]
    assert all(p["total"] == everything["total"] for p in pages)
    assert [r for p in pages for r in p["rows"]] == everything["rows"]
    table = run_cli("query", "run", "pediatric-genes", "--limit", "2", "--store",
                    str(shipped_store))
    assert f"rows 1-2 of {everything['total']}" in table.stderr
    total = everything["total"]
    last = run_cli("query", "run", "pediatric-genes", "--limit", "2", "--offset",
                   str(total - 2), "--store", str(shipped_store))
    assert f"rows {total - 1}-{total} of {total}; this is the last page" in last.stderr
    past = run_cli("query", "run", "pediatric-genes", "--offset", str(total + 4), "--store",
                   str(shipped_store))
    assert past.returncode == 0
    assert f"no rows from offset {total + 4}: the answer has {total} rows" in past.stderr
    bad = run_cli("query", "run", "trials", "--offset", "-1", "--store", str(shipped_store))
    assert bad.returncode == 2 and "--offset" in bad.stderr


# -- paths -------------------------------------------------------------------------------

def test_path_fus_to_ulefnersen_cites_every_hop(emb: EmbeddedBackend) -> None:
    result = api.path(emb, "FUS", "ulefnersen")
    assert result["paths"]
    assert result["paths"][0]["length"] == 1
    for p in result["paths"]:
        assert p["nodes"][0]["id"] == "NCBIGene:2521"
        assert p["nodes"][-1]["id"] == "alskg:ulefnersen"
        for hop in p["hops"]:
            assert hop["edges"], hop
            assert any(e["citations"] and e["findings"] for e in hop["edges"]), hop


def test_path_options(emb: EmbeddedBackend) -> None:
    via = api.path(emb, "FUS", "ulefnersen", via=["Mechanism"], max_hops=6)
    assert via["paths"]
    assert all(any(n["category"] == "Mechanism" for n in p["nodes"][1:-1])
               for p in via["paths"])
    assert len(api.path(emb, "FUS", "tofersen", limit=2)["paths"]) == 2
    short = api.path(emb, "FUS", "tofersen", max_hops=1)
    assert short["paths"] == []
    with pytest.raises(InputError, match="unknown category 'Gnee'"):
        api.path(emb, "FUS", "tofersen", via=["Gnee"])
    with pytest.raises(InputError, match="between 1 and 10"):
        api.path(emb, "FUS", "tofersen", max_hops=11)


def test_path_cli_formats(shipped_store: Path) -> None:
    dot = run_cli("path", "FUS", "ulefnersen", "--format", "dot", "--store", str(shipped_store))
    assert dot.returncode == 0
    assert dot.stdout.startswith("digraph")
    assert '"alskg:ulefnersen" -> "NCBIGene:2521"' in dot.stdout
    # drawn in Python: no Graphviz on PATH is needed, so the test runs with a PATH
    # that holds no `dot` at all
    import xml.etree.ElementTree as ET

    svg = run_cli("path", "FUS", "ulefnersen", "--format", "svg", "--store", str(shipped_store),
                  env={"PATH": str(Path(sys.executable).parent)})
    assert svg.returncode == 0, svg.stderr
    root = ET.fromstring(svg.stdout)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "FUS" in texts and "ulefnersen" in texts and "targets" in texts
    table = run_cli("path", "FUS", "ulefnersen", "--store", str(shipped_store))
    assert "FUS <-[targets]<- ulefnersen" in table.stdout
    assert "PMID:35075293" in table.stdout


# -- parity and injection against a real Neo4j --------------------------------------------

@pytest.fixture(scope="module")
def neo(shipped_store: Path, neo4j_server: dict[str, Any]) -> Any:
    from kg.neo4j.backend import Neo4jBackend

    api.neo4j_load(store_path=shipped_store, wipe=True, **neo4j_server)
    backend = Neo4jBackend.connect(**neo4j_server)
    yield backend
    backend.close()


PARITY_CASES = [
    ("therapies-for-gene", {"gene": g}) for g in ("FUS", "SOD1", "SPTLC1", "TARDBP")
] + [
    ("mechanisms-for-gene", {"gene": g})
    for g in ("FUS", "SOD1", "SPTLC1", "UBQLN2", "SETX", "TBK1", "TARDBP")
] + [
    ("genes-for-mechanism", {"mechanism": m})
    for m in ("proteostasis", "RNA metabolism", "GO:0006396", "RNA processing",
              "oxidative stress")
] + [
    ("evidence", {"subject": "ulefnersen", "object": "FUS"}),
    ("evidence", {"subject": "SPTLC1", "object": "OMIM:620285"}),
    ("evidence", {"subject": "NfL", "object": "OMIM:105400"}),  # contested: both sides
    ("pediatric-genes", {}),
    ("trials", {}), ("trials", {"pediatric": "true"}), ("trials", {"pediatric": "false"}),
    ("trials", {"gene": "SOD1"}), ("trials", {"therapy": "tofersen"}),
    ("trials", {"phase": "phase 3", "status": "completed"}),
    ("trials", {"phase": "3"}), ("trials", {"phase": "Phase III", "pediatric": "false"}),
    ("trials", {"phase": "1/2a"}), ("trials", {"ages": "unknown"}),
    ("trials", {"gene": "SOD1", "pediatric": "false"}),
    ("trials", {"genes": "true"}), ("trials", {"gene": "SOD1", "genes": "true"}),
    ("biomarkers", {}), ("biomarkers", {"therapy": "tofersen"}), ("biomarkers", {"gene": "SOD1"}),
    # a disease includes the diseases under it (ALS27 under juvenile ALS, MONDO's tree)
    ("biomarkers", {"disease": "juvenile ALS"}), ("biomarkers", {"disease": "ALS"}),
    ("shared-mechanisms", {"gene_a": "FUS", "gene_b": "TARDBP"}),
    ("shared-mechanisms", {"gene_a": "SOD1", "gene_b": "UBQLN2"}),
    ("conflicting-findings", {}),
    ("findings-from-source", {"citation": "PMID:34946884"}),
    ("findings-from-source", {"citation": "PMID:19251628"}),
    ("studies-by-organization", {"organization": "Ionis"}),
    ("studies-by-organization", {"organization": "Biogen"}),
    ("seed-claims", {}), ("seed-claims", {"source": "PMID:34946884"}),
    ("publications", {}),
]


@pytest.mark.parametrize(("name", "params"), PARITY_CASES,
                         ids=[f"{n}-{'-'.join(p.values())}" for n, p in PARITY_CASES])
def test_query_parity(emb: EmbeddedBackend, neo: Any, name: str, params: dict[str, str]) -> None:
    a = rows(emb, name, **params)
    b = rows(neo, name, **params)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


def test_every_query_is_covered_by_parity() -> None:
    assert {n for n, _ in PARITY_CASES} == set(queries.catalogue())


PATH_CASES = [("FUS", "ulefnersen", {}), ("SOD1", "tofersen", {}), ("FUS", "tofersen", {}),
              ("TARDBP", "NurOwn", {"max_hops": 5}), ("SPTLC1", "riluzole", {}),
              ("FUS", "ulefnersen", {"via": ["Mechanism"], "max_hops": 6}),
              ("NfL", "SOD1", {"limit": 3}),
              # ranked answers: lens, strictness, explain (contested hops on the NfL paths)
              ("FUS", "RNA processing", {"population": "pediatric"}),
              ("SOD1", "tofersen", {"explain": True}),
              ("clinicaltrials:NCT02623699", "NfL", {"explain": True, "population": "adult"}),
              ("SETX", "FUS", {"population": "juvenile", "strict": True, "explain": True})]


@pytest.mark.parametrize(("a", "b", "kw"), PATH_CASES)
def test_path_parity(emb: EmbeddedBackend, neo: Any, a: str, b: str, kw: dict[str, Any]) -> None:
    assert api.path(emb, a, b, **kw) == api.path(neo, a, b, **kw)


def test_ranked_paths_are_ranked_alike(emb: EmbeddedBackend, neo: Any) -> None:
    a = api.path(emb, "SOD1", "tofersen")
    b = api.path(neo, "SOD1", "tofersen")
    assert [p["score"] for p in a["paths"]] == [p["score"] for p in b["paths"]]
    assert any(p["contested"] for p in b["paths"])  # both sides reach Neo4j's answer too


@pytest.mark.parametrize(("text", "population"), [("NfL", "adult"), ("TARDBP", "pediatric"),
                                                  ("FUS", None)])
def test_show_lens_parity(emb: EmbeddedBackend, neo: Any, text: str,
                          population: str | None) -> None:
    assert api.show(emb, text, population=population) == \
        api.show(neo, text, population=population)


@pytest.mark.parametrize("strict", [False, True])
def test_query_lens_parity(emb: EmbeddedBackend, neo: Any, strict: bool) -> None:
    total = 0
    for name, params in (("evidence", {"subject": "FUS", "object": "OMIM:608030"}),
                         ("genes-for-mechanism", {"mechanism": "RNA metabolism"}),
                         ("biomarkers", {"disease": "juvenile ALS"})):
        a = api.query_run(emb, name, params, population="juvenile", strict=strict)
        b = api.query_run(neo, name, params, population="juvenile", strict=strict)
        assert a == b
        total += a["total"]
    assert total > 0


INJECTIONS = ["FUS' }) MATCH (n) DETACH DELETE n //",
              "x\"}) DETACH DELETE n RETURN 1 //",
              "') CALL db.clearQueryCaches() //",
              "phase 3' OR 1=1 //"]


@pytest.mark.parametrize("evil", INJECTIONS)
def test_injection_in_every_parameter(emb: EmbeddedBackend, neo: Any, evil: str) -> None:
    before = neo.stats()
    for q in queries.catalogue().values():
        for p in q.params:
            params = {x.name: x.example for x in q.params if x.required}
            params[p.name] = evil
            for backend in (emb, neo):
                try:
                    answer = rows(backend, q.name, **params)
                except InputError:
                    continue  # a clear error is a fine answer
                assert answer == [], (q.name, p.name)
    with pytest.raises(InputError):
        api.path(neo, evil, "FUS")
    assert neo.stats() == before


def test_query_cli_on_neo4j_matches_embedded(shipped_store: Path, neo: Any,
                                             neo4j_server: dict[str, Any]) -> None:
    args = ["query", "run", "therapies-for-gene", "-p", "gene=FUS", "-f", "json",
            "--store", str(shipped_store)]
    emb_out = run_cli(*args)
    neo_out = run_cli(*args, "--backend", "neo4j", "--uri", neo4j_server["uri"])
    assert neo_out.returncode == 0, neo_out.stderr
    assert emb_out.stdout == neo_out.stdout
    assert "ulefnersen" in neo_out.stdout and "NCT04768972" in neo_out.stdout
    p_emb = run_cli("path", "FUS", "ulefnersen", "-f", "json", "--store", str(shipped_store))
    p_neo = run_cli("path", "FUS", "ulefnersen", "-f", "json", "--backend", "neo4j",
                    "--uri", neo4j_server["uri"])
    assert p_emb.stdout == p_neo.stdout and p_emb.stdout


def test_negated_finding_is_reported_but_never_traversed(emb: EmbeddedBackend) -> None:
    ev = rows(emb, "evidence", subject="alskg:pediatric-als-candidate-biomarkers",
              object="alskg:juvenile-als")
    assert [r["negated"] for r in ev] == [True]
    # "no JALS biomarker yet" and the seed article's "research aims to find one" can both be
    # true, so the negated finding contradicts nothing
    assert ev[0]["contradicts"] == []
    listed = {r["biomarker_id"]: r for r in rows(emb, "biomarkers")}
    candidates = listed.get("alskg:pediatric-als-candidate-biomarkers")
    assert candidates is None or "juvenile ALS" not in candidates["diseases"]
    hops = api.path(emb, "alskg:pediatric-als-candidate-biomarkers", "alskg:juvenile-als",
                    max_hops=1)
    assert hops["paths"] == []


# -- pages of whole-graph listings on the embedded store -------------------------------

@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedBackend:
    """The shipped data with SF1 synthetic data beside it: listings of thousands of rows."""
    from bench.generate import generate
    from tests.conftest import ROOT

    base = tmp_path_factory.mktemp("sf1")
    generate(base / "syn", 1)
    result, problems = api.build([ROOT / "data" / "curated", base / "syn"], base / "g.db")
    assert result is not None, [str(p) for p in problems if p.level == "error"]
    return EmbeddedBackend(base / "g.db")


@pytest.mark.parametrize(("name", "params"), [
    ("trials", {}), ("trials", {"pediatric": "true"}), ("trials", {"phase": "phase 3"}),
    ("trials", {"ages": "unknown"}), ("trials", {"pediatric": "false"}),
    ("trials", {"therapy": "tofersen"}), ("trials", {"genes": "true"}),
    ("trials", {"gene": "NCBIGene:900000005", "genes": "true"}),
    ("biomarkers", {}), ("biomarkers", {"gene": "SOD1"}),
    ("biomarkers", {"disease": "ALS"}), ("pediatric-genes", {}),
])
def test_every_page_is_the_slice_of_the_whole_answer(synthetic: EmbeddedBackend, name: str,
                                                     params: dict[str, str]) -> None:
    _, whole = queries.run(synthetic, name, params)
    assert whole, name
    for limit in (1, 7, 100, 10_000):
        for offset in (0, 3, len(whole) // 2, len(whole) - 1, len(whole) + 5):
            _, page = queries.run_page(synthetic, name, params, limit, offset)
            assert page.total == len(whole)
            assert page.rows == whole[offset:offset + limit], (name, limit, offset)


def test_keyed_pages_read_only_their_entities(synthetic: EmbeddedBackend) -> None:
    keys = synthetic.store.rows(queries.page_statement("pediatric-genes", "keys", "sql"), {})
    _, whole = queries.run(synthetic, "pediatric-genes", {})
    assert sum(n for _, n in keys) == len(whole)
    # each id once, the ids of the rows exactly; the backend puts them in the rows' own
    # (natural) order, which SQL's text order is not (NCBIGene:2521 before NCBIGene:23064)
    ids = [k for k, _ in keys]
    assert len(ids) == len(set(ids)) and set(ids) == {r["gene_id"] for r in whole}
    assert [r["gene_id"] for r in whole] == sorted((r["gene_id"] for r in whole),
                                                   key=queries.key_order)


@pytest.mark.parametrize("width", [80, 120])
def test_tables_never_break_an_identifier(shipped_store: Path, width: int) -> None:
    """A new-user trial read NCBIGene:1028 / 0 in a folded table: a different gene."""
    for args in (["query", "run", "mechanisms-for-gene", "-p", "gene=FUS"],
                 ["query", "run", "therapies-for-gene", "-p", "gene=FUS"],
                 ["search", "TDP"]):
        done = run_cli(*args, "--store", str(shipped_store), env={"COLUMNS": str(width)})
        assert done.returncode == 0, done.stderr
        as_json = run_cli(*args, "--store", str(shipped_store), "--format", "json")
        ids = set(re.findall(r'"((?:NCBIGene|GO|alskg|clinicaltrials|PMID):[^"\s]+)"',
                             as_json.stdout))
        assert ids, args
        words = {w.strip("│┃;,") for line in done.stdout.splitlines() for w in line.split()}
        # every identifier the table shows is whole on one line (long lists are cut to six)
        shown = {i for i in ids if any(i in w for w in words)}
        assert len(shown) >= min(3, len(ids)), (args, ids)
        broken = {w for w in words if any(i.startswith(w) and i != w and len(w) > 6
                                          for i in ids) and w not in ids}
        assert not broken, (args, broken)
        assert max(len(line) for line in done.stdout.splitlines()) <= width


def test_svg_labels_never_overlap(shipped_store: Path) -> None:
    """Lines of different hops crossing at their middles drew their labels on each other."""
    for ends in (("SETX", "FUS"), ("SOD1", "juvenile ALS"), ("ALS2", "SETX")):
        done = run_cli("path", *ends, "--format", "svg", "--store", str(shipped_store))
        assert done.returncode == 0, done.stderr
        labels = [(float(x), float(y), len(text)) for x, y, text in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" font-size="11"[^>]*>([^<]*)<', done.stdout)]
        assert len(labels) >= 5, ends
        for i, (x, y, n) in enumerate(labels):
            for x2, y2, n2 in labels[i + 1:]:
                assert abs(y - y2) >= 12 or abs(x - x2) >= 3.2 * (n + n2), (ends, x, y, x2, y2)


def test_seed_claims_verdicts(tmp_path: Path) -> None:
    from loaders.curated import CuratedSource
    from loaders.ontology_terms import OntologyTermsSource
    from tests.conftest import FIXTURES

    store = tmp_path / "seed.db"
    result, problems = api.build(store_path=store, sources=[
        OntologyTermsSource(), CuratedSource([FIXTURES / "seed" / "claims.yaml"])])
    assert result is not None, [str(p) for p in problems]
    # the claims rest on no primary source, and validation says so; the primary findings
    # linked to them do not
    assert sorted(p.message.split()[1] for p in problems if p.kind == "no-primary-source") == [
        "alskg:F-claim-contested", "alskg:F-claim-supported", "alskg:F-claim-unchecked"]
    got = {r["claim_id"]: r for r in rows(EmbeddedBackend(store), "seed-claims",
                                          source="alskg:test-narrative")}
    # without a source, the claims of every uncited narrative: the same three
    assert rows(EmbeddedBackend(store), "seed-claims") == list(got.values())
    assert {k: v["verdict"] for k, v in got.items()} == {
        "alskg:F-claim-supported": "supported",
        "alskg:F-claim-contested": "contested",
        "alskg:F-claim-unchecked": "no primary evidence found"}
    assert got["alskg:F-claim-contested"]["contradicted_by"] == ["alskg:F-primary-against"]
    assert got["alskg:F-claim-supported"]["supported_by"] == ["alskg:F-primary-for"]
    # the narrative weighs nothing: a hop resting on its claim alone scores 0
    show = api.show(EmbeddedBackend(store), "NCBIGene:6647")
    [hop] = [e for e in show["edges"] if e["predicate"] == "has_phenotype"]
    assert hop["score"] == 0.0 and hop["publications"] == 1
    assert hop["study_types"] == {"alskg:test-narrative": "uncited narrative review"}
