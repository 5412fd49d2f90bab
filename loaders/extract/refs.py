"""The shipped PubMed metadata: `data/sources/pubmed.als.xml`, efetch-format XML of every
PMID the curated findings cite, cut from a reading list.

`python -m loaders.extract refs REFS.jsonl [OUT_DIR] [--date YYYY-MM-DD]`

The reading list is JSON Lines, one record a line (pmid, title, authors, journal, year, doi,
publication_types, mesh, abstract), such as the curators' `pubmed.jsonl`. Only metadata is
written: PMID, title, authors, journal, year, DOI and publication types. Never an abstract
and never MeSH: abstracts may be the publishers' copyright, and alskg does not redistribute
them (`alskg refs fetch` downloads them from NCBI into a user's own cache).

The output is deterministic: records in PMID order, a fixed layout, and a header whose only
variable part is the date (`--date`, else SOURCE_DATE_EPOCH, else today in UTC). A PMID cited
but absent from the reading list is named on stderr and in the header.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from kg.refs.cache import SHIPPED_FILE, Record, coerce

DOCTYPE = ('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
           '2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')
_INITIALS = re.compile(r"^(.+) ([A-Z]{1,6})$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: the fields the shipped metadata keeps; abstract and mesh are left out on purpose
KEPT = ("pmid", "title", "authors", "journal", "year", "doi", "publication_types")


def cited_pmids(curated: Iterable[Path]) -> list[str]:
    """The PMIDs the findings under `curated` cite (their `citations:`), in numeric order."""
    from kg.refs.check import cited_pmids as cited_in

    return cited_in(curated)


def cut_date(date: str | None = None) -> str:
    if date:
        if not _DATE.match(date):
            raise ValueError(f"--date {date!r}: expected YYYY-MM-DD")
        return date
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch and epoch.isdigit()
            else dt.datetime.now(dt.UTC))
    return when.date().isoformat()


def _t(value: Any) -> str:
    return escape(str(value))


def _author(name: str, pad: str) -> list[str]:
    m = _INITIALS.match(name)
    if m:
        return [f'{pad}<Author ValidYN="Y">', f"{pad}    <LastName>{_t(m.group(1))}</LastName>",
                f"{pad}    <Initials>{_t(m.group(2))}</Initials>", f"{pad}</Author>"]
    return [f'{pad}<Author ValidYN="Y">',
            f"{pad}    <CollectiveName>{_t(name)}</CollectiveName>", f"{pad}</Author>"]


def _date(year: Any, pad: str) -> list[str]:
    if year is None:
        return []
    return [f"{pad}<PubDate>", f"{pad}    <Year>{_t(year)}</Year>", f"{pad}</PubDate>"]


def article_xml(rec: Mapping[str, Any]) -> list[str]:
    """One record as efetch writes it (a PubmedBookArticle when it has no journal, as the
    GeneReviews and StatPearls chapters), metadata only."""
    pmid, title, doi = rec["pmid"], rec.get("title") or "", rec.get("doi")
    authors, types = rec.get("authors") or [], rec.get("publication_types") or []
    ids = [f'<ArticleId IdType="pubmed">{_t(pmid)}</ArticleId>']
    if doi:
        ids.append(f'<ArticleId IdType="doi">{_t(doi)}</ArticleId>')
    if not rec.get("journal"):
        out = ["<PubmedBookArticle>", "    <BookDocument>",
               f'        <PMID Version="1">{_t(pmid)}</PMID>', "        <Book>",
               *_date(rec.get("year"), " " * 12), "        </Book>",
               f"        <ArticleTitle>{_t(title)}</ArticleTitle>"]
        if authors:
            out += ['        <AuthorList Type="authors">',
                    *[line for a in authors for line in _author(a, " " * 12)],
                    "        </AuthorList>"]
        out += [f"        <PublicationType>{_t(t)}</PublicationType>" for t in types]
        out += ["    </BookDocument>", "    <PubmedBookData>", "        <ArticleIdList>",
                *[" " * 12 + i for i in ids], "        </ArticleIdList>",
                "    </PubmedBookData>", "</PubmedBookArticle>"]
        return out
    out = ["<PubmedArticle>", "    <MedlineCitation>",
           f'        <PMID Version="1">{_t(pmid)}</PMID>', "        <Article>",
           "            <Journal>", "                <JournalIssue>",
           *_date(rec.get("year"), " " * 20), "                </JournalIssue>",
           f"                <ISOAbbreviation>{_t(rec['journal'])}</ISOAbbreviation>",
           "            </Journal>", f"            <ArticleTitle>{_t(title)}</ArticleTitle>"]
    if doi:
        out.append(f'            <ELocationID EIdType="doi" ValidYN="Y">{_t(doi)}'
                   "</ELocationID>")
    if authors:
        out += ['            <AuthorList CompleteYN="Y">',
                *[line for a in authors for line in _author(a, " " * 16)],
                "            </AuthorList>"]
    if types:
        out += ["            <PublicationTypeList>",
                *[f"                <PublicationType>{_t(t)}</PublicationType>"
                  for t in types], "            </PublicationTypeList>"]
    out += ["        </Article>", "    </MedlineCitation>", "    <PubmedData>",
            "        <ArticleIdList>", *[" " * 12 + i for i in ids], "        </ArticleIdList>",
            "    </PubmedData>", "</PubmedArticle>"]
    return out


def metadata_xml(records: Iterable[Mapping[str, Any]], date: str, cited: int,
                 absent: list[str]) -> str:
    """The shipped metadata file's text."""
    recs = sorted(({k: r.get(k) for k in KEPT} for r in records),
                  key=lambda r: int(str(r["pmid"])))
    note = (f" Cited but not in the reading list, so absent: "
            f"{', '.join('PMID:' + p for p in absent)}." if absent else "")
    header = (f"<!-- PubMed records, metadata only; abstracts are not redistributed.\n"
              f"     Source: NCBI PubMed (https://pubmed.ncbi.nlm.nih.gov/), National Library "
              f"of Medicine, in the XML\n     that E-utilities efetch serves (db=pubmed, "
              f"retmode=xml). Fields kept: PMID, title, authors,\n     journal, year, DOI, "
              f"publication types. Cut {date} by python -m loaders.extract refs\n     for the "
              f"{cited} PMIDs the curated findings cite; {len(recs)} records.{note}\n"
              f"     alskg refs fetch downloads the full records, abstracts included. -->")
    lines = ['<?xml version="1.0" ?>', DOCTYPE, header, "<PubmedArticleSet>"]
    for rec in recs:
        lines += article_xml(rec)
    lines.append("</PubmedArticleSet>")
    return "\n".join(lines) + "\n"


def cut(reading_list: Path, out_dir: Path, curated: Iterable[Path],
        date: str | None = None) -> tuple[Path, list[str]]:
    """Write `out_dir/pubmed.als.xml` for the PMIDs `curated` cites; returns its path and the
    cited PMIDs the reading list lacks."""
    from kg.atomic import atomic_output
    from kg.refs.records import read_jsonl

    available: dict[str, Record] = {p: coerce(r, str(reading_list))
                                    for p, r in read_jsonl(reading_list).items()}
    cited = cited_pmids(curated)
    absent = [p for p in cited if p not in available]
    text = metadata_xml((available[p] for p in cited if p in available), cut_date(date),
                        len(cited), absent)
    path = out_dir / SHIPPED_FILE
    with atomic_output(path) as fh:
        fh.write(text)
    return path, absent
