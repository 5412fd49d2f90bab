"""Neo4j's own offline importer, run for real: `alskg neo4j import` and the import.sh that
`alskg export neo4j-csv` writes both give a database that answers as the embedded store
does, and a failed import leaves the old database answering."""

from __future__ import annotations

import functools
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.neo4j import server
from kg.neo4j.server import ServerConfig
from kg.store.backend import EmbeddedBackend
from tests.conftest import run_cli


def _config(data_dir: Path) -> ServerConfig:
    return ServerConfig(port=server.free_port(), data_dir=data_dir, heap="512m",
                        pagecache="128m")


@pytest.fixture(scope="module")
def own_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerConfig]:
    """A server of this module's own: `neo4j import` stops and restarts it."""
    cfg = _config(tmp_path_factory.mktemp("neo4j-import"))
    server.start(cfg)
    try:
        yield cfg
    finally:
        server.stop(cfg)


def _server_args(cfg: ServerConfig) -> list[str]:
    return ["--port", str(cfg.port), "--data-dir", str(cfg.data_dir), "--heap", cfg.heap,
            "--pagecache", cfg.pagecache]


def _answers(store: Path, uri: str | None = None) -> list[object]:
    """What a researcher sees: stats, an entity, a canned query."""
    if uri is None:
        return _store_answers(store)
    return _asked(store, uri)


@functools.cache
def _store_answers(store: Path) -> list[object]:
    # a store does not change once built: its answers are read once a module
    return _asked(store, None)


def _asked(store: Path, uri: str | None) -> list[object]:
    backend = ["--backend", "neo4j", "--uri", uri] if uri else ["--store", str(store)]
    out = []
    for argv in (["stats"], ["show", "SOD1"], ["show", "FUS"],
                 ["query", "run", "pediatric-genes", "--limit", "0"],
                 ["query", "run", "pediatric-genes", "--limit", "3", "--offset", "2"]):
        done = run_cli(*argv, "-f", "json", *backend)
        assert done.returncode == 0, done.stderr
        out.append(json.loads(done.stdout))
    return out


def _listing_counts_kept(uri: str) -> bool:
    """Whether the import kept the counts of pediatric-genes, equal to those a page
    would count live (kg/neo4j/listings.py)."""
    from kg.neo4j.backend import Neo4jBackend
    from kg.neo4j.listings import COUNTED, kept

    backend = Neo4jBackend.connect(uri=uri)
    try:
        found = kept(backend.driver, backend.database, "pediatric-genes")
        (live,) = backend.run(COUNTED["pediatric-genes"])
    finally:
        backend.close()
    return found is not None and sorted(zip(*found, strict=True)) == sorted(
        zip(live["keys"], live["counts"], strict=True)) and bool(found[0])


def test_neo4j_import_answers_as_the_embedded_store(own_server: ServerConfig,
                                                    shipped_store: Path) -> None:
    done = run_cli("neo4j", "import", *_server_args(own_server), "--store", str(shipped_store))
    assert done.returncode == 0, done.stderr
    assert "importing 1,168 nodes" in done.stderr or "importing" in done.stderr
    info = server.status(own_server)
    assert info is not None and info.uri in done.stdout
    assert _answers(shipped_store, info.uri) == _answers(shipped_store)
    assert _listing_counts_kept(info.uri)
    # HGNC's names table came with the graph: a gene with no edges is named alike
    gene = [run_cli("show", "BRCA1", *where).stderr for where in (
        ["--backend", "neo4j", "--uri", info.uri], ["--store", str(shipped_store)])]
    assert "HGNC:1100" in gene[0] and gene[0] == gene[1]
    # the constraint and indexes were created on the imported database
    constraints = run_cli("query", "run", "pediatric-genes", "--backend", "neo4j", "--uri",
                          info.uri)
    assert constraints.returncode == 0


def test_a_failed_import_leaves_the_old_database(own_server: ServerConfig,
                                                 shipped_store: Path, tmp_path: Path) -> None:
    from kg import api

    info = server.status(own_server)
    assert info is not None
    # the old database, loaded over Bolt: what it holds matters, not how it came
    api.neo4j_load(store_path=shipped_store, wipe=True, uri=info.uri)
    before = _answers(shipped_store, info.uri)
    assert before == _answers(shipped_store)
    files = tmp_path / "csv"
    assert run_cli("export", "neo4j-csv", str(files), "--store",
                   str(shipped_store)).returncode == 0
    rels = sorted(files.glob("relationships-*[0-9].csv"))[0]
    lines = rels.read_text(encoding="utf-8").splitlines()
    width = len(rels.with_name(rels.name[:-4] + ".header.csv").read_text().split(","))
    # a relationship to no node, as wide as its header
    lines.insert(3, '"NOPE:1","NOPE:2","TARGETS","x"' + "," * (width - 4))
    rels.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli("neo4j", "import", *_server_args(own_server), "--from", str(files))
    assert done.returncode == 1
    error = [line for line in done.stderr.splitlines() if "error:" in line]
    assert len(error) == 1 and "missing node NOPE:1" in error[0], done.stderr
    assert "database is unchanged" in error[0] and "import.log" in error[0]
    assert "Traceback" not in done.stderr
    again = server.status(own_server)
    assert again is not None and again.pid == info.pid  # never stopped: the import failed first
    assert _answers(shipped_store, again.uri) == before
    assert not [p for p in own_server.data_dir.iterdir() if p.name.startswith(".import-")]


@pytest.fixture(scope="module")
def multiline_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data and a gene whose description spans lines."""
    from kg import api
    from loaders.curated import DEFAULT_DIR

    folder = tmp_path_factory.mktemp("multiline")
    extra = folder / "extra"
    extra.mkdir()
    (extra / "genes.yaml").write_text(
        "entities:\n  - id: NCBIGene:999999991\n    category: Gene\n    name: TESTGENE\n"
        "    description: |\n      first line, \"quoted\"\n      second line\n",
        encoding="utf-8")
    store = folder / "graph.db"
    result, problems = api.build([DEFAULT_DIR, extra], store)
    assert result is not None, [str(p) for p in problems if p.level == "error"]
    return store


def test_line_breaks_in_values_turn_on_multiline_fields(tmp_path: Path, shipped_store: Path,
                                                        multiline_store: Path) -> None:
    """The importer is told that fields span lines only when some value has a line break
    (told always, it reads each file in one thread); that such a value survives the import
    is checked where the written script runs, on the same graph."""
    from kg import api
    from kg.neo4j.csv_files import import_arguments

    api.export_neo4j_csv(tmp_path / "plain", shipped_store)
    assert "--multiline-fields=false" in import_arguments(tmp_path / "plain")
    # a group without its mark (hand-made files, an older export) gets the safe setting
    next((tmp_path / "plain").glob("relationships-*.one-line")).unlink()
    assert "--multiline-fields=true" in import_arguments(tmp_path / "plain")
    api.export_neo4j_csv(tmp_path / "broken", multiline_store)
    assert "--multiline-fields=true" in import_arguments(tmp_path / "broken")


def test_the_written_import_script_runs(multiline_store: Path, tmp_path: Path) -> None:
    """import.sh, as `alskg export neo4j-csv` writes it, imports a graph with a value that
    spans lines, and the database answers as the store does."""
    files = tmp_path / "csv"
    assert run_cli("export", "neo4j-csv", str(files), "--store",
                   str(multiline_store)).returncode == 0
    assert "--multiline-fields=true" in (files / "import.sh").read_text(encoding="utf-8")
    # neo4j-admin as a Neo4j installation has it: AdminTool with NEO4J_HOME set
    home = tmp_path / "home"
    (home / "conf").mkdir(parents=True)
    shim = tmp_path / "bin"
    shim.mkdir()
    argfile = server.launcher_argfile(lambda _: None)
    (shim / "neo4j-admin").write_text(
        f'#!/bin/sh\nexec java -Xmx512m @{argfile} org.neo4j.cli.AdminTool "$@"\n')
    (shim / "neo4j-admin").chmod(0o755)
    env = {**os.environ, "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}",
           "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")}
    # run from a folder of the test's own: neo4j-admin writes import.report where it runs
    done = subprocess.run(["sh", str(files / "import.sh")], capture_output=True, text=True,
                          env=env, timeout=600, cwd=tmp_path)
    assert (tmp_path / "import.report").exists()
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    stats = EmbeddedBackend(multiline_store).stats()
    assert f"{stats['nodes']} nodes" in done.stdout
    assert f"{stats['edges']} relationships" in done.stdout
    cfg = _config(home)
    info = server.start(cfg)
    try:
        assert _answers(multiline_store, info.uri) == _answers(multiline_store)
        done = run_cli("show", "TESTGENE", "-f", "json", "--backend", "neo4j", "--uri",
                       info.uri)
        assert done.returncode == 0, done.stderr
        node = json.loads(done.stdout)
        assert node["properties"]["description"] == 'first line, "quoted"\nsecond line\n'
    finally:
        server.stop(cfg)


# -- curated files straight to Neo4j (kg/neo4j/stream.py) ---------------------------------

@pytest.fixture(scope="module")
def curated_set(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], Path]:
    """The shipped curated files and a small synthetic set beside them, and the embedded
    store `alskg build` makes of them."""
    from bench.generate import generate
    from kg import api
    from loaders.curated import DEFAULT_DIR

    folder = tmp_path_factory.mktemp("stream")
    generate(folder / "syn", 1)
    paths = [DEFAULT_DIR, folder / "syn"]
    store = folder / "graph.db"
    result, problems = api.build(paths, store)
    assert result is not None, [str(p) for p in problems if p.level == "error"]
    return paths, store


def test_streamed_files_are_the_built_graphs(curated_set: tuple[list[Path], Path],
                                             tmp_path: Path) -> None:
    """Row for row, the files the streaming path writes are those of the built store."""
    from kg import api
    from kg.neo4j.stream import write_from_sources
    from tests.neo4j.test_neo4j_csv import read_rows

    paths, store = curated_set
    exported = api.export_neo4j_csv(tmp_path / "store", store)
    streamed = write_from_sources(api.default_sources(paths), api.load_ontology(),
                                  tmp_path / "stream", partitions=4)
    assert (streamed["nodes"], streamed["edges"]) == (exported["nodes"], exported["edges"])
    # a relationship's id is written only where it is not derived from its ends, predicate
    # and source (kg/neo4j/rows.py), so those key it
    keys = {"nodes": ("id:ID",),
            "relationships": (":START_ID", ":END_ID", ":TYPE", "source", "id")}
    for kind, key in keys.items():
        def rows(folder: Path, kind: str = kind,
                 key: tuple[str, ...] = key) -> dict[tuple[str, ...], dict[str, str]]:
            # a cell left empty is no property, whichever typed column it sits in
            return {tuple(r.get(k, "") for k in key): {k: v for k, v in r.items() if v}
                    for r in read_rows(folder, kind)}
        streamed_rows = rows(tmp_path / "stream")
        assert len(streamed_rows) == (streamed["nodes"] if kind == "nodes"
                                      else streamed["edges"])
        assert streamed_rows == rows(tmp_path / "store")
    assert not (tmp_path / "stream" / "edges.tmp").exists()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


FINDING = """findings:
  - id: alskg:stream-F1
    subject: NCBIGene:6647
    predicate: {predicate}
    object: {object}
    evidence: ECO:0000269
    population: juvenile
    citations: [PMID:34946884]
"""


def test_streaming_errors_name_file_and_line(tmp_path: Path) -> None:
    from kg import api
    from kg.neo4j.stream import write_from_sources
    from kg.problems import InputError
    from loaders.curated import DEFAULT_DIR

    ontology = api.load_ontology()
    cases = [  # read by a worker; merged and checked by another; two files, one id
        ([FINDING.format(predicate="causes_nothing", object="alskg:juvenile-als")],
         r"f0\.yaml:4: error: unknown predicate 'causes_nothing'"),
        ([FINDING.format(predicate="genetic_basis_for", object="MONDO:9999999")],
         r"f0\.yaml:5: error: object MONDO:9999999 of 'genetic_basis_for' is not defined"),
        ([FINDING.format(predicate="genetic_basis_for", object="alskg:juvenile-als")] * 2,
         r"f1\.yaml:2: error: duplicate id alskg:stream-F1 \(first defined at .*f0\.yaml:2\)"),
    ]
    for n, (texts, message) in enumerate(cases):
        folder = tmp_path / f"case{n}"
        files = [_write(folder / "data" / f"f{i}.yaml", t) for i, t in enumerate(texts)]
        with pytest.raises(InputError, match=message):
            write_from_sources(api.default_sources([DEFAULT_DIR, *files]), ontology,
                               folder / "out", partitions=3)
        assert not (folder / "out" / "edges.tmp").exists()
    # a finding citing a retracted paper is a warning, as in a build, named where it is
    said: list[str] = []
    cited = _write(tmp_path / "warn" / "f.yaml", FINDING.format(
        predicate="genetic_basis_for", object="alskg:juvenile-als").replace(
        "[PMID:34946884]", "[PMID:34946884, PMID:1281519]"))
    result = write_from_sources(api.default_sources([DEFAULT_DIR, cited]), ontology,
                                tmp_path / "warn" / "out", partitions=3, progress=said.append)
    assert result["warnings"] == 1
    assert [m for m in said if "warning" in m and "PMID:1281519" in m
            and "f.yaml:2:" in m], said


def test_streaming_import_answers_as_the_embedded_store(
        own_server: ServerConfig, curated_set: tuple[list[Path], Path], tmp_path: Path) -> None:
    paths, store = curated_set
    done = run_cli("neo4j", "import", *_server_args(own_server), "--from-curated",
                   *map(str, paths))
    assert done.returncode == 0, done.stderr
    info = server.status(own_server)
    assert info is not None
    answers = _answers(store, info.uri)
    assert answers == _answers(store)
    assert _listing_counts_kept(info.uri)
    synthetic = ["show", "NCBIGene:900000000", "-f", "json"]
    assert (json.loads(run_cli(*synthetic, "--backend", "neo4j", "--uri", info.uri).stdout)
            == json.loads(run_cli(*synthetic, "--store", str(store)).stdout))
    # an error in one file: one line naming it, and the database still answers as before
    bad = _write(tmp_path / "bad.yaml",
                 FINDING.format(predicate="genetic_basis_for", object="MONDO:9999999"))
    failed = run_cli("neo4j", "import", *_server_args(own_server), "--from-curated",
                     *map(str, paths), str(bad))
    assert failed.returncode == 1
    errors = [line for line in failed.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and "bad.yaml:5: error: object MONDO:9999999" in errors[0], \
        failed.stderr
    assert "Traceback" not in failed.stderr
    again = server.status(own_server)
    assert again is not None and again.pid == info.pid
    assert _answers(store, again.uri) == answers
