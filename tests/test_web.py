"""The explorer through the ASGI test client: every route on both backends, the JSON API
against the CLI's `--format json`, escaping, security headers and bad parameters.

The SPARQL protocol and the real browser run against a real server in test_web_live.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import escape, unescape
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from kg import api
from kg.web.app import create_app
from kg.web.state import Settings
from tests.conftest import run_cli

HOSTILE_YAML = """\
entities:
  - id: alskg:xss-mechanism
    category: Mechanism
    name: <script>alert(1)</script>
    synonyms: ['"><img src=x onerror=alert(2)>']
  - id: alskg:xss-process
    category: Mechanism
    name: plain process & more
findings:
  - id: alskg:xss-F1
    statement: <b onmouseover=alert(3)>bold</b> claims ' " & </script>
    subject: alskg:xss-mechanism
    predicate: part_of
    object: alskg:xss-process
    evidence: ECO:0000305
    population: any
    model_system: patients
    citations: [PMID:19251628]
"""

# (CLI arguments, API URL): the same question asked both ways
PARITY = [
    (["stats"], "/api/stats"),
    (["show", "SOD1"], "/api/show?entity=SOD1"),
    (["path", "SOD1", "tofersen"], "/api/path?from=SOD1&to=tofersen"),
    (["query", "run", "therapies-for-gene", "-p", "gene=FUS"],
     "/api/query/therapies-for-gene?gene=FUS"),
    # the population lens travels the same way on every route that takes it
    (["show", "TARDBP", "--population", "juvenile", "--strict"],
     "/api/show?entity=TARDBP&population=juvenile&strict=1"),
    (["path", "FUS", "RNA processing", "--population", "pediatric"],
     "/api/path?from=FUS&to=RNA+processing&population=pediatric"),
    (["query", "run", "mechanisms-for-gene", "-p", "gene=FUS", "--population", "juvenile"],
     "/api/query/mechanisms-for-gene?gene=FUS&population=juvenile"),
]


@pytest.fixture(scope="module")
def client(shipped_store: Path) -> Iterator[TestClient]:
    app = create_app(Settings(store=shipped_store))
    with TestClient(app, raise_server_exceptions=False) as c:
        assert app.state.explorer.wait_sparql(60) == "ready"
        yield c


@pytest.fixture(scope="module")
def neo_client(shipped_store: Path, neo4j_server: dict[str, Any]) -> Iterator[TestClient]:
    api.neo4j_load(store_path=shipped_store, wipe=True, **neo4j_server)
    app = create_app(Settings(backend="neo4j", store=shipped_store, neo4j=neo4j_server))
    with TestClient(app, raise_server_exceptions=False) as c:
        assert app.state.explorer.wait_sparql(120) == "ready", app.state.explorer.sparql_error
        yield c


def neo4j_cli_options(server: dict[str, Any]) -> list[str]:
    out = ["--backend", "neo4j", "--uri", server["uri"]]
    for key, flag in (("user", "--user"), ("password", "--password"),
                      ("database", "--database")):
        if server.get(key):
            out += [flag, server[key]]
    return out


def cli_json(args: list[str], extra: list[str]) -> Any:
    done = run_cli(*args, "--format", "json", *extra)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_json_api_is_the_clis_json_embedded(client: TestClient, shipped_store: Path) -> None:
    store = ["--store", str(shipped_store)]
    for args, url in [*PARITY, (["search", "SOD"], "/api/search?q=SOD")]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text)
        assert r.headers["content-type"].startswith("application/json")
        assert r.json() == cli_json(args, store), url
    assert client.get("/api/path?from=SOD1&to=tofersen").json()["paths"]


def test_json_api_is_the_clis_json_neo4j(neo_client: TestClient, client: TestClient,
                                         neo4j_server: dict[str, Any]) -> None:
    for args, url in PARITY:
        r = neo_client.get(url)
        assert r.status_code == 200, (url, r.text)
        assert r.json() == cli_json(args, neo4j_cli_options(neo4j_server)), url
        assert r.json() == client.get(url).json(), url  # and the embedded server's answer


def test_every_page_on_neo4j(neo_client: TestClient) -> None:
    for url, needle in PAGES:
        r = neo_client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert needle in r.text, url
    assert "neo4j" in neo_client.get("/overview").text


def test_sparql_over_the_neo4j_export(neo_client: TestClient, client: TestClient) -> None:
    """The SPARQL store of a Neo4j-backed server is loaded from Neo4j: same answers."""
    from kg.web.sparql import EXAMPLES

    accept = {"accept": "application/sparql-results+json"}
    for title, query in EXAMPLES[:3]:
        ours = neo_client.get("/sparql", params={"query": query}, headers=accept)
        theirs = client.get("/sparql", params={"query": query}, headers=accept)
        assert ours.status_code == 200, ours.text
        assert ours.json()["results"]["bindings"], title
        assert ours.json() == theirs.json(), title


PAGES = [
    ("/", "Juvenile and pediatric ALS genes"),
    ("/search?q=SOD", "SOD1"),
    ("/entity/NCBIGene:6647", "tofersen"),
    ("/path", "Path explorer"),
    ("/path?from=SOD1&to=tofersen", "<svg"),
    ("/queries", "therapies-for-gene"),
    ("/queries/therapies-for-gene", "gene"),
    ("/queries/therapies-for-gene?gene=FUS&run=1", "ulefnersen"),
    ("/overview", "Nodes per category"),
    ("/api/queries", "therapies-for-gene"),
    ("/api/openapi.json", "openapi"),
    ("/static/explorer.js", "suggestions"),
    ("/static/style.css", "svg.paths"),
]


def test_every_page_embedded(client: TestClient) -> None:
    for url, needle in [*PAGES, ("/sparql", "Therapies targeting a gene")]:
        r = client.get(url)
        assert r.status_code == 200, (url, r.text[:300])
        assert needle in r.text, url


def test_entity_page_edges_findings_and_links(client: TestClient) -> None:
    by_name = client.get("/entity/SOD1", follow_redirects=False)
    assert by_name.status_code == 303 and by_name.headers["location"] == "/entity/NCBIGene:6647"
    page = client.get("/entity/NCBIGene:6647").text
    shown = api.show(api.open_backend("embedded", client.app.state.explorer.store_path),
                     "SOD1")
    for predicate in {e["predicate"] for e in shown["edges"]}:
        assert f'data-predicate="{predicate}"' in page
    from collections import Counter

    from kg.web.pages import EDGES_SHOWN

    per_predicate = Counter(e["predicate"] for e in shown["edges"])
    assert page.count('data-edge="') == sum(min(n, EDGES_SHOWN) for n in per_predicate.values())
    # citations link out through the prefix map
    assert 'href="https://www.clinicaltrials.gov/study/NCT02623699"' in page
    assert 'href="https://www.genenames.org/data/gene-symbol-report/#!/hgnc_id/11179"' in page
    first = shown["edges"][0]["findings"][0]
    assert first["id"] in page


def test_entity_page_scores_and_lens(client: TestClient) -> None:
    # SOD1 has pediatric findings (TARDBP's only one was a claim of the uncited seed article)
    page = client.get("/entity/NCBIGene:6647?population=pediatric").text
    assert "independent publications" in page and "pediatric evidence" in page
    shown = api.show(api.open_backend("embedded", client.app.state.explorer.store_path),
                     "SOD1", population="pediatric", strict=True)
    strict = client.get("/entity/NCBIGene:6647?population=pediatric&strict=1").text
    assert strict.count('data-edge="') == len(shown["edges"]) >= 1
    assert client.get("/entity/NCBIGene:6647?population=teen").status_code == 400


def test_contested_edges_show_both_sides(client: TestClient) -> None:
    rows = client.get("/api/query/conflicting-findings").json()["rows"]
    assert rows
    row = rows[0]
    f = api.show(api.open_backend("embedded", client.app.state.explorer.store_path),
                 row["finding_id"])
    subject = f["properties"]["subject"]
    page = client.get(f"/entity/{subject}").text
    assert "contested" in page
    section = page[page.index(f'data-finding="{row["finding_id"]}"'):]
    section = section[:section.index("</details>")]
    assert "contradicted by" in section
    other = row["contradicts_statement"].replace("'", "&#39;")
    assert other in section, other


def test_path_page_draws_and_details_every_hop(client: TestClient) -> None:
    result = client.get("/api/path?from=SOD1&to=tofersen").json()
    page = client.get("/path?from=SOD1&to=tofersen&population=pediatric").text
    pairs = {frozenset((h["from"], h["to"])) for p in result["paths"] for h in p["hops"]}
    assert len(re.findall(r'<details class="hop" id="hop-\d+"', page)) == len(pairs)
    assert len(re.findall(r'<a href="#hop-\d+" class="hop-link">', page)) == len(pairs)
    for p in result["paths"]:
        for n in p["nodes"]:
            assert f'data-id="{n["id"]}"' in page
    assert "No pediatric finding on this hop" in page or "off-lens" not in page


def test_extra_path_fields_are_shown(client: TestClient) -> None:
    """A score or breakdown the path answer may carry (evidence ranking) is displayed."""
    from kg.web.pages import hop_details

    result = client.get("/api/path?from=SOD1&to=tofersen").json()
    result["paths"][0]["hops"][0]["breakdown"] = {"findings": 2}
    hops = hop_details(result, None)
    assert hops[0]["extra"] == {"breakdown": {"findings": 2}}
    # The ranking's own fields are shown under readable names, best evidence by its label.
    assert ("independent publications", "4") in hops[0]["evidence"]
    assert ("best evidence", "clinical study") in hops[0]["evidence"]


def test_path_page_shows_scores_lens_and_both_sides(client: TestClient) -> None:
    page = client.get("/path?from=FUS&to=RNA+processing&population=pediatric").text
    assert "independent publications" in page and "pediatric evidence" in page
    api_json = client.get("/api/path?from=FUS&to=RNA+processing&population=pediatric").json()
    assert api_json["population"] == "pediatric"
    strict = client.get("/api/path?from=FUS&to=RNA+processing&population=pediatric&strict=1")
    assert strict.json()["strict"] is True
    # VALOR's missed primary endpoint stands against tofersen treating ALS1
    contested = client.get("/path?from=tofersen&to=ALS1&max_hops=1").text
    assert "Findings against this hop" in contested
    assert client.get("/api/path?from=FUS&to=SOD1&population=elderly").status_code == 400


def test_query_downloads(client: TestClient) -> None:
    csv_text = client.get("/api/query/therapies-for-gene?gene=FUS&format=csv")
    assert csv_text.status_code == 200
    assert csv_text.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_text.headers["content-disposition"]
    assert csv_text.text.splitlines()[0].startswith("therapy")
    assert "ulefnersen" in csv_text.text
    page = client.get("/queries/therapies-for-gene?gene=FUS&run=1").text
    assert 'href="/api/query/therapies-for-gene?gene=FUS&amp;format=csv"' in page


def test_security_headers(client: TestClient) -> None:
    for url in ("/", "/entity/NCBIGene:6647", "/api/stats", "/static/style.css", "/nope"):
        r = client.get(url)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    page = client.get("/").text
    assert "<script>" not in page and "style=" not in page  # nothing inline for CSP to allow


BAD = [
    ("/api/show?entity=nothing-like-this", 404, "no entity"),
    ("/api/show", 400, "parameter 'entity' is required"),
    ("/api/path?from=SOD1&to=tofersen&max_hops=99", 400, "between 1 and 10"),
    ("/api/path?from=SOD1&to=tofersen&max_hops=x", 400, "whole number"),
    ("/api/path?from=SOD1&to=tofersen&via=Gnee", 400, "unknown category"),
    ("/api/search?q=%01", 400, "control character"),
    ("/api/query/no-such-query", 400, "no-such-query"),
    ("/api/query/therapies-for-gene?gene=FUS&format=xml", 400, "json or csv"),
    ("/path?from=SOD1&to=tofersen&population=martian", 400, "population"),
    ("/entity/no-such-entity", 404, "no entity"),
    ("/nope", 404, "no such page"),
    ("/api/path?from=no-such-entity&to=SOD1", 400, "no entity"),
    ("/api/show?entity=" + "x" * 20_000, 414, "query string"),
]


def test_bad_parameters_get_one_line_4xx(client: TestClient) -> None:
    for url, status, words in BAD:
        r = client.get(url)
        assert r.status_code == status, (url, r.status_code, r.text[:200])
        assert "Traceback" not in r.text
        if url.startswith("/api/"):
            if status != 414:
                message = r.json()["error"]
                assert words in message and "\n" not in message, (url, message)
            else:
                assert r.text.count("\n") == 1 and words in r.text
        else:
            assert words in r.text, url
            assert len(re.findall(r'id="error"', r.text)) == 1 or status == 404
    big = client.post("/sparql", content=b"x" * 100_000,
                      headers={"content-type": "application/sparql-query"})
    assert big.status_code == 413 and big.text.count("\n") == 1
    assert client.post("/api/stats").status_code == 405  # no write endpoint anywhere


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from loaders.curated import CuratedSource
    from loaders.ontology_terms import OntologyTermsSource

    folder = tmp_path_factory.mktemp("hostile-web")
    (folder / "hostile.yaml").write_text(HOSTILE_YAML, encoding="utf-8")
    store = folder / "graph.db"
    result, problems = api.build(store_path=store, sources=[
        OntologyTermsSource(), CuratedSource([folder / "hostile.yaml"])])
    assert result is not None, [str(p) for p in problems]
    with TestClient(create_app(Settings(store=store, sparql=False))) as c:
        yield c


def test_sparql_turned_off(hostile_client: TestClient) -> None:
    off = hostile_client.get("/sparql?query=ASK%7B%7D")
    assert off.status_code == 503 and "off" in off.text and "Traceback" not in off.text


def test_hostile_names_show_as_text(hostile_client: TestClient) -> None:
    pages = [hostile_client.get(u).text for u in (
        "/entity/alskg:xss-mechanism", "/search?q=script", "/search?q=alert",
        "/path?from=alskg:xss-mechanism&to=alskg:xss-process",
        "/overview")]
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "<b onmouseover" not in page
    entity = pages[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in entity
    assert "&lt;b onmouseover=alert(3)&gt;bold&lt;/b&gt;" in entity
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in entity
    drawing = pages[3]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in drawing
    # the JSON API carries the name as data; the page script inserts it as text only
    found = hostile_client.get("/api/search?q=script").json()
    assert found["entities"][0]["name"] == "<script>alert(1)</script>"


def test_hub_pages_list_the_first_edges_of_each_predicate(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.web import pages

    monkeypatch.setattr(pages, "EDGES_SHOWN", 20)  # the shipped data's hubs have 35-50
    counts: dict[str, int] = {}
    for e in client.get("/api/show?entity=HP:0000006").json()["edges"]:
        counts[e["predicate"]] = counts.get(e["predicate"], 0) + 1
    predicate, n = max(counts.items(), key=lambda kv: kv[1])
    assert n > 20
    page = client.get("/entity/HP:0000006").text
    assert f"Show {n - 20} more {predicate} edges" in page
    full = client.get(f"/entity/HP:0000006?more={predicate}").text
    assert full.count('data-edge="') - page.count('data-edge="') == n - 20


def test_sparql_off_says_why(shipped_store: Path) -> None:
    app = create_app(Settings(store=shipped_store, sparql=False))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/sparql?query=ASK%20%7B%7D", headers={"accept": "application/json"})
        assert r.status_code == 503 and "--no-sparql" in r.text
        assert c.get("/entity/NCBIGene:6647").status_code == 200  # the pages still serve


def test_every_entity_page_opens(client: TestClient) -> None:
    """A second trial found seven entity pages (juvenile ALS among them) ending in a 500:
    a trial's age in an edge summary is a number, and the page joined it as a list."""
    from kg.store.db import Store

    store = Store(client.app.state.explorer.store_path)
    ids = [r[0] for r in store.db.execute(
        "SELECT id FROM nodes WHERE category NOT IN ('Finding', 'Publication', "
        "'BiologicalProcess', 'Phenotype') ORDER BY id")]
    store.close()
    assert len(ids) > 50
    for node_id in ids:
        r = client.get(f"/entity/{node_id}")
        assert r.status_code == 200, (node_id, r.text[:200])
    assert "12" in client.get("/entity/alskg:ulefnersen").text


def test_query_page_links_only_nodes_and_reads_as_text(client: TestClient) -> None:
    page = client.get("/queries/genes-for-mechanism?mechanism=proteostasis&run=1"
                      "&population=juvenile").text
    assert 'href="/entity/ECO:' not in page and 'href="/entity/alskg:gene2go"' not in page
    assert 'href="http://purl.obolibrary.org/obo/ECO_' in page  # evidence links out
    assert ">False<" not in page and ">True<" not in page and ">no<" in page
    strict = client.get("/path?from=FUS&to=ulefnersen&population=pediatric&strict=1").text
    assert "with pediatric evidence on every hop" in strict
    assert client.get("/path?from=NCBIGene:6647").status_code == 200  # "paths from here"
    overview = client.get("/overview").text
    assert "CC BY 4.0" in overview and "see the source" not in overview


# -- issue 27 item 7: a home page that shows the way in, names, links, forms, drawings ------


def section(page: str, anchor: str) -> str:
    """The HTML of the <section id="anchor"> of a page."""
    start = page.index(f'id="{anchor}"')
    return page[start:page.index("</section>", start)]


def test_home_page_shows_the_way_in(client: TestClient) -> None:
    page = client.get("/").text
    genes = section(page, "juvenile-genes")
    # SPTLC1, the ALS27 gene, with its juvenile disease by name, both linked
    assert '<a href="/entity/NCBIGene:10558">SPTLC1</a>' in genes
    assert '<a href="/entity/OMIM:620285">ALS27, juvenile</a>' in genes
    assert 'href="/queries/pediatric-genes?run=1"' in genes
    therapies = section(page, "therapies")
    assert "<strong>tofersen</strong>" in therapies
    assert 'href="/entity/clinicaltrials:NCT04856982">ATLAS' in therapies
    contested = section(page, "contested")
    assert 'href="/path?from=NCBIGene%3A7072&amp;to=OMIM%3A619133"' in contested  # TIA1 - ALS26
    assert "premature" in contested and "P362L" in contested
    recent = section(page, "recent")
    years = [int(y) for y in re.findall(r" (\d{4}) · \d+ finding", recent)]
    assert years and years == sorted(years, reverse=True)
    stats = client.get("/api/stats").json()
    assert f"{stats['nodes']:,} entities" in page
    assert f"{stats['categories']['ClinicalTrial']} trials" in page
    # every example question is a page that answers
    examples = re.findall(r'<li><a href="([^"]+)">', section(page, "examples"))
    assert len(examples) >= 5
    for url in examples:
        answer = client.get(url.replace("&amp;", "&"))
        assert answer.status_code == 200, url
        assert 'id="query-rows"' in answer.text or 'id="path-drawing"' in answer.text, url


def test_home_page_is_worked_out_once(client: TestClient) -> None:
    explorer = client.app.state.explorer  # type: ignore[attr-defined]
    client.get("/")
    first = explorer.once("home", lambda: pytest.fail("worked out again"))
    client.get("/")
    assert explorer.once("home", lambda: None) is first


def test_home_page_is_the_same_on_neo4j(neo_client: TestClient, client: TestClient) -> None:
    ours, theirs = neo_client.get("/").text, client.get("/").text
    for anchor in ("juvenile-genes", "therapies", "contested", "recent", "examples"):
        assert section(ours, anchor) == section(theirs, anchor), anchor


def test_search_shows_names_beside_ids(client: TestClient) -> None:
    page = client.get("/search?q=csf").text
    findings = page[page.index("<h2>Findings"):]
    # alskg:csf-sod1 biomarker_for OMIM:105400 read as names, each with its id beside
    assert ('<a href="/entity/alskg:csf-sod1">CSF SOD1 protein</a> '
            '<span class="fid">alskg:csf-sod1</span>') in findings
    assert '<a href="/entity/OMIM:105400">ALS1</a> <span class="fid">OMIM:105400</span>' \
        in findings
    assert not re.search(r'<a href="/entity/[^"]+">(alskg|OMIM|NCBIGene):', findings)


# a local id each prefix of the map accepts: a prefix added to the map needs one here
LINK_EXAMPLES = {
    "NCBIGene": "6647", "HGNC": "11179", "GO": "0006396", "HP": "0003621",
    "MONDO": "0004976", "OMIM": "105400", "CHEBI": "15377", "ECO": "0000304",
    "RO": "0002331", "BFO": "0000050", "IAO": "0000115", "doi": "10.1056/NEJMoa2204705",
    "pmc": "PMC9001234", "clinicaltrials": "NCT04768972", "dbsnp": "rs121912442",
    "clinvar": "12345", "ror": "02jzgtq86", "PMID": "32640130",
    "ensembl": "ENSG00000142168", "uniprot": "P00441", "biolink": "Gene",
    "rdfs": "label", "skos": "exactMatch"}


def test_every_prefix_of_the_map_links_out(client: TestClient) -> None:
    from kg.web.pages import link_out_factory

    ontology = client.app.state.explorer.ontology  # type: ignore[attr-defined]
    link_out = link_out_factory(ontology)
    assert set(LINK_EXAMPLES) == set(ontology.prefixes) - {"alskg"}
    for prefix, local in LINK_EXAMPLES.items():
        url = link_out(f"{prefix}:{local}")
        assert url is not None and url.startswith(("https://", "http://")), prefix
        assert local in url, prefix
    assert link_out("alskg:tofersen") is None  # its page is the entity page
    assert link_out("DOID:332") is None  # a prefix the map does not know
    assert link_out("PMID:not-a-number") is None  # the prefix's pattern refuses it
    # the gene page links its Ensembl and UniProt ids
    page = client.get("/entity/NCBIGene:6647").text
    assert 'href="https://www.ensembl.org/id/ENSG00000142168"' in page
    assert 'href="https://www.uniprot.org/uniprotkb/P00441/entry"' in page
    # a cross-reference of a prefix the map lacks is text, not a link to a missing page
    als = client.get("/entity/MONDO:0004976").text
    unknown = re.findall(r'href="/entity/((?:DOID|UMLS|GARD|MESH|Orphanet):[^"]+)"', als)
    assert unknown == []
    assert client.get("/entity/OMIM:105400").text.count('href="https://omim.org/entry/') >= 1


def test_query_forms_offer_the_allowed_values(client: TestClient) -> None:
    page = client.get("/queries/trials?phase=III&pediatric=false").text
    # value:trial_phase from the header; status from the controlled property of values.yaml
    phase = re.search(r'<select id="param-phase" name="phase">(.*?)</select>', page, re.S)
    assert phase and '<option value="phase 1/2/3">' in phase[1]
    assert '<option value="phase 3" selected>' in phase[1]  # "III" names phase 3
    status = re.search(r'<select id="param-status" name="status">(.*?)</select>', page, re.S)
    assert status and '<option value="active, not recruiting">' in status[1]
    pediatric = re.search(r'<select id="param-pediatric" name="pediatric">(.*?)</select>',
                          page, re.S)
    assert pediatric and '<option value="false" selected>no</option>' in pediatric[1]
    ages = re.search(r'<select id="param-ages" name="ages">(.*?)</select>', page, re.S)
    assert ages and '<option value="known">' in ages[1]
    # entity parameters stay text boxes with suggestions; every control has its label
    assert re.search(r'<input id="param-therapy" name="therapy"[^>]*\s+data-suggest="fill"',
                     page)
    for control in re.findall(r'<(?:input|select) id="(param-[\w-]+)"', page):
        assert f'<label for="{control}">' in page, control
    # a choice the run would refuse stays as typed, so the error and the form agree
    odd = client.get("/queries/trials?status=paused").text
    assert '<option value="paused" selected>paused</option>' in odd


def test_path_form_labels_sit_with_their_controls(client: TestClient) -> None:
    page = client.get("/path?via=Disease").text
    assert re.search(r'<label for="path-strict"><input type="checkbox" name="strict" '
                     r'id="path-strict"[^>]*> only hops', page)
    via = section(page.replace("<fieldset", "<section").replace("</fieldset>", "</section>"),
                  "path-via")
    boxes = re.findall(r'<input type="checkbox" name="via" value="(\w+)"( checked)?>', via)
    assert {c for c, _ in boxes} >= {"Gene", "Disease", "Therapy", "BiologicalProcess"}
    assert [c for c, on in boxes if on] == ["Disease"]
    for control in re.findall(r'<(?:input|select) name="\w+" id="([\w-]+)"', page):
        assert f'<label for="{control}">' in page, control


def test_query_table_ids_break_between_their_parts(client: TestClient) -> None:
    page = client.get("/queries/therapies-for-gene?gene=SOD1&run=1").text
    assert "<th>min_<wbr>age_<wbr>years</th>" in page
    assert ('<a href="/entity/clinicaltrials:NCT02623699" title="tofersen in SOD1-ALS, parts '
            'A-C (part C is VALOR)">clinicaltrials:<wbr>NCT02623699</a>') in page


def svg_boxes_and_lines(svg: str) -> tuple[list[tuple[str, float, float, float, float]],
                                            list[tuple[str, str, list[float]]]]:
    boxes = [(i, float(x), float(y), float(w), float(h)) for i, x, y, w, h in re.findall(
        r'<g class="node" data-id="([^"]+)"><title>[^<]*</title><rect x="([\d.-]+)" '
        r'y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"', svg)]
    lines = []
    for hop in re.findall(r'<g class="hop"[^>]*data-from="([^"]+)" data-to="([^"]+)">(.*?)</g>',
                          svg, re.S):
        for d in re.findall(r'<path d="([^"]+)" fill="none" stroke="#5b6b82"', hop[2]):
            lines.append((hop[0], hop[1], [float(v) for v in re.findall(r"-?[\d.]+", d)]))
    return boxes, lines


@pytest.mark.parametrize("ends", [("FUS", "ulefnersen"), ("SETX", "FUS"), ("ALS4", "SOD1"),
                                  ("SPG11", "tofersen")])
def test_path_drawing_names_fit_and_lines_go_round_boxes(client: TestClient,
                                                         ends: tuple[str, str]) -> None:
    from kg.render.svg import NODE_W, PAD, render, text_width

    result = client.get("/api/path", params={"from": ends[0], "to": ends[1]}).json()
    svg = render(result)
    boxes, lines = svg_boxes_and_lines(svg)
    assert len(boxes) == len({n["id"] for p in result["paths"] for n in p["nodes"]})
    for a, b, points in lines:
        for t in range(1, 200):  # points along the polyline
            k = min(int(t / 200 * (len(points) // 2 - 1)), len(points) // 2 - 2)
            u = t / 200 * (len(points) // 2 - 1) - k
            x = points[2 * k] + (points[2 * k + 2] - points[2 * k]) * u
            y = points[2 * k + 1] + (points[2 * k + 3] - points[2 * k + 1]) * u
            for node, bx, by, bw, bh in boxes:
                behind = bx + 1 < x < bx + bw - 1 and by + 1 < y < by + bh - 1
                assert node in (a, b) or not behind, (ends, a, b, node)
    # each name whole in its box's title, and drawn in lines that fit the box
    for p in result["paths"]:
        for n in p["nodes"]:
            assert f"<title>{escape(n['name'])} (" in svg
    for line in re.findall(r'font-size="13" font-weight="bold"[^>]*>([^<]*)<', svg):
        assert text_width(unescape(line)) <= NODE_W - 2 * PAD, line


def test_long_names_wrap_whole_words() -> None:
    from kg.render.svg import wrap_name

    assert wrap_name("ALS6, with or without frontotemporal dementia") == [
        "ALS6, with or without", "frontotemporal", "dementia"]
    assert wrap_name("SOD1") == ["SOD1"]
    very = wrap_name(" ".join(["amyotrophic lateral sclerosis"] * 4))
    assert len(very) == 3 and very[-1].endswith("\u2026")
    assert wrap_name("x" * 80)[0].endswith("\u2026")


def test_unknown_api_parameters_are_refused_by_name(client: TestClient) -> None:
    for url, message in [
        ("/api/show?entity=SOD1&populaton=juvenile",
         "unknown parameter 'populaton' (this route takes entity, population, strict)"),
        ("/api/stats?x=1", "unknown parameter 'x' (this route takes no parameters)"),
        ("/api/search?q=SOD&lmit=5", "unknown parameter 'lmit' (this route takes q, limit)"),
        ("/api/path?from=SOD1&to=tofersen&max_hop=2", "unknown parameter 'max_hop'"),
        ("/api/query/therapies-for-gene?gene=FUS&genes=", "unknown parameter 'genes'"),
        ("/api/queries?verbose=1", "unknown parameter 'verbose'"),
    ]:
        r = client.get(url)
        assert r.status_code == 400, (url, r.text[:200])
        assert message in r.json()["error"], url
    # a blank field of a query's own form is a parameter not given
    assert client.get("/api/query/biomarkers?gene=&disease=&limit=5").status_code == 200


def test_api_path_does_not_expose_the_install_path(client: TestClient,
                                                  shipped_store: Path) -> None:
    weights = client.get("/api/path?from=SOD1&to=tofersen").json()["weights"]
    assert weights["file"] == "ontology/ranking.yaml"
    assert str(Path(api.__file__).resolve().parent.parent) not in json.dumps(weights)


def test_sparql_answers_csv_and_tsv(client: TestClient) -> None:
    """SPARQL 1.1 Query Results CSV and TSV: CSV bare values with CRLF line ends, TSV terms
    in SPARQL syntax with '?'-named columns."""
    query = ('SELECT ?gene ?label WHERE { ?gene <http://www.w3.org/2000/01/rdf-schema#label> '
             '?label . FILTER (?label = "SOD1") }')
    csv = client.get("/sparql", params={"query": query}, headers={"accept": "text/csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text == "gene,label\r\nhttps://www.ncbi.nlm.nih.gov/gene/6647,SOD1\r\n"
    tsv = client.get("/sparql", params={"query": query},
                     headers={"accept": "text/tab-separated-values"})
    assert tsv.headers["content-type"].startswith("text/tab-separated-values")
    assert tsv.text == '?gene\t?label\n<https://www.ncbi.nlm.nih.gov/gene/6647>\t"SOD1"\n'
    quoted = client.get("/sparql", params={"query": 'SELECT ?x WHERE { BIND("a,\\"b\\"\\tc" '
                                                    'AS ?x) }'},
                        headers={"accept": "text/csv"})
    assert quoted.text == 'x\r\n"a,""b""\tc"\r\n'
    ask = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "text/csv"})
    assert ask.headers["content-type"].startswith("application/sparql-results+json")
