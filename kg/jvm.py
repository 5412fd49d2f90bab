"""What the Java tools alskg resolves from Maven Central share: finding `java`, `javac` and
`mvn`, resolving a classpath with Maven, and one lock around Maven, since the Neo4j launcher
and ROBOT both resolve into the same ~/.m2 and two Mavens writing one local repository at
once can leave it broken."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path


def find_tool(name: str) -> str | None:
    """`name` from JAVA_HOME (for java and javac, as Neo4j's and Maven's scripts do), else
    from PATH; None when neither has it."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and name in ("java", "javac"):
        candidate = Path(java_home) / "bin" / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "alskg"


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` (created if missing), held by one process at a time."""
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def maven_lock() -> Iterator[None]:
    """Held while Maven resolves anything, by every process of this user (parallel test
    workers resolving Neo4j and ROBOT on a fresh machine, say)."""
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    with file_lock(root / "maven.lock"):
        yield


# Fully qualified: with a cold ~/.m2 and no network, the short prefix fails with a
# misleading "No plugin found for prefix 'dependency'" instead of the network error.
# Version kept in step with the pluginManagement pin in server/pom.xml.
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def build_classpath(mvn: str, pom: Path, output: Path, log_path: Path,
                    on_line: Callable[[str], None] | None = None) -> tuple[int, list[str] | None]:
    """Maven's classpath (runtime scope) of `pom`, listed into `output`; Maven's output goes
    to `log_path`, each line (colour codes taken out) also to `on_line`. Returns Maven's exit
    code and the jars listed, None when it wrote no list. Other artifacts it lists (a BOM's
    .pom, say) are left out: java ignores them but javac warns, and they would fail a
    "jars still exist" cache check for nothing. Call it holding maven_lock()."""
    cmd = [mvn, "-B", "-Dstyle.color=never", "-f", str(pom), DEPENDENCY_PLUGIN,
           f"-Dmdep.outputFile={output}", "-Dmdep.includeScope=runtime"]
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, errors="replace")
        assert proc.stdout is not None
        for raw in proc.stdout:
            line = _ANSI.sub("", raw)
            log.write(line)
            if on_line is not None:
                on_line(line)
        rc = proc.wait()
    if not output.is_file():
        return rc, None
    return rc, [p for p in output.read_text().strip().split(os.pathsep) if p.endswith(".jar")]
