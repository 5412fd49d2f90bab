"""`alskg sources fetch` against a loopback HTTP server (127.0.0.1 only): a download with
its checksum, a checksum mismatch, and a download resumed with an HTTP Range request."""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import api
from kg.fetch import read_manifest
from kg.problems import InputError

BODY = bytes(range(256)) * 4096  # 1 MiB


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves BODY at /release.obo, honouring `Range: bytes=N-`; records each request."""

    seen: list[dict[str, Any]] = []

    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        start = 0
        rng = self.headers.get("Range")
        if rng and rng.startswith("bytes=") and rng.endswith("-"):
            start = int(rng[len("bytes="):-1])
        type(self).seen.append({"path": self.path, "range": rng})
        if self.path != "/release.obo":
            self.send_error(404)
            return
        body = BODY[start:]
        self.send_response(206 if start else 200)
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(BODY) - 1}/{len(BODY)}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _manifest(tmp_path: Path, url: str, sha: str | None) -> Path:
    path = tmp_path / "manifest.yaml"
    path.write_text("sources:\n  test:\n    title: a test release\n"
                    f"    url: {url}\n    file: release.obo\n    version: '1'\n"
                    "    licence: CC0\n    attribution: nobody\n"
                    f"    sha256: {sha or 'null'}\n")
    return path


def test_fetch_downloads_and_checks_the_checksum(server: str, tmp_path: Path) -> None:
    sha = hashlib.sha256(BODY).hexdigest()
    manifest = _manifest(tmp_path, f"{server}/release.obo", sha)
    seen: list[tuple[int, int | None]] = []
    result = api.sources_fetch("test", tmp_path / "rel", manifest,
                               lambda done, total: seen.append((done, total)))
    target = tmp_path / "rel" / "release.obo"
    assert target.read_bytes() == BODY
    assert result["sha256"] == sha and result["checked"] and not result["resumed"]
    assert seen[-1] == (len(BODY), len(BODY)) and len(seen) > 1
    assert not (tmp_path / "rel" / "release.obo.part").exists()
    again = api.sources_fetch("test", tmp_path / "rel", manifest)
    assert again["already"]


def test_fetch_refuses_a_checksum_mismatch(server: str, tmp_path: Path) -> None:
    manifest = _manifest(tmp_path, f"{server}/release.obo", "0" * 64)
    with pytest.raises(InputError, match="checksum mismatch"):
        api.sources_fetch("test", tmp_path / "rel", manifest)
    assert list((tmp_path / "rel").iterdir()) == []  # neither the file nor a part is kept


def test_fetch_resumes_a_partial_download(server: str, tmp_path: Path) -> None:
    sha = hashlib.sha256(BODY).hexdigest()
    manifest = _manifest(tmp_path, f"{server}/release.obo", sha)
    (tmp_path / "rel").mkdir()
    (tmp_path / "rel" / "release.obo.part").write_bytes(BODY[:300_000])
    Handler.seen.clear()
    result = api.sources_fetch("test", tmp_path / "rel", manifest)
    assert result["resumed"] and result["sha256"] == sha
    assert (tmp_path / "rel" / "release.obo").read_bytes() == BODY
    assert Handler.seen == [{"path": "/release.obo", "range": "bytes=300000-"}]


def test_fetch_names_unknown_sources_and_http_errors(server: str, tmp_path: Path) -> None:
    manifest = _manifest(tmp_path, f"{server}/missing.obo", None)
    with pytest.raises(InputError, match="no source 'nope'"):
        api.sources_fetch("nope", tmp_path / "rel", manifest)
    with pytest.raises(InputError, match="HTTP 404"):
        api.sources_fetch("test", tmp_path / "rel", manifest)


def test_shipped_manifest_lists_every_source_with_licence_and_version() -> None:
    entries = read_manifest()
    assert set(entries) == {"go", "gene2go", "gene2pubmed", "hgnc", "mondo", "retractions",
                            "pubmed"}
    assert all(e.licence and e.version and e.attribution and e.extract
               for e in entries.values())
    assert entries["go"].licence == "CC BY 4.0" and entries["hgnc"].licence == "CC0"
