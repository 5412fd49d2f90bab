"""The reference cache: the PubMed records `alskg refs fetch` downloaded, one file per PMID.

Where: a workspace's `.alskg/refs/` (beside its store, out of version control), or outside
a workspace `refs/` in the user data folder, beside `graph.db` (ALSKG_HOME when set).

What: `N.json` for PMID N, the record as one line of JSON (the keys of
kg.refs.pubmed_xml: pmid, title, authors, journal, year, doi, pmc, publication_types, mesh,
abstract, retracted), UTF-8, keys sorted, ending in a newline. One line, so the folder is
also what `python -m kg.refs.check .alskg/refs` reads (kg.refs.records.read_refs). Each file
is written whole or not at all (kg.atomic), so a fetch killed half way leaves no torn
record, and a rerun fetches exactly the PMIDs that have no file.

The shipped metadata (`data/sources/pubmed.als.xml`, efetch XML without abstracts or MeSH)
is read by `shipped_records`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import limits
from kg.problems import FileError, InputError

if TYPE_CHECKING:
    from kg.workspace import Workspace

Record = dict[str, Any]

#: the shipped metadata, in the `sources` resource folder (data/sources/ in a checkout)
SHIPPED_FILE = "pubmed.als.xml"
_NAME = re.compile(r"^([0-9]{1,12})\.json$")
#: the keys of a record and the type each holds (besides None)
FIELDS: dict[str, type] = {"pmid": str, "title": str, "authors": list, "journal": str,
                           "year": int, "doi": str, "pmc": str, "publication_types": list,
                           "mesh": list, "abstract": str, "retracted": bool}
LISTS = ("authors", "publication_types", "mesh")


def cache_dir(workspace: Workspace | None = None) -> Path:
    """The cache folder of `workspace`, else of the workspace around the current folder (or
    ALSKG_HOME's), else of the user data folder."""
    from kg.workspace import find, user_home

    ws = workspace if workspace is not None else find()
    return ws.root / ".alskg" / "refs" if ws is not None else user_home() / "refs"


def shipped_path() -> Path:
    from kg.resources import resource_dir

    return resource_dir("sources") / SHIPPED_FILE


def normalise_pmid(text: str) -> str | None:
    """The digits of `PMID:n`, `pmid:n` or `n`, else None."""
    text = text.strip()
    if text[:5].upper() == "PMID:":
        text = text[5:]
    return text if text.isascii() and text.isdigit() and 0 < len(text) <= 12 else None


def coerce(rec: Any, name: str, line: int = 1) -> Record:
    """`rec` as a record of FIELDS: missing keys None (lists empty), a year of digits an int;
    any other shape is a FileError at `name`:`line`."""
    if not isinstance(rec, dict) or not isinstance(rec.get("pmid"), str | int) \
            or normalise_pmid(str(rec["pmid"])) is None:
        raise FileError(name, line, "a record must be an object with a 'pmid' of digits")
    out: Record = {"pmid": normalise_pmid(str(rec["pmid"]))}
    for key, typ in FIELDS.items():
        if key == "pmid":
            continue
        value: Any = rec.get(key)
        if key == "year" and isinstance(value, str):
            value = int(value) if value.isdigit() and len(value) == 4 else None
        if key == "retracted":
            value = bool(value) if value is None or isinstance(value, bool) else value
        if key in LISTS and value is None:
            value = []
        if value is not None and not _is(value, typ):
            raise FileError(name, line, f"record {out['pmid']}: '{key}' must be "
                                        f"{typ.__name__}, not {type(value).__name__}")
        if key in LISTS and not all(isinstance(v, str) for v in value):
            raise FileError(name, line, f"record {out['pmid']}: '{key}' must be a list of "
                                        "strings")
        if isinstance(value, str):
            value = limits.CONTROL.sub("", value) or None
        elif key in LISTS:
            value = [limits.CONTROL.sub("", v) for v in value]
        out[key] = value
    return out


def _is(value: Any, typ: type) -> bool:
    return isinstance(value, typ) and not (typ is int and isinstance(value, bool))


def path_of(pmid: str, directory: Path) -> Path:
    return directory / f"{pmid}.json"


def cached_pmids(directory: Path) -> set[str]:
    """The PMIDs with a file in `directory` (without reading them)."""
    if not directory.is_dir():
        return set()
    out = set()
    for n, entry in enumerate(directory.iterdir(), 1):
        if n > limits.WALK_ENTRIES:
            raise InputError(f"{directory}: more than {limits.WALK_ENTRIES:,} entries")
        found = _NAME.match(entry.name)
        if found:
            out.add(found.group(1))
    return out


def write(record: Record, directory: Path) -> Path:
    """Cache one record (atomically: the file appears whole or not at all)."""
    from kg.atomic import atomic_output

    rec = coerce(record, "<record>")
    path = path_of(rec["pmid"], directory)
    with atomic_output(path) as fh:
        fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def read(pmid: str, directory: Path) -> Record | None:
    """The cached record of `pmid`, or None."""
    path = path_of(pmid, directory)
    if not path.is_file():
        return None
    data = limits.read_regular(path, limits.REFS_RECORD_BYTES)
    try:
        raw = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise FileError(str(path), 1, f"not a cached record ({exc}); delete it and run "
                                      "'alskg refs fetch' again") from None
    rec = coerce(raw, str(path))
    if rec["pmid"] != pmid:
        raise FileError(str(path), 1, f"holds the record of PMID {rec['pmid']}, not {pmid}")
    return rec


def records(directory: Path | None = None) -> dict[str, Record]:
    """Every cached record, by PMID (digits), in PMID order."""
    folder = directory if directory is not None else cache_dir()
    out: dict[str, Record] = {}
    for pmid in sorted(cached_pmids(folder), key=int):
        rec = read(pmid, folder)
        if rec is not None:
            out[pmid] = rec
    return out


def shipped_records(path: Path | None = None) -> dict[str, Record]:
    """The records of the shipped metadata (no abstracts), by PMID; none if it is absent."""
    from kg.refs.pubmed_xml import read_efetch

    path = path or shipped_path()
    if not path.is_file():
        return {}
    return {r["pmid"]: r for r in read_efetch(path)}


def lookup(pmid: str, directory: Path | None = None) -> tuple[Record, str] | None:
    """The record of `pmid` and where it came from ("cache" or "shipped"), or None."""
    rec = read(pmid, directory if directory is not None else cache_dir())
    if rec is not None:
        return rec, "cache"
    shipped = shipped_records().get(pmid)
    return (shipped, "shipped") if shipped is not None else None
