"""`alskg export rdf`: the graph as RDF from either backend, in six formats.

N-Triples and N-Quads stream (kg/rdf_stream.py); Turtle, JSON-LD, RDF/XML and TriG are
built as an rdflib Graph or Dataset from the same triples and serialised by rdflib.
`kg.rdf_stream.rdflib_ntriples` is the rdflib way to write N-Triples (this module's
`build_rdflib`, then serialise), kept so that the benchmark can time it against
`stream_ntriples`; both write the same set of triples.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from kg import rdf
from kg.ontology import Ontology
from kg.rdf import GraphMeta, iter_batches


@contextmanager
def atomic_output(path: Path, binary: bool = False) -> Iterator[IO[Any]]:
    """A file that appears at `path` only when writing succeeded."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        fh: IO[Any]
        if binary:
            fh = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding="utf-8", newline="")
        with fh:
            yield fh
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- reading a backend ---------------------------------------------------------------------


def embedded_records(store_path: Path | None = None) -> tuple[Iterable[dict[str, Any]],
                                                             Iterable[dict[str, Any]],
                                                             GraphMeta]:
    """Nodes, edges and metadata of the embedded store (built first if missing)."""
    from kg.api import load_or_build

    graph = load_or_build(store_path)
    meta = GraphMeta(built_at=graph.graph.get("built_at"),
                     sources=dict(graph.graph.get("sources") or {}))
    nodes = (attrs for _, attrs in graph.nodes(data=True))
    edges = (attrs for _, _, attrs in graph.edges(data=True))
    return nodes, edges, meta


def neo4j_records(backend: Any) -> tuple[Iterator[dict[str, Any]], Iterator[dict[str, Any]]]:
    """Every node, then every edge, of a Neo4j backend, streamed from the server with the
    parameterless statements kg/cypher/export_nodes.cypher and export_edges.cypher."""
    from kg.cypher import statement
    from kg.neo4j_rows import edge_from_neo4j, node_from_neo4j

    def rows(name: str) -> Iterator[Any]:
        import neo4j

        with backend.driver.session(database=backend.database,
                                    default_access_mode=neo4j.READ_ACCESS) as session:
            yield from session.run(statement(name))

    nodes = (node_from_neo4j(dict(r["n"])) for r in rows("export_nodes"))
    edges = (edge_from_neo4j(dict(r["r"]), r["subject"], r["object"])
             for r in rows("export_edges"))
    return nodes, edges


# -- rdflib writers ------------------------------------------------------------------------


def build_rdflib(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
                 ontology: Ontology, meta: GraphMeta | None = None,
                 dataset: bool = False) -> Any:
    """The export as an rdflib Graph, or as a Dataset with nanopublications."""
    from rdflib import URIRef

    conv = rdf.to_rdflib
    g = rdf.new_graph(ontology, dataset=dataset)
    graphs: dict[str, Any] = {}
    for name, batch in iter_batches(nodes, edges, ontology, meta, quads=dataset):
        target = g
        if name is not None:
            target = graphs.get(name)
            if target is None:
                target = graphs[name] = g.graph(URIRef(name))
        for s, p, o in batch:
            target.add((conv(s), conv(p), conv(o)))
    return g


def write(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
          ontology: Ontology, path: Path, fmt: str, meta: GraphMeta | None = None) -> int:
    """Write the export to `path` in format `fmt` (a name from kg.rdf.FORMATS)."""
    from kg.rdf_stream import stream_nquads, stream_ntriples

    if fmt in ("nt", "nquads"):
        writer = stream_ntriples if fmt == "nt" else stream_nquads
        with atomic_output(path) as fh:
            return writer(nodes, edges, ontology, fh, meta)
    rdflib_format, _, has_graphs = rdf.FORMATS[fmt]
    g = build_rdflib(nodes, edges, ontology, meta, dataset=has_graphs)
    options: dict[str, Any] = {}
    if fmt == "jsonld":
        options = {"context": rdf.prefix_map(ontology), "auto_compact": True}
    with atomic_output(path, binary=True) as fh:
        g.serialize(destination=fh, format=rdflib_format, **options)
    return sum(1 for _ in g.quads()) if has_graphs else len(g)


def export_rdf(path: Path, fmt: str | None = None, backend: str = "embedded",
               store_path: Path | None = None, **neo4j_options: Any) -> dict[str, Any]:
    """Export the graph of a backend to `path`; the format from `fmt` or the suffix."""
    from kg.ontology import load_ontology

    name = rdf.format_for(path, fmt)
    ontology = load_ontology()
    t0 = time.perf_counter()
    if backend == "embedded":
        nodes, edges, meta = embedded_records(store_path)
        count = write(nodes, edges, ontology, path, name, meta)
    elif backend == "neo4j":
        from kg.neo4j_backend import Neo4jBackend

        db = Neo4jBackend.connect(**neo4j_options)
        try:
            nodes_it, edges_it = neo4j_records(db)
            count = write(nodes_it, edges_it, ontology, path, name, GraphMeta())
        finally:
            db.close()
    else:
        raise ValueError(f"unknown backend '{backend}'")
    seconds = time.perf_counter() - t0
    return {"path": str(path), "format": name, "statements": count,
            "seconds": round(seconds, 3)}
