"""The tools of kg/mcp/tools.py on the official MCP SDK: stdio, or streamable HTTP on
loopback.

The SDK's low-level server is used rather than its decorators, so that each tool's input
schema is the one kg/mcp/tools.py states (bounds from kg/limits.py, the canned queries from
their headers) and every argument is checked by alskg, not coerced by pydantic. Tool calls
run in worker threads (the library is synchronous); any error becomes a tool result with
`isError` and one line, so no call can stop the server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mcp import types
from mcp.server.lowlevel import Server

from kg import __version__, limits
from kg.mcp.tools import Answer, Graph, Tool, call, catalogue
from kg.output import to_json
from kg.problems import AlskgError, InputError, printable

#: tool calls answered at once; the rest wait their turn (two cores serve the project)
WORKERS = 2
#: the longest error line an assistant is sent
ERROR_CHARS = 500

INSTRUCTIONS = (
    "alskg is a knowledge graph of ALS research, pediatric and juvenile-onset ALS first. "
    "Every edge is traceable to curated findings and their citations (PubMed ids, trial "
    "registrations). Use 'search' to find ids, 'show' for an entity's evidence, 'path' for "
    "evidence-ranked connections between two entities, 'evidence' for the findings for and "
    "against one edge, 'explain' for what would change a path's ranking, and 'query' for "
    "the canned queries. Each tool answers with a short summary to quote and the JSON of "
    "the alskg CLI's --format json. The server is read-only.")


def one_line(exc: BaseException) -> str:
    """An error as one printable line, whatever the exception held."""
    text = " ".join(str(exc).split())
    if not isinstance(exc, AlskgError):
        text = (f"internal error: {type(exc).__name__}: {text} (a bug in alskg, or the "
                "backend is unreachable)")
    text = printable(text)
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS - 3] + "..."


def error_result(message: str) -> types.CallToolResult:
    return types.CallToolResult(content=[types.TextContent(text=message)], is_error=True)


def answer_result(answer: Answer) -> types.CallToolResult:
    """The summary to quote, then the JSON as text (for clients that read text only), and
    the same JSON as structured content."""
    return types.CallToolResult(content=[types.TextContent(text=answer.summary),
                                         types.TextContent(text=to_json(answer.data))],
                                structured_content=answer.data)


def create_server(graph: Graph) -> Server[Any]:
    tools = catalogue()
    listed = [_listed(t) for t in tools.values()]
    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="alskg-mcp")

    async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
        return types.ListToolsResult(tools=listed)

    async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
        loop = asyncio.get_running_loop()
        try:
            answer = await loop.run_in_executor(pool, call, graph, params.name,
                                                params.arguments, tools)
        except Exception as exc:  # every failure is the call's, never the server's
            return error_result(one_line(exc))
        return answer_result(answer)

    return Server("alskg", version=__version__, title="alskg: ALS research knowledge graph",
                  instructions=INSTRUCTIONS, on_list_tools=list_tools,
                  on_call_tool=call_tool)


def _listed(tool: Tool) -> types.Tool:
    return types.Tool(name=tool.name, title=tool.title, description=tool.description,
                      input_schema=tool.input_schema(),
                      annotations=types.ToolAnnotations(
                          title=tool.title, read_only_hint=True, destructive_hint=False,
                          idempotent_hint=True, open_world_hint=False))


def serve(backend: str = "embedded", store: Path | None = None,
          neo4j: dict[str, Any] | None = None, http_port: int | None = None,
          warn: Callable[[str], None] = print) -> None:
    """Serve until the client leaves (stdio) or until interrupted (HTTP on 127.0.0.1)."""
    if http_port is not None and not 1 <= http_port <= 65535:
        raise InputError(f"--http {http_port}: not a port number")
    graph = Graph(backend, store, neo4j)
    try:
        if backend == "embedded":
            graph.embedded()  # a missing or foreign store: one line now, not on each call
        server = create_server(graph)
        if http_port is None:
            _stdio(server)
        else:
            _http(server, http_port, warn)
    finally:
        graph.close()


def _stdio(server: Server[Any]) -> None:
    import anyio
    from mcp.server.stdio import stdio_server

    async def run() -> None:
        async with stdio_server() as (read, write):
            await server.run(read, write, server.create_initialization_options())

    anyio.run(run)


def _http(server: Server[Any], port: int, warn: Callable[[str], None]) -> None:
    import uvicorn

    # host="127.0.0.1" makes the SDK check the Host and Origin headers of every request
    # (DNS rebinding); the server listens on loopback only, with no option to do otherwise
    app = server.streamable_http_app(host="127.0.0.1",
                                     max_request_body_size=limits.MCP_BODY_BYTES)
    warn(f"alskg MCP server on http://127.0.0.1:{port}/mcp; Ctrl-C stops it")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning",
                limit_concurrency=limits.WEB_CONCURRENCY, timeout_keep_alive=5,
                server_header=False)
