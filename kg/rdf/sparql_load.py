"""Load the SPARQL store in a process of its own (started by kg/web/state.py), and keep the
embedded store's beside it, so that the next `alskg serve` answers SPARQL at once.

The export is CPU-bound Python: in a thread of the server it would hold the GIL for
minutes on a large graph and slow every page meanwhile. The job comes as one JSON line on
stdin (so a Neo4j password never shows in the process list); the answer, or one line of
error, goes to stdout as JSON.

The kept store of `graph.db` is the folder `graph.db.sparql/`: pyoxigraph's `store/` and
the marker `alskg-sparql.json`, which names what the store was loaded from (`key_of`: the
build id of the store's meta table, the alskg and pyoxigraph versions, a digest of the
export's code and the ontology) and its triple count. A store whose marker names another
key is loaded again. The folder is loaded under a temporary name beside it, the marker
written last, and renamed into place; a loader killed half way leaves only a temporary
folder, which the next loader removes. One loader at a time writes it (a lock beside the
store, as builds take): a second serve waits, then finds the store made.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import sys
import tempfile
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.atomic import umask
from kg.problems import InputError

MARKER = "alskg-sparql.json"
# the export's code: a change to any of these changes the triples a store holds
_EXPORT_CODE = ("model.py", "rdf/export.py", "rdf/stream.py", "rdf/triples.py",
                "rdf/terms.py", "rdf/owl.py", "rdf/sparql.py")


def folder_of(store: Path) -> Path:
    """Where the SPARQL store of the embedded store `store` is kept."""
    return store.with_name(store.name + ".sparql")


def key_of(meta: dict[str, Any], store: Path) -> dict[str, str]:
    """What a kept SPARQL store must have been loaded from to answer for `store`."""
    from importlib.metadata import version

    from kg import __version__

    build = meta.get("build_id")
    if not isinstance(build, str) or not build:
        st = store.stat()  # a store built before build ids: the identity of its file
        build = f"file:{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"
    return {"build": build, "alskg": __version__, "pyoxigraph": version("pyoxigraph"),
            "export": _export_digest()}


@lru_cache(maxsize=1)
def _export_digest() -> str:
    from kg.ontology.model import ONTOLOGY_FILES, ontology_dir

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    ontology = ontology_dir()
    for path in [*(package / name for name in _EXPORT_CODE),
                 *(ontology / name for name in ONTOLOGY_FILES)]:
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing " + str(path.name).encode())
    return digest.hexdigest()[:16]


def check_folder(folder: Path) -> None:
    """Refuse a folder alskg must not write or delete: a symbolic link (planted to make it
    write elsewhere), or a file or folder that is not a SPARQL store alskg kept."""
    if folder.is_symlink():
        raise InputError(f"{folder}: is a symbolic link; refusing to keep the SPARQL store "
                         "there (remove it)")
    if folder.exists() and not (folder.is_dir() and (
            (folder / MARKER).exists() or (folder / "store").is_dir())):
        raise InputError(f"{folder}: exists and is not a SPARQL store alskg kept; refusing "
                         "to replace it (remove it)")


def kept(folder: Path, key: dict[str, str]) -> dict[str, Any] | None:
    """The marker of the store kept in `folder` when it names `key` (its `triples` and
    `made`, a nonce of the loading that wrote it); None when there is none for `key`."""
    try:
        # a regular file only: a FIFO planted there would block the read for ever
        fd = os.open(folder / MARKER, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            marker = json.loads(fh.read(64 * 1024))
    except (OSError, ValueError):
        return None
    if not isinstance(marker, dict) or marker.get("key") != key:
        return None
    if not isinstance(marker.get("triples"), int) or not isinstance(marker.get("made"), str):
        return None
    return marker


def keep(store: Path, distrust: str = "") -> dict[str, Any]:
    """The SPARQL store of the embedded store `store`, kept in folder_of(store): loaded
    unless a store for its build is there already (and is not the one made by the loading
    `distrust`, found not to open). Its marker, with `loaded` saying whether it was made
    now. Cheap when the store is there: one marker read."""
    from kg.api import load_or_build
    from kg.ontology.model import load_ontology
    from kg.rdf.export import backend_records
    from kg.rdf.sparql import load
    from kg.store.db import build_lock

    folder = folder_of(store)
    check_folder(folder)
    backend = load_or_build(store)
    key = key_of(backend.meta, store)
    with build_lock(folder):
        check_folder(folder)  # again: the lock may have been waited for
        found = kept(folder, key)
        if found is not None and found["made"] != distrust:
            return {**found, "loaded": False}
        # under the lock no other loader is writing: what is left is a dead one's
        for dead in [*folder.parent.glob(f".{folder.name}-*.tmp"),
                     *folder.parent.glob(f".{folder.name}-*.old")]:
            if dead.is_dir() and not dead.is_symlink():
                shutil.rmtree(dead, ignore_errors=True)
        try:
            tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-",
                                        suffix=".tmp"))
        except OSError as exc:
            raise InputError(f"{folder}: cannot keep the SPARQL store there: "
                             f"{exc.strerror}") from None
        try:
            nodes, edges, meta = backend_records(backend)
            triples = load(nodes, edges, load_ontology(), tmp, meta)
            marker = {"key": key, "triples": triples, "made": uuid.uuid4().hex}
            with (tmp / MARKER).open("w", encoding="utf-8") as fh:
                json.dump(marker, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o777 & ~umask())  # mkdtemp's folder is the owner's alone
            _swap(tmp, folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return {**marker, "loaded": True}


def _swap(new: Path, folder: Path) -> None:
    """Put the folder `new` at `folder`, removing the store of an older build there. (A
    folder cannot be renamed over one that is not empty: the old one is moved aside first,
    and a reader finding no folder for that instant loads under the lock, and so waits.)"""
    from kg.store.db import fsync_dir

    old = None
    if folder.exists():
        old = folder.with_name(f".{folder.name}-{uuid.uuid4().hex}.old")
        os.rename(folder, old)
    os.rename(new, folder)
    fsync_dir(folder.parent)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def run(job: dict[str, Any]) -> dict[str, Any]:
    from kg.ontology.model import load_ontology
    from kg.rdf.export import neo4j_records
    from kg.rdf.sparql import load
    from kg.rdf.terms import GraphMeta

    if job["backend"] == "neo4j":
        from kg.neo4j.backend import Neo4jBackend

        db = Neo4jBackend.connect(**job.get("neo4j", {}))
        try:
            nodes, edges = neo4j_records(db)
            return {"triples": load(nodes, edges, load_ontology(), Path(job["directory"]),
                                    GraphMeta())}
        finally:
            db.close()
    if job.get("directory"):  # a folder of its own, not kept
        from kg.rdf.export import embedded_records

        records = embedded_records(Path(job["store"]))
        return {"triples": load(records[0], records[1], load_ontology(),
                                Path(job["directory"]), records[2])}
    return keep(Path(job["store"]), str(job.get("distrust") or ""))


def main() -> None:
    try:
        answer = run(json.loads(sys.stdin.readline()))
    except Exception as exc:  # reported by the server on /sparql, in one line
        text = str(exc).strip()
        print(json.dumps({"error": text.splitlines()[0][:500] if text
                          else type(exc).__name__}))
        sys.exit(1)
    print(json.dumps(answer))


if __name__ == "__main__":
    main()
