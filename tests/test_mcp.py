"""`alskg mcp` through the MCP SDK's own clients: the server runs as a subprocess (stdio, and
streamable HTTP on loopback), and every tool's JSON is compared with the CLI's
`--format json` for the same arguments."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client

from kg import limits, queries
from kg.neo4j.server import free_port
from tests.conftest import ROOT, run_cli

TOOLS = {"search", "show", "path", "query", "evidence", "explain"}


class Client:
    """An MCP ClientSession kept open on an event loop of its own thread, so that tests
    can call tools one by one against one server process."""

    def __init__(self, transport: Callable[[], AbstractAsyncContextManager[Any]]) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.ready: concurrent.futures.Future[ClientSession] = concurrent.futures.Future()
        self.stop: asyncio.Event | None = None
        self.main = asyncio.run_coroutine_threadsafe(self._main(transport), self.loop)
        self.session = self.ready.result(timeout=120)

    async def _main(self, transport: Callable[[], AbstractAsyncContextManager[Any]]) -> None:
        self.stop = asyncio.Event()
        try:
            async with transport() as streams, ClientSession(streams[0], streams[1]) as s:
                await s.initialize()
                self.ready.set_result(s)
                await self.stop.wait()
        except BaseException as exc:
            if not self.ready.done():
                self.ready.set_exception(exc)
            raise

    def run(self, coro: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=300)

    def call(self, name: str, arguments: Any) -> Any:
        return self.run(self.session.call_tool(name, arguments))

    def tools(self) -> dict[str, Any]:
        return {t.name: t for t in self.run(self.session.list_tools()).tools}

    def close(self) -> None:
        assert self.stop is not None
        self.loop.call_soon_threadsafe(self.stop.set)
        try:
            self.main.result(timeout=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=30)


def _env() -> dict[str, str]:
    # the SDK passes the child only a few variables (HOME, PATH...): name the rest
    return {"PYTHONPATH": str(ROOT), "ALSKG_HOME": os.environ["ALSKG_HOME"]}


def stdio_session(*args: str) -> Client:
    params = StdioServerParameters(command=sys.executable, args=["-m", "kg.cli", "mcp", *args],
                                   env=_env(), cwd=str(ROOT))
    return Client(lambda: stdio_client(params, errlog=sys.stderr))


@pytest.fixture(scope="module")
def client(shipped_store: Path) -> Iterator[Client]:
    c = stdio_session("--store", str(shipped_store))
    try:
        yield c
    finally:
        c.close()


def cli_output(store: Path, *args: str) -> str:
    done = run_cli(*args, "--format", "json", "--store", str(store))
    assert done.returncode == 0, done.stderr
    return done.stdout


def cli_json(store: Path, *args: str) -> Any:
    return json.loads(cli_output(store, *args))


def answer(result: Any) -> dict[str, Any]:
    """The JSON of a successful call: structured content, and the same as text."""
    assert not result.is_error, result.content[0].text
    summary, body = result.content
    assert json.loads(body.text) == result.structured_content
    assert summary.text.strip()
    return dict(result.structured_content)


def error_line(result: Any) -> str:
    assert result.is_error, result.content
    (content,) = result.content
    assert content.text and "\n" not in content.text and len(content.text) <= 500
    assert "Traceback" not in content.text
    return str(content.text)


def test_tools_are_listed_with_bounded_schemas(client: Client) -> None:
    tools = client.tools()
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.annotations.read_only_hint is True
        schema = tool.input_schema
        assert schema["additionalProperties"] is False
        for name, prop in schema["properties"].items():
            if prop["type"] == "string" and "enum" not in prop:
                assert prop["maxLength"] == limits.PARAM_CHARS, (tool.name, name)
            if prop["type"] == "integer":
                assert prop["maximum"] <= limits.QUERY_OFFSET, (tool.name, name)
    for name in ("show", "path", "explain", "query", "evidence"):
        assert {"limit", "offset"} <= set(tools[name].input_schema["properties"])
    # every canned query, with the parameters of its header, in the query tool
    query = tools["query"]
    assert query.input_schema["properties"]["name"]["enum"] == list(queries.catalogue())
    for q in queries.catalogue().values():
        assert f"- {q.name}: " in query.description
        for p in q.params:
            assert f"{p.name}{'' if p.required else '?'} ({p.type}" in query.description


def test_path_over_stdio_is_the_clis(client: Client, shipped_store: Path) -> None:
    """The issue's must-show: the same paths and scores as `alskg path --format json`."""
    got = answer(client.call("path", {"from": "FUS", "to": "RNA processing"}))
    page = got.pop("page")
    want = cli_json(shipped_store, "path", "FUS", "RNA processing")
    assert got == want
    assert [p["score"] for p in got["paths"]] == [p["score"] for p in want["paths"]]
    assert page == {"offset": 0, "limit": 10, "total": len(want["paths"]),
                    "next_offset": None}
    summary = client.call("path", {"from": "FUS", "to": "RNA processing"}).content[0].text
    assert "FUS is involved in" not in summary  # statements stay in the JSON
    assert "PMID:19251628" in summary and f"score {want['paths'][0]['score']}" in summary
    assert "FUS involved_in RNA processing" in summary


@pytest.mark.parametrize(("tool", "arguments", "cli"), [
    ("search", {"text": "SOD", "limit": 5}, ["search", "SOD", "--limit", "5"]),
    ("show", {"entity": "FUS", "limit": limits.MCP_SHOW_EDGES}, ["show", "FUS"]),
    ("show", {"entity": "TARDBP", "population": "juvenile", "strict": True,
              "limit": limits.MCP_SHOW_EDGES},
     ["show", "TARDBP", "--population", "juvenile", "--strict"]),
    ("query", {"name": "therapies-for-gene", "params": {"gene": "FUS"}},
     ["query", "run", "therapies-for-gene", "-p", "gene=FUS"]),
    ("query", {"name": "trials", "params": {"pediatric": False}, "limit": 1, "offset": 1},
     ["query", "run", "trials", "-p", "pediatric=false", "--limit", "1", "--offset", "1"]),
    ("query", {"name": "trials", "params": {"phase": 3}, "limit": 2},
     ["query", "run", "trials", "-p", "phase=3", "--limit", "2"]),
    ("evidence", {"subject": "ulefnersen", "object": "FUS"},
     ["query", "run", "evidence", "-p", "subject=ulefnersen", "-p", "object=FUS"]),
    ("evidence", {"subject": "tofersen", "object": "ALS1", "population": "adult"},
     ["query", "run", "evidence", "-p", "subject=tofersen", "-p", "object=ALS1",
      "--population", "adult"]),
    ("explain", {"from": "SOD1", "to": "tofersen"},
     ["path", "SOD1", "tofersen", "--explain"]),
    ("path", {"from": "FUS", "to": "ulefnersen", "via": ["Mechanism"], "max_hops": 5,
              "population": "pediatric"},
     ["path", "FUS", "ulefnersen", "--via", "Mechanism", "--max-hops", "5",
      "--population", "pediatric"]),
])
def test_each_tool_answers_as_the_cli(client: Client, shipped_store: Path, tool: str,
                                      arguments: dict[str, Any], cli: list[str]) -> None:
    result = client.call(tool, arguments)
    got = answer(result)
    text = cli_output(shipped_store, *cli)
    if "page" not in got:  # search, query, evidence: the CLI's output byte for byte
        assert result.content[1].text + "\n" == text
    got.pop("page", None)
    want = json.loads(text)
    assert got == want
    assert any(want.get(k) for k in ("rows", "paths", "edges", "entities")), "an empty answer"


def test_evidence_summary_cites_both_sides(client: Client) -> None:
    result = client.call("evidence", {"subject": "tofersen", "object": "ALS1"})
    data = answer(result)
    sides = {r["side"] for r in data["rows"]}
    assert sides == {"for", "against"}  # VALOR's missed primary endpoint is against
    summary = result.content[0].text
    assert "[against] not " in summary and "[for] " in summary
    cited = {c for r in data["rows"][:10] for c in r["citations"]}
    assert any(c in summary for c in cited)


def test_long_answers_page(client: Client, shipped_store: Path) -> None:
    whole = cli_json(shipped_store, "show", "SOD1")["edges"]
    assert len(whole) > 20
    got = answer(client.call("show", {"entity": "SOD1", "limit": 10, "offset": 10}))
    assert got["edges"] == whole[10:20]
    assert got["page"] == {"offset": 10, "limit": 10, "total": len(whole), "next_offset": 20}
    last = answer(client.call("show", {"entity": "SOD1", "limit": 10,
                                       "offset": len(whole) - 3}))
    assert len(last["edges"]) == 3 and last["page"]["next_offset"] is None
    default = answer(client.call("show", {"entity": "SOD1"}))
    assert len(default["edges"]) == limits.MCP_SHOW_EDGES_DEFAULT
    paths = cli_json(shipped_store, "path", "SOD1", "tofersen")["paths"]
    second = answer(client.call("path", {"from": "SOD1", "to": "tofersen", "limit": 1,
                                         "offset": 1}))
    assert second["paths"] == paths[1:2] and second["page"]["offset"] == 1
    rows = answer(client.call("query", {"name": "publications", "limit": 7, "offset": 5}))
    assert len(rows["rows"]) == 7 and rows["offset"] == 5 and rows["total"] > 12
    assert "offset=12 for the next page" in client.call(
        "query", {"name": "publications", "limit": 7, "offset": 5}).content[0].text


BAD: list[tuple[str, Any, str]] = [
    ("show", {"entity": "x" * (limits.PARAM_CHARS + 1)}, "the limit is"),
    ("show", {"entity": "SOD1\x1b[2J"}, "control character U+001B"),
    ("show", {"entity": "   "}, "empty"),
    ("show", {"entity": 42}, "a string is expected"),
    ("show", {"entity": "no such entity at all"}, "no entity"),
    ("show", {"entity": "SOD1", "limit": limits.MCP_SHOW_EDGES + 1}, "not between"),
    ("show", {"entity": "SOD1", "offset": -1}, "not between"),
    ("show", {"entity": "SOD1", "limit": True}, "a whole number"),
    ("show", {"entity": "SOD1", "population": "elderly"}, "not one of"),
    ("show", {"entity": "SOD1", "strict": True}, "needs 'population'"),
    ("show", {"entity": "SOD1", "format": "svg"}, "has no argument 'format'"),
    ("show", {f"a{i}": 1 for i in range(limits.MCP_ARGUMENTS + 1)}, "the limit is"),
    ("path", {"from": "FUS"}, "needs the argument 'to'"),
    ("path", {"from": "FUS", "to": "FUS"}, "must differ"),
    ("path", {"from": "FUS", "to": "SOD1", "max_hops": limits.MAX_HOPS + 1}, "not between"),
    ("path", {"from": "FUS", "to": "SOD1", "via": ["Gene"] * (limits.PARAMS + 1)},
     "the limit is"),
    ("path", {"from": "FUS", "to": "SOD1", "via": ["Nonsense"]}, "unknown category"),
    ("path", {"from": "FUS", "to": "SOD1", "limit": 100, "offset": limits.PATH_LIMIT},
     "may not pass"),
    ("query", {"name": "drop-everything"}, "not one of"),
    ("query", {"name": "trials", "params": {"bogus": "1"}}, "has no parameter 'bogus'"),
    ("query", {"name": "trials", "params": {f"p{i}": "1" for i in range(limits.PARAMS + 1)}},
     "the limit is"),
    ("query", {"name": "trials", "params": {"phase": "x" * 5000}}, "the limit is"),
    ("query", {"name": "trials", "params": {"phase": ["3"]}}, "a string is expected"),
    ("query", {"name": "trials", "params": "phase=3"}, "an object"),
    ("query", {"name": "trials", "limit": limits.MCP_QUERY_ROWS + 1}, "not between"),
    ("query", {"name": "therapies-for-gene"}, "needs -p gene"),
    ("evidence", {"subject": "tofersen", "object": "x" * 10**6}, "the limit is"),
    ("search", {"text": "SOD", "limit": 10**12}, "not between"),
    ("no-such-tool", {}, "unknown tool"),
]


def test_bad_arguments_are_tool_errors_and_the_server_answers_on(client: Client) -> None:
    for tool, arguments, expected in BAD:
        line = error_line(client.call(tool, arguments))
        assert expected in line, (tool, line)
    # after every refusal the same process still answers
    assert answer(client.call("show", {"entity": "SOD1", "limit": 1}))["name"] == "SOD1"


@pytest.fixture(scope="module")
def http_server(shipped_store: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "mcp", "--http", str(port),
                             "--store", str(shipped_store)], cwd=ROOT,
                            env={**os.environ, **_env()}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "alskg mcp --http did not listen"
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_streamable_http_on_loopback(http_server: str, shipped_store: Path) -> None:
    client = Client(lambda: streamable_http_client(http_server))
    try:
        assert set(client.tools()) == TOOLS
        got = answer(client.call("path", {"from": "FUS", "to": "RNA processing"}))
        got.pop("page")
        assert got == cli_json(shipped_store, "path", "FUS", "RNA processing")
        assert "the limit is" in error_line(client.call("search", {"text": "a" * 2000}))
        assert "no entity" in error_line(client.call("show", {"entity": "nothing such"}))
        rows = answer(client.call("evidence", {"subject": "ulefnersen", "object": "FUS"}))
        assert rows == cli_json(shipped_store, "query", "run", "evidence", "-p",
                                "subject=ulefnersen", "-p", "object=FUS")
    finally:
        client.close()


def test_http_refuses_a_foreign_host_header(http_server: str) -> None:
    """A page on another site that rebinds its name to 127.0.0.1 cannot reach the tools."""
    import httpx

    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
    response = httpx.post(http_server, json=body, timeout=30,
                          headers={"Host": "attacker.example",
                                   "Accept": "application/json, text/event-stream"})
    assert response.status_code in (400, 403, 421), response.status_code
    assert "search" not in response.text


def test_a_missing_store_is_one_line(tmp_path: Path) -> None:
    done = run_cli("mcp", "--store", str(tmp_path / "none.db"))
    assert done.returncode == 1
    assert done.stderr.startswith("alskg: error: ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr


def test_neo4j_backend_answers_as_the_embedded_cli(neo4j_server: dict[str, Any],
                                                   shipped_store: Path) -> None:
    from kg import api

    api.neo4j_load(store_path=shipped_store, wipe=True, **neo4j_server)
    options = ["--backend", "neo4j", "--uri", neo4j_server["uri"]]
    for key in ("user", "password", "database"):
        if neo4j_server.get(key):
            options += [f"--{key}", neo4j_server[key]]
    client = stdio_session(*options)
    try:
        # every tool that reads the backend, against the embedded CLI's answer
        for tool, arguments, cli in [
            ("path", {"from": "FUS", "to": "RNA processing"},
             ["path", "FUS", "RNA processing"]),
            ("explain", {"from": "SOD1", "to": "tofersen"},
             ["path", "SOD1", "tofersen", "--explain"]),
            ("show", {"entity": "FUS", "limit": limits.MCP_SHOW_EDGES}, ["show", "FUS"]),
            ("query", {"name": "therapies-for-gene", "params": {"gene": "FUS"}},
             ["query", "run", "therapies-for-gene", "-p", "gene=FUS"]),
            ("evidence", {"subject": "tofersen", "object": "ALS1"},
             ["query", "run", "evidence", "-p", "subject=tofersen", "-p", "object=ALS1"]),
        ]:
            got = answer(client.call(tool, arguments))
            got.pop("page", None)
            assert got == cli_json(shipped_store, *cli), tool
        assert "no entity" in error_line(client.call("show", {"entity": "nothing such"}))
        assert answer(client.call("show", {"entity": "SOD1", "limit": 1}))["name"] == "SOD1"
    finally:
        client.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats()
    | st.text(max_size=40) | st.sampled_from(["SOD1", "FUS", "tofersen", "ALS", "pediatric",
                                              "trials", "Gene", "Mechanism", "RNA processing"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                 max_size=4),
    max_leaves=12)


@pytest.fixture(scope="module")
def graph(shipped_store: Path) -> Iterator[Any]:
    from kg.mcp.tools import Graph

    g = Graph("embedded", shipped_store)
    try:
        yield g
    finally:
        g.close()


NAMES = ["SOD1", "FUS", "TARDBP", "tofersen", "ulefnersen", "ALS", "ALS1", "RNA processing",
         "proteostasis", "NCBIGene:6647", "alskg:hpo-release-2025-01-16", "Ionis", "PMID:19251628"]


def _value(arg: Any) -> Any:
    """Mostly what the argument's schema allows, sometimes odd."""
    if arg.kind == "text":
        names = st.sampled_from(NAMES)
        return st.one_of(names, names, names, st.text(max_size=30))
    if arg.kind == "texts":
        return st.lists(st.sampled_from(["Gene", "Mechanism", "Therapy", "Disease"])
                        | st.text(max_size=10), max_size=3)
    if arg.kind == "int":
        small = st.integers(arg.low, min(arg.high, 4))
        return st.one_of(small, small, small, st.integers())
    if arg.kind == "bool":
        return st.booleans()
    if arg.kind == "choice":
        choices = st.sampled_from(arg.choices)
        return st.one_of(choices, choices, choices, st.text(max_size=10))
    names = sorted({p.name for q in queries.catalogue().values() for p in q.params})
    return st.dictionaries(st.sampled_from(names), st.sampled_from(NAMES) | st.booleans()
                           | st.integers(0, 5) | st.text(max_size=10), max_size=3)


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_calls_answer_or_fail_in_one_line(graph: Any, data: Any) -> None:
    """In process, without a transport: any JSON a client may send as a tool's arguments is
    an answer or an AlskgError of one line, never another exception (which the server would
    still turn into a tool error, but as an internal error)."""
    from kg.mcp.tools import call, catalogue
    from kg.problems import AlskgError

    tools = catalogue()
    name = data.draw(st.sampled_from(sorted(tools)) | st.text(max_size=10))
    arguments: Any = {}
    for arg in tools[name].args if name in tools else []:
        if arg.required or data.draw(st.booleans()):
            odd = data.draw(st.integers(0, 19)) == 0
            arguments[arg.name] = data.draw(json_values if odd else _value(arg))
    if data.draw(st.integers(0, 9)) == 0:
        arguments = data.draw(json_values | st.just({**arguments, "extra": 1}))
    try:
        result = call(graph, name, arguments, tools)
    except AlskgError as exc:
        text = str(exc)
        assert text and "\n" not in text and len(text) < 2_000, text[:300]
        event(f"{name in tools and name}: refused")
        return
    event(f"{name}: answered")
    assert result.summary and isinstance(result.data, dict)
