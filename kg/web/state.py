"""What the routes share: the settings of `alskg serve` and the Explorer built from them."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.requests import Request

from kg import limits
from kg.backend import Backend
from kg.problems import AlskgError, printable


@dataclass
class Settings:
    backend: str = "embedded"
    store: Path | None = None
    neo4j: dict[str, Any] = field(default_factory=dict)
    sparql: bool = True
    sparql_timeout: float = limits.SPARQL_TIMEOUT_S
    sparql_cap: int = limits.SPARQL_RESULTS


class Explorer:
    """What the routes share: the backend (one per thread for the embedded store, whose
    SQLite connection is not meant to be shared), the embedded store for full-text search
    (the CLI's search reads it whatever the backend), the ontology, and the SPARQL engine,
    which loads in the background so that the server starts at once."""

    def __init__(self, settings: Settings) -> None:
        from kg import api

        self.settings = settings
        self.store_path = settings.store or api.default_store()
        self.search_store = api.load_or_build(self.store_path)  # built on a fresh machine
        self.ontology = api.load_ontology()
        self._local = threading.local()
        self._shared: Backend | None = None
        if settings.backend == "neo4j":
            self._shared = api.open_backend("neo4j", **settings.neo4j)
        elif settings.backend != "embedded":
            raise AlskgError(f"unknown backend '{settings.backend}'")
        self.sparql: Any = None
        self.sparql_state = "off" if not settings.sparql else "loading"
        self.sparql_error = ""
        self.sparql_triples = 0
        self._tmp: Any = None
        self._settled = threading.Event()
        self._loader: Any = None
        self._contradictions: dict[str, list[dict[str, Any]]] | None = None
        self._contradictions_lock = threading.Lock()
        self._once: dict[str, Any] = {}
        self._once_lock = threading.Lock()

    @property
    def backend(self) -> Backend:
        if self._shared is not None:
            return self._shared
        mine: Backend | None = getattr(self._local, "backend", None)
        if mine is None:
            from kg.store.backend import EmbeddedBackend

            mine = self._local.backend = EmbeddedBackend(self.store_path)
        return mine

    def contradictions(self) -> dict[str, list[dict[str, Any]]]:
        """Finding id -> the findings that contradict it or that it contradicts, from the
        `conflicting-findings` query, read once: the graph does not change while served,
        and one query beats a look-up per finding on every entity page."""
        with self._contradictions_lock:
            if self._contradictions is None:
                from kg import api

                rows = api.query_run(self.backend, "conflicting-findings", {})["rows"]
                out: dict[str, list[dict[str, Any]]] = {}
                for r in rows:
                    out.setdefault(r["finding_id"], []).append({
                        "id": r["contradicts_id"], "statement": r["contradicts_statement"],
                        "citations": r["contradicts_citations"] or []})
                    out.setdefault(r["contradicts_id"], []).append({
                        "id": r["finding_id"], "statement": r["statement"],
                        "citations": r["citations"] or []})
                self._contradictions = out
            return self._contradictions

    def once(self, key: str, work: Callable[[], Any]) -> Any:
        """`work()`'s answer, worked out on the first call for `key` only: what is derived
        from the whole graph (the home page's lists) does not change while it is served."""
        with self._once_lock:
            if key not in self._once:
                self._once[key] = work()
            return self._once[key]

    def search_backend(self) -> Any:
        mine = getattr(self._local, "search", None)
        if mine is None:
            from kg.store.backend import EmbeddedBackend

            mine = self._local.search = EmbeddedBackend(self.store_path)
        return mine

    def load_sparql(self) -> None:
        """Open the SPARQL store kept beside the embedded store for its build, or else load
        the export of the serving backend into pyoxigraph in a child process
        (kg/rdf/sparql_load.py, so that pages stay fast meanwhile), keeping the embedded
        store's for the next start. Neo4j's is loaded into a temporary folder each start:
        nothing identifies what a Neo4j database holds."""
        try:
            if self.settings.backend == "embedded":
                self._open_kept()
            else:
                self._load({"backend": self.settings.backend, "neo4j": self.settings.neo4j})
        except Exception as exc:  # reported on /sparql; the rest of the explorer serves on
            self.sparql_state = "failed"
            self.sparql_error = printable(str(exc).splitlines()[0] if str(exc) else
                                          type(exc).__name__)
        finally:
            self._settled.set()

    def _open_kept(self) -> None:
        from kg.rdf import sparql_load
        from kg.rdf.sparql import SparqlError

        folder = sparql_load.folder_of(self.store_path)
        try:
            sparql_load.check_folder(folder)
        except AlskgError as exc:  # loaded, but not kept
            _warn(f"{exc}; loading it into a temporary folder")
            self._load({"backend": "embedded", "store": str(self.store_path)})
            return
        key = sparql_load.key_of(self.search_store.meta, self.store_path)
        found = sparql_load.kept(folder, key)
        distrust = ""
        if found is not None:
            # one query proves the store opens (a damaged folder, a failed disk); it also
            # starts the worker, so the first real query is as fast as the next
            engine = self._engine(folder)
            try:
                engine.query("ASK { ?s ?p ?o }")
            except SparqlError as exc:
                broken = exc.status == 500  # busy or slow is not broken: a query retries
            else:
                broken = False
            if not broken:
                self._ready(engine, found["triples"])
                return
            engine.close()
            distrust = found["made"]
            _warn(f"{folder}: the kept SPARQL store does not open; loading it again")
        if not os.access(folder.parent, os.W_OK | os.X_OK):  # a store in a read-only folder
            _warn(f"{folder.parent}: cannot write there; loading the SPARQL store into a "
                  "temporary folder")
            self._load({"backend": "embedded", "store": str(self.store_path)})
            return
        self._load({"backend": "embedded", "store": str(self.store_path),
                    "distrust": distrust}, folder)

    def _load(self, job: dict[str, Any], kept: Path | None = None) -> None:
        """Run the loading process on `job`; the store is kept in `kept`, or else loaded
        into a temporary folder removed on shutdown."""
        import json
        import subprocess
        import tempfile

        directory = kept
        if directory is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="alskg-sparql-")
            directory = Path(self._tmp.name)
            job = {**job, "directory": str(directory)}
        self._loader = subprocess.Popen(
            [sys.executable, "-m", "kg.rdf.sparql_load"], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        out, _ = self._loader.communicate(json.dumps(job) + "\n")
        answer = json.loads(out) if out.strip() else {
            "error": f"the loader stopped (exit {self._loader.returncode})"}
        if "error" in answer:
            raise RuntimeError(answer["error"])
        self._ready(self._engine(directory), int(answer["triples"]))

    def _engine(self, directory: Path) -> Any:
        from kg.rdf import sparql

        return sparql.Engine(directory, self.settings.sparql_timeout,
                             self.settings.sparql_cap)

    def _ready(self, engine: Any, triples: int) -> None:
        self.sparql, self.sparql_triples = engine, triples
        self.sparql_state = "ready"

    def stop_loading(self) -> None:
        """Stop a SPARQL load still running (the server is shutting down)."""
        loader = self._loader
        if loader is not None and loader.poll() is None:
            loader.kill()

    def wait_sparql(self, timeout: float | None = None) -> str:
        """Wait until the SPARQL store has loaded or failed; its state."""
        if self.settings.sparql:
            self._settled.wait(timeout)
        return self.sparql_state

    def close(self) -> None:
        if self.sparql is not None:
            self.sparql.close()
        if self._shared is not None:
            self._shared.close()
        if self._tmp is not None:
            self._tmp.cleanup()


def _warn(message: str) -> None:
    sys.stderr.write(f"alskg: warning: {message}\n")
    sys.stderr.flush()


def explorer_of(request: Request) -> Explorer:
    return request.app.state.explorer
