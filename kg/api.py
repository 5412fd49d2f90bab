"""The library API: each CLI command is one call here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.backend import Backend
from kg.backend import show as show_entity
from kg.problems import Problem, has_errors
from kg.store.backend import EmbeddedBackend
from kg.workspace import Workspace
from kg.workspace import default_store as _default_store
from kg.workspace import find as find_workspace
from kg.workspace import init as init_workspace

if TYPE_CHECKING:
    from kg.build import GraphData
    from kg.ontology.model import Ontology
    from loaders.base import Source


def load_ontology(directory: Path | None = None) -> Ontology:
    # imported when needed: reading the ontology's YAML is a cost that `show` need not pay
    from kg.ontology.model import load_ontology as load

    return load(directory)


def default_sources(paths: list[Path] | None = None, with_hpo: bool = True,
                    shipped: bool | None = None,
                    workspace: Workspace | None = None,
                    releases: str | None = None) -> list[Source]:
    """What a build reads (loaders/registry.py): the given files, else the workspace's files
    with the shipped knowledge (curated data, the HPO release and the public releases: the
    shipped ALS extracts, or with `releases="all"` the full releases where present) unless
    `shipped` is False."""
    from loaders.registry import Request, sources

    ws = None if paths else (workspace if workspace is not None else find_workspace())
    with_shipped = shipped if shipped is not None else (ws.shipped if ws else True)
    if not paths and ws is None and not with_shipped:
        from kg.problems import InputError

        raise InputError("--no-shipped needs a workspace (see 'alskg init') or files to read")
    return sources(Request(paths=list(paths) if paths else None, workspace=ws,
                           shipped=with_shipped, with_hpo=with_hpo,
                           releases=releases or (ws.sources if ws else "extracts")))


def import_kgx(files: list[Path], name: str | None = None, shipped: bool | None = None,
               progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Add KGX files to the workspace (copied into <data>/kgx/<name>/) and build it; on any
    error the files are taken out again and the store is left as it was."""
    import re
    import shutil

    from kg import limits
    from kg.problems import InputError, render_text
    from kg.yaml.read import display_path
    from loaders.registry import KGX_FOLDER

    ws = find_workspace()
    if ws is None:
        raise InputError("import kgx adds the files to a workspace: run 'alskg init' first, "
                         "or work inside one")
    kinds: dict[str, Path] = {}
    for f in files:
        m = re.fullmatch(r"(nodes|edges)\.(jsonl|tsv)", f.name)
        if m is None:
            raise InputError(f"{f}: not a KGX file name (nodes.jsonl, edges.jsonl, nodes.tsv "
                             "or edges.tsv)")
        if m.group(1) in kinds:
            raise InputError(f"{f}: a second {m.group(1)} file")
        limits.open_regular(f, limits.KGX_FILE_BYTES).close()
        kinds[m.group(1)] = f
    label = name or Path(files[0]).resolve().parent.name or "graph"
    label = re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-.") or "graph"
    target = ws.data[0] / KGX_FOLDER / label
    if target.exists():
        raise InputError(f"{target}: a KGX graph of that name is already in the workspace "
                         "(remove the folder, or pass --name)")
    target.mkdir(parents=True)
    try:
        for f in kinds.values():
            shutil.copyfile(f, target / f.name)
        result, problems = build(store_path=ws.store, progress=progress, shipped=shipped)
    except BaseException:
        _remove_import(target)
        raise
    if result is None:
        _remove_import(target)
        text = render_text(problems)
        for f in kinds.values():  # name the user's files, not the copies just removed
            text = text.replace(display_path(target / f.name), str(f))
        raise InputError("the imported graph does not build; nothing was added\n" + text)
    return {"folder": str(target), "store": str(ws.store), "nodes": result["nodes"],
            "edges": result["edges"], "problems": problems}


def _remove_import(target: Path) -> None:
    import shutil

    shutil.rmtree(target, ignore_errors=True)
    try:
        target.parent.rmdir()  # the kgx/ folder, when this was its only graph
    except OSError:
        pass


def init(directory: Path) -> Workspace:
    """Create a curator workspace in `directory`."""
    return init_workspace(directory)


def default_store() -> Path:
    return _default_store()


def validate(paths: list[Path] | None = None, sources: list[Source] | None = None,
             ontology: Ontology | None = None,
             progress: Callable[[str], None] | None = None,
             shipped: bool | None = None) -> tuple[GraphData, list[Problem]]:
    """Read and check every source; nothing is written."""
    from kg.build import gather
    from kg.model import CURATED_SOURCE
    from loaders.curated import DEFAULT_DIR as CURATED_DIR
    from loaders.curated import CuratedSource

    sources = sources or default_sources(paths, shipped=shipped)
    data = gather(sources, ontology or load_ontology(), progress)
    curated = [(s.paths, s.source_id == CURATED_SOURCE and s.paths == [CURATED_DIR])
               for s in sources if isinstance(s, CuratedSource)]
    if curated:
        from kg.refs.check import gene_link_notes, validate_quotes
        from kg.refs.gene2pubmed import shipped_gene2pubmed
        from kg.refs.records import available_records

        # the shipped data alone, with no records at hand, has nothing to report: its
        # files are not read again
        records = available_records()
        if records or not all(shipped for _, shipped in curated):
            data.problems += validate_quotes(curated, records)
        if not all(shipped for _, shipped in curated):
            data.problems += gene_link_notes(curated, shipped_gene2pubmed())
    return data, data.problems


def build(paths: list[Path] | None = None, store_path: Path | None = None,
          sources: list[Source] | None = None,
          progress: Callable[[str], None] | None = None,
          shipped: bool | None = None,
          releases: str | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate, then write the embedded store; on any error write nothing."""
    from kg.build import no_gc
    from kg.store import db

    target = store_path or default_store()
    db.check_target(target)  # before minutes of reading, not after
    ontology = load_ontology()
    if sources is None:
        sources = default_sources(paths, shipped=shipped, releases=releases)
    data, problems = validate(paths, sources, ontology, progress=progress, shipped=shipped)
    if has_errors(problems):
        return None, problems
    if progress:
        progress(f"writing {target}")
    from loaders.hgnc import HgncSource

    hgnc = next((s for s in (sources or []) if isinstance(s, HgncSource)), None)
    with no_gc():
        counts = db.write(data, ontology, target, hgnc=hgnc)
    return counts, problems


def open_backend(name: str, store_path: Path | None = None, **neo4j_options: Any) -> Backend:
    """The one factory that picks a backend by name."""
    if name == "embedded":
        return EmbeddedBackend(store_path)
    if name == "neo4j":
        from kg.neo4j.backend import Neo4jBackend

        return Neo4jBackend.connect(**neo4j_options)
    raise ValueError(f"unknown backend '{name}'")


def refs_check(paths: list[Path] | None = None,
               shipped: bool | None = None) -> list[Problem]:
    """Every finding (shipped and the workspace's, or of `paths`) whose cited PMIDs NCBI's
    gene2pubmed does not link to the gene it names, and every quote checked against the
    records at hand."""
    from kg.model import CURATED_SOURCE
    from kg.refs.check import unlinked_problems, validate_quotes
    from kg.refs.gene2pubmed import shipped_gene2pubmed
    from kg.refs.records import available_records
    from loaders.curated import DEFAULT_DIR as CURATED_DIR
    from loaders.curated import CuratedSource

    sources = [s for s in default_sources(paths, with_hpo=False, shipped=shipped)
               if isinstance(s, CuratedSource)]
    table = shipped_gene2pubmed()
    problems: list[Problem] = []
    for s in sources:
        problems += unlinked_problems(s.paths, table)
    problems += validate_quotes([(s.paths, s.source_id == CURATED_SOURCE
                                  and s.paths == [CURATED_DIR]) for s in sources],
                                available_records())
    return problems


def stats(backend: Backend) -> dict[str, Any]:
    """Counts per category, predicate and source, and the cited sources: papers counted
    once each (whether cited by PMID, DOI or PMC id) apart from releases."""
    from kg.queries import run
    from kg.refs.papers import count_sources

    result = backend.stats()
    _, rows = run(backend, "publications", {})
    result["cited_sources"] = count_sources(rows)
    return result


def show(backend: Backend, text: str, population: str | None = None,
         strict: bool = False, weights: Path | None = None) -> dict[str, Any]:
    """An entity and its edges, each with its evidence score and both sides of it."""
    from kg.ranking import load_profile

    return show_entity(backend, text, population=population, strict=strict,
                       profile=load_profile(weights))


def search(backend: Backend, text: str, limit: int = 20) -> dict[str, Any]:
    """Entities whose names or synonyms match `text`, and findings whose statements do;
    first the entity `text` resolves to, if any (`resolved`)."""
    from kg.backend import resolve_node
    from kg.problems import InputError

    if not isinstance(backend, EmbeddedBackend):
        raise InputError("search runs on the embedded store (its full-text index); "
                         "use --backend embedded")
    result = backend.search(text, limit)
    # the entity `show` would answer heads the list, however the text was typed (TDP43
    # finds TDP-43 there, not in the full-text index)
    try:
        node_id, node = resolve_node(backend, text)
    except InputError:
        node_id = None
    result["resolved"] = node_id
    if node_id is not None and all(e["id"] != node_id for e in result["entities"]):
        result["entities"] = [{"id": node_id, "name": node["name"],
                               "category": node["category"], "synonyms": node["synonyms"],
                               "matched": [text]}] + result["entities"][:limit - 1]
    return result


def load_or_build(store_path: Path | None = None,
                  progress: Callable[[str], None] | None = None) -> EmbeddedBackend:
    """The embedded store; built first when it does not exist yet."""
    path = store_path or default_store()
    if not path.exists():
        result, problems = build(store_path=path, progress=progress)
        if result is None:
            from kg.problems import InputError, render_text

            raise InputError("the curated data does not validate; nothing was loaded\n"
                             + render_text(problems))
    return EmbeddedBackend(path)


def neo4j_load(store_path: Path | None = None, wipe: bool = False,
               progress: Any = None, batch_size: int | None = None,
               **neo4j_options: Any) -> Any:
    """Load the built graph into Neo4j (building it first if needed)."""
    from kg.neo4j import hgnc, listings
    from kg.neo4j import load as loader
    from kg.neo4j.backend import Neo4jBackend

    store = load_or_build(store_path)
    counts = store.stats()
    backend = Neo4jBackend.connect(**neo4j_options)
    try:
        # the counts kept for listings go first, so that a load that stops part-way
        # leaves none to contradict the graph (kg/neo4j/listings.py)
        listings.forget(backend.driver, backend.database)
        # records are read from the store while the server writes the previous batch
        result = loader.load(backend.driver, backend.database, store.all_nodes(),
                             store.all_edges(), load_ontology(), wipe=wipe,
                             batch_size=batch_size or loader.BATCH_SIZE, progress=progress,
                             total=counts["nodes"] + counts["edges"])
        listings.refresh(backend.driver, backend.database)
        # HGNC's names table goes with the graph, so `show` resolves gene names alike
        hgnc.load(backend.driver, backend.database, *store.hgnc_tables())
        return result
    finally:
        backend.close()


def query_list() -> list[dict[str, Any]]:
    from kg import queries

    return [q.to_dict() for q in queries.catalogue().values()]


def query_show(name: str) -> dict[str, Any]:
    from kg import queries

    q = queries.get(name)
    return {**q.to_dict(), "cypher": q.cypher}


def query_run(backend: Backend, name: str, params: dict[str, str],
              limit: int | None = None, offset: int = 0, population: str | None = None,
              strict: bool = False) -> dict[str, Any]:
    """One page of a canned query (every row when `limit` is None), with the total;
    `population` adds whether each finding row is about that band (`strict`: only those)."""
    from kg import queries

    query, page = queries.run_page(backend, name, params, limit, offset, population, strict)
    return {"query": query.name, "columns": list(queries.lens_columns(page.columns, population)),
            "total": page.total,
            "offset": page.offset, "limit": page.limit, "rows": page.rows,
            "notes": list(page.notes)}


def path(backend: Backend, source: str | None, target: str | None, max_hops: int = 4,
         via: list[str] | None = None, limit: int = 10, population: str | None = None,
         strict: bool = False, weights: Path | None = None,
         explain: bool = False, to_category: str | None = None,
         from_category: str | None = None) -> dict[str, Any]:
    """Paths between two entities, ranked by evidence (`weights`: another profile than
    ontology/ranking.yaml); with `to_category` (or `from_category`) in place of one end,
    the best paths to (or from) any entity of that category."""
    from kg.paths import find_paths
    from kg.ranking import load_profile

    ontology = load_ontology()
    return find_paths(backend, source, target, max_hops, via, limit,
                      categories={c: ontology.lineage(c) for c in ontology.categories},
                      population=population, strict=strict, profile=load_profile(weights),
                      explain=explain, to_category=to_category, from_category=from_category)


def neo4j_import(cfg: Any, store_path: Path | None = None, csv_dir: Path | None = None,
                 progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Rebuild the local Neo4j server's database with Neo4j's offline importer."""
    from kg.neo4j.offline import import_offline

    def hgnc_tables() -> Any:
        # the store's table: the graph's files came from it (or, given csv_dir, when it
        # exists; else none)
        path = store_path or default_store()
        return EmbeddedBackend(path).hgnc_tables() if path.exists() else ([], [])

    return import_offline(cfg, lambda folder: export_neo4j_csv(folder, store_path), csv_dir,
                          progress, hgnc=hgnc_tables)


def neo4j_import_curated(cfg: Any, paths: list[Path] | None = None,
                         shipped: bool | None = None, releases: str | None = None,
                         progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Rebuild the local Neo4j server's database from the curated files (and the public
    releases a build reads) without building the embedded store: no process holds the
    whole graph. Any error in the files leaves the database as it was."""
    from kg.neo4j.offline import import_offline
    from kg.neo4j.stream import write_from_sources
    from loaders.hgnc import HgncSource

    sources = default_sources(paths, shipped=shipped, releases=releases)
    ontology = load_ontology()
    names = next((s for s in sources if isinstance(s, HgncSource)), None)
    return import_offline(
        cfg, lambda folder: write_from_sources(sources, ontology, folder, progress=progress),
        progress=progress,
        hgnc=None if names is None else lambda: (sorted(names.gene_rows()),
                                                 sorted(names.names())))


def export_neo4j_csv(directory: Path, store_path: Path | None = None) -> dict[str, Any]:
    """neo4j-admin import files for the built graph, and the exact import command."""
    from kg.neo4j.csv_store import export_store

    store = load_or_build(store_path)
    return export_store(store.store.path, load_ontology(), directory)


def sources_list() -> list[dict[str, Any]]:
    """The public releases of the manifest, with where the shipped extracts came from."""
    from kg.fetch import read_manifest

    return [{"source": e.name, "title": e.title, "version": e.version, "licence": e.licence,
             "url": e.url or "", "extract": e.extract, "shipped_from": e.shipped_from,
             "attribution": e.attribution} for e in read_manifest().values()]


def sources_fetch(name: str, directory: Path | None = None, manifest: Path | None = None,
                  progress: Callable[[int, int | None], None] | None = None) -> dict[str, Any]:
    """Download one full release into the releases folder (resumable, checksummed)."""
    from kg.fetch import fetch
    from loaders.public import releases_dir

    return fetch(name, directory or releases_dir(), manifest, progress)


def refs_fetch(pmids: list[str], missing: bool = False,
               progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Download PubMed records from E-utilities into the reference cache (kg/refs/fetch.py):
    `pmids` (`PMID:n` or `n`) and, with `missing`, every cited PMID the cache lacks."""
    from kg.refs.fetch import fetch

    return fetch(pmids, missing=missing, progress=progress)


def refs_show(pmid: str) -> dict[str, Any]:
    """The record of one PubMed id from the cache, else from the shipped metadata, with
    `source` saying which; an InputError when neither has it."""
    from kg.problems import InputError
    from kg.refs import cache

    digits = cache.normalise_pmid(pmid)
    if digits is None:
        raise InputError(f"'{pmid[:80]}' is not a PubMed id (PMID:n or n)")
    found = cache.lookup(digits)
    if found is None:
        raise InputError(f"PMID:{digits}: no record in the cache ({cache.cache_dir()}) or the "
                         f"shipped metadata; run 'alskg refs fetch PMID:{digits}'")
    record, source = found
    return {"id": f"PMID:{digits}", **record, "source": source}


def refs_record(entity_id: str) -> dict[str, Any] | None:
    """The PubMed record behind a `PMID:n` entity for its web page (cache, else shipped
    metadata), or None: no record, another kind of id, or an unreadable cache file."""
    from kg.problems import InputError

    if not entity_id.startswith("PMID:"):
        return None
    try:
        return refs_show(entity_id)
    except InputError:
        return None
