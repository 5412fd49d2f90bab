"""alskg as users install it: sdist and wheel built with `python -m build`, the wheel
installed into a fresh venv, every command run from directories outside the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _run(cmd: list[str], cwd: Path, env: dict[str, str],
         check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check:
        assert done.returncode == 0, (cmd, done.stdout[-2000:], done.stderr[-2000:])
    return done


def _snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")}


@dataclass
class Installed:
    alskg: str
    env: dict[str, str]
    base: Path
    site: Path
    wheel: Path
    before: dict[str, float]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """A wheel built from this checkout, installed into a new venv."""
    base = tmp_path_factory.mktemp("install")
    dist = base / "dist"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALSKG_")}
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], base, env)
    wheels, sdists = list(dist.glob("*.whl")), list(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], base, env)
    _run([str(venv / "bin" / "pip"), "install", "-q", str(wheels[0])], base, env)
    site = Path(_run([str(venv / "bin" / "python"), "-c",
                      "import kg, pathlib; print(pathlib.Path(kg.__file__).parent)"],
                     base, env).stdout.strip())
    # a user's own folders, far from the checkout: data and config homes included
    home = base / "home"
    home.mkdir()
    user_env = {**env, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"}
    yield Installed(str(venv / "bin" / "alskg"), user_env, base, site, wheels[0],
                    _snapshot(site))


def test_wheel_carries_its_data_and_no_source_paths(installed: Installed) -> None:
    import zipfile

    names = zipfile.ZipFile(installed.wheel).namelist()
    for needed in ("kg/_shipped/ontology/categories.yaml", "kg/_shipped/queries/trials.cypher",
                   "kg/_shipped/queries/trials.sql", "kg/_shipped/queries/trials.keys.sql",
                   "kg/_shipped/curated/genes.yaml", "kg/_shipped/server/pom.xml",
                   "kg/_shipped/server/src/main/java/alskg/Launcher.java",
                   "kg/_shipped/ontology/shapes.ttl", "kg/neo4j/cypher/node.cypher",
                   "kg/web/templates/entity.html", "kg/web/static/explorer.js",
                   "kg/web/static/style.css",
                   "kg/_shipped/sources/manifest.yaml", "kg/_shipped/sources/gene2go.als.tsv",
                   "kg/_shipped/sources/hgnc_complete_set.tsv.gz",
                   "kg/_shipped/sources/pubmed.als.xml", "kg/refs/pubmed_xml.py",
                   "kg/_shipped/docs/ranking.md", "kg/_shipped/docs/data.md",
                   "kg/_shipped/docs/security.md", "kg/_shipped/docs/kgx.md",
                   "loaders/extract/als.py"):
        assert needed in names, needed
    assert not any(n.endswith((".pickle", ".pkl")) for n in names)
    assert ROOT not in installed.site.parents


def test_the_guides_the_help_cites_come_with_the_wheel(installed: Installed) -> None:
    import zipfile

    # the guides, not the screenshots beside them in docs/
    assert not any(n.endswith(".png") for n in zipfile.ZipFile(installed.wheel).namelist())
    for topic in ("ranking", "data", "security", "kgx"):
        done = _run([installed.alskg, "docs", topic], installed.base, installed.env)
        assert done.stdout == (ROOT / "docs" / f"{topic}.md").read_text(encoding="utf-8")
    version = _run([installed.alskg, "--version"], installed.base, installed.env)
    assert version.stdout.startswith("alskg ")


def test_workspace_from_an_empty_directory(installed: Installed) -> None:
    alskg, env, base = installed.alskg, installed.env, installed.base
    lab = base / "lab"
    lab.mkdir()
    created = _run([alskg, "init", "ws"], lab, env)
    assert "created workspace" in created.stdout
    ws = lab / "ws"
    assert (ws / "alskg.toml").is_file() and (ws / "data" / "example.yaml").is_file()
    assert (ws / ".alskg" / ".gitignore").read_text() == "*\n"
    again = _run([alskg, "init", "ws"], lab, env, check=False)
    assert again.returncode == 1 and "already exists" in again.stderr
    deep = ws / "data" / "notes"
    deep.mkdir()
    # commands find the workspace from a folder inside it, as git does
    assert "valid" in _run([alskg, "validate"], deep, env).stdout
    built = _run([alskg, "build"], deep, env)
    assert str(ws / ".alskg" / "graph.db") in built.stdout
    shown = json.loads(_run([alskg, "show", "SOD1", "--format", "json"], deep, env).stdout)
    assert shown["id"] == "NCBIGene:6647" and shown["edges"]
    assert any(e["citations"] for e in shown["edges"])
    fus = json.loads(_run([alskg, "show", "FUS", "--format", "json"], ws, env).stdout)
    mine = [e for e in fus["edges"] if e["source"] == "alskg:workspace"]
    assert [f["id"] for e in mine for f in e["findings"]] == ["alskg:example-F1"]
    assert mine[0]["citations"] == ["PMID:19251628"]
    # the cited paper's record, from the metadata shipped inside the wheel
    ref = json.loads(_run([alskg, "refs", "show", "PMID:19251628", "--format", "json"], ws,
                          env).stdout)
    assert ref["source"] == "shipped" and ref["title"] and ref["abstract"] is None
    ran = json.loads(_run([alskg, "query", "run", "therapies-for-gene", "-p", "gene=FUS",
                           "--format", "json"], ws, env).stdout)
    assert "ulefnersen" in {r["therapy"] for r in ran["rows"]}
    path = json.loads(_run([alskg, "path", "FUS", "ulefnersen", "--format", "json"], ws,
                           env).stdout)
    assert path["paths"] and all(h["edges"] for p in path["paths"] for h in p["hops"])
    found = json.loads(_run([alskg, "search", "SOD", "--format", "json"], ws, env).stdout)
    assert found["entities"][0]["name"] == "SOD1"
    _run([alskg, "export", "rdf", "-o", str(lab / "out.ttl")], ws, env)
    assert "NCBIGene" in (lab / "out.ttl").read_text() or "ncbi.nlm.nih.gov/gene/6647" in \
        (lab / "out.ttl").read_text()
    # alone: only the workspace's files (and the ontology's own terms)
    alone = _run([alskg, "build", "--no-shipped"], ws, env)
    assert alone.returncode == 0
    stats = json.loads(_run([alskg, "stats", "--format", "json"], ws, env).stdout)
    assert set(stats["edge_sources"]) == {"alskg:workspace"}
    # a bad workspace file gets its own file and line
    (ws / "data" / "bad.yaml").write_text("findings:\n  - id: alskg:F-bad\n    subject: SOD1\n")
    bad = _run([alskg, "validate"], ws, env, check=False)
    assert bad.returncode == 1
    assert any(line.startswith(("data/bad.yaml:2:", "bad.yaml:2:")) or "data/bad.yaml:2:" in line
               for line in bad.stderr.splitlines()), bad.stderr


def test_outside_a_workspace_the_user_data_directory_holds_the_store(
        installed: Installed) -> None:
    alskg, env, base = installed.alskg, installed.env, installed.base
    empty = base / "empty"
    empty.mkdir()
    _run([alskg, "build"], empty, env)
    store = Path(env["XDG_DATA_HOME"]) / "alskg" / "graph.db"
    assert store.is_file()
    assert list(empty.iterdir()) == []
    shown = json.loads(_run([alskg, "show", "NCBIGene:6647", "--format", "json"], empty,
                            env).stdout)
    assert shown["name"] == "SOD1"
    # ALSKG_STORE and ALSKG_HOME override it
    other = base / "other.db"
    _run([alskg, "build"], empty, {**env, "ALSKG_STORE": str(other)})
    assert other.is_file()
    _run([alskg, "build"], empty, {**env, "ALSKG_HOME": str(base / "alskg-home")})
    assert (base / "alskg-home" / "graph.db").is_file()
    # the installed package is never written to, not even by the ontology tools
    refused = _run([alskg, "ontology", "add", "--label", "x", "--definition", "y",
                    "--parent", "alskg:0000001"], empty, env, check=False)
    assert refused.returncode == 1 and "no ontology folder in" in refused.stderr
    assert "Traceback" not in refused.stderr
    refused = _run([alskg, "ontology", "add", "--label", "x", "--definition", "y",
                    "--parent", "alskg:0000001", "--ontology",
                    str(installed.site / "_shipped" / "ontology")], empty, env, check=False)
    assert refused.returncode == 1 and "read-only" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert _snapshot(installed.site) == installed.before
