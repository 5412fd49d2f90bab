"""Reading PubMed records: a JSON Lines file (one record a line, the reading list's format)
or a folder of them. A record is a mapping with `pmid`, `title`, `authors`, `journal`,
`year`, `doi`, `publication_types` and, where known, `abstract`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg import limits
from kg.problems import FileError, InputError

Record = dict[str, Any]


def read_jsonl(path: Path) -> dict[str, Record]:
    """The records of a JSON Lines file, by PMID (digits)."""
    data = limits.read_regular(path, limits.REFS_FILE_BYTES)
    out: dict[str, Record] = {}
    for n, raw in enumerate(data.splitlines(), 1):
        if not raw.strip():
            continue
        if len(raw) > limits.REFS_RECORD_BYTES:
            raise FileError(str(path), n, f"a record of {len(raw):,} bytes; the limit is "
                                          f"{limits.REFS_RECORD_BYTES:,}")
        try:
            rec = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            raise FileError(str(path), n, f"not a JSON record: {exc}") from None
        if not isinstance(rec, dict) or not str(rec.get("pmid") or "").isdigit():
            raise FileError(str(path), n, "a record must be a JSON object with a 'pmid' "
                                          "of digits")
        out[str(rec["pmid"])] = rec
    return out


def read_refs(path: Path) -> dict[str, Record]:
    """Records from a JSON Lines file or a folder of `.jsonl`, `.json` and `.xml` files."""
    if path.is_dir():
        out: dict[str, Record] = {}
        for n, p in enumerate(sorted(path.iterdir()), 1):
            if n > limits.WALK_ENTRIES:
                raise InputError(f"{path}: more than {limits.WALK_ENTRIES:,} entries")
            if p.suffix in (".jsonl", ".json"):
                out.update(read_jsonl(p))
            elif p.suffix == ".xml":
                from kg.refs.pubmed_xml import read_efetch

                out.update({r["pmid"]: r for r in read_efetch(p)})
        return out
    if path.suffix == ".xml":
        from kg.refs.pubmed_xml import read_efetch

        return {r["pmid"]: r for r in read_efetch(path)}
    return read_jsonl(path)


def available_records() -> dict[str, Record]:
    """The records at hand without any download: the reference cache (kg.refs.cache) and
    the file or folder named by ALSKG_REFS, which wins where both hold a PMID."""
    import os

    from kg.refs.cache import cache_dir

    out: dict[str, Record] = {}
    folder = cache_dir()
    if folder.is_dir():
        out.update(read_refs(folder))
    env = os.environ.get("ALSKG_REFS")
    if env:
        out.update(read_refs(Path(env)))
    return out
