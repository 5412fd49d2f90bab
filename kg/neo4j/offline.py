"""`alskg neo4j import`: the local server's database built offline by Neo4j's own importer.

The importer is `org.neo4j.cli.AdminTool`, on the classpath the launcher already resolves,
so no Neo4j distribution or `neo4j-admin` script is needed. It writes into a fresh Neo4j
home; only when it succeeded is the server stopped, the new database swapped in for the old
one, and the server started again with alskg's constraints and indexes. A failure at any
step leaves the previous database in place.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kg.jvm import require_tool
from kg.neo4j import server
from kg.neo4j.csv_files import import_arguments
from kg.neo4j.server import ServerConfig, ServerError

ADMIN_CLASS = "org.neo4j.cli.AdminTool"
LOG_FILE = "import.log"
DATABASE = "neo4j"


HgncTables = tuple[Sequence[tuple[str, str, str, str]], Sequence[tuple[str, int, str]]]


def import_offline(cfg: ServerConfig, write_files: Callable[[Path], dict[str, Any]],
                   csv_dir: Path | None = None,
                   progress: Callable[[str], None] | None = None,
                   hgnc: Callable[[], HgncTables] | None = None) -> dict[str, Any]:
    """Replace the local server's database with one imported from the files
    `write_files(folder)` writes (or from the files of `alskg export neo4j-csv` already in
    `csv_dir`); the server runs afterwards. `hgnc` gives HGNC's names table, loaded
    beside the graph (kg/neo4j/hgnc.py)."""
    say = progress or server.say
    data_dir = server.data_dir_of(cfg)
    data_dir.mkdir(parents=True, exist_ok=True)
    log = data_dir / LOG_FILE
    with open(data_dir / ".import.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        work = Path(tempfile.mkdtemp(prefix=".import-", dir=data_dir))
        files: dict[str, Any] = {}
        try:
            started = time.perf_counter()
            if csv_dir is None:
                say("writing the import files")
                files = write_files(work / "csv")
                csv_dir = work / "csv"
                counts = f"{files['nodes']:,} nodes and {files['edges']:,} edges"
            else:
                counts = f"the files in {csv_dir}"
            csv_seconds = time.perf_counter() - started
            home = work / "home"
            run_importer(cfg, csv_dir, home, log, say, counts)
            import_seconds = time.perf_counter() - started - csv_seconds
            _swap_in(cfg, data_dir, home, work / "old", say, hgnc)
            total = time.perf_counter() - started
        finally:
            shutil.rmtree(work, ignore_errors=True)
    info = server.status(cfg)
    # the writer's own phases (reading, merging edges), where it times them
    phases = {k: v for k, v in files.items() if k.endswith("_s")}
    return {"uri": info.uri if info else None, "log": str(log), **phases,
            "csv_seconds": round(csv_seconds, 2), "import_seconds": round(import_seconds, 2),
            "seconds": round(total, 2)}


def run_importer(cfg: ServerConfig, csv_dir: Path, home: Path, log: Path,
                 say: Callable[[str], None], counts: str) -> None:
    """Import the files in `csv_dir` into a new Neo4j home `home`; the log goes to `log`."""
    argfile = server.launcher_argfile(say)
    java = require_tool("java")
    (home / "conf").mkdir(parents=True)
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    # --verbose: without it the log says only "Error in input data", not which row
    cmd = [java, f"-Xmx{cfg.heap}", f"@{argfile}", ADMIN_CLASS,
           *import_arguments(csv_dir, DATABASE), "--verbose"]
    say(f"importing {counts} with Neo4j's importer (log: {log})")
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, env=env, cwd=home)
        rc = proc.wait()
    if rc != 0 or not (home / "data" / "databases" / DATABASE).is_dir():
        raise ServerError(f"Neo4j's importer failed (exit code {rc}): "
                          f"{_reason(log)}; the database is unchanged - full log: {log}")


def _reason(log: Path) -> str:
    """The importer's own explanation: the innermost cause of its stack trace, else the last
    line that names an error."""
    lines = [line.strip() for line in log.read_text(encoding="utf-8", errors="replace")
             .splitlines() if line.strip()]
    causes = [line for line in lines if line.startswith("Caused by:")]
    if causes:
        return causes[-1].split(": ", 1)[1].split("Exception: ")[-1][:300]
    for line in reversed(lines):
        if "Exception" in line or "rror" in line:
            return line[:300]
    return lines[-1][:300] if lines else "no output"


def _swap_in(cfg: ServerConfig, data_dir: Path, home: Path, old: Path,
             say: Callable[[str], None],
             hgnc: Callable[[], HgncTables] | None = None) -> None:
    """Stop the server, put the new database where the old one was, start the server and
    create the schema; on any failure put the old database back and restart it."""
    was_running = server.status(cfg) is not None
    if was_running:
        say("stopping the server")
        server.stop(cfg)
    parts = [("databases", DATABASE), ("transactions", DATABASE)]
    old.mkdir()
    moved: list[tuple[Path, Path]] = []
    try:
        for kind, name in parts:
            target = data_dir / "data" / kind / name
            if target.exists():
                target.rename(old / kind)
                moved.append((old / kind, target))
        for kind, name in parts:
            target = data_dir / "data" / kind / name
            target.parent.mkdir(parents=True, exist_ok=True)
            (home / "data" / kind / name).rename(target)
        say("starting the server on the new database")
        info = server.start(cfg, say)
        _create_schema(info.uri, hgnc)
    except BaseException:
        server.stop(cfg)
        for kind, name in parts:
            shutil.rmtree(data_dir / "data" / kind / name, ignore_errors=True)
        for saved, target in moved:
            saved.rename(target)
        if was_running:
            server.start(cfg, say)
        raise


def _create_schema(uri: str, hgnc_tables: Callable[[], HgncTables] | None = None) -> None:
    """alskg's constraints and indexes, the counts kept for listings and HGNC's names
    table (the importer writes only what the files hold)."""
    from kg.neo4j import hgnc, listings
    from kg.neo4j.backend import Neo4jBackend
    from kg.neo4j.load import create_schema

    backend = Neo4jBackend.connect(uri=uri)
    try:
        create_schema(backend.driver, backend.database)
        listings.refresh(backend.driver, backend.database)
        if hgnc_tables is not None:
            hgnc.load(backend.driver, backend.database, *hgnc_tables())
    finally:
        backend.close()
