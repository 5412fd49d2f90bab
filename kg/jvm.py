"""What the Java tools alskg resolves from Maven Central share: finding `java`, `javac` and
`mvn`, and one lock around Maven, since the Neo4j launcher and ROBOT both resolve into the
same ~/.m2 and two Mavens writing one local repository at once can leave it broken."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
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
