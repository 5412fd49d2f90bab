"""The embedded store: a networkx MultiDiGraph persisted to one file, written atomically so
a failed build never leaves a half-written store."""

from __future__ import annotations

import os
import pickle
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import networkx as nx

from kg.build import GraphData
from kg.ontology import PROJECT_ROOT, Ontology
from kg.problems import InputError

FORMAT_VERSION = 2


def default_store() -> Path:
    return Path(os.environ.get("ALSKG_STORE", PROJECT_ROOT / ".alskg" / "graph.pickle"))


def to_networkx(data: GraphData, ontology: Ontology) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    # category -> itself and its ancestors, as Neo4j labels give them
    graph.graph["labels"] = {c: ontology.lineage(c) for c in ontology.categories}
    graph.graph["sources"] = dict(data.sources)
    graph.graph["format_version"] = FORMAT_VERSION
    graph.graph["built_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    for node_id in sorted(data.nodes):
        graph.add_node(node_id, **data.nodes[node_id].to_dict())
    for edge_id in sorted(data.edges):
        edge = data.edges[edge_id]
        graph.add_edge(edge.subject, edge.object, key=edge.id, **edge.to_dict())
    return graph


def save(graph: nx.MultiDiGraph, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".graph-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(graph, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: Path) -> nx.MultiDiGraph:
    if not path.exists():
        raise InputError(f"{path}: no graph built yet; run 'alskg build' first")
    try:
        with path.open("rb") as fh:
            graph = pickle.load(fh)
    except (pickle.UnpicklingError, EOFError, AttributeError, ValueError) as exc:
        raise InputError(f"{path}: not a readable alskg store ({exc}); "
                         "run 'alskg build' again") from None
    if not isinstance(graph, nx.MultiDiGraph) or \
            graph.graph.get("format_version") != FORMAT_VERSION:
        raise InputError(f"{path}: store from another alskg version; run 'alskg build' again")
    return graph
