"""Node and edge records (Node.to_dict()/Edge.to_dict()) as triples: the one translation
every RDF writer uses."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from kg.ontology.model import Ontology
from kg.problems import InputError
from kg.rdf.owl import declared_properties, vocabulary_triples
from kg.rdf.terms import (
    BL_AGENT_TYPE,
    BL_ASSOCIATION,
    BL_EVIDENCE,
    BL_INFORMATION_RESOURCE,
    BL_KNOWLEDGE_LEVEL,
    BL_NEGATED,
    BL_PRIMARY_SOURCE,
    BL_PROVIDED_BY,
    BL_PUBLICATIONS,
    BL_XREF,
    DATASET,
    DCTERMS_SOURCE,
    EDGE,
    EDGE_ID,
    FINDING_LINKS,
    FINDING_TEXTS,
    IAO_DEFINITION,
    NP_HAS_ASSERTION,
    NP_HAS_PROVENANCE,
    NP_HAS_PUBINFO,
    NP_NANOPUBLICATION,
    OWL,
    PAV_VERSION,
    PROV_AGENT,
    PROV_ATTRIBUTED,
    PROV_DERIVED,
    PROV_GENERATED_AT,
    PROV_PRIMARY_SOURCE,
    QUALIFIER,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    RDFS_DEFINED_BY,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    VOCAB,
    VOID_DATASET,
    XSD_DATETIME,
    GraphMeta,
    IriMap,
    Lit,
    Triple,
    Unexpandable,
    levels,
    literal,
    mapping_predicate,
    nanopub_iri,
    property_iri,
    value_triples,
)


class Exporter:
    """Turns node and edge records (Node.to_dict()/Edge.to_dict()) into triples.

    Nodes must come before edges: an association's evidence is its findings' ECO codes.
    """

    def __init__(self, ontology: Ontology, meta: GraphMeta | None = None) -> None:
        self.ont = ontology
        self.meta = meta or GraphMeta()
        self.iris = IriMap(ontology)
        self.classes = {c: VOCAB + c for c in ontology.categories}
        self.predicates = {p: VOCAB + p for p in ontology.predicates}
        self.reserved = set(self.classes.values()) | set(self.predicates.values())
        self.evidence: dict[str, str] = {}
        # the direct triples written: parallel edges (one statement from two sources) share
        # one, which is written once, so every format counts the same statements; a 16-byte
        # digest each keeps memory small
        self.direct_seen: set[bytes] = set()
        self.sources_seen: dict[str, None] = {}
        self.declared = declared_properties(ontology)
        self.extra_properties: dict[str, str] = {}
        self.term_mappings = {
            t.id: {m.id: m.predicate for m in getattr(t, "mapping_entries", [])}
            for t in ontology.terms.values()}

    def expand(self, curie: Any, what: str) -> str:
        try:
            return self.iris.expand(curie)
        except Unexpandable as exc:
            raise InputError(f"cannot export {what}: {exc}; no IRI can be made for it "
                             "(fix the id, or add its prefix to ontology/prefixes.yaml)"
                             ) from None

    def _prop(self, key: Any, where: str) -> str:
        iri = property_iri(key, where)
        if iri in self.reserved:
            raise InputError(f"cannot export {where}: property '{key}' has the name of a "
                             "category or predicate")
        if iri not in self.declared and iri not in self.extra_properties:
            self.extra_properties[iri] = key
        return iri

    # nodes

    def node(self, n: dict[str, Any]) -> list[Triple]:
        nid = n["id"]
        s = self.expand(nid, f"node '{nid}'")
        cls = self.classes.get(n["category"])
        if cls is None:
            raise InputError(f"cannot export node '{nid}': unknown category '{n['category']}'")
        out: list[Triple] = [(s, RDF_TYPE, cls), (s, RDFS_LABEL, Lit(str(n["name"])))]
        for syn in n["synonyms"]:
            out.append((s, SKOS_ALT_LABEL, Lit(str(syn))))
        for x in n["xrefs"]:
            out.append((s, BL_XREF, self.expand(x, f"xref '{x}' of node '{nid}'")))
        for src in n["sources"]:
            out.append((s, BL_PROVIDED_BY, self.expand(src, f"source '{src}' of node '{nid}'")))
            self.sources_seen[src] = None
        props = dict(n["properties"])
        if n["category"] == "Finding":
            self._finding(nid, s, props, out)
        for key, value in props.items():
            self._node_property(nid, s, key, value, out)
        return out

    def _node_property(self, nid: str, s: str, key: str, value: Any,
                       out: list[Triple]) -> None:
        if key == "definition" and isinstance(value, str):
            out.append((s, IAO_DEFINITION, Lit(value)))
            return
        if key == "mappings" and isinstance(value, list) and value \
                and all(isinstance(v, str) for v in value) and len(set(value)) == len(value):
            preds = self.term_mappings.get(nid, {})
            for m in value:
                pred = mapping_predicate(preds.get(m, "skos:closeMatch"), self.iris)
                out.append((s, pred, self.expand(m, f"mapping '{m}' of node '{nid}'")))
            return
        spec = self.ont.properties.get(key)
        value_triples(s, self._prop(key, f"node '{nid}'"), value,
                      bool(spec and spec.is_list), out)

    def _finding(self, fid: str, s: str, props: dict[str, Any], out: list[Triple]) -> None:
        """Pops the Finding fields written as links; the rest are plain properties."""
        where = f"finding '{fid}'"
        for key, pred in FINDING_LINKS.items():
            value = props.get(key)
            if isinstance(value, str):
                del props[key]
                if value:
                    out.append((s, pred, self.expand(value, f"{key} '{value}' of {where}")))
                    if key == "evidence":
                        self.evidence[fid] = value
        predicate = props.get("predicate")
        if isinstance(predicate, str):
            del props["predicate"]
            if predicate:
                if predicate not in self.predicates:
                    raise InputError(f"cannot export {where}: unknown predicate '{predicate}'")
                out.append((s, RDF_PREDICATE, self.predicates[predicate]))
        for key, pred in FINDING_TEXTS.items():
            value = props.get(key)
            if isinstance(value, str):
                del props[key]
                if value:
                    out.append((s, pred, Lit(value)))
        cites = props.get("citations")
        if isinstance(cites, list) and all(isinstance(c, str) for c in cites) \
                and len(set(cites)) == len(cites):
            del props["citations"]
            for c in cites:
                out.append((s, BL_PUBLICATIONS, self.expand(c, f"citation '{c}' of {where}")))
        if isinstance(props.get("negated"), bool):
            out.append((s, BL_NEGATED, literal(props.pop("negated"))))
        quals = props.get("qualifiers")
        if isinstance(quals, dict) and quals and all(k in self.ont.qualifiers for k in quals):
            del props["qualifiers"]
            for key, value in quals.items():
                value_triples(s, QUALIFIER + key, value, self.ont.qualifiers[key].is_list, out)

    # edges

    def edge(self, e: dict[str, Any]) -> list[Triple]:
        eid = e["id"]
        if not isinstance(eid, str) or not EDGE_ID.match(eid):
            raise InputError(f"cannot export edge {eid!r}: its id cannot be part of an IRI")
        where = f"edge '{eid}' ({e['subject']} {e['predicate']} {e['object']})"
        a = EDGE + eid
        s = self.expand(e["subject"], f"subject of {where}")
        o = self.expand(e["object"], f"object of {where}")
        p = self.predicates.get(e["predicate"])
        if p is None:
            raise InputError(f"cannot export {where}: unknown predicate '{e['predicate']}'")
        props = e["properties"]
        out: list[Triple] = []
        if props.get("negated") is not True:
            digest = hashlib.blake2b(f"{s} {p} {o}".encode(), digest_size=16).digest()
            if digest not in self.direct_seen:
                self.direct_seen.add(digest)
                out.append((s, p, o))
        src = self.expand(e["source"], f"source of {where}")
        self.sources_seen[e["source"]] = None
        out += [(a, RDF_TYPE, BL_ASSOCIATION), (a, RDF_SUBJECT, s), (a, RDF_PREDICATE, p),
                (a, RDF_OBJECT, o), (a, BL_PRIMARY_SOURCE, src), (a, PROV_ATTRIBUTED, src)]
        evidence: set[str | None] = set()
        for f in e["findings"]:
            out.append((a, PROV_DERIVED, self.expand(f, f"finding of {where}")))
            evidence.add(self.evidence.get(f))
        for c in e["citations"]:
            out.append((a, BL_PUBLICATIONS, self.expand(c, f"citation of {where}")))
        for code in sorted(x for x in evidence if x):
            out.append((a, BL_EVIDENCE, self.expand(code, f"evidence of {where}")))
        kl, at = levels(evidence, bool(e["findings"]))
        out += [(a, BL_KNOWLEDGE_LEVEL, Lit(kl)), (a, BL_AGENT_TYPE, Lit(at))]
        for key, value in props.items():
            if key == "negated":
                value_triples(a, BL_NEGATED, value, False, out)
            elif key in self.ont.qualifiers:
                value_triples(a, QUALIFIER + key, value, True, out)
            else:
                value_triples(a, self._prop(key, where), value, True, out)
        return out

    # nanopublications (quads only)

    def nanopub(self, n: dict[str, Any]) -> list[tuple[str, list[Triple]]]:
        """A finding as (graph, triples) pairs: head, assertion, provenance, pubinfo."""
        props = n["properties"]
        s_id, p_id, o_id = (props.get(k) for k in ("subject", "predicate", "object"))
        if not (isinstance(s_id, str) and s_id and isinstance(o_id, str) and o_id
                and p_id in self.predicates):
            return []
        fid = n["id"]
        f = self.expand(fid, f"finding '{fid}'")
        s = self.expand(s_id, f"subject of finding '{fid}'")
        o = self.expand(o_id, f"object of finding '{fid}'")
        p = self.predicates[str(p_id)]
        np_ = nanopub_iri(fid)
        head, assertion, prov, info = (np_ + "#head", np_ + "#assertion", np_ + "#provenance",
                                       np_ + "#pubinfo")
        graphs: list[tuple[str, list[Triple]]] = [(head, [
            (np_, RDF_TYPE, NP_NANOPUBLICATION), (np_, NP_HAS_ASSERTION, assertion),
            (np_, NP_HAS_PROVENANCE, prov), (np_, NP_HAS_PUBINFO, info)])]
        if props.get("negated") is True:
            graphs.append((assertion, [(f, RDF_SUBJECT, s), (f, RDF_PREDICATE, p),
                                       (f, RDF_OBJECT, o), (f, BL_NEGATED, literal(True))]))
        else:
            graphs.append((assertion, [(s, p, o)]))
        sources = [self.expand(x, f"source of finding '{fid}'") for x in n["sources"]]
        provenance: list[Triple] = [(assertion, PROV_DERIVED, f)]
        evidence = props.get("evidence")
        if isinstance(evidence, str) and evidence:
            provenance.append((assertion, BL_EVIDENCE,
                               self.expand(evidence, f"evidence of finding '{fid}'")))
        cites = props.get("citations")
        for c in cites if isinstance(cites, list) else []:
            provenance.append((assertion, PROV_PRIMARY_SOURCE,
                               self.expand(c, f"citation of finding '{fid}'")))
        provenance += [(assertion, PROV_ATTRIBUTED, src) for src in sources]
        graphs.append((prov, provenance))
        pubinfo: list[Triple] = [(np_, PROV_ATTRIBUTED, src) for src in sources]
        if self.meta.built_at:
            pubinfo.append((np_, PROV_GENERATED_AT, Lit(self.meta.built_at, XSD_DATETIME)))
        graphs.append((info, pubinfo))
        return graphs

    # the graph as a whole, after all records

    def trailer(self) -> list[Triple]:
        d = DATASET
        out: list[Triple] = [(d, RDF_TYPE, VOID_DATASET), (d, RDFS_LABEL, Lit("alskg graph"))]
        if self.meta.built_at:
            out.append((d, PROV_GENERATED_AT, Lit(self.meta.built_at, XSD_DATETIME)))
        sources = dict(self.meta.sources)
        for src in self.sources_seen:
            sources.setdefault(src, "")
        for src, version in sorted(sources.items()):
            iri = self.expand(src, f"source '{src}'")
            out += [(d, DCTERMS_SOURCE, iri), (iri, RDF_TYPE, BL_INFORMATION_RESOURCE),
                    (iri, RDF_TYPE, PROV_AGENT)]
            if version:
                out.append((iri, PAV_VERSION, Lit(str(version))))
        for iri, key in sorted(self.extra_properties.items()):
            out += [(iri, RDF_TYPE, OWL + "DatatypeProperty"), (iri, RDFS_LABEL, Lit(key)),
                    (iri, RDFS_DEFINED_BY, VOCAB)]
        return out


def iter_batches(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
                 ontology: Ontology, meta: GraphMeta | None = None,
                 quads: bool = False) -> Iterator[tuple[str | None, list[Triple]]]:
    """The whole export as (graph name, triples) batches; graph None is the default graph.

    Without `quads` everything is in the default graph and there are no nanopublications.
    Memory stays bounded: one record at a time, plus the ECO code of each finding.
    """
    exp = Exporter(ontology, meta)
    yield (VOCAB if quads else None), vocabulary_triples(ontology, exp.iris, terms=False)
    for n in nodes:
        yield None, exp.node(n)
        if quads and n["category"] == "Finding":
            yield from exp.nanopub(n)
    for e in edges:
        yield None, exp.edge(e)
    yield None, exp.trailer()


def iter_triples(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]],
                 ontology: Ontology, meta: GraphMeta | None = None) -> Iterator[Triple]:
    for _, batch in iter_batches(nodes, edges, ontology, meta):
        yield from batch


