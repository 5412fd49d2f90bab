"""The embedded store file: what it holds, what it refuses to open, and what a build that
dies part-way leaves behind."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import db
from kg.store.backend import EmbeddedBackend
from tests.conftest import ROOT, run_cli


def _one_line_error(done: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("alskg: error: "), lines
    for text in expected:
        assert text in lines[0], lines[0]


def test_store_is_plain_sqlite_with_indexes(shipped_store: Path) -> None:
    con = sqlite3.connect(shipped_store)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    assert {"meta", "nodes", "edges", "names", "links", "search", "name_grams",
            "edges_subject", "edges_object", "names_label"} <= tables
    assert con.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    meta = dict(con.execute("SELECT key, value FROM meta"))
    assert json.loads(meta["schema_version"]) == db.SCHEMA_VERSION
    # the SQL answer agrees with the stats the store carries
    stats = json.loads(meta["stats"])
    assert con.execute("SELECT count(*) FROM edges").fetchone()[0] == stats["edges"]
    sod1 = con.execute("SELECT name FROM nodes WHERE id = 'NCBIGene:6647'").fetchone()
    assert sod1 == ("SOD1",)
    # nothing pickled anywhere in the file
    assert b"\x80\x04\x95" not in shipped_store.read_bytes()[:4096]


def test_search_finds_names_synonyms_and_statements(shipped_store: Path) -> None:
    found = EmbeddedBackend(shipped_store).search("TDP", limit=5)
    assert found["entities"][0]["name"] == "TARDBP"  # by its synonym TDP-43
    assert found["findings_total"] >= 1
    statements = EmbeddedBackend(shipped_store).search("stress granule", limit=50)["findings"]
    # every word matches, as a prefix: "stress-granule-like", "stress granules"
    assert statements and all("stress" in f["statement"].lower()
                              and "granule" in f["statement"].lower() for f in statements)
    # FTS operators in the text are only words
    odd = run_cli("search", 'SOD1 OR "x" NEAR(', "--store", str(shipped_store))
    assert odd.returncode == 0, odd.stderr
    empty = run_cli("search", "!!!", "--store", str(shipped_store))
    _one_line_error(empty, "no word to search for")


def test_a_store_from_another_version_is_refused(shipped_store: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    shutil.copy(shipped_store, old)
    con = sqlite3.connect(old)
    con.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION - 1}")
    con.commit()
    con.close()
    _one_line_error(run_cli("show", "SOD1", "--store", str(old)), "another alskg version")


def test_a_truncated_store_is_refused(shipped_store: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.db"
    cut.write_bytes(shipped_store.read_bytes()[: shipped_store.stat().st_size // 2])
    _one_line_error(run_cli("show", "SOD1", "--store", str(cut)), "truncated")


def test_a_pickle_renamed_as_the_store_runs_no_code(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    # a protocol-0 pickle written out by hand (the project never imports pickle): loading
    # it would call os.system("touch <marker>")
    fake = tmp_path / "graph.db"
    fake.write_bytes(f"cos\nsystem\n(S'touch {marker}'\ntR.".encode())
    for args in (["show", "SOD1"], ["stats"], ["query", "run", "trials"], ["search", "SOD"]):
        _one_line_error(run_cli(*args, "--store", str(fake)), "not an alskg store")
    assert not marker.exists()


def test_other_sqlite_files_and_folders_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    _one_line_error(run_cli("show", "SOD1", "--store", str(other)), "not an alskg store")
    _one_line_error(run_cli("show", "SOD1", "--store", str(tmp_path)), "not a regular file")


def test_a_killed_build_leaves_the_previous_store_answering(shipped_store: Path,
                                                             tmp_path: Path) -> None:
    store = tmp_path / "graph.db"
    shutil.copy(shipped_store, store)
    before = run_cli("show", "SOD1", "--format", "json", "--store", str(store)).stdout
    # a build big enough to be caught while it writes
    big = tmp_path / "big"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(big),
                    "--scale", "10"], check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(ROOT / "data/curated"),
                             str(big), "--store", str(store)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not list(tmp_path.glob(".graph.db-*.tmp")):
        time.sleep(0.05)
    assert list(tmp_path.glob(".graph.db-*.tmp")), "the build never started writing"
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = run_cli("show", "SOD1", "--format", "json", "--store", str(store))
    assert after.returncode == 0 and after.stdout == before
    # the next build clears up and replaces the store whole
    rebuilt = run_cli("build", str(ROOT / "tests" / "fixtures" / "mini"), "--store", str(store))
    assert rebuilt.returncode == 0, rebuilt.stderr
    mini = json.loads(run_cli("stats", "-f", "json", "--store", str(store)).stdout)
    assert mini["nodes"] < EmbeddedBackend(shipped_store).stats()["nodes"]
    assert mini["node_sources"]["alskg:curated"] < 20  # the mini fixture, not the shipped set
    assert not list(tmp_path.glob(".graph.db-*.tmp"))


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_neighbourhood_reads_only_what_it_needs(shipped_store: Path, hops: int) -> None:
    from kg.store.graph import neighbourhood, to_networkx

    store = EmbeddedBackend(shipped_store).store
    whole = to_networkx(store)
    part = neighbourhood(store, ["NCBIGene:6647"], hops)
    assert "NCBIGene:6647" in part
    assert part.number_of_nodes() < whole.number_of_nodes()
    for u, v, key in part.edges(keys=True):
        assert whole.has_edge(u, v, key)


def test_build_never_replaces_what_is_not_a_store(shipped_store: Path, tmp_path: Path) -> None:
    mini = str(ROOT / "tests" / "fixtures" / "mini")
    precious = tmp_path / "notes.txt"
    precious.write_text("a lab notebook\n")
    _one_line_error(run_cli("build", mini, "--store", str(precious)), "not an alskg store",
                    "refusing to replace")
    assert precious.read_text() == "a lab notebook\n"
    folder = tmp_path / "folder"
    folder.mkdir()
    _one_line_error(run_cli("build", mini, "--store", str(folder)), "is a folder")
    slash = run_cli("build", mini, "--store", str(tmp_path / "new") + "/")
    # a usage error (exit 2), in typer's box, which may wrap the words
    assert slash.returncode == 2 and "is a folder" in " ".join(
        slash.stderr.replace("│", " ").split())
    assert "Traceback" not in slash.stderr and not (tmp_path / "new").exists()
    # an existing store is replaced, and a missing one (in a new folder) is made
    store = tmp_path / "g.db"
    shutil.copy(shipped_store, store)
    assert run_cli("build", mini, "--store", str(store)).returncode == 0
    fresh = tmp_path / "a" / "b" / "g.db"
    assert run_cli("build", mini, "--store", str(fresh)).returncode == 0
    assert fresh.is_file()
