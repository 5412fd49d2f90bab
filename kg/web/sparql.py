"""The SPARQL 1.1 Protocol endpoint at /sparql (queries only), and its query page.

GET with `query=`, or POST as a form (`query=`) or as `application/sparql-query`. SPARQL
Update is refused with 403 (the `update` parameter and `application/sparql-update` alike;
the worker's store is opened read-only besides). The engine (kg/rdf/sparql.py) bounds
each query's time and result size.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from kg.web.responses import error_response, render
from kg.web.state import explorer_of

PREFIXES = """PREFIX alskg: <https://w3id.org/alskg/vocab/>
PREFIX biolink: <https://w3id.org/biolink/vocab/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

EXAMPLES = [
    ("Therapies targeting a gene (SOD1), with the publications behind each", PREFIXES + """
SELECT DISTINCT ?therapy ?publication WHERE {
  ?g rdfs:label "SOD1" .
  ?t alskg:targets ?g ; rdfs:label ?therapy .
  ?a rdf:object ?g ; rdf:subject ?t ; rdf:predicate alskg:targets ;
     biolink:publications ?publication .
}
ORDER BY ?therapy ?publication
LIMIT 1000"""),
    ("Genes that are a genetic basis for juvenile ALS", PREFIXES + """
SELECT ?gene ?label WHERE {
  ?gene alskg:genetic_basis_for <https://w3id.org/alskg/juvenile-als> ;
        rdfs:label ?label .
}
ORDER BY ?label
LIMIT 1000"""),
    ("Pediatric and juvenile findings about FUS, with their statements and citations",
     PREFIXES + """
SELECT DISTINCT ?finding ?population ?statement ?citation WHERE {
  ?gene rdfs:label "FUS" .
  { ?finding rdf:subject ?gene } UNION { ?finding rdf:object ?gene }
  ?finding a alskg:Finding ; alskg:population ?population ; alskg:statement ?statement .
  FILTER (?population IN ("pediatric", "juvenile"))
  OPTIONAL { ?finding alskg:cites ?citation }
}
ORDER BY ?finding ?citation
LIMIT 1000"""),
    ("The associations behind SOD1's edges, as a graph", PREFIXES + """
CONSTRUCT { ?a ?p ?o } WHERE {
  ?a rdf:subject <https://www.ncbi.nlm.nih.gov/gene/6647> ; ?p ?o .
}
LIMIT 5000"""),
]

# (Written as joins: pyoxigraph evaluates an OPTIONAL's pattern before joining it, which
# at SF10 made the first example 200 ms instead of 2 ms.)
UPDATE_REFUSED = "this endpoint is read-only: SPARQL Update is refused"


def _engine(request: Request) -> Any:
    ex = explorer_of(request)
    if ex.sparql_state == "loading":
        return error_response(request, 503, "the SPARQL store is still loading; try again "
                                            "in a moment")
    if ex.sparql_state == "off":
        return error_response(request, 503, "the SPARQL endpoint is off: this server was "
                                            "started with --no-sparql")
    if ex.sparql_state != "ready":
        return error_response(request, 503, "the SPARQL store failed to load"
                                            f"{': ' + ex.sparql_error if ex.sparql_error else ''}")
    return ex.sparql


async def _answer(request: Request, text: str) -> Response:
    from kg.rdf.sparql import SparqlError

    engine = _engine(request)
    if isinstance(engine, Response):
        return engine
    accept = request.headers.get("accept", "")
    try:
        media, body = await run_in_threadpool(engine.query, text, accept)
    except SparqlError as exc:
        return _plain(exc.status, str(exc))
    return Response(body, media_type=media)


def _plain(status: int, message: str) -> Response:
    return Response(f"error: {message}\n", status_code=status,
                    media_type="text/plain; charset=utf-8")


async def endpoint(request: Request) -> Response:
    if request.method == "GET":
        if "update" in request.query_params:
            return _plain(403, UPDATE_REFUSED)
        text = request.query_params.get("query")
        if text is None:
            return query_page(request, "", None)
        return await _answer(request, text)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()  # bounded by the Guard middleware
    if kind == "application/sparql-update":
        return _plain(403, UPDATE_REFUSED)
    if kind == "application/sparql-query":
        return await _answer(request, body.decode("utf-8", errors="replace"))
    if kind == "application/x-www-form-urlencoded":
        form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        if "update" in form:
            return _plain(403, UPDATE_REFUSED)
        if len(form.get("query", [])) != 1:
            return _plain(400, "give exactly one 'query'")
        return await _answer(request, form["query"][0])
    return _plain(415, "send a query as application/sparql-query or as a form field "
                       "'query'")


def query_page(request: Request, text: str, table: dict[str, Any] | None,
               message: str = "", status: int = 200) -> Response:
    ex = explorer_of(request)
    examples = [{"title": t, "query": q.strip(), "url": "/sparql/run?" + urlencode(
        {"query": q.strip()})} for t, q in EXAMPLES]
    return render(request, "sparql.html", {
        "text": text or examples[0]["query"], "table": table, "examples": examples,
        "state": ex.sparql_state, "triples": ex.sparql_triples, "message": message},
        status=status)


async def run_page(request: Request) -> Response:
    """The query page with a query's answer as a table (SELECT, ASK) or as text."""
    from kg.rdf.sparql import SparqlError

    text = request.query_params.get("query", "")
    engine = _engine(request)
    if isinstance(engine, Response):
        return engine
    try:
        media, body = await run_in_threadpool(engine.query, text,
                                              "application/sparql-results+json, text/turtle")
    except SparqlError as exc:
        return query_page(request, text, None, str(exc), status=exc.status)
    if media == "application/sparql-results+json":
        data = json.loads(body)
        if "boolean" in data:
            table = {"vars": ["answer"], "rows": [{"answer": {
                "type": "literal", "value": str(data["boolean"]).lower()}}]}
        else:
            table = {"vars": data["head"]["vars"], "rows": data["results"]["bindings"]}
    else:
        table = {"text": body.decode("utf-8", errors="replace")}
    return query_page(request, text, table)


def routes() -> list[Route]:
    return [Route("/sparql", endpoint, methods=["GET", "POST"]),
            Route("/sparql/run", run_page)]
