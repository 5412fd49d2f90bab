"""The ASGI application: one Explorer (the graph and what is derived from it) shared by
the routes, with the security headers, bounds and error handling every response gets."""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg import limits
from kg.problems import AlskgError, ConnectionFailure, UnknownEntity
from kg.web.responses import entity_url, error_response, one_line
from kg.web.state import Explorer, Settings

HERE = Path(__file__).resolve().parent

# No inline script or style anywhere: every script and style sheet is a file of static/.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


async def on_alskg_error(request: Request, exc: Exception) -> Response:
    # an entity's own page or record that does not exist is "not found"; an unknown name
    # given as a parameter (a path's end, a query's gene) is a bad request
    page = request.url.path.startswith(("/entity/", "/api/show"))
    status = (503 if isinstance(exc, ConnectionFailure)
              else 404 if isinstance(exc, UnknownEntity) and page else 400)
    return error_response(request, status, one_line(exc))


async def on_http_error(request: Request, exc: Exception) -> Response:
    status = int(getattr(exc, "status_code", 500))
    known = {404: "no such page", 405: "method not allowed"}.get(status)
    return error_response(request, status, known or one_line(
        Exception(getattr(exc, "detail", "") or "error")))


async def on_bug(request: Request, exc: Exception) -> Response:
    # a bug, not bad input: one line, never a traceback in the page
    return PlainTextResponse(f"internal error: {type(exc).__name__} (a bug in alskg)\n",
                             status_code=500)


class Guard:
    """Bounds and headers around every request: the URL's query string and the body are
    held to kg.limits, and each response gets the security headers and a Server-Timing
    header with the time the application took."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope.get("query_string", b"")) > limits.WEB_QUERY_CHARS:
            await self._refuse(send, 414, f"query string longer than "
                                          f"{limits.WEB_QUERY_CHARS:,} characters")
            return
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit()
                                   or int(length) > limits.WEB_BODY_BYTES):
            await self._refuse(send, 413, f"request body over {limits.WEB_BODY_BYTES:,} bytes")
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limits.WEB_BODY_BYTES:
                raise _TooLarge
            return message

        t0 = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - t0) * 1000
                headers = list(message.get("headers", []))
                headers += SECURITY_HEADERS
                headers.append((b"server-timing", f"app;dur={ms:.1f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, bounded_receive, send_with_headers)
        except _TooLarge:
            await self._refuse(send, 413, f"request body over {limits.WEB_BODY_BYTES:,} bytes")

    @staticmethod
    async def _refuse(send: Send, status: int, message: str) -> None:
        body = f"error: {message}\n".encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode()),
                                *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


def create_app(settings: Settings | None = None,
               on_ready: Callable[[Explorer], None] | None = None,
               allowed_hosts: list[str] | None = None) -> Starlette:
    """The explorer for `settings`; the SPARQL store loads in the background. With
    `allowed_hosts`, a request naming another Host is refused (400): a page elsewhere
    cannot reach a loopback server through a DNS name rebound to 127.0.0.1."""
    from starlette.exceptions import HTTPException
    from starlette.templating import Jinja2Templates

    from kg.web import jsonapi, pages
    from kg.web import sparql as sparql_routes

    settings = settings or Settings()
    explorer = Explorer(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        loader = None
        if settings.sparql:
            loader = threading.Thread(target=explorer.load_sparql, daemon=True,
                                      name="alskg-sparql-load")
            loader.start()
        if on_ready is not None:
            on_ready(explorer)
        try:
            yield
        finally:
            explorer.stop_loading()
            if loader is not None:
                loader.join()
            explorer.close()

    routes = [*pages.routes(), *jsonapi.routes(), *sparql_routes.routes(),
              Mount("/static", StaticFiles(directory=HERE / "static"), name="static")]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        AlskgError: on_alskg_error, HTTPException: on_http_error, Exception: on_bug})
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["link_out"] = pages.link_out_factory(explorer.ontology)
    templates.env.globals["entity_url"] = entity_url
    templates.env.globals["property_curies"] = pages.property_curies
    templates.env.filters["breakable"] = pages.breakable
    templates.env.globals["evidence_words"] = pages.EVIDENCE_LABELS.get  # ECO code -> words
    app.state.templates = templates
    app.state.explorer = explorer
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(Guard)
    return app


