"""Curated files straight to neo4j-admin import files, for graphs too large to build in one
process (ten million edges and more).

`alskg build` holds every record in one process to merge and check them; here no process
holds the whole graph:

1. Workers read the curated files (the curated loader's own reader, so every problem names
   its file and line), merge each file's edges and put in the replacements of deprecated
   terms with the build's own functions (kg/build.py). Each writes its findings as a node
   group at once, and its edges into K partitions by edge id. Entities and the
   publications that citations make come back to the parent, which merges them with the
   other sources' nodes as the build does, and keeps one map: node id -> category.
2. Workers (forked, sharing that map) merge each partition's edges in the build's order
   (an edge's findings and citations are unioned across files), check each edge with the
   build's check_edge, and write it as a relationship group.

The lines are written by the one writer of import files (kg/neo4j/csv_store.py), from
records encoded as the store encodes them.

Any error stops before the importer runs: the message names the file and line.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import time
import zlib
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from kg.build import (
    GraphData,
    check_edge,
    deprecated_terms,
    merge_edge,
    merge_node,
    no_gc,
    replace_deprecated,
)
from kg.model import Edge, Node, encode_edge, encode_node
from kg.neo4j.csv_files import CHUNK_ROWS, WORKERS, chunks, write_script
from kg.neo4j.csv_store import write_group
from kg.ontology.model import Ontology
from kg.problems import InputError, Problem
from loaders.base import Checker, Linker, Source
from loaders.curated import CuratedSource, FileReader, yaml_files

PARTITIONS = 16
MAX_REPORTED = 20  # problems kept per worker: the first error is what the user sees
PUBLIC_BATCH = 999_999  # the parent's own edges sort after every curated file

_JOB: dict[str, Any] = {}  # what forked workers inherit


def _partition(edge_id: str, partitions: int) -> int:
    return zlib.crc32(edge_id.encode()) % partitions


def _write_edges(edges: Iterable[Edge], folder: Path, tag: str, partitions: int,
                 with_file: bool) -> None:
    """Edges as one JSON list per partition (one call of the C encoder each, not one a
    line). A curated file's edges all come from the file its tag names, so only the line
    is written; the parent's name their file."""
    outs: dict[int, list[list[Any]]] = {}
    for e in edges:
        loc = e.location
        file = (loc.file if loc else "<generated>") if with_file else None
        outs.setdefault(_partition(e.id, partitions), []).append(
            [e.id, e.subject, e.predicate, e.object, e.source, e.findings, e.citations,
             e.properties, file, loc.line if loc else 0,
             # the lines of a statement's subject: and object: keys (kg.model.Location)
             loc.subject_line if loc else 0, loc.object_line if loc else 0])
    for k, records in outs.items():
        (folder / f"{k:03d}-{tag}.json").write_text(json.dumps(records), encoding="utf-8")


# -- phase 1: one curated file ---------------------------------------------------------

def _read_file(job: tuple[int, int, Path, str]) -> dict[str, Any]:
    s, i, path, source_id = job
    ont: Ontology = _JOB["ontology"]
    problems: list[Problem] = []
    entities: list[Node] = []
    publications: dict[str, Node] = {}
    findings: list[Node] = []
    edges: dict[str, Edge] = {}
    file_findings: dict[str, Node] = {}
    data = GraphData(nodes=file_findings, edges=edges)

    with no_gc():
        for item in FileReader(path, ont, source_id).read():
            if isinstance(item, Edge):  # most items: a finding's edges and its citations
                merge_edge(data, item)
            elif isinstance(item, Problem):
                if len(problems) < MAX_REPORTED or item.level == "error":
                    problems.append(item)
            elif item.category == "Finding":
                findings.append(item)
                file_findings[item.id] = item
            elif item.properties.get("auto"):
                # one file's automatic publications of one id are one node: the build's
                # merge of two of them changes nothing
                publications.setdefault(item.id, item)
            else:
                entities.append(item)
        # the per-finding checks of loaders read first (retracted citations)
        for check in _JOB["checks"]:
            problems.extend(check(file_findings))
        replace_deprecated(data, _JOB["deprecated"])
        problems.extend(data.problems)
        errors = any(p.level == "error" for p in problems)
        tag = f"{s:03d}-{i:06d}"
        if not errors:
            write_group(_JOB["directory"], f"nodes-f{tag}", "nodes",
                        [(n.id, n.category, n.name, encode_node(n)) for n in findings], ont)
            _write_edges(edges.values(), _JOB["edges"], tag, _JOB["partitions"], False)
    return {"problems": problems[:MAX_REPORTED * 10], "entities": entities,
            "publications": list(publications.values()),
            "findings": [(n.id, n.location.line if n.location else 0) for n in findings],
            "edges": len(edges)}


# -- phase 2: one partition of edges ----------------------------------------------------

def _merge_partition(k: int) -> dict[str, Any]:
    ont: Ontology = _JOB["ontology"]
    files: dict[str, str] = _JOB["files"]
    loads = json.loads
    # an edge read once (most are) stays the list it was read as; one read again is made
    # an Edge and merged by the build's own _merge_edge, so merging is the build's
    records: dict[str, list[Any]] = {}
    merged = GraphData()
    with no_gc():
        for part in sorted(_JOB["edges"].glob(f"{k:03d}-*.json")):
            file_of = files.get(part.name[4:-len(".json")], "<generated>")
            for rec in loads(part.read_text(encoding="utf-8")):
                if rec[8] is None:
                    rec[8] = file_of
                old = records.get(rec[0])
                if old is None:
                    records[rec[0]] = rec
                    continue
                if rec[0] not in merged.edges:
                    merged.edges[rec[0]] = _edge(old)
                merge_edge(merged, _edge(rec))
        problems = _check(records, merged.edges, ont, _JOB["category"])
        if any(p.level == "error" for p in problems):
            return {"problems": problems, "edges": 0}
        rows = 0
        for batch in chunks(map(_stored, records.values(), map(merged.edges.get, records)),
                            CHUNK_ROWS):
            rows += write_group(_JOB["directory"], f"relationships-p{k:03d}-{rows:09d}",
                                "relationships", batch, ont)
    return {"problems": problems, "edges": rows}


def _stored(rec: list[Any], edge: Edge | None) -> tuple[str, str, str, str, str, str]:
    """An edge as the store's row: the merged edge, else its one record as read."""
    if edge is not None:
        return (edge.id, edge.subject, edge.predicate, edge.object, edge.source,
                encode_edge(edge.findings, edge.citations, edge.properties))
    return rec[0], rec[1], rec[2], rec[3], rec[4], encode_edge(rec[5], rec[6], rec[7])


def _edge(rec: list[Any]) -> Edge:
    from kg.model import Location

    return Edge(rec[1], rec[2], rec[3], rec[4], rec[5], rec[6], rec[7], id=rec[0],
                location=Location(rec[8], rec[9], rec[10], rec[11]))


def _check(records: dict[str, list[Any]], merged: dict[str, Edge], ont: Ontology,
           category: dict[str, str]) -> list[Problem]:
    """The build's edge checks (kg.build.check_edge) against the node map; a merged edge
    is reported where it was first read, as the build does."""
    problems: list[Problem] = []
    fits: set[tuple[str, str, str]] = set()  # as the build's _check_edges
    for eid, rec in records.items():
        edge = merged.get(eid)  # the build's merge never changes an edge's ends
        scat, ocat = category.get(rec[1]), category.get(rec[3])
        if scat is not None and ocat is not None:
            key = (rec[2], scat, ocat)
            if key in fits:
                continue
            found = check_edge(edge or _edge(rec), scat, ocat, ont)
            if not found:
                fits.add(key)
        else:
            found = check_edge(edge or _edge(rec), scat, ocat, ont)
        problems.extend(found)
        if len(problems) >= MAX_REPORTED:
            break
    return problems


# -- the whole run ------------------------------------------------------------------------

def _fail(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.level == "error"]
    if errors:
        errors.sort(key=lambda p: (p.file, p.line))
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise InputError(f"{errors[0]}{more}; nothing was imported")


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers,
                               mp_context=multiprocessing.get_context("fork"))


def write_from_sources(sources: list[Source], ontology: Ontology, directory: Path,
                       workers: int = WORKERS, partitions: int = PARTITIONS,
                       progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Import files for what `alskg build` would read from `sources`, with the curated
    files read and the edges merged and checked by `workers` processes. Raises InputError
    (file:line) on the first error, before anything is imported."""
    say = progress or (lambda _: None)
    times: dict[str, float] = {}
    started = time.perf_counter()
    directory.mkdir(parents=True, exist_ok=True)
    edge_dir = directory / "edges.tmp"
    edge_dir.mkdir()
    deprecated = deprecated_terms(ontology)
    _JOB.update(ontology=ontology, directory=directory, edges=edge_dir, partitions=partitions,
                checks=[], deprecated=deprecated)
    data = GraphData()  # every node but the findings; the edges of the non-curated sources
    problems: list[Problem] = []
    category: dict[str, str] = {}
    first_at: dict[str, tuple[int, int]] = {}  # finding id -> (file, line) of its definition
    files: list[str] = []
    file_of: dict[str, str] = {}  # edge file tag -> the curated file it came from
    counts = {"findings": 0, "curated_edges": 0}
    workers = max(1, min(workers, os.cpu_count() or 1))
    try:
        with no_gc():
            # a source that checks findings (the retraction list) is read first, so the
            # workers that read the findings check them; it adds no record to the graph
            checking = [src for src in sources if isinstance(src, Checker)
                        and not isinstance(src, CuratedSource)]
            for checker in checking:
                _read_source(checker, ontology, data, problems)
                _JOB["checks"].append(checker.check)
            for s, source in enumerate(sources):
                if any(source is c for c in checking):
                    continue
                say(f"reading {source.source_id}")
                if isinstance(source, CuratedSource):
                    _read_curated(s, source, data, category, first_at, files, file_of,
                                  problems, counts, workers)
                    continue
                _read_source(source, ontology, data, problems)
            for linker in sources:
                if isinstance(linker, Linker):
                    for edge in linker.link(data.nodes):
                        merge_edge(data, edge)
            replace_deprecated(data, deprecated)
            problems.extend(data.problems)
            for node_id in data.nodes:
                if node_id in first_at:
                    node = data.nodes[node_id]
                    f, line = first_at[node_id]
                    problems.append(Problem(
                        *(node.location.file, node.location.line) if node.location
                        else ("<generated>", 0), "error", "duplicate-id",
                        f"duplicate id {node_id} (first defined at {files[f]}:{line})"))
            _fail(problems)
            for node_id, node in data.nodes.items():
                category[node_id] = node.category
            _write_edges(data.edges.values(), edge_dir, f"{PUBLIC_BATCH:06d}", partitions, True)
            times["read_s"] = time.perf_counter() - started
            say(f"writing {len(data.nodes):,} nodes and {counts['findings']:,} findings")
            nodes = 0
            for i, batch in enumerate(chunks(data.nodes.values(), CHUNK_ROWS)):
                nodes += write_group(directory, f"nodes-n{i:04d}", "nodes",
                                     [(n.id, n.category, n.name, encode_node(n))
                                      for n in batch], ontology)
            public_edges = len(data.edges)
            del data
            gc.collect()
            first_at.clear()
            mark = time.perf_counter()
            say(f"merging and checking the edges in {partitions} partitions")
            _JOB.update(category=category, files=file_of)
            edges = 0
            with _pool(workers) as pool:
                for result in pool.map(_merge_partition, range(partitions)):
                    problems.extend(result["problems"])
                    edges += result["edges"]
            _fail(problems)
            times["edges_s"] = time.perf_counter() - mark
    finally:
        _JOB.clear()
        shutil.rmtree(edge_dir, ignore_errors=True)
    warnings = [p for p in problems if p.level == "warning"]
    for problem in warnings[:MAX_REPORTED]:
        say(str(problem))
    command = write_script(directory)
    total_nodes = nodes + counts["findings"]
    return {"nodes": total_nodes, "edges": edges, "public_edges": public_edges,
            "directory": str(directory), "command": command,
            "warnings": len(warnings),
            **{k: round(v, 2) for k, v in times.items()}}


def _read_source(source: Source, ontology: Ontology, data: GraphData,
                 problems: list[Problem]) -> None:
    """A source other than curated files, read and merged in this process, as the build
    does."""
    added = False
    for item in source.read(ontology):
        if isinstance(item, Problem):
            problems.append(item)
        elif isinstance(item, Node):
            merge_node(data, item)
            added = True
        else:
            merge_edge(data, item)
            added = True
    if added:
        data.sources[source.source_id] = source.version


def _read_curated(s: int, source: CuratedSource, data: GraphData, category: dict[str, str],
                  first_at: dict[str, tuple[int, int]], files: list[str],
                  file_of: dict[str, str], problems: list[Problem], counts: dict[str, int],
                  workers: int) -> None:
    from kg.yaml.read import display_path

    paths = yaml_files(source.paths)
    for path in paths:
        if not path.exists():
            problems.append(Problem(display_path(path), 0, "error", "unreadable",
                                    "no such file"))
    jobs = [(s, i, p, source.source_id) for i, p in enumerate(paths) if p.exists()]
    added = False
    with _pool(workers) as pool:
        for job, result in zip(jobs, pool.map(_read_file, jobs), strict=True):
            problems.extend(result["problems"])
            tag = f"{job[0]:03d}-{job[1]:06d}"
            name = display_path(job[2])
            if name not in files:
                files.append(name)
            file_of[tag] = name
            for node in result["entities"]:
                merge_node(data, node)
            for node in result["publications"]:
                merge_node(data, node)
            f = files.index(name)
            for fid, line in result["findings"]:
                old = first_at.get(fid)
                if old is not None:
                    problems.append(Problem(name, line, "error", "duplicate-id",
                                            f"duplicate id {fid} (first defined at "
                                            f"{files[old[0]]}:{old[1]})"))
                    continue
                first_at[fid] = (f, line)
                category[fid] = "Finding"
            counts["findings"] += len(result["findings"])
            counts["curated_edges"] += result["edges"]
            added = added or bool(result["findings"] or result["entities"] or result["edges"])
    if added:
        data.sources[source.source_id] = source.version
