"""`alskg export rdf`: the graph as RDF from either backend, in six formats.

N-Triples and N-Quads stream (kg/rdf/stream.py); Turtle, JSON-LD, RDF/XML and TriG are
built as an rdflib Graph or Dataset from the same triples and serialised by rdflib.
`kg.rdf.export.rdflib_ntriples` is the rdflib way to write N-Triples (this module's
`build_rdflib`, then serialise), kept so that the benchmark can time it against
`stream_ntriples`; both write the same set of triples.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from kg.atomic import atomic_output
from kg.ontology.model import Ontology
from kg.rdf import terms as rdf
from kg.rdf.terms import GraphMeta
from kg.rdf.triples import iter_batches

# -- reading a backend ---------------------------------------------------------------------


def embedded_records(store_path: Path | None = None) -> tuple[Iterable[dict[str, Any]],
                                                             Iterable[dict[str, Any]],
                                                             GraphMeta]:
    """Nodes, edges and metadata of the embedded store (built first if missing)."""
    from kg.api import load_or_build

    return backend_records(load_or_build(store_path))


def backend_records(backend: Any) -> tuple[Iterable[dict[str, Any]], Iterable[dict[str, Any]],
                                           GraphMeta]:
    """Nodes, edges and metadata of an opened embedded store."""
    meta = GraphMeta(built_at=backend.meta.get("built_at"),
                     sources=dict(backend.meta.get("sources") or {}))
    return backend.all_nodes(), backend.all_edges(), meta


def neo4j_records(backend: Any) -> tuple[Iterator[dict[str, Any]], Iterator[dict[str, Any]]]:
    """Every node, then every edge, of a Neo4j backend, streamed from the server with the
    parameterless statements kg/neo4j/cypher/export_nodes.cypher and export_edges.cypher."""
    from kg.neo4j.rows import edge_from_neo4j, node_from_neo4j
    from kg.neo4j.statements import statement

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
    from kg.rdf.stream import stream_nquads, stream_ntriples

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
    from kg.ontology.model import load_ontology

    name = rdf.format_for(path, fmt)
    ontology = load_ontology()
    t0 = time.perf_counter()
    if backend == "embedded":
        nodes, edges, meta = embedded_records(store_path)
        count = write(nodes, edges, ontology, path, name, meta)
    elif backend == "neo4j":
        from kg.neo4j.backend import Neo4jBackend

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


def rdflib_ntriples(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
                    ontology: Ontology, out: IO[str], meta: GraphMeta | None = None) -> int:
    """N-Triples the rdflib way: build an in-memory rdflib Graph of the same triples, then
    serialise it (about 1 KB of memory a triple). The triple count."""
    g = build_rdflib(nodes, edges, ontology, meta)
    out.write(g.serialize(format="nt"))
    return len(g)


def rdflib_nquads(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
                  ontology: Ontology, out: IO[str], meta: GraphMeta | None = None) -> int:
    """N-Quads the rdflib way (an rdflib Dataset, then serialise). The quad count."""
    g = build_rdflib(nodes, edges, ontology, meta, dataset=True)
    out.write(g.serialize(format="nquads"))
    return sum(1 for _ in g.quads())
