"""`alskg refs fetch`: download PubMed records from NCBI E-utilities `efetch` into the cache.

- Batches of at most `REFS_BATCH` PMIDs, sent by POST (`db=pubmed&retmode=xml&
  rettype=abstract`, with `tool=alskg`, `email=` from ALSKG_EUTILS_EMAIL and `api_key=`
  from NCBI_API_KEY when set). The base URL is https://eutils.ncbi.nlm.nih.gov/entrez/eutils/
  unless ALSKG_EUTILS_URL names another (a test server).
- The rate NCBI asks: at most 3 requests a second, 10 with an API key.
- A 429, a 5xx or a dropped connection is tried again, up to `REFS_TRIES` times, after the
  server's Retry-After (at most `REFS_RETRY_AFTER_S`) or else 1, 2, 4, 8 s.
- A body is read up to `REFS_BODY_BYTES` and for at most `REFS_REQUEST_S` seconds, then
  parsed whole (kg.refs.pubmed_xml) before any of its records is cached: an oversized,
  slow, malformed or hostile answer caches nothing of its batch.
- PMIDs already cached are not asked for, so a rerun after a failure fetches the rest.

Nothing else in alskg downloads records.
"""

from __future__ import annotations

import email.utils
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import limits
from kg.problems import InputError
from kg.refs import cache

BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
TOOL = "alskg"
#: seconds between the starts of two requests: under 3 a second, or 10 with an API key
INTERVAL_S = 0.34
INTERVAL_KEY_S = 0.1
CHUNK = 1 << 16

Progress = Callable[[str], None]


def parse_ids(texts: Iterable[str]) -> list[str]:
    """PMIDs (digits) from `PMID:n` or `n`, first occurrence kept; a malformed id is an
    InputError naming it."""
    out: dict[str, None] = {}
    for text in texts:
        pmid = cache.normalise_pmid(text)
        if pmid is None:
            raise InputError(f"'{text[:80]}' is not a PubMed id (PMID:n or n)")
        out[pmid] = None
    if len(out) > limits.REFS_FETCH_IDS:
        raise InputError(f"{len(out):,} PMIDs; the limit is {limits.REFS_FETCH_IDS:,}")
    return list(out)


def cited_pmids() -> list[str]:
    """Every PMID that the findings of the shipped curated data and of the workspace's
    curated files cite (their `citations:`), in numeric order."""
    from kg.refs.check import cited_pmids as cited_in
    from kg.resources import resource_dir
    from kg.workspace import find

    paths = [resource_dir("curated")]
    ws = find()
    if ws is not None:
        paths += list(ws.data)
    return cited_in(paths)


@dataclass
class Client:
    """One E-utilities client: its base URL, credentials, pacing and clocks."""

    base_url: str = BASE_URL
    api_key: str | None = None
    email: str | None = None
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    progress: Progress | None = None
    requests: int = 0
    waited: list[float] = field(default_factory=list)
    _last: float | None = None

    @classmethod
    def from_env(cls, **kwargs: Any) -> Client:
        base = os.environ.get("ALSKG_EUTILS_URL") or BASE_URL
        if not base.startswith(("http://", "https://")):
            raise InputError(f"ALSKG_EUTILS_URL={base[:80]}: must be an http(s) URL")
        return cls(base_url=base if base.endswith("/") else base + "/",
                   api_key=os.environ.get("NCBI_API_KEY") or None,
                   email=os.environ.get("ALSKG_EUTILS_EMAIL") or None, **kwargs)

    @property
    def url(self) -> str:
        return self.base_url + "efetch.fcgi"

    def _pace(self) -> None:
        interval = INTERVAL_KEY_S if self.api_key else INTERVAL_S
        if self._last is not None:
            wait = self._last + interval - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def _say(self, message: str) -> None:
        if self.progress:
            self.progress(message)

    def efetch(self, pmids: list[str], where: str) -> bytes:
        """The body of efetch's answer for `pmids`, tried again on 429, 5xx and dropped
        connections; `where` names the batch in messages."""
        form = {"db": "pubmed", "retmode": "xml", "rettype": "abstract",
                "id": ",".join(pmids), "tool": TOOL}
        if self.email:
            form["email"] = self.email
        if self.api_key:
            form["api_key"] = self.api_key
        data = urllib.parse.urlencode(form).encode("ascii")
        for attempt in range(1, limits.REFS_TRIES + 1):
            self._pace()
            self.requests += 1
            request = urllib.request.Request(self.url, data=data, headers={
                "User-Agent": TOOL, "Content-Type": "application/x-www-form-urlencoded"})
            try:
                return self._read(request, where)
            except urllib.error.HTTPError as exc:
                exc.close()
                if exc.code != 429 and not 500 <= exc.code < 600:
                    raise InputError(f"{where}: HTTP {exc.code} {exc.reason}") from None
                why = f"HTTP {exc.code}"
                wait = _retry_after(exc.headers.get("Retry-After"))
            except _Retry as exc:
                why, wait = str(exc), None
            if attempt == limits.REFS_TRIES:
                raise InputError(f"{where}: {why} after {attempt} tries; run the fetch again "
                                 "to resume")
            if wait is None:
                wait = float(2 ** (attempt - 1))
            if wait > limits.REFS_RETRY_AFTER_S:
                raise InputError(f"{where}: {why}, and the server asks to wait {wait:,.0f} s "
                                 f"(more than {limits.REFS_RETRY_AFTER_S} s); run the fetch "
                                 "again later to resume")
            self._say(f"{where}: {why}; trying again in {wait:g} s")
            self.waited.append(wait)
            self.sleep(wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, request: urllib.request.Request, where: str) -> bytes:
        start = self.clock()
        try:
            response = urllib.request.urlopen(request, timeout=limits.FETCH_TIMEOUT_S)
        except urllib.error.HTTPError:
            raise
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise _Retry(f"cannot connect ({reason})") from None
        with response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limits.REFS_BODY_BYTES:
                raise InputError(f"{where}: an answer of {int(length):,} bytes; the limit is "
                                 f"{limits.REFS_BODY_BYTES:,}; nothing of this batch was "
                                 "cached")
            parts: list[bytes] = []
            size = 0
            try:
                while True:
                    block = response.read(CHUNK)
                    if not block:
                        break
                    size += len(block)
                    if size > limits.REFS_BODY_BYTES:
                        raise InputError(f"{where}: an answer of more than "
                                         f"{limits.REFS_BODY_BYTES:,} bytes; download stopped, "
                                         "nothing of this batch was cached")
                    if self.clock() - start > limits.REFS_REQUEST_S:
                        raise InputError(f"{where}: the answer took more than "
                                         f"{limits.REFS_REQUEST_S} s; download stopped, "
                                         "nothing of this batch was cached")
                    parts.append(block)
            except (TimeoutError, OSError) as exc:
                raise _Retry(f"download interrupted ({exc})") from None
            if length and length.isdigit() and size < int(length):
                raise _Retry(f"the server closed after {size:,} of {int(length):,} bytes")
        return b"".join(parts)


class _Retry(Exception):
    """A failure worth another try (a dropped connection, a cut answer)."""


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def fetch(pmids: Iterable[str], missing: bool = False, directory: Path | None = None,
          progress: Progress | None = None, client: Client | None = None) -> dict[str, Any]:
    """Cache the records of `pmids` (`PMID:n` or `n`), and with `missing` of every cited
    PMID, skipping those already cached. Returns what was asked, fetched, already cached and
    not found (PubMed's answer lacked them), the cache folder and the number of requests."""
    asked = parse_ids(pmids)
    if missing:
        asked = list(dict.fromkeys(asked + cited_pmids()))
    folder = directory if directory is not None else cache.cache_dir()
    have = cache.cached_pmids(folder)
    todo = [p for p in asked if p not in have]
    client = client or Client.from_env(progress=progress)
    if client.progress is None:
        client.progress = progress
    batches = [todo[i:i + limits.REFS_BATCH] for i in range(0, len(todo), limits.REFS_BATCH)]
    fetched: list[str] = []
    not_found: list[str] = []
    from kg.refs.pubmed_xml import parse_efetch

    for n, batch in enumerate(batches, 1):
        where = f"{client.url} (batch {n} of {len(batches)}, {len(batch)} PMIDs)"
        if progress:
            progress(f"batch {n} of {len(batches)}: {len(batch)} PMIDs "
                     f"({len(fetched)} of {len(todo)} cached so far)")
        body = client.efetch(batch, where)
        records = {r["pmid"]: r for r in parse_efetch(body, where)}
        wanted = [p for p in batch if p in records]
        for pmid in wanted:
            cache.write(records[pmid], folder)
        fetched += wanted
        not_found += [p for p in batch if p not in records]
    return {"asked": len(asked), "already": len(asked) - len(todo), "fetched": fetched,
            "not_found": not_found, "directory": str(folder), "requests": client.requests,
            "batches": len(batches)}
