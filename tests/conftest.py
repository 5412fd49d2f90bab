"""Shared fixtures: the shipped graph built once, and a real Neo4j server for the session.

When NEO4J_URI is set the suite uses that server; otherwise it starts a throwaway local
server on a free port and stops it at the end of the session, even when tests fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `alskg ARGS` as a user would, in a separate process."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True,
                          text=True, env=full_env, cwd=cwd or ROOT, timeout=600)


def launcher_pids(data_dir: Path) -> list[int]:
    """Pids of any alskg launcher JVM serving data_dir (scans /proc, no pgrep needed)."""
    needle = str(data_dir.resolve()).encode()
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"alskg.Launcher" in argv and needle in argv:
            pids.append(int(entry.name))
    return pids


@pytest.fixture(scope="session", autouse=True)
def alskg_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test, and every CLI it runs, keeps its store out of the user's data folder."""
    home = tmp_path_factory.mktemp("alskg-home")
    old = os.environ.get("ALSKG_HOME")
    os.environ["ALSKG_HOME"] = str(home)
    try:
        yield home
    finally:
        if old is None:
            os.environ.pop("ALSKG_HOME", None)
        else:
            os.environ["ALSKG_HOME"] = old


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data built into a store of its own."""
    from kg import api

    path = tmp_path_factory.mktemp("store") / "graph.db"
    result, problems = api.build(store_path=path)
    assert result is not None, [str(p) for p in problems if p.level == "error"]
    return path


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Connection options for a real Neo4j server (never a mock)."""
    if os.environ.get("NEO4J_URI"):
        yield {"uri": os.environ["NEO4J_URI"], "user": os.environ.get("NEO4J_USERNAME"),
               "password": os.environ.get("NEO4J_PASSWORD"),
               "database": os.environ.get("NEO4J_DATABASE")}
        return
    from kg.neo4j import server as server

    cfg = server.ServerConfig(port=server.free_port(),
                              data_dir=tmp_path_factory.mktemp("neo4j"))
    info = server.start(cfg)
    try:
        yield {"uri": info.uri, "user": None, "password": None, "database": None}
    finally:
        server.stop(cfg)


@pytest.fixture(scope="module")
def shipped_neo(shipped_store: Path, neo4j_server: dict[str, Any]) -> Iterator[Any]:
    """A Neo4j backend over the shipped graph, loaded afresh for the module (another
    module may have loaded another graph into the same server)."""
    from kg import api

    api.neo4j_load(store_path=shipped_store, wipe=True, **neo4j_server)
    backend = api.open_backend("neo4j", **neo4j_server)
    yield backend
    backend.close()
