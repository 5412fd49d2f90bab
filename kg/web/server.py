"""Run the explorer under uvicorn: loopback unless the caller allows another address."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from kg import limits
from kg.problems import InputError
from kg.web.state import Settings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000,
          allow_remote: bool = False, warn: Callable[[str], None] = print) -> None:
    """Serve until interrupted. A host other than loopback needs `allow_remote`: the
    explorer has no login, so anyone who reaches the port reads the whole graph."""
    import uvicorn

    from kg.web.app import create_app

    if not 0 <= port <= 65535:
        raise InputError(f"--port {port}: not a port number")
    if not is_loopback(host):
        if not allow_remote:
            raise InputError(f"--host {host} is not a loopback address; anyone who reaches "
                             "it can read the graph. Add --allow-remote to serve it anyway")
        warn(f"warning: serving on {host}:{port}, beyond this machine; the explorer has "
             "no login and is read-only")
    # (Starlette's host check cuts the Host header at its first colon, so an IPv6 address
    # cannot be listed; ::1 is served without the check.)
    hosts = ["127.0.0.1", "localhost"] if is_loopback(host) and ":" not in host else None
    app = create_app(settings, allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    warn(f"alskg explorer on http://{shown}:{port}/ ({settings.backend}); Ctrl-C stops it")
    uvicorn.run(app, host=host, port=port, log_level="warning",
                limit_concurrency=limits.WEB_CONCURRENCY, timeout_keep_alive=5,
                server_header=False)
