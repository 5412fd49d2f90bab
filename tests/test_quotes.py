"""Quotes checked against the cited paper's record: what passes (the same words, however
spaced and punctuated), what fails (another paper's words, a paraphrase), and how the
check reports (file and line of the quote, the closest sentence, warnings once per PMID).

The records are written here, in the reading list's JSON Lines format, with made-up text:
no abstract is copied into the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import quotes
from kg.refs.check import check_quotes
from tests.conftest import run_cli

RECORDS = [
    {"pmid": "101", "title": "Widget proteins drive motor neuron loss in a model of ALS.",
     "authors": ["Doe J", "Roe R"], "journal": "J Test", "year": "2020",
     "abstract": "BACKGROUND: Widgets are common. We found that mutant widget aggregates "
                 "in the spinal cord of\ntransgenic mice. Loss of widget function did not "
                 "change survival (p = 0.4). CONCLUSIONS: Widget \u2018gain of function\u2019 "
                 "is toxic \u2013 at least in mice."},
    {"pmid": "202", "title": "A second paper on gadgets.", "authors": ["Poe E"],
     "journal": "J Other", "year": "2021",
     "abstract": "Gadget levels rose before symptom onset in carriers."},
]

ENTITIES = """\
entities:
  - id: NCBIGene:6647
    category: Gene
    name: SOD1
  - id: alskg:pediatric-als
    category: Disease
    name: pediatric ALS
"""


def finding(fid: str, quote: str, citations: str = "[PMID:101]") -> str:
    return (f"  - id: alskg:{fid}\n"
            "    subject: NCBIGene:6647\n"
            "    predicate: genetic_basis_for\n"
            "    object: alskg:pediatric-als\n"
            "    evidence: ECO:0000269\n"
            "    population: any\n"
            f"    citations: {citations}\n"
            f"    quote: {json.dumps(quote)}\n")


def records() -> dict[str, dict[str, object]]:
    return {str(r["pmid"]): r for r in RECORDS}


@pytest.mark.parametrize("quote", [
    # an exact part of one sentence
    "mutant widget aggregates in the spinal cord",
    # the same words with other spacing, straight quotes and a plain hyphen
    "Widget 'gain of function'   is toxic - at least in mice.",
    # two whole contiguous sentences
    "Widgets are common. We found that mutant widget aggregates in the spinal cord of "
    "transgenic mice.",
    # the title
    "Widget proteins drive motor neuron loss in a model of ALS.",
])
def test_the_same_words_pass(quote: str) -> None:
    match = quotes.find(quote, RECORDS[:1])
    assert match is not None and match.pmid == "101"


@pytest.mark.parametrize("quote", [
    "Gadget levels rose before symptom onset in carriers.",   # another paper's words
    "Mutant widgets aggregate in the spinal cords of mice.",  # a paraphrase
    "Widgets are common. Loss of widget function did not change survival",  # a gap between
    "widget aggregates cause ALS",                             # words not there at all
])
def test_other_words_fail(quote: str) -> None:
    assert quotes.find(quote, RECORDS[:1]) is None


def test_a_failed_quote_names_its_line_and_the_closest_sentence(tmp_path: Path) -> None:
    f = tmp_path / "f.yaml"
    f.write_text(ENTITIES + "findings:\n"
                 + finding("F-ok", "Loss of widget function did not change survival")
                 + finding("F-bad", "Loss of widget function changed survival"),
                 encoding="utf-8")
    report = check_quotes([f], records())
    assert (report.quoted, report.checked, report.failed) == (2, 2, 1)
    [problem] = report.problems
    assert problem.level == "error" and problem.kind == "quote-not-found"
    assert problem.line == 24  # the second finding's quote: line
    assert "Loss of widget function did not change survival (p = 0.4)." in problem.message


def test_a_quote_from_the_wrong_paper_fails(tmp_path: Path) -> None:
    f = tmp_path / "f.yaml"
    f.write_text(ENTITIES + "findings:\n" + finding(
        "F-1", "Gadget levels rose before symptom onset in carriers."), encoding="utf-8")
    report = check_quotes([f], records())
    assert report.failed == 1 and "PMID:101" in report.problems[0].message


def test_an_uncached_pmid_is_one_warning(tmp_path: Path) -> None:
    f = tmp_path / "f.yaml"
    f.write_text(ENTITIES + "findings:\n"
                 + finding("F-1", "anything", "[PMID:999]")
                 + finding("F-2", "anything else", "[PMID:999]"), encoding="utf-8")
    report = check_quotes([f], records())
    assert report.failed == 0 and report.uncached == {"999"}
    assert [p.level for p in report.problems] == ["warning"]
    assert "PMID:999" in report.problems[0].message


def test_validate_checks_quotes_against_alskg_refs(tmp_path: Path) -> None:
    refs = tmp_path / "refs.jsonl"
    refs.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    f = tmp_path / "f.yaml"
    f.write_text(ENTITIES + "findings:\n"
                 + finding("F-1", "Mutant widgets aggregate in the spinal cords of mice."),
                 encoding="utf-8")
    result = run_cli("validate", str(f), env={"ALSKG_REFS": str(refs)})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "f.yaml:16: error: the quote is not in the title or abstract of PMID:101" \
        in result.stderr
    assert "Traceback" not in result.stderr
    f.write_text(ENTITIES + "findings:\n"
                 + finding("F-1", "mutant widget aggregates in the spinal cord of transgenic "
                                  "mice"), encoding="utf-8")
    result = run_cli("validate", str(f), env={"ALSKG_REFS": str(refs)})
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("quote", "message"), [
    ("x" * 501, "a quote of 501 characters; the limit is 500"),
    ("", "'quote' must be text copied from the cited paper"),
])
def test_a_quote_too_long_or_empty_is_refused(tmp_path: Path, quote: str, message: str) -> None:
    f = tmp_path / "f.yaml"
    f.write_text(ENTITIES + "findings:\n" + finding("F-1", quote), encoding="utf-8")
    result = run_cli("validate", str(f))
    assert result.returncode == 1 and message in result.stderr
    assert "f.yaml:16:" in result.stderr


def test_check_quotes_command_exit_codes(tmp_path: Path) -> None:
    refs = tmp_path / "refs.jsonl"
    refs.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n", encoding="utf-8")
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text(ENTITIES + "findings:\n" + finding("F-1", "Widgets are common."),
                    encoding="utf-8")
    bad.write_text(ENTITIES + "findings:\n" + finding("F-1", "Widgets are rare."),
                   encoding="utf-8")
    import subprocess
    import sys

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "kg.refs.check", str(refs), str(path)],
                              capture_output=True, text=True, timeout=120)

    ok = run(good)
    assert ok.returncode == 0 and "1 quotes checked against their papers, 0 not found" \
        in ok.stdout
    failed = run(bad)
    assert failed.returncode == 1 and "1 not found" in failed.stdout
    refs.write_text('{"pmid": "1", "title": "x"}\n{not json\n', encoding="utf-8")
    broken = run(good)
    assert broken.returncode == 1 and "refs.jsonl:2:" in broken.stderr
    assert "Traceback" not in broken.stderr
