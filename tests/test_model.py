"""The record model: deterministic edge ids, parallel edges kept, merges keep sources."""

from __future__ import annotations

from kg.build import GraphData, merge_edge, merge_node
from kg.model import Edge, Node, edge_id


def test_edge_id_is_deterministic_and_source_specific() -> None:
    a = Edge("NCBIGene:6647", "genetic_basis_for", "OMIM:105400", "alskg:curated")
    b = Edge("NCBIGene:6647", "genetic_basis_for", "OMIM:105400", "alskg:curated")
    c = Edge("NCBIGene:6647", "genetic_basis_for", "OMIM:105400", "alskg:hpo")
    assert a.id == b.id == edge_id("NCBIGene:6647", "genetic_basis_for", "OMIM:105400",
                                   "alskg:curated")
    assert a.id != c.id


def test_parallel_edges_survive_and_findings_accumulate() -> None:
    data = GraphData()
    merge_edge(data, Edge("s", "p", "o", "src1", findings=["f1"], citations=["PMID:1"]))
    merge_edge(data, Edge("s", "p", "o", "src1", findings=["f2"], citations=["PMID:2"]))
    merge_edge(data, Edge("s", "p", "o", "src2", findings=["f3"]))
    merge_edge(data, Edge("s", "q", "o", "src1", findings=["f4"]))
    assert len(data.edges) == 3
    same = data.edges[edge_id("s", "p", "o", "src1")]
    assert same.findings == ["f1", "f2"]
    assert same.citations == ["PMID:1", "PMID:2"]


def test_same_entity_from_two_sources_is_one_node_with_both_sources() -> None:
    data = GraphData()
    merge_node(data, Node("NCBIGene:10558", "Gene", "SPTLC1", synonyms=["SPT1"],
                           sources=["alskg:curated"]))
    merge_node(data, Node("NCBIGene:10558", "Gene", "SPTLC1", xrefs=["HGNC:11277"],
                           properties={"symbol": "SPTLC1"}, sources=["alskg:hpo"]))
    node = data.nodes["NCBIGene:10558"]
    assert node.sources == ["alskg:curated", "alskg:hpo"]
    assert node.xrefs == ["HGNC:11277"]
    assert node.properties == {"symbol": "SPTLC1"}
    assert not data.problems


def test_duplicate_within_one_source_is_an_error() -> None:
    data = GraphData()
    merge_node(data, Node("NCBIGene:1", "Gene", "A", sources=["alskg:curated"]))
    merge_node(data, Node("NCBIGene:1", "Gene", "B", sources=["alskg:curated"]))
    assert [p.kind for p in data.problems] == ["duplicate-id"]
    assert data.nodes["NCBIGene:1"].name == "A"


def test_to_dict_is_stable() -> None:
    node = Node("x:1", "Gene", "X", properties={"b": 1, "a": 2})
    assert list(node.to_dict()["properties"]) == ["a", "b"]


def test_backends_and_loaders_declare_what_they_offer() -> None:
    """Capabilities beyond the Backend and Source contracts are Protocols, found with
    isinstance: each backend and loader offers exactly the ones it has."""
    from kg.backend import BatchLookup, GeneNames, PathContext, QueryPages
    from kg.neo4j.backend import Neo4jBackend
    from kg.store.backend import EmbeddedBackend
    from loaders.base import Checker, Linker
    from loaders.curated import CuratedSource
    from loaders.mondo import MondoSource
    from loaders.retractions import RetractionsSource

    offers = {cls: {p.__name__ for p in (GeneNames, BatchLookup, QueryPages, PathContext)
                    if issubclass(cls, p)} for cls in (EmbeddedBackend, Neo4jBackend)}
    assert offers == {EmbeddedBackend: {"GeneNames", "QueryPages"},
                      Neo4jBackend: {"BatchLookup", "GeneNames", "QueryPages", "PathContext"}}
    assert issubclass(MondoSource, Linker) and not issubclass(MondoSource, Checker)
    assert issubclass(RetractionsSource, Checker) and not issubclass(RetractionsSource, Linker)
    assert not issubclass(CuratedSource, Linker) and not issubclass(CuratedSource, Checker)


def test_the_registry_lists_what_a_build_reads_in_order() -> None:
    from kg import api
    from loaders.registry import REGISTRY

    names = [name for name, _ in REGISTRY]
    assert names.index("hgnc") < names.index("gene2go")  # HGNC sizes the annotations
    kinds = [type(s).__name__ for s in api.default_sources(shipped=True)]
    assert kinds[:2] == ["OntologyTermsSource", "CuratedSource"]
    assert kinds[-6:] == ["HgncSource", "GoSource", "Gene2GoSource", "MondoSource",
                          "RetractionsSource", "PubmedSource"]
