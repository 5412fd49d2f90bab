"""The library API: each CLI command is one call here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg import store
from kg.backend import Backend
from kg.backend import show as show_entity
from kg.build import GraphData, gather, no_gc
from kg.ontology import Ontology, load_ontology
from kg.problems import Problem, has_errors
from loaders.base import Source
from loaders.curated import DEFAULT_DIR, CuratedSource
from loaders.ontology_terms import OntologyTermsSource


def default_sources(paths: list[Path] | None = None, with_hpo: bool = True) -> list[Source]:
    sources: list[Source] = [OntologyTermsSource(), CuratedSource(paths or [DEFAULT_DIR])]
    if with_hpo:
        from loaders.hpo import HpoSource, hpo_available

        if hpo_available():
            sources.append(HpoSource())
    return sources


def validate(paths: list[Path] | None = None, sources: list[Source] | None = None,
             ontology: Ontology | None = None,
             progress: Callable[[str], None] | None = None) -> tuple[GraphData, list[Problem]]:
    """Read and check every source; nothing is written."""
    data = gather(sources or default_sources(paths), ontology or load_ontology(), progress)
    return data, data.problems


def build(paths: list[Path] | None = None, store_path: Path | None = None,
          sources: list[Source] | None = None,
          progress: Callable[[str], None] | None = None) -> tuple[dict[str, Any] | None,
                                                                    list[Problem]]:
    """Validate, then build and persist the embedded graph; on any error write nothing."""
    ontology = load_ontology()
    data, problems = validate(paths, sources, ontology, progress=progress)
    if has_errors(problems):
        return None, problems
    with no_gc():
        graph = store.to_networkx(data, ontology)
        store.save(graph, store_path or store.default_store())
    from kg.embedded import EmbeddedBackend

    return EmbeddedBackend(graph=graph).stats(), problems


def open_backend(name: str, store_path: Path | None = None, **neo4j_options: Any) -> Backend:
    """The one factory that picks a backend by name."""
    if name == "embedded":
        from kg.embedded import EmbeddedBackend

        return EmbeddedBackend(store_path)
    if name == "neo4j":
        from kg.neo4j_backend import Neo4jBackend

        return Neo4jBackend.connect(**neo4j_options)
    raise ValueError(f"unknown backend '{name}'")


def stats(backend: Backend) -> dict[str, Any]:
    return backend.stats()


def show(backend: Backend, text: str) -> dict[str, Any]:
    return show_entity(backend, text)


def load_or_build(store_path: Path | None = None,
                  progress: Callable[[str], None] | None = None) -> Any:
    """The built graph; built first when the store does not exist yet."""
    path = store_path or store.default_store()
    if not path.exists():
        result, problems = build(store_path=path, progress=progress)
        if result is None:
            from kg.problems import InputError, render_text

            raise InputError("the curated data does not validate; nothing was loaded\n"
                             + render_text(problems))
    return store.load(path)


def neo4j_load(store_path: Path | None = None, wipe: bool = False,
               progress: Any = None, batch_size: int | None = None,
               **neo4j_options: Any) -> Any:
    """Load the built graph into Neo4j (building it first if needed)."""
    from kg import neo4j_load as loader
    from kg.neo4j_backend import Neo4jBackend

    graph = load_or_build(store_path)
    nodes = [attrs for _, attrs in graph.nodes(data=True)]
    edges = [attrs for _, _, attrs in graph.edges(data=True)]
    backend = Neo4jBackend.connect(**neo4j_options)
    try:
        return loader.load(backend.driver, backend.database, nodes, edges, load_ontology(),
                           wipe=wipe, batch_size=batch_size or loader.BATCH_SIZE,
                           progress=progress)
    finally:
        backend.close()


def query_list() -> list[dict[str, Any]]:
    from kg import queries

    return [q.to_dict() for q in queries.catalogue().values()]


def query_show(name: str) -> dict[str, Any]:
    from kg import queries

    q = queries.get(name)
    return {**q.to_dict(), "cypher": q.cypher}


def query_run(backend: Backend, name: str,
              params: dict[str, str]) -> tuple[list[str], list[dict[str, Any]]]:
    from kg import queries

    query, rows = queries.run(backend, name, params)
    return list(query.columns), rows


def path(backend: Backend, source: str, target: str, max_hops: int = 4,
         via: list[str] | None = None, limit: int = 10) -> dict[str, Any]:
    from kg.paths import find_paths

    return find_paths(backend, source, target, max_hops, via, limit,
                      categories=load_ontology().categories)


def export_neo4j_csv(directory: Path, store_path: Path | None = None) -> dict[str, Any]:
    """neo4j-admin import files for the built graph, and the exact import command."""
    from kg.neo4j_csv import write_import_files

    graph = load_or_build(store_path)
    return write_import_files([a for _, a in graph.nodes(data=True)],
                              [a for _, _, a in graph.edges(data=True)], load_ontology(),
                              directory)
