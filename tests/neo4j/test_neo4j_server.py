"""Real-server tests for kg.neo4j.server: one throwaway Neo4j per module, no mocks.

The first run on a machine resolves Neo4j from Maven Central (about a minute); later runs
reuse the compiled launcher from the per-user cache and take a few seconds.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import GraphDatabase

from kg.neo4j.server import (
    STATE_FILE,
    ServerConfig,
    ServerError,
    ServerInfo,
    free_port,
    start,
    status,
    stop,
)
from tests.conftest import launcher_pids as _launcher_pids

# On a laptop without Java these tests cannot run at all; in CI a missing JDK is a broken
# setup and must fail loudly rather than skip.
pytestmark = pytest.mark.skipif(
    shutil.which("java") is None and not os.environ.get("CI"),
    reason="needs a Java 17+ JDK (and Maven on first use)",
)


def _small(data_dir: Path, port: int | None = None) -> ServerConfig:
    # Small heap and page cache: CI runners share 2 cores and the test graph is tiny.
    return ServerConfig(
        port=free_port() if port is None else port,
        data_dir=data_dir,
        heap="512m",
        pagecache="64m",
    )




@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerConfig, ServerInfo]]:
    cfg = _small(tmp_path_factory.mktemp("neo4j"))
    info = start(cfg)
    try:
        yield cfg, info
    finally:
        # Safety net only: test_stop normally stops it first, then this returns False.
        stop(cfg)


def test_bolt_query(server: tuple[ServerConfig, ServerInfo]) -> None:
    _, info = server
    assert info.uri == f"bolt://127.0.0.1:{info.port}"
    with GraphDatabase.driver(info.uri, auth=None) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_status_reports_running_server(server: tuple[ServerConfig, ServerInfo]) -> None:
    cfg, info = server
    found = status(cfg)
    assert found is not None
    assert (found.pid, found.port, found.uri) == (info.pid, info.port, info.uri)
    assert found.log_file.is_file()
    assert "ALSKG_NEO4J_READY" in found.log_file.read_text()


def test_start_again_returns_existing(server: tuple[ServerConfig, ServerInfo]) -> None:
    cfg, info = server
    again = start(cfg)
    assert again.already_running
    assert again.pid == info.pid


def test_port_in_use_names_the_port(
    server: tuple[ServerConfig, ServerInfo], tmp_path: Path
) -> None:
    _, info = server
    with pytest.raises(ServerError, match=rf"\bport {info.port}\b"):
        start(_small(tmp_path, port=info.port))
    assert not (tmp_path / STATE_FILE).exists()


def test_invalid_size_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ServerError, match="heap"):
        start(ServerConfig(port=free_port(), data_dir=tmp_path, heap="lots"))


def test_stop_without_server_returns_false(tmp_path: Path) -> None:
    cfg = _small(tmp_path)
    assert stop(cfg) is False
    assert status(cfg) is None


def test_stale_state_file_is_cleaned(tmp_path: Path) -> None:
    # A pid that cannot be ours (pid 1 is init, never an alskg launcher).
    state = tmp_path / STATE_FILE
    state.write_text('{"pid": 1, "port": 1, "uri": "bolt://127.0.0.1:1", "log_file": "x"}')
    assert status(_small(tmp_path)) is None
    assert not state.exists()


# Must stay last in the module: it shuts down the shared server.
def test_stop(server: tuple[ServerConfig, ServerInfo]) -> None:
    cfg, info = server
    assert stop(cfg) is True
    assert _launcher_pids(cfg.data_dir) == []
    with pytest.raises(ProcessLookupError):
        os.kill(info.pid, 0)
    assert status(cfg) is None
    assert not (cfg.data_dir / STATE_FILE).exists()
    assert stop(cfg) is False
