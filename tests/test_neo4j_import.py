"""Neo4j's own offline importer, run for real: `alskg neo4j import` and the import.sh that
`alskg export neo4j-csv` writes both give a database that answers as the embedded store
does, and a failed import leaves the old database answering."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.neo4j import server
from kg.neo4j.server import ServerConfig
from kg.store.backend import EmbeddedBackend
from tests.conftest import run_cli


def _config(data_dir: Path) -> ServerConfig:
    return ServerConfig(port=server.free_port(), data_dir=data_dir, heap="512m",
                        pagecache="128m")


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerConfig]:
    """A server of this module's own: `neo4j import` stops and restarts it."""
    cfg = _config(tmp_path_factory.mktemp("neo4j-import"))
    server.start(cfg)
    try:
        yield cfg
    finally:
        server.stop(cfg)


def _server_args(cfg: ServerConfig) -> list[str]:
    return ["--port", str(cfg.port), "--data-dir", str(cfg.data_dir), "--heap", cfg.heap,
            "--pagecache", cfg.pagecache]


def _answers(store: Path, uri: str | None = None) -> list[object]:
    """What a researcher sees: stats, an entity, a canned query."""
    backend = ["--backend", "neo4j", "--uri", uri] if uri else ["--store", str(store)]
    out = []
    for argv in (["stats"], ["show", "SOD1"], ["show", "FUS"],
                 ["query", "run", "pediatric-genes", "--limit", "0"]):
        done = run_cli(*argv, "-f", "json", *backend)
        assert done.returncode == 0, done.stderr
        out.append(json.loads(done.stdout))
    return out


def test_neo4j_import_answers_as_the_embedded_store(own_server: ServerConfig,
                                                    shipped_store: Path) -> None:
    done = run_cli("neo4j", "import", *_server_args(own_server), "--store", str(shipped_store))
    assert done.returncode == 0, done.stderr
    assert "importing 1,168 nodes" in done.stderr or "importing" in done.stderr
    info = server.status(own_server)
    assert info is not None and info.uri in done.stdout
    assert _answers(shipped_store, info.uri) == _answers(shipped_store)
    # the constraint and indexes were created on the imported database
    constraints = run_cli("query", "run", "pediatric-genes", "--backend", "neo4j", "--uri",
                          info.uri)
    assert constraints.returncode == 0


def test_a_failed_import_leaves_the_old_database(own_server: ServerConfig,
                                                 shipped_store: Path, tmp_path: Path) -> None:
    first = run_cli("neo4j", "import", *_server_args(own_server), "--store", str(shipped_store))
    assert first.returncode == 0, first.stderr
    info = server.status(own_server)
    assert info is not None
    before = _answers(shipped_store, info.uri)
    files = tmp_path / "csv"
    assert run_cli("export", "neo4j-csv", str(files), "--store",
                   str(shipped_store)).returncode == 0
    rels = files / "relationships.csv"
    lines = rels.read_text(encoding="utf-8").splitlines()
    lines.insert(3, '"NOPE:1","NOPE:2","TARGETS","x"')  # a relationship to no node
    rels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli("neo4j", "import", *_server_args(own_server), "--from", str(files))
    assert done.returncode == 1
    error = [line for line in done.stderr.splitlines() if "error:" in line]
    assert len(error) == 1 and "missing node NOPE:1" in error[0], done.stderr
    assert "database is unchanged" in error[0] and "import.log" in error[0]
    assert "Traceback" not in done.stderr
    again = server.status(own_server)
    assert again is not None and again.pid == info.pid  # never stopped: the import failed first
    assert _answers(shipped_store, again.uri) == before
    assert not [p for p in own_server.data_dir.iterdir() if p.name.startswith(".import-")]


def test_the_written_import_script_runs(shipped_store: Path, tmp_path: Path) -> None:
    files = tmp_path / "csv"
    assert run_cli("export", "neo4j-csv", str(files), "--store",
                   str(shipped_store)).returncode == 0
    # neo4j-admin as a Neo4j installation has it: AdminTool with NEO4J_HOME set
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    shim = tmp_path / "bin"
    shim.mkdir()
    argfile = server.launcher_argfile(lambda _: None)
    (shim / "neo4j-admin").write_text(
        f'#!/bin/sh\nexec java -Xmx512m @{argfile} org.neo4j.cli.AdminTool "$@"\n')
    (shim / "neo4j-admin").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}",
           "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    done = subprocess.run(["sh", str(files / "import.sh")], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    stats = EmbeddedBackend(shipped_store).stats()
    assert f"{stats['nodes']} nodes" in done.stdout
    assert f"{stats['edges']} relationships" in done.stdout
    cfg = _config(home)
    info = server.start(cfg)
    try:
        assert _answers(shipped_store, info.uri) == _answers(shipped_store)
    finally:
        server.stop(cfg)
