"""Reading PubMed records in the XML that NCBI E-utilities `efetch` serves
(`db=pubmed&retmode=xml&rettype=abstract`): a `PubmedArticleSet` of `PubmedArticle`s (and of
`PubmedBookArticle`s, the GeneReviews and StatPearls chapters).

Each record is a dict (`Record`):

| key | from |
|---|---|
| `pmid` | MedlineCitation/PMID (BookDocument/PMID), digits |
| `title` | Article/ArticleTitle, else VernacularTitle (a chapter's ArticleTitle, else BookTitle) |
| `authors` | "LastName Initials" per Author (no initials: "LastName"); a CollectiveName |
| `journal` | Journal/ISOAbbreviation, else Title, else MedlineTA (a chapter: its BookTitle) |
| `year` | PubDate/Year, else the first year in PubDate/MedlineDate, else ArticleDate/Year: an int |
| `doi`, `pmc` | ArticleIdList/ArticleId (IdType doi, pmc), else ELocationID (EIdType doi) |
| `publication_types` | PublicationTypeList/PublicationType, in order |
| `mesh` | MeshHeadingList/MeshHeading/DescriptorName, in order |
| `abstract` | Abstract/AbstractText parts joined by a space; a labelled part as "LABEL: text" |
| `retracted` | a "Retracted Publication" type, or a CommentsCorrections of RefType RetractionIn |

A missing value is None (an empty list for the lists). Inline markup (`<i>`, `<sup>`) keeps
its text; control characters are dropped from every value.

Nothing in a file is executed or fetched. expat reads it; a DOCTYPE is allowed only as
efetch writes it, naming NCBI's DTD, which is never read: an internal subset, an entity
declaration or a reference to an undeclared entity is refused (an entity bomb needs one),
and so is nesting past `REFS_XML_DEPTH` or a record past `REFS_RECORD_BYTES`. Every error is
one `FileError`: the file (or URL), the line and what is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.parsers import expat

from kg import limits
from kg.problems import FileError

Record = dict[str, Any]

ROOT = "PubmedArticleSet"
ARTICLES = ("PubmedArticle", "PubmedBookArticle")
_SPACE = re.compile(r"\s+")
_YEAR = re.compile(r"\b(1[89]\d\d|2\d\d\d)\b")


class _El:
    """One element of an article: tag, attributes, and its text and children in order."""

    __slots__ = ("tag", "attrs", "parts")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parts: list[str | _El] = []

    def kids(self, tag: str) -> list[_El]:
        return [p for p in self.parts if isinstance(p, _El) and p.tag == tag]

    def kid(self, *path: str) -> _El | None:
        el: _El | None = self
        for tag in path:
            found = el.kids(tag) if el is not None else []
            el = found[0] if found else None
        return el

    def text(self) -> str:
        out: list[str] = []
        stack: list[str | _El] = [self]
        while stack:  # iterative: markup may nest as deep as the depth limit allows
            item = stack.pop()
            if isinstance(item, str):
                out.append(item)
            else:
                stack.extend(reversed(item.parts))
        return clean("".join(out))


def clean(text: str) -> str:
    """`text` without control characters, on one line, without outer spaces."""
    return _SPACE.sub(" ", limits.CONTROL.sub("", text)).strip()


def _text(el: _El | None, *path: str) -> str | None:
    found = el.kid(*path) if el is not None else None
    value = found.text() if found is not None else ""
    return value or None


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.buffer_text = True
        self.parser.StartDoctypeDeclHandler = self.doctype
        self.parser.EntityDeclHandler = self.entity
        self.parser.ExternalEntityRefHandler = self.external
        self.parser.SkippedEntityHandler = self.skipped
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.chars
        self.depth = 0
        self.root: str | None = None
        self.stack: list[_El] = []  # the open elements of the current article
        self.article_start = 0
        self.article_line = 0
        self.records: list[tuple[int, Record]] = []  # (line of the article, record)
        self.error_text: list[str] = []  # the text of an eFetchResult's ERROR

    def fail(self, message: str, line: int | None = None) -> FileError:
        return FileError(self.name, line or self.parser.CurrentLineNumber, message)

    def doctype(self, name: str, system_id: str | None, public_id: str | None,
                has_internal_subset: bool) -> None:
        if has_internal_subset:
            raise self.fail("a DOCTYPE with an internal subset (entity declarations: the "
                            "shape of an entity bomb) is refused; efetch XML declares none")

    def entity(self, name: str, *args: Any) -> None:
        raise self.fail(f"an entity declaration ({name}) is refused; efetch XML declares "
                        "none")

    def external(self, *args: Any) -> int:
        raise self.fail("an external entity is refused: alskg reads nothing a file names")

    def skipped(self, name: str, is_parameter_entity: bool) -> None:
        raise self.fail(f"a reference to the undeclared entity &{name}; is refused")

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > limits.REFS_XML_DEPTH:
            raise self.fail(f"elements nested more than {limits.REFS_XML_DEPTH} deep")
        if self.root is None:
            self.root = tag
            if tag not in (ROOT, "eFetchResult"):
                raise self.fail(f"not PubMed efetch XML: the root element is <{tag[:80]}>, "
                                f"not <{ROOT}>")
            return
        if self.stack:
            if self.parser.CurrentByteIndex - self.article_start > limits.REFS_RECORD_BYTES:
                raise self.fail(f"a record of more than {limits.REFS_RECORD_BYTES:,} bytes "
                                f"(from line {self.article_line})")
            el = _El(tag, attrs)
            self.stack[-1].parts.append(el)
            self.stack.append(el)
        elif self.depth == 2 and tag in ARTICLES:
            self.article_start = self.parser.CurrentByteIndex
            self.article_line = self.parser.CurrentLineNumber
            self.stack.append(_El(tag, attrs))

    def end(self, tag: str) -> None:
        self.depth -= 1
        if not self.stack:
            return
        el = self.stack.pop()
        if self.stack:
            return
        if self.parser.CurrentByteIndex - self.article_start > limits.REFS_RECORD_BYTES:
            raise self.fail(f"a record of more than {limits.REFS_RECORD_BYTES:,} bytes",
                            self.article_line)
        self.records.append((self.article_line, _record(el, self.fail(
            f"a <{el.tag}> without a PMID of digits", self.article_line))))

    def chars(self, data: str) -> None:
        if self.stack:
            self.stack[-1].parts.append(data)
        elif self.root == "eFetchResult" and sum(map(len, self.error_text)) < 500:
            self.error_text.append(data)

    def read(self, data: bytes) -> list[tuple[int, Record]]:
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as exc:
            raise FileError(self.name, exc.lineno, "not well-formed XML: "
                                                   f"{expat.ErrorString(exc.code)}") from None
        except RecursionError:  # pragma: no cover - the depth limit comes first
            raise self.fail("elements nested too deep") from None
        if self.root == "eFetchResult":
            said = clean("".join(self.error_text)) or "no records"
            raise FileError(self.name, 1, f"efetch answered with an error: {said[:300]}")
        return self.records


def _record(art: _El, no_pmid: FileError) -> Record:
    book = art.tag == "PubmedBookArticle"
    cite = art.kid("BookDocument") if book else art.kid("MedlineCitation")
    pmid = _text(cite, "PMID")
    if cite is None or pmid is None or not pmid.isdigit():
        raise no_pmid
    data = art.kid("PubmedBookData" if book else "PubmedData")
    id_list = data.kid("ArticleIdList") if data is not None else None
    ids = {a.attrs.get("IdType"): a.text()
           for a in (id_list.kids("ArticleId") if id_list is not None else [])}
    if book:
        body: _El | None = cite
        title = _text(cite, "ArticleTitle") or _text(cite, "Book", "BookTitle")
        journal = _text(cite, "Book", "BookTitle") if _text(cite, "ArticleTitle") else None
        dates = [cite.kid("Book", "PubDate")]
        type_list = cite.kids("PublicationType")
        book_el = cite.kid("Book")
        author_lists = cite.kids("AuthorList") + (book_el.kids("AuthorList")
                                                  if book_el is not None else [])
    else:
        body = cite.kid("Article")
        title = _text(body, "ArticleTitle") or _text(body, "VernacularTitle")
        journal = (_text(body, "Journal", "ISOAbbreviation") or _text(body, "Journal", "Title")
                   or _text(cite, "MedlineJournalInfo", "MedlineTA"))
        dates = [body.kid("Journal", "JournalIssue", "PubDate") if body is not None else None,
                 body.kid("ArticleDate") if body is not None else None]
        ptl = body.kid("PublicationTypeList") if body is not None else None
        type_list = ptl.kids("PublicationType") if ptl is not None else []
        author_lists = body.kids("AuthorList") if body is not None else []
    authors: list[str] = []
    for alist in author_lists:
        for a in alist.kids("Author"):
            if a.attrs.get("ValidYN") == "N":
                continue
            name = _text(a, "CollectiveName") or " ".join(
                p for p in (_text(a, "LastName"), _text(a, "Initials")) if p)
            if name:
                authors.append(name)
    doi = ids.get("doi")
    if not doi and body is not None:
        doi = next((e.text() for e in body.kids("ELocationID")
                    if e.attrs.get("EIdType") == "doi" and e.attrs.get("ValidYN") != "N"
                    and e.text()), None)
    types = [t.text() for t in type_list if t.text()]
    mesh_list = cite.kid("MeshHeadingList")
    mesh = [d for d in (_text(h, "DescriptorName")
                        for h in (mesh_list.kids("MeshHeading") if mesh_list is not None
                                  else []))
            if d]
    parts = []
    abstract = body.kid("Abstract") if body is not None else None
    for part in abstract.kids("AbstractText") if abstract is not None else []:
        text = part.text()
        label = clean(part.attrs.get("Label", ""))
        if text or label:
            parts.append(f"{label}: {text}" if label and text else text or label)
    comments = cite.kid("CommentsCorrectionsList")
    retraction_in = any(c.attrs.get("RefType") == "RetractionIn"
                        for c in (comments.kids("CommentsCorrections")
                                  if comments is not None else []))
    return {
        "pmid": pmid,
        "title": title,
        "authors": authors,
        "journal": journal,
        "year": _year(dates),
        "doi": doi or None,
        "pmc": ids.get("pmc") or None,
        "publication_types": types,
        "mesh": mesh,
        "abstract": " ".join(parts) or None,
        "retracted": "Retracted Publication" in types or retraction_in,
    }


def _year(dates: list[_El | None]) -> int | None:
    for date in dates:
        if date is None:
            continue
        for text in (_text(date, "Year"), _text(date, "MedlineDate")):
            found = _YEAR.search(text or "")
            if found:
                return int(found.group(1))
    return None


def parse_efetch(data: bytes, name: str) -> list[Record]:
    """The records of efetch XML `data`; `name` (a file, a URL) is what errors name."""
    return [rec for _, rec in parse_efetch_lines(data, name)]


def parse_efetch_lines(data: bytes, name: str) -> list[tuple[int, Record]]:
    """(line where the article starts, record) for each article of `data`."""
    if len(data) > limits.REFS_FILE_BYTES:
        raise FileError(name, 1, f"{len(data):,} bytes; the limit is "
                                 f"{limits.REFS_FILE_BYTES:,} (docs/security.md)")
    return _Reader(name).read(data)


def read_efetch(path: Path, name: str | None = None) -> list[Record]:
    """The records of an efetch XML file (a regular file of at most REFS_FILE_BYTES)."""
    return [rec for _, rec in read_efetch_lines(path, name)]


def read_efetch_lines(path: Path, name: str | None = None) -> list[tuple[int, Record]]:
    """(line, record) for each article of an efetch XML file; `name` is what errors name
    (default: the path)."""
    shown = name or str(path)
    return parse_efetch_lines(limits.read_regular(path, limits.REFS_FILE_BYTES, shown), shown)
