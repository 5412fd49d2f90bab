"""Counting cited sources as a reader would: one paper once, whichever of its ids (PMID,
DOI, PMC id) findings cite, and releases and database records apart from papers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from kg.ranking import NOT_PUBLICATIONS, study_type


def count_sources(rows: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """From rows of the `publications` query: papers (distinct), releases, and papers by
    kind of study."""
    rows = list(rows)
    alias: dict[str, str] = {}
    for r in rows:
        pid = str(r["publication_id"])
        if pid.startswith("PMID:"):
            for prefix, key in (("doi", "doi"), ("pmc", "pmc")):
                if r.get(key):
                    alias[f"{prefix}:{str(r[key]).lower()}"] = pid
    papers: dict[str, str] = {}
    releases: set[str] = set()
    for r in rows:
        pid = str(r["publication_id"])
        kind = study_type(pid, r.get("publication_types"))
        if kind in NOT_PUBLICATIONS:
            releases.add(pid)
            continue
        key = alias.get(pid.lower(), pid)
        if key not in papers or papers[key] == "unclassified":
            papers[key] = kind
    return {"papers": len(papers), "releases": len(releases),
            "by_kind": dict(sorted(Counter(papers.values()).items()))}
