"""PubMed records as Publication nodes: the shipped metadata (data/sources/pubmed.als.xml,
cut by `python -m loaders.extract refs`) and the reference cache that `alskg refs fetch`
fills (kg/refs/cache.py), a cached record taking the place of a shipped one.

Each record is a `Publication` node `PMID:n`, named as papers cite it ("Vance et al. 2009,
Science"), with `title`, `authors` (one text, as PubMed
cites them: "Vance C, Rogelj B"), `journal`, `year`, `doi`, `publication_types` and, for a
retracted paper, `retracted: true`. Abstracts and MeSH stay out of the graph. A curated
finding that cites `PMID:n` makes an automatic Publication node (`auto: true`); the build
merges it into this one, so the cited paper's node carries its record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.model import Location, Node
from kg.ontology.model import Ontology
from kg.problems import FileError, Problem
from kg.refs import cache
from kg.refs.pubmed_xml import read_efetch_lines
from kg.yaml.read import display_path
from loaders.base import Item

PUBMED_SOURCE = "alskg:pubmed"
_CUT = re.compile(rb"Cut (\d{4}-\d{2}-\d{2})")
_INITIALS = re.compile(r"^(.+) ([A-Z]{1,6})$")


def _surname(author: str) -> str:
    found = _INITIALS.match(author)
    return found.group(1) if found else author


def citation_name(rec: dict[str, Any]) -> str:
    """A paper's short name, as papers cite it: "Vance et al. 2009, Science" ("Smith 1998",
    "Vance and Rogelj 2009"); `PMID:n` when the record names no author."""
    authors = [_surname(a) for a in rec.get("authors") or []]
    if not authors:
        return f"PMID:{rec['pmid']}"
    who = (authors[0] if len(authors) == 1 else f"{authors[0]} and {authors[1]}"
           if len(authors) == 2 else f"{authors[0]} et al.")
    year = f" {rec['year']}" if rec.get("year") else ""
    journal = f", {rec['journal']}" if rec.get("journal") else ""
    return f"{who}{year}{journal}"


def node_properties(rec: dict[str, Any]) -> dict[str, Any]:
    """The properties of a record's Publication node (absent values left out)."""
    props: dict[str, Any] = {}
    for key in ("title", "journal", "year", "doi"):
        if rec.get(key) not in (None, ""):
            props[key] = rec[key]
    if rec.get("authors"):
        props["authors"] = ", ".join(rec["authors"])
    if rec.get("publication_types"):
        props["publication_types"] = list(dict.fromkeys(rec["publication_types"]))
    if rec.get("retracted"):
        props["retracted"] = True
    return props


@dataclass
class PubmedSource:
    #: the shipped metadata; absent is fine (no records)
    path: Path
    #: the reference cache folder; None reads none
    cache_dir: Path | None = None
    source_id: str = PUBMED_SOURCE
    version: str = ""

    def __post_init__(self) -> None:
        if not self.version:
            date = None
            try:
                with self.path.open("rb") as fh:
                    found = _CUT.search(fh.read(4096))
                date = found.group(1).decode() if found else None
            except OSError:
                pass
            self.version = f"PubMed records, metadata cut {date}" if date else "PubMed records"
            if self.cache_dir is not None:
                self.version += " and the reference cache"

    def read(self, ontology: Ontology) -> Iterator[Item]:
        records: dict[str, tuple[dict[str, Any], Location]] = {}
        if self.path.is_file():
            shown = display_path(self.path)
            try:
                for line, rec in read_efetch_lines(self.path, shown):
                    records[rec["pmid"]] = (rec, Location(shown, line))
            except FileError as exc:
                yield exc.problem("bad-reference")
        if self.cache_dir is not None:
            for pmid in sorted(cache.cached_pmids(self.cache_dir), key=int):
                try:
                    cached = cache.read(pmid, self.cache_dir)
                except FileError as exc:
                    # one damaged cache file must not stop a build: say so, use the rest
                    yield Problem(exc.file, exc.line, "warning", "bad-reference",
                                  f"{exc.message}; the record is left out")
                    continue
                if cached is not None:
                    records[pmid] = (cached, Location(str(cache.path_of(pmid, self.cache_dir)),
                                                   1))
        for pmid in sorted(records, key=int):
            rec, loc = records[pmid]
            yield Node(id=f"PMID:{pmid}", category="Publication", name=citation_name(rec),
                       properties=node_properties(rec), sources=[self.source_id],
                       location=loc)
