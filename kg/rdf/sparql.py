"""A read-only SPARQL engine over the RDF export of a graph: pyoxigraph in a worker process.

The export (kg/rdf/stream.py) is bulk-loaded once into an on-disk pyoxigraph store in a
folder of its own. Queries run in a child process (kg/rdf/sparql_worker.py) that opens the
store read-only: pyoxigraph has no query timeout, and a thread cannot be stopped, so a query
past its deadline is stopped by killing the process; the next query starts a fresh one,
which only reopens the store. One query runs at a time; a query that finds the worker busy
waits at most the timeout. Results are capped (kg.limits.SPARQL_RESULTS).
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg import limits
from kg.ontology.model import Ontology
from kg.rdf.terms import GraphMeta

#: what a client may ask for, by answer kind; the first of each is the default
RESULT_TYPES = ("application/sparql-results+json", "application/sparql-results+xml")
#: SELECT answers also as SPARQL 1.1 Query Results CSV and TSV (which define no boolean)
SELECT_TYPES = RESULT_TYPES + ("text/csv", "text/tab-separated-values")
GRAPH_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml")


class SparqlError(Exception):
    """A query the endpoint will not answer; `status` is the HTTP status to send."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def load(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
         ontology: Ontology, directory: Path, meta: GraphMeta | None = None) -> int:
    """Bulk-load the export of these records into a new pyoxigraph store in `directory`;
    the triple count."""
    import pyoxigraph

    from kg.rdf.stream import stream_ntriples

    directory.mkdir(parents=True, exist_ok=True)
    dump = directory / "export.nt"
    with dump.open("w", encoding="utf-8") as fh:
        stream_ntriples(nodes, edges, ontology, fh, meta)
    store = pyoxigraph.Store(str(directory / "store"))
    store.bulk_load(path=str(dump), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    # the store's own count: the stream may write a triple twice (two records stating
    # it), and the page should give the number a COUNT(*) query returns
    count = len(store)
    del store  # closes the store, so the worker can open it read-only
    dump.unlink()
    return count


class Engine:
    """Queries against the store in `directory`, one at a time, each in the worker process
    with a deadline."""

    def __init__(self, directory: Path, timeout: float = limits.SPARQL_TIMEOUT_S,
                 cap: int = limits.SPARQL_RESULTS) -> None:
        self.store = directory / "store"
        self.timeout = timeout
        self.cap = cap
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None

    def _worker(self) -> subprocess.Popen[bytes]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "kg.rdf.sparql_worker", str(self.store)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        return self._proc

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def close(self) -> None:
        with self._lock:
            self._stop()

    def query(self, text: str, accept: str = "") -> tuple[str, bytes]:
        """(media type, body) of the answer to one SPARQL query; SparqlError otherwise."""
        if len(text) > limits.WEB_QUERY_CHARS:
            raise SparqlError(413, f"query of {len(text):,} characters; the limit is "
                                   f"{limits.WEB_QUERY_CHARS:,}")
        refusal = refused(text)
        if refusal:
            raise SparqlError(403, refusal)
        if not self._lock.acquire(timeout=self.timeout):
            raise SparqlError(503, "the SPARQL endpoint is busy; try again")
        try:
            return self._ask(text, accept)
        finally:
            self._lock.release()

    def _ask(self, text: str, accept: str) -> tuple[str, bytes]:
        deadline = time.monotonic() + self.timeout
        proc = self._worker()
        assert proc.stdin is not None and proc.stdout is not None
        request = json.dumps({"query": text, "accept": accept, "cap": self.cap})
        try:
            proc.stdin.write(request.encode() + b"\n")
            proc.stdin.flush()
            head = json.loads(_read_line(proc.stdout.fileno(), deadline))
            body = _read_exact(proc.stdout.fileno(), int(head.get("length", 0)), deadline)
        except TimeoutError:
            self._stop()
            raise SparqlError(503, f"the query ran past {self.timeout:g} s and was "
                                   "stopped; narrow it or add a LIMIT") from None
        except (OSError, ValueError, EOFError):
            self._stop()
            raise SparqlError(500, "the SPARQL worker failed; the query was not "
                                   "answered") from None
        if not head.get("ok"):
            raise SparqlError(int(head.get("status", 400)), str(head.get("error", "?")))
        return str(head["media_type"]), body


# Strings (long forms first), IRIs and comments: what may hide a word that is not a keyword.
_NOT_CODE = re.compile(r'''"""(?:[^"\\]|\\.|"(?!""))*"""|'''
                       r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
                       r'"(?:[^"\\\n]|\\.)*"|'
                       r"'(?:[^'\\\n]|\\.)*'|"
                       r'<[^<>"{}|^`\\\x00-\x20]*>|'
                       r"#[^\n]*")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# A subset of SPARQL's variable names: eating less than the real lexer can only refuse more.
_VARIABLE = re.compile(r"[?$][A-Za-z0-9_]+")
_PROLOGUE = re.compile(r"(?i)\b(?:PREFIX\s+[A-Za-z0-9_.\-]*:|BASE\b)")
_UPDATE = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
           "WITH"}


def refused(text: str) -> str:
    """Why a query is refused before it runs ("" when it may run).

    pyoxigraph evaluates SERVICE by fetching the named endpoint over HTTP; a public
    endpoint must never make requests for its callers (a server-side request forgery), so
    any SERVICE keyword is refused. The scan removes strings, IRIs and comments first, so
    a word there is no keyword; it fails closed: a prefixed name whose local part is
    "service" is refused too.
    """
    code = _VARIABLE.sub(" ", _NOT_CODE.sub(" ", text))
    if "SERVICE" in (w.upper() for w in _WORD.findall(code)):
        return "SERVICE (federated query) is refused: this endpoint fetches nothing"
    keywords = [w.upper() for w in _WORD.findall(_PROLOGUE.sub(" ", code))]
    if keywords and keywords[0] in _UPDATE:
        return "this endpoint is read-only: SPARQL Update is refused"
    return ""


def _wait(fd: int, deadline: float) -> None:
    left = deadline - time.monotonic()
    if left <= 0 or not select.select([fd], [], [], left)[0]:
        raise TimeoutError


def _read_line(fd: int, deadline: float, limit: int = 64 * 1024) -> bytes:
    buf = b""
    while not buf.endswith(b"\n"):
        _wait(fd, deadline)
        chunk = os.read(fd, 1)  # one byte at a time: the body that follows stays unread
        if not chunk:
            raise EOFError
        buf += chunk
        if len(buf) > limit:
            raise ValueError("header too long")
    return buf


def _read_exact(fd: int, n: int, deadline: float) -> bytes:
    parts: list[bytes] = []
    while n > 0:
        _wait(fd, deadline)
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


def pick(accept: str, offered: tuple[str, ...]) -> str:
    """The first type of `offered` that the Accept header names (ignoring q-values, which
    clients of SPARQL endpoints rarely weigh), else the default, offered[0]."""
    asked = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    for media in asked:
        if media in offered:
            return media
        if media == "text/plain" and "application/n-triples" in offered:
            return "application/n-triples"
    return offered[0]
