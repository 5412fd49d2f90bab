"""The public releases a build reads: the ALS extracts shipped in data/sources/ by default,
or, with `--sources all`, the full releases in the releases folder (ALSKG_RELEASES, else
the user cache; `alskg sources fetch` and `python -m loaders.extract` fill it) wherever a
file is present there."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from kg.resources import resource_dir
from loaders.base import Source
from loaders.extract.als import GENE2GO, GO_OBO, HGNC, MONDO, OUT, RETRACTIONS
from loaders.release import tsv_rows

if TYPE_CHECKING:
    from loaders.hgnc import HgncSource

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


def _pick(name: str, mode: str) -> tuple[Path, bool]:
    """The file to read for one release, and whether it is the full release."""
    if mode == "all":
        full = releases_dir()
        for candidate in (full / name, full / (name + ".gz")):
            if candidate.is_file():
                return candidate, True
    return extracts_dir() / OUT[name], False


def hgnc_release(version: str | None) -> HgncSource | None:
    """The HGNC release of `version` (a store's recorded source version), full or extract,
    where one is at hand: a graph read back from an export gets the names table its build
    had, which no export carries. None when no release of that version is here."""
    from loaders.hgnc import HgncSource

    if not version:
        return None
    for mode in ("all", "extracts"):
        path, _ = _pick(HGNC, mode)
        if path.is_file():
            source = HgncSource(path)
            if source.version == version:
                return source
    return None


def public_sources(mode: str = "extracts", refs_cache: Path | None = None) -> list[Source]:
    """The release loaders; `refs_cache` is the reference cache the pubmed loader reads
    beside the shipped PubMed metadata (default: the current workspace's or the user's)."""
    from kg.refs.cache import SHIPPED_FILE, cache_dir
    from loaders.gene2go import Gene2GoSource
    from loaders.go import GoSource
    from loaders.hgnc import HgncSource
    from loaders.mondo import MondoSource
    from loaders.pubmed import PubmedSource
    from loaders.retractions import RetractionsSource

    if mode not in MODES:
        raise ValueError(mode)
    if mode == "all" and not any(_pick(n, mode)[1] for n in (GENE2GO, GO_OBO, HGNC, MONDO)):
        from kg.problems import InputError

        raise InputError(f"--sources all: no full release in {releases_dir()} (set "
                         "ALSKG_RELEASES, or run `alskg sources fetch NAME`)")
    hgnc_path, _ = _pick(HGNC, mode)
    gene2go_path, gene2go_full = _pick(GENE2GO, mode)
    hgnc = HgncSource(hgnc_path)
    if gene2go_full:
        # every gene HGNC names is a node, and the annotations of all of them are read
        genes: set[str] | None = None
        hgnc.genes = None
    else:
        genes = set(als_genes())
        hgnc.genes = genes
    symbols = hgnc.symbols()
    annotated = Gene2GoSource(gene2go_path, genes=genes if genes is not None else
                              set(symbols), symbols=symbols)
    return [hgnc, GoSource(_pick(GO_OBO, mode)[0]), annotated,
            MondoSource(_pick(MONDO, mode)[0]), RetractionsSource(_pick(RETRACTIONS, mode)[0]),
            PubmedSource(extracts_dir() / SHIPPED_FILE,
                         refs_cache if refs_cache is not None else cache_dir())]
