"""Property-based fuzzing of every reader: curated YAML, the ontology, RDF import and the
command line. The only outcomes allowed are a clean result or one-line errors (AlskgError,
or Problems naming the file); never another exception, never a slow case, never a store
written for bad input.

The default run is a few thousand cases, derandomised so that CI is repeatable;
`make fuzz` (ALSKG_FUZZ=N) multiplies every count by N with fresh random seeds.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from kg import api
from kg.ontology.model import Ontology, load_ontology
from kg.problems import AlskgError, Problem
from kg.rdf import terms as rdf
from kg.workspace import EXAMPLE_TEXT
from tests.conftest import ROOT

SCALE = int(os.environ.get("ALSKG_FUZZ", "0") or 0)
# CI: fixed cases, nothing saved; `make fuzz`: random cases, failures kept in .hypothesis/
settings.register_profile(
    "alskg", derandomize=not SCALE, deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture],
    **({} if SCALE else {"database": None}))


def examples(n: int) -> Any:
    return settings(settings.get_profile("alskg"), max_examples=n * max(SCALE, 1))


# -- what may come out -------------------------------------------------------------------


def one_line(text: str) -> None:
    assert text and "\n" not in text.strip() and "Traceback" not in text, text
    assert len(text) < 2_000, text[:200]


def clean_problems(problems: list[Problem], name: str) -> None:
    for p in problems:
        one_line(str(p))
        assert p.line >= 0 and p.level in ("error", "warning", "note")
        assert p.file.endswith(name) or p.file == "", p


# -- inputs ------------------------------------------------------------------------------

CURATED = [p.read_text(encoding="utf-8")
           for p in sorted((ROOT / "data" / "curated").rglob("*.yaml"))][:12] + [EXAMPLE_TEXT]
YAML_TOKENS = ["&a ", "*a", "!!python/object/apply:os.system ['touch pwned'] ", "<<: *a",
               "[", "]", "{", "}", ": ", "- ", '"', "'", "\n", "\t", "  ", "#", "---\n",
               "...\n", "? ", "|\n", ">-\n", "%YAML 1.1\n", "9" * 25, "-1e999", ".inf", ".nan",
               "\x00", "\ufeff", "\u2028", "\x85", "null", "~", "yes", "NaN", "0x1F", "0o17",
               "1_000", "2024-01-01", "PMID:", "NCBIGene:", "alskg:", "OMIM:", "ECO:0000269",
               "supports: [", "contradicts: ", "negated: true", "qualifiers: {", "population: ",
               "id: ", "category: Gene", "predicate: causes", "\\u0000", "\udcff"]


@st.composite
def mutated(draw: Any, texts: list[str], tokens: list[str]) -> str:
    text = draw(st.sampled_from(texts))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "dup", "cut", "swap"]))
        at = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:at] + draw(st.sampled_from(tokens) | st.text(max_size=8)) + text[at:]
        elif op == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)):]
        elif op == "replace":
            text = text[:at] + draw(st.sampled_from(tokens)) + text[at + 1:]
        elif op == "dup":
            lines = text.splitlines(keepends=True)
            if lines:
                i = draw(st.integers(0, len(lines) - 1))
                lines.insert(i, lines[i] * draw(st.integers(1, 3)))
                text = "".join(lines)
        elif op == "cut":
            text = text[:at]
        else:
            lines = text.splitlines(keepends=True)
            if len(lines) > 1:
                i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
                text = "".join(lines)
    return text


scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text(max_size=30) | st.sampled_from(["NCBIGene:2521", "OMIM:608030",
                                                     "PMID:19251628", "ECO:0006017", "Gene",
                                                     "causes", "pediatric", "alskg:x"]))
KEYS = st.text(max_size=10) | st.sampled_from(["id", "name", "category", "subject", "object",
                                               "predicate", "citations", "evidence",
                                               "population", "qualifiers", "supports"])


def _nested(inner: Any) -> Any:
    return st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5)


values = st.recursive(scalars, _nested, max_leaves=25)
curated_like = st.fixed_dictionaries({}, optional={
    "entities": st.lists(st.dictionaries(st.sampled_from(
        ["id", "category", "name", "synonyms", "xrefs", "extra"]), values, max_size=6),
        max_size=4),
    "findings": st.lists(st.dictionaries(st.sampled_from(
        ["id", "statement", "subject", "predicate", "object", "evidence", "population",
         "model_system", "citations", "study", "supports", "contradicts", "qualifiers",
         "negated", "notes", "other"]), values, max_size=12), max_size=4),
    "other": values})


def dumped(doc: Any) -> str:
    try:
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    except (yaml.YAMLError, ValueError):
        return "x: 1\n"


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology()


@pytest.fixture(scope="module")
def work() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="alskg-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _check_curated(data: str | bytes, folder: Path, ontology: Ontology) -> None:
    path = folder / "x.yaml"
    store = folder / "s.db"
    store.unlink(missing_ok=True)
    path.write_bytes(data if isinstance(data, bytes)
                     else data.encode("utf-8", "surrogatepass"))
    try:
        _, problems = api.validate([path], ontology=ontology, shipped=False)
    except AlskgError as exc:
        event("refused")
        one_line(str(exc))
        return
    clean_problems(problems, "x.yaml")
    event(f"{min(len(problems), 3)}+ problems of kind {problems[0].kind}" if problems
          else "valid")
    if any(p.level == "error" for p in problems):
        counts, again = api.build([path], store_path=store, shipped=False)
        assert counts is None and again and not store.exists()
    assert not (folder / "pwned").exists() and not Path("pwned").exists()


@examples(1200)
@given(text=mutated(CURATED, YAML_TOKENS))
def test_mutated_curated_files(text: str, work: Path, ontology: Ontology) -> None:
    _check_curated(text, work, ontology)


@examples(500)
@given(doc=curated_like)
def test_random_curated_shapes(doc: Any, work: Path, ontology: Ontology) -> None:
    _check_curated(dumped(doc), work, ontology)


@examples(300)
@given(data=st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_random_bytes_as_yaml(data: bytes, work: Path, ontology: Ontology) -> None:
    _check_curated(data, work, ontology)


ONTOLOGY_FILES = sorted(p.name for p in (ROOT / "ontology").glob("*.yaml"))


@examples(300)
@given(name=st.sampled_from(ONTOLOGY_FILES), data=st.data())
def test_mutated_ontology(name: str, data: Any, work: Path) -> None:
    from kg.ontology.check import check_ontology

    folder = work / "ontology"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "ontology", folder)
    original = (folder / name).read_text(encoding="utf-8")
    (folder / name).write_text(data.draw(mutated([original], YAML_TOKENS)), encoding="utf-8",
                               errors="surrogatepass")
    try:
        load_ontology(folder)
        issues = check_ontology(folder, curated=[])
    except AlskgError as exc:
        one_line(str(exc))
        return
    for issue in issues:
        one_line(str(issue))


# -- RDF import ------------------------------------------------------------------------------

RDF_TOKENS = ["<", ">", '"', "'", "@prefix x: <http://x.org/> .\n", "_:b", "^^", "@en", ".",
              ";", ",", "[", "]", "(", ")", "{", "}", "<!DOCTYPE r [<!ENTITY a \"b\">]>",
              "&a;", "<![CDATA[", "]]>", "<!--", "-->", '"@context": "http://127.0.0.1:9/c"',
              '"@id"', '"@type"', '"@graph": [', "\\u0000", "\\", "\x00", "\n", "<<", ">>",
              "rdf:", "http://", "urn:x", "true", "1e999", "\ufeff", "xml:base=\"x\""]


@pytest.fixture(scope="module")
def exports(work: Path) -> dict[str, str]:
    data = work / "example.yaml"
    data.write_text(EXAMPLE_TEXT, encoding="utf-8")
    store = work / "example.db"
    counts, problems = api.build([data], store_path=store, shipped=False)
    assert counts, problems
    from kg.rdf.export import export_rdf

    out = {}
    for fmt, (_, suffix, _) in rdf.FORMATS.items():
        path = work / f"example{suffix}"
        export_rdf(path, fmt, store_path=store)
        out[fmt] = path.read_text(encoding="utf-8")
    return out


@examples(700)
@given(fmt=st.sampled_from(list(rdf.FORMATS)), data=st.data())
def test_mutated_rdf_imports(fmt: str, data: Any, exports: dict[str, str],
                             work: Path) -> None:
    text = data.draw(mutated([exports[fmt]], RDF_TOKENS) | st.text(max_size=300))
    _check_import(text.encode("utf-8", "surrogatepass"), fmt, work)


@examples(200)
@given(fmt=st.sampled_from(list(rdf.FORMATS)), raw=st.binary(max_size=400))
def test_random_bytes_as_rdf(fmt: str, raw: bytes, work: Path) -> None:
    _check_import(raw, fmt, work)


def _check_import(raw: bytes, fmt: str, folder: Path) -> None:
    from kg.rdf.read import import_rdf

    path = folder / f"in{rdf.FORMATS[fmt][1]}"
    path.write_bytes(raw)
    store = folder / "imported.db"
    store.unlink(missing_ok=True)
    try:
        result = import_rdf(path, store_path=store)
    except AlskgError as exc:
        event(str(exc).split(": ")[1][:40] if ": " in str(exc) else str(exc)[:40])
        one_line(str(exc).split("\n")[0])
        assert not store.exists()
        if "does not validate" not in str(exc):
            one_line(str(exc))
        return
    event("imported")
    assert store.exists() and result["nodes"] + result["edges"] > 0


# -- the command line --------------------------------------------------------------------

QUERY_NAMES = [q["name"] for q in api.query_list()]
PARAM_NAMES = sorted({p["name"] for q in api.query_list() for p in q["params"]})
odd_text = (st.text(max_size=40) | st.sampled_from(["SOD1", "FUS", "NCBIGene:6647", "", " ",
                                                     "' OR 1=1 --", "$x", "{x}", "*", "%",
                                                     "\x1b[2J", "a\tb", "é" * 300]))
numbers = st.integers(-10**30, 10**30).map(str) | st.sampled_from(["0", "1", "x", "", "1e3"])


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """`alskg ARGV` through the real entry point, in this process."""
    from kg.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.argv
    sys.argv = ["alskg", *argv]
    code: Any = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main()
    except SystemExit as exc:
        code = exc.code
    finally:
        sys.argv = old
    return int(code or 0), out.getvalue(), err.getvalue()


@examples(400)
@given(name=st.sampled_from(QUERY_NAMES) | odd_text,
       params=st.lists(st.tuples(st.sampled_from(PARAM_NAMES) | odd_text, odd_text),
                       max_size=4),
       limit=numbers, offset=numbers)
def test_query_parameters(name: str, params: list[tuple[str, str]], limit: str, offset: str,
                          shipped_store: Path) -> None:
    argv = ["query", "run", name, "--limit", limit, "--offset", offset,
            "--store", str(shipped_store), "--format", "json"]
    for key, value in params:
        argv += ["--param", f"{key}={value}"]
    _check_cli([a.replace("\x00", "") for a in argv])


@examples(300)
@given(command=st.sampled_from(["show", "path", "search"]), first=odd_text, second=odd_text,
       number=numbers, via=st.lists(odd_text | st.sampled_from(["Gene", "Therapy"]),
                                    max_size=2))
def test_entity_arguments(command: str, first: str, second: str, number: str,
                          via: list[str], shipped_store: Path) -> None:
    argv = [command, first]
    if command == "path":
        argv += [second, "--max-hops", number] + [x for v in via for x in ("--via", v)]
    elif command == "search":
        argv += ["--limit", number]
    argv += ["--store", str(shipped_store), "--format", "json"]
    _check_cli([a.replace("\x00", "") for a in argv])


@examples(100)
@given(entity=odd_text, category=odd_text | st.sampled_from(["Therapy", "gene", "Finding"]),
       option=st.sampled_from(["--to-category", "--from-category"]), number=numbers)
def test_category_path_arguments(entity: str, category: str, option: str, number: str,
                                 shipped_store: Path) -> None:
    _check_cli([a.replace("\x00", "") for a in [
        "path", entity, option, category, "--max-hops", number, "--store",
        str(shipped_store), "--format", "json"]])


def _check_cli(argv: list[str]) -> None:
    code, _, err = run_main(argv)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err and "internal error" not in err, err
    if code:
        one_line(err)
