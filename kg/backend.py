"""What every graph backend offers, and the logic built on it once for all backends, so
the embedded graph and Neo4j give the same answers by construction."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any, NamedTuple, Protocol, runtime_checkable

from kg.model import ALWAYS, CURATED_SOURCE, FINDING_FIELDS
from kg.problems import InputError, UnknownEntity
from kg.ranking import (
    POPULATIONS,
    Profile,
    hop_flags,
    hop_score,
    in_population,
    load_profile,
    structural_releases,
    study_type,
)

# When a name fits entities of several categories, prefer the one researchers usually mean.
CATEGORY_PREFERENCE = ["Gene", "Therapy", "Disease", "Mechanism", "BiologicalProcess",
                       "Biomarker", "ClinicalTrial", "Study", "Organization", "Variant",
                       "Phenotype", "Pathway", "Publication", "Finding"]


class Lookup(NamedTuple):
    """What a backend knows of a text given for an entity: the node with that id, and the
    nodes match_name gives for it (asked only when no id matched); and HGNC's genes of
    that name, where the backend reads them in the same round trip (else None: asked
    only when needed)."""
    node: dict[str, Any] | None
    matches: list[dict[str, Any]]
    genes: list[dict[str, str]] | None = None


class Backend(Protocol):
    name: str

    def node(self, node_id: str) -> dict[str, Any] | None: ...

    def nodes(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]: ...

    def edges_of(self, node_id: str) -> list[dict[str, Any]]: ...

    def contradicting(self, ids: Iterable[str]) -> dict[str, set[str]]:
        """For each of the findings `ids`, the findings with a `contradicts` link to it
        (findings contradicted by none are left out)."""
        ...

    def match_name(self, text: str) -> list[dict[str, Any]]:
        """Nodes whose name equals `text`, case-insensitively; when there are none, the
        nodes with `text` among their synonyms."""
        ...

    def all_names(self) -> list[str]: ...

    def suggest(self, text: str, n: int = 3) -> list[str]:
        """Names close to `text`, for "did you mean"."""
        ...

    def stats(self) -> dict[str, Any]: ...

    def run_query(self, query: Any, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of a canned query (kg.queries.Query) with bound parameters."""
        ...

    def path_candidates(self, a: str, b: str, max_hops: int,
                        via: list[str]) -> list[list[str]]:
        """Node-id sequences of simple paths from a to b (see kg.paths)."""
        ...

    def neighbours(self, ids: list[str]) -> dict[str, list[tuple[str, str]]]:
        """For each of `ids`, its entity neighbours a path may walk to, with their
        categories, sorted by id (kg.paths.category_candidates)."""
        ...

    def close(self) -> None: ...


# What a backend may offer besides Backend: each a capability it declares by having the
# method, tested with isinstance where it is used.

@runtime_checkable
class GeneNames(Protocol):
    """Keeps HGNC's names table (the embedded store; Neo4j holds only the graph's genes)."""

    def gene_names(self, text: str) -> list[dict[str, str]]: ...


@runtime_checkable
class BatchLookup(Protocol):
    """Answers lookups() for many texts in one round trip (Neo4j)."""

    def lookup(self, texts: list[str]) -> dict[str, Lookup]: ...


@runtime_checkable
class QueryPages(Protocol):
    """Gives one page of a canned query's rows and their count, or None where it cannot."""

    def run_query_page(self, query: Any, params: dict[str, Any], limit: int,
                       offset: int) -> tuple[list[dict[str, Any]], int] | None: ...


@runtime_checkable
class PathContext(Protocol):
    """Gives kg.paths.path_context's degrees and hop edges in one round trip (Neo4j)."""

    def path_context(self, inner: list[str], pairs: list[tuple[str, str]],
                     ) -> tuple[dict[str, int], list[dict[str, Any]]]: ...


def _gene_names(backend: Backend, text: str) -> list[dict[str, str]]:
    """HGNC's genes named `text`, where the backend keeps the names table (the embedded
    store does; Neo4j holds only the graph's genes, with their aliases as synonyms)."""
    return list(backend.gene_names(text)) if isinstance(backend, GeneNames) else []


def _candidates(names: list[dict[str, str]]) -> str:
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(n["hgnc"], f"{n['symbol']} ({n['hgnc']}, {n['full_name']}; "
                                   f"{n['kind']})")
    return "; ".join(seen[k] for k in sorted(seen, key=lambda h: seen[h]))


def _hgnc_aliases_give_way(matches: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """A gene found only through an HGNC alias or previous symbol gives way to any other
    entity of that name or synonym: HGNC keeps disease names such as ALS4 as aliases of
    their genes (SETX), and "ALS4" means the disease."""
    low = text.lower()

    def alias_only(m: dict[str, Any]) -> bool:
        aliases = m.get("properties", {}).get("hgnc_aliases") or []
        return (m["category"] == "Gene" and m["name"].lower() != low
                and low in {str(a).lower() for a in aliases})

    others = [m for m in matches if not alias_only(m)]
    return others if others and len(others) < len(matches) and \
        any(m["category"] != "Gene" for m in others) else matches


def lookups(backend: Backend, texts: list[str]) -> dict[str, Lookup]:
    """Each text's Lookup, in one round trip where the backend offers `lookup` (Neo4j);
    else as resolve asks for it, one question at a time."""
    if isinstance(backend, BatchLookup):
        return dict(backend.lookup(texts))
    out = {}
    for text in texts:
        node = backend.node(text)
        out[text] = Lookup(node, [] if node is not None else backend.match_name(text))
    return out


def resolve_node(backend: Backend, text: str,
                 found: Lookup | None = None) -> tuple[str, dict[str, Any]]:
    """resolve(), with the node it names (from `found`, a lookups() answer, when given)."""
    found = found or lookups(backend, [text])[text]
    if found.node is not None:
        return text, found.node
    if not found.matches:
        found = _as_typed(backend, text, found.genes) or found
        if found.node is not None:
            return found.node["id"], found.node
    node_id = _resolve(backend, text, found.matches, found.genes)
    node = next((m for m in found.matches if m["id"] == node_id), None) \
        or backend.node(node_id)
    assert node is not None, node_id  # _resolve only answers ids it found
    twin = curated_twin(backend, node)
    return (twin["id"], twin) if twin is not None else (node_id, node)


def _as_typed(backend: Backend, text: str,
              genes: list[dict[str, str]] | None) -> Lookup | None:
    """What a text that matched nothing as it was given may stand for (kg/names.py): an
    id written another way (`NCT04768972`, `PMID 123`, `602433`), else the nodes named by
    another spelling of it (`TDP43` for TDP-43); one more round trip for them all."""
    from kg.names import id_forms, spellings

    ids, spelled = id_forms(text), spellings(text)
    if not ids and not spelled:
        return None
    found = lookups(backend, ids + spelled)
    for i in ids:
        if found[i].node is not None:
            return Lookup(found[i].node, [])
    matches = {m["id"]: m for s in spelled for m in found[s].matches}
    return Lookup(None, [matches[k] for k in sorted(matches)], genes) if matches else None


def curated_twin(backend: Backend, node: dict[str, Any]) -> dict[str, Any] | None:
    """The curated entity of the same category that an imported `node` (a MONDO disease)
    names among its exact cross-references, when there is exactly one: a name resolves
    to it, since the findings hang on it (ALS4 is a MONDO synonym; the curated node is
    OMIM:602433). None for a curated node or one without such a twin."""
    if CURATED_SOURCE in node.get("sources", ()) or not node.get("xrefs"):
        return None
    twins = [n for n in backend.nodes(node["xrefs"]).values()
             if CURATED_SOURCE in n.get("sources", ()) and n["category"] == node["category"]]
    return twins[0] if len(twins) == 1 else None


def equivalents(backend: Backend, node: dict[str, Any]) -> list[dict[str, Any]]:
    """Other entities that stand for the same thing as `node`, each with its relation in
    words: those its exact cross-references name (both ways when they name it back), and
    those of its category with its very name but no cross-reference (the curated ALS and
    MONDO's). The graph keeps them apart: each carries its own edges."""
    out: dict[str, dict[str, Any]] = {}
    for x in sorted(backend.nodes(node.get("xrefs") or ()).values(), key=lambda n: n["id"]):
        if x["id"] == node["id"]:
            continue
        back = node["id"] in (x.get("xrefs") or ())
        out[x["id"]] = {**_equivalent(x), "relation": (
            f"exact cross-reference: {node['id']} and {x['id']} name each other" if back
            else f"exact cross-reference: {node['id']} names {x['id']}")}
    for x in backend.match_name(node["name"]):
        if x["id"] != node["id"] and x["id"] not in out and x["category"] == node["category"] \
                and x["name"].lower() == node["name"].lower():
            out[x["id"]] = {**_equivalent(x), "relation": (
                f"same name '{x['name']}', no cross-reference between them")}
    return [out[k] for k in sorted(out)]


def _equivalent(node: dict[str, Any]) -> dict[str, Any]:
    return {"id": node["id"], "name": node["name"], "category": node["category"],
            "sources": list(node.get("sources", ()))}


def resolve(backend: Backend, text: str) -> str:
    """An id, name or synonym to one node id; a clear error with suggestions otherwise.
    A gene alias that HGNC gives to several genes is not guessed: the error lists them."""
    return resolve_node(backend, text)[0]


def _resolve(backend: Backend, text: str, named: list[dict[str, Any]],
             hgnc: list[dict[str, str]] | None = None) -> str:
    matches = _hgnc_aliases_give_way(named, text)
    genes = [m for m in matches if m["category"] == "Gene"]
    by_name = any(m["name"].lower() == text.lower() for m in matches)
    if hgnc is None and ((genes and not by_name) or not matches):
        hgnc = _gene_names(backend, text)
    if genes and not by_name:
        names = hgnc or []
        symbols = {n["hgnc"] for n in names if n["kind"] == "symbol"}
        if len({n["hgnc"] for n in names}) > 1 and not symbols:
            others = "".join(f"; {m['name']} ({m['id']}, {m['category']})"
                             for m in matches if m["category"] != "Gene")
            raise InputError(f"'{text}' is an alias of several human genes: "
                             f"{_candidates(names)}{others}; name one by its symbol or id")
        if len({g["id"] for g in genes}) > 1:
            listed = "; ".join(f"{g['name']} ({g['id']})" for g in genes)
            raise InputError(f"'{text}' names several genes: {listed}; name one by its "
                             "symbol or id")
    if matches:
        rank = {c: i for i, c in enumerate(CATEGORY_PREFERENCE)}
        # within a category, the curated entity first: its findings hang on it (the
        # curated ALS node beside MONDO's)
        ranked = sorted(matches, key=lambda m: (rank.get(m["category"], 99),
                                                CURATED_SOURCE not in m.get("sources", []),
                                                m["id"]))
        return str(ranked[0]["id"])
    names = hgnc or []
    if names:
        hgnc_ids = {n["hgnc"] for n in names}
        exact = [n for n in names if n["kind"] == "symbol"]
        if len(hgnc_ids) > 1 and not exact:
            raise InputError(f"'{text}' is an alias of several human genes: "
                             f"{_candidates(names)}; name one by its symbol or id")
        n = exact[0] if exact else names[0]
        if n["gene"] and backend.node(n["gene"]) is not None:
            return n["gene"]
        close = backend.suggest(text)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        raise UnknownEntity(f"'{text}' is the human gene {n['symbol']} ({n['hgnc']}, "
                         f"{n['full_name']}{', ' + n['gene'] if n['gene'] else ''}), which "
                         f"has no edges in this graph{hint}")
    close = backend.suggest(text)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownEntity(f"no entity with id or name '{text}'{hint}")


def close_names(text: str, names: list[str], n: int = 3) -> list[str]:
    """Names that begin with `text` (shortest first: "ALS6" finds "ALS6, with or without
    frontotemporal dementia"), then the closest by difflib, exactly and ignoring case."""
    lowered_text = text.lower()
    starts = sorted((x for x in names if x.lower().startswith(lowered_text) and x != text),
                    key=lambda x: (len(x), x))[:n]
    close = difflib.get_close_matches(text, names, n=n, cutoff=0.6)
    if not close:
        lowered = {x.lower(): x for x in names}
        close = [lowered[x] for x in difflib.get_close_matches(lowered_text, list(lowered),
                                                                 n=n, cutoff=0.6)]
    return list(dict.fromkeys(starts + close))[:n]


# Predicates that link findings to their sources and to each other, not entities.
PROVENANCE_PREDICATES = frozenset({"cites", "reported_by", "supports", "contradicts"})

# Properties of a neighbour worth seeing next to the edge: a disease's onset, a trial's phase.
SUMMARY_KEYS = ("onset", "inheritance", "modality", "phase", "status", "min_age_years",
                "max_age_years", "kind", "roles")


def _brief(node: dict[str, Any] | None, node_id: str) -> dict[str, Any]:
    if node is None:
        return {"id": node_id, "name": node_id, "category": None}
    summary = {k: node["properties"][k] for k in SUMMARY_KEYS if k in node["properties"]}
    return {"id": node["id"], "name": node["name"], "category": node["category"],
            **({"summary": summary} if summary else {})}


def citation_label(node: dict[str, Any] | None) -> str:
    """"Deng 2011, Nature": first author, year and journal of a cited paper, as a reader
    recognises it (empty when the record has none of them)."""
    if node is None:
        return ""
    props = node["properties"]
    authors = props.get("authors") or []
    if isinstance(authors, str):  # PubMed's citation form, "Vance C, Rogelj B, ..."
        authors = [a for a in authors.split(", ") if a]
    first = str(authors[0]).rsplit(" ", 1)[0] if authors else ""
    if len(authors) > 1:
        first += " et al."
    head = " ".join(str(x) for x in (first, props.get("year") or "") if x)
    journal = str(props.get("journal") or "")
    return ", ".join(x for x in (head, journal) if x)


def citation_details(backend: Backend, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """For each cited id: the key of its paper (a DOI or PMC id of a paper whose PMID is
    cited too counts as that PMID), its kind of study (kg.ranking.study_type) and its
    label. One round trip for all of them."""
    wanted = sorted(set(ids))
    nodes = backend.nodes(wanted) if wanted else {}
    alias: dict[str, str] = {}
    for cid, node in nodes.items():
        props = node["properties"]
        for prefix, key in (("doi", "doi"), ("pmc", "pmc")):
            value = props.get(key)
            if value and cid.startswith("PMID:"):
                alias[f"{prefix}:{str(value).lower()}"] = cid
        for x in node.get("xrefs") or ():
            if cid.startswith("PMID:"):
                alias[str(x).lower()] = cid
    out = {}
    for cid in wanted:
        cited = nodes.get(cid)
        props = cited["properties"] if cited else {}
        out[cid] = {"id": cid, "key": alias.get(cid.lower(), cid),
                    "type": study_type(cid, props.get("publication_types")),
                    "label": citation_label(cited)}
    return out


# The fields FINDING_FIELDS marks `summary`: (name, what an absent one shows, how a value is
# shown, whether it is shown when absent); a quote is shown only where there is one.
_SUMMARY = tuple((f.name, f.default, list if f.is_list else bool if f.kind == "flag" else None,
                  f.stored == ALWAYS or f.kind == "flag")
                 for f in FINDING_FIELDS if f.summary)


def finding_summary(finding: dict[str, Any] | None, finding_id: str,
                    cites: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """A finding as answers show it; with `cites` (citation_details), each citation's
    paper, kind of study and label, and whose words the quote is."""
    if finding is None:
        return {"id": finding_id}
    props = finding.get("properties", {})
    out: dict[str, Any] = {"id": finding_id}
    for key, default, shape, always in _SUMMARY:
        if always:
            value = props.get(key, default)
            out[key] = value if shape is None else shape(value)
        elif props.get(key):
            out[key] = props[key]
    citations = out["citations"]
    if cites is not None:
        out["sources"] = [cites[c] for c in citations if c in cites]
        if props.get("quote"):
            papers = [c for c in citations if c.startswith("PMID:")] or citations
            out["quote_from"] = {"id": papers[0], "label": cites.get(papers[0], {}).get(
                "label", "")} if papers else {}
    return out


def summaries(backend: Backend, nodes: dict[str, dict[str, Any]],
              ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Finding summaries of `ids` (their nodes among `nodes`), with their citations'
    details read in one round trip."""
    ids = list(ids)
    cited = {c for f in ids if f in nodes
             for c in nodes[f]["properties"].get("citations", [])}
    cites = citation_details(backend, cited)
    return {f: finding_summary(nodes.get(f), f, cites) for f in ids}


def show(backend: Backend, text: str, population: str | None = None, strict: bool = False,
         profile: Profile | None = None) -> dict[str, Any]:
    """An entity, its edges, and the findings and citations behind each edge; each edge
    scored as a hop (kg/ranking.py), with the findings against it beside those for it."""
    if population is not None and population not in POPULATIONS:
        raise InputError(f"--population must be one of {', '.join(POPULATIONS)}")
    if strict and population is None:
        raise InputError("--strict needs --population")
    profile = profile or load_profile()
    node_id = resolve(backend, text)
    node = backend.node(node_id)
    assert node is not None
    edges = backend.edges_of(node_id)
    finding_ids = {f for e in edges for f in e["findings"]}
    contradicted_by = contradictions(backend, finding_ids)
    wanted = {e["object"] if e["subject"] == node_id else e["subject"] for e in edges}
    wanted |= finding_ids | {x for s in contradicted_by.values() for x in s}
    others = backend.nodes(wanted)
    found = summaries(backend, others, finding_ids | {x for s in contradicted_by.values()
                                                      for x in s})
    negated = [e for e in edges if e["properties"].get("negated")]
    rows = []
    for e in edges:
        outgoing = e["subject"] == node_id
        other = e["object"] if outgoing else e["subject"]
        support = [found[f] for f in e["findings"]]
        against = against_findings(sorted(e["findings"]), [e],
                                   [] if e["properties"].get("negated") else negated,
                                   contradicted_by, others, found)
        releases = structural_releases([e])
        row = {
            "id": e["id"],
            "direction": "out" if outgoing else "in",
            "predicate": e["predicate"],
            "other": _brief(others.get(other), other),
            "source": e["source"],
            "properties": e["properties"],
            "citations": list(e["citations"]),
            "findings": support,
            **{k: v for k, v in hop_score(profile, support, against, population,
                                          releases).items()
               if k != "publication_weights"},
            "flags": hop_flags(support, against, population, releases)
            + (["negated"] if e["properties"].get("negated") else []),
            "against": against,
        }
        if population is not None:
            row["population_evidence"] = {
                "population": population,
                "found": any(in_population(f.get("population", ""), population)
                             for f in support),
                "findings": [f["id"] for f in support
                             if in_population(f.get("population", ""), population)],
            }
        rows.append(row)
    if strict:
        rows = [r for r in rows if r["population_evidence"]["found"]]
    rows.sort(key=lambda r: (r["direction"], r["predicate"], r["other"]["id"], r["id"]))
    return {**node, "edges": rows, "population": population, "strict": strict,
            "weights": profile.to_dict(), "equivalents": equivalents(backend, node)}


def contradictions(backend: Backend, finding_ids: Iterable[str]) -> dict[str, set[str]]:
    """For each finding, the findings with a `contradicts` link to it."""
    return backend.contradicting(finding_ids)


def against_findings(support_ids: list[str], edges: list[dict[str, Any]],
                     negated_edges: list[dict[str, Any]], contradicted_by: dict[str, set[str]],
                     nodes: dict[str, dict[str, Any]],
                     found: dict[str, dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Findings against a hop: those contradicting one of its findings, and negated
    findings on the same statement as one of its edges; each says why it is listed."""
    statements = {(e["subject"], e["predicate"], e["object"]) for e in edges}
    why: dict[str, str] = {}
    targets: dict[str, list[str]] = {}
    for f in support_ids:
        for x in sorted(contradicted_by.get(f, ())):
            targets.setdefault(x, []).append(f)
    for x, fs in targets.items():
        why[x] = f"contradicts {', '.join(fs)}"
    for e in negated_edges:
        if (e["subject"], e["predicate"], e["object"]) in statements:
            for x in e["findings"]:
                why.setdefault(x, "negated: the source says this does not hold")
    found = found or {}
    return [{**(found.get(x) or finding_summary(nodes.get(x), x)), "why": why[x],
             "contradicts": targets.get(x, [])} for x in sorted(why)]


