"""KGX out and in (issue 24): the export of the shipped graph passes KGX's own validator,
offline; the reader bounds hostile input and reports what it skips once; the round trip
export -> import --no-shipped -> export gives the same nodes and edges."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import limits
from kg.kgx import terms as kt
from kg.kgx.write import write
from kg.ontology.model import load_ontology
from kg.problems import Problem
from loaders.kgx import KgxSource
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def export(shipped_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kgx") / "alskg"
    result = write(shipped_store, out)
    assert result["nodes"] > 3000 and result["edges"] > 6000
    return out


def _biolink_files() -> tuple[Path, dict[str, str]]:
    import biolink_model

    base = Path(list(biolink_model.__path__)[0])
    prefix_map = json.loads((base / "prefixmaps" / "biolink-model-prefix-map.json").read_text())
    return base / "schema" / "biolink_model.yaml", prefix_map


@pytest.fixture(scope="module")
def toolkit() -> Iterator[Any]:
    """Biolink Model Toolkit on the schema the biolink-model package ships. bmt fetches the
    predicate map (which the package does not ship, and the validator does not use) at
    construction: it gets an empty one, and any other network access fails the test."""
    import bmt
    import bmt.toolkit

    schema, _ = _biolink_files()

    class _Empty:
        text = "{}"

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the KGX validator tried to reach the network")

    mp = pytest.MonkeyPatch()
    mp.setattr(bmt.toolkit.requests, "get", lambda url, *a, **k: _Empty())
    mp.setattr(socket.socket, "connect", refuse)
    tk = bmt.toolkit.Toolkit(schema=str(schema))
    # kgx.utils.kgx_utils builds a Toolkit() of the remote schema when imported
    mp.setattr(bmt, "Toolkit", lambda *a, **k: tk)
    try:
        yield tk
    finally:
        mp.undo()


def _validate(folder: Path, toolkit: Any, extra: dict[str, str]) -> dict[str, Any]:
    """KGX's own validator, as `kgx validate` runs it (a streaming Transformer with the
    Validator as inspector), on the Biolink prefix map the package ships plus `extra`."""
    import kgx.config
    import kgx.utils.kgx_utils as ku

    _, prefix_map = _biolink_files()
    kgx.config.jsonld_context_map["biolink"] = {**prefix_map, **extra}
    ku._default_toolkit = toolkit
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    Validator._currently_active_toolkit = toolkit
    validator = Validator()
    transformer = Transformer(stream=True)
    transformer.transform(
        input_args={"filename": [str(folder / "nodes.jsonl"), str(folder / "edges.jsonl")],
                    "format": "jsonl"},
        output_args={"format": "null"}, inspector=validator)
    assert transformer.get_errors() == {}
    return {level: {kind: len(msgs) for kind, msgs in kinds.items()}
            for level, kinds in validator.get_errors().items()}


def test_kgx_validator_passes_the_shipped_export(export: Path, toolkit: Any) -> None:
    meta = json.loads((export / "graph-metadata.json").read_text())
    # the graph's own prefix (alskg ids) and the infores prefix, as graph-metadata declares
    declared = meta["curie_map"]
    assert _validate(export, toolkit, declared) == {}
    # with Biolink's prefix map alone, the only errors are the alskg-minted ids
    strict = _validate(export, toolkit, {})
    assert set(strict) == {"ERROR"}
    assert set(strict["ERROR"]) == {"INVALID_NODE_PROPERTY_VALUE",
                                    "INVALID_EDGE_PROPERTY_VALUE"}
    alskg_nodes = sum(1 for line in (export / "nodes.jsonl").open()
                      if json.loads(line)["id"].startswith("alskg:"))
    assert strict["ERROR"]["INVALID_NODE_PROPERTY_VALUE"] == alskg_nodes


def test_kgx_validator_passes_the_sf1_export(toolkit: Any,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    """The synthetic SF1 graph of the benchmarks (bench/generate.py) beside the shipped
    data: some 10,000 more edges of every predicate the generator writes, 0 errors."""
    from bench.generate import generate
    from kg import api
    from tests.conftest import ROOT

    base = tmp_path_factory.mktemp("kgx-sf1")
    generate(base / "syn", 1)
    built, problems = api.build([ROOT / "data" / "curated", base / "syn"], base / "g.db")
    assert built is not None, [str(p) for p in problems if p.level == "error"]
    result = write(base / "g.db", base / "kgx")
    assert result["edges"] > 15_000
    meta = json.loads((base / "kgx" / "graph-metadata.json").read_text())
    assert _validate(base / "kgx", toolkit, meta["curie_map"]) == {}


def test_mappings_name_biolink_categories_and_predicates(toolkit: Any) -> None:
    ontology = load_ontology()
    for cat in ontology.categories:
        cls = kt.category_class(ontology, cat).split(":", 1)[1]
        assert toolkit.is_category(cls) and not toolkit.is_mixin(cls), (cat, cls)
    for pred in ontology.predicates:
        p = kt.predicate_of(ontology, pred).split(":", 1)[1]
        assert toolkit.is_predicate(p), (pred, p)
        assert toolkit.get_element(p).deprecated is None, (pred, p)
    assert not any(toolkit.is_category(c.split(":")[1]) for c in kt.NOT_CATEGORIES)
    assert not any(toolkit.is_predicate(p.split(":")[1]) for p in kt.NOT_PREDICATES)


def test_every_curie_prefix_is_biolinks_or_declared(export: Path) -> None:
    _, prefix_map = _biolink_files()
    meta = json.loads((export / "graph-metadata.json").read_text())
    known = set(prefix_map) | set(meta["curie_map"])
    seen: set[str] = set()
    for line in (export / "nodes.jsonl").open():
        rec = json.loads(line)
        seen |= {c.split(":")[0] for c in [rec["id"], *rec["category"], *rec.get("xref", []),
                                           *rec["provided_by"]]}
    for line in (export / "edges.jsonl").open():
        rec = json.loads(line)
        seen |= {c.split(":")[0] for c in [rec["subject"], rec["object"], rec["predicate"],
                                           rec["primary_knowledge_source"],
                                           *rec.get("publications", []),
                                           *rec.get("has_evidence", []),
                                           *rec.get("aggregator_knowledge_source", [])]}
    assert seen <= known, seen - known
    assert set(meta["curie_map"]) == {"alskg", "infores"}


def test_edges_carry_knowledge_sources_and_evidence(export: Path) -> None:
    by_source: dict[str, dict[str, Any]] = {}
    for line in (export / "edges.jsonl").open():
        rec = json.loads(line)
        by_source.setdefault(rec["alskg_source"], rec)
        assert rec["knowledge_level"] and rec["agent_type"]
    assert by_source["alskg:curated"]["primary_knowledge_source"] == "infores:alskg"
    assert "aggregator_knowledge_source" not in by_source["alskg:curated"]
    for src, infores in (("alskg:go", "infores:go"), ("alskg:gene2go", "infores:ncbi-gene"),
                         ("alskg:hpo", "infores:hpo-annotations"),
                         ("alskg:mondo", "infores:mondo")):
        assert by_source[src]["primary_knowledge_source"] == infores
        assert by_source[src]["aggregator_knowledge_source"] == ["infores:alskg"]
    curated = by_source["alskg:curated"]
    assert curated["has_evidence"][0].startswith("ECO:") and curated["alskg_findings"]
    meta = json.loads((export / "graph-metadata.json").read_text())
    assert meta["counts"]["edges"] == sum(1 for _ in (export / "edges.jsonl").open())
    assert {s["alskg_source"] for s in meta["sources"]} >= {"alskg:go", "alskg:curated"}
    assert all(s.get("licence") for s in meta["sources"])


def test_round_trip_through_an_empty_workspace(export: Path, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "data").mkdir(parents=True)
    (ws / "alskg.toml").write_text('[workspace]\ndata = ["data"]\n')
    env = {"ALSKG_HOME": str(ws)}
    done = run_cli("import", "kgx", str(export / "nodes.jsonl"), str(export / "edges.jsonl"),
                   "--no-shipped", env=env, cwd=ws)
    assert done.returncode == 0, done.stderr
    assert (ws / "data" / "kgx" / "alskg" / "nodes.jsonl").is_file()
    again = tmp_path / "again"
    done = run_cli("export", "kgx", "-o", str(again), env=env, cwd=ws)
    assert done.returncode == 0, done.stderr
    for name in ("nodes.jsonl", "edges.jsonl"):
        assert (again / name).read_bytes() == (export / name).read_bytes(), name
    # and a later build of the workspace reads the files again: the same stats
    stats = json.loads(run_cli("stats", "-f", "json", env=env, cwd=ws).stdout)
    meta = json.loads((export / "graph-metadata.json").read_text())
    assert (stats["nodes"], stats["edges"]) == (meta["counts"]["nodes"], meta["counts"]["edges"])


def test_tsv_export_reads_back(shipped_store: Path, tmp_path: Path) -> None:
    write(shipped_store, tmp_path, "tsv")
    header = (tmp_path / "edges.tsv").open().readline().rstrip("\n").split("\t")
    assert header[:4] == ["id", "subject", "predicate", "object"]
    items = list(KgxSource(tmp_path).read(load_ontology()))
    problems = [i for i in items if isinstance(i, Problem)]
    assert problems == []
    meta = json.loads((tmp_path / "graph-metadata.json").read_text())
    assert len(items) == meta["counts"]["nodes"] + meta["counts"]["edges"] - 10  # terms


def _read(folder: Path) -> list[Any]:
    return list(KgxSource(folder).read(load_ontology()))


def test_reader_reports_bad_rows_and_unknowns_once(tmp_path: Path) -> None:
    nodes = [{"id": "NCBIGene:6647", "category": ["biolink:Gene"], "name": "SOD1"},
             *({"id": f"UniProtKB:P{i:05d}", "category": ["biolink:Protein"], "name": "p"}
               for i in range(3)),
             {"id": "HP:0000006", "category": ["biolink:PhenotypicFeature"], "name": "AD"}]
    lines = [json.dumps(n) for n in nodes]
    lines.insert(2, '{"id": "broken"')
    lines.append("[1, 2]")
    (tmp_path / "nodes.jsonl").write_text("\n".join(lines) + "\n")
    edges = [{"subject": "NCBIGene:6647", "predicate": "biolink:has_phenotype",
              "object": "HP:0000006", "primary_knowledge_source": "infores:monarchinitiative"},
             *({"subject": "NCBIGene:6647", "predicate": "biolink:orthologous_to",
                "object": "HP:0000006"} for _ in range(4))]
    (tmp_path / "edges.jsonl").write_text("\n".join(json.dumps(e) for e in edges) + "\n")
    items = _read(tmp_path)
    problems = [i for i in items if isinstance(i, Problem)]
    errors = [p for p in problems if p.level == "error"]
    assert [(Path(p.file).name, p.line) for p in errors] == [("nodes.jsonl", 3),
                                                            ("nodes.jsonl", 7)]
    warnings = {p.kind: p.message for p in problems if p.level == "warning"}
    assert warnings["kgx-unknown-category"].startswith("3 records skipped: category "
                                                      "biolink:Protein")
    assert warnings["kgx-unknown-predicate"].startswith("4 records skipped: predicate "
                                                       "biolink:orthologous_to")
    edge = next(i for i in items if not isinstance(i, Problem) and hasattr(i, "predicate"))
    assert edge.predicate == "has_phenotype" and edge.source == "alskg:kgx"
    assert edge.properties["primary_knowledge_source"] == "infores:monarchinitiative"


def test_reader_bounds_hostile_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "KGX_LINE_CHARS", 1000)
    (tmp_path / "nodes.jsonl").write_text(
        '{"id": "HP:0000006", "category": ["biolink:PhenotypicFeature"], "name": "AD"}\n'
        + '{"id": "' + "x" * 5000 + '"}\n')
    problems = [i for i in _read(tmp_path) if isinstance(i, Problem)]
    assert [(p.line, "longer than 1,000 bytes" in p.message) for p in problems] == [(2, True)]
    monkeypatch.undo()
    deep = tmp_path / "deep"
    deep.mkdir()
    (deep / "nodes.jsonl").write_text('{"id": ' + "[" * 500 + "]" * 500 + "}\n"
                                      + "[" * 100_000 + "\n")
    problems = [i for i in _read(deep) if isinstance(i, Problem)]
    assert [(p.line, "nested deeper" in p.message) for p in problems] == [(1, True), (2, True)]
    ctrl = tmp_path / "ctrl"
    ctrl.mkdir()
    (ctrl / "nodes.jsonl").write_text(json.dumps({"id": "HP:1", "name": "a\x1b[2J"}) + "\n")
    assert [p.message for p in _read(ctrl)] == ["a value holds a control character"]


def test_import_outside_a_workspace_is_one_line(export: Path, tmp_path: Path) -> None:
    done = run_cli("import", "kgx", str(export / "nodes.jsonl"), env={"ALSKG_HOME": str(tmp_path)},
                   cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and "alskg init" in done.stderr
    bad = tmp_path / "graph.txt"
    bad.write_text("x")
    (tmp_path / "alskg.toml").write_text('[workspace]\ndata = ["."]\n')
    done = run_cli("import", "kgx", str(bad), env={"ALSKG_HOME": str(tmp_path)}, cwd=tmp_path)
    assert done.returncode == 1 and "not a KGX file name" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_that_does_not_build_adds_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "data").mkdir(parents=True)
    (ws / "alskg.toml").write_text('[workspace]\ndata = ["data"]\nshipped = false\n')
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "nodes.jsonl").write_text('{"id": "HP:0000006", "category": '
                                     '["biolink:PhenotypicFeature"], "name": "AD"}\n{"id": \n')
    done = run_cli("import", "kgx", str(bad / "nodes.jsonl"), env={"ALSKG_HOME": str(ws)},
                   cwd=ws)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{bad / 'nodes.jsonl'}:2: error: not a JSON object" in done.stderr
    assert list((ws / "data").iterdir()) == [] and not (ws / ".alskg" / "graph.db").exists()


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as fh:
        fh.truncate(size)


GOOD_NODE = '{"id": "HP:0000006", "category": ["biolink:PhenotypicFeature"], "name": "AD"}\n'
HOSTILE_KGX: list[tuple[str, str, str | bytes, str]] = [
    # (case, file name, content, the error after "FILE:LINE: error: ")
    ("huge-line", "nodes.jsonl",
     GOOD_NODE + '{"id": "' + "x" * (limits.KGX_LINE_CHARS + 10) + '"}\n',
     f":2: error: line longer than {limits.KGX_LINE_CHARS:,} bytes"),
    ("deep-json", "nodes.jsonl", GOOD_NODE + "[" * 100_000 + "]" * 100_000 + "\n",
     f":2: error: JSON nested deeper than {limits.KGX_DEPTH} levels"),
    ("deep-objects", "edges.jsonl", '{"a": ' * 50_000 + "1" + "}" * 50_000 + "\n",
     ":1: error: JSON nested deeper"),
    ("bad-utf8", "nodes.jsonl", GOOD_NODE.encode() + b'{"id": "HP:\xff\xfe"}\n',
     ":2: error: not UTF-8 text"),
    ("wrong-columns", "nodes.tsv",
     "id\tcategory\tname\nHP:0000006\tbiolink:PhenotypicFeature\tAD\nHP:0000007\tx\n",
     ":3: error: 2 columns, the header has 3"),
    # no references in JSON, so no billion laughs: the most a line can hold is millions of
    # tiny values, which the record's value count stops
    ("many-values", "nodes.jsonl",
     '{"id": "HP:0000006", "category": ["biolink:PhenotypicFeature"], "xref": ['
     + ",".join(['"a"'] * (limits.KGX_VALUES + 1)) + "]}\n",
     f":1: error: more than {limits.KGX_VALUES:,} values in one record"),
    ("many-values-tsv", "nodes.tsv",
     "id\tcategory\tname\txref\nHP:0000006\tbiolink:PhenotypicFeature\tAD\t"
     + "|".join(["a"] * (limits.KGX_VALUES + 1)) + "\n",
     f":2: error: more than {limits.KGX_VALUES:,} values in one record"),
    ("too-big", "nodes.jsonl", b"", f":1: file of {limits.KGX_FILE_BYTES + 1:,} bytes"),
]


@pytest.mark.parametrize(("case", "name", "content", "expect"), HOSTILE_KGX,
                         ids=[c[0] for c in HOSTILE_KGX])
def test_import_kgx_bounds_hostile_files(case: str, name: str, content: str | bytes,
                                         expect: str, tmp_path: Path) -> None:
    """`alskg import kgx` of a hostile file, as a user's process meets it (the memory cap and
    time bound of tests/test_hostile.py): exit 1, the error names file and line, no
    traceback, and the workspace is left as it was."""
    from tests.test_hostile import run_capped

    ws = tmp_path / "ws"
    (ws / "data").mkdir(parents=True)
    (ws / "alskg.toml").write_text('[workspace]\ndata = ["data"]\nshipped = false\n')
    src = tmp_path / "in" / name
    src.parent.mkdir()
    if case == "too-big":
        _sparse(src, limits.KGX_FILE_BYTES + 1)
    elif isinstance(content, bytes):
        src.write_bytes(content)
    else:
        src.write_text(content)
    done = run_capped(["import", "kgx", str(src)], ws, env={"ALSKG_HOME": str(ws)})
    assert done.returncode == 1, (done.stdout[-300:], done.stderr[-300:])
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    lines = done.stderr.splitlines()
    # the one error, under "nothing was added" and above the count of errors by kind
    assert 1 <= len(lines) <= 4 and all(len(line) < 400 for line in lines), lines
    assert any(f"{src}{expect}" in line for line in lines), lines
    assert list((ws / "data").iterdir()) == [] and not (ws / ".alskg" / "graph.db").exists()
