"""The canned queries on the embedded graph: Python twins of queries/*.cypher.

Each function answers what its .cypher file answers, row for row; the parity test runs
both on the same data. Rows are put in canonical form by kg.queries, so neither side has
to sort.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from kg.model import FINDING_FIELDS
from kg.queries import Keys, key_order
from kg.store.db import Store

Row = dict[str, Any]
Params = dict[str, Any]
SEED_ARTICLE = "alskg:seed-article"
PEDIATRIC_ONSETS = ("HP:0003621", "HP:0011463", "HP:0410280")
_LISTED = tuple(f.name for f in FINDING_FIELDS if f.listed)


class View:
    """Small helpers over the store, in the terms the Cypher uses. Records read once are
    kept for the rest of the query."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lineage = {c: frozenset(up) for c, up in store.labels.items()}
        self.cache: dict[str, dict[str, Any] | None] = {}
        # a hub (a therapy tested by a thousand trials) is asked for its edges again and again
        self.pair_cache: dict[tuple[str, str, str],
                              list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        self.node_cache: dict[tuple[str, str, str], list[dict[str, Any]]] = {}

    def node(self, node_id: str) -> dict[str, Any] | None:
        if node_id not in self.cache:
            self.cache[node_id] = self.store.nodes_by_id([node_id]).get(node_id)
        return self.cache[node_id]

    def need(self, node_id: str) -> dict[str, Any]:
        node = self.node(node_id)
        assert node is not None, node_id
        return node

    def prefetch(self, ids: Iterable[str]) -> None:
        missing = [i for i in set(ids) if i not in self.cache]
        if missing:
            found = self.store.nodes_by_id(missing)
            for i in missing:
                self.cache[i] = found.get(i)

    def _many(self, ids: list[str]) -> list[dict[str, Any]]:
        self.prefetch(ids)
        return [self.need(i) for i in ids]

    def prop(self, node: dict[str, Any] | None, key: str) -> Any:
        if node is None:
            return None
        if key in ("id", "name", "category"):
            return node[key]
        return node["properties"].get(key)

    def is_a(self, node: dict[str, Any], category: str) -> bool:
        up = self.lineage.get(node["category"])
        return category in up if up is not None else category == node["category"]

    # Negated edges ("no such biomarker exists") are skipped, as the Cypher twins skip
    # them with `WHERE r.negated IS NULL`; only `evidence` reports them.
    def _pairs(self, edges: list[dict[str, Any]],
               end: str) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
        others = self._many([e[end] for e in edges])
        yield from zip(edges, others, strict=True)

    def _linked(self, end: str, node_id: str,
                predicate: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        key = (end, node_id, predicate)
        if key not in self.pair_cache:
            edges = self.store.edges(f"WHERE {end} = ? AND predicate = ? AND negated = 0",
                                     (node_id, predicate))
            other = "object" if end == "subject" else "subject"
            self.pair_cache[key] = list(self._pairs(edges, other))
        return self.pair_cache[key]

    def out_nodes(self, node_id: str, predicate: str, category: str) -> list[dict[str, Any]]:
        """The objects of a category of a node's edges of one predicate, without reading
        the edges' records (a hub therapy targets thousands of genes)."""
        key = (category, node_id, predicate)
        if key not in self.node_cache:
            ids = [r[0] for r in self.store.rows(
                "SELECT object FROM edges WHERE subject = ? AND predicate = ? AND negated = 0",
                (node_id, predicate))]
            self.node_cache[key] = [n for n in self._many(ids) if self.is_a(n, category)]
        return self.node_cache[key]

    def out(self, node_id: str, predicate: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        return self._linked("subject", node_id, predicate)

    def inc(self, node_id: str, predicate: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        return self._linked("object", node_id, predicate)

    def with_predicate(self, predicate: str) -> list[dict[str, Any]]:
        """Every non-negated edge of one predicate, for listings over the whole graph."""
        return self.store.edges("WHERE predicate = ? AND negated = 0 "
                                  "ORDER BY id", (predicate,))

    def between(self, a: str, b: str) -> list[dict[str, Any]]:
        return self.store.edges("WHERE subject = ? AND object = ? "
                                  "ORDER BY id", (a, b))

    def by_category(self, category: str,
                    only: list[str] | None = None) -> Iterator[dict[str, Any]]:
        """Nodes of a category (or below it); of those, only the ids in `only` if given."""
        cats = self.store.categories_under(category)
        marks = ",".join("?" * len(cats))
        if only is not None:
            self.prefetch(only)
            found = [self.cache[i] for i in only]
            yield from (n for n in found if n is not None and n["category"] in cats)
            return
        for node in self.store.nodes(f"WHERE category IN ({marks}) "
                                       "ORDER BY id", cats):
            self.cache[node["id"]] = node
            yield node

    def findings(self, edge: dict[str, Any]) -> Iterator[dict[str, Any]]:
        self.prefetch(edge["findings"])
        for fid in edge["findings"]:
            node = self.node(fid)
            if node is not None and node["category"] == "Finding":
                yield node

    def populations(self, finding_ids: Iterable[str]) -> dict[str, str | None]:
        """finding id -> its population, from the findings table (no record read)."""
        wanted = sorted(set(finding_ids))
        out: dict[str, str | None] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            out.update(self.store.rows(f"SELECT id, population FROM findings WHERE id IN "
                                       f"({','.join('?' * len(chunk))})", chunk))
        return out

    def finding_cols(self, f: dict[str, Any]) -> Row:
        """The finding columns of a listing's rows: the fields FINDING_FIELDS marks `listed`."""
        p = f["properties"]
        return {"finding_id": f["id"], **{key: p.get(key) for key in _LISTED}}


def therapies_for_gene(v: View, p: Params) -> list[Row]:
    rows = []
    for t, th in v.inc(p["gene"], "targets"):
        if not v.is_a(th, "Therapy"):
            continue
        trials: list[tuple[dict[str, Any] | None, dict[str, Any] | None]] = [
            (te, tr) for te, tr in v.inc(th["id"], "tests") if v.is_a(tr, "ClinicalTrial")]
        for te, tr in trials or [(None, None)]:
            sponsors = [o["name"] for _, o in v.inc(tr["id"], "sponsors")
                        if v.is_a(o, "Organization")] if tr else []
            rows.append({
                "therapy_id": th["id"], "therapy": th["name"],
                "modality": v.prop(th, "modality"),
                "trial_id": v.prop(tr, "id"), "trial": v.prop(tr, "name"),
                "phase": v.prop(tr, "phase"), "status": v.prop(tr, "status"),
                "sponsors": sponsors, "min_age_years": v.prop(tr, "min_age_years"),
                "max_age_years": v.prop(tr, "max_age_years"),
                "citations": t["citations"] + (te["citations"] if te else []),
            })
    return rows


HIERARCHY = ("part_of", "subclass_of")


def _closure(v: View, start: str, down: bool) -> set[str]:
    """`start` and everything under it (down) or above it, over part_of and subclass_of:
    the Cypher's `-[:PART_OF|SUBCLASS_OF]->{0,}`."""
    seen = {start}
    frontier = [start]
    while frontier:
        nxt = []
        for node_id in frontier:
            for predicate in HIERARCHY:
                pairs = v.inc(node_id, predicate) if down else v.out(node_id, predicate)
                for _, other in pairs:
                    if other["id"] not in seen:
                        seen.add(other["id"])
                        nxt.append(other["id"])
        frontier = nxt
    return seen


def _link_cols(v: View, r: dict[str, Any], f: dict[str, Any]) -> Row:
    """The finding's columns, the edge's source (curated or a public release) and the
    release the finding came from."""
    return {**v.finding_cols(f), "source": r["source"],
            "release": f["properties"].get("release")}


def mechanisms_for_gene(v: View, p: Params) -> list[Row]:
    rows = []
    for r, m in v.out(p["gene"], "involved_in"):
        part_of = [parent["name"] for _, parent in v.out(m["id"], "part_of")]
        up = _closure(v, m["id"], down=False)
        v.prefetch(up)
        mechanisms = [n["name"] for n in (v.node(i) for i in up)
                      if n is not None and v.is_a(n, "Mechanism")]
        for f in v.findings(r):
            rows.append({"mechanism_id": m["id"], "mechanism": m["name"],
                         "category": m["category"], "part_of": part_of,
                         "mechanisms": mechanisms, **_link_cols(v, r, f)})
    return rows


def genes_for_mechanism(v: View, p: Params) -> list[Row]:
    rows = []
    for x_id in _closure(v, p["mechanism"], down=True):
        x = v.need(x_id)
        for r, g in v.inc(x_id, "involved_in"):
            if not v.is_a(g, "Gene"):
                continue
            for f in v.findings(r):
                rows.append({"gene_id": g["id"], "gene": g["name"], "via_id": x["id"],
                             "via": x["name"], **_link_cols(v, r, f)})
    return rows


def evidence(v: View, p: Params) -> list[Row]:
    a, b = p["subject"], p["object"]
    na, nb = v.node(a), v.node(b)
    if na is None or nb is None or "Finding" in (na["category"], nb["category"]):
        return []
    edges = [(d, "forward") for d in v.between(a, b)]
    edges += [(d, "reverse") for d in v.between(b, a)] if a != b else []
    def linked(fid: str, predicate: str, outgoing: bool) -> list[str]:
        pairs = v.out(fid, predicate) if outgoing else v.inc(fid, predicate)
        return [x["id"] for _, x in pairs if x["category"] == "Finding"]

    rows = []
    for r, direction in edges:
        negated = bool(r["properties"].get("negated", False))
        # the edge's own findings, then those contradicting one of them: both sides
        sides = [(f, "against" if negated else "for") for f in v.findings(r)]
        if not negated:
            sides += [(x, "against") for f, _ in list(sides)
                      for _, x in v.inc(f["id"], "contradicts") if x["category"] == "Finding"]
        for f, side in sides:
            fid = f["id"]
            rows.append({
                "predicate": r["predicate"], "direction": direction, "negated": negated,
                **v.finding_cols(f), "study": f["properties"].get("study"),
                "quote": f["properties"].get("quote"),
                "supports": linked(fid, "supports", True),
                "contradicts": linked(fid, "contradicts", True),
                "supported_by": linked(fid, "supports", False),
                "contradicted_by": linked(fid, "contradicts", False),
                "side": side,
            })
    return rows


def pediatric_genes(v: View, p: Params, only: list[str] | None = None) -> list[Row]:
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    edges = v.with_predicate("genetic_basis_for") if only is None else \
        [e for g in only for e, _ in v.out(g, "genetic_basis_for")]
    v.prefetch({e[end] for e in edges for end in ("subject", "object")})
    for r in edges:
        g, d = v.need(r["subject"]), v.need(r["object"])
        if v.is_a(g, "Gene") and v.is_a(d, "Disease"):
            pairs.setdefault((g["id"], d["id"]), []).append(r)
    # findings of other categories are not in the table, as v.findings() skips them
    population = v.populations(f for rels in pairs.values() for r in rels for f in r["findings"])
    rows = []
    for (gid, did), rels in pairs.items():
        onsets = [o for _, o in v.out(did, "has_onset") if v.is_a(o, "Phenotype")]
        young_onset = any(o["id"] in PEDIATRIC_ONSETS for o in onsets)
        young_finding = any(population.get(f) in ("pediatric", "juvenile")
                            for r in rels for f in r["findings"])
        if not (young_onset or young_finding):
            continue
        rows.append({
            "gene_id": gid, "gene": v.need(gid)["name"], "disease_id": did,
            "disease": v.need(did)["name"], "onset": [o["name"] for o in onsets],
            "inheritance": [i["name"] for _, i in v.out(did, "has_inheritance")
                            if v.is_a(i, "Phenotype")],
            "sources": [r["source"] for r in rels],
            "citations": [c for r in rels for c in r["citations"]],
        })
    return rows


UNKNOWN = "unknown"


def trial_ages(props: dict[str, Any]) -> str:
    """Whether a trial admits children, from its minimum age: unknown where none is
    recorded (nothing is guessed)."""
    low = props.get("min_age_years")
    if low is None:
        return UNKNOWN
    return "admits children" if low < 18 else "adults only"


def _trial_passes(props: dict[str, Any], p: Params) -> bool:
    """The filters on a trial's own properties: phase, status, admits children (known to
    or not: an unknown minimum age passes neither), ages known or not."""
    if p.get("phase") is not None and props.get("phase") != p["phase"]:
        return False
    if p.get("status") is not None and props.get("status") != p["status"]:
        return False
    ages = trial_ages(props)
    if p.get("pediatric") is not None and \
            ages != ("admits children" if p["pediatric"] else "adults only"):
        return False
    if p.get("ages") is not None and (ages == UNKNOWN) != (p["ages"] == UNKNOWN):
        return False
    return True


def trials(v: View, p: Params, only: list[str] | None = None) -> list[Row]:
    rows = []
    for tr in v.by_category("ClinicalTrial", only):
        props = tr["properties"]
        if not _trial_passes(props, p):
            continue
        tests = [(te, th) for te, th in v.out(tr["id"], "tests") if v.is_a(th, "Therapy")]
        genes = [g for _, th in tests for g in v.out_nodes(th["id"], "targets", "Gene")]
        sponsors = [(sp, o) for sp, o in v.inc(tr["id"], "sponsors")
                    if v.is_a(o, "Organization")]
        if p.get("therapy") is not None and p["therapy"] not in [th["id"] for _, th in tests]:
            continue
        if p.get("gene") is not None and p["gene"] not in [g["id"] for g in genes]:
            continue
        rows.append({
            "trial_id": tr["id"], "trial": tr["name"],
            **{k: UNKNOWN if props.get(k) is None else props[k]
               for k in ("phase", "status", "min_age_years", "max_age_years")},
            "ages": trial_ages(props),
            "therapies": [th["name"] for _, th in tests], "genes": [g["name"] for g in genes],
            "sponsors": [o["name"] for _, o in sponsors],
            "citations": [c for e, _ in tests + sponsors for c in e["citations"]],
        })
    return rows


def biomarkers(v: View, p: Params, only: list[str] | None = None) -> list[Row]:
    rows = []
    for b in v.by_category("Biomarker", only):
        bid = b["id"]
        bf = [(e, d) for e, d in v.out(bid, "biomarker_for") if v.is_a(d, "Disease")]
        po = [(e, g) for e, g in v.out(bid, "product_of") if v.is_a(g, "Gene")]
        lo = [(e, t) for e, t in v.inc(bid, "lowers") if v.is_a(t, "Therapy")]
        me = [(e, s) for e, s in v.inc(bid, "measures") if v.is_a(s, "Study")]
        if p.get("therapy") is not None and p["therapy"] not in [t["id"] for _, t in lo]:
            continue
        if p.get("gene") is not None and p["gene"] not in [g["id"] for _, g in po]:
            continue
        if p.get("disease") is not None and p["disease"] not in [d["id"] for _, d in bf]:
            continue
        edges = [e for e, _ in bf + po + lo + me]
        roles = list(b["properties"].get("roles") or [])
        roles += [r for e, _ in bf + lo + me for r in e["properties"].get("role", [])]
        rows.append({
            "biomarker_id": bid, "biomarker": b["name"], "roles": roles,
            "diseases": [d["name"] for _, d in bf], "genes": [g["name"] for _, g in po],
            "therapies": [t["name"] for _, t in lo], "studies": [s["name"] for _, s in me],
            "citations": [c for e in edges for c in e["citations"]],
        })
    return rows


def _involvement(v: View, gene: str) -> dict[str, list[dict[str, Any]]]:
    """mechanism id -> INVOLVED_IN edges that reach it directly or through a part."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r, x in v.out(gene, "involved_in"):
        targets = {x["id"]} | {m["id"] for _, m in v.out(x["id"], "part_of")}
        for m in targets:
            out.setdefault(m, []).append(r)
    return out


def shared_mechanisms(v: View, p: Params) -> list[Row]:
    a, b = _involvement(v, p["gene_a"]), _involvement(v, p["gene_b"])
    rows = []
    for mid in set(a) & set(b):
        m = v.need(mid)
        rows.append({
            "mechanism_id": mid, "mechanism": m["name"], "category": m["category"],
            "findings_a": [f for r in a[mid] for f in r["findings"]],
            "findings_b": [f for r in b[mid] for f in r["findings"]],
            "citations": [c for r in a[mid] + b[mid] for c in r["citations"]],
        })
    return rows


def conflicting_findings(v: View, p: Params) -> list[Row]:
    rows = []
    edges = v.with_predicate("contradicts")
    v.prefetch({e[end] for e in edges for end in ("subject", "object")})
    for e in edges:
        f, g = v.need(e["subject"]), v.need(e["object"])
        if f["category"] != "Finding" or g["category"] != "Finding":
            continue
        rows.append({
            "finding_id": f["id"], "statement": f["properties"].get("statement"),
            "citations": f["properties"].get("citations"),
            "contradicts_id": g["id"],
            "contradicts_statement": g["properties"].get("statement"),
            "contradicts_citations": g["properties"].get("citations"),
            "evidence": f["properties"].get("evidence"),
            "population": f["properties"].get("population"),
            "contradicts_evidence": g["properties"].get("evidence"),
            "contradicts_population": g["properties"].get("population"),
        })
    return rows


def findings_from_source(v: View, p: Params) -> list[Row]:
    rows = []
    for _, f in v.inc(p["citation"], "cites"):
        if f["category"] != "Finding":
            continue
        props = f["properties"]
        rows.append({
            "finding_id": f["id"], "statement": props.get("statement"),
            "subject": v.prop(v.node(props.get("subject", "")), "name"),
            "predicate": props.get("predicate"),
            "object": v.prop(v.node(props.get("object", "")), "name"),
            "evidence": props.get("evidence"), "population": props.get("population"),
            "model_system": props.get("model_system"),
        })
    return rows


def seed_claims(v: View, p: Params) -> list[Row]:
    rows = []
    for _, c in v.inc(p["source"] or SEED_ARTICLE, "cites"):
        if c["category"] != "Finding":
            continue
        sup = [f["id"] for _, f in v.inc(c["id"], "supports") if f["category"] == "Finding"]
        con = [f["id"] for _, f in v.inc(c["id"], "contradicts") if f["category"] == "Finding"]
        rows.append({
            "claim_id": c["id"], "claim": c["properties"].get("statement"),
            "verdict": "contested" if con else "supported" if sup
            else "no primary evidence found",
            "supported_by": sup, "contradicted_by": con,
            "population": c["properties"].get("population"),
        })
    return rows


def publications(v: View, p: Params) -> list[Row]:
    rows = []
    for pub in v.by_category("Publication"):
        n = sum(1 for _, f in v.inc(pub["id"], "cites") if f["category"] == "Finding")
        if not n:
            continue
        props = pub["properties"]
        rows.append({
            "publication_id": pub["id"], "title": props.get("title") or pub["name"],
            "first_author": str(props["authors"]).split(", ")[0] if props.get("authors")
            else None, "year": props.get("year"),
            "journal": props.get("journal"), "doi": props.get("doi"), "pmc": props.get("pmc"),
            "publication_types": props.get("publication_types") or [], "findings": n,
        })
    return rows


def studies_by_organization(v: View, p: Params) -> list[Row]:
    rows = []
    for sp, s in v.out(p["organization"], "sponsors"):
        if not v.is_a(s, "Study"):
            continue
        props = s["properties"]
        rows.append({
            "study_id": s["id"], "study": s["name"], "category": s["category"],
            "kind": props.get("study_kind"), "phase": props.get("phase"),
            "status": props.get("status"),
            "therapies": [t["name"] for _, t in v.out(s["id"], "tests") if v.is_a(t, "Therapy")],
            "citations": sp["citations"],
        })
    return rows


# -- pages of whole-graph listings ---------------------------------------------------------
#
# A listing's rows are in canonical order, led by their first column. Where that column is
# an entity's id and the entities that give rows (and how many each) can be found cheaply,
# a page needs the rows of its entities only: KEYED gives (id, rows) in canonical order, the
# twin called with `only=` gives those rows. tests/test_queries.py holds every page equal to
# the same slice of the whole answer.

def _in_key_order(ids: Iterable[str]) -> list[str]:
    return sorted(set(ids), key=key_order)


def trial_keys(v: View, p: Params) -> Keys | None:
    if p.get("therapy") is not None or p.get("gene") is not None:
        # from the filter entity to its trials, whose rows then apply every filter
        therapies = [p["therapy"]] if p.get("therapy") is not None else \
            [th["id"] for _, th in v.inc(p["gene"], "targets")]
        found = {tr["id"] for th in therapies for _, tr in v.inc(th, "tests")}
        return [(k, 1) for k in _in_key_order(
            r["trial_id"] for r in trials(v, p, only=sorted(found)))]
    return [(k, 1) for k in _in_key_order(tr["id"] for tr in v.by_category("ClinicalTrial")
                                          if _trial_passes(tr["properties"], p))]


def biomarker_keys(v: View, p: Params) -> Keys | None:
    if p.get("therapy") is not None:
        found = {b["id"] for _, b in v.out(p["therapy"], "lowers")}
    elif p.get("gene") is not None:
        found = {b["id"] for _, b in v.inc(p["gene"], "product_of")}
    elif p.get("disease") is not None:
        found = {b["id"] for _, b in v.inc(p["disease"], "biomarker_for")}
    else:
        return [(k, 1) for k in _in_key_order(b["id"] for b in v.by_category("Biomarker"))]
    # the candidates' rows apply every filter
    return [(k, 1) for k in _in_key_order(
        r["biomarker_id"] for r in biomarkers(v, p, only=sorted(found)))]


def pediatric_gene_keys(v: View, p: Params) -> Keys | None:
    """Genes with the number of (gene, disease) pairs that qualify, in SQL over the edge
    ends, the onset edges and the findings table: no record is read."""
    genes = v.store.categories_under("Gene")
    diseases = v.store.categories_under("Disease")
    phenotypes = v.store.categories_under("Phenotype")
    marks = ",".join
    sql = f"""
        WITH pairs AS (
            SELECT DISTINCT e.subject AS gene, e.object AS disease FROM edges e
            JOIN nodes g ON g.id = e.subject JOIN nodes d ON d.id = e.object
            WHERE e.predicate = 'genetic_basis_for' AND e.negated = 0
              AND g.category IN ({marks('?' * len(genes))})
              AND d.category IN ({marks('?' * len(diseases))})),
        young_onset AS (
            SELECT o.subject FROM edges o JOIN nodes ph ON ph.id = o.object
            WHERE o.predicate = 'has_onset' AND o.negated = 0
              AND o.object IN ({marks('?' * len(PEDIATRIC_ONSETS))})
              AND ph.category IN ({marks('?' * len(phenotypes))})),
        young_finding AS (
            -- a finding's statement is the edge that carries it (the loaders make both
            -- from the same subject, predicate and object; negated ones apart)
            SELECT DISTINCT subject AS gene, object AS disease FROM findings
            WHERE predicate = 'genetic_basis_for' AND negated = 0
              AND population IN ('pediatric', 'juvenile'))
        SELECT gene, count(*) FROM pairs
        WHERE disease IN (SELECT subject FROM young_onset)
           OR (gene, disease) IN (SELECT gene, disease FROM young_finding)
        GROUP BY gene"""
    counts = dict(v.store.rows(sql, [*genes, *diseases, *PEDIATRIC_ONSETS, *phenotypes]))
    return [(k, counts[k]) for k in _in_key_order(counts)]


KEYED: dict[str, tuple[Callable[[View, Params], Keys | None],
                       Callable[[View, Params, list[str]], list[Row]]]] = {
    "trials": (trial_keys, trials),
    "biomarkers": (biomarker_keys, biomarkers),
    "pediatric-genes": (pediatric_gene_keys, pediatric_genes),
}


REGISTRY: dict[str, Callable[[View, Params], list[Row]]] = {
    "therapies-for-gene": therapies_for_gene,
    "mechanisms-for-gene": mechanisms_for_gene,
    "genes-for-mechanism": genes_for_mechanism,
    "evidence": evidence,
    "pediatric-genes": pediatric_genes,
    "trials": trials,
    "biomarkers": biomarkers,
    "shared-mechanisms": shared_mechanisms,
    "conflicting-findings": conflicting_findings,
    "findings-from-source": findings_from_source,
    "studies-by-organization": studies_by_organization,
    "seed-claims": seed_claims,
    "publications": publications,
}
