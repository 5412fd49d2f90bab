"""Responses shared by the page families: templates, and errors as one line."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from kg.problems import printable


def entity_url(node_id: str) -> str:
    return "/entity/" + quote(str(node_id), safe=":")


def render(request: Request, template: str, context: dict[str, Any],
           status: int = 200) -> Response:
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, template, context, status_code=status)


def one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return printable(text.splitlines()[0][:500]) if text else type(exc).__name__


def wants_json(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/suggest"))


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status)


