"""The JSON API: the same JSON as the CLI's `--format json`, from the same kg.api calls,
for stats, show, search, path and query run; described by /api/openapi.json."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from kg import api, limits
from kg.output import to_csv, to_json
from kg.problems import InputError
from kg.web import params
from kg.web.state import explorer_of

#: parameter names of /api/query/{name} that page or shape the answer, not the query
PAGING = ("limit", "offset", "format", "population", "strict")


def json_response(value: Any) -> Response:
    # the CLI's serialisation, byte for byte
    return Response(to_json(value) + "\n", media_type="application/json")


def path_args(request: Request) -> dict[str, Any]:
    # a category end takes the place of an entity end (kg.paths.find_paths)
    to_category = params.text(request, "to_category")
    from_category = params.text(request, "from_category")
    return {
        "source": params.text(request, "from", required=from_category is None),
        "target": params.text(request, "to", required=to_category is None),
        "to_category": to_category,
        "from_category": from_category,
        "max_hops": params.integer(request, "max_hops", 4, 1, limits.MAX_HOPS),
        "via": params.texts(request, "via"),
        "limit": params.integer(request, "limit", 10, 1, limits.PATH_LIMIT),
        "population": population(request),
        "strict": params.text(request, "strict") in ("1", "true", "on"),
    }


def population(request: Request) -> str | None:
    from kg.ranking import POPULATIONS

    value = params.text(request, "population")
    if value and value not in POPULATIONS:
        raise InputError(f"parameter 'population' must be one of {', '.join(POPULATIONS)}")
    return value or None


def query_args(request: Request, name: str) -> dict[str, Any]:
    given: dict[str, str] = {}
    for key, value in request.query_params.multi_items():
        if key in PAGING or not value.strip():
            continue
        if key in given:
            raise InputError(f"parameter '{key[:80]}' given twice")
        given[key] = params.check_text(key, value.strip())
    if len(given) > limits.PARAMS:
        raise InputError(f"{len(given)} parameters; the limit is {limits.PARAMS}")
    limit = params.integer(request, "limit", 100, 0, limits.QUERY_LIMIT)
    return {"name": name, "params": given, "limit": limit or None,
            "offset": params.integer(request, "offset", 0, 0, limits.QUERY_OFFSET),
            "population": population(request),
            "strict": params.text(request, "strict") in ("1", "true", "on")}


async def stats(request: Request) -> Response:
    ex = explorer_of(request)
    return json_response(await run_in_threadpool(lambda: api.stats(ex.backend)))


async def show(request: Request) -> Response:
    ex = explorer_of(request)
    entity = params.text(request, "entity", required=True)
    lens, strict = population(request), params.text(request, "strict") in ("1", "true", "on")
    return json_response(await run_in_threadpool(
        lambda: api.show(ex.backend, str(entity), population=lens, strict=strict)))


async def search(request: Request) -> Response:
    ex = explorer_of(request)
    text = params.text(request, "q", required=True)
    limit = params.integer(request, "limit", 20, 1, limits.SEARCH_LIMIT)
    return json_response(await run_in_threadpool(
        lambda: api.search(ex.search_backend(), str(text), limit)))


async def path(request: Request) -> Response:
    ex = explorer_of(request)
    args = path_args(request)
    return json_response(await run_in_threadpool(lambda: api.path(ex.backend, **args)))


async def query_list(request: Request) -> Response:
    return json_response(api.query_list())


async def query_run(request: Request) -> Response:
    ex = explorer_of(request)
    args = query_args(request, request.path_params["name"])
    fmt = request.query_params.get("format", "json")
    if fmt not in ("json", "csv"):
        raise InputError("parameter 'format' must be json or csv")
    result = await run_in_threadpool(lambda: api.query_run(ex.backend, **args))
    if fmt == "csv":
        return Response(to_csv(result["rows"], result["columns"]), media_type="text/csv",
                        headers={"content-disposition":
                                 f'attachment; filename="{result["query"]}.csv"'})
    return json_response(result)


async def openapi(request: Request) -> Response:
    return JSONResponse(OPENAPI)


def routes() -> list[Route]:
    return [
        Route("/api/stats", stats),
        Route("/api/show", show),
        Route("/api/search", search),
        Route("/api/path", path),
        Route("/api/queries", query_list),
        Route("/api/query/{name}", query_run),
        Route("/api/openapi.json", openapi),
    ]


def _param(name: str, description: str, required: bool = False,
           schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


def _get(summary: str, cli: str, parameters: list[dict[str, Any]],
         media: tuple[str, ...] = ("application/json",)) -> dict[str, Any]:
    return {"get": {
        "summary": summary,
        "description": f"The JSON of `{cli} --format json`.",
        "parameters": parameters,
        "responses": {
            "200": {"description": "the answer",
                    "content": {m: {"schema": {"type": "object"}} for m in media}},
            "400": {"description": "bad parameter: {\"error\": one line}"},
        }}}


OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "alskg", "version": "0.1.0",
             "description": "Read-only JSON API of the alskg explorer; each answer is the "
                            "one the alskg CLI gives with --format json."},
    "paths": {
        "/api/stats": _get("Counts per category, predicate and source", "alskg stats", []),
        "/api/show": _get("An entity, its edges and the findings behind each", "alskg show",
                          [_param("entity", "id, name or synonym", True),
                           _param("population", "population lens: pediatric, juvenile or adult",
                                  schema={"enum": ["pediatric", "juvenile", "adult"]}),
                           _param("strict", "with population: only edges with evidence in it",
                                  schema={"type": "boolean"})]),
        "/api/search": _get("Entities and findings by text", "alskg search", [
            _param("q", "words, each a prefix", True),
            _param("limit", "hits of each kind", schema={
                "type": "integer", "minimum": 1, "maximum": limits.SEARCH_LIMIT,
                "default": 20})]),
        "/api/path": _get("Paths between two entities, or from one to any entity of a "
                          "category, evidence on every hop", "alskg path", [
            _param("from", "id, name or synonym (not with from_category)"),
            _param("to", "id, name or synonym (not with to_category)"),
            _param("to_category", "paths to any entity of this category, in place of 'to'"),
            _param("from_category", "paths from any entity of this category, in place of "
                                    "'from'"),
            _param("max_hops", "longest path", schema={
                "type": "integer", "minimum": 1, "maximum": limits.MAX_HOPS, "default": 4}),
            _param("via", "category a path must pass (repeatable)",
                   schema={"type": "array", "items": {"type": "string"}}),
            _param("population", "population lens: pediatric, juvenile or adult",
                   schema={"enum": ["pediatric", "juvenile", "adult"]}),
            _param("strict", "with population: keep only what has evidence in it",
                   schema={"type": "boolean"}),
            _param("limit", "most paths", schema={
                "type": "integer", "minimum": 1, "maximum": limits.PATH_LIMIT,
                "default": 10})]),
        "/api/queries": _get("The canned queries", "alskg query list", []),
        "/api/query/{name}": _get(
            "One page of a canned query; its parameters by name", "alskg query run NAME", [
                {"name": "name", "in": "path", "required": True,
                 "schema": {"type": "string"}, "description": "query name"},
                _param("limit", "rows, 0 for all", schema={
                    "type": "integer", "minimum": 0, "maximum": limits.QUERY_LIMIT,
                    "default": 100}),
                _param("offset", "rows to skip", schema={"type": "integer", "minimum": 0}),
                _param("population", "population lens: pediatric, juvenile or adult",
                       schema={"enum": ["pediatric", "juvenile", "adult"]}),
                _param("strict", "with population: keep only what has evidence in it",
                       schema={"type": "boolean"}),
                _param("format", "json or csv", schema={"enum": ["json", "csv"]})],
            media=("application/json", "text/csv")),
        "/sparql": {"get": {"summary": "SPARQL 1.1 Protocol query endpoint (read-only)",
                            "parameters": [_param("query", "a SPARQL query", True)],
                            "responses": {"200": {"description": "SPARQL results"}}}},
    },
}
