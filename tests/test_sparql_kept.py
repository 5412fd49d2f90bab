"""The SPARQL store kept beside the embedded store (kg/rdf/sparql_load.py): a second
`alskg serve` opens it instead of loading the export again; a rebuilt store, a damaged
folder, a planted symbolic link and two loaders at once. Each test serves a small store of
its own through a real server and SPARQLWrapper."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kg import api
from kg.rdf.sparql_load import MARKER, folder_of
from kg.web.state import Settings
from tests.conftest import ROOT
from tests.test_web_live import serving

QUERY = """SELECT ?label WHERE {
  ?m a <https://w3id.org/alskg/vocab/Mechanism> ;
     <http://www.w3.org/2000/01/rdf-schema#label> ?label .
  FILTER (CONTAINS(STR(?m), "kept-"))
} ORDER BY ?label"""


def entities(*names: str) -> str:
    return "entities:\n" + "".join(
        f"  - id: alskg:kept-{i}\n    category: Mechanism\n    name: {name}\n"
        for i, name in enumerate(names))


def build(tmp_path: Path, *names: str) -> Path:
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    (data / "mechanisms.yaml").write_text(entities(*names), encoding="utf-8")
    store = tmp_path / "graph.db"
    result, problems = api.build(paths=[data], store_path=store, shipped=False)
    assert result is not None, [str(p) for p in problems]
    return store


def labels(url: str) -> list[str]:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{url}/sparql")
    client.setQuery(QUERY)
    client.setReturnFormat(JSON)
    result: Any = client.query().convert()
    return [b["label"]["value"] for b in result["results"]["bindings"]]


def start(store: Path) -> tuple[list[str], Any]:
    """Serve `store` once: the labels SPARQL answers, and the explorer."""
    with serving(Settings(store=store)) as (url, app):
        return labels(url), app.state.explorer


def marker(store: Path) -> dict[str, Any]:
    return dict(json.loads((folder_of(store) / MARKER).read_text()))


def stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_ino, st.st_mtime_ns


def test_a_second_start_opens_the_kept_store(tmp_path: Path) -> None:
    store = build(tmp_path, "alpha process", "beta process")
    first, explorer = start(store)
    assert first == ["alpha process", "beta process"]
    assert explorer._loader is not None  # the first start loaded the export
    folder = folder_of(store)
    kept = marker(store)
    assert kept["key"]["build"] == api.load_or_build(store).meta["build_id"]
    before = {p.name: stamp(p) for p in [folder, folder / MARKER, folder / "store"]}
    again, explorer = start(store)
    assert again == first
    assert explorer._loader is None  # no loading process ran
    assert explorer.sparql_triples == kept["triples"] > 0
    assert {p.name: stamp(p) for p in [folder, folder / MARKER, folder / "store"]} == before
    # nothing but the store, its lock and the kept folder beside it
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".graph.db.lock", ".graph.db.sparql.lock", "data", "graph.db", "graph.db.sparql"]


def test_a_rebuilt_store_is_loaded_again(tmp_path: Path) -> None:
    store = build(tmp_path, "alpha process")
    assert start(store)[0] == ["alpha process"]
    old = marker(store)
    store = build(tmp_path, "alpha process", "gamma process")
    answer, explorer = start(store)
    assert answer == ["alpha process", "gamma process"]  # never the old build's answer
    assert explorer._loader is not None
    new = marker(store)
    assert new["key"]["build"] != old["key"]["build"]
    assert new["key"]["build"] == api.load_or_build(store).meta["build_id"]
    # the old build's store was deleted, and no temporary folder is left
    assert sorted(p.name for p in tmp_path.iterdir() if "sparql" in p.name) == [
        ".graph.db.sparql.lock", "graph.db.sparql"]


def test_a_damaged_kept_store_is_loaded_again_with_a_warning(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    store = build(tmp_path, "alpha process")
    first = start(store)[0]
    made = marker(store)["made"]
    for f in (folder_of(store) / "store").iterdir():
        if f.is_file():
            f.write_bytes(b"not a RocksDB file\n")
    capfd.readouterr()
    answer, explorer = start(store)
    err = capfd.readouterr().err
    assert answer == first
    assert explorer._loader is not None
    assert marker(store)["made"] != made
    warnings = [line for line in err.splitlines() if "warning" in line]
    assert warnings == [f"alskg: warning: {folder_of(store)}: the kept SPARQL store does "
                        "not open; loading it again"]
    assert "Traceback" not in err


def test_a_marker_for_another_version_is_loaded_again(tmp_path: Path) -> None:
    store = build(tmp_path, "alpha process")
    start(store)
    path = folder_of(store) / MARKER
    old = json.loads(path.read_text())
    path.write_text(json.dumps({**old, "key": {**old["key"], "pyoxigraph": "0.0.1"}}))
    answer, explorer = start(store)
    assert answer == ["alpha process"] and explorer._loader is not None
    assert marker(store)["key"] == old["key"] and marker(store)["made"] != old["made"]


def test_a_planted_symlink_is_refused_in_one_line(
        tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    store = build(tmp_path, "alpha process")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder_of(store).symlink_to(elsewhere)
    capfd.readouterr()
    answer, _ = start(store)
    err = capfd.readouterr().err
    assert answer == ["alpha process"]  # served from a temporary folder instead
    assert list(elsewhere.iterdir()) == []
    assert folder_of(store).is_symlink()
    assert err.splitlines() == [
        f"alskg: warning: {folder_of(store)}: is a symbolic link; refusing to keep the "
        "SPARQL store there (remove it); loading it into a temporary folder"]


def test_a_folder_alskg_did_not_write_is_left_alone(tmp_path: Path) -> None:
    store = build(tmp_path, "alpha process")
    folder_of(store).mkdir()
    (folder_of(store) / "notes.txt").write_text("mine\n")
    assert start(store)[0] == ["alpha process"]
    assert [p.name for p in folder_of(store).iterdir()] == ["notes.txt"]


def test_a_dead_loaders_folder_is_never_trusted(tmp_path: Path) -> None:
    """A folder a killed loader left under its temporary name, even one with a marker for
    this build, is removed, and the store loaded afresh."""
    store = build(tmp_path, "alpha process")
    start(store)
    dead = tmp_path / ".graph.db.sparql-dead.tmp"
    os.rename(folder_of(store), dead)
    answer, explorer = start(store)
    assert answer == ["alpha process"] and explorer._loader is not None
    assert not dead.exists()


def test_two_loaders_at_once_write_the_store_once(tmp_path: Path) -> None:
    store = build(tmp_path, "alpha process")
    job = json.dumps({"backend": "embedded", "store": str(store)}) + "\n"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "kg.rdf.sparql_load"], cwd=ROOT, env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for _ in range(2)]
    answers = [json.loads(p.communicate(job, timeout=120)[0]) for p in procs]
    assert sorted(a["loaded"] for a in answers) == [False, True]
    assert answers[0]["made"] == answers[1]["made"] == marker(store)["made"]


def test_a_store_in_a_folder_it_cannot_write_is_served_from_a_temporary_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capfd: pytest.CaptureFixture[str]) -> None:
    """(Root may write anywhere, so the read-only folder is what os.access answers.)"""
    import kg.web.state

    store = build(tmp_path, "alpha process")
    real = os.access
    monkeypatch.setattr(kg.web.state.os, "access",
                        lambda p, mode: False if Path(p) == tmp_path else real(p, mode))
    capfd.readouterr()
    assert start(store)[0] == ["alpha process"]
    assert not folder_of(store).exists()
    assert capfd.readouterr().err.splitlines() == [
        f"alskg: warning: {tmp_path}: cannot write there; loading the SPARQL store into a "
        "temporary folder"]


def test_a_fifo_planted_as_the_marker_blocks_nothing(tmp_path: Path) -> None:
    store = build(tmp_path, "alpha process")
    start(store)
    path = folder_of(store) / MARKER
    path.unlink()
    os.mkfifo(path)
    answer, explorer = start(store)  # a read of the FIFO would block for ever
    assert answer == ["alpha process"] and explorer._loader is not None
    assert path.is_file()
