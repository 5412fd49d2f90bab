"""The command line as a new user meets it: --version, -h, shell completion, the shipped
guides, the whole ontology reference, and tables that never cut text without saying so."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from kg import __version__
from tests.conftest import ROOT, run_cli


def test_version_and_short_help_everywhere() -> None:
    done = run_cli("--version")
    assert (done.returncode, done.stdout) == (0, f"alskg {__version__}\n")
    for args in (["-h"], ["query", "-h"], ["query", "run", "-h"], ["ontology", "list", "-h"]):
        done = run_cli(*args)
        assert done.returncode == 0, (args, done.stderr)
        assert "Usage: alskg" in done.stdout, args


def _complete(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # the name a shell's completion script calls: the console script's, not `-m kg.cli`
    code = "import sys; sys.argv[0] = 'alskg'; from kg.cli.main import main; main()"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=ROOT, timeout=120)


def test_shell_completion_for_bash_zsh_and_fish() -> None:
    for shell, marker in (("bash", "complete -o"), ("zsh", "#compdef alskg"),
                          ("fish", "complete --command alskg")):
        for value in (f"source_{shell}", f"{shell}_source"):  # Typer's and click's spelling
            done = _complete({"_ALSKG_COMPLETE": value})
            assert done.returncode == 0, (value, done.stderr)
            assert marker in done.stdout, value
    bash = _complete({"_ALSKG_COMPLETE": "complete_bash", "COMP_WORDS": "alskg que",
                      "COMP_CWORD": "1"})
    assert bash.stdout.split() == ["query"]
    zsh = _complete({"_ALSKG_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "alskg query r"})
    assert '"run"' in zsh.stdout
    fish = _complete({"_ALSKG_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "alskg sh",
                      "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert fish.stdout.startswith("show")


def test_docs_prints_the_shipped_guides() -> None:
    listed = run_cli("docs")
    assert listed.returncode == 0
    for topic in ("ranking", "data", "security", "kgx"):
        assert f"alskg docs {topic}" in listed.stdout
    ranking = run_cli("docs", "ranking")
    assert ranking.returncode == 0
    assert ranking.stdout == (ROOT / "docs" / "ranking.md").read_text(encoding="utf-8")
    wrong = run_cli("docs", "rank")
    assert wrong.returncode == 1
    assert wrong.stderr == ("alskg: error: no guide 'rank' (did you mean 'ranking'?); the "
                            "guides are ranking, data, security, kgx\n")


def test_ontology_list_without_kind_lists_every_kind() -> None:
    done = run_cli("ontology", "list", "--format", "json")
    assert done.returncode == 0, done.stderr
    tables = json.loads(done.stdout)
    assert list(tables) == ["terms", "categories", "predicates", "values"]
    assert any(r["id"] == "genetic_basis_for" for r in tables["predicates"])
    assert any(r["value_set"] == "population" for r in tables["values"])
    text = run_cli("ontology", "list", env={"COLUMNS": "200"})
    assert all(k in text.stdout for k in ("genetic_basis_for", "Gene", "juvenile"))
    csv = run_cli("ontology", "list", "--format", "csv")
    assert csv.returncode == 1 and "name it with --kind" in csv.stderr


# -- tables that never cut text silently ------------------------------------------------------

def _column(table: str, index: int) -> str:
    """The text of one column of a drawn table (or of the whole of a record display), its
    wrapped lines joined again."""
    cells = [line.split("│")[1:-1] for line in table.splitlines() if line.startswith("│")]
    if not cells:
        return " ".join(table.split())
    return " ".join(" ".join(row[index] for row in cells if len(row) > index).split())

def test_a_table_wraps_long_text_whole_and_marks_what_it_leaves_out() -> None:
    from kg.output import TABLE_CELL_CHARS, to_table

    statement = " ".join(f"word{i}" for i in range(80))  # ~560 characters
    for width in (60, 100, 200):
        text = to_table([{"id": "alskg:F-1", "statement": statement}], ["id", "statement"],
                        width=width)
        assert statement in _column(text, 1), width
        assert "..." not in text
    many = to_table([{"genes": [f"NCBIGene:{i}" for i in range(10)]}], ["genes"], width=200)
    assert "... (+4 more; --format json shows all)" in many
    huge = to_table([{"text": "x " * TABLE_CELL_CHARS}], ["text"], width=80)
    assert f"(cut at 2,000 of {2 * TABLE_CELL_CHARS:,} characters; --format json shows all)" \
        in _column(huge, 0)


def test_query_tables_show_whole_statements_and_evidence_as_words(shipped_store) -> None:
    store = ["--store", str(shipped_store)]
    rows = json.loads(run_cli("query", "run", "conflicting-findings", "-f", "json",
                              *store).stdout)["rows"]
    table = run_cli("query", "run", "conflicting-findings", *store, env={"COLUMNS": "200"})
    flat = " ".join(table.stdout.replace("│", " ").split())
    long = [r["contradicts_statement"] for r in rows if len(r["contradicts_statement"]) > 160]
    assert long, "the shipped data has a statement longer than the old cut"
    for r in rows:
        assert " ".join(r["statement"].split()) in flat
        assert " ".join(r["contradicts_statement"].split()) in flat
    assert "author statement (ECO:0000304)" in flat
    assert "ECO:0000304 " not in flat.replace("(ECO:0000304)", "")


def test_query_list_descriptions_are_whole() -> None:
    from kg import api

    listed = run_cli("query", "list", env={"COLUMNS": "100"})
    descriptions = _column(listed.stdout, 2)
    for q in api.query_list():
        assert " ".join(q["description"].split()) in descriptions, q["name"]


def test_ids_sort_naturally() -> None:
    from kg.queries import canonical, key_order, natural_key

    rows = [{"id": "NCBIGene:23064", "n": 1}, {"id": "NCBIGene:2521", "n": 2},
            {"id": "NCBIGene:2521", "n": 1}, {"id": "HGNC:10", "n": None}]
    assert [(r["id"], r["n"]) for r in canonical(rows, ("id", "n"))] == [
        ("HGNC:10", None), ("NCBIGene:2521", 1), ("NCBIGene:2521", 2), ("NCBIGene:23064", 1)]
    assert [r["id"] for r in canonical(rows[:2], ("id", "n"))] == ["NCBIGene:2521",
                                                                   "NCBIGene:23064"]
    assert sorted(["a10", "a9", "a01", "a1", "b2c10", "b2c9"], key=natural_key) == [
        "a01", "a1", "a9", "a10", "b2c9", "b2c10"]
    # the paged listings order their keys the way canonical() orders their rows
    assert sorted(["NCBIGene:23064", "NCBIGene:2521"], key=key_order)[0] == "NCBIGene:2521"


def test_search_says_how_many_hits_it_leaves_out(shipped_store) -> None:
    from kg import api
    from kg.store.backend import EmbeddedBackend

    found = api.search(EmbeddedBackend(shipped_store), "als", 3)
    assert len(found["entities"]) == 3 and found["entities_total"] > 3
    shown = run_cli("search", "als", "--limit", "3", "--store", str(shipped_store),
                    env={"COLUMNS": "200"})
    hidden = found["entities_total"] - 3
    assert (f"entities ({found['entities_total']} match, {hidden} not shown: --limit "
            f"{found['entities_total']})") in shown.stdout
    assert f"findings ({found['findings_total']} match, " in shown.stdout


def test_stats_say_why_node_counts_per_source_exceed_the_nodes(shipped_store) -> None:
    done = run_cli("stats", "--format", "json", "--store", str(shipped_store))
    stats = json.loads(done.stdout)
    overlap = stats["node_sources_overlap"]
    assert overlap["nodes"] > 0 and overlap["counted_again"] >= overlap["nodes"]
    assert sum(stats["node_sources"].values()) == stats["nodes"] + overlap["counted_again"]
    table = run_cli("stats", "--store", str(shipped_store), env={"COLUMNS": "200"})
    assert (f"(in more than one source, counted under each: the counts add up to "
            f"{stats['nodes']} + {overlap['counted_again']})") in table.stdout
