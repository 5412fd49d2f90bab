"""Request parameters, checked as the CLI checks its options: bounded text free of control
characters, integers within limits. A bad one is an InputError (a 400 with one line)."""

from __future__ import annotations

from starlette.requests import Request

from kg import limits
from kg.problems import InputError


def check_text(name: str, value: str) -> str:
    if len(value) > limits.PARAM_CHARS:
        raise InputError(f"parameter '{name}': {len(value):,} characters; the limit is "
                         f"{limits.PARAM_CHARS:,}")
    bad = next((c for c in value if ord(c) < 32 or 127 <= ord(c) < 160), None)
    if bad is not None:
        raise InputError(f"parameter '{name}' holds the control character U+{ord(bad):04X}")
    return value


def asked(request: Request, name: str) -> None:
    """Note a parameter the route reads, so that refuse_others() can tell the rest."""
    names = getattr(request.state, "asked", None)
    if names is None:
        names = request.state.asked = []
    if name not in names:
        names.append(name)


def refuse_others(request: Request) -> None:
    """A parameter the route did not read is a mistake (a typo, a parameter of another
    route): a 400 naming it, not an answer that silently ignores it."""
    names = getattr(request.state, "asked", [])
    for name in request.query_params:
        if name not in names:
            takes = ", ".join(names) or "no parameters"
            raise InputError(f"unknown parameter '{check_text('name', name[:80])}' "
                             f"(this route takes {takes})")


def text(request: Request, name: str, required: bool = False) -> str | None:
    asked(request, name)
    value = request.query_params.get(name)
    if value is None or not value.strip():
        if required:
            raise InputError(f"parameter '{name}' is required")
        return None
    return check_text(name, value.strip())


def texts(request: Request, name: str) -> list[str]:
    asked(request, name)
    values = [v.strip() for v in request.query_params.getlist(name) if v.strip()]
    if len(values) > limits.PARAMS:
        raise InputError(f"parameter '{name}' given {len(values)} times; the limit is "
                         f"{limits.PARAMS}")
    return [check_text(name, v) for v in values]


def integer(request: Request, name: str, default: int, low: int, high: int) -> int:
    asked(request, name)
    raw = request.query_params.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise InputError(f"parameter '{name}' must be a whole number") from None
    if not low <= value <= high:
        raise InputError(f"parameter '{name}' must be between {low} and {high:,}")
    return value
