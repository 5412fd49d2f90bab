"""Hostile and unusual input, as a user's process meets it: every case ends in one error
line naming the file, exit 1 (2 for usage), no traceback, under a 300 MiB address-space cap
and a time bound, with nothing written."""

from __future__ import annotations

import http.server
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.hostile import Case, cases

MEMORY_CAP = 300 * 1024 * 1024
HANG_GUARD_S = 30  # a bound, not a speed target: the cases took minutes or forever before


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_capped(argv: list[str], cwd: Path, env: dict[str, str] | None = None,
               preexec: object = _capped) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "ALSKG_HOME": str(cwd / ".home"), **(env or {})}
    full.pop("ALSKG_STORE", None)
    return subprocess.run([sys.executable, "-m", "kg.cli", *argv], capture_output=True,
                          text=True, cwd=cwd, env=full, timeout=HANG_GUARD_S,
                          preexec_fn=preexec)  # type: ignore[arg-type]


def error_lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    out = (done.stdout + done.stderr).splitlines()
    return [line for line in out if "error:" in line]


def assert_one_line_error(done: subprocess.CompletedProcess[str], file_name: str,
                          expect: str, code: int = 1) -> None:
    assert done.returncode == code, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    errors = error_lines(done)
    assert len(errors) == 1, errors
    assert file_name in errors[0] and expect in errors[0], errors[0]
    assert len(errors[0]) < 400, errors[0]


def _listing(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_hostile_input_ends_in_one_line(case: Case, tmp_path: Path) -> None:
    argv = case.make(tmp_path)
    before = _listing(tmp_path)
    started = time.monotonic()
    # a case run in a folder of its own finds its workspace there, not in ALSKG_HOME
    done = run_capped(argv, tmp_path / case.cwd, env={"ALSKG_HOME": ""} if case.cwd else None)
    assert time.monotonic() - started < HANG_GUARD_S
    # the input is the one file of these names the case made
    names = ("x.yaml", "alskg.toml", "x.rdf", "x.jsonld", "x.nt", "x.ttl", "s.db")
    made = {Path(p).name for p in before}
    assert_one_line_error(done, case.file or next(n for n in names if n in made), case.expect,
                          case.code)
    # nothing written: no store, no half file, no file a payload could have made
    assert _listing(tmp_path) == before, _listing(tmp_path) - before
    assert not (tmp_path / "pwned").exists() and not (ROOT / "pwned").exists()


class _Counter(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        type(self).hits += 1
        body = b'{"@context": {"name": "http://schema.org/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def context_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/context.jsonld"
    finally:
        server.shutdown()


def test_json_ld_import_makes_no_request(context_server: str, tmp_path: Path) -> None:
    # the server answers, so a fetch would succeed: only not asking keeps the count at 0
    import urllib.request

    with urllib.request.urlopen(context_server) as reply:
        assert b"@context" in reply.read()
    _Counter.hits = 0
    remote = [c for c in cases(context_server) if c.name.startswith("jsonld-remote")]
    assert len(remote) == 3
    for case in remote:
        folder = tmp_path / case.name
        folder.mkdir()
        done = run_capped(case.make(folder), folder)
        assert_one_line_error(done, "x.jsonld", "refers to another document")
    assert _Counter.hits == 0


# -- stores ---------------------------------------------------------------------------------


def test_a_store_with_a_damaged_record_says_so(shipped_store: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    shutil.copy(shipped_store, bad)
    con = sqlite3.connect(bad)
    con.execute("UPDATE nodes SET record = '[[[' WHERE id = 'NCBIGene:6647'")
    con.execute("UPDATE edges SET record = '{}' WHERE subject = 'NCBIGene:2521'")
    con.commit()
    con.close()
    for argv in (["show", "SOD1"], ["show", "FUS"], ["export", "rdf", "-o",
                                                    str(tmp_path / "x.nt")]):
        done = run_capped([*argv, "--store", str(bad)], tmp_path)
        assert_one_line_error(done, "bad.db", "the store is damaged")
    assert not (tmp_path / "x.nt").exists()


@pytest.mark.parametrize("change", [
    "DELETE FROM meta",
    "UPDATE meta SET value = '[]' WHERE key = 'stats'",
    "UPDATE meta SET value = '{' WHERE key = 'labels'",
    "DROP TABLE nodes",
])
def test_a_store_with_damaged_tables_says_so(change: str, shipped_store: Path,
                                             tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    shutil.copy(shipped_store, bad)
    con = sqlite3.connect(bad)
    con.execute(change)
    con.commit()
    con.close()
    for argv in (["stats"], ["show", "SOD1"]):
        done = run_capped([*argv, "--store", str(bad)], tmp_path)
        assert_one_line_error(done, "bad.db", "store")


def test_a_store_with_flipped_pages_fails_cleanly(shipped_store: Path, tmp_path: Path) -> None:
    raw = bytearray(shipped_store.read_bytes())
    for offset in range(8192, len(raw), 40_000):  # past the header, through every table
        raw[offset:offset + 64] = os.urandom(64)
    bad = tmp_path / "flipped.db"
    bad.write_bytes(bytes(raw))
    for argv in (["show", "SOD1"], ["search", "SOD"], ["path", "SOD1", "FUS"],
                 ["query", "run", "pediatric-genes"], ["stats"]):
        done = run_capped([*argv, "--store", str(bad)], tmp_path)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
        # SQLite may still read the pages a command needs; if not, the error is one line
        if done.returncode != 0:
            assert_one_line_error(done, "flipped.db", "store")


def _fsize(limit: int) -> object:
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return apply


def test_a_build_that_hits_a_full_disk_leaves_the_old_store(tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    first = run_capped(["build", "--store", str(store)], tmp_path, preexec=None)
    assert first.returncode == 0, first.stderr
    old = store.read_bytes()
    # RLIMIT_FSIZE: a write past 256 KiB fails as on a full disk (Python ignores SIGXFSZ)
    done = run_capped(["build", "--store", str(store)], tmp_path, preexec=_fsize(256 * 1024))
    assert_one_line_error(done, "graph.db", "cannot write the store")
    assert "nothing was changed" in done.stderr
    assert store.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".graph")) == \
        [".graph.db.lock"]
    shown = run_capped(["show", "SOD1", "--store", str(store)], tmp_path)
    assert shown.returncode == 0 and "SOD1" in shown.stdout


def test_an_export_that_hits_a_full_disk_writes_nothing(shipped_store: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    done = run_capped(["export", "rdf", "-o", str(out), "--store", str(shipped_store)],
                      tmp_path, preexec=_fsize(64 * 1024))
    assert_one_line_error(done, "graph.nt", "cannot write the file")
    assert list(tmp_path.iterdir()) == []


def test_a_symlink_planted_at_the_build_lock_empties_nothing(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me\n")
    (tmp_path / ".graph.db.lock").symlink_to(precious)
    done = run_capped(["build", "--store", str(tmp_path / "graph.db")], tmp_path)
    assert_one_line_error(done, "graph.db", "cannot write the store there")
    assert precious.read_text() == "keep me\n"
    assert not (tmp_path / "graph.db").exists()


def test_a_second_build_says_it_waits_and_readers_see_a_whole_store(tmp_path: Path) -> None:
    import fcntl
    import select

    store = tmp_path / "graph.db"
    assert run_capped(["build", "--store", str(store)], tmp_path, preexec=None).returncode == 0
    old = store.read_bytes()
    env = {**os.environ, "ALSKG_HOME": str(tmp_path / "home")}
    cmd = [sys.executable, "-m", "kg.cli", "build", "--store", str(store)]
    with open(tmp_path / ".graph.db.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as a running build holds it
        waiting = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env, cwd=tmp_path)
        assert waiting.stderr is not None
        ready, _, _ = select.select([waiting.stderr], [], [], HANG_GUARD_S)
        assert ready, "the second build never said it was waiting"
        line = waiting.stderr.readline()
        assert "another build" in line and "waiting" in line, line
        # meanwhile the store is the old one, whole
        shown = run_capped(["show", "SOD1", "--store", str(store)], tmp_path)
        assert shown.returncode == 0 and store.read_bytes() == old
    out, err = waiting.communicate(timeout=HANG_GUARD_S)
    assert waiting.returncode == 0, err

    builds = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env, cwd=tmp_path) for _ in range(2)]
    answers = set()
    while any(b.poll() is None for b in builds):
        shown = run_capped(["stats", "-f", "json", "--store", str(store)], tmp_path)
        assert shown.returncode == 0, shown.stderr  # never a half-written store
        answers.add(shown.stdout)
    outputs = [b.communicate() for b in builds]
    assert [b.returncode for b in builds] == [0, 0], outputs
    assert len(answers) == 1  # same data each time: old and new stores answer alike
    con = sqlite3.connect(store)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


# -- command-line values ----------------------------------------------------------------


BIG = "x" * 2_000_000


@pytest.mark.parametrize(("argv", "expect"), [
    (["query", "run", "trials", "--limit", "99999999999999999999999"], "--limit"),
    (["query", "run", "trials", "--limit", "-3"], "--limit"),
    (["query", "run", "trials", "--offset", "99999999999999999999999"], "--offset"),
    (["query", "run", "trials", "--limit", "ten"], "--limit"),
    (["query", "run", "therapies-for-gene", "-p", "gene=SO\x01D1"], "control character"),
    (["query", "run", "therapies-for-gene", "-p", "gene=SOD1\x1b[2J"], "control character"),
    (["query", "run", "therapies-for-gene", "-p", "gene=" + BIG[:100_000]], "the limit is"),
    (["query", "run", "therapies-for-gene", "-p", "gene=SOD1", "-p", "gene=FUS"], "twice"),
    (["query", "run", "therapies-for-gene", "-p", "gene"], "key=value"),
    (["query", "run", "trials", *[f"--param=k{i}=v" for i in range(40)]], "the limit is"),
    (["path", "SOD1", "FUS", "--max-hops", "1000000"], "--max-hops"),
    (["path", "SOD1", "FUS", "--max-hops", "0"], "--max-hops"),
    (["path", "SOD1", "FUS", "--limit", "100000000000000000000"], "--limit"),
    (["path", "SOD1", "FUS", "--via", "Gene\x01"], "control character"),
    (["path", "SO\x07D1", "FUS"], "control character"),
    (["search", "SOD", "--limit", "99999999999999999999999"], "--limit"),
    (["search", "a" * 100_000], "the limit is"),
    (["show", "x" * 100_000], "the limit is"),
    (["show", "SOD1\r\n"], "control character"),
    (["nosuch-command"], "No such command"),
], ids=lambda v: v[0] if isinstance(v, list) and len(v) > 1 else None)
def test_bad_values_are_usage_errors(argv: list[str], expect: str, shipped_store: Path,
                                     tmp_path: Path) -> None:
    done = run_capped([*argv, "--store", str(shipped_store)], tmp_path)
    assert done.returncode == 2, (done.stdout[-300:], done.stderr[-300:])
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "error:" in lines[0] and expect in lines[0], lines
    assert len(lines[0]) < 400


@pytest.mark.parametrize("argv", [
    ["query", "run", "therapies-for-gene", "-p", "nope=1"],
    ["query", "run", "therapies-for-gene", "-p", "gene=" + "é" * 1000],
    ["path", "SOD1", "FUS", "--via", "NoSuchCategory"],
    ["show", "'; DROP TABLE nodes; --"],
    ["search", "\"unbalanced NEAR( OR"],
])
def test_odd_but_printable_values_fail_or_answer_cleanly(argv: list[str], shipped_store: Path,
                                                         tmp_path: Path) -> None:
    done = run_capped([*argv, "--store", str(shipped_store)], tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    if done.returncode:
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    again = run_capped(["stats", "-f", "json", "--store", str(shipped_store)], tmp_path)
    assert again.returncode == 0 and '"nodes"' in again.stdout


def test_security_page_names_every_limit() -> None:
    from kg import limits

    page = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    names = [n for n in vars(limits) if n.isupper() and n not in ("KIB", "MIB", "GIB")]
    assert len(names) >= 15
    missing = [n for n in names if f"`{n}`" not in page and f"`{n}`," not in page
               and n not in page]
    assert not missing, missing
    assert f"{len(cases())} cases" in page
