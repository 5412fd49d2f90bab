"""The Neo4j backend and loader against real servers, never a mock.

Most tests share the session server from conftest (``neo4j_server``: a throwaway local
server, or the one NEO4J_URI names). The tests that kill, restart or stop a server, and the
ones that need authentication, use one throwaway server of this module with auth on, so
the shared server is never disturbed.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from neo4j import Driver, GraphDatabase

from kg import api
from kg.backend import resolve
from kg.neo4j import server as server
from kg.neo4j.backend import Neo4jBackend
from kg.neo4j.rows import edge_from_neo4j, labels_for
from kg.ontology.model import load_ontology
from kg.problems import ConnectionFailure
from kg.store.backend import EmbeddedBackend
from kg.store.graph import to_networkx
from tests.conftest import launcher_pids as _launcher_pids
from tests.conftest import run_cli


def _no_java() -> bool:
    # On a laptop without a JDK the local servers cannot run; in CI a missing JDK is a broken
    # setup and must fail loudly rather than skip.
    return shutil.which("java") is None and not os.environ.get("CI")


needs_java = pytest.mark.skipif(_no_java(), reason="needs a Java 17+ JDK (and Maven on first use)")
pytestmark = pytest.mark.skipif(_no_java() and not os.environ.get("NEO4J_URI"),
                                reason="needs a Java 17+ JDK for a local Neo4j, or NEO4J_URI")

NodeRow = tuple[str, tuple[str, ...], str]  # id, sorted labels, properties as JSON
RelRow = tuple[str, str, str, str, str]  # id, type, start id, end id, properties as JSON
Snapshot = tuple[list[NodeRow], list[RelRow]]


# --- helpers ----------------------------------------------------------------------------


def _auth(opts: dict[str, Any]) -> tuple[str, str] | None:
    return (opts.get("user") or "neo4j", opts["password"]) if opts.get("password") else None


def _query(driver: Driver, database: str | None, cypher: str,
           **params: Any) -> list[dict[str, Any]]:
    records, _, _ = driver.execute_query(cypher, params, database_=database)
    return [r.data() for r in records]


def _props(props: dict[str, Any]) -> str:
    # `_load` is the per-load stamp: it differs on purpose between two loads of the same data.
    return json.dumps({k: v for k, v in props.items() if k != "_load"}, sort_keys=True)


def snapshot(driver: Driver, database: str | None) -> Snapshot:
    """Every alskg node and relationship with labels, type, ends and properties. An edge's
    properties are its record as read back, since a load into an empty database leaves out
    what can be derived (kg/neo4j/rows.py) and an incremental load writes ids and stamps."""
    nodes = _query(driver, database,
                   "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, "
                   "properties(n) AS props")
    rels = _query(driver, database,
                  "MATCH (a:Entity)-[r]->(b:Entity) RETURN type(r) AS type, "
                  "a.id AS start, b.id AS end, properties(r) AS props")
    # a relationship alskg did not write (a test's stray one) is taken as it is
    edges = [(edge_from_neo4j(r["props"], r["start"], r["end"])
              if {"predicate", "source"} <= r["props"].keys()
              else {**r["props"], "subject": r["start"], "object": r["end"]}, r["type"])
             for r in rels]
    return (sorted((n["id"], tuple(sorted(n["labels"])), _props(n["props"])) for n in nodes),
            sorted((e.get("id", ""), rel_type, e["subject"], e["object"], _props(e))
                   for e, rel_type in edges))


def expected_ids(graph: nx.MultiDiGraph) -> tuple[list[tuple[str, tuple[str, ...]]],
                                                   list[tuple[str, str, str, str]]]:
    """What a load of `graph` must give, computed from the built graph and the ontology."""
    ontology = load_ontology()
    nodes = sorted((a["id"], tuple(sorted(labels_for(a["category"], ontology))))
                   for _, a in graph.nodes(data=True))
    rels = sorted((a["id"], ontology.predicates[a["predicate"]].rel_type, a["subject"],
                   a["object"]) for _, _, a in graph.edges(data=True))
    return nodes, rels


def ids_of(snap: Snapshot) -> tuple[list[tuple[str, tuple[str, ...]]],
                                    list[tuple[str, str, str, str]]]:
    return [n[:2] for n in snap[0]], [r[:4] for r in snap[1]]


def cli_neo4j_args(opts: dict[str, Any], uri: str | None = None) -> list[str]:
    args = ["--backend", "neo4j", "--uri", uri or opts["uri"]]
    if opts.get("user"):
        args += ["--user", opts["user"]]
    if opts.get("database"):
        args += ["--database", opts["database"]]
    return args


def cli_env(opts: dict[str, Any]) -> dict[str, str]:
    # The password travels in the environment, not in argv where `ps` shows it.
    return {"NEO4J_PASSWORD": opts["password"]} if opts.get("password") else {}


def assert_one_line_error(result: Any, *expected: str) -> str:
    """Exit 1, one `alskg: error:` line on stderr containing `expected`, no traceback."""
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    err = result.stderr.strip()
    assert "Traceback" not in result.stderr + result.stdout, err.splitlines()[-1][:400]
    assert len(err.splitlines()) == 1, err
    assert err.startswith("alskg: error: "), err
    for text in expected:
        assert text in err, err
    return err


# --- fixtures ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def graph(shipped_store: Path) -> nx.MultiDiGraph:
    return to_networkx(api.load_or_build(shipped_store).store)


@pytest.fixture(scope="module")
def embedded(shipped_store: Path) -> EmbeddedBackend:
    return EmbeddedBackend(shipped_store)


@pytest.fixture(scope="module")
def driver(neo4j_server: dict[str, Any]) -> Iterator[Driver]:
    with GraphDatabase.driver(neo4j_server["uri"], auth=_auth(neo4j_server)) as d:
        yield d


@pytest.fixture(scope="module")
def clean(neo4j_server: dict[str, Any], shipped_store: Path, driver: Driver) -> Snapshot:
    """The session server freshly loaded with --wipe; its snapshot is the clean state."""
    result = api.neo4j_load(store_path=shipped_store, wipe=True, **neo4j_server)
    assert result.nodes > 0 and result.edges > 0
    return snapshot(driver, neo4j_server["database"])


@pytest.fixture
def backend(neo4j_server: dict[str, Any], clean: Snapshot) -> Iterator[Any]:
    b = api.open_backend("neo4j", **neo4j_server)
    try:
        yield b
    finally:
        b.close()


@dataclass
class Throwaway:
    cfg: server.ServerConfig
    info: server.ServerInfo
    password: str

    @property
    def opts(self) -> dict[str, Any]:
        return {"uri": self.info.uri, "user": "neo4j", "password": self.password,
                "database": None}


@pytest.fixture(scope="module", autouse=True)
def _throwaway_starting(request: pytest.FixtureRequest,
                        tmp_path_factory: pytest.TempPathFactory,
                        ) -> Iterator[tuple[server.ServerConfig, Future[server.ServerInfo]] | None]:
    """Starts this module's own server in the background when the module begins, so that
    its JVM start-up overlaps the first load into the session server."""
    wanted = any("throwaway" in getattr(item, "fixturenames", ())
                 for item in request.session.items
                 if getattr(item, "module", None) is request.module)
    if not wanted or _no_java():
        yield None
        return
    cfg = server.ServerConfig(port=server.free_port(), data_dir=tmp_path_factory.mktemp("neo4j"),
                              heap="512m", pagecache="64m", auth=True)
    with ThreadPoolExecutor(max_workers=1) as pool:
        starting = pool.submit(server.start, cfg)
        try:
            yield cfg, starting
        finally:
            with contextlib.suppress(Exception):
                starting.result()
            server.stop(cfg)


@pytest.fixture(scope="module")
def throwaway(_throwaway_starting: tuple[server.ServerConfig, Future[server.ServerInfo]] | None,
              ) -> Throwaway:
    """A server of this module's own, auth on, with the neo4j user's password changed."""
    if _throwaway_starting is None:
        pytest.skip("needs a Java 17+ JDK (and Maven on first use)")
    assert _throwaway_starting is not None
    cfg, starting = _throwaway_starting
    info = starting.result()
    password = "pw-" + secrets.token_hex(8)
    # A fresh auth-enabled server has neo4j/neo4j with an expired password: the connection
    # is accepted, but only this statement on `system` may run.
    with GraphDatabase.driver(info.uri, auth=("neo4j", "neo4j")) as d:
        d.execute_query("ALTER CURRENT USER SET PASSWORD FROM $old TO $new",
                        old="neo4j", new=password, database_="system")
    return Throwaway(cfg, info, password)


@pytest.fixture
def quick_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real drivers with a 1 s (not 30 s) retry window, so a dead server fails fast."""
    original = GraphDatabase.driver

    def driver(uri: str, *args: Any, **kwargs: Any) -> Driver:
        kwargs.setdefault("max_transaction_retry_time", 1.0)
        return original(uri, *args, **kwargs)

    monkeypatch.setattr(GraphDatabase, "driver", driver)


# --- load and stats ---------------------------------------------------------------------


def test_load_gives_the_built_graph(clean: Snapshot, graph: nx.MultiDiGraph) -> None:
    assert ids_of(clean) == expected_ids(graph)


def test_stats_equal_embedded(backend: Any, embedded: EmbeddedBackend) -> None:
    expected = api.stats(embedded)
    assert expected["nodes"] > 1000 and expected["edges"] > 1000
    assert expected["cited_sources"]["papers"] > 100
    # nodes two sources describe count under each, and the stats say by how much
    overlap = expected["node_sources_overlap"]
    assert overlap["nodes"] > 0
    assert sum(expected["node_sources"].values()) == expected["nodes"] + overlap["counted_again"]
    assert api.stats(backend) == expected


def test_reload_is_idempotent(neo4j_server: dict[str, Any], shipped_store: Path,
                              driver: Driver, clean: Snapshot, backend: Any,
                              embedded: EmbeddedBackend) -> None:
    db = neo4j_server["database"]
    before = _query(driver, db, "MATCH (n:Entity) RETURN collect(DISTINCT n._load) AS s")
    api.neo4j_load(store_path=shipped_store, **neo4j_server)
    after = _query(driver, db, "MATCH (n:Entity) RETURN collect(DISTINCT n._load) AS s")
    # The second load really rewrote every node (one new stamp everywhere)...
    assert len(after[0]["s"]) == 1 and after[0]["s"] != before[0]["s"]
    # ...and left exactly the same graph.
    assert snapshot(driver, db) == clean
    assert api.stats(backend) == api.stats(embedded)


def test_stale_rows_are_swept_and_wipe_gives_clean_state(
        neo4j_server: dict[str, Any], shipped_store: Path, driver: Driver,
        clean: Snapshot, graph: nx.MultiDiGraph, embedded: EmbeddedBackend) -> None:
    db = neo4j_server["database"]
    fus = resolve(embedded, "FUS")
    sod1 = resolve(embedded, "SOD1")

    def add_strays() -> None:
        # A node the data lacks, an edge from it, an edge between two real nodes and a
        # property the data lacks on a real node.
        _query(driver, db,
               "MERGE (s:Entity:Gene {id: $sid}) SET s.name = $name, s.category = 'Gene' "
               "WITH s MATCH (f:Entity {id: $fus}), (g:Entity {id: $sod1}) "
               "CREATE (s)-[:INTERACTS_WITH {id: $e1, predicate: 'interacts_with'}]->(f) "
               "CREATE (g)-[:GENETIC_BASIS_FOR {id: $e2, predicate: 'genetic_basis_for', "
               "source: 'stray'}]->(f) "
               "SET f.stray = $name",
               sid="alskg:stray-test-node", name="stray", fus=fus, sod1=sod1,
               e1="stray-edge-1", e2="stray-edge-2")
        assert snapshot(driver, db) != clean

    add_strays()
    api.neo4j_load(store_path=shipped_store, **neo4j_server)
    assert snapshot(driver, db) == clean

    add_strays()
    api.neo4j_load(store_path=shipped_store, wipe=True, **neo4j_server)
    assert snapshot(driver, db) == clean


def test_reload_drops_labels_of_a_changed_category(
        neo4j_server: dict[str, Any], shipped_store: Path, driver: Driver,
        clean: Snapshot, graph: nx.MultiDiGraph, embedded: EmbeddedBackend) -> None:
    # As if FUS had been curated as a Therapy before: a reload must leave only the labels
    # of its current category, or MATCH (:Therapy) keeps finding it.
    db = neo4j_server["database"]
    fus = resolve(embedded, "FUS")
    try:
        _query(driver, db, "MATCH (n:Entity {id: $id}) SET n:Therapy", id=fus)
        assert snapshot(driver, db) != clean
        api.neo4j_load(store_path=shipped_store, **neo4j_server)
        assert snapshot(driver, db) == clean
    finally:
        _query(driver, db, "MATCH (n:Entity {id: $id}) REMOVE n:Therapy", id=fus)


def test_parallel_edges_survive(neo4j_server: dict[str, Any], driver: Driver,
                                clean: Snapshot, graph: nx.MultiDiGraph) -> None:
    ontology = load_ontology()
    by_pair: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    kinds: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for _, _, a in graph.edges(data=True):
        by_pair[(a["subject"], a["object"])].add(
            (a["id"], ontology.predicates[a["predicate"]].rel_type))
        kinds[(a["subject"], a["object"])].append((a["predicate"], a["source"]))
    parallel = {pair: ids for pair, ids in by_pair.items() if len(ids) > 1}
    # The shipped data has both kinds: same predicate from two sources, and two predicates.
    assert any(len({s for _, s in kinds[p]}) > 1 for p in parallel)
    assert any(len({pr for pr, _ in kinds[p]}) > 1 for p in parallel)
    rows = _query(driver, neo4j_server["database"],
                  "UNWIND $pairs AS p "
                  "MATCH (a:Entity {id: p[0]})-[r]->(b:Entity {id: p[1]}) "
                  "RETURN a.id AS s, b.id AS o, collect([properties(r), type(r)]) AS rels",
                  pairs=[list(p) for p in parallel])
    found = {(r["s"], r["o"]): {(edge_from_neo4j(props, r["s"], r["o"])["id"], t)
                                for props, t in r["rels"]} for r in rows}
    assert found == parallel


# --- show -------------------------------------------------------------------------------


def _finding_id(embedded: EmbeddedBackend) -> str:
    fus = api.show(embedded, "FUS")
    return next(f["id"] for e in fus["edges"] for f in e["findings"])


@pytest.mark.parametrize("text", ["FUS", "SOD1", "SPTLC1", "a finding"])
def test_show_is_identical_across_backends(text: str, backend: Any,
                                           embedded: EmbeddedBackend) -> None:
    if text == "a finding":
        text = _finding_id(embedded)
    expected = api.show(embedded, text)
    assert expected["edges"]
    assert api.show(backend, text) == expected


def test_show_cli_is_byte_identical(neo4j_server: dict[str, Any], shipped_store: Path,
                                    clean: Snapshot) -> None:
    common = ["show", "FUS", "--format", "json", "--store", str(shipped_store)]
    emb = run_cli(*common, "--backend", "embedded")
    neo = run_cli(*common, *cli_neo4j_args(neo4j_server), env=cli_env(neo4j_server))
    assert emb.returncode == 0, emb.stderr
    assert neo.returncode == 0, neo.stderr
    assert json.loads(emb.stdout)["name"] == "FUS"
    assert neo.stdout == emb.stdout


# --- Cypher on the loaded graph ---------------------------------------------------------


def test_findings_and_citations_are_queryable(neo4j_server: dict[str, Any], driver: Driver,
                                              clean: Snapshot,
                                              graph: nx.MultiDiGraph,
                                              embedded: EmbeddedBackend) -> None:
    therapy = resolve(embedded, "ulefnersen")
    edges = [a for _, _, a in graph.out_edges(therapy, data=True)
             if a["predicate"] == "targets"]
    assert edges
    expected = {(e["object"], f, tuple(graph.nodes[f]["properties"]["citations"]))
                for e in edges for f in e["findings"]}
    assert expected
    rows = _query(driver, neo4j_server["database"],
                  "MATCH (t:Entity {id: $id})-[r]->(g:Entity) WHERE r.predicate = $predicate "
                  "MATCH (f:Finding) WHERE f.id IN r.findings "
                  "RETURN g.id AS target, f.id AS finding, f.citations AS citations, "
                  "r.citations AS edge_citations",
                  id=therapy, predicate="targets")
    assert {(r["target"], r["finding"], tuple(r["citations"] or ())) for r in rows} == expected
    assert all(r["citations"] for r in rows)
    assert all(set(r["citations"]) <= set(r["edge_citations"]) for r in rows)


# --- connection settings and messages ---------------------------------------------------


def test_refused_connection_is_one_line(shipped_store: Path) -> None:
    port = server.free_port()  # nothing listens there
    uri = f"bolt://127.0.0.1:{port}"
    result = run_cli("stats", "--backend", "neo4j", "--uri", uri)
    assert_one_line_error(result, "cannot connect to Neo4j", uri)
    result = run_cli("neo4j", "load", "--uri", uri, "--store", str(shipped_store))
    assert_one_line_error(result, "cannot connect to Neo4j", uri)


def test_neo4j_scheme_uri(neo4j_server: dict[str, Any], clean: Snapshot,
                          embedded: EmbeddedBackend) -> None:
    uri = neo4j_server["uri"]
    if uri.startswith("bolt://"):
        uri = "neo4j://" + uri.removeprefix("bolt://")
    assert uri.startswith("neo4j")
    result = run_cli("stats", "--format", "json", *cli_neo4j_args(neo4j_server, uri),
                     env=cli_env(neo4j_server))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == api.stats(embedded)


@needs_java
def test_wrong_password_is_rejected_without_echo(throwaway: Throwaway) -> None:
    wrong = "wrong-" + secrets.token_hex(8)
    result = run_cli("stats", "--backend", "neo4j", "--uri", throwaway.info.uri,
                     "--user", "neo4j", "--password", wrong)
    err = assert_one_line_error(result, "rejected the credentials", "'neo4j'")
    assert wrong not in result.stdout + result.stderr, err
    # The right password (from the environment) gets through to the same server.
    ok = run_cli("stats", "--backend", "neo4j", "--uri", throwaway.info.uri,
                 "--format", "json", env={"NEO4J_USERNAME": "neo4j",
                                          "NEO4J_PASSWORD": throwaway.password})
    assert ok.returncode == 0, ok.stderr
    assert throwaway.password not in ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["nodes"] == 0  # nothing loaded into this server yet


# An expired password and a missing database both pass the driver's connectivity check and
# only fail at the first query; users must still get one line, not a traceback.


@needs_java
def test_expired_password_is_one_line(throwaway: Throwaway) -> None:
    expired_pw = "exp-" + secrets.token_hex(8)
    with GraphDatabase.driver(throwaway.info.uri, auth=("neo4j", throwaway.password)) as d:
        d.execute_query("CREATE OR REPLACE USER alskg_expired SET PASSWORD $pw CHANGE REQUIRED",
                        pw=expired_pw, database_="system")
    with GraphDatabase.driver(throwaway.info.uri, auth=("alskg_expired", expired_pw)) as d:
        d.verify_connectivity()  # accepted: the password is right, only expired
    result = run_cli("stats", "--backend", "neo4j", "--uri", throwaway.info.uri,
                     "--user", "alskg_expired", env={"NEO4J_PASSWORD": expired_pw})
    assert_one_line_error(result, "alskg_expired")
    assert expired_pw not in result.stdout + result.stderr


@needs_java
def test_unknown_database_is_one_line(throwaway: Throwaway) -> None:
    result = run_cli("stats", "--backend", "neo4j", "--uri", throwaway.info.uri,
                     "--user", "neo4j", "--database", "nosuchdb",
                     env={"NEO4J_PASSWORD": throwaway.password})
    assert_one_line_error(result, "nosuchdb")


@needs_java
def test_interrupted_load_is_completed_by_the_next(
        throwaway: Throwaway, shipped_store: Path, clean: Snapshot, graph: nx.MultiDiGraph,
        embedded: EmbeddedBackend, quick_retry: None) -> None:
    cfg, first = throwaway.cfg, throwaway.info
    killed: list[int] = []

    def kill_midway(phase: str, done: int, total: int) -> None:
        # Once every node and the first batch of edges are in.
        if killed or done <= graph.number_of_nodes():
            return
        os.kill(first.pid, signal.SIGKILL)
        killed.append(done)
        deadline = time.monotonic() + 30
        # The kernel closes a killed process's sockets asynchronously: the Bolt port can
        # stay bound for a moment after the pid is gone, and start() would call it busy.
        while server.status(cfg) is not None or not _port_free(cfg.port):
            assert time.monotonic() < deadline, "the launcher survived SIGKILL"
            time.sleep(0.05)

    with pytest.raises(ConnectionFailure) as failure:
        api.neo4j_load(store_path=shipped_store, batch_size=50, progress=kill_midway,
                       **throwaway.opts)
    assert killed, "the load finished before it could be interrupted"
    message = str(failure.value)

    throwaway.info = server.start(cfg)  # same data dir, same port: Neo4j recovers the store
    assert throwaway.info.pid != first.pid and not throwaway.info.already_running
    opts = throwaway.opts
    partial = Neo4jBackend.connect(**opts)
    try:
        # Batches commit one by one, and every committed one survived the SIGKILL.
        stats = partial.stats()
        assert stats["nodes"] + stats["edges"] == killed[0]
        assert stats["edges"] < graph.number_of_edges()

        api.neo4j_load(store_path=shipped_store, **opts)
        assert partial.stats() == embedded.stats()
        assert snapshot(partial.driver, None) == clean
    finally:
        partial.close()
    # Checked last so that a bad message does not hide whether the recovery works.
    assert "interrupted" in message and "alskg neo4j load" in message, message
    assert throwaway.password not in message
    assert "\n" not in message, f"not one line: {message!r}"


@needs_java
def test_cli_status_and_stop(throwaway: Throwaway) -> None:
    # Runs after the interrupted load (module order): stops this module's server for good.
    data_dir = str(throwaway.cfg.data_dir)
    throwaway.info = server.start(throwaway.cfg)  # running already unless a test above failed
    pid = throwaway.info.pid
    up = run_cli("neo4j", "status", "--data-dir", data_dir)
    assert up.returncode == 0, up.stdout + up.stderr
    assert f"pid {pid}" in up.stdout and throwaway.info.uri in up.stdout
    stopped = run_cli("neo4j", "stop", "--data-dir", data_dir)
    assert stopped.returncode == 0, stopped.stderr
    assert "stopped" in stopped.stdout
    down = run_cli("neo4j", "status", "--data-dir", data_dir)
    assert down.returncode != 0
    assert "no local Neo4j server" in down.stdout
    # This process started the launcher, so it lingers as our zombie until reaped: it
    # must have exited, not still run.
    assert _exited(pid)
    assert _launcher_pids(throwaway.cfg.data_dir) == []
    assert server.status(throwaway.cfg) is None


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the launcher binds
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _exited(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    if stat.rsplit(")", 1)[-1].split()[0] != "Z":
        return False
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    return True


