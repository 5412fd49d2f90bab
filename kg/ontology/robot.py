"""ROBOT (the OBO Foundry's ontology tool), resolved from Maven Central as the Neo4j jars
are: Maven's dependency plugin resolves `org.obolibrary.robot:robot-command` into ~/.m2 and
writes the classpath, which is cached under ~/.cache/alskg/robot/; no jar is ever copied
into the project. Used by the test suite to run `robot report` and `robot reason` on the
exported ontology, and by maintainers (`run(["report", "-i", "alskg.ttl"])`)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from kg.jvm import cache_root, maven_lock, require_tool, resolve_classpath, write_argfile

VERSION = "1.9.8"
MAIN = "org.obolibrary.robot.CommandLineInterface"
POM = f"""<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>alskg</groupId>
  <artifactId>alskg-robot</artifactId>
  <version>0.1.0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.obolibrary.robot</groupId>
      <artifactId>robot-command</artifactId>
      <version>{VERSION}</version>
    </dependency>
  </dependencies>
</project>
"""
#: robot report's rules that `alskg ontology check` runs on the same export, by ROBOT name
SHARED_RULES = {
    "duplicate_label": "export-duplicate-label",
    "missing_label": "export-missing-label",
    "missing_definition": "export-missing-definition",
    "missing_ontology_title": "missing-ontology-header",
    "missing_ontology_description": "missing-ontology-header",
    "missing_ontology_license": "missing-ontology-header",
}


def _cache_dir() -> Path:
    return cache_root() / "robot" / VERSION


def classpath() -> str:
    """ROBOT's classpath, resolved with Maven on first use and cached while its jars exist."""
    cache = _cache_dir()
    cp_file = cache / "classpath.txt"
    with maven_lock():
        if cp_file.is_file():
            jars = cp_file.read_text().split(os.pathsep)
            if jars and all(Path(j).is_file() for j in jars):
                return os.pathsep.join(jars)
        return _resolve(cache, cp_file)


def _resolve(cache: Path, cp_file: Path) -> str:
    cache.mkdir(parents=True, exist_ok=True)
    (cache / "pom.xml").write_text(POM)
    raw = cache / "classpath.raw"
    log = cache / "maven.log"
    jars = resolve_classpath(cache / "pom.xml", raw, log, f"ROBOT {VERSION}", "~80 MB",
                             lambda message: print(message, file=sys.stderr, flush=True))
    tmp = cp_file.with_suffix(".tmp")
    tmp.write_text(os.pathsep.join(jars))
    tmp.replace(cp_file)
    return os.pathsep.join(jars)


@dataclass(frozen=True)
class Result:
    returncode: int
    output: str


def run(args: list[str], cwd: Path | None = None, timeout_s: float = 600) -> Result:
    """`robot ARGS...`; the classpath travels in an @argfile, not on the command line."""
    cache = _cache_dir()
    argfile = cache / "classpath.args"
    cp = classpath()
    write_argfile(argfile, cp)
    proc = subprocess.run([require_tool("java"), "-Xmx1g", f"@{argfile}", MAIN, *args], cwd=cwd,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=timeout_s)
    return Result(proc.returncode, proc.stdout + proc.stderr)


def report_rows(tsv: Path) -> list[dict[str, str]]:
    """The rows of a `robot report -o FILE.tsv`: Level, Rule Name, Subject, Property, Value."""
    lines = tsv.read_text(encoding="utf-8").splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=False)) for line in lines[1:] if line]
