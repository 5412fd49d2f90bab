"""Names and ids as people type them: the other spellings and ids a text that matched
nothing may stand for (kg.backend.resolve tries them, on every backend alike).

- Spellings: case, spaces, hyphens and underscores folded at word boundaries and between
  letters and digits, so `TDP43`, `tdp 43` and `tdp-43` all find the synonym `TDP-43`.
- Ids: a bare trial number (`NCT04768972`), a PubMed id written `PMID 123`, `pmid:123` or
  `PubMed 123`, an OMIM number bare or as `OMIM 602433` / `MIM #602433`, and a CURIE whose
  prefix is written in another case (`mondo:0004976`, `hp 0001257`).
"""

from __future__ import annotations

import itertools
import re
from functools import cache

# joins tried between the parts of a name: 3 ** (MAX_PARTS - 1) spellings at most
JOINS = ("", " ", "-")
MAX_PARTS = 5

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_]+")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")

_NCT = re.compile(r"(?:clinicaltrials\s*[:\s]\s*)?(NCT\d{8})", re.IGNORECASE)
_PMID = re.compile(r"(?:pmid|pubmed)\s*[:\s]?\s*(\d{1,9})", re.IGNORECASE)
_OMIM = re.compile(r"(?:(?:omim|mim)\s*[:\s]?\s*#?\s*)?(\d{6})", re.IGNORECASE)
_CURIE = re.compile(r"([A-Za-z][A-Za-z0-9_.]*)\s*[:\s]\s*(\S+)")


def spellings(text: str) -> list[str]:
    """Other spellings of `text`: its parts (split at spaces, hyphens and underscores, and
    between letters and digits) joined by nothing, a space or a hyphen; `text` itself and
    its lower-case twins left out. Bounded: a text of more than MAX_PARTS parts gets one
    spelling only, its separators as single spaces."""
    parts = [p for chunk in _SEPARATORS.split(text.strip())
             for p in _LETTER_DIGIT.split(chunk) if p]
    if len(parts) < 2:
        return []
    if len(parts) > MAX_PARTS:
        candidates = [" ".join(_SEPARATORS.split(text.strip()))]
    else:
        candidates = [parts[0] + "".join(j + p for j, p in zip(joins, parts[1:], strict=True))
                      for joins in itertools.product(JOINS, repeat=len(parts) - 1)]
    seen = {text.lower()}
    out = []
    for c in candidates:
        if c.lower() not in seen:
            seen.add(c.lower())
            out.append(c)
    return out


def id_forms(text: str) -> list[str]:
    """The ids `text` may be typed for, most likely first (see the module's doc)."""
    t = text.strip()
    out = []
    if m := _NCT.fullmatch(t):
        out.append(f"clinicaltrials:{m.group(1).upper()}")
    if m := _PMID.fullmatch(t):
        out.append(f"PMID:{m.group(1)}")
    if m := _OMIM.fullmatch(t):
        out.append(f"OMIM:{m.group(1)}")
    if m := _CURIE.fullmatch(t):
        prefix = known_prefixes().get(m.group(1).lower())
        if prefix is not None:
            out.append(f"{prefix}:{m.group(2)}")
    return [x for x in dict.fromkeys(out) if x != t]


@cache
def known_prefixes() -> dict[str, str]:
    """The pinned prefix map's prefixes (ontology/prefixes.yaml), by their lower case. Read
    only when a text matched nothing as it was typed."""
    from kg.resources import resource_dir
    from kg.yaml.read import plain, read_yaml

    raw, problem = read_yaml(resource_dir("ontology") / "prefixes.yaml")
    if problem is not None:
        return {}
    return {str(p).lower(): str(p) for p in (plain(raw).get("prefixes") or {})}
