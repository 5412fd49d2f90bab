"""The graph as RDF: IRIs, terms and the triples every exporter writes.

One mapping from records to triples, used by every writer (the streaming N-Triples and
N-Quads writers in kg/rdf/stream.py, the rdflib writers in kg/rdf/export.py), read back by
kg/rdf/read.py, and constrained by the shapes kg/rdf/shacl.py generates. The mapping:

- a node is its CURIE expanded through the pinned prefix map (ontology/prefixes.yaml);
  `rdf:type` its category class, `rdfs:label` its name, `skos:altLabel` its synonyms,
  `biolink:xref` its cross-references, `biolink:provided_by` its sources, and each
  property under the vocabulary namespace (`definition` as IAO:0000115, a term's
  `mappings` as SKOS mapping triples);
- a Finding also carries its statement as `rdf:subject`/`rdf:predicate`/`rdf:object`, its
  ECO code as `biolink:has_evidence_of_type`, its citations as `biolink:publications`,
  its study as `alskgv:study` and its qualifiers under `alskgq:`;
- an edge is the direct triple (subject, predicate, object), left out when the edge is
  negated, plus a `biolink:Association` named by the edge id with `rdf:subject`,
  `rdf:predicate`, `rdf:object`, `biolink:publications`, `biolink:has_evidence_of_type`,
  `biolink:knowledge_level`, `biolink:agent_type`, `biolink:primary_knowledge_source`
  and PROV-O curation provenance (`prov:wasDerivedFrom` its findings,
  `prov:wasAttributedTo` its source);
- in N-Quads and TriG, each finding is also a nanopublication (head, assertion,
  provenance and publication-info graphs); the vocabulary sits in its own named graph.

Nothing here invents an IRI: an id the prefix map cannot expand (and read back to the same
id) stops the export. RDF values are sets: list order and duplicate entries are not kept,
and the importer restores lists sorted. A value that has no RDF shape of its own (an empty
list, a nested mapping, a list where one value is expected) is written as one `rdf:JSON`
literal so that nothing is lost.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from kg.model import ALWAYS, FINDING_FIELDS
from kg.ontology.model import Ontology
from kg.problems import InputError

# -- namespaces ----------------------------------------------------------------------------

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
PAV = "http://purl.org/pav/"
VOID = "http://rdfs.org/ns/void#"
SCHEMA = "http://schema.org/"
NP = "http://www.nanopub.org/nschema#"
OBO = "http://purl.obolibrary.org/obo/"
OBOINOWL = "http://www.geneontology.org/formats/oboInOwl#"
BIOLINK = "https://w3id.org/biolink/vocab/"
SH = "http://www.w3.org/ns/shacl#"

#: the project's base IRI (the `alskg` prefix); project ids never contain '/', so the
#: generated resources below (one path segment deeper) can never collide with a node
ALSKG = "https://w3id.org/alskg/"
#: classes, object properties and datatype properties; also the ontology's IRI
VOCAB = ALSKG + "vocab/"
#: finding qualifiers (role, direction), on findings and on associations
QUALIFIER = VOCAB + "qualifier/"
#: one biolink:Association per edge, named by the edge id
EDGE = ALSKG + "edge/"
#: one nanopublication per finding (N-Quads, TriG)
NANOPUB = ALSKG + "np/"
#: the exported graph as a dataset: build time and sources
DATASET = ALSKG + "dataset/graph"
#: SHACL shapes
SHAPES = ALSKG + "shapes/"

RDF_TYPE = RDF + "type"
RDF_SUBJECT = RDF + "subject"
RDF_PREDICATE = RDF + "predicate"
RDF_OBJECT = RDF + "object"
RDF_JSON = RDF + "JSON"
RDFS_LABEL = RDFS + "label"
RDFS_COMMENT = RDFS + "comment"
RDFS_SUBCLASS = RDFS + "subClassOf"
RDFS_SUBPROPERTY = RDFS + "subPropertyOf"
RDFS_DEFINED_BY = RDFS + "isDefinedBy"
XSD_STRING = XSD + "string"
XSD_BOOLEAN = XSD + "boolean"
XSD_INTEGER = XSD + "integer"
XSD_DOUBLE = XSD + "double"
XSD_DATETIME = XSD + "dateTime"
SKOS_ALT_LABEL = SKOS + "altLabel"
SKOS_CLOSE = SKOS + "closeMatch"
SKOS_MATCHES = tuple(SKOS + m for m in
                     ("closeMatch", "exactMatch", "broadMatch", "narrowMatch", "relatedMatch"))
IAO_DEFINITION = OBO + "IAO_0000115"
IAO_REPLACED_BY = OBO + "IAO_0100001"
IAO_OBSOLESCENCE_REASON = OBO + "IAO_0000231"
OBO_CONSIDER = OBOINOWL + "consider"
BL_ASSOCIATION = BIOLINK + "Association"
BL_INFORMATION_RESOURCE = BIOLINK + "InformationResource"
BL_XREF = BIOLINK + "xref"
BL_PROVIDED_BY = BIOLINK + "provided_by"
BL_PUBLICATIONS = BIOLINK + "publications"
BL_EVIDENCE = BIOLINK + "has_evidence_of_type"
BL_KNOWLEDGE_LEVEL = BIOLINK + "knowledge_level"
BL_AGENT_TYPE = BIOLINK + "agent_type"
BL_PRIMARY_SOURCE = BIOLINK + "primary_knowledge_source"
BL_NEGATED = BIOLINK + "negated"
PROV_DERIVED = PROV + "wasDerivedFrom"
PROV_ATTRIBUTED = PROV + "wasAttributedTo"
PROV_GENERATED_AT = PROV + "generatedAtTime"
PROV_PRIMARY_SOURCE = PROV + "hadPrimarySource"
PROV_AGENT = PROV + "Agent"
PAV_VERSION = PAV + "version"
VOID_DATASET = VOID + "Dataset"
DCTERMS_SOURCE = DCTERMS + "source"
NP_NANOPUBLICATION = NP + "Nanopublication"
NP_HAS_ASSERTION = NP + "hasAssertion"
NP_HAS_PROVENANCE = NP + "hasProvenance"
NP_HAS_PUBINFO = NP + "hasPublicationInfo"

#: Finding properties written as links or with vocabulary terms of their own
FINDING_STATEMENT = VOCAB + "statement"
FINDING_STUDY = VOCAB + "study"
FINDING_POPULATION = VOCAB + "population"
FINDING_MODEL_SYSTEM = VOCAB + "model_system"
#: Finding fields written as links (their values are CURIEs), and as literals
FINDING_LINKS = {"subject": RDF_SUBJECT, "object": RDF_OBJECT, "study": FINDING_STUDY,
                 "evidence": BL_EVIDENCE}
FINDING_TEXTS = {"statement": FINDING_STATEMENT, "population": FINDING_POPULATION,
                 "model_system": FINDING_MODEL_SYSTEM}
#: the Finding fields every loader writes; an absent one reads back as "" (or [])
FINDING_DEFAULTS: dict[str, Any] = {f.name: f.default for f in FINDING_FIELDS
                                    if f.stored == ALWAYS}

#: Prefix names for Turtle, TriG and JSON-LD, besides the pinned map's own.
EXTRA_PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "owl": OWL, "xsd": XSD, "skos": SKOS, "prov": PROV,
    "dcterms": DCTERMS, "pav": PAV, "void": VOID, "schema": SCHEMA, "np": NP,
    "oboInOwl": OBOINOWL, "obo": OBO, "sh": SH, "alskgv": VOCAB, "alskgq": QUALIFIER,
    "alskgedge": EDGE, "alskgnp": NANOPUB, "alskgsh": SHAPES,
}

# Knowledge level and agent type (Translator KL/AT) of an association, from the ECO codes
# of the findings behind it; codes not listed are manual knowledge assertions.
EVIDENCE_LEVELS = {
    "ECO:0000501": ("knowledge_assertion", "automated_agent"),  # automatic assertion
    "ECO:0000305": ("logical_entailment", "manual_agent"),      # curator inference
}
DEFAULT_LEVEL = ("knowledge_assertion", "manual_agent")
UNKNOWN_LEVEL = ("not_provided", "not_provided")
KNOWLEDGE_LEVELS = ("knowledge_assertion", "logical_entailment", "prediction",
                    "statistical_association", "observation", "not_provided")
AGENT_TYPES = ("manual_agent", "automated_agent", "data_analysis_pipeline",
               "computational_model", "text_mining_agent", "image_processing_agent",
               "manual_validation_of_automated_agent", "not_provided")

# Characters an IRI may not contain (N-Triples IRIREF, RFC 3987).
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
#: property names become IRIs (and RDF/XML element names)
PROPERTY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
#: edge ids become the last segment of an association IRI
EDGE_ID = re.compile(r"^[A-Za-z0-9_.~-]+$")
# Past this many cached expansions the cache starts again (bounded memory).
_CACHE_MAX = 500_000

# -- formats -------------------------------------------------------------------------------

#: format name -> (rdflib format, usual suffix, holds named graphs)
FORMATS: dict[str, tuple[str, str, bool]] = {
    "turtle": ("turtle", ".ttl", False),
    "nt": ("nt", ".nt", False),
    "jsonld": ("json-ld", ".jsonld", False),
    "xml": ("xml", ".rdf", False),
    "trig": ("trig", ".trig", True),
    "nquads": ("nquads", ".nq", True),
}
SUFFIXES = {".ttl": "turtle", ".nt": "nt", ".jsonld": "jsonld", ".rdf": "xml", ".owl": "xml",
            ".trig": "trig", ".nq": "nquads"}


def format_for(path: Any, fmt: str | None) -> str:
    """The format name: the one given, else the one the file suffix names."""
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown RDF format '{fmt}' (use one of {', '.join(FORMATS)})")
        return fmt
    suffix = "".join(getattr(path, "suffixes", [])[-1:]).lower()
    if suffix not in SUFFIXES:
        known = " ".join(sorted(SUFFIXES))
        raise InputError(f"cannot tell the RDF format of '{path}' from its suffix "
                         f"'{suffix or '(none)'}'; use one of {known} or pass --format "
                         f"{'|'.join(FORMATS)}")
    return SUFFIXES[suffix]


# -- terms ---------------------------------------------------------------------------------


class Lit(NamedTuple):
    """A literal: lexical form and datatype IRI (None for a plain xsd:string)."""

    lexical: str
    datatype: str | None = None


#: an IRI is a plain str, a literal a Lit; no blank nodes anywhere in an export
Term = str | Lit
Triple = tuple[str, str, Term]


def _simple(value: Any) -> bool:
    return isinstance(value, str | bool | int) or (isinstance(value, float)
                                                   and math.isfinite(value))


def literal(value: Any) -> Lit:
    """A scalar as its literal; anything else as one rdf:JSON literal."""
    if isinstance(value, str):
        return Lit(str(value))
    if isinstance(value, bool):
        return Lit("true" if value else "false", XSD_BOOLEAN)
    if isinstance(value, int):
        return Lit(str(value), XSD_INTEGER)
    if isinstance(value, float) and math.isfinite(value):
        return Lit(repr(value), XSD_DOUBLE)
    return json_literal(value)


def json_literal(value: Any) -> Lit:
    return Lit(json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
               RDF_JSON)


def python_value(lit: Lit) -> Any:
    """The Python value of a literal this module wrote."""
    dt = lit.datatype
    if dt is None or dt == XSD_STRING:
        return lit.lexical
    if dt == XSD_BOOLEAN:
        return lit.lexical.strip() in ("true", "1")
    if dt == XSD_INTEGER:
        return int(lit.lexical)
    if dt == XSD_DOUBLE:
        return float(lit.lexical)
    if dt == RDF_JSON:
        return json.loads(lit.lexical)
    return lit.lexical


def value_triples(s: str, p: str, value: Any, is_list: bool, out: list[Triple]) -> None:
    """A property value: one triple per list entry, one for a scalar, else one rdf:JSON."""
    if is_list:
        if (isinstance(value, list) and value and all(_simple(v) for v in value)
                and len(set(value)) == len(value)):
            for v in value:
                out.append((s, p, literal(v)))
            return
    elif _simple(value):
        out.append((s, p, literal(value)))
        return
    out.append((s, p, json_literal(value)))


# -- identifiers ---------------------------------------------------------------------------


class Unexpandable(Exception):
    """An id with no IRI; callers name the record it belongs to."""


class IriMap:
    """CURIE <-> IRI through the one pinned prefix map, checked both ways."""

    def __init__(self, ontology: Ontology) -> None:
        self.ontology = ontology
        self._cache: dict[str, str] = {}
        self._longest_first = sorted(ontology.prefixes.values(),
                                     key=lambda p: len(p.uri_prefix), reverse=True)

    def expand(self, curie: Any) -> str:
        iri = self._cache.get(curie) if isinstance(curie, str) else None
        if iri is not None:
            return iri
        if not isinstance(curie, str):
            raise Unexpandable(f"{curie!r} is not a CURIE")
        why = self.ontology.curie_problem(curie)
        if why:
            raise Unexpandable(why)
        iri = self.ontology.expand(curie)
        bad = _BAD_IRI.search(iri)
        if bad:
            raise Unexpandable(f"'{curie}' would give an IRI containing {bad.group()!r}, "
                               "which IRIs do not allow")
        back = self.contract(iri)
        if back != curie:
            raise Unexpandable(f"'{curie}' expands to <{iri}>, which reads back as "
                               f"'{back}': the prefix map is ambiguous there")
        if len(self._cache) >= _CACHE_MAX:
            self._cache.clear()
        self._cache[curie] = iri
        return iri

    def contract(self, iri: str) -> str | None:
        """The CURIE of an IRI (longest matching IRI prefix whose pattern fits), or None."""
        for p in self._longest_first:
            if iri.startswith(p.uri_prefix):
                local = iri[len(p.uri_prefix):]
                if p.pattern.match(local) and "\n" not in local:
                    return f"{p.prefix}:{local}"
        return None


def prefix_map(ontology: Ontology) -> dict[str, str]:
    """Prefix name -> namespace for serialisations that abbreviate IRIs."""
    out = {name: p.uri_prefix for name, p in ontology.prefixes.items()}
    for name, ns in EXTRA_PREFIXES.items():
        out.setdefault(name, ns)
    return out


def property_iri(key: Any, where: str) -> str:
    if not isinstance(key, str) or not PROPERTY_NAME.match(key):
        raise InputError(f"cannot export {where}: property name {key!r} cannot be part of an "
                         "IRI (use letters, digits and _ . -, starting with a letter)")
    return VOCAB + key


def nanopub_iri(finding_id: str) -> str:
    prefix, local = finding_id.split(":", 1)
    return NANOPUB + (local if prefix == "alskg" else finding_id)


def mapping_predicate(curie: str, iris: IriMap) -> str:
    """The IRI of a SKOS mapping predicate such as skos:closeMatch."""
    try:
        iri = iris.expand(curie)
    except Unexpandable as exc:
        raise InputError(f"mapping predicate: {exc}") from None
    if iri not in SKOS_MATCHES:
        raise InputError(f"mapping predicate '{curie}' is not a SKOS mapping predicate")
    return iri


# -- records to triples --------------------------------------------------------------------


@dataclass
class GraphMeta:
    """What the export says about the graph as a whole."""

    built_at: str | None = None
    sources: dict[str, str] = field(default_factory=dict)


def levels(evidence: Iterable[str | None], has_findings: bool) -> tuple[str, str]:
    """Knowledge level and agent type of an association."""
    if not has_findings:
        return DEFAULT_LEVEL  # asserted by its source itself (ontology terms)
    pairs = {EVIDENCE_LEVELS.get(e, DEFAULT_LEVEL) if e else UNKNOWN_LEVEL for e in evidence}
    if not pairs:
        return UNKNOWN_LEVEL
    kls = {kl for kl, _ in pairs}
    ats = {at for _, at in pairs}
    kl = "knowledge_assertion" if "knowledge_assertion" in kls else sorted(kls)[0]
    at = "manual_agent" if "manual_agent" in ats else sorted(ats)[0]
    return kl, at


# -- rdflib bridge (rdflib is imported only here, when needed) -----------------------------


def to_rdflib(term: Term) -> Any:
    from rdflib import Literal, URIRef

    if isinstance(term, Lit):
        if term.datatype is None:
            return Literal(term.lexical)
        return Literal(term.lexical, datatype=URIRef(term.datatype), normalize=False)
    return URIRef(term)


def new_graph(ontology: Ontology, dataset: bool = False) -> Any:
    """An empty rdflib Graph (or Dataset) with the export's prefixes bound."""
    from rdflib import Dataset, Graph
    from rdflib.namespace import NamespaceManager

    g: Any = Dataset() if dataset else Graph()
    g.namespace_manager = NamespaceManager(g, bind_namespaces="core")
    for name, ns in prefix_map(ontology).items():
        g.bind(name, ns, override=True, replace=True)
    return g
