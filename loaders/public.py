"""Where the public releases a build reads are: the ALS extracts shipped in data/sources/ by
default, or, with `--sources all`, the full releases in the releases folder (ALSKG_RELEASES,
else the user cache; `alskg sources fetch` and `python -m loaders.extract` fill it) wherever
a file is present there. Which loaders read them: loaders/registry.py."""

from __future__ import annotations

import os
from pathlib import Path

from kg.resources import resource_dir
from loaders.extract.als import OUT
from loaders.release import tsv_rows

MODES = ("extracts", "all")


def releases_dir() -> Path:
    env = os.environ.get("ALSKG_RELEASES")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("alskg")) / "releases"


def extracts_dir() -> Path:
    return resource_dir("sources")


def als_genes(folder: Path | None = None) -> dict[str, str]:
    """NCBIGene id -> symbol of the ALS genes the extracts were cut for."""
    path = (folder or extracts_dir()) / OUT["genes"]
    return {r["gene"]: r["symbol"] for _, r in tsv_rows(path, ["gene", "symbol"])}


def pick_release(name: str, mode: str) -> tuple[Path, bool]:
    """The file to read for one release, and whether it is the full release."""
    if mode == "all":
        full = releases_dir()
        for candidate in (full / name, full / (name + ".gz")):
            if candidate.is_file():
                return candidate, True
    return extracts_dir() / OUT[name], False
