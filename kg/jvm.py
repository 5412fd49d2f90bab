"""What the Java tools alskg resolves from Maven Central share: finding `java`, `javac` and
`mvn`, resolving a classpath with Maven (saying what it downloads), argfiles, and one lock
around Maven, since the Neo4j launcher
and ROBOT both resolve into the same ~/.m2 and two Mavens writing one local repository at
once can leave it broken."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.problems import AlskgError

ProgressFn = Callable[[str], None]
_HINTS = {"java": "a Java 17+ runtime (e.g. apt-get install openjdk-17-jdk-headless)",
          "javac": "a Java 17+ JDK, not just a JRE (e.g. openjdk-17-jdk-headless)",
          "mvn": "Apache Maven (e.g. apt-get install maven)"}


class JvmError(AlskgError):
    """A Java tool is missing, or Maven could not resolve one."""


def find_tool(name: str) -> str | None:
    """`name` from JAVA_HOME (for java and javac, as Neo4j's and Maven's scripts do), else
    from PATH; None when neither has it."""
    java_home = os.environ.get("JAVA_HOME")
    if java_home and name in ("java", "javac"):
        candidate = Path(java_home) / "bin" / name
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which(name)


def require_tool(name: str) -> str:
    """find_tool, or an error saying what to install."""
    found = find_tool(name)
    if found is None:
        raise JvmError(f"`{name}` not found on PATH: install {_HINTS[name]}")
    return found


def write_argfile(path: Path, classpath: str) -> Path:
    """A java @argfile holding `-cp CLASSPATH`: it keeps the ~25 kB classpath out of argv,
    so `ps` stays readable and no length limit applies. Java argfiles use double quotes with
    backslash escapes."""
    quoted = classpath.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(f'-cp\n"{quoted}"\n', encoding="utf-8")
    return path


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


_DOWNLOADED_RE = re.compile(r"Downloaded from [^:]+: (\S+)(?: \(([\d.]+) (B|kB|MB|GB))?")


def resolve_classpath(pom: Path, output: Path, log_path: Path, what: str, size: str,
                      say: ProgressFn) -> list[str]:
    """build_classpath, saying what Maven downloads as it goes (a cold ~/.m2 takes about a
    minute), and a JvmError naming Maven's first error when it fails. `what` names the tool
    and its version, `size` what a first download weighs. Call it holding maven_lock()."""
    mvn = require_tool("mvn")
    say(f"Resolving {what} with Maven (first use only; log: {log_path})")
    started = time.monotonic()
    files, mbytes, last_report = 0, 0.0, 0.0
    first_error = last_line = ""

    def progress(line: str) -> None:
        nonlocal files, mbytes, last_report, first_error, last_line
        if line.strip():
            last_line = line.strip()
        if line.startswith("[ERROR]") and not first_error:
            first_error = line[len("[ERROR]"):].strip()
        m = _DOWNLOADED_RE.search(line)
        if m is None:
            return
        if files == 0:
            say(f"Downloading {what} from Maven Central ({size}, about a minute)")
        files += 1
        if m.group(2):
            mbytes += float(m.group(2)) * {"B": 1e-6, "kB": 1e-3, "MB": 1.0, "GB": 1e3}[m.group(3)]
        # Maven prints ~900 lines on a cold cache; a summary line every couple of seconds
        # is enough to show it is moving.
        now = time.monotonic()
        if now - last_report >= 2.0:
            last_report = now
            say(f"  {files} files, {mbytes:.1f} MB so far ({m.group(1).rsplit('/', 1)[-1]})")

    rc, jars = build_classpath(mvn, pom, output, log_path, progress)
    if rc != 0 or jars is None:
        # Maven's first [ERROR] names the failed artifact or goal; without one (the JVM
        # itself did not start, say) the last line is the most telling.
        reason = first_error or last_line
        detail = f": {reason[:300]}" if reason else ""
        raise JvmError(f"Maven failed to resolve {what} (exit code {rc}){detail} "
                       f"- full log: {log_path}")
    if files:
        say(f"{what} ready: {len(jars)} jars ({files} files, {mbytes:.0f} MB downloaded in "
            f"{time.monotonic() - started:.0f} s)")
    return jars
