"""`alskg export kgx`: the embedded store as KGX files (nodes, edges, graph-metadata.json).

Streams: nodes and edges are read from the store in id order a batch at a time and written
as they are read; the ECO code and population of the findings behind a batch of edges are
looked up in the store's findings table for that batch only, so memory stays bounded
whatever the graph's size. The mapping is kg/kgx/terms.py; docs/kgx.md describes the files.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from kg.atomic import atomic_output
from kg.kgx import terms as kt
from kg.ontology.model import Ontology
from kg.problems import InputError
from kg.rdf.terms import levels

FORMATS = ("jsonl", "tsv")
#: edges per batch whose findings are looked up together
BATCH = 5_000
_IN_CHUNK = 500

NODE_COLUMNS = ["id", "category", "name", "description", "synonym", "xref", "provided_by",
                kt.ALSKG_CATEGORY, kt.ALSKG_SOURCES]
EDGE_COLUMNS = ["id", "subject", "predicate", "object", "original_predicate",
                "primary_knowledge_source", "aggregator_knowledge_source", "knowledge_level",
                "agent_type", "publications", "has_evidence", "negated", kt.ALSKG_FINDINGS,
                kt.ALSKG_POPULATION, kt.ALSKG_SOURCE]
#: Biolink slots of KGX's records that hold lists (`|`-separated in TSV)
LIST_COLUMNS = frozenset({"category", "synonym", "xref", "provided_by",
                          "aggregator_knowledge_source", "publications", "has_evidence",
                          kt.ALSKG_SOURCES, kt.ALSKG_FINDINGS, kt.ALSKG_POPULATION})


def _curies(values: Iterable[str]) -> list[str]:
    return [kt.to_biolink(v) for v in values]


def node_record(n: dict[str, Any], ontology: Ontology) -> dict[str, Any]:
    props = dict(n["properties"])
    out: dict[str, Any] = {"id": kt.to_biolink(n["id"]),
                           "category": [kt.category_class(ontology, n["category"])],
                           "name": n["name"]}
    definition = props.pop("definition", None)
    if isinstance(definition, str) and definition:
        out["description"] = definition
    elif definition is not None:
        props["definition"] = definition
    if n["synonyms"]:
        out["synonym"] = list(n["synonyms"])
    if n["xrefs"]:
        out["xref"] = _curies(n["xrefs"])
    out["provided_by"] = list(dict.fromkeys(kt.infores(s) for s in n["sources"]))
    out[kt.ALSKG_CATEGORY] = n["category"]
    out[kt.ALSKG_SOURCES] = list(n["sources"])
    for key, value in sorted(props.items()):
        out[kt.PROPERTY_PREFIX + key] = value
    return out


def edge_record(e: dict[str, Any], ontology: Ontology,
                findings: dict[str, tuple[str | None, str | None]]) -> dict[str, Any]:
    props = dict(e["properties"])
    source = e["source"]
    # a foreign KGX edge keeps the knowledge sources its file named
    primary = props.pop("primary_knowledge_source", None)
    aggregators = props.pop("aggregator_knowledge_source", None)
    if not isinstance(primary, str):
        primary = kt.infores(source)
    agg = [a for a in aggregators if isinstance(a, str)] if isinstance(aggregators, list) else []
    if primary != kt.ALSKG_INFORES and kt.ALSKG_INFORES not in agg:
        agg.append(kt.ALSKG_INFORES)
    evidence = {findings.get(f, (None, None))[0] for f in e["findings"]}
    populations = sorted({p for f in e["findings"] if (p := findings.get(f, (None, None))[1])})
    kl, at = levels(evidence, bool(e["findings"]))
    out: dict[str, Any] = {
        "id": kt.EDGE_IRI + e["id"],
        "subject": kt.to_biolink(e["subject"]),
        "predicate": kt.predicate_of(ontology, e["predicate"]),
        "object": kt.to_biolink(e["object"]),
        "original_predicate": kt.VOCAB + e["predicate"],
        "primary_knowledge_source": primary,
        "knowledge_level": kl,
        "agent_type": at,
    }
    if agg:
        out["aggregator_knowledge_source"] = agg
    if e["citations"]:
        out["publications"] = _curies(e["citations"])
    codes = sorted(x for x in evidence if x)
    if codes:
        out["has_evidence"] = codes
    negated = props.pop("negated", None)
    if isinstance(negated, bool):
        out["negated"] = negated
    elif negated is not None:
        props["negated"] = negated
    if e["findings"]:
        out[kt.ALSKG_FINDINGS] = list(e["findings"])
    if populations:
        out[kt.ALSKG_POPULATION] = populations
    out[kt.ALSKG_SOURCE] = source
    for key, value in sorted(props.items()):
        out[kt.PROPERTY_PREFIX + key] = value
    return out


def _finding_info(store: Any, ids: set[str]) -> dict[str, tuple[str | None, str | None]]:
    wanted = sorted(ids)
    out: dict[str, tuple[str | None, str | None]] = {}
    for i in range(0, len(wanted), _IN_CHUNK):
        chunk = wanted[i:i + _IN_CHUNK]
        for fid, evidence, population in store.rows(
                f"SELECT id, evidence, population FROM findings WHERE id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            out[fid] = (evidence or None, population or None)
    return out


def edge_records(store: Any, ontology: Ontology) -> Iterator[dict[str, Any]]:
    batch: list[dict[str, Any]] = []

    def flush() -> Iterator[dict[str, Any]]:
        info = _finding_info(store, {f for e in batch for f in e["findings"]})
        for e in batch:
            yield edge_record(e, ontology, info)
        batch.clear()

    for e in store.iter_records("edges"):
        batch.append(e)
        if len(batch) >= BATCH:
            yield from flush()
    yield from flush()


# -- serialisations ------------------------------------------------------------------------

_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode


def _tsv_cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and (key in LIST_COLUMNS or all(
            isinstance(v, str) and "|" not in v for v in value)):
        text = "|".join(str(v) for v in value)
    elif isinstance(value, str):
        text = value
    else:
        text = _encode(value)
    if any(c in text for c in "\t\n\r"):
        text = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return text


class _Writer:
    """One KGX file: JSON Lines, or TSV whose header is the fixed columns plus every
    property column, known only once all records are read (so the body is spooled)."""

    def __init__(self, fh: IO[str], fmt: str, columns: list[str]) -> None:
        self.fh, self.fmt, self.columns = fh, fmt, list(columns)
        self.count = 0
        self.spool: Any = None
        if fmt == "tsv":
            import tempfile

            self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")

    def write(self, rec: dict[str, Any]) -> None:
        self.count += 1
        if self.fmt == "jsonl":
            self.fh.write(_encode(rec) + "\n")
            return
        for key in rec:
            if key not in self.columns:
                self.columns.append(key)
        self.spool.write(_encode(rec) + "\n")

    def close(self) -> None:
        if self.spool is None:
            return
        self.fh.write("\t".join(self.columns) + "\n")
        self.spool.seek(0)
        for line in self.spool:
            rec = json.loads(line)
            self.fh.write("\t".join(_tsv_cell(c, rec.get(c)) for c in self.columns) + "\n")
        self.spool.close()


def write(store_path: Path | None, directory: Path, fmt: str = "jsonl") -> dict[str, Any]:
    """Export the embedded store to `directory` as KGX; counts and timing."""
    from kg.api import load_or_build
    from kg.ontology.model import load_ontology

    if fmt not in FORMATS:
        raise InputError(f"unknown KGX format '{fmt}' (use jsonl or tsv)")
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise InputError(f"{directory}: not a folder; -o names the folder for the KGX files")
    ontology = load_ontology()
    backend = load_or_build(store_path)
    store = backend.store
    t0 = time.perf_counter()
    categories: Counter[str] = Counter()
    predicates: Counter[str] = Counter()
    knowledge: Counter[str] = Counter()
    try:
        with atomic_output(directory / f"nodes.{fmt}") as fh:
            w = _Writer(fh, fmt, NODE_COLUMNS)
            for n in store.iter_records("nodes"):
                rec = node_record(n, ontology)
                categories[rec["category"][0]] += 1
                w.write(rec)
            w.close()
            nodes = w.count
        with atomic_output(directory / f"edges.{fmt}") as fh:
            w = _Writer(fh, fmt, EDGE_COLUMNS)
            for rec in edge_records(store, ontology):
                predicates[rec["predicate"]] += 1
                knowledge[rec["primary_knowledge_source"]] += 1
                w.write(rec)
            w.close()
            edges = w.count
    except UnicodeEncodeError:
        raise InputError("cannot export: a text value is not Unicode text (a lone "
                         "surrogate); fix the source data") from None
    seconds = time.perf_counter() - t0
    meta = graph_metadata(backend.meta, nodes, edges, categories, predicates, knowledge, fmt)
    with atomic_output(directory / "graph-metadata.json") as fh:
        fh.write(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    backend.close()
    return {"directory": str(directory), "format": fmt, "nodes": nodes, "edges": edges,
            "seconds": round(seconds, 3),
            "edges_per_s": round(edges / seconds) if seconds > 0 else None}


def graph_metadata(store_meta: dict[str, Any], nodes: int, edges: int,
                   categories: Counter[str], predicates: Counter[str],
                   knowledge: Counter[str], fmt: str) -> dict[str, Any]:
    """graph-metadata.json: the graph as KG-Registry and Translator describe a release."""
    from importlib.metadata import PackageNotFoundError, version

    from kg.fetch import read_manifest

    try:
        alskg_version = version("alskg")
    except PackageNotFoundError:
        alskg_version = "unknown"
    manifest = read_manifest()
    release_of = {"alskg:go": "go", "alskg:gene2go": "gene2go", "alskg:hgnc": "hgnc",
                  "alskg:mondo": "mondo"}
    sources = []
    for sid, ver in sorted((store_meta.get("sources") or {}).items()):
        entry: dict[str, Any] = {"id": kt.infores(sid), "alskg_source": sid, "version": ver}
        m = manifest.get(release_of.get(sid, ""))
        if m is not None:
            entry.update({"name": m.title, "licence": m.licence, "url": m.url or "",
                          "attribution": m.attribution})
        elif sid == "alskg:hpo":
            entry.update({"name": "HPO annotations (phenotype.hpoa, genes_to_disease)",
                          "licence": "HPO licence (attribution)",
                          "url": "https://hpo.jax.org/"})
        else:
            entry.update({"name": "alskg curated findings and ontology terms",
                          "licence": "MIT"})
        sources.append(entry)
    return {
        "id": "https://w3id.org/alskg/kgx",
        "name": "alskg",
        "description": "A knowledge graph of mechanisms and findings in ALS research, "
                       "pediatric and juvenile-onset ALS first; every edge traceable to "
                       "the findings and publications behind it.",
        "version": alskg_version,
        "build_date": store_meta.get("built_at")
        or datetime.now(UTC).isoformat(timespec="seconds"),
        "export_date": datetime.now(UTC).isoformat(timespec="seconds"),
        "biolink_version": "4.x",
        "format": "KGX " + ("JSON Lines" if fmt == "jsonl" else "TSV"),
        "files": [f"nodes.{fmt}", f"edges.{fmt}"],
        "infores": kt.ALSKG_INFORES,
        "curie_map": {"alskg": "https://w3id.org/alskg/",
                      "infores": "https://w3id.org/biolink/infores/"},
        "sources": sources,
        "counts": {"nodes": nodes, "edges": edges,
                   "categories": dict(sorted(categories.items())),
                   "predicates": dict(sorted(predicates.items())),
                   "primary_knowledge_sources": dict(sorted(knowledge.items()))},
    }
