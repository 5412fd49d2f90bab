"""The quote check: every curated finding's `quote:` against the records of its citations.

A quote that no cited paper's title or abstract holds is an error naming the file, the
quote's line and the closest sentence the cited papers do have. A finding whose cited
PMIDs have no record at hand is a warning, once per PMID.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import quotes
from kg.problems import Problem
from kg.yaml.read import as_list, display_path, line_of, read_yaml


@dataclass
class QuoteReport:
    problems: list[Problem] = field(default_factory=list)
    findings: int = 0
    quoted: int = 0
    checked: int = 0
    failed: int = 0
    uncached: set[str] = field(default_factory=set)

    def summary(self) -> str:
        return (f"{self.findings} findings, {self.quoted} with a quote; {self.checked} quotes "
                f"checked against their papers, {self.failed} not found; "
                f"{len(self.uncached)} cited PMIDs without a record")


def quoted_findings(paths: Iterable[Path]) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
    """(file, line, raw finding) for every finding of the curated YAML files."""
    from loaders.curated import yaml_files

    for path in yaml_files(paths):
        data, problem = read_yaml(path)
        if problem is not None or not isinstance(data, dict):
            continue  # `alskg validate` reports unreadable files
        items = data.get("findings")
        if not isinstance(items, list):
            continue
        for i, raw in enumerate(items):
            if isinstance(raw, dict):
                yield display_path(path), line_of(items, i), raw


def cited_pmids(paths: Iterable[Path]) -> list[str]:
    """The PMIDs (digits) the findings under `paths` cite, in numeric order."""
    found: set[str] = set()
    for _, _, raw in quoted_findings(paths):
        for c in as_list(raw.get("citations")):
            pmid = quotes.pmid_of(c)
            if pmid:
                found.add(pmid)
    return sorted(found, key=int)


def check_quotes(paths: Iterable[Path], records: Mapping[str, Mapping[str, Any]]
                 ) -> QuoteReport:
    report = QuoteReport()
    for name, line, raw in quoted_findings(paths):
        report.findings += 1
        quote = raw.get("quote")
        if quote is None:
            continue
        report.quoted += 1
        where = line_of(raw, "quote", line)
        pmids = [p for p in (quotes.pmid_of(c) for c in as_list(raw.get("citations"))) if p]
        if not pmids:
            continue  # a quote from a DOI-only paper or a release: nothing to check it with
        have = [records[p] for p in pmids if p in records]
        for p in pmids:
            if p not in records and p not in report.uncached:
                report.uncached.add(p)
                report.problems.append(Problem(
                    name, where, "warning", "uncached-reference",
                    f"PMID:{p} has no record here, so its quotes are not checked "
                    "(alskg refs fetch --missing)"))
        if not have:
            continue
        report.checked += 1
        if quotes.find(str(quote), have) is not None:
            continue
        report.failed += 1
        closest, pmid = quotes.closest_sentence(str(quote), have)
        report.problems.append(Problem(
            name, where, "error", "quote-not-found",
            f"the quote is not in the title or abstract of "
            f"{', '.join('PMID:' + p for p in pmids)}; closest sentence (PMID:{pmid}): "
            f"\"{closest[:300]}\""))
    return report


def validate_quotes(curated: list[tuple[list[Path], bool]],
                    records: Mapping[str, Mapping[str, Any]]) -> list[Problem]:
    """The quote problems `alskg validate` reports. `curated` holds each curated source's
    paths and whether it is the shipped data. A workspace's cited PMIDs without a record
    are a warning each (its curator can fetch them); the shipped data's are not reported,
    since its quotes are checked before every release (`make check-quotes`) and a user
    can do nothing about them: they are checked here whenever records are at hand."""
    out: list[Problem] = []
    for paths, shipped in curated:
        report = check_quotes(paths, records)
        out += [p for p in report.problems
                if not (shipped and p.kind == "uncached-reference")]
    return out


def unlinked_problems(paths: Iterable[Path], table: Any) -> list[Problem]:
    """A note for each finding that names a gene and cites PMIDs of which NCBI's
    gene2pubmed links none to that gene (kg.refs.gene2pubmed): worth a curator's look, not
    an error (reviews and recent papers are often missing from gene2pubmed)."""
    from kg.refs.gene2pubmed import unlinked_citations

    newest = table.newest
    out = []
    for name, line, raw in quoted_findings(paths):
        for u in unlinked_citations([raw], table):
            if all(int(p.split(":", 1)[1]) > newest for p in u.pmids):
                continue
            out.append(Problem(
                name, line, "note", "unlinked-citation",
                f"finding {u.finding}: NCBI gene2pubmed links none of "
                f"{', '.join(u.pmids)} to {u.gene}; check that the paper is about it"))
    return out


def gene_link_notes(curated: list[tuple[list[Path], bool]], table: Any) -> list[Problem]:
    """What `alskg validate` notes: each unlinked finding of a workspace's (its curator's
    to look at); the shipped data's are listed by `alskg refs check`, not on every
    validate."""
    return [p for paths, shipped in curated if not shipped
            for p in unlinked_problems(paths, table)]


def main(argv: list[str]) -> int:
    """`python -m kg.refs.check REFS [PATHS...]`: what `make check-quotes` runs."""
    from kg.refs.records import read_refs
    from loaders.curated import DEFAULT_DIR

    if not argv:
        print("usage: python -m kg.refs.check REFS [CURATED_PATHS...]", file=sys.stderr)
        return 2
    from kg.problems import AlskgError, printable

    try:
        records = read_refs(Path(argv[0]))
        paths = [Path(a) for a in argv[1:]] or [DEFAULT_DIR]
        report = check_quotes(paths, records)
    except AlskgError as exc:
        print(printable(f"error: {exc}"), file=sys.stderr)
        return 1
    for p in report.problems:
        print(p)
    print(report.summary())
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
