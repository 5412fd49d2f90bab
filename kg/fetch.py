"""`alskg sources fetch`: download a public release listed in data/sources/manifest.yaml
into the releases folder, with progress, a checksum and resume.

The download goes to `FILE.part` beside the target; a later fetch resumes it with an HTTP
Range request (a server that ignores Range sends the whole file again, and the part is
restarted). Only when the file is complete, and its SHA-256 matches the manifest's where
the manifest gives one, is it renamed to its final name: a half download or a wrong file
never sits where `alskg build --sources all` reads. A checksum mismatch removes the file.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import limits
from kg.problems import InputError
from kg.yaml.read import plain, read_yaml

CHUNK = 1 << 16
MANIFEST = "manifest.yaml"
ProgressFn = Callable[[int, int | None], None]


@dataclass(frozen=True)
class Entry:
    name: str
    title: str
    url: str | None
    file: str
    version: str
    licence: str
    attribution: str
    sha256: str | None
    extract: str
    shipped_from: str


def manifest_path() -> Path:
    from kg.resources import resource_dir

    return resource_dir("sources") / MANIFEST


def read_manifest(path: Path | None = None) -> dict[str, Entry]:
    path = path or manifest_path()
    raw, problem = read_yaml(path)
    if problem is not None:
        raise InputError(str(problem))
    data = plain(raw)
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, dict):
        raise InputError(f"{path}:1: error: expected a 'sources:' mapping")
    out = {}
    for name, e in sources.items():
        if not isinstance(e, dict) or not isinstance(e.get("file"), str) \
                or "/" in e["file"] or e["file"].startswith("."):
            raise InputError(f"{path}: error: source '{name}' needs a plain file name")
        url = e.get("url")
        if url is not None and not (isinstance(url, str)
                                    and url.startswith(("http://", "https://"))):
            raise InputError(f"{path}: error: source '{name}': url must be http(s)")
        sha = e.get("sha256")
        if sha is not None and not (isinstance(sha, str) and len(sha) == 64
                                    and all(c in "0123456789abcdef" for c in sha)):
            raise InputError(f"{path}: error: source '{name}': sha256 must be 64 hex digits")
        out[str(name)] = Entry(str(name), str(e.get("title", "")), url, e["file"],
                               str(e.get("version", "")), str(e.get("licence", "")),
                               str(e.get("attribution", "")), sha,
                               str(e.get("extract", "")), str(e.get("shipped_from", "")))
    return out


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(name: str, directory: Path, manifest: Path | None = None,
          progress: ProgressFn | None = None) -> dict[str, Any]:
    """Download source `name` into `directory`; returns path, bytes, sha256, resumed."""
    entries = read_manifest(manifest)
    if name not in entries:
        raise InputError(f"no source '{name}' in the manifest; known: {', '.join(entries)}")
    entry = entries[name]
    if entry.url is None:
        raise InputError(f"source '{name}' has no download URL ({entry.shipped_from})")
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / entry.file
    if target.is_file() and entry.sha256 and sha256_of(target) == entry.sha256:
        return {"source": name, "path": str(target), "bytes": target.stat().st_size,
                "sha256": entry.sha256, "resumed": False, "already": True}
    part = directory / (entry.file + ".part")
    have = part.stat().st_size if part.is_file() else 0
    request = urllib.request.Request(entry.url, headers={"User-Agent": "alskg"})
    if have:
        request.add_header("Range", f"bytes={have}-")
    try:
        response = urllib.request.urlopen(request, timeout=limits.FETCH_TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        if exc.code == 416 and have:  # the part is already whole
            response = None
        else:
            raise InputError(f"{entry.url}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise InputError(f"{entry.url}: cannot download ({exc}); run the fetch again to "
                         "resume") from None
    resumed = False
    if response is not None:
        with response:
            resumed = have > 0 and response.status == 206
            if not resumed:
                have = 0  # the server sent the whole file
            length = response.headers.get("Content-Length")
            total = have + int(length) if length and length.isdigit() else None
            done = have
            try:
                with part.open("ab" if resumed else "wb") as out:
                    while True:
                        block = response.read(CHUNK)
                        if not block:
                            break
                        done += len(block)
                        if done > limits.FETCH_BYTES:
                            out.close()
                            part.unlink(missing_ok=True)
                            raise InputError(f"{entry.url}: larger than "
                                             f"{limits.FETCH_BYTES:,} bytes; download "
                                             "stopped and removed")
                        out.write(block)
                        if progress:
                            progress(done, total)
            except (TimeoutError, OSError) as exc:
                raise InputError(f"{entry.url}: download interrupted ({exc}); run the fetch "
                                 "again to resume") from None
            if total is not None and done < total:
                raise InputError(f"{entry.url}: the server closed after {done:,} of "
                                 f"{total:,} bytes; run the fetch again to resume")
    got = sha256_of(part)
    if entry.sha256 and got != entry.sha256:
        part.unlink(missing_ok=True)
        raise InputError(f"{entry.url}: checksum mismatch (sha256 {got}, the manifest says "
                         f"{entry.sha256}); the download was removed")
    os.replace(part, target)
    return {"source": name, "path": str(target), "bytes": target.stat().st_size,
            "sha256": got, "resumed": resumed, "already": False,
            "checked": bool(entry.sha256)}
