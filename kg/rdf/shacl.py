"""SHACL shapes for the RDF export, generated from the ontology, and `alskg export check`.

The shapes come from the same ontology/*.yaml that drives validation, Neo4j and OWL, so
they never drift apart: `alskg export shapes` writes ontology/shapes.ttl, and a test checks
that the committed file equals a fresh one. They say:

- every node has one name (rdfs:label), at least one source (biolink:provided_by), IRIs
  as xrefs; each category's controlled properties have their datatype, their value set
  (sh:in), at most one value unless they are lists, and at least one when required;
- a Finding has one subject, predicate, object, ECO evidence code and population, at least
  one citation, at most one study (a Study) and model system, and valid qualifiers;
- a biolink:Association has one subject, predicate, object, knowledge source, knowledge
  level and agent type, and is derived from Findings;
- each predicate's direct triples respect its domain and range (subclasses included,
  through the rdfs:subClassOf triples of the vocabulary that every export carries).

Checking uses pySHACL with no inference and core constraints only (no SPARQL), which
keeps it fast on large exports.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.ontology.model import Ontology, ontology_dir
from kg.problems import InputError
from kg.rdf import terms as rdf
from kg.rdf.terms import SH, SHAPES, VOCAB, IriMap, Unexpandable
from kg.resources import refuse_installed

SHAPES_FILE = "shapes.ttl"
HEADER = ("# SHACL shapes for alskg RDF exports, generated from ontology/*.yaml by\n"
          "# `alskg export shapes`. Do not edit by hand: change the ontology and regenerate.\n")
#: past this many lines with the same shape, path and message, the rest are counted
MAX_LINES_PER_KIND = 20


def shapes_path() -> Path:
    return ontology_dir() / SHAPES_FILE


class _Builder:
    def __init__(self, ontology: Ontology) -> None:
        from rdflib import Namespace

        self.ont = ontology
        self.iris = IriMap(ontology)
        self.g = rdf.new_graph(ontology)
        self.sh = Namespace(SH)

    def uri(self, iri: str) -> Any:
        from rdflib import URIRef

        return URIRef(iri)

    def lit(self, value: Any) -> Any:
        return rdf.to_rdflib(rdf.literal(value))

    def rdf_list(self, items: list[Any]) -> Any:
        from rdflib import BNode
        from rdflib.collection import Collection

        head = BNode()
        Collection(self.g, head, items)
        return head

    def node_shape(self, name: str, message: str | None = None, **targets: str) -> Any:
        from rdflib import RDF

        shape = self.uri(SHAPES + name)
        self.g.add((shape, RDF.type, self.sh.NodeShape))
        for kind, iri in targets.items():
            self.g.add((shape, self.sh[kind], self.uri(iri)))
        if message:
            self.g.add((shape, self.sh.message, self.lit(message)))
        return shape

    def prop(self, shape: Any, path: str, message: str, *, min_count: int | None = None,
             max_count: int | None = None, datatype: str | None = None, iri: bool = False,
             cls: str | None = None, values: list[Any] | None = None,
             number: bool = False, name: str | None = None) -> None:
        """A property shape, named `<node shape>-<name or the path's last segment>`
        (named shapes keep the generated file stable and name the shape in reports)."""
        from rdflib import RDF, BNode

        local = name or re.split(r"[/#]", path)[-1]
        p = self.uri(f"{shape}-{local}")
        g, sh = self.g, self.sh
        g.add((shape, sh.property, p))
        g.add((p, RDF.type, sh.PropertyShape))
        g.add((p, sh.path, self.uri(path)))
        g.add((p, sh.message, self.lit(message)))
        if min_count is not None:
            g.add((p, sh.minCount, self.lit(min_count)))
        if max_count is not None:
            g.add((p, sh.maxCount, self.lit(max_count)))
        if datatype:
            g.add((p, sh.datatype, self.uri(datatype)))
        if number:
            options = []
            for dt in (rdf.XSD_INTEGER, rdf.XSD_DOUBLE, rdf.XSD + "decimal"):
                option = BNode()
                g.add((option, sh.datatype, self.uri(dt)))
                options.append(option)
            g.add((p, sh["or"], self.rdf_list(options)))
        if iri:
            g.add((p, sh.nodeKind, sh.IRI))
        if cls:
            g.add((p, sh["class"], self.uri(cls)))
        if values is not None:
            g.add((p, sh["in"], self.rdf_list(values)))

    def classes_or(self, shape: Any, categories: list[str]) -> None:
        from rdflib import BNode

        if len(categories) == 1:
            self.g.add((shape, self.sh["class"], self.uri(VOCAB + categories[0])))
            return
        options = []
        for c in categories:
            option = BNode()
            self.g.add((option, self.sh["class"], self.uri(VOCAB + c)))
            options.append(option)
        self.g.add((shape, self.sh["or"], self.rdf_list(options)))

    def value_set(self, name: str | None) -> list[Any] | None:
        if not name or name not in self.ont.value_sets:
            return None
        return [self.lit(v) for v in self.ont.value_sets[name]]

    def controlled(self, shape: Any, path: str, key: str, spec: Any, where: str,
                   name: str | None = None) -> None:
        many = "values" if spec.is_list else "at most one value"
        allowed = self.value_set(spec.value_set)
        message = f"{where} '{key}' takes {many}"
        if allowed is not None:
            message += f" from the {spec.value_set} value set"
        elif spec.type == "number":
            message += ", a number"
        elif spec.type == "boolean":
            message += ", true or false"
        else:
            message += ", a string"
        if spec.required:
            message += "; it is required"
        self.prop(shape, path, message, name=name, min_count=1 if spec.required else None,
                  max_count=None if spec.is_list else 1,
                  datatype=None if allowed is not None or spec.type == "number"
                  else rdf.XSD_BOOLEAN if spec.type == "boolean" else rdf.XSD_STRING,
                  number=spec.type == "number" and allowed is None, values=allowed)


def shapes_graph(ontology: Ontology) -> Any:
    """The SHACL shapes as an rdflib Graph."""
    b = _Builder(ontology)
    ont = ontology
    predicate_iris = [b.uri(VOCAB + p) for p in ont.predicates]
    for cat in ont.categories.values():
        shape = b.node_shape(cat.id, targetClass=VOCAB + cat.id)
        if not cat.parents:
            b.prop(shape, rdf.RDFS_LABEL, "a node needs exactly one rdfs:label (its name)",
                   min_count=1, max_count=1, datatype=rdf.XSD_STRING)
            b.prop(shape, rdf.BL_PROVIDED_BY,
                   "a node needs at least one source (biolink:provided_by, an IRI)",
                   min_count=1, iri=True)
            b.prop(shape, rdf.SKOS_ALT_LABEL, "synonyms are strings", datatype=rdf.XSD_STRING)
            b.prop(shape, rdf.BL_XREF, "cross-references are IRIs", iri=True)
        for spec in ont.properties.values():
            if cat.id in spec.categories:
                b.controlled(shape, VOCAB + spec.name, spec.name, spec, cat.id)
    _finding_shape(b)
    _association_shape(b, predicate_iris)
    for pred in ont.predicates.values():
        for end, cats, target in (("subject", pred.domain, "targetSubjectsOf"),
                                  ("object", pred.range, "targetObjectsOf")):
            if not cats:
                continue
            message = f"'{pred.id}' needs a {' or '.join(cats)} as {end}"
            shape = b.node_shape(f"{'domain' if end == 'subject' else 'range'}-{pred.id}",
                                 message, **{target: VOCAB + pred.id})
            b.classes_or(shape, cats)
    return b.g


def _finding_shape(b: _Builder) -> None:
    ont = b.ont
    shape = b.uri(SHAPES + "Finding")
    named = VOCAB + "NamedThing"
    b.prop(shape, rdf.RDF_SUBJECT, "a finding needs exactly one subject, a node",
           min_count=1, max_count=1, iri=True, cls=named)
    b.prop(shape, rdf.RDF_PREDICATE, "a finding needs exactly one alskg predicate",
           min_count=1, max_count=1, values=[b.uri(VOCAB + p) for p in ont.predicates])
    b.prop(shape, rdf.RDF_OBJECT, "a finding needs exactly one object, a node",
           min_count=1, max_count=1, iri=True, cls=named)
    evidence = None
    if "evidence" in ont.value_sets:
        codes = []
        for code in ont.value_sets["evidence"]:
            try:
                codes.append(b.uri(b.iris.expand(code)))
            except Unexpandable as exc:
                raise InputError(f"cannot write the shapes: evidence code: {exc}") from None
        evidence = codes
    b.prop(shape, rdf.BL_EVIDENCE,
           "a finding needs exactly one evidence type from the evidence value set (ECO)",
           min_count=1, max_count=1, values=evidence, iri=True)
    b.prop(shape, rdf.FINDING_POPULATION,
           "a finding needs exactly one population from the population value set",
           min_count=1, max_count=1, values=b.value_set("population"))
    b.prop(shape, rdf.FINDING_MODEL_SYSTEM,
           "a finding has at most one model system, from the model_system value set",
           max_count=1, values=b.value_set("model_system"))
    b.prop(shape, rdf.FINDING_STATEMENT, "a finding has at most one statement, a string",
           max_count=1, datatype=rdf.XSD_STRING)
    b.prop(shape, rdf.BL_PUBLICATIONS, "a finding needs at least one citation (an IRI)",
           min_count=1, iri=True)
    b.prop(shape, rdf.FINDING_STUDY, "a finding has at most one study, a Study",
           max_count=1, cls=VOCAB + "Study")
    b.prop(shape, rdf.BL_NEGATED, "'negated' is true or false", max_count=1,
           datatype=rdf.XSD_BOOLEAN)
    for key, spec in ont.qualifiers.items():
        b.controlled(shape, rdf.QUALIFIER + key, key, spec, "qualifier",
                     name=f"qualifier-{key}")


def _association_shape(b: _Builder, predicate_iris: list[Any]) -> None:
    shape = b.node_shape("Association", targetClass=rdf.BL_ASSOCIATION)
    named = VOCAB + "NamedThing"
    b.prop(shape, rdf.RDF_SUBJECT, "an association needs exactly one subject, a node",
           min_count=1, max_count=1, iri=True, cls=named)
    b.prop(shape, rdf.RDF_PREDICATE, "an association needs exactly one alskg predicate",
           min_count=1, max_count=1, values=predicate_iris)
    b.prop(shape, rdf.RDF_OBJECT, "an association needs exactly one object, a node",
           min_count=1, max_count=1, iri=True, cls=named)
    b.prop(shape, rdf.BL_PRIMARY_SOURCE,
           "an association needs exactly one primary knowledge source (an IRI)",
           min_count=1, max_count=1, iri=True)
    b.prop(shape, rdf.BL_KNOWLEDGE_LEVEL,
           "an association needs exactly one Biolink knowledge level",
           min_count=1, max_count=1, values=[b.lit(v) for v in rdf.KNOWLEDGE_LEVELS])
    b.prop(shape, rdf.BL_AGENT_TYPE, "an association needs exactly one Biolink agent type",
           min_count=1, max_count=1, values=[b.lit(v) for v in rdf.AGENT_TYPES])
    b.prop(shape, rdf.PROV_DERIVED, "an association is derived from findings",
           cls=VOCAB + "Finding")
    b.prop(shape, rdf.BL_PUBLICATIONS, "citations are IRIs", iri=True)
    b.prop(shape, rdf.BL_EVIDENCE, "evidence types are IRIs (ECO)", iri=True)
    b.prop(shape, rdf.BL_NEGATED, "'negated' is true or false", max_count=1,
           datatype=rdf.XSD_BOOLEAN)


def shapes_turtle(ontology: Ontology) -> str:
    return HEADER + shapes_graph(ontology).serialize(format="turtle")


def write_shapes(ontology: Ontology, path: Path | None = None) -> dict[str, Any]:
    """Write the shapes (default: ontology/shapes.ttl)."""
    from kg.atomic import atomic_output

    target = path or shapes_path()
    refuse_installed(target, "would write the shapes")
    text = shapes_turtle(ontology)
    with atomic_output(target) as fh:
        fh.write(text)
    return {"path": str(target), "shapes": text.count("sh:NodeShape")}


# -- checking ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Violation:
    focus: str
    path: str
    message: str
    shape: str
    severity: str

    def __str__(self) -> str:
        return f"{self.focus}: {self.path}: {self.message}"


@dataclass
class CheckResult:
    path: str
    conforms: bool
    triples: int
    violations: list[Violation]

    def lines(self) -> list[str]:
        """One line per violation (focus node, path, message); repeats past
        MAX_LINES_PER_KIND of one kind are counted, not listed."""
        shown: Counter[tuple[str, str, str]] = Counter()
        out: list[str] = []
        for v in self.violations:
            kind = (v.shape, v.path, v.message)
            shown[kind] += 1
            if shown[kind] <= MAX_LINES_PER_KIND:
                out.append(f"{self.path}: {v.severity}: {v}")
        for kind, n in sorted(shown.items()):
            if n > MAX_LINES_PER_KIND:
                out.append(f"{self.path}: ... {n - MAX_LINES_PER_KIND} more like "
                           f"'{kind[1]}: {kind[2]}'")
        return out


def _short(iri: Any, names: list[tuple[str, str]]) -> str:
    text = str(iri)
    for ns, name in names:
        if text.startswith(ns) and len(text) > len(ns):
            return f"{name}:{text[len(ns):]}"
    return f"<{text}>"


def check(path: Path, fmt: str | None = None, shapes: Path | None = None) -> CheckResult:
    """Validate an export against the shapes (default: ontology/shapes.ttl)."""
    import pyshacl
    import rdflib

    from kg.ontology.model import load_ontology

    ontology = load_ontology()
    name = rdf.format_for(path, fmt)
    rdflib_format, _, has_graphs = rdf.FORMATS[name]
    if not Path(path).exists():
        raise InputError(f"{path}: no such file")
    shapes_file = shapes or shapes_path()
    if not shapes_file.exists():
        raise InputError(f"{shapes_file}: no shapes file; run 'alskg export shapes'")
    data = rdflib.Graph()
    try:
        if has_graphs:
            ds = rdflib.Dataset()
            ds.parse(str(path), format=rdflib_format)
            for s, p, o, _ in ds.quads():
                data.add((s, p, o))
        else:
            data.parse(str(path), format=rdflib_format)
        shape_graph = rdflib.Graph().parse(str(shapes_file), format="turtle")
    except Exception as exc:  # rdflib raises many kinds; all mean "not readable"
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: not readable as {name}: {first}") from None
    conforms, results, _ = pyshacl.validate(
        data, shacl_graph=shape_graph, inference="none", advanced=False,
        allow_warnings=True, meta_shacl=False)
    sh = rdflib.Namespace(SH)
    names = sorted(((ns, n) for n, ns in rdf.prefix_map(ontology).items()),
                   key=lambda x: len(x[0]), reverse=True)
    violations = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = results.value(r, sh.focusNode)
        rpath = results.value(r, sh.resultPath)
        message = results.value(r, sh.resultMessage)
        severity = results.value(r, sh.resultSeverity)
        shape = results.value(r, sh.sourceShape)
        violations.append(Violation(
            focus=_short(focus, names),
            path=_short(rpath, names) if rpath is not None else "-",
            message=str(message) if message is not None else "constraint violated",
            shape=_short(shape, names) if isinstance(shape, rdflib.URIRef) else "-",
            severity=_short(severity, names).removeprefix("sh:").lower()
            if severity is not None else "violation"))
    violations.sort(key=lambda v: (v.focus, v.path, v.message))
    return CheckResult(str(path), bool(conforms), len(data), violations)


def export_shapes(path: Path | None = None) -> dict[str, Any]:
    """`alskg export shapes`: regenerate the shapes from the ontology."""
    from kg.ontology.model import load_ontology

    return write_shapes(load_ontology(), path)
