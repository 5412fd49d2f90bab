"""The project's vocabulary as OWL, generated from ontology/*.yaml.

- categories are `owl:Class`es under https://w3id.org/alskg/vocab/, with `rdfs:subClassOf`
  their parents and their Biolink mappings as SKOS mapping triples (skos:closeMatch unless
  the entry names another SKOS predicate);
- predicates are `owl:ObjectProperty`s with their mappings as SKOS triples; a close,
  exact or broad mapping to RO, BFO, IAO or Biolink is also `rdfs:subPropertyOf` (so RDFS
  reasoning gives the RO and Biolink triples); domain and range as
  `schema:domainIncludes`/`schema:rangeIncludes` (a union, without entailments);
- controlled properties and finding qualifiers are `owl:DatatypeProperty`s;
- with `terms`, the project's terms (ontology/terms.yaml) are named individuals of their
  category with label, definition (IAO:0000115), synonyms (skos:altLabel), mappings (to GO
  and others), `part_of` their parents; a deprecated term follows the OBO conventions
  (owl:deprecated, IAO:0100001 replaced by, oboInOwl:consider, IAO:0000231 reason) and
  keeps no category or parents.

`ontology_graph(ontology)` is the rdflib Graph that `alskg export ontology` and `alskg
ontology export --format owl` write; `vocabulary_triples` gives the same triples to the
streaming writers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.ontology.model import Ontology
from kg.problems import InputError
from kg.rdf import terms as rdf
from kg.rdf.terms import (
    FINDING_MODEL_SYSTEM,
    FINDING_POPULATION,
    FINDING_STATEMENT,
    FINDING_STUDY,
    IAO_DEFINITION,
    OWL,
    QUALIFIER,
    RDF_TYPE,
    RDFS_COMMENT,
    RDFS_DEFINED_BY,
    RDFS_LABEL,
    RDFS_SUBCLASS,
    SCHEMA,
    SKOS_ALT_LABEL,
    VOCAB,
    IriMap,
    Lit,
    Triple,
    Unexpandable,
)

OWL_CLASS = OWL + "Class"
OWL_OBJECT_PROPERTY = OWL + "ObjectProperty"
OWL_DATATYPE_PROPERTY = OWL + "DatatypeProperty"
OWL_ANNOTATION_PROPERTY = OWL + "AnnotationProperty"
OWL_NAMED_INDIVIDUAL = OWL + "NamedIndividual"
OWL_ONTOLOGY = OWL + "Ontology"
DOMAIN_INCLUDES = SCHEMA + "domainIncludes"
RANGE_INCLUDES = SCHEMA + "rangeIncludes"
#: prefixes of relation vocabularies: a plain predicate mapping to them is a super-property
RELATION_PREFIXES = ("RO", "BFO", "IAO", "biolink")
#: mapping predicates that make the external relation a super-property of ours
SUPER_PROPERTY_MATCHES = ("skos:closeMatch", "skos:exactMatch", "skos:broadMatch")
BIOLINK_ASSOCIATION = rdf.BL_ASSOCIATION

#: Finding fields with a vocabulary property of their own: (iri, label, value set, object?)
FINDING_FIELDS = (
    (FINDING_STATEMENT, "statement", None, False),
    (FINDING_POPULATION, "population", "population", False),
    (FINDING_MODEL_SYSTEM, "model system", "model_system", False),
    (FINDING_STUDY, "study", None, True),
)


def declared_properties(ontology: Ontology) -> set[str]:
    """The datatype and object property IRIs the vocabulary declares."""
    out = {VOCAB + name for name in ontology.properties}
    out |= {QUALIFIER + name for name in ontology.qualifiers}
    out |= {iri for iri, _, _, _ in FINDING_FIELDS}
    return out


def _expand(iris: IriMap, curie: str, what: str) -> str:
    try:
        return iris.expand(curie)
    except Unexpandable as exc:
        raise InputError(f"cannot write the vocabulary: {what}: {exc}") from None


def _mappings(entity: Any, iris: IriMap, relation: bool, what: str) -> list[tuple[str, str]]:
    """The declared SKOS mapping triples; for a predicate, also rdfs:subPropertyOf a relation
    (RO, BFO, IAO, Biolink) that is a close, exact or broader match."""
    entries = getattr(entity, "mapping_entries", None)
    pairs = ([(m.id, m.predicate) for m in entries] if entries
             else [(m, "skos:closeMatch") for m in entity.mappings])
    out = []
    for target, predicate in pairs:
        target_iri = _expand(iris, target, f"mapping of {what}")
        out.append((rdf.mapping_predicate(predicate, iris), target_iri))
        if relation and target.split(":", 1)[0] in RELATION_PREFIXES \
                and predicate in SUPER_PROPERTY_MATCHES:
            out.append((rdf.RDFS_SUBPROPERTY, target_iri))
    return out


def _value_set_comment(ontology: Ontology, name: str | None) -> str | None:
    if not name or name not in ontology.value_sets:
        return None
    return "one of: " + "; ".join(ontology.value_sets[name])


def vocabulary_triples(ontology: Ontology, iris: IriMap | None = None,
                       terms: bool = True) -> list[Triple]:
    """The vocabulary as triples (IRIs and literals only, no blank nodes)."""
    iris = iris or IriMap(ontology)
    v = VOCAB
    out: list[Triple] = [
        (v, RDF_TYPE, OWL_ONTOLOGY),
        (v, RDFS_LABEL, Lit("alskg vocabulary")),
        (v, RDFS_COMMENT, Lit("Categories, predicates and controlled properties of alskg, a "
                              "knowledge graph of ALS research; generated from the project's "
                              "ontology/*.yaml.")),
        (IAO_DEFINITION, RDF_TYPE, OWL_ANNOTATION_PROPERTY),
        (IAO_DEFINITION, RDFS_LABEL, Lit("definition")),
    ]
    for cat in ontology.categories.values():
        c = v + cat.id
        out += [(c, RDF_TYPE, OWL_CLASS), (c, RDFS_LABEL, Lit(cat.label or cat.id)),
                (c, RDFS_DEFINED_BY, v)]
        if cat.definition:
            out.append((c, IAO_DEFINITION, Lit(cat.definition)))
        for parent in cat.parents:
            out.append((c, RDFS_SUBCLASS, v + parent))
        out += [(c, p, o) for p, o in _mappings(cat, iris, False, f"category {cat.id}")]
    for pred in ontology.predicates.values():
        p_ = v + pred.id
        out += [(p_, RDF_TYPE, OWL_OBJECT_PROPERTY), (p_, RDFS_LABEL, Lit(pred.label or pred.id)),
                (p_, RDFS_DEFINED_BY, v)]
        if pred.definition:
            out.append((p_, IAO_DEFINITION, Lit(pred.definition)))
        out += [(p_, DOMAIN_INCLUDES, v + d) for d in pred.domain]
        out += [(p_, RANGE_INCLUDES, v + r) for r in pred.range]
        out += [(p_, p, o) for p, o in _mappings(pred, iris, True, f"predicate {pred.id}")]
    for spec in ontology.properties.values():
        p_ = v + spec.name
        out += [(p_, RDF_TYPE, OWL_DATATYPE_PROPERTY), (p_, RDFS_LABEL, Lit(spec.name)),
                (p_, RDFS_DEFINED_BY, v)]
        out += [(p_, DOMAIN_INCLUDES, v + c) for c in spec.categories]
        comment = _value_set_comment(ontology, spec.value_set)
        if comment:
            out.append((p_, RDFS_COMMENT, Lit(comment)))
    for spec in ontology.qualifiers.values():
        p_ = QUALIFIER + spec.name
        out += [(p_, RDF_TYPE, OWL_DATATYPE_PROPERTY),
                (p_, RDFS_LABEL, Lit(f"{spec.name} qualifier")), (p_, RDFS_DEFINED_BY, v),
                (p_, DOMAIN_INCLUDES, v + "Finding"), (p_, DOMAIN_INCLUDES, BIOLINK_ASSOCIATION)]
        comment = _value_set_comment(ontology, spec.value_set)
        if comment:
            out.append((p_, RDFS_COMMENT, Lit(comment)))
    for iri, label, value_set, is_object in FINDING_FIELDS:
        kind = OWL_OBJECT_PROPERTY if is_object else OWL_DATATYPE_PROPERTY
        out += [(iri, RDF_TYPE, kind), (iri, RDFS_LABEL, Lit(label)), (iri, RDFS_DEFINED_BY, v),
                (iri, DOMAIN_INCLUDES, v + "Finding")]
        if is_object:
            out.append((iri, RANGE_INCLUDES, v + "Study"))
        comment = _value_set_comment(ontology, value_set)
        if comment:
            out.append((iri, RDFS_COMMENT, Lit(comment)))
    if terms:
        out += _term_triples(ontology, iris)
    return out


def _term_triples(ontology: Ontology, iris: IriMap) -> list[Triple]:
    out: list[Triple] = []
    part_of = VOCAB + "part_of"
    for term in ontology.terms.values():
        t = _expand(iris, term.id, f"term {term.id}")
        out += [(t, RDF_TYPE, OWL_NAMED_INDIVIDUAL), (t, RDFS_LABEL, Lit(term.label)),
                (t, RDFS_DEFINED_BY, VOCAB)]
        if term.definition:
            out.append((t, IAO_DEFINITION, Lit(term.definition)))
        out += [(t, SKOS_ALT_LABEL, Lit(s)) for s in term.synonyms]
        out += [(t, p, o) for p, o in _mappings(term, iris, False, f"term {term.id}")]
        if term.deprecated:
            out.append((t, OWL + "deprecated", rdf.literal(True)))
            if term.replaced_by:
                out.append((t, rdf.IAO_REPLACED_BY,
                            _expand(iris, term.replaced_by, f"replacement of {term.id}")))
            for other in getattr(term, "consider", []) or []:
                out.append((t, rdf.OBO_CONSIDER, _expand(iris, other, f"consider of {term.id}")))
            reason = getattr(term, "reason", None)
            if reason:
                out.append((t, rdf.IAO_OBSOLESCENCE_REASON, Lit(str(reason))))
        else:
            if term.category not in ontology.categories:
                raise InputError(f"cannot write the vocabulary: term {term.id} has unknown "
                                 f"category '{term.category}'")
            out.append((t, RDF_TYPE, VOCAB + term.category))
            out += [(t, part_of, _expand(iris, parent, f"parent of {term.id}"))
                    for parent in term.parents]
    return out


def ontology_graph(ontology: Ontology) -> Any:
    """The vocabulary, with the project's terms, as an rdflib Graph (prefixes bound)."""
    g = rdf.new_graph(ontology)
    for s, p, o in vocabulary_triples(ontology, terms=True):
        g.add((rdf.to_rdflib(s), rdf.to_rdflib(p), rdf.to_rdflib(o)))
    return g


def write_ontology(ontology: Ontology, path: Path, fmt: str | None = None) -> dict[str, Any]:
    """Write the vocabulary as OWL to `path` (format from `fmt` or the suffix)."""
    from kg.atomic import atomic_output

    name = rdf.format_for(path, fmt)
    rdflib_format, _, has_graphs = rdf.FORMATS[name]
    if has_graphs:
        raise InputError(f"the ontology is one graph; write it as turtle, nt, jsonld or xml, "
                         f"not {name}")
    g = ontology_graph(ontology)
    with atomic_output(path, binary=True) as fh:
        g.serialize(destination=fh, format=rdflib_format)
    return {"path": str(path), "format": name, "triples": len(g)}


def export_ontology(path: Path, fmt: str | None = None) -> dict[str, Any]:
    """`alskg export ontology`: the project's ontology as OWL."""
    from kg.ontology.model import load_ontology

    return write_ontology(load_ontology(), path, fmt)
