"""The project's vocabulary as OWL, generated from ontology/*.yaml.

- categories are `owl:Class`es under https://w3id.org/alskg/vocab/, with `rdfs:subClassOf`
  their parents and their Biolink mappings as SKOS mapping triples (skos:closeMatch unless
  the entry names another SKOS predicate);
- predicates are `owl:ObjectProperty`s with their mappings as SKOS triples; a close,
  exact or broad mapping to RO, BFO, IAO or Biolink is also `rdfs:subPropertyOf` (so RDFS
  reasoning gives the RO and Biolink triples); domain and range as
  `schema:domainIncludes`/`schema:rangeIncludes` (a union, without entailments);
- controlled properties and finding qualifiers are `owl:DatatypeProperty`s;
- with `terms`, the project's terms (ontology/terms.yaml) are OWL classes, `rdfs:subClassOf`
  their category and their parents, with label, definition (IAO:0000115), synonyms
  (skos:altLabel) and mappings (to GO and others); each GO subtree root a mechanism groups
  (`go_subtrees`) is `rdfs:subClassOf` the mechanism, declared with its GO label and
  definition where the shipped GO extract has them; a deprecated term follows the OBO
  conventions (owl:deprecated, IAO:0100001 replaced by, oboInOwl:consider, IAO:0000231
  reason) and keeps no category or parents;
- the ontology header carries title, description, licence, version IRI and version, and
  every class and property has a label (none shared) and a definition, so `robot report`
  finds no ERROR.

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
    (FINDING_STATEMENT, "finding statement", None, False),
    (FINDING_POPULATION, "finding population", "population", False),
    (FINDING_MODEL_SYSTEM, "finding model system", "model_system", False),
    (FINDING_STUDY, "finding study", None, True),
)
FINDING_DEFINITIONS = {
    FINDING_STATEMENT: "The claim a finding makes, in the words of its source.",
    FINDING_POPULATION: "The age-of-onset band of the people a finding is about.",
    FINDING_MODEL_SYSTEM: "What a finding was observed in: patients, a cell or animal model, "
                          "a database.",
    FINDING_STUDY: "The study that reported a finding.",
}
DCTERMS_TITLE = rdf.DCTERMS + "title"
DCTERMS_DESCRIPTION = rdf.DCTERMS + "description"
DCTERMS_LICENSE = rdf.DCTERMS + "license"
OWL_VERSION_IRI = OWL + "versionIRI"
OWL_VERSION_INFO = OWL + "versionInfo"
#: the licence of the vocabulary (OBO Foundry ontologies are CC BY or CC0)
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "alskg ontology"
DESCRIPTION = ("Categories, predicates, controlled properties and disease-mechanism terms of "
               "alskg, a knowledge graph of ALS research; generated from the project's "
               "ontology/*.yaml.")


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
    from kg import __version__

    iris = iris or IriMap(ontology)
    v = VOCAB
    out: list[Triple] = [
        (v, RDF_TYPE, OWL_ONTOLOGY),
        (v, RDFS_LABEL, Lit("alskg vocabulary")),
        (v, DCTERMS_TITLE, Lit(TITLE)),
        (v, DCTERMS_DESCRIPTION, Lit(DESCRIPTION)),
        (v, RDFS_COMMENT, Lit(DESCRIPTION)),
        (v, DCTERMS_LICENSE, LICENCE),
        (v, OWL_VERSION_IRI, f"{v}releases/{__version__}"),
        (v, OWL_VERSION_INFO, Lit(__version__)),
        (IAO_DEFINITION, RDF_TYPE, OWL_ANNOTATION_PROPERTY),
        (IAO_DEFINITION, RDFS_LABEL, Lit("definition")),
        (IAO_DEFINITION, IAO_DEFINITION, Lit("The official definition, explaining the "
                                             "meaning of a class or property.")),
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
        out += [(p_, RDF_TYPE, OWL_DATATYPE_PROPERTY),
                (p_, RDFS_LABEL, Lit(property_label(ontology, spec.name))),
                (p_, RDFS_DEFINED_BY, v)]
        out += [(p_, DOMAIN_INCLUDES, v + c) for c in spec.categories]
        comment = _value_set_comment(ontology, spec.value_set)
        if comment:
            out.append((p_, RDFS_COMMENT, Lit(comment)))
        out.append((p_, IAO_DEFINITION, Lit(_property_definition(ontology, spec))))
    for spec in ontology.qualifiers.values():
        p_ = QUALIFIER + spec.name
        out += [(p_, RDF_TYPE, OWL_DATATYPE_PROPERTY),
                (p_, RDFS_LABEL, Lit(f"{spec.name} qualifier")), (p_, RDFS_DEFINED_BY, v),
                (p_, DOMAIN_INCLUDES, v + "Finding"), (p_, DOMAIN_INCLUDES, BIOLINK_ASSOCIATION)]
        comment = _value_set_comment(ontology, spec.value_set)
        if comment:
            out.append((p_, RDFS_COMMENT, Lit(comment)))
        out.append((p_, IAO_DEFINITION, Lit(
            f"A qualifier of a finding: its {spec.name.replace('_', ' ')}"
            + (f" ({comment})." if comment else "."))))
    for iri, label, value_set, is_object in FINDING_FIELDS:
        kind = OWL_OBJECT_PROPERTY if is_object else OWL_DATATYPE_PROPERTY
        out += [(iri, RDF_TYPE, kind), (iri, RDFS_LABEL, Lit(label)), (iri, RDFS_DEFINED_BY, v),
                (iri, DOMAIN_INCLUDES, v + "Finding")]
        if is_object:
            out.append((iri, RANGE_INCLUDES, v + "Study"))
        out.append((iri, IAO_DEFINITION, Lit(FINDING_DEFINITIONS[iri])))
        comment = _value_set_comment(ontology, value_set)
        if comment:
            out.append((iri, RDFS_COMMENT, Lit(comment)))
    if terms:
        out += _term_triples(ontology, iris)
    return out


def property_label(ontology: Ontology, name: str) -> str:
    """A datatype property's label: its name, unless a class or object property already
    has that label (OBO tools need labels to be unique)."""
    label = name.replace("_", " ")
    taken = {(c.label or c.id).lower() for c in ontology.categories.values()}
    taken |= {(p.label or p.id).lower() for p in ontology.predicates.values()}
    return f"{label} (property)" if label.lower() in taken else label


def _property_definition(ontology: Ontology, spec: Any) -> str:
    names = [(ontology.categories[c].label if c in ontology.categories else c)
             for c in spec.categories]
    what = " or ".join(names) if names else "an entity"
    values = _value_set_comment(ontology, spec.value_set)
    return (f"The {spec.name.replace('_', ' ')} of a {what}"
            + (f"; {values}." if values else "."))


def go_labels() -> dict[str, tuple[str, str]]:
    """GO id -> (label, definition) from the shipped GO extract, for the subtree roots."""
    from loaders.public import extracts_dir
    from loaders.release import ReleaseError, obo_terms

    path = extracts_dir() / "go-basic.als.obo"
    try:
        return {t.id: (t.name, t.definition) for t in obo_terms(path)}
    except ReleaseError:
        return {}


def _term_triples(ontology: Ontology, iris: IriMap) -> list[Triple]:
    out: list[Triple] = []
    roots = {root for term in ontology.terms.values() if not term.deprecated
             for root in term.go_subtrees}
    labels = go_labels() if roots else {}
    for root in sorted(roots):
        r = _expand(iris, root, f"GO subtree {root}")
        out += [(r, RDF_TYPE, OWL_CLASS), (r, RDFS_DEFINED_BY, "http://purl.obolibrary.org/obo/go.owl")]
        if root in labels:
            label, definition = labels[root]
            out.append((r, RDFS_LABEL, Lit(label)))
            if definition:
                out.append((r, IAO_DEFINITION, Lit(definition)))
    for term in ontology.terms.values():
        t = _expand(iris, term.id, f"term {term.id}")
        out += [(t, RDF_TYPE, OWL_CLASS), (t, RDFS_LABEL, Lit(term.label)),
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
            out.append((t, RDFS_SUBCLASS, VOCAB + term.category))
            out += [(t, RDFS_SUBCLASS, _expand(iris, parent, f"parent of {term.id}"))
                    for parent in term.parents]
            out += [(_expand(iris, root, f"GO subtree of {term.id}"), RDFS_SUBCLASS, t)
                    for root in term.go_subtrees]
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
