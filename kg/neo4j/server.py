"""Run a local Neo4j Community server for alskg, without Docker or a Neo4j install.

Neo4j is started *embedded* in a tiny Java launcher (``server/``) with a Bolt connector on
127.0.0.1, so the ordinary ``neo4j`` Python driver talks to it as to any server. The jars
come from Maven Central into the user's Maven cache (``~/.m2``); nothing is vendored.

Life cycle, as used by ``alskg neo4j start|stop|status`` and by the test suite:

* :func:`start` resolves the classpath with Maven and compiles the launcher once (cached
  under ``$XDG_CACHE_HOME/alskg/neo4j/<hash of pom.xml + Launcher.java>``), then spawns the
  JVM in its own session so it outlives the calling process, and waits for the launcher's
  ready line plus an open Bolt port.
* A JSON state file in the data directory records pid and port; :func:`status` and
  :func:`stop` trust it only after checking that the pid is still our launcher.
* Every failure is a :class:`ServerError` whose message is one line a user can act on.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from kg.jvm import (
    cache_root,
    file_lock,
    maven_lock,
    require_tool,
    resolve_classpath,
    write_argfile,
)
from kg.problems import AlskgError
from kg.resources import resource_dir

__all__ = [
    "ServerConfig",
    "ServerError",
    "ServerInfo",
    "default_data_dir",
    "free_port",
    "start",
    "status",
    "stop",
]

ENV_HOME = "ALSKG_NEO4J_HOME"
"""Overrides the default data directory (database files, logs, state file)."""

SERVER_DIR = resource_dir("server")
POM = SERVER_DIR / "pom.xml"
LAUNCHER_SRC = SERVER_DIR / "src" / "main" / "java" / "alskg" / "Launcher.java"
LAUNCHER_CLASS = "alskg.Launcher"

STATE_FILE = "server.json"
LOG_FILE = "launcher.log"

# Contract with Launcher.java; see the constants there.
_READY = "ALSKG_NEO4J_READY"
_FAILED = "ALSKG_NEO4J_FAILED"

# The add-opens and the Netty flag are what Neo4j's own launcher passes on Java 17 (without
# them Netty and the page cache fall back to slower paths); the GC/NIO flags follow its
# default neo4j.conf. ExitOnOutOfMemoryError makes an OOM end the process, so status()
# reports it gone instead of a wedged JVM holding the port.
_JVM_FLAGS = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dlog4j2.disable.jmx=true",
)

_SIZE_RE = re.compile(r"^[1-9][0-9]*[kKmMgG]?$")
_POLL_S = 0.2
_KILL_GRACE_S = 10.0


class ServerError(AlskgError):
    """A failure to start, stop or inspect the server; ``str()`` is one user-facing line."""


def default_data_dir() -> Path:
    """``$ALSKG_NEO4J_HOME``, else ``$XDG_DATA_HOME/alskg/neo4j`` (``~/.local/share/...``)."""
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "alskg" / "neo4j"


def _cache_root() -> Path:
    return cache_root() / "neo4j"


@dataclass
class ServerConfig:
    port: int = 7687
    data_dir: Path = field(default_factory=default_data_dir)
    heap: str = "1g"
    """JVM heap, used for both -Xms and -Xmx (Neo4j's advice: fixed-size heap)."""
    pagecache: str = "512m"
    """Neo4j page cache; set explicitly so Neo4j does not size it from total RAM."""
    timeout_s: float = 120.0
    """Seconds start waits for the JVM to become ready (the one-off Maven download is not
    counted), and stop waits for a clean exit before SIGKILL."""
    auth: bool = False
    """Turn on Neo4j's native authentication (off by default: the server only listens on
    127.0.0.1). On a fresh data dir the one user is neo4j/neo4j with a password that must be
    changed first (``ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO ...`` on the ``system``
    database, at least 8 characters). Only applies when start() launches a new server, not
    to one already running on the data dir."""


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    port: int
    uri: str
    log_file: Path
    data_dir: Path
    already_running: bool = False
    """True when start() found a live server instead of launching one."""


ProgressFn = Callable[[str], None]


def _stderr_progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (for throwaway test servers)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# --- public API -------------------------------------------------------------------------


def start(cfg: ServerConfig, progress: ProgressFn | None = None) -> ServerInfo:
    """Start the server for ``cfg.data_dir`` (or return the one already running there).

    ``progress`` receives human-readable lines about slow steps (the one-off Maven
    download and compile); it defaults to printing on stderr.
    """
    say = progress or _stderr_progress
    _validate(cfg)
    data_dir = _data_dir(cfg)
    data_dir.mkdir(parents=True, exist_ok=True)

    with _locked(data_dir):
        running = _live_state(data_dir)
        if running is not None:
            return replace(running, already_running=True)

        java = require_tool("java")
        if _port_in_use(cfg.port):
            raise ServerError(
                f"port {cfg.port} on 127.0.0.1 is already in use (another Neo4j?); "
                "stop that process or choose a different port"
            )
        argfile = _ensure_launcher(say)

        log_file = data_dir / LOG_FILE
        cmd = [
            java,
            f"-Xms{cfg.heap}",
            f"-Xmx{cfg.heap}",
            *_JVM_FLAGS,
            f"@{argfile}",
            LAUNCHER_CLASS,
            str(data_dir),
            str(cfg.port),
            cfg.pagecache,
            *(["--auth"] if cfg.auth else []),
        ]
        # Appended, never truncated: if a launcher we do not know about (state file lost)
        # still runs on this dir, its log must survive our failed attempt. Readiness and
        # errors are looked for only past this offset.
        with open(log_file, "ab") as log:
            log.write(f"--- alskg neo4j start {datetime.now(UTC).isoformat()} ---\n".encode())
            log.flush()
            log_offset = log.tell()
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=data_dir,
                # Own session: no SIGHUP/SIGINT from the user's terminal, survives the CLI.
                start_new_session=True,
            )
        # Kept so stop() in this same process can reap it (no zombie, no ResourceWarning).
        _children[proc.pid] = proc
        info = ServerInfo(
            pid=proc.pid,
            port=cfg.port,
            uri=f"bolt://127.0.0.1:{cfg.port}",
            log_file=log_file,
            data_dir=data_dir,
        )
        # Written before waiting so a concurrent stop/status can already see the process.
        _write_state(info)
        try:
            _wait_ready(proc, info, log_offset, cfg.timeout_s)
        except BaseException:
            # Includes Ctrl-C: never leave a half-started JVM holding the store lock.
            _terminate(proc.pid, _KILL_GRACE_S)
            _state_path(data_dir).unlink(missing_ok=True)
            raise
        return info


def stop(cfg: ServerConfig) -> bool:
    """Stop the server for ``cfg.data_dir``; False if none was running.

    SIGTERM lets the launcher's shutdown hook checkpoint and release the store; SIGKILL
    follows only after ``cfg.timeout_s``.
    """
    data_dir = _data_dir(cfg)
    if not data_dir.is_dir():
        return False
    with _locked(data_dir):
        info = _live_state(data_dir)
        if info is None:
            return False
        _terminate(info.pid, cfg.timeout_s)
        _state_path(data_dir).unlink(missing_ok=True)
        return True


def status(cfg: ServerConfig) -> ServerInfo | None:
    """The running server for ``cfg.data_dir``, or None (a stale state file is removed)."""
    data_dir = _data_dir(cfg)
    if not data_dir.is_dir():
        return None
    return _live_state(data_dir)


# --- validation and paths ---------------------------------------------------------------


def _validate(cfg: ServerConfig) -> None:
    if not 1 <= cfg.port <= 65535:
        raise ServerError(f"invalid port {cfg.port}: must be between 1 and 65535")
    for name, value in (("heap", cfg.heap), ("pagecache", cfg.pagecache)):
        if not _SIZE_RE.match(value):
            raise ServerError(f"invalid {name} size {value!r}: use a number with k/m/g, e.g. 512m")
    if cfg.timeout_s <= 0:
        raise ServerError(f"invalid timeout {cfg.timeout_s}: must be positive")


def _data_dir(cfg: ServerConfig) -> Path:
    # Resolved once so the state file, the launcher's argv and the /proc identity check all
    # agree on the same spelling of the path.
    return Path(cfg.data_dir).expanduser().resolve()


def _state_path(data_dir: Path) -> Path:
    return data_dir / STATE_FILE


@contextlib.contextmanager
def _locked(data_dir: Path) -> Iterator[None]:
    # Serialises start/stop on one data dir (two CLIs, or parallel tests sharing a dir).
    with file_lock(data_dir / ".server.lock"):
        yield


def _port_in_use(port: int, grace_s: float = 2.0) -> bool:
    # A server killed a moment ago is gone before the kernel frees its port: ask again
    # for a short while before calling the port busy.
    deadline = time.monotonic() + grace_s
    while _port_busy_now(port):
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.1)
    return False


def _port_busy_now(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # Same option the JVM sets on its listening socket, so a port only held by
        # TIME_WAIT connections from a previous server is not reported as busy.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except PermissionError:
            # EACCES is not "in use": saying so would send the user hunting for a process.
            raise ServerError(
                f"port {port} is privileged (below 1024) and needs root; choose a higher port"
            ) from None
        except OSError:
            return True
    return False


# --- building the launcher --------------------------------------------------------------


def _neo4j_version() -> str:
    m = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM.read_text(encoding="utf-8"))
    return m.group(1) if m else "?"


def _ensure_launcher(say: ProgressFn) -> Path:
    """Path of a java @argfile holding ``-cp <compiled launcher>:<neo4j jars>``."""
    if not POM.is_file() or not LAUNCHER_SRC.is_file():
        raise ServerError(
            f"Neo4j launcher sources not found under {SERVER_DIR}; "
            "this alskg installation is incomplete; reinstall it"
        )
    digest = hashlib.sha256(POM.read_bytes() + b"\0" + LAUNCHER_SRC.read_bytes()).hexdigest()
    root = _cache_root()
    build_dir = root / digest[:16]
    if _build_is_usable(build_dir):
        return build_dir / "java.args"

    root.mkdir(parents=True, exist_ok=True)
    with maven_lock():
        # Two first starts at once (e.g. parallel test workers) must not run two Mavens
        # against one ~/.m2; the loser of the race just reuses the winner's build.
        if _build_is_usable(build_dir):
            return build_dir / "java.args"
        tmp = root / f".tmp-{digest[:16]}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            jars = _resolve_classpath(tmp, root / "maven.log", say)
            _compile(tmp, build_dir, jars, root / "javac.log", say)
            shutil.rmtree(build_dir, ignore_errors=True)
            tmp.rename(build_dir)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return build_dir / "java.args"


def _build_is_usable(build_dir: Path) -> bool:
    args = build_dir / "java.args"
    cp = build_dir / "classpath.txt"
    if not (args.is_file() and cp.is_file()):
        return False
    if not (build_dir / "classes" / "alskg" / "Launcher.class").is_file():
        return False
    # The jars live in ~/.m2, which users and CI caches prune behind our back.
    return all(Path(p).is_file() for p in cp.read_text().split(os.pathsep) if p)


def _resolve_classpath(out: Path, log_path: Path, say: ProgressFn) -> list[str]:
    cp_file = out / "classpath.txt"
    # Maven runs on a copy: the shipped pom may sit in a read-only site-packages
    pom = out / "pom.xml"
    shutil.copyfile(POM, pom)
    jars = resolve_classpath(pom, cp_file, log_path, f"Neo4j {_neo4j_version()}", "~160 MB",
                             say)
    cp_file.write_text(os.pathsep.join(jars))
    return jars


def _compile(out: Path, final_dir: Path, jars: list[str], log_path: Path, say: ProgressFn) -> None:
    javac = require_tool("javac")
    say("Compiling the Neo4j launcher")
    classes = out / "classes"
    classes.mkdir()
    cp_arg = write_argfile(out / "javac.args", os.pathsep.join(jars))
    with open(log_path, "w", encoding="utf-8") as log:
        rc = subprocess.call(
            [
                javac,
                "--release",
                "17",
                "-nowarn",
                "-d",
                str(classes),
                f"@{cp_arg}",
                str(LAUNCHER_SRC),
            ],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if rc != 0:
        raise ServerError(f"javac failed to compile {LAUNCHER_SRC.name} - see {log_path}")
    # java.args must name where the classes will live after the temp dir is renamed.
    write_argfile(out / "java.args", os.pathsep.join([str(final_dir / "classes"), *jars]))


# --- process management -----------------------------------------------------------------

_children: dict[int, subprocess.Popen[bytes]] = {}


def _write_state(info: ServerInfo) -> None:
    state = {
        "pid": info.pid,
        "port": info.port,
        "uri": info.uri,
        "log_file": str(info.log_file),
        "data_dir": str(info.data_dir),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    path = _state_path(info.data_dir)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def _live_state(data_dir: Path) -> ServerInfo | None:
    path = _state_path(data_dir)
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
        info = ServerInfo(
            pid=int(state["pid"]),
            port=int(state["port"]),
            uri=str(state["uri"]),
            log_file=Path(state["log_file"]),
            data_dir=data_dir,
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # Unreadable or hand-edited: treat like a stale file rather than fail every command.
        path.unlink(missing_ok=True)
        return None
    if _is_our_launcher(info.pid, data_dir):
        return info
    path.unlink(missing_ok=True)
    return None


def _is_our_launcher(pid: int, data_dir: Path) -> bool:
    if not _pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        # No procfs (macOS): a live pid from our own state file is the best evidence.
        return True
    # Guards against pid reuse after a reboot or crash left a stale state file behind.
    return LAUNCHER_CLASS.encode() in cmdline and str(data_dir).encode() in cmdline


def _pid_alive(pid: int) -> bool:
    child = _children.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        del _children[pid]
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    # A zombie (exited, not yet reaped by its parent) still answers kill(0).
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _terminate(pid: int, timeout_s: float) -> None:
    for sig, wait_s in ((signal.SIGTERM, timeout_s), (signal.SIGKILL, _KILL_GRACE_S)):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            _pid_alive(pid)  # reaps it if it is our child
            return
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if not _pid_alive(pid):
                return
            time.sleep(_POLL_S)
    raise ServerError(f"Neo4j launcher (pid {pid}) did not exit even after SIGKILL")


def _wait_ready(
    proc: subprocess.Popen[bytes], info: ServerInfo, log_offset: int, timeout_s: float
) -> None:
    deadline = time.monotonic() + timeout_s
    seen_ready = False
    while True:
        if not seen_ready:
            seen_ready = any(
                ln.startswith(_READY) for ln in _read_log(info.log_file, log_offset).splitlines()
            )
        # The ready line comes after Bolt is bound; the connect check is cheap insurance
        # that what the caller gets is a URI that answers right now.
        if seen_ready and _accepts_connections(info.port):
            return
        rc = proc.poll()
        if rc is not None:
            raise ServerError(
                f"Neo4j launcher exited early (exit code {rc}); see {info.log_file}: "
                f"{_last_relevant_line(info.log_file, log_offset)}"
            )
        if time.monotonic() >= deadline:
            raise ServerError(
                f"Neo4j did not become ready on port {info.port} within {timeout_s:g} s; "
                f"see {info.log_file}"
            )
        time.sleep(_POLL_S)


def _read_log(path: Path, offset: int) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(offset)
            return fh.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def _accepts_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _last_relevant_line(log_file: Path, offset: int) -> str:
    lines = [ln.strip() for ln in _read_log(log_file, offset).splitlines() if ln.strip()]
    for ln in reversed(lines):
        if ln.startswith(_FAILED):
            return ln[len(_FAILED) :].lstrip(": ")
    for ln in reversed(lines):
        if "Exception" in ln or "Error" in ln:
            return ln[:300]
    return lines[-1][:300] if lines else "(log is empty)"


# For kg.neo4j.offline, which runs Neo4j's importer on the launcher's classpath.
say = _stderr_progress
data_dir_of = _data_dir
launcher_argfile = _ensure_launcher
