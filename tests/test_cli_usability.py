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
