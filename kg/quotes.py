"""Quotes: a finding's words from its cited paper, checked against the paper's record.

A finding that cites a PubMed paper carries `quote:`, a sentence or a contiguous part of
one (or several whole sentences) copied from that paper's title or abstract. A quote is
found when, after both sides are normalised (Unicode NFKC, every kind of whitespace to one
space, curly quotes to straight ones, dashes and minus signs to a hyphen), it is a
substring of the title or of the abstract. Nothing fuzzier: a paraphrase is not a quote.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

#: a quote is a sentence or two, never a paragraph
QUOTE_CHARS = 500

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    "\u00ad": None,  # a soft hyphen is invisible: copied text may or may not keep it
})
_SPACE = re.compile(r"\s+")
# a sentence ends at . ! or ? followed by a space and a capital, digit or opening bracket
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"'])")


def normalise(text: str) -> str:
    """`text` as quotes are compared: NFKC, straight quotes, one kind of hyphen, single
    spaces, no leading or trailing space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def sentences(text: str) -> list[str]:
    """The sentences of an abstract (normalised), for pointing at the closest one."""
    return [s for s in _SENTENCE_END.split(normalise(text)) if s]


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote was found: the PMID and whether in the title or the abstract."""

    pmid: str
    where: str


def find(quote: str, records: Iterable[Mapping[str, Any]]) -> Match | None:
    """The first of `records` (PubMed records: pmid, title, abstract) whose title or
    abstract holds `quote`, or None."""
    q = normalise(quote)
    if not q:
        return None
    for rec in records:
        for where in ("title", "abstract"):
            if q in normalise(str(rec.get(where) or "")):
                return Match(str(rec.get("pmid") or ""), where)
    return None


def closest_sentence(quote: str, records: Iterable[Mapping[str, Any]]) -> tuple[str, str]:
    """The sentence of `records`' titles and abstracts most like `quote`, with its PMID,
    to show a curator what the paper does say."""
    q = normalise(quote)
    best, best_pmid, best_ratio = "", "", -1.0
    for rec in records:
        texts = [normalise(str(rec.get("title") or ""))]
        texts += sentences(str(rec.get("abstract") or ""))
        for s in texts:
            if not s:
                continue
            m = difflib.SequenceMatcher(None, q, s, autojunk=False)
            if m.real_quick_ratio() <= best_ratio or m.quick_ratio() <= best_ratio:
                continue
            ratio = m.ratio()
            if ratio > best_ratio:
                best, best_pmid, best_ratio = s, str(rec.get("pmid") or ""), ratio
    return best, best_pmid


def pmid_of(citation: str) -> str | None:
    """The digits of a `PMID:n` citation, or None for any other kind."""
    prefix, _, local = citation.partition(":")
    return local if prefix.upper() == "PMID" and local.isdigit() else None
