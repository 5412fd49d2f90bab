"""RDF export, import, SHACL shapes and the streaming writers (issue 5).

Every format is parsed back by rdflib and by pyoxigraph (an independent parser); the
round trip export -> import -> export gives an isomorphic graph; streaming and rdflib
writers give the same triples.
"""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg import api
from kg.ontology.model import load_ontology
from kg.problems import FileError, InputError
from kg.rdf import terms as rdf
from kg.rdf.export import embedded_records, export_rdf, rdflib_nquads, rdflib_ntriples
from kg.rdf.read import import_rdf, read_triples, records
from kg.rdf.stream import (
    escape_literal,
    stream_nquads,
    stream_ntriples,
)
from kg.rdf.terms import VOCAB, GraphMeta
from kg.store import db
from kg.store.backend import EmbeddedBackend
from kg.store.graph import to_networkx
from tests.conftest import run_cli

# rdflib's own N-Quads parser calls its deprecated Dataset API once per quad
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

SOD1 = "https://www.ncbi.nlm.nih.gov/gene/6647"
GO_RNA = "http://purl.obolibrary.org/obo/GO_0006396"
FUSION = "https://www.clinicaltrials.gov/study/NCT04768972"
TOFERSEN = "https://w3id.org/alskg/tofersen"
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
              "jsonld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML,
              "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
TRICKY = ['say "hi"', "back\\slash", "new\nline", "cr\rtab\t", "ünïcødé – ALS 🧬",
          "ctrl\x01\x7f", "form\f feed\b", "\\n is not a newline", "'single'", ""]
# written escaped, but refused on import: no alskg text holds control characters
CONTROL = ["ctrl\x01\x7f", "form\f feed\b"]


def _ox_set(path: Path, fmt: str) -> set[tuple[str, ...]]:
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
            for q in ox.parse(path=str(path), format=OX_FORMATS[fmt])}


def _ground(path: Path | str, fmt: str = "nt") -> set[tuple[str, ...]]:
    """The statements of an export that has no blank node, for which isomorphism is set
    equality (rdflib's isomorphic() takes seconds at the shipped graph's size)."""
    statements = (_ox_set(path, fmt) if isinstance(path, Path) else
                  {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
                   for q in ox.parse(path.encode(), format=OX_FORMATS[fmt])})
    assert not [t for t in statements if any(x.startswith("_:") for x in t)]
    return statements


def _rdflib(path: Path, fmt: str) -> Any:
    rdflib_format, _, has_graphs = rdf.FORMATS[fmt]
    g: Any = rdflib.Dataset() if has_graphs else rdflib.Graph()
    g.parse(str(path), format=rdflib_format)
    return g


@pytest.fixture(scope="module")
def exports(shipped_store: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped graph exported once in every format."""
    out = tmp_path_factory.mktemp("rdf")
    paths = {}
    for fmt, (_, suffix, _) in rdf.FORMATS.items():
        paths[fmt] = out / f"alskg{suffix}"
        REPORTED[fmt] = export_rdf(paths[fmt], store_path=shipped_store)["statements"]
    return paths


#: the statement count each export reported, by format (filled by `exports`)
REPORTED: dict[str, int] = {}


@pytest.fixture(scope="module")
def nt_set(exports: dict[str, Path]) -> set[tuple[str, ...]]:
    return _ox_set(exports["nt"], "nt")


# -- formats and IRIs ----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", list(rdf.FORMATS))
def test_every_format_parses_with_rdflib_and_oxigraph(
        exports: dict[str, Path], nt_set: set[tuple[str, ...]], fmt: str) -> None:
    path = exports[fmt]
    by_oxigraph = _ox_set(path, fmt)
    by_rdflib = _rdflib(path, fmt)
    n_rdflib = sum(1 for _ in by_rdflib.quads()) if rdf.FORMATS[fmt][2] else len(by_rdflib)
    assert n_rdflib == len(by_oxigraph) > 20_000
    if not rdf.FORMATS[fmt][2]:
        assert by_oxigraph == nt_set  # every triple format carries the same graph
    else:
        default = {t for t in by_oxigraph if t[3] in ("DEFAULT", f"<{VOCAB}>")}
        assert {t[:3] + ("DEFAULT",) for t in default} == nt_set
        graphs = {t[3] for t in by_oxigraph}
        assert any(g.endswith("#assertion>") for g in graphs)


def test_no_line_twice_and_every_format_counts_the_same(
        exports: dict[str, Path], nt_set: set[tuple[str, ...]]) -> None:
    """Parallel edges (one statement from two sources) share their direct triple: N-Triples
    once wrote it once per edge, and counted it so, against Turtle's count."""
    for fmt in ("nt", "nquads"):
        lines = exports[fmt].read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(set(lines)) == REPORTED[fmt], fmt
    assert REPORTED["nt"] == REPORTED["turtle"] == REPORTED["xml"] == len(nt_set)
    assert REPORTED["nquads"] == REPORTED["trig"]


def test_format_comes_from_the_suffix_or_stops_clearly(tmp_path: Path,
                                                        shipped_store: Path) -> None:
    assert rdf.format_for(Path("x.nq"), None) == "nquads"
    assert rdf.format_for(Path("x.ttl"), "nt") == "nt"
    done = run_cli("export", "rdf", "-o", str(tmp_path / "graph.txt"),
                   "--store", str(shipped_store))
    assert done.returncode == 1
    assert "suffix '.txt'" in done.stderr and "--format" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "graph.txt").exists()
    done = run_cli("export", "rdf", "-o", str(tmp_path / "graph.txt"), "--format", "nt",
                   "--store", str(shipped_store))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "graph.txt").read_text(encoding="utf-8").startswith("<")


def test_expected_iris(nt_set: set[tuple[str, ...]]) -> None:
    ont = load_ontology()
    subjects = {t[0] for t in nt_set}
    objects = {t[2] for t in nt_set}
    assert (f"<{SOD1}>", f"<{rdf.RDF_TYPE}>", f"<{VOCAB}Gene>", "DEFAULT") in nt_set
    assert f"<{GO_RNA}>" in objects  # mapping of the RNA metabolism mechanism
    assert f"<{FUSION}>" in subjects
    pmid = ont.expand("PMID:11706389")  # whatever the pinned map says PMID expands to
    assert pmid == ont.prefixes["PMID"].uri_prefix + "11706389"
    assert f"<{pmid}>" in subjects
    # nothing outside the pinned map, the vocabulary and the W3C/OBO namespaces
    assert not any(t.startswith("<urn:") for q in nt_set for t in q)


def test_sparql_finds_tofersen_target(exports: dict[str, Path]) -> None:
    g = _rdflib(exports["turtle"], "turtle")
    rows = list(g.query("""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX alskgv: <https://w3id.org/alskg/vocab/>
        PREFIX biolink: <https://w3id.org/biolink/vocab/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?gene ?label ?finding ?eco WHERE {
            ?therapy rdfs:label "tofersen" ; alskgv:targets ?gene .
            ?gene rdfs:label ?label .
            ?a a biolink:Association ; rdf:subject ?therapy ; rdf:predicate alskgv:targets ;
               rdf:object ?gene ; prov:wasDerivedFrom ?finding ;
               biolink:has_evidence_of_type ?eco .
        }"""))
    assert rows
    assert {(str(r[0]), str(r[1])) for r in rows} == {(SOD1, "SOD1")}
    assert all(str(r[3]).startswith("http://purl.obolibrary.org/obo/ECO_") for r in rows)


def test_nanopublications_in_quads(exports: dict[str, Path], shipped_store: Path) -> None:
    quads = _ox_set(exports["nquads"], "nquads")
    heads = {q[0] for q in quads
             if q[1] == f"<{rdf.RDF_TYPE}>" and q[2] == f"<{rdf.NP_NANOPUBLICATION}>"}
    graph = to_networkx(EmbeddedBackend(shipped_store).store)
    findings = [a for _, a in graph.nodes(data=True) if a["category"] == "Finding"]
    assert len(heads) == len(findings)
    np_ = "<https://w3id.org/alskg/np/F-ther-tofersen-targets-SOD1"
    assertion = {q[:3] for q in quads if q[3] == np_ + "#assertion>"}
    assert assertion == {(f"<{TOFERSEN}>", f"<{VOCAB}targets>", f"<{SOD1}>")}
    provenance = {q[1] for q in quads if q[3] == np_ + "#provenance>"}
    assert f"<{rdf.PROV_DERIVED}>" in provenance and f"<{rdf.BL_EVIDENCE}>" in provenance
    assert any(q[3] == np_ + "#pubinfo>" for q in quads)


# -- SHACL ---------------------------------------------------------------------------------


def test_shapes_file_is_generated_from_the_ontology() -> None:
    from kg.rdf.shacl import shapes_graph, shapes_path

    committed = rdflib.Graph().parse(str(shapes_path()), format="turtle")
    assert isomorphic(committed, shapes_graph(load_ontology())), \
        "ontology/shapes.ttl is stale: run 'alskg export shapes'"


def test_shipped_export_conforms(exports: dict[str, Path]) -> None:
    done = run_cli("export", "check", str(exports["nt"]))
    assert done.returncode == 0, done.stderr
    assert "conforms" in done.stdout


def test_broken_export_is_reported_one_line_each(exports: dict[str, Path],
                                                 tmp_path: Path) -> None:
    drop = (f"<{SOD1}> <{rdf.RDFS_LABEL}>", f"<{TOFERSEN}> <{VOCAB}modality>")
    lines = [line for line in exports["nt"].read_text(encoding="utf-8").splitlines()
             if not line.startswith(drop)]
    lines.append(f'<{TOFERSEN}> <{VOCAB}modality> "homeopathy" .')
    lines.append(f"<{TOFERSEN}> <{VOCAB}targets> <{FUSION}> .")
    broken = tmp_path / "broken.nt"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = run_cli("export", "check", str(broken))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    report = done.stderr.splitlines()
    assert any(line.startswith(f"{broken}: violation: NCBIGene:6647: rdfs:label: ")
               for line in report), report
    assert any("alskg:tofersen: alskgv:modality: " in line for line in report), report
    assert any("clinicaltrials:NCT04768972" in line and "'targets' needs a Gene or Variant"
               in line for line in report), report
    assert report[-1].endswith("does not conform: 3 violations")


# -- round trip ----------------------------------------------------------------------------


def _sorted_lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _sorted_lists(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_sorted_lists(v) for v in value), key=lambda v: (type(v).__name__, v))
    return value


def test_round_trip_is_isomorphic(exports: dict[str, Path], shipped_store: Path,
                                  tmp_path: Path) -> None:
    imported = tmp_path / "imported.db"
    done = run_cli("import", "rdf", str(exports["nt"]), "--store", str(imported))
    assert done.returncode == 0, done.stderr
    again = tmp_path / "again.nt"
    export_rdf(again, store_path=imported)
    assert _ground(exports["nt"]) == _ground(again)
    # and the records themselves survive, lists as sets
    before = to_networkx(EmbeddedBackend(shipped_store).store)
    after = to_networkx(EmbeddedBackend(imported).store)
    assert after.graph["sources"] == before.graph["sources"]
    assert after.graph["built_at"] == before.graph["built_at"]
    assert {n: _sorted_lists(a) for n, a in before.nodes(data=True)} == \
        {n: _sorted_lists(a) for n, a in after.nodes(data=True)}
    assert {k: _sorted_lists(a) for _, _, k, a in before.edges(keys=True, data=True)} == \
        {k: _sorted_lists(a) for _, _, k, a in after.edges(keys=True, data=True)}
    # the HGNC names table, which no export carries, comes back from the release the
    # export names: a gene without edges is still named the same way
    answers = []
    for store in (shipped_store, imported):
        with pytest.raises(InputError) as err:
            api.show(EmbeddedBackend(store), "APOE")
        answers.append(str(err.value))
    assert answers[0] == answers[1]
    assert "human gene APOE (HGNC:613" in answers[1]


def test_round_trip_through_nquads(exports: dict[str, Path], tmp_path: Path) -> None:
    imported = tmp_path / "imported.db"
    import_rdf(exports["nquads"], store_path=imported)
    again = tmp_path / "again.nq"
    export_rdf(again, store_path=imported)
    assert _ox_set(again, "nquads") == _ox_set(exports["nquads"], "nquads")


def _tricky_records(texts: list[str] = TRICKY
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A small graph with every kind of value the record model allows."""
    from kg.model import Edge, Node

    nodes = [
        Node("NCBIGene:6647", "Gene", texts[0], synonyms=texts[1:], xrefs=["HGNC:11179"],
             properties={"symbol": "SOD1", "description": "x\ny \"z\" \\",
                         "odd": {"nested": [1, 2.5, None]}, "empty": [], "n": 3,
                         "ratio": 0.1, "flag": False, "nothing": None},
             sources=["alskg:curated", "alskg:hpo"]),
        Node("alskg:tofersen", "Therapy", "tofersen",
             properties={"modality": "antisense oligonucleotide", "roles_here": ["a", "b"]},
             sources=["alskg:curated"]),
        Node("PMID:1", "Publication", "PMID:1", properties={"auto": True},
             sources=["alskg:curated"]),
        Node("alskg:F-1", "Finding", "finding one",
             properties={"statement": "tofersen targets SOD1", "subject": "alskg:tofersen",
                         "predicate": "targets", "object": "NCBIGene:6647",
                         "evidence": "ECO:0000269", "population": "pediatric",
                         "model_system": "", "citations": ["PMID:1"], "study": "",
                         "qualifiers": {"role": ["diagnostic", "monitoring"],
                                        "direction": "supports"},
                         "negated": True, "notes": TRICKY[4]},
             sources=["alskg:curated"]),
    ]
    edges = [
        Edge("alskg:tofersen", "targets", "NCBIGene:6647", "alskg:curated",
             findings=["alskg:F-1"], citations=["PMID:1"],
             properties={"negated": True, "role": ["diagnostic"], "direction": ["supports"]}),
        Edge("alskg:tofersen", "targets", "NCBIGene:6647", "alskg:hpo",
             findings=["alskg:F-1"], properties={"weird": "scalar", "multi": [1, 2]}),
        Edge("alskg:F-1", "cites", "PMID:1", "alskg:curated", findings=["alskg:F-1"]),
    ]
    return [n.to_dict() for n in nodes], [e.to_dict() for e in edges]


def test_tricky_values_survive_and_both_writers_agree(tmp_path: Path) -> None:
    ont = load_ontology()
    nodes, edges = _tricky_records()
    meta = GraphMeta("2025-01-01T00:00:00+00:00", {"alskg:curated": "v1", "alskg:hpo": ""})
    streamed, built = tmp_path / "s.nt", tmp_path / "r.nt"
    with streamed.open("w", encoding="utf-8") as fh:
        stream_ntriples(nodes, edges, ont, fh, meta)
    with built.open("w", encoding="utf-8") as fh:
        rdflib_ntriples(nodes, edges, ont, fh, meta)
    assert isomorphic(_rdflib(streamed, "nt"), _rdflib(built, "nt"))
    assert _ox_set(streamed, "nt") == _ox_set(built, "nt")
    with pytest.raises(FileError, match="control character U\\+0001"):
        records(read_triples(streamed), ont)
    nodes, edges = _tricky_records([t for t in TRICKY if t not in CONTROL])
    with streamed.open("w", encoding="utf-8") as fh:
        stream_ntriples(nodes, edges, ont, fh, meta)
    back_nodes, back_edges, back_meta = records(read_triples(streamed), ont)
    assert back_meta == meta
    assert {n["id"]: _sorted_lists(n) for n in nodes} == \
        {n.id: _sorted_lists(n.to_dict()) for n in back_nodes}
    assert {e["id"]: _sorted_lists(e) for e in edges} == \
        {e.id: _sorted_lists(e.to_dict()) for e in back_edges}
    # the negated statement is never written as a plain triple
    direct = (f"<{TOFERSEN}>", f"<{VOCAB}targets>", f"<{SOD1}>", "DEFAULT")
    assert direct in _ox_set(streamed, "nt")  # from the hpo edge, which is not negated
    only_negated = [edges[0], edges[2]]
    with (tmp_path / "neg.nt").open("w", encoding="utf-8") as fh:
        stream_ntriples(nodes, only_negated, ont, fh, meta)
    assert direct not in _ox_set(tmp_path / "neg.nt", "nt")


@pytest.mark.parametrize("text", TRICKY)
def test_literal_escaping(text: str) -> None:
    line = f'<http://example.org/s> <http://example.org/p> "{escape_literal(text)}" .\n'
    assert "\n" not in line[:-1] and "\r" not in line
    (parsed,) = list(ox.parse(line.encode(), format=ox.RdfFormat.N_TRIPLES))
    assert parsed.object.value == text
    (triple,) = list(rdflib.Graph().parse(data=line, format="nt"))
    assert str(triple[2]) == text


def test_streaming_and_rdflib_writers_agree_on_shipped_data(shipped_store: Path) -> None:
    ont = load_ontology()
    outs = []
    for writer in (stream_ntriples, rdflib_ntriples):
        nodes, edges, meta = embedded_records(shipped_store)
        buf = io.StringIO()
        count = writer(nodes, edges, ont, buf, meta)
        outs.append(_ground(buf.getvalue()))
        assert count == len(outs[-1])
    assert len(outs[0]) == len(outs[1]) > 20_000
    assert outs[0] == outs[1]


def test_nquads_writer_streams_the_same_dataset_as_rdflib(shipped_store: Path) -> None:
    ont = load_ontology()
    sets = []
    for writer in (stream_nquads, rdflib_nquads):
        nodes, edges, meta = embedded_records(shipped_store)
        buf = io.StringIO()
        writer(nodes, edges, ont, buf, meta)
        sets.append({(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
                     for q in ox.parse(buf.getvalue().encode(), format=ox.RdfFormat.N_QUADS)})
    assert sets[0] == sets[1]


# -- ids that cannot be expanded -----------------------------------------------------------


@pytest.mark.parametrize(("node_id", "xref", "reason"), [
    ("FOO:123", None, "unknown identifier prefix 'FOO'"),
    ("NCBIGene:SOD1", None, "does not match the NCBIGene pattern"),
    ("NCBIGene:6647", "HGNC:", "does not match the HGNC pattern"),
    ("NCBIGene:6647", "nocolon", "is not a CURIE"),
])
def test_unexpandable_id_stops_the_export(node_id: str, xref: str | None,
                                          reason: str) -> None:
    nodes, _ = _tricky_records()
    nodes[0]["id"] = node_id
    nodes[0]["xrefs"] = [xref] if xref else []
    with pytest.raises(InputError) as info:
        stream_ntriples(nodes, [], load_ontology(), io.StringIO())
    message = str(info.value)
    assert reason in message and "no IRI can be made" in message
    assert "\n" not in message


def test_unexpandable_id_in_a_store_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    from kg.build import GraphData
    from kg.model import Edge, Node

    data = GraphData()
    data.nodes["alskg:tofersen"] = Node("alskg:tofersen", "Therapy", "tofersen",
                                        properties={"modality": "sirna"},
                                        sources=["alskg:curated"])
    data.nodes["NCBIGene:6647"] = Node("NCBIGene:6647", "Gene", "SOD1",
                                       sources=["alskg:curated"])
    bad = Edge("alskg:tofersen", "targets", "NCBIGene:6647", "alskg:curated",
               citations=["PubMed:123"])
    data.edges[bad.id] = bad
    path = tmp_path / "bad.db"
    db.write(data, load_ontology(), path)
    out = tmp_path / "bad.nt"
    done = run_cli("export", "rdf", "-o", str(out), "--store", str(path))
    assert done.returncode == 1
    assert "PubMed:123" in done.stderr and "unknown identifier prefix 'PubMed'" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not out.exists() and not list(tmp_path.glob(".bad.nt-*"))


# -- the ontology as OWL -------------------------------------------------------------------


def test_ontology_export(tmp_path: Path) -> None:
    from kg.rdf.owl import ontology_graph

    g = ontology_graph(load_ontology())
    owl = rdflib.Namespace(rdf.OWL)
    v = rdflib.Namespace(VOCAB)
    rdfs = rdflib.RDFS
    assert (v.Gene, rdflib.RDF.type, owl.Class) in g
    assert (v.ClinicalTrial, rdfs.subClassOf, v.Study) in g
    assert (v.involved_in, rdflib.RDF.type, owl.ObjectProperty) in g
    assert (v.involved_in, rdfs.subPropertyOf,
            rdflib.URIRef("http://purl.obolibrary.org/obo/RO_0002331")) in g
    assert (v.involved_in, rdfs.subPropertyOf,
            rdflib.URIRef("https://w3id.org/biolink/vocab/actively_involved_in")) in g
    assert (v.involved_in, rdflib.URIRef(rdf.SKOS_CLOSE),
            rdflib.URIRef("http://purl.obolibrary.org/obo/RO_0002331")) in g
    assert (v.subclass_of, rdflib.URIRef(rdf.SKOS_CLOSE), rdfs.subClassOf) in g
    assert (v.subclass_of, rdfs.subPropertyOf, rdfs.subClassOf) not in g
    skos_matches = {rdflib.URIRef(m) for m in rdf.SKOS_MATCHES}
    assert set(g.predicates(v.Gene, rdflib.URIRef("https://w3id.org/biolink/vocab/Gene"))) \
        & skos_matches
    mechanism = rdflib.URIRef("https://w3id.org/alskg/0000001")
    assert (mechanism, rdflib.URIRef(rdf.SKOS_CLOSE), rdflib.URIRef(GO_RNA)) in g
    assert (mechanism, rdfs.label, rdflib.Literal("RNA metabolism")) in g
    out = tmp_path / "alskg.owl"
    done = run_cli("export", "ontology", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.RDF_XML))) == len(g)


# -- Neo4j ---------------------------------------------------------------------------------


def test_neo4j_export_equals_embedded(neo4j_server: dict[str, Any], shipped_store: Path,
                                      exports: dict[str, Path], tmp_path: Path) -> None:
    from kg import api

    api.neo4j_load(store_path=shipped_store, wipe=True, **neo4j_server)
    out = tmp_path / "neo4j.nt"
    export_rdf(out, backend="neo4j", **neo4j_server)

    def graph_data(path: Path) -> set[tuple[str, ...]]:
        # the dataset description differs: Neo4j keeps no build time or source versions
        return {t for t in _ox_set(path, "nt")
                if t[0] != f"<{rdf.DATASET}>" and t[1] != f"<{rdf.PAV_VERSION}>"
                and t[1] != f"<{rdf.PROV_GENERATED_AT}>"}

    assert graph_data(out) == graph_data(exports["nt"])


def test_floats_are_exact() -> None:
    lit = rdf.literal(0.1)
    assert rdf.python_value(lit) == 0.1
    assert rdf.literal(math.inf).datatype == rdf.RDF_JSON


def test_an_unknown_xml_encoding_is_one_line(tmp_path: Path) -> None:
    """expat raises LookupError, not ExpatError, for an encoding it does not know (found by
    the fuzz test: a mutated `encoding="tf-8"`)."""
    bad = tmp_path / "bad.rdf"
    bad.write_text('<?xml version="1.0" encoding="tf-8"?>\n'
                   '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n')
    with pytest.raises(FileError, match=r"bad\.rdf:1: not readable as xml: unknown encoding"):
        import_rdf(bad, store_path=tmp_path / "graph.db")
    assert not (tmp_path / "graph.db").exists()
