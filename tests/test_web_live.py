"""The explorer as a real HTTP server (uvicorn on 127.0.0.1, a free port): its SPARQL
endpoint through clients alskg does not contain (SPARQLWrapper, rdflib's SPARQLStore), and
its pages in a real headless Chromium driven over the WebDriver protocol (chromedriver)."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import urllib.error
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kg.web.app import create_app
from kg.web.state import Settings

SPARQL_TIMEOUT = 2.0
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
# In CI (.ci/run installs Debian's chromium and chromium-driver) a missing browser is a
# broken setup and fails; on a laptop without one the browser test is skipped.
needs_browser = pytest.mark.skipif(
    (CHROMIUM is None or CHROMEDRIVER is None) and not os.environ.get("CI"),
    reason="needs Debian's chromium and chromium-driver (.ci/run installs them)")

THERAPIES_QUERY = """
PREFIX alskg: <https://w3id.org/alskg/vocab/>
PREFIX biolink: <https://w3id.org/biolink/vocab/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?gene ?therapy ?publication WHERE {
  ?t alskg:targets ?g . ?t rdfs:label ?therapy . ?g rdfs:label ?gene .
  OPTIONAL { ?a rdf:subject ?t ; rdf:predicate alskg:targets ; rdf:object ?g ;
                biolink:publications ?publication . }
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(settings: Settings) -> Iterator[tuple[str, Any]]:
    """A real server for `settings` on a free loopback port, once its SPARQL store is
    ready: (its URL, the application)."""
    import uvicorn

    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:  # uvicorn offers no event to wait on
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    assert app.state.explorer.wait_sparql(120) == "ready", app.state.explorer.sparql_error
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture(scope="module")
def live(shipped_store: Path) -> Iterator[str]:
    with serving(Settings(store=shipped_store, sparql_timeout=SPARQL_TIMEOUT)) as (url, _):
        yield url


def test_sparql_select_with_sparqlwrapper(live: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{live}/sparql")
    client.setQuery(THERAPIES_QUERY)
    client.setReturnFormat(JSON)
    result: Any = client.query().convert()
    rows = {(b["gene"]["value"], b["therapy"]["value"], b.get("publication", {}).get("value"))
            for b in result["results"]["bindings"]}
    assert ("SOD1", "tofersen", "https://pubmed.ncbi.nlm.nih.gov/32640130") in rows
    assert any(g == "FUS" and t == "ulefnersen" for g, t, _ in rows)


def test_sparql_select_and_construct_with_rdflib(live: str) -> None:
    from rdflib import Graph, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(f"{live}/sparql", returnFormat="xml")  # rdflib's default format
    rows = list(Graph(store).query(THERAPIES_QUERY))
    assert any(str(r[0]) == "SOD1" and str(r[1]) == "tofersen" for r in rows)
    sod1 = URIRef("https://www.ncbi.nlm.nih.gov/gene/6647")
    built = Graph(store).query(
        "CONSTRUCT { ?a ?p ?o } WHERE { ?a <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject>"
        f" <{sod1}> ; ?p ?o }}")
    graph = built.graph
    assert graph is not None and len(graph) > 20
    subjects = set(graph.objects(None, URIRef(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")))
    assert subjects == {sod1}


def test_sparql_construct_as_ntriples(live: str) -> None:
    from rdflib import Graph
    from SPARQLWrapper import N3, SPARQLWrapper

    client = SPARQLWrapper(f"{live}/sparql")
    client.setQuery("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 50")
    client.setReturnFormat(N3)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    response = client.query()
    assert response.response.headers["content-type"].startswith("application/n-triples")
    graph = Graph().parse(data=response.response.read().decode(), format="nt")
    assert len(graph) == 50


def test_sparql_update_is_refused(live: str) -> None:
    from SPARQLWrapper import POST, SPARQLWrapper

    client = SPARQLWrapper(f"{live}/sparql")
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <https://example.org/a> <https://example.org/b> "
                    "<https://example.org/c> }")
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403
    assert "read-only" in refused.value.read().decode()
    # and nothing was written
    from SPARQLWrapper import JSON

    check = SPARQLWrapper(f"{live}/sparql")
    check.setQuery("ASK { <https://example.org/a> ?p ?o }")
    check.setReturnFormat(JSON)
    assert check.query().convert()["boolean"] is False  # type: ignore[index,call-overload]


def test_sparql_service_fetches_nothing(live: str) -> None:
    """SERVICE would make the server fetch a URL of the caller's choosing: refused, and a
    loopback listener named in the query receives no request."""
    import http.server
    import urllib.parse
    import urllib.request

    hits: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args: Any) -> None:
            pass

    listener = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    target = f"http://127.0.0.1:{listener.server_address[1]}/probe"
    try:
        for query in (f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}",
                      f"select * {{ BIND(<{target}> AS ?u) service silent ?u {{ ?s ?p ?o }} }}",
                      f"# a comment\nSELECT * {{ ?a ?b ?c . sErViCe <{target}> {{ ?s ?p ?o }} }}"):
            url = f"{live}/sparql?" + urllib.parse.urlencode({"query": query})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(url, timeout=30)
            assert refused.value.code == 403
            assert "SERVICE" in refused.value.read().decode()
    finally:
        listener.shutdown()
    assert hits == []


def test_sparql_query_past_the_deadline_is_stopped(live: str) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{live}/sparql")
    client.setQuery("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    client.setReturnFormat(JSON)
    with pytest.raises(urllib.error.HTTPError) as stopped:
        client.query()
    assert stopped.value.code == 503
    assert "was stopped" in stopped.value.read().decode()
    # the worker was killed and a fresh one answers the next query
    client.setQuery("ASK { ?s ?p ?o }")
    assert client.query().convert()["boolean"] is True  # type: ignore[index,call-overload]


def test_sparql_result_cap_and_bad_query(live: str) -> None:
    import httpx

    too_many = httpx.get(f"{live}/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert too_many.status_code == 400 and "add a LIMIT" in too_many.text
    bad = httpx.get(f"{live}/sparql", params={"query": "SELEKT nothing"})
    assert bad.status_code == 400 and bad.text.count("\n") == 1
    assert "not a SPARQL query" in bad.text


# -- the browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM and CHROMEDRIVER, "chromium and chromedriver must be installed"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


@needs_browser
def test_explorer_in_a_real_browser(live: str, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    errors: list[str] = []

    # home: type "SOD", pick SOD1 from the suggestions
    browser.get(f"{live}/")
    box = wait.until(ec.element_to_be_clickable((By.ID, "home-search")))
    box.send_keys("SOD")
    pick = wait.until(ec.element_to_be_clickable(
        (By.CSS_SELECTOR, 'ul.suggestions a[data-id="NCBIGene:6647"]')))
    statements = browser.find_elements(By.CSS_SELECTOR, "ul.suggestions li.finding-hit a")
    assert statements and all("SOD" in a.text for a in statements)  # findings suggested too
    browser.save_screenshot(str(tmp_path / "1-suggestions.png"))
    pick.click()
    wait.until(ec.url_contains("/entity/NCBIGene:6647"))
    errors += console_errors(browser)

    # the entity page: edges grouped by predicate, with findings and citations
    assert browser.find_element(By.ID, "entity-name").text == "SOD1"
    predicates = {s.get_attribute("data-predicate")
                  for s in browser.find_elements(By.CSS_SELECTOR, "section.predicate")}
    assert {"targets", "genetic_basis_for"} <= predicates
    targets = browser.find_element(By.CSS_SELECTOR, 'section[data-predicate="targets"]')
    assert "tofersen" in targets.text
    links = [a.get_attribute("href") for a in targets.find_elements(By.CSS_SELECTOR, "a.cite")]
    assert "https://pubmed.ncbi.nlm.nih.gov/32640130" in links
    assert targets.find_elements(By.CSS_SELECTOR, "li.finding p.statement")
    browser.save_screenshot(str(tmp_path / "2-entity.png"))

    # the path explorer: SOD1 -> tofersen, both picked from suggestions
    browser.get(f"{live}/path")
    for field, text, node_id in (("path-from", "SOD1", "NCBIGene:6647"),
                                 ("path-to", "tofersen", "alskg:tofersen")):
        box = wait.until(ec.element_to_be_clickable((By.ID, field)))
        box.send_keys(text)
        wait.until(ec.element_to_be_clickable(
            (By.CSS_SELECTOR, f'#{field} ~ ul.suggestions a[data-id="{node_id}"]'))).click()
        assert box.get_attribute("value") == node_id
    browser.find_element(By.ID, "path-go").click()
    drawing = wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "svg.paths")))
    errors += console_errors(browser)
    drawn = {g.get_attribute("data-id") for g in drawing.find_elements(By.CSS_SELECTOR, "g.node")}
    assert {"NCBIGene:6647", "alskg:tofersen"} <= drawn and len(drawn) >= 3
    hops = drawing.find_elements(By.CSS_SELECTOR, "a.hop-link")
    assert len(hops) == len(browser.find_elements(By.CSS_SELECTOR, "details.hop"))

    # click the direct hop SOD1 - tofersen in the drawing: its findings open
    direct = next(h for h in hops
                  if {h.find_element(By.CSS_SELECTOR, "g.hop").get_attribute("data-from"),
                      h.find_element(By.CSS_SELECTOR, "g.hop").get_attribute("data-to")}
                  == {"NCBIGene:6647", "alskg:tofersen"})
    index = direct.find_element(By.CSS_SELECTOR, "g.hop").get_attribute("data-hop")
    direct.find_element(By.CSS_SELECTOR, "g.hop text").click()  # its predicate label
    details = browser.find_element(By.ID, f"hop-{index}")
    wait.until(lambda d: details.get_attribute("open") is not None)
    assert "selected" in details.get_attribute("class")
    assert "targets" in details.text
    assert details.find_elements(By.CSS_SELECTOR, "li.finding p.statement")
    assert "NCT02623699" in details.text
    browser.save_screenshot(str(tmp_path / "3-path.png"))
    errors += console_errors(browser)
    assert errors == []
    assert len(list(tmp_path.glob("*.png"))) == 3


def test_alskg_serve_command(shipped_store: Path) -> None:
    """The CLI command: serves on loopback; another address needs --allow-remote."""
    import subprocess
    import sys

    import httpx

    from kg.web.server import is_loopback
    from tests.conftest import ROOT, run_cli

    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")
    refused = run_cli("serve", "--host", "0.0.0.0", "--store", str(shipped_store))
    assert refused.returncode == 1 and "--allow-remote" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port),
                             "--store", str(shipped_store), "--no-sparql"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                page = httpx.get(f"http://127.0.0.1:{port}/entity/NCBIGene:6647")
                break
            except httpx.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "did not start"
                time.sleep(0.05)
        assert page.status_code == 200 and "tofersen" in page.text
        # a DNS name rebound to 127.0.0.1 does not reach the loopback server
        rebound = httpx.get(f"http://127.0.0.1:{port}/api/stats",
                            headers={"host": f"attacker.example:{port}"})
        assert rebound.status_code == 400
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"alskg explorer on http://127.0.0.1:{port}/" in err
    assert "Traceback" not in err


def test_overview_counts_the_triples_sparql_counts(live: str) -> None:
    """The overview said 30,067 triples where COUNT(*) gave 30,038 (duplicates written by
    the export stream were counted)."""
    import json
    import urllib.parse
    import urllib.request

    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    request = urllib.request.Request(
        f"{live}/sparql?" + urllib.parse.urlencode({"query": query}),
        headers={"accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as r:
        counted = int(json.load(r)["results"]["bindings"][0]["n"]["value"])
    with urllib.request.urlopen(f"{live}/overview", timeout=30) as r:
        page = r.read().decode()
    assert f"({counted:,} triples)" in page


# -- every page fits, at a desktop's width and a phone's ------------------------------------

SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
# (name, address): the pages the screenshots in docs/screenshots show
PAGES = [
    ("home", "/"),
    ("search", "/search?q=csf"),
    ("entity", "/entity/NCBIGene:6647"),
    ("path", "/path?from=FUS&to=ulefnersen"),
    ("path-many", "/path?from=SETX&to=FUS"),
    ("query-trials", "/queries/trials?phase=phase+3&run=1"),
    ("query-wide", "/queries/therapies-for-gene?gene=SOD1&run=1"),
]
# checked like the others, without a screenshot (docs/screenshots stays small)
UNSHOT = [("query-conflicts", "/queries/conflicting-findings?run=1"), ("queries", "/queries"),
          ("overview", "/overview"), ("sparql", "/sparql"),
          ("pediatric-genes", "/queries/pediatric-genes?run=1")]
# A drawn name's box and text, and whether a hop's line passes behind a third box: measured
# by the browser's own layout (getBBox, getPointAtLength), not estimated.
SVG_CHECK = """
const out = {clipped: [], behind: [], hidden: []};
const boxes = [...document.querySelectorAll("svg.paths g.node")].map(g => {
  const r = g.querySelector("rect").getBBox();
  for (const t of g.querySelectorAll("text")) {
    const b = t.getBBox();
    if (b.x < r.x + 1 || b.x + b.width > r.x + r.width - 1) { out.clipped.push(t.textContent); }
  }
  return {id: g.dataset.id, x: r.x, y: r.y, w: r.width, h: r.height};
});
for (const t of document.querySelectorAll("svg.paths text.label")) {
  const b = t.getBBox();
  if (boxes.some(r => b.x < r.x + r.w && b.x + b.width > r.x && b.y < r.y + r.h
                      && b.y + b.height > r.y)) { out.hidden.push(t.textContent); }
}
for (const g of document.querySelectorAll("svg.paths g.hop")) {
  const ends = [g.dataset.from, g.dataset.to];
  for (const p of g.querySelectorAll("path.edge")) {
    const n = p.getTotalLength();
    for (let i = 1; i < 100; i++) {
      const pt = p.getPointAtLength(n * i / 100);
      const hit = boxes.find(b => !ends.includes(b.id) && pt.x > b.x + 1 && pt.x < b.x + b.w - 1
                                  && pt.y > b.y + 1 && pt.y < b.y + b.h - 1);
      if (hit) { out.behind.push(ends.join(" - ") + " behind " + hit.id); break; }
    }
  }
}
return out;
"""


def overflow(driver: Any) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return int(driver.execute_script(
        "const d = document.documentElement; return d.scrollWidth - d.clientWidth;"))


@needs_browser
def test_every_page_fits_and_is_screenshot(live: str, browser: Any) -> None:
    """No page is wider than the window at 1280 px (nor on a phone), no page logs a console
    error, drawn names fit their boxes, no hop's line runs behind a box and no label under
    one; the screenshots
    in docs/screenshots are taken here."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for width_name, (width, height) in WIDTHS.items():
        browser.set_window_size(width, height)
        for name, url in PAGES + UNSHOT:
            browser.get(f"{live}{url}")
            browser.find_element("css selector", "footer")  # the page is there
            problems += [f"{name} {width_name}: {m}" for m in console_errors(browser)]
            if overflow(browser) > 0:
                problems.append(f"{name} at {width} px: {overflow(browser)} px too wide")
            if width >= 1280:  # and no table is cut by the box that scrolls it
                problems += [f"{name}: table {t} cut" for t in browser.execute_script(
                    "return [...document.querySelectorAll('.scroll')]"
                    ".filter(d => d.scrollWidth > d.clientWidth)"
                    ".map(d => d.querySelector('table').id);")]
            if browser.find_elements("css selector", "svg.paths"):
                drawn = browser.execute_script(SVG_CHECK)
                problems += [f"{name}: name cut: {t}" for t in drawn["clipped"]]
                problems += [f"{name}: line {t}" for t in drawn["behind"]]
                problems += [f"{name}: label under a box: {t}" for t in drawn["hidden"]]
                # the drawing in view: it is what the screenshot of a path page is for
                browser.execute_script(
                    "document.querySelector('.drawing').scrollIntoView({block: 'start'})")
            if (name, url) in PAGES:
                browser.save_screenshot(str(SCREENSHOTS / f"{name}-{width}.png"))
    browser.set_window_size(1280, 1000)
    assert problems == []


@needs_browser
def test_home_page_shows_the_way_in(live: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{live}/")
    genes = browser.find_element(By.ID, "juvenile-genes")
    links = {a.text: a.get_attribute("href") for a in genes.find_elements(By.TAG_NAME, "a")}
    assert links["SPTLC1"].endswith("/entity/NCBIGene:10558")  # the ALS27 gene
    assert "ALS27, juvenile" in links
    therapies = browser.find_element(By.ID, "therapies").text
    assert "tofersen" in therapies and "ATLAS" in therapies
    contested = browser.find_element(By.ID, "contested")
    assert "TIA1" in contested.text and "premature" in contested.text
    assert browser.find_element(By.ID, "recent").find_elements(By.CSS_SELECTOR, "li")
    # an example question opens a page with its answer
    browser.find_element(By.LINK_TEXT,
                         "How does FUS reach RNA processing, and who says so?").click()
    assert browser.find_element(By.ID, "path-title").text.startswith("FUS → RNA processing")
    assert console_errors(browser) == []


@needs_browser
def test_query_form_offers_the_allowed_values(live: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(f"{live}/queries/trials")
    phase = Select(browser.find_element(By.ID, "param-phase"))
    assert "phase 1/2/3" in [o.text for o in phase.options]
    status = Select(browser.find_element(By.ID, "param-status"))
    assert "completed" in [o.text for o in status.options]
    pediatric = Select(browser.find_element(By.ID, "param-pediatric"))
    assert [o.text for o in pediatric.options] == ["any", "yes", "no"]
    # each label names its control: clicking the words focuses it
    browser.find_element(By.CSS_SELECTOR, 'label[for="param-status"]').click()
    assert browser.switch_to.active_element.get_attribute("id") == "param-status"
    phase.select_by_visible_text("phase 1/2/3")
    status.select_by_visible_text("completed")
    browser.find_element(By.CSS_SELECTOR, ".query-form button[type=submit]").click()
    # the click starts a page load: wait for the answer's rows, not the form's page
    rows = WebDriverWait(browser, 30).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, "#query-rows tbody tr"))
    assert len(rows) == 1 and "NCT02623699" in rows[0].text
    # the choice survives the answer
    assert Select(browser.find_element(By.ID, "param-phase")) \
        .first_selected_option.text == "phase 1/2/3"
    # the path form: the strict box is ticked by its words, the via categories are boxes
    browser.get(f"{live}/path")
    browser.find_element(By.CSS_SELECTOR, 'label[for="path-strict"]').click()
    assert browser.find_element(By.ID, "path-strict").is_selected()
    via = browser.find_elements(By.CSS_SELECTOR, '#path-via input[type=checkbox][name=via]')
    assert len(via) >= 8 and all(v.is_displayed() for v in via)
    assert console_errors(browser) == []
