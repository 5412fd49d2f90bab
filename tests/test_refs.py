"""References as records: the efetch XML reader, the cache, `alskg refs fetch` against a
loopback E-utilities server (127.0.0.1 only), `alskg refs show`, the shipped metadata cut
by `python -m loaders.extract refs`, and the Publication nodes the pubmed loader adds."""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import limits
from kg.problems import FileError, InputError
from kg.refs import cache
from kg.refs.fetch import Client, fetch
from kg.refs.pubmed_xml import parse_efetch, read_efetch
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "refs" / "efetch.xml"
HEAD = (b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle,'
        b' 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">'
        b'\n<PubmedArticleSet>\n')
TAIL = b"</PubmedArticleSet>\n"
BOMB = (b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet [\n <!ENTITY a "aaaaaaaaaa">\n'
        b' <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        b' <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
        b'<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>90000001</PMID>'
        b'<Article><ArticleTitle>&c;</ArticleTitle></Article></MedlineCitation>'
        b'</PubmedArticle></PubmedArticleSet>\n')


def _articles() -> dict[str, bytes]:
    """The fixture's articles as efetch writes them, by PMID."""
    text = FIXTURE.read_bytes()
    out = {}
    for m in re.finditer(rb"<(PubmedArticle|PubmedBookArticle)>.*?</\1>", text, re.S):
        pmid = re.search(rb"<PMID[^>]*>(\d+)</PMID>", m.group()).group(1).decode()  # type: ignore[union-attr]
        out[pmid] = m.group()
    return out


ARTICLES = _articles()


# -- the reader ---------------------------------------------------------------------------

def test_reader_reads_every_field() -> None:
    recs = {r["pmid"]: r for r in read_efetch(FIXTURE)}
    assert list(recs) == [f"9000000{i}" for i in range(1, 8)]
    full = recs["90000001"]
    assert full == {
        "pmid": "90000001",
        "title": "Mutations in FUS, an RNA processing protein, cause familial amyotrophic "
                 "lateral sclerosis type 6.",
        "authors": ["Vance C", "van Es MA", "Keränen ML", "ALS Test Consortium"],
        "journal": "Science", "year": 2009, "doi": "10.9999/alskg.test.0001",
        "pmc": "PMC9000001",
        "publication_types": ["Journal Article", "Research Support, Non-U.S. Gov't"],
        "mesh": ["Amyotrophic Lateral Sclerosis", "Humans", "Mutation"],
        "abstract": "Amyotrophic lateral sclerosis (ALS) is a fatal neurodegenerative disease."
                    " We report mutations in the FUS gene on chromosome 16 in families with "
                    "ALS & show that the mutant protein accumulates in the cytoplasm of "
                    "neurons.",
        "retracted": False}


def test_reader_structured_abstract_no_abstract_and_fallbacks() -> None:
    recs = {r["pmid"]: r for r in read_efetch(FIXTURE)}
    trial = recs["90000002"]
    assert trial["abstract"] == (
        "BACKGROUND: Some cases of ALS are caused by mutations in SOD1. METHODS: In a phase 3 "
        "trial, adults were assigned in a 2:1 ratio to the drug or placebo. RESULTS: The drug "
        "lowered SOD1 in the cerebrospinal fluid and neurofilament light chains in plasma. "
        "CONCLUSIONS: The drug did not improve clinical end points at 28 weeks.")
    assert trial["journal"] == "The New England journal of medicine"  # no ISOAbbreviation
    assert trial["doi"] is None and trial["mesh"] == []
    letter = recs["90000003"]
    assert letter["abstract"] is None and letter["year"] == 1998  # MedlineDate "1998 Nov-Dec"
    assert letter["authors"] == ["Smith"]
    book = recs["90000007"]
    assert book["journal"] == "GeneReviews®" and book["year"] == 1993
    assert book["authors"] == ["Roe R", "Adam MP"]
    assert book["abstract"] == "CLINICAL CHARACTERISTICS: A made-up disorder of motor neurons."


def test_reader_flags_retractions() -> None:
    recs = {r["pmid"]: r for r in read_efetch(FIXTURE)}
    assert recs["90000004"]["retracted"] is True      # type Retracted Publication
    assert recs["90000006"]["retracted"] is True      # a RetractionIn comment only
    assert recs["90000005"]["retracted"] is False     # the notice itself is not retracted
    assert not any(recs[p]["retracted"] for p in ("90000001", "90000002", "90000003"))


@pytest.mark.parametrize("body, line, words", [
    (BOMB, 2, "internal subset"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE x SYSTEM "file:///etc/passwd">\n<PubmedArticleSet>'
     b'&ext;</PubmedArticleSet>', 3, "undeclared entity"),
    (b"<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation>", 3, "not well-formed"),
    (b"<html><body>Service unavailable</body></html>", 1, "root element is <html>"),
    (b"<eFetchResult>\n<ERROR>Empty id list</ERROR></eFetchResult>", 1, "Empty id list"),
    (b"<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>abc</PMID>"
     b"</MedlineCitation></PubmedArticle></PubmedArticleSet>", 2, "without a PMID"),
    (b"<PubmedArticleSet>" + b"<i>" * (limits.REFS_XML_DEPTH + 5), 1, "nested more than"),
])
def test_reader_refuses_with_one_line(body: bytes, line: int, words: str) -> None:
    with pytest.raises(FileError) as err:
        parse_efetch(body, "answer.xml")
    assert err.value.file == "answer.xml" and err.value.line == line
    assert words in err.value.message and "\n" not in str(err.value)


def test_reader_bounds_one_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "REFS_RECORD_BYTES", 2000)
    with pytest.raises(FileError, match="a record of more than 2,000 bytes"):
        read_efetch(FIXTURE)


# -- the loopback E-utilities server --------------------------------------------------------

class Eutils(http.server.BaseHTTPRequestHandler):
    """efetch on 127.0.0.1: answers the fixture's articles for the ids asked; `plan` holds
    canned answers (status, headers, body) to give first, one per request."""

    plan: list[tuple[int, dict[str, str], bytes | str]] = []
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 (the http.server API)
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(min(length, 1 << 20)).decode())
        ids = form.get("id", [""])[0].split(",")
        type(self).seen.append({"path": self.path, "ids": ids, "form": form})
        if type(self).plan:
            status, headers, body = type(self).plan.pop(0)
            if body == "huge":
                return self._huge(headers)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body if isinstance(body, bytes) else body.encode())
            return
        payload = HEAD + b"".join(ARTICLES[i] + b"\n" for i in ids if i in ARTICLES) + TAIL
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _huge(self, headers: dict[str, str]) -> None:
        """100 MB, with or without a Content-Length saying so."""
        size = 100 * limits.MIB
        self.send_response(200)
        for k, v in headers.items():
            self.send_header(k, v)
        if headers.get("X-Say-Length"):
            self.send_header("Content-Length", str(size))
        self.end_headers()
        block = b"<PubmedArticleSet>" + b" " * (limits.MIB - 18)
        try:
            for _ in range(100):
                self.wfile.write(block)
                block = b" " * limits.MIB
        except OSError:
            pass  # the client stopped reading, as it should

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Eutils)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/eutils/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def eutils(server: str) -> Iterator[str]:
    Eutils.plan.clear()
    Eutils.seen.clear()
    yield server
    Eutils.plan.clear()


def _client(url: str, waits: list[float]) -> Client:
    return Client(base_url=url, sleep=waits.append)


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_fetch_caches_records_and_skips_cached_ones(eutils: str, tmp_path: Path) -> None:
    waits: list[float] = []
    out = fetch(["PMID:90000001", "90000002", "90000001"], directory=tmp_path,
                client=_client(eutils, waits))
    assert out["fetched"] == ["90000001", "90000002"] and out["not_found"] == []
    assert _files(tmp_path) == ["90000001.json", "90000002.json"]
    assert Eutils.seen[0]["path"] == "/eutils/efetch.fcgi"
    form = Eutils.seen[0]["form"]
    assert form["db"] == ["pubmed"] and form["retmode"] == ["xml"] and form["tool"] == ["alskg"]
    assert cache.records(tmp_path)["90000002"]["abstract"].startswith("BACKGROUND: ")
    again = fetch(["90000001", "90000002"], directory=tmp_path, client=_client(eutils, waits))
    assert again["fetched"] == [] and again["already"] == 2 and len(Eutils.seen) == 1


def test_fetch_batches_and_paces(eutils: str, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "REFS_BATCH", 3)
    ids = [f"9000000{i}" for i in range(1, 8)]
    clock = iter(float(i) * 0.01 for i in range(1000))  # requests 0.01 s apart
    waits: list[float] = []
    client = Client(base_url=eutils, sleep=waits.append, clock=lambda: next(clock))
    out = fetch(ids, directory=tmp_path, client=client)
    assert [s["ids"] for s in Eutils.seen] == [ids[:3], ids[3:6], ids[6:]]
    assert out["batches"] == 3 and len(out["fetched"]) == 7
    assert len(waits) == 2 and all(0.3 < w <= 0.34 for w in waits)  # at most 3 a second


def test_fetch_sends_the_api_key_and_paces_to_ten_a_second(
        eutils: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "REFS_BATCH", 1)
    monkeypatch.setenv("ALSKG_EUTILS_URL", eutils.rstrip("/"))
    monkeypatch.setenv("NCBI_API_KEY", "k3y")
    monkeypatch.setenv("ALSKG_EUTILS_EMAIL", "lab@example.org")
    clock = iter(float(i) * 0.01 for i in range(1000))
    waits: list[float] = []
    client = Client.from_env(sleep=waits.append, clock=lambda: next(clock))
    fetch(["90000001", "90000002", "90000003"], directory=tmp_path, client=client)
    form = Eutils.seen[0]["form"]
    assert form["api_key"] == ["k3y"] and form["email"] == ["lab@example.org"]
    assert len(waits) == 2 and all(0.05 < w <= 0.1 for w in waits)  # at most 10 a second
    monkeypatch.setenv("ALSKG_EUTILS_URL", "file:///etc/passwd")
    with pytest.raises(InputError, match="must be an http"):
        Client.from_env()


def test_fetch_retries_after_429_and_500(eutils: str, tmp_path: Path) -> None:
    Eutils.plan[:] = [(429, {"Retry-After": "7"}, b"{\"error\":\"API rate limit exceeded\"}"),
                      (500, {}, b"oops"), (503, {}, b"")]
    waits: list[float] = []
    out = fetch(["90000001"], directory=tmp_path, client=_client(eutils, waits))
    assert out["fetched"] == ["90000001"] and out["requests"] == 4
    assert [w for w in waits if w >= 1] == [7.0, 2.0, 4.0]  # Retry-After, then backoff


def test_fetch_gives_up_after_bounded_tries(eutils: str, tmp_path: Path) -> None:
    Eutils.plan[:] = [(500, {}, b"")] * limits.REFS_TRIES
    with pytest.raises(InputError, match=f"HTTP 500 after {limits.REFS_TRIES} tries; run "
                                         "the fetch again"):
        fetch(["90000001"], directory=tmp_path, client=_client(eutils, []))
    assert _files(tmp_path) == [] and len(Eutils.seen) == limits.REFS_TRIES
    Eutils.plan[:] = [(429, {"Retry-After": "86400"}, b"")]
    with pytest.raises(InputError, match="asks to wait 86,400 s"):
        fetch(["90000001"], directory=tmp_path, client=_client(eutils, []))


def test_fetch_resumes_after_a_failed_batch(eutils: str, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "REFS_BATCH", 2)
    ids = ["90000001", "90000002", "90000003", "90000004"]
    cache.write(read_efetch(FIXTURE)[0], tmp_path)  # 90000001: cached by an earlier run
    Eutils.plan[:] = [(200, {}, HEAD + ARTICLES["90000002"] + ARTICLES["90000003"] + TAIL),
                      (200, {}, b"<PubmedArticleSet><PubmedArticle>")]
    with pytest.raises(FileError, match="not well-formed"):
        fetch(ids, directory=tmp_path, client=_client(eutils, []))
    assert Eutils.seen[0]["ids"] == ["90000002", "90000003"]  # the cached one not asked for
    assert _files(tmp_path) == ["90000001.json", "90000002.json", "90000003.json"]
    out = fetch(ids, directory=tmp_path, client=_client(eutils, []))
    assert Eutils.seen[-1]["ids"] == ["90000004"] and out["fetched"] == ["90000004"]
    assert out["already"] == 3


def test_fetch_reports_pmids_pubmed_lacks(eutils: str, tmp_path: Path) -> None:
    out = fetch(["90000001", "12345"], directory=tmp_path, client=_client(eutils, []))
    assert out["fetched"] == ["90000001"] and out["not_found"] == ["12345"]


def test_fetch_missing_asks_for_what_the_cited_findings_lack(
        eutils: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import workspace

    root = tmp_path / "lab"
    workspace.init(root)
    (root / "data" / "example.yaml").unlink()
    _curated(root / "data", ["PMID:90000001", "PMID:90000002"])  # and F2 cites 90000004
    monkeypatch.setenv("ALSKG_HOME", str(root))
    folder = cache.cache_dir()
    assert folder == root / ".alskg" / "refs"
    for rec in cache.shipped_records().values():  # the shipped citations: cached already
        cache.write(rec, folder)
    cache.write(read_efetch(FIXTURE)[0], folder)  # 90000001 too
    out = fetch([], missing=True, client=_client(eutils, []))
    assert [s["ids"] for s in Eutils.seen] == [["90000002", "90000004"]]
    assert out["fetched"] == ["90000002", "90000004"] and out["not_found"] == []
    assert {"90000001", "90000002", "90000004"} <= cache.cached_pmids(folder)
    assert fetch([], missing=True, client=_client(eutils, []))["fetched"] == []
    assert len(Eutils.seen) == 1  # nothing left to ask for


# -- the command, as a user runs it ---------------------------------------------------------

def _alskg(args: list[str], home: Path, url: str, cwd: Path | None = None
           ) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ALSKG_", "NCBI_")) and k != "PYTHONPATH"}
    env.update(ALSKG_HOME=str(home), ALSKG_EUTILS_URL=url, PYTHONPATH=str(ROOT),
               ALSKG_EUTILS_EMAIL="curator@example.org")
    return subprocess.run([sys.executable, "-m", "kg.cli.main", *args], env=env,
                          cwd=cwd or home, capture_output=True, text=True, timeout=120)


def test_refs_fetch_command_then_show(eutils: str, tmp_path: Path) -> None:
    done = _alskg(["refs", "fetch", "PMID:90000002", "90000004"], tmp_path, eutils)
    assert done.returncode == 0, done.stderr
    assert "2 records fetched into" in done.stdout and done.stderr == ""
    assert Eutils.seen[0]["form"]["email"] == ["curator@example.org"]
    assert _files(tmp_path / "refs") == ["90000002.json", "90000004.json"]
    shown = _alskg(["refs", "show", "PMID:90000004"], tmp_path, eutils)
    assert shown.returncode == 0, shown.stderr
    assert "retracted: yes" in shown.stdout and "Doe J" in shown.stdout
    assert "We describe a gene that later turned out not to exist." in shown.stdout
    data = json.loads(_alskg(["refs", "show", "90000002", "--format", "json"], tmp_path,
                             eutils).stdout)
    assert data["id"] == "PMID:90000002" and data["source"] == "cache"
    assert data["publication_types"] == ["Clinical Trial, Phase III",
                                         "Randomized Controlled Trial"]
    missing = _alskg(["refs", "show", "PMID:90000003"], tmp_path, eutils)
    assert missing.returncode == 1 and missing.stderr.count("\n") == 1
    assert "no record in the cache" in missing.stderr


@pytest.mark.parametrize("plan, words", [
    ((200, {}, b"<PubmedArticleSet>\n<PubmedArticle>\n<MedlineCitation><PMID>1</PMID>"),
     "not well-formed XML"),
    ((200, {}, BOMB), "internal subset"),
    ((200, {"X-Say-Length": "1"}, "huge"), "an answer of 104,857,600 bytes"),
    ((200, {}, "huge"), f"an answer of more than {limits.REFS_BODY_BYTES:,} bytes"),
    ((404, {}, b"no such page"), "HTTP 404"),
])
def test_refs_fetch_bad_answers_are_one_line_and_cache_nothing(
        eutils: str, tmp_path: Path, plan: tuple[int, dict[str, str], bytes | str],
        words: str) -> None:
    Eutils.plan[:] = [plan]
    done = _alskg(["refs", "fetch", "90000001", "90000002"], tmp_path, eutils)
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("alskg: error: ")
    assert words in done.stderr and "Traceback" not in done.stderr
    assert "efetch.fcgi" in done.stderr  # names where the answer came from
    assert _files(tmp_path / "refs") == []


def test_refs_fetch_refuses_bad_ids(tmp_path: Path) -> None:
    done = _alskg(["refs", "fetch", "PMID:12x"], tmp_path, "http://127.0.0.1:9/")
    assert done.returncode == 2 and "not a PubMed id" in done.stderr
    assert done.stderr.count("\n") == 1


# -- the shipped metadata (python -m loaders.extract refs) ----------------------------------

def _reading_list(tmp_path: Path) -> Path:
    """The fixture's records as a reading list (JSON Lines, abstracts and MeSH included)."""
    path = tmp_path / "reading.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for rec in read_efetch(FIXTURE):
            fh.write(json.dumps({**rec, "year": str(rec["year"])}, ensure_ascii=False) + "\n")
    return path


def _curated(tmp_path: Path, cites: list[str]) -> Path:
    """A curated folder: the workspace example (a valid finding) citing `cites`, and a
    second finding citing PMID:90000004."""
    from kg.workspace import EXAMPLE_TEXT

    folder = tmp_path / "curated"
    folder.mkdir(exist_ok=True)
    text = EXAMPLE_TEXT.replace("citations: [PMID:19251628]", f"citations: [{', '.join(cites)}]")
    second = text[text.index("  - id: alskg:example-F1"):].replace("example-F1", "example-F2")
    text += second.replace(f"citations: [{', '.join(cites)}]", "citations: [PMID:90000004]")
    (folder / "f.yaml").write_text(text, encoding="utf-8")
    return folder


def test_extract_writes_metadata_only_and_deterministically(tmp_path: Path) -> None:
    from loaders.extract.refs import cut

    reading = _reading_list(tmp_path)
    curated = _curated(tmp_path, ["PMID:90000002", "PMID:90000001", "PMID:90000007",
                                  "PMID:99999999"])
    path, absent = cut(reading, tmp_path / "a", [curated], date="2026-01-02")
    text = path.read_text(encoding="utf-8")
    assert path.name == "pubmed.als.xml" and absent == ["99999999"]
    assert "PubMed records, metadata only; abstracts are not redistributed" in text
    assert "Cut 2026-01-02" in text and "PMID:99999999" in text
    for absent_text in ("<Abstract", "AbstractText", "MeshHeading", "BACKGROUND",
                        "cytoplasm of neurons", "Humans"):
        assert absent_text not in text, absent_text
    back = {r["pmid"]: r for r in read_efetch(path)}
    assert list(back) == ["90000001", "90000002", "90000004", "90000007"]  # cited, in order
    source = {r["pmid"]: r for r in read_efetch(FIXTURE)}
    for pmid, rec in back.items():
        assert rec["abstract"] is None and rec["mesh"] == []
        for key in ("title", "authors", "journal", "year", "doi", "publication_types"):
            assert rec[key] == source[pmid][key], (pmid, key)
    assert back["90000004"]["retracted"] is True  # kept through its publication type
    again, _ = cut(reading, tmp_path / "b", [curated], date="2026-01-02")
    assert again.read_bytes() == path.read_bytes()


def test_extract_command_cuts_for_the_shipped_citations(tmp_path: Path) -> None:
    shipped = read_efetch(ROOT / "data" / "sources" / cache.SHIPPED_FILE)
    reading = tmp_path / "reading.jsonl"
    reading.write_text("".join(json.dumps({**r, "abstract": "SECRET ABSTRACT " + r["pmid"],
                                           "mesh": ["Humans"]}) + "\n" for r in shipped),
                       encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-m", "loaders.extract", "refs", str(reading),
                           str(tmp_path / "out"), "--date", "2026-01-02"], cwd=ROOT,
                          env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "out" / cache.SHIPPED_FILE
    assert done.stdout.strip() == str(out)
    text = out.read_text(encoding="utf-8")
    assert "SECRET ABSTRACT" not in text and "Humans" not in text and "Cut 2026-01-02" in text
    back = {r["pmid"] for r in read_efetch(out)}
    warned = set(re.findall(r"PMID:(\d+) is cited but not in", done.stderr))
    assert back and back <= {r["pmid"] for r in shipped} and not back & warned
    bad = subprocess.run([sys.executable, "-m", "loaders.extract", "refs", str(reading),
                          str(tmp_path / "bad"), "--date", "tomorrow"], cwd=tmp_path,
                         env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                         timeout=300)
    assert bad.returncode == 1 and "expected YYYY-MM-DD" in bad.stderr
    assert not (tmp_path / "bad").exists()


def test_the_shipped_metadata_has_no_abstract() -> None:
    path = ROOT / "data" / "sources" / cache.SHIPPED_FILE
    text = path.read_text(encoding="utf-8")
    assert "abstracts are not redistributed" in text
    assert "<Abstract" not in text and "MeshHeading" not in text
    recs = read_efetch(path)
    assert recs and all(r["abstract"] is None and r["mesh"] == [] and r["title"]
                        for r in recs)


# -- the pubmed loader and the graph --------------------------------------------------------

def test_loader_merges_records_into_cited_publications(tmp_path: Path) -> None:
    from kg import api
    from kg.model import Node
    from loaders.curated import CuratedSource
    from loaders.pubmed import PubmedSource

    ontology = api.load_ontology()
    shipped = tmp_path / "shipped.xml"
    shipped.write_bytes(HEAD + ARTICLES["90000001"] + ARTICLES["90000004"] + TAIL)
    refs = tmp_path / "refs"
    for rec in read_efetch(FIXTURE):
        if rec["pmid"] in ("90000004", "90000002"):
            cache.write({**rec, "title": "cached " + (rec["title"] or "")}, refs)
    (refs / "90000003.json").write_text("{not json", encoding="utf-8")
    curated = _curated(tmp_path, ["PMID:90000001"])
    source = PubmedSource(shipped, refs)
    data, problems = api.validate(sources=[CuratedSource([curated]), source],
                                  ontology=ontology)
    nodes: dict[str, Node] = data.nodes
    fus = nodes["PMID:90000001"]
    assert fus.category == "Publication" and not fus.properties.get("auto")
    assert fus.name == "Vance et al. 2009, Science"
    assert fus.properties["authors"] == "Vance C, van Es MA, Keränen ML, ALS Test Consortium"
    assert fus.properties["year"] == 2009 and fus.properties["doi"] == "10.9999/alskg.test.0001"
    assert "retracted" not in fus.properties and "abstract" not in fus.properties
    assert set(fus.sources) == {"alskg:pubmed", "alskg:curated"}
    retracted = nodes["PMID:90000004"]
    assert retracted.properties["retracted"] is True
    assert retracted.properties["title"].startswith("cached ")  # the cache wins
    assert "PMID:90000002" in nodes  # cached, not cited: a node all the same
    warned = [p for p in problems if p.kind == "bad-reference"]
    assert len(warned) == 1 and warned[0].level == "warning" and "90000003" in warned[0].file
    assert "Cut" not in source.version and source.version.startswith("PubMed records")


def test_build_and_show_carry_the_shipped_record(shipped_store: Path) -> None:
    from kg import api

    pmid = read_efetch(ROOT / "data" / "sources" / cache.SHIPPED_FILE)[0]["pmid"]
    shown = api.show(api.open_backend("embedded", shipped_store), f"PMID:{pmid}")
    props = shown["properties"]
    assert props["title"] and props["authors"] and props["year"]
    assert "alskg:pubmed" in shown["sources"] and "auto" not in props


def test_web_entity_page_shows_the_record_escaped(shipped_store: Path, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from starlette.testclient import TestClient

    from kg.web.app import create_app
    from kg.web.state import Settings

    shipped = read_efetch(ROOT / "data" / "sources" / cache.SHIPPED_FILE)
    first, hostile = shipped[0], shipped[-1]
    monkeypatch.setenv("ALSKG_HOME", str(tmp_path))
    cache.write({**hostile, "title": "<script>alert(1)</script> & co",
                 "abstract": "A finding. <img src=x onerror=alert(2)> \"quoted\"",
                 "retracted": True}, tmp_path / "refs")
    app = create_app(Settings(store=shipped_store))
    with TestClient(app, raise_server_exceptions=False) as c:
        page = c.get(f"/entity/PMID:{first['pmid']}")
        assert page.status_code == 200
        assert 'id="pubmed-record"' in page.text and "No abstract here" in page.text
        for author in first["authors"][:3]:
            assert author.replace("'", "&#39;") in page.text
        bad = c.get(f"/entity/PMID:{hostile['pmid']}")
        assert bad.status_code == 200
        assert "<script>alert(1)" not in bad.text and "<img src=x" not in bad.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in bad.text
        assert "&lt;img src=x onerror=alert(2)&gt;" in bad.text
        assert 'class="badge contested">retracted' in bad.text
        gene = c.get("/entity/SOD1", follow_redirects=True)
        assert gene.status_code == 200 and "pubmed-record" not in gene.text
