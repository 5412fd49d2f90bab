"""Gather records from every source, link and check them, and build the graph.

Checks that need the whole graph (dangling references, duplicate ids, predicate domain
and range, deprecated terms) run here, after all loaders, so a curated finding can point
at a node that another loader provides.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from kg.model import CURATED_SOURCE, Edge, Node, edge_id
from kg.ontology.model import Ontology, Term
from kg.problems import Problem
from kg.workspace import WORKSPACE_SOURCE
from loaders.base import Checker, Linker, Source


@dataclass
class GraphData:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)


def _loc(record: Node | Edge, end: str | None = None) -> tuple[str, int]:
    if record.location is None:
        return ("<generated>", 0)
    loc = record.location
    return (loc.file, loc.line_of(end) if end else loc.line)


def _problem(record: Node | Edge, kind: str, message: str, level: str = "error",
             end: str | None = None) -> Problem:
    """A problem at `record`, or at the key naming its `end` when the file recorded it."""
    file, line = _loc(record, end)
    return Problem(file, line, "error" if level == "error" else "warning", kind, message)


def merge_node(data: GraphData, node: Node) -> None:
    old = data.nodes.get(node.id)
    if old is None:
        data.nodes[node.id] = node
        return
    if node.properties.get("auto") and not old.properties.get("auto"):
        # an automatic Publication for a citation never overrides a curated entry
        _union(old.sources, node.sources)
        return
    if old.properties.get("auto") and not node.properties.get("auto"):
        node.sources = _union(list(node.sources), old.sources)
        data.nodes[node.id] = node
        return
    same_source = bool(set(old.sources) & set(node.sources))
    # A finding is one claim from one source: two of them under one id (a workspace reusing
    # a shipped finding's id, say) would merge two statements' provenance into one node.
    finding = "Finding" in (old.category, node.category)
    if (same_source or finding) and not old.properties.get("auto"):
        data.problems.append(_problem(
            node, "duplicate-id",
            f"duplicate id {node.id} (first defined at {old.location})"))
        return
    if old.category != node.category and not node.properties.get("auto"):
        data.problems.append(_problem(
            node, "category-conflict",
            f"{node.id} is a {node.category} here but a {old.category} at {old.location}"))
        return
    # the same entity from two sources: one node that keeps both sources
    _union(old.synonyms, node.synonyms + ([node.name] if node.name != old.name else []))
    _union(old.xrefs, node.xrefs)
    _union(old.sources, node.sources)
    for key, value in node.properties.items():
        old.properties.setdefault(key, value)


def _union(target: list[str], extra: Iterable[str]) -> list[str]:
    for item in extra:
        if item not in target:
            target.append(item)
    return target


def merge_edge(data: GraphData, edge: Edge) -> None:
    old = data.edges.get(edge.id)
    if old is None:
        data.edges[edge.id] = edge
        return
    _union(old.findings, edge.findings)
    _union(old.citations, edge.citations)
    for key, value in edge.properties.items():
        if isinstance(value, list):
            old.properties[key] = sorted(set(old.properties.get(key, [])) | set(value))
        else:
            old.properties.setdefault(key, value)


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: building creates millions of small objects and
    no cycles, and the collector's repeated scans of them doubled build time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def gather(sources: Iterable[Source], ontology: Ontology,
           progress: Callable[[str], None] | None = None) -> GraphData:
    with no_gc():
        return _gather(sources, ontology, progress)


def _gather(sources: Iterable[Source], ontology: Ontology,
            progress: Callable[[str], None] | None) -> GraphData:
    data = GraphData()
    sources = list(sources)
    for source in sources:
        if progress:
            progress(f"reading {source.source_id}")
        records = 0
        for item in source.read(ontology):
            if isinstance(item, Problem):
                data.problems.append(item)
                continue
            records += 1
            if isinstance(item, Node):
                merge_node(data, item)
            else:
                merge_edge(data, item)
        if records:
            # a source that adds nothing to the graph (the retraction list, which only
            # checks citations) is no source of it: every backend and export agrees
            data.sources[source.source_id] = source.version
    # loaders that join their records to other loaders' (MONDO to HPO's OMIM diseases) or
    # check them against a list (retracted PMIDs) do so once everything is read
    for source in sources:
        if isinstance(source, Linker):
            for edge in source.link(data.nodes):
                merge_edge(data, edge)
        if isinstance(source, Checker):
            data.problems.extend(source.check(data.nodes))
    replace_deprecated(data, deprecated_terms(ontology))
    hints = Hints(data, sources)
    _check_edges(data, ontology, hints)
    _check_primary_sources(data)
    # a name written where an id belongs: say which id to write
    data.problems = [replace(p, message=p.message + hints.for_name(p.value))
                     if p.value and p.kind == "bad-id" else p for p in data.problems]
    return data


class Hints:
    """What to write instead of an id or name that names no node: the id of the entity
    whose name, synonym or cross-reference it is. The indexes are built on first use, so a
    build without such mistakes never pays for them."""

    #: entities named in one hint; a name shared by more is listed as "and N more"
    SHOWN = 3

    def __init__(self, data: GraphData, sources: list[Source]) -> None:
        self._data = data
        self._sources = sources
        self._names: dict[str, list[str]] | None = None
        self._xrefs: dict[str, list[str]] | None = None

    def _index(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        if self._names is None or self._xrefs is None:
            names: dict[str, list[str]] = {}
            xrefs: dict[str, list[str]] = {}
            for node in self._data.nodes.values():
                if node.category == "Finding" or node.properties.get("auto"):
                    continue
                for name in {node.name, *node.synonyms}:
                    names.setdefault(name.casefold(), []).append(node.id)
                for xref in node.xrefs:
                    xrefs.setdefault(xref, []).append(node.id)
            # genes the build does not link to are still named by HGNC's symbols
            for source in self._sources:
                gene_rows = getattr(source, "gene_rows", None)
                if gene_rows is None:
                    continue
                for hgnc, gene, symbol, _ in gene_rows():
                    if gene:
                        names.setdefault(symbol.casefold(), []).append(gene)
                        xrefs.setdefault(hgnc, []).append(gene)
            self._names, self._xrefs = names, xrefs
        return self._names, self._xrefs

    def _describe(self, ids: list[str]) -> str:
        unique = sorted(dict.fromkeys(ids))
        shown = []
        for i in unique[:self.SHOWN]:
            node = self._data.nodes.get(i)
            shown.append(f"{i} ({node.name}, a {node.category})" if node else i)
        more = len(unique) - self.SHOWN
        return " or ".join(shown) + (f" and {more} more" if more > 0 else "")

    def for_name(self, text: str) -> str:
        """"; did you mean NCBIGene:2521 (FUS, a Gene)?" for a name, or ""."""
        ids = self._index()[0].get(text.strip().casefold())
        return f"; did you mean {self._describe(ids)}?" if ids else ""

    def for_id(self, curie: str) -> str:
        """For an undefined id: the entity carrying it as a cross-reference, or the one
        whose name its local part is; else ""."""
        names, xrefs = self._index()
        owners = xrefs.get(curie)
        if owners:
            return (f"; it is a cross-reference of {self._describe(owners)}: write that id")
        return self.for_name(curie.split(":", 1)[-1]) if ":" in curie else ""


#: findings curators write: the shipped ones and a workspace's
CURATED_SOURCES = frozenset({CURATED_SOURCE, WORKSPACE_SOURCE})


def _check_primary_sources(data: GraphData) -> None:
    """A curated finding must cite a source a reader can check (kg.ranking.is_primary).
    No exemption, not even for an author statement (ECO:0000303) citing an uncited
    narrative: such a claim is a claim to check, and the warning says it rests on nothing a
    reader can check."""
    from kg.ranking import is_primary

    for node in data.nodes.values():
        if node.category != "Finding" or not node.sources or node.sources[0] not in \
                CURATED_SOURCES:
            continue
        cites = node.properties.get("citations") or []
        records = {c: data.nodes[c].properties if c in data.nodes else {} for c in cites}
        if any(is_primary(c, r.get("publication_types"), r.get("version"))
               for c, r in records.items()):
            continue
        data.problems.append(Problem(
            node.location.file if node.location else "", node.location.line
            if node.location else 0, "warning", "no-primary-source",
            f"finding {node.id} cites no primary source ({', '.join(cites) or 'nothing'}): "
            "cite a PMID, DOI or NCT number, or the release (with its version) that asserts "
            "it"))


def deprecated_terms(ontology: Ontology) -> dict[str, Term]:
    """The ontology's deprecated terms by id."""
    return {t.id: t for t in ontology.terms.values() if t.deprecated}


def _replace_ends(edge: Edge, deprecated: Mapping[str, Term]
                  ) -> tuple[Edge | None, list[Problem]]:
    """One edge with its deprecated ends replaced: the new edge (under the id of its new
    ends) if an end was replaced, else None; and the problems (a warning for each end
    replaced, an error for a deprecated end without a replacement)."""
    problems: list[Problem] = []
    changed = False
    for end in ("subject", "object"):
        term = deprecated.get(getattr(edge, end))
        if term is None:
            continue
        if term.replaced_by:
            problems.append(_problem(
                edge, "deprecated-term",
                f"{term.id} is deprecated; using its replacement {term.replaced_by}",
                level="warning", end=end))
            setattr(edge, end, term.replaced_by)
            changed = True
        else:
            consider = f" (consider {', '.join(term.consider)})" if term.consider else ""
            problems.append(_problem(
                edge, "deprecated-term",
                f"{term.id} is deprecated and has no replacement{consider}", end=end))
    if not changed:
        return None, problems
    # a negated edge keeps its own id scheme, so it never merges with the positive one
    negated = bool(edge.properties.get("negated"))
    return Edge(edge.subject, edge.predicate, edge.object, edge.source, edge.findings,
                edge.citations, edge.properties,
                id=edge_id(edge.subject, edge.predicate, edge.object, edge.source, negated),
                location=edge.location), problems


def replace_deprecated(data: GraphData, deprecated: Mapping[str, Term]) -> None:
    """Put in the replacement of every deprecated term (`deprecated_terms`) at the ends of
    data's edges, each edge then merged under the id of its new ends, and in its findings'
    statements; the problems go to data.problems. The streaming import
    (kg/neo4j/stream.py) calls it on each curated file's records."""
    if not deprecated:
        return
    for edge_key in list(data.edges):
        replaced, problems = _replace_ends(data.edges[edge_key], deprecated)
        data.problems.extend(problems)
        if replaced is not None:
            del data.edges[edge_key]
            merge_edge(data, replaced)
    # the findings' statements follow their edges to the replacement
    for node in data.nodes.values():
        if node.category != "Finding":
            continue
        for end in ("subject", "object"):
            term = deprecated.get(node.properties.get(end, ""))
            if term is not None and term.replaced_by:
                node.properties[end] = term.replaced_by


def check_edge(edge: Edge, subject_category: str | None, object_category: str | None,
               ontology: Ontology, hints: Hints | None = None) -> list[Problem]:
    """The checks an edge passes once every record is read: its predicate is known, and
    each end is defined (its category given, None if no node has its id) and in the
    predicate's domain or range. A missing end that is a deprecated term was reported as
    such when its edge's ends were replaced."""
    pred = ontology.predicates.get(edge.predicate)
    if pred is None:
        return [_problem(edge, "unknown-predicate", f"unknown predicate '{edge.predicate}'")]
    problems = []
    for end, allowed, category in (("subject", pred.domain, subject_category),
                                   ("object", pred.range, object_category)):
        node_id = getattr(edge, end)
        if category is None and node_id in ontology.terms and \
                ontology.terms[node_id].deprecated:
            continue  # already reported as deprecated-term
        if category is None:
            problems.append(_problem(
                edge, "dangling-reference",
                f"{end} {node_id} of '{edge.predicate}' is not defined anywhere"
                + (hints.for_id(node_id) if hints is not None else ""), end=end))
        elif not ontology.is_a(category, allowed):
            problems.append(_problem(
                edge, "domain-range",
                f"'{edge.predicate}' needs a {' or '.join(allowed)} as {end}, "
                f"but {node_id} is a {category}", end=end))
    return problems


def _check_edges(data: GraphData, ontology: Ontology, hints: Hints) -> None:
    nodes = data.nodes
    # the checks depend on nothing but the predicate and the ends' categories: a
    # combination that passed once passes again (not so with an end missing)
    fits: set[tuple[str, str, str]] = set()
    for edge in data.edges.values():
        subject, obj = nodes.get(edge.subject), nodes.get(edge.object)
        if subject is not None and obj is not None:
            key = (edge.predicate, subject.category, obj.category)
            if key in fits:
                continue
            problems = check_edge(edge, subject.category, obj.category, ontology)
            if not problems:
                fits.add(key)
        else:
            problems = check_edge(edge, subject.category if subject else None,
                                  obj.category if obj else None, ontology, hints)
        data.problems.extend(problems)
