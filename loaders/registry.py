"""The one list of the sources a build reads, in the order it reads them (which is the order
their records are merged in): `alskg build`, `validate` and the streaming import (`neo4j
import --from-curated`) all take theirs from `sources()`, through kg.api.default_sources.

Each entry makes the sources of one kind for a request, or none where the request leaves it
out; the public releases come after HPO, HGNC before the gene2go annotations it sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.base import Source

if TYPE_CHECKING:
    from kg.workspace import Workspace


@dataclass(frozen=True)
class Request:
    """What a build is asked to read."""

    #: curated files named on the command line: they replace the curated folders
    paths: list[Path] | None
    #: the workspace whose files, KGX imports and settings are read (None with paths)
    workspace: Workspace | None
    #: with the knowledge alskg ships (curated data, HPO and the public releases)
    shipped: bool
    #: with HPO and the public releases (refs check reads the curated files only)
    with_hpo: bool
    #: the public releases: the shipped ALS extracts, or "all" (the full releases)
    releases: str

    @property
    def public(self) -> bool:
        return self.with_hpo and self.shipped


def _ontology_terms(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from loaders.ontology_terms import OntologyTermsSource

    # GO's terms come from the GO release when the releases are read
    return [OntologyTermsSource(with_go=True) if r.public else OntologyTermsSource()]


def _curated(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from kg.model import CURATED_SOURCE
    from loaders.curated import DEFAULT_DIR, CuratedSource

    if r.paths:
        return [CuratedSource(list(r.paths))]
    if not r.shipped:
        return []
    return [CuratedSource([DEFAULT_DIR], source_id=CURATED_SOURCE,
                          version="shipped with alskg")]


def _workspace(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from kg.workspace import WORKSPACE_SOURCE
    from loaders.curated import CuratedSource

    ws = r.workspace
    if ws is None:
        return []
    return [CuratedSource(list(ws.data), source_id=WORKSPACE_SOURCE,
                          version=f"workspace {ws.root.name}")]


#: where a workspace keeps other graphs' KGX files: <data folder>/kgx/<name>/
KGX_FOLDER = "kgx"


def kgx_sources(ws: Workspace) -> list[Source]:
    """One source per imported KGX graph of the workspace (`alskg import kgx`)."""
    from loaders.kgx import KgxSource

    out: list[Source] = []
    for folder in ws.data:
        base = folder / KGX_FOLDER
        if base.is_dir():
            out += [KgxSource(sub, source_id=f"alskg:kgx-{sub.name}")
                    for sub in sorted(base.iterdir()) if sub.is_dir()]
    return out


def _kgx(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    return kgx_sources(r.workspace) if r.workspace is not None else []


def _hpo(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from loaders.hpo import HpoSource, hpo_available

    return [HpoSource()] if r.public and hpo_available() else []


def _hgnc(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from loaders.extract.als import GENE2GO, GO_OBO, HGNC, MONDO
    from loaders.hgnc import HgncSource
    from loaders.public import MODES, als_genes, pick_release, releases_dir

    if not r.public:
        return []
    if r.releases not in MODES:
        raise ValueError(r.releases)
    if r.releases == "all" and not any(pick_release(n, r.releases)[1]
                                       for n in (GENE2GO, GO_OBO, HGNC, MONDO)):
        from kg.problems import InputError

        raise InputError(f"--sources all: no full release in {releases_dir()} (set "
                         "ALSKG_RELEASES, or run `alskg sources fetch NAME`)")
    hgnc = HgncSource(pick_release(HGNC, r.releases)[0])
    # with the full gene2go release, every gene HGNC names is a node, and the annotations
    # of all of them are read; else the ALS genes the extracts were cut for
    hgnc.genes = None if pick_release(GENE2GO, r.releases)[1] else set(als_genes())
    return [hgnc]


def _go(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from loaders.extract.als import GO_OBO
    from loaders.go import GoSource
    from loaders.public import pick_release

    return [GoSource(pick_release(GO_OBO, r.releases)[0])] if r.public else []


def _gene2go(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from loaders.extract.als import GENE2GO
    from loaders.gene2go import Gene2GoSource
    from loaders.hgnc import HgncSource
    from loaders.public import pick_release

    if not r.public:
        return []
    hgnc = made["hgnc"][0]
    assert isinstance(hgnc, HgncSource)
    symbols = hgnc.symbols()
    return [Gene2GoSource(pick_release(GENE2GO, r.releases)[0],
                          genes=hgnc.genes if hgnc.genes is not None else set(symbols),
                          symbols=symbols)]


def _mondo(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from loaders.extract.als import MONDO
    from loaders.mondo import MondoSource
    from loaders.public import pick_release

    return [MondoSource(pick_release(MONDO, r.releases)[0])] if r.public else []


def _retractions(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from loaders.extract.als import RETRACTIONS
    from loaders.public import pick_release
    from loaders.retractions import RetractionsSource

    return [RetractionsSource(pick_release(RETRACTIONS, r.releases)[0])] if r.public else []


def _pubmed(r: Request, made: dict[str, list[Source]]) -> list[Source]:
    from kg.refs.cache import SHIPPED_FILE, cache_dir
    from loaders.public import extracts_dir
    from loaders.pubmed import PubmedSource

    # beside the shipped PubMed metadata, the workspace's reference cache (else the user's)
    return [PubmedSource(extracts_dir() / SHIPPED_FILE, cache_dir(r.workspace))] \
        if r.public else []


#: (name, what makes its sources), in reading order
REGISTRY: tuple[tuple[str, Callable[[Request, dict[str, list[Source]]], list[Source]]], ...] = (
    ("ontology terms", _ontology_terms),
    ("curated", _curated),
    ("workspace", _workspace),
    ("kgx", _kgx),
    ("hpo", _hpo),
    ("hgnc", _hgnc),
    ("go", _go),
    ("gene2go", _gene2go),
    ("mondo", _mondo),
    ("retractions", _retractions),
    ("pubmed", _pubmed),
)


def sources(request: Request) -> list[Source]:
    """The sources `request` reads, in the registry's order."""
    made: dict[str, list[Source]] = {}
    for name, make in REGISTRY:
        made[name] = make(request, made)
    return [s for found in made.values() for s in found]
