"""`alskg import rdf`: an export read back into Node/Edge records and an embedded store.

Nodes are the resources typed with a category class; edges are the biolink:Association
resources (the direct triples and everything derived from the records - evidence,
knowledge level, agent type, nanopublications, the vocabulary - are not read). The records
go through the same whole-graph checks as `alskg build` (kg.build.gather) before the store
is written, so an import never leaves a graph that a build would refuse. Lists come back
sorted: RDF keeps sets, not order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from kg import limits
from kg.model import Edge, Location, Node
from kg.ontology.model import Ontology
from kg.problems import FileError, InputError
from kg.rdf import terms as rdf
from kg.rdf.terms import (
    BL_AGENT_TYPE,
    BL_ASSOCIATION,
    BL_EVIDENCE,
    BL_KNOWLEDGE_LEVEL,
    BL_NEGATED,
    BL_PRIMARY_SOURCE,
    BL_PROVIDED_BY,
    BL_PUBLICATIONS,
    BL_XREF,
    DATASET,
    DCTERMS_SOURCE,
    EDGE,
    FINDING_DEFAULTS,
    FINDING_LINKS,
    FINDING_TEXTS,
    IAO_DEFINITION,
    PAV_VERSION,
    PROV_ATTRIBUTED,
    PROV_DERIVED,
    PROV_GENERATED_AT,
    QUALIFIER,
    RDF_JSON,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_ALT_LABEL,
    SKOS_MATCHES,
    VOCAB,
    XSD_STRING,
    GraphMeta,
    IriMap,
    Lit,
    Term,
)

IMPORT_SOURCE = "alskg:rdf-import"
_NODE_SKIP = {RDF_TYPE, RDFS_LABEL, SKOS_ALT_LABEL, BL_XREF, BL_PROVIDED_BY}
_EDGE_SKIP = {RDF_TYPE, RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT, BL_PRIMARY_SOURCE,
              PROV_ATTRIBUTED, PROV_DERIVED, BL_PUBLICATIONS, BL_EVIDENCE, BL_KNOWLEDGE_LEVEL,
              BL_AGENT_TYPE}
_FINDING_LINKS = {iri: key for key, iri in FINDING_LINKS.items()}
_FINDING_TEXT = {iri: key for key, iri in FINDING_TEXTS.items()}


_OX_FORMATS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "xml": "RDF_XML",
               "trig": "TRIG", "nquads": "N_QUADS"}
_POSITION = re.compile(r"^Parser error (?:at|between) line (\d+)[^:]*: (.*?)(?: \(line \d+\))?$")


def read_triples(path: Path, fmt: str | None = None) -> Iterator[tuple[str, str, Term]]:
    """The triples of an RDF file (of every graph, for TriG and N-Quads).

    pyoxigraph parses in linear time, fetches nothing (a remote JSON-LD @context is an
    error) and expands no DTD entities; RDF/XML is first checked by expat for a DTD and
    for nesting, which pyoxigraph handles in quadratic time. Literals and IRIs are held
    to kg.limits."""
    name = rdf.format_for(path, fmt)
    shown = str(path)
    if not Path(path).exists():
        raise InputError(f"{path}: no such file")
    with limits.open_regular(Path(path), limits.RDF_FILE_BYTES, shown) as fh:
        if name == "xml":
            _check_xml(fh, shown)
        elif name == "jsonld":
            _check_json(fh, shown)
        # a UTF-8 byte-order mark, which editors on Windows write, is not RDF
        fh.seek(0)
        fh.seek(3 if fh.read(3) == b"\xef\xbb\xbf" else 0)
        try:
            for quad in ox.parse(fh, format=getattr(ox.RdfFormat, _OX_FORMATS[name])):
                yield _iri(quad.subject, shown), _iri(quad.predicate, shown), \
                    _term(quad.object, shown)
        except SyntaxError as exc:
            raise _syntax(exc, shown, name) from None
        except MemoryError:
            # pyoxigraph's reader refuses a term past its 16 MiB buffer this way
            raise FileError(shown, 1, "a term of more than 16 MiB; the limit for a literal "
                                      f"is {limits.RDF_LITERAL_CHARS:,} characters") from None
        except (OSError, ValueError) as exc:
            raise FileError(shown, 1, f"not readable as {name}: {exc}") from None


def _syntax(exc: SyntaxError, shown: str, name: str) -> FileError:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else "syntax error"
    if "LoadDocumentCallback" in text:
        return FileError(shown, 1, "the JSON-LD @context refers to another document; alskg "
                                   "loads nothing while reading a file (no remote or local "
                                   "contexts), so give the context inline")
    m = _POSITION.match(text)
    if m:
        return FileError(shown, int(m.group(1)), f"not readable as {name}: {m.group(2)}")
    return FileError(shown, 1, f"not readable as {name}: {text}")


def _term(term: Any, shown: str) -> Term:
    if isinstance(term, ox.Literal):
        value: str = term.value
        if len(value) > limits.RDF_LITERAL_CHARS:
            raise FileError(shown, 1, f"a literal of {len(value):,} characters; the limit "
                                      f"is {limits.RDF_LITERAL_CHARS:,}")
        bad = limits.CONTROL.search(value)
        if bad:
            raise FileError(shown, 1, f"a literal holds the control character "
                                      f"U+{ord(bad.group()):04X}; alskg text holds none")
        if term.language:
            return Lit(value)
        dt = term.datatype.value
        return Lit(value, None if dt == XSD_STRING else dt)
    return _iri(term, shown)


def _iri(term: Any, shown: str) -> str:
    if isinstance(term, ox.NamedNode):
        iri: str = term.value
        if len(iri) > limits.RDF_IRI_CHARS:
            raise FileError(shown, 1, f"an IRI of {len(iri):,} characters; the limit is "
                                      f"{limits.RDF_IRI_CHARS:,}")
        return iri
    if isinstance(term, ox.BlankNode):
        raise FileError(shown, 1, f"blank node _:{term.value} found; alskg exports use IRIs "
                                  "only")
    raise FileError(shown, 1, "an RDF-star quoted triple found; alskg exports have none")


def _check_json(fh: BinaryIO, shown: str) -> None:
    """Refuse JSON that is not JSON, or that nests past kg.limits.RDF_DEPTH: pyoxigraph's
    JSON-LD reader takes time and memory quadratic in the depth (2,000 levels: 800 MB)."""
    import json

    try:
        doc = json.loads(fh.read().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise FileError(shown, 1, f"not readable as jsonld: not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise FileError(shown, exc.lineno, f"not readable as jsonld: {exc.msg}") from None
    except RecursionError:
        raise FileError(shown, 1, f"JSON nested more than {limits.RDF_DEPTH} deep") from None
    finally:
        fh.seek(0)
    level: list[tuple[Any, int]] = [(doc, 1)]
    while level:  # with a stack, not recursion
        value, depth = level.pop()
        if depth > limits.RDF_DEPTH:
            raise FileError(shown, 1, f"JSON nested more than {limits.RDF_DEPTH} deep")
        if isinstance(value, dict):
            level.extend((v, depth + 1) for v in value.values() if isinstance(v, dict | list))
        elif isinstance(value, list):
            level.extend((v, depth + 1) for v in value if isinstance(v, dict | list))


def _check_xml(fh: BinaryIO, shown: str) -> None:
    """Refuse a DTD (entities are the XML bomb) and nesting past kg.limits.RDF_DEPTH."""
    import xml.parsers.expat

    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    depth = 0

    def refuse(message: str) -> None:
        raise FileError(shown, parser.CurrentLineNumber, message)

    def start(tag: str, attrs: Any) -> None:
        nonlocal depth
        depth += 1
        if depth > limits.RDF_DEPTH:
            refuse(f"XML elements nested more than {limits.RDF_DEPTH} deep")

    def end(tag: str) -> None:
        nonlocal depth
        depth -= 1

    def doctype(*_: Any) -> None:
        refuse("an XML DTD (<!DOCTYPE>); alskg reads RDF/XML without DTDs or entities")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = lambda *_: refuse("an XML entity declaration")
    parser.ExternalEntityRefHandler = lambda *_: refuse("an external XML entity")  # type: ignore[assignment]
    try:
        parser.ParseFile(fh)
    except xml.parsers.expat.ExpatError as exc:
        what = xml.parsers.expat.errors.messages[exc.code]
        raise FileError(shown, exc.lineno, f"not readable as xml: {what}") from None
    except LookupError as exc:  # expat looks up the encoding the declaration names
        raise FileError(shown, 1, f"not readable as xml: {exc}") from None


class _Reader:
    def __init__(self, ontology: Ontology, where: str) -> None:
        self.ont = ontology
        self.iris = IriMap(ontology)
        self.where = where
        self.classes = {VOCAB + c: c for c in ontology.categories}
        self.predicates = {VOCAB + p: p for p in ontology.predicates}

    def fail(self, subject: str, message: str) -> InputError:
        return InputError(f"{self.where}: <{subject}>: {message}")

    def curie(self, subject: str, term: Term, what: str) -> str:
        if isinstance(term, Lit):
            raise self.fail(subject, f"{what} is a literal, expected an IRI")
        curie = self.iris.contract(term)
        if curie is None:
            raise self.fail(subject, f"{what} <{term}> matches no prefix of the pinned "
                                     "prefix map")
        return curie

    def one(self, subject: str, po: dict[str, list[Term]], pred: str, what: str) -> Term:
        values = po.get(pred, [])
        if len(values) != 1:
            raise self.fail(subject, f"needs exactly one {what}, found {len(values)}")
        return values[0]

    def value(self, subject: str, objs: list[Term], is_list: bool, what: str) -> Any:
        lits: list[Lit] = []
        for o in objs:
            if not isinstance(o, Lit):
                raise self.fail(subject, f"{what} is the IRI <{o}>, expected a literal")
            lits.append(o)
        if len(lits) == 1 and lits[0].datatype == RDF_JSON:
            return rdf.python_value(lits[0])
        if is_list:
            return sorted((rdf.python_value(x) for x in lits), key=_sort_key)
        if len(lits) != 1:
            raise self.fail(subject, f"{what} has {len(lits)} values, expected one")
        return rdf.python_value(lits[0])

    # nodes

    def node(self, s: str, po: dict[str, list[Term]]) -> Node:
        nid = self.curie(s, s, "node")
        cats = sorted({self.classes[t] for t in po.get(RDF_TYPE, []) if t in self.classes})
        if len(cats) != 1:
            raise self.fail(s, f"needs exactly one alskg category, found {len(cats)}")
        category = cats[0]
        name = self.one(s, po, RDFS_LABEL, "rdfs:label")
        if not isinstance(name, Lit):
            raise self.fail(s, "rdfs:label is not a literal")
        props: dict[str, Any] = {}
        quals: dict[str, Any] = {}
        mappings: list[str] = []
        finding = category == "Finding"
        for p, objs in po.items():
            if p in _NODE_SKIP or p in self.predicates:
                continue
            if finding and p in _FINDING_LINKS and all(isinstance(o, str) for o in objs):
                props[_FINDING_LINKS[p]] = self.curie(s, self.one(s, po, p, p), p)
            elif finding and p == RDF_PREDICATE:
                pred = self.one(s, po, p, "rdf:predicate")
                if not isinstance(pred, str) or pred not in self.predicates:
                    raise self.fail(s, f"rdf:predicate {pred!r} is not an alskg predicate")
                props["predicate"] = self.predicates[pred]
            elif finding and p == BL_PUBLICATIONS:
                props["citations"] = sorted(self.curie(s, o, "citation") for o in objs)
            elif finding and p in _FINDING_TEXT:
                props[_FINDING_TEXT[p]] = self.value(s, objs, False, p)
            elif finding and p == BL_NEGATED:
                props["negated"] = self.value(s, objs, False, p)
            elif finding and p.startswith(QUALIFIER) and p[len(QUALIFIER):] in self.ont.qualifiers:
                key = p[len(QUALIFIER):]
                quals[key] = self.value(s, objs, self.ont.qualifiers[key].is_list, p)
            elif p == IAO_DEFINITION:
                props["definition"] = self.value(s, objs, False, "definition")
            elif p in SKOS_MATCHES:
                mappings += [self.curie(s, o, "mapping") for o in objs]
            elif p.startswith(VOCAB) and "/" not in p[len(VOCAB):]:
                key = p[len(VOCAB):]
                spec = self.ont.properties.get(key)
                props[key] = self.value(s, objs, bool(spec and spec.is_list), key)
            else:
                raise self.fail(s, f"property <{p}> is not part of the alskg export format")
        if mappings:
            props["mappings"] = sorted(set(mappings))
        if quals:
            props["qualifiers"] = quals
        if finding:
            for key, default in FINDING_DEFAULTS.items():
                props.setdefault(key, list(default) if isinstance(default, list) else default)
        return Node(
            id=nid, category=category, name=name.lexical,
            synonyms=sorted(self.value(s, po.get(SKOS_ALT_LABEL, []), True, "skos:altLabel")),
            xrefs=sorted(self.curie(s, o, "xref") for o in po.get(BL_XREF, [])),
            properties=props,
            sources=sorted(self.curie(s, o, "source") for o in po.get(BL_PROVIDED_BY, [])),
            location=Location(self.where, 0))

    # edges

    def edge(self, a: str, po: dict[str, list[Term]]) -> Edge:
        if not a.startswith(EDGE) or not rdf.EDGE_ID.match(a[len(EDGE):]):
            raise self.fail(a, f"an association's IRI must be {EDGE}<edge id>")
        pred = self.one(a, po, RDF_PREDICATE, "rdf:predicate")
        if not isinstance(pred, str) or pred not in self.predicates:
            raise self.fail(a, f"rdf:predicate {pred!r} is not an alskg predicate")
        props: dict[str, Any] = {}
        for p, objs in po.items():
            if p in _EDGE_SKIP:
                continue
            if p == BL_NEGATED:
                props["negated"] = self.value(a, objs, False, p)
            elif p.startswith(QUALIFIER) and "/" not in p[len(QUALIFIER):]:
                props[p[len(QUALIFIER):]] = self.value(a, objs, True, p)
            elif p.startswith(VOCAB) and "/" not in p[len(VOCAB):]:
                props[p[len(VOCAB):]] = self.value(a, objs, True, p)
            else:
                raise self.fail(a, f"property <{p}> is not part of the alskg export format")
        return Edge(
            id=a[len(EDGE):],
            subject=self.curie(a, self.one(a, po, RDF_SUBJECT, "rdf:subject"), "rdf:subject"),
            predicate=self.predicates[pred],
            object=self.curie(a, self.one(a, po, RDF_OBJECT, "rdf:object"), "rdf:object"),
            source=self.curie(a, self.one(a, po, BL_PRIMARY_SOURCE,
                                          "biolink:primary_knowledge_source"), "source"),
            findings=sorted(self.curie(a, o, "finding") for o in po.get(PROV_DERIVED, [])),
            citations=sorted(self.curie(a, o, "citation") for o in po.get(BL_PUBLICATIONS, [])),
            properties=props, location=Location(self.where, 0))

    def meta(self, index: dict[str, dict[str, list[Term]]]) -> GraphMeta:
        po = index.get(DATASET, {})
        built = po.get(PROV_GENERATED_AT, [])
        sources: dict[str, str] = {}
        for src in po.get(DCTERMS_SOURCE, []):
            if isinstance(src, str):
                versions = index.get(src, {}).get(PAV_VERSION, [])
                sources[self.curie(DATASET, src, "source")] = \
                    versions[0].lexical if versions and isinstance(versions[0], Lit) else ""
        return GraphMeta(built_at=built[0].lexical if built and isinstance(built[0], Lit)
                         else None, sources=sources)


def _sort_key(value: Any) -> tuple[str, Any]:
    return (type(value).__name__, value)


def records(triples: Iterable[tuple[str, str, Term]], ontology: Ontology,
            where: str = "<rdf>") -> tuple[list[Node], list[Edge], GraphMeta]:
    """Node and Edge records, and the graph's metadata, from the triples of an export."""
    index: dict[str, dict[str, list[Term]]] = {}
    count = 0
    for s, p, o in triples:
        count += 1
        objs = index.setdefault(s, {}).setdefault(p, [])
        if o not in objs:
            objs.append(o)
    reader = _Reader(ontology, where)
    nodes, edges = [], []
    for s, po in index.items():
        types = po.get(RDF_TYPE, [])
        if BL_ASSOCIATION in types:
            edges.append(reader.edge(s, po))
        elif any(t in reader.classes for t in types):
            nodes.append(reader.node(s, po))
    if not nodes and not edges:
        raise InputError(f"{where}: {_found(index, count)}, none of them an alskg node or "
                         "association; is this an 'alskg export rdf' file?")
    return nodes, edges, reader.meta(index)


def _found(index: dict[str, dict[str, list[Term]]], count: int) -> str:
    """What a file holds instead of alskg records, in a few words."""
    if not count:
        return "no triples"
    predicates: dict[str, int] = {}
    for po in index.values():
        for p, objs in po.items():
            predicates[p] = predicates.get(p, 0) + len(objs)
    top = sorted(predicates.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    shown = ", ".join(f"<{p[:80]}>" for p, _ in top)
    return (f"{count:,} triple{'s' if count != 1 else ''} about {len(index):,} "
            f"subject{'s' if len(index) != 1 else ''} (most used: {shown})")


class _RecordSource:
    source_id = IMPORT_SOURCE
    version = ""

    def __init__(self, nodes: list[Node], edges: list[Edge]) -> None:
        self.nodes = nodes
        self.edges = edges

    def read(self, ontology: Ontology) -> Iterator[Node | Edge]:
        yield from self.nodes
        yield from self.edges


def import_rdf(path: Path, fmt: str | None = None,
               store_path: Path | None = None) -> dict[str, Any]:
    """Read an export into records, check them as a build does, write an embedded store."""
    from kg.build import gather
    from kg.ontology.model import load_ontology
    from kg.problems import has_errors, render_text
    from kg.store import db
    from kg.workspace import default_store

    target = store_path or default_store()
    db.check_target(target)
    ontology = load_ontology()
    nodes, edges, meta = records(read_triples(path, fmt), ontology, where=str(path))
    data = gather([_RecordSource(nodes, edges)], ontology)
    if has_errors(data.problems):
        raise InputError(f"{path}: the imported graph does not validate; nothing was "
                         "written\n" + render_text(data.problems))
    data.sources = dict(meta.sources) or {s: "" for s in sorted(
        {src for n in nodes for src in n.sources} | {e.source for e in edges})}
    # the HGNC names table (every human gene's symbols, for `show APOE`) is no part of an
    # export: the release the export names is read again when it is at hand
    from loaders.hgnc import HGNC_SOURCE
    from loaders.public import hgnc_release

    hgnc = hgnc_release(data.sources.get(HGNC_SOURCE))
    counts = db.write(data, ontology, target, built_at=meta.built_at, hgnc=hgnc)
    return {"store": str(target), "nodes": counts["nodes"], "edges": counts["edges"],
            "problems": len(data.problems), "hgnc_names": hgnc is not None}
