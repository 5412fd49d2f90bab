"""Benchmarks at a scale factor, measured in one run; the last line printed is JSON.

    python bench/run.py --scale 100
    python bench/run.py --questions        # hit@1 and hit@3 of the ranking (bench/questions.yaml)

Generates synthetic curated data (bench/generate.py) next to the shipped data, builds the
embedded graph, loads Neo4j (alskg's batched loader against a naive one-MERGE-per-row
loader on the same rows, same server, same run), exports N-Triples (the streaming writer
against an rdflib Graph + serialize, same edges, same run), times every canned query and a
4-hop path on both backends, and times `alskg --help`. Starts and stops its own Neo4j
unless NEO4J_URI is set. Ratios are taken within the run, since machines are noisy.

    python bench/run.py --real-data

builds from the full public releases instead (ALSKG_RELEASES: every human gene and all its
GO annotations, all of GO's processes and MONDO; `python -m loaders.extract` or `alskg
sources fetch` fills the folder), beside a build from the shipped ALS extracts in the same
run, with build time, peak memory, store size and mechanism queries as whole processes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402

NAIVE_SAMPLE = 3_000  # rows the naive loader writes: at ~1 ms a row, all 1M would take hours
RDFLIB_SAMPLE = 20_000  # edges rdflib serialises: its graph needs ~1 KB a triple
IMPORT_HEAP = "2g"  # the importer JVM's heap; its page cache and id maps are off-heap


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def timed_build(data: list[Path], store: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of `alskg build` in its own process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", *map(str, data),
                             "--store", str(store)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build failed: {proc.stderr.read() if proc.stderr else ''}")
    return seconds, usage.ru_maxrss / 1024


def _alskg(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `alskg ARGS` process, as a user runs it."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"alskg {' '.join(args)} failed: {err.strip()[-300:]}")
    return seconds, usage.ru_maxrss / 1024


def cli_ratio(args: list[str], runs: int = 5) -> tuple[float, float, float]:
    """Median ratio of `alskg ARGS` to `alskg --help`, run in turn (A B A B ...) so that a
    drift in the machine's speed hits both; also the median seconds and the peak MB."""
    ratios, seconds, peak = [], [], 0.0
    _alskg(args)  # warm the page cache, as a user's second command finds it
    for _ in range(runs):
        t, mb = _alskg(args)
        h, _ = _alskg(["--help"])
        ratios.append(t / h)
        seconds.append(t)
        peak = max(peak, mb)
    return sorted(ratios)[runs // 2], sorted(seconds)[runs // 2], peak


def bench_cli(store: Path, result: dict[str, Any], runs: int,
              names: list[str] | None = None) -> None:
    """Whole-process figures on the embedded store: what a user waits for per command;
    every canned query, or those `names`."""
    from kg import queries

    at = ["--store", str(store)]
    peaks = []
    ratio, secs, peak = cli_ratio(["show", "SOD1", *at], runs)
    result["cli_show_ratio"], result["cli_show_s"] = round(ratio, 2), round(secs, 3)
    peaks.append(peak)
    result["cli_show_peak_mb"] = round(peak)
    query_ratio: dict[str, float] = {}
    for q in queries.catalogue().values():
        if names is not None and q.name not in names:
            continue
        params = [x for p in q.params if p.required for x in ("-p", f"{p.name}={p.example}")]
        ratio, secs, peak = cli_ratio(["query", "run", q.name, *params, *at], runs)
        query_ratio[q.name] = round(ratio, 2)
        peaks.append(peak)
    result["cli_query_ratio"] = query_ratio
    ratio, secs, peak = cli_ratio(["path", "NCBIGene:900000005", "alskg:syn-therapy-7",
                                   "--max-hops", "4", *at], runs)
    result["cli_path_ratio"], result["cli_path_s"] = round(ratio, 2), round(secs, 3)
    peaks.append(peak)
    ratio, secs, peak = cli_ratio(["search", "SOD", *at], runs)
    result["cli_search_ratio"], result["cli_search_s"] = round(ratio, 2), round(secs, 3)
    peaks.append(peak)
    result["cli_peak_mb"] = round(max(peaks))
    result["cli_help_s"] = round(cli_startup(), 3)


def cli_startup() -> float:
    return sorted(_alskg(["--help"])[0] for _ in range(5))[2]


def naive_load(driver: Any, nodes: list[dict[str, Any]], edges: list[dict[str, Any]],
               ontology: Any, sample: int = NAIVE_SAMPLE) -> tuple[int, float]:
    """The baseline users write first: one MERGE statement and transaction per row."""
    from kg.neo4j.rows import edge_row, node_row

    def statement(name: str) -> str:
        return "\n".join(line for line in (Path(__file__).parent / name).read_text()
                         .splitlines() if not line.startswith("//"))

    node_query, edge_query = statement("naive_node.cypher"), statement("naive_edge.cypher")
    rows = 0
    start = time.perf_counter()
    for n in nodes[: sample // 3]:
        r = node_row(n, ontology, "naive")
        driver.execute_query(node_query, id=r["props"]["id"], props=r["props"])
        rows += 1
    for e in edges[: sample - rows]:
        r = edge_row(e, ontology, "naive")
        driver.execute_query(edge_query.replace("RELATED", r["type"]), subject=r["subject"],
                             object=r["object"], id=e["id"], props=r["props"])
        rows += 1
    return rows, time.perf_counter() - start


def bench_neo4j(store: Path, uri: str | None, result: dict[str, Any],
                naive_sample: int = NAIVE_SAMPLE) -> Any:
    from kg import api
    from kg.ontology.model import load_ontology
    from kg.store.backend import EmbeddedBackend

    embedded = EmbeddedBackend(store)
    nodes = list(embedded.all_nodes())
    edges = list(embedded.all_edges())
    start = time.perf_counter()
    loaded = api.neo4j_load(store, wipe=True, batch_size=20_000, uri=uri)
    seconds = time.perf_counter() - start
    result["neo4j_load_s"] = round(seconds, 2)
    result["neo4j_load_edges_per_s"] = round(loaded.edges / seconds)
    result["neo4j_load_rows_per_s"] = round((loaded.nodes + loaded.edges) / seconds)
    from kg.neo4j.backend import Neo4jBackend

    backend = Neo4jBackend.connect(uri=uri)
    rows, naive_s = naive_load(backend.driver, nodes, edges, load_ontology(), naive_sample)
    naive_rate = rows / naive_s
    result["neo4j_naive_rows_per_s"] = round(naive_rate)
    result["neo4j_naive_sample_rows"] = rows
    result["neo4j_load_ratio_vs_naive"] = round(result["neo4j_load_rows_per_s"] / naive_rate, 1)
    # The naive rows rewrote real nodes with the same properties, and added relationships
    # beside the loaded ones (those carry no id to merge on): take both marks back, so the
    # queries below see exactly the data (a reload took minutes at SF100).
    backend.driver.execute_query("MATCH (:Entity)-[r]->(:Entity) WHERE r._load = 'naive' "
                                 "DELETE r", database_=backend.database)
    backend.driver.execute_query("MATCH (n:Entity) WHERE n._load = 'naive' REMOVE n._load",
                                 database_=backend.database)
    return backend


def bench_rdf(store: Path, result: dict[str, Any], rdflib_sample: int = RDFLIB_SAMPLE) -> None:
    from kg.ontology.model import load_ontology
    from kg.rdf import export as rdf_export
    from kg.rdf import stream as rdf_stream
    from kg.store.backend import EmbeddedBackend

    ontology = load_ontology()
    embedded = EmbeddedBackend(store)
    nodes = list(embedded.all_nodes())
    edges = list(embedded.all_edges())
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        triples = rdf_stream.stream_ntriples(nodes, edges, ontology, out)
        full_s = time.perf_counter() - start
    result["rdf_nt_triples"] = triples
    result["rdf_nt_triples_per_s"] = round(triples / full_s)
    # rdflib on a sample (its in-memory graph would not fit the full set), the stream writer
    # on the same sample: the ratio compares like with like
    sample_edges = edges[:rdflib_sample]
    ids = {e["subject"] for e in sample_edges} | {e["object"] for e in sample_edges}
    ids |= {f for e in sample_edges for f in e["findings"]}
    sample_nodes = [n for n in nodes if n["id"] in ids]
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        start = time.perf_counter()
        n_stream = rdf_stream.stream_ntriples(sample_nodes, sample_edges, ontology, out)
        stream_s = time.perf_counter() - start
    buf = io.StringIO()
    start = time.perf_counter()
    n_rdflib = rdf_export.rdflib_ntriples(sample_nodes, sample_edges, ontology, buf)
    rdflib_s = time.perf_counter() - start
    result["rdf_sample_triples"] = n_stream
    result["rdflib_nt_triples_per_s"] = round(n_rdflib / rdflib_s)
    result["rdf_ratio_vs_rdflib"] = round((n_stream / stream_s) / (n_rdflib / rdflib_s), 1)


def bench_kgx(store: Path, tmp: Path, result: dict[str, Any]) -> None:
    """`alskg export kgx` (JSON Lines, streamed from the store) in this process: edges per
    second of the whole export (nodes first, then edges), and the peak RSS of a whole
    `alskg export kgx` process."""
    from kg.kgx.write import write

    start = time.perf_counter()
    done = write(store, tmp / "kgx")
    seconds = time.perf_counter() - start
    result["kgx_export_s"] = round(seconds, 2)
    result["kgx_export_edges_per_s"] = round(done["edges"] / seconds)
    _, peak_mb = _alskg(["export", "kgx", "-o", str(tmp / "kgx-cli"), "--store", str(store)])
    result["kgx_export_peak_mb"] = round(peak_mb)


def bench_neo4j_csv(store: Path, tmp: Path, result: dict[str, Any]) -> None:
    """`alskg export neo4j-csv` as a whole process (rows/s counts nodes and relationships,
    peak RSS includes its workers), then Neo4j's own importer (AdminTool, on the
    launcher's classpath) on those files into a throwaway Neo4j home."""
    from kg.neo4j.offline import run_importer
    from kg.neo4j.server import ServerConfig

    folder = tmp / "neo4j-csv"
    seconds, peak_mb = _alskg(["export", "neo4j-csv", str(folder), "--store", str(store)])
    stats = json.loads(subprocess.run(
        [sys.executable, "-m", "kg.cli", "stats", "-f", "json", "--store", str(store)],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    result["neo4j_csv_write_s"] = round(seconds, 2)
    result["neo4j_csv_peak_mb"] = round(peak_mb)
    result["neo4j_csv_rows_per_s"] = round((stats["nodes"] + stats["edges"]) / seconds)
    start = time.perf_counter()
    run_importer(ServerConfig(heap=IMPORT_HEAP), folder, tmp / "neo4j-import-home",
                 tmp / "neo4j-import.log", lambda _: None, "the benchmark graph")
    seconds = time.perf_counter() - start
    result["neo4j_import_s"] = round(seconds, 2)
    result["neo4j_import_heap"] = IMPORT_HEAP
    result["neo4j_import_edges_per_s"] = round(stats["edges"] / seconds)


def bench_neo4j_import_whole(store: Path, cfg: Any, result: dict[str, Any]) -> None:
    """`alskg neo4j import` as a whole process against the running bench server (files,
    Neo4j's importer, swap, restart, schema and listing counts), and its overhead: the
    ratio to the importer's own time on the same graph (bench_neo4j_csv), with the same
    importer heap. Run last: it replaces the server's database."""
    seconds, _ = _alskg(["neo4j", "import", "--port", str(cfg.port), "--data-dir",
                         str(cfg.data_dir), "--heap", IMPORT_HEAP, "--pagecache",
                         cfg.pagecache, "--store", str(store)])
    result["neo4j_import_whole_s"] = round(seconds, 2)
    result["neo4j_import_overhead"] = round(seconds / result["neo4j_import_s"], 2)


def bench_bolt_ceiling(store: Path, uri: str, result: dict[str, Any]) -> None:
    """The most a Bolt load can do on this machine and server: the same loader, statements
    and batches, but nodes with only their id and labels and relationships with no
    properties. Run last, on a server the real load and the queries have warmed up (so the
    ceiling is generous), since its wipe removes the loaded graph."""
    from unittest import mock

    from kg import api
    from kg.neo4j import load as loader
    from kg.neo4j.rows import labels_for

    def bare_node(node: dict[str, Any], ontology: Any, stamp: str | None = None) -> Any:
        return {"props": {"id": node["id"]}, "labels": labels_for(node["category"], ontology)}

    with mock.patch.object(loader, "node_row", bare_node), \
            mock.patch.object(loader, "edge_props", lambda edge, stamp=None: {}):
        start = time.perf_counter()
        loaded = api.neo4j_load(store, wipe=True, batch_size=20_000, uri=uri)
        seconds = time.perf_counter() - start
    result["neo4j_load_bare_edges_per_s"] = round(loaded.edges / seconds)


def import_ratio(result: dict[str, Any]) -> None:
    """The offline importer against the Bolt loader, both of this run."""
    if result.get("neo4j_load_edges_per_s") and result.get("neo4j_import_edges_per_s"):
        result["neo4j_import_ratio_vs_bolt"] = round(
            result["neo4j_import_edges_per_s"] / result["neo4j_load_edges_per_s"], 1)


def bench_stream(data: list[Path], tmp: Path, result: dict[str, Any],
                 heap: str = IMPORT_HEAP) -> None:
    """Curated files to a queryable Neo4j without the embedded store (`alskg neo4j import
    --from-curated`): phase times, and the peak RSS of this process and of its children
    (the reading and merging workers, the importer's JVM, whose heap is `heap`)."""
    import resource

    from kg import api
    from kg.neo4j import server as neo4j_server
    from kg.neo4j.backend import Neo4jBackend

    cfg = neo4j_server.ServerConfig(port=neo4j_server.free_port(), data_dir=tmp / "neo4j",
                                    heap=heap, pagecache="1g", timeout_s=600)
    start = time.perf_counter()
    done = api.neo4j_import_curated(cfg, data, progress=lambda m: print(m, file=sys.stderr))
    try:
        backend = Neo4jBackend.connect(uri=done["uri"])
        try:
            stats = backend.stats()
        finally:
            backend.close()
        total = time.perf_counter() - start
        info = neo4j_server.status(cfg)
        # the server runs detached, so it is no child of this process: its own high-water mark
        server_peak_mb = _peak_rss_mb(info.pid) if info is not None else None
    finally:
        neo4j_server.stop(cfg)
    rows = stats["nodes"] + stats["edges"]
    result.update({
        "stream_nodes": stats["nodes"], "stream_edges": stats["edges"],
        "stream_read_s": done.get("read_s"), "stream_edges_s": done.get("edges_s"),
        "stream_csv_s": done["csv_seconds"], "stream_import_s": done["import_seconds"],
        "stream_to_queryable_s": round(total, 2),
        "stream_server_and_schema_s": round(done["seconds"] - done["csv_seconds"]
                                            - done["import_seconds"], 2),
        "neo4j_csv_rows_per_s": round(rows / done["csv_seconds"]),
        "neo4j_import_edges_per_s": round(stats["edges"] / done["import_seconds"]),
        "neo4j_import_heap": heap,
        "stream_parent_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
                                       / 1024),
        "stream_children_peak_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "stream_server_peak_mb": server_peak_mb,
    })


def _peak_rss_mb(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    kb = next((int(line.split()[1]) for line in status.splitlines()
               if line.startswith("VmHWM:")), None)
    return None if kb is None else round(kb / 1024)


def bench_queries(backends: dict[str, Any], result: dict[str, Any], repeats: int) -> None:
    """p95 per canned query as users get it (a page at the default limit, through
    queries.run_page) and of the whole answer (queries.run), and p95 of a path, per backend."""
    from kg import api, queries

    query_p95: dict[str, dict[str, float]] = {}
    whole_p95: dict[str, dict[str, float]] = {}
    for q in queries.catalogue().values():
        params = {p.name: p.example for p in q.params if p.required}
        for name, backend in backends.items():
            for out, run in ((query_p95, queries.run_page), (whole_p95, queries.run)):
                run(backend, q.name, params)  # warms the server's plan cache, as a user's
                times = []                    # second question finds it
                for _ in range(repeats):
                    start = time.perf_counter()
                    run(backend, q.name, params)
                    times.append((time.perf_counter() - start) * 1000)
                out.setdefault(q.name, {})[name] = round(p95(times), 1)
    result["query_p95_ms"] = query_p95
    result["query_whole_p95_ms"] = whole_p95
    # a path through the curated data, and one between synthetic hubs, both up to 4 hops
    pairs = [("FUS", "tofersen"), ("NCBIGene:900000005", "alskg:syn-therapy-7")]
    path_p95: dict[str, float] = {}
    for name, backend in backends.items():
        times = []
        for a, b in pairs:
            api.path(backend, a, b, max_hops=4, limit=10)
        for _ in range(repeats):
            for a, b in pairs:
                start = time.perf_counter()
                api.path(backend, a, b, max_hops=4, limit=10)
                times.append((time.perf_counter() - start) * 1000)
        path_p95[name] = round(p95(times), 1)
    result["path_p95_ms"] = path_p95
    # the same two sources to any therapy: one multi-target search (kg.paths)
    category_p95: dict[str, float] = {}
    for name, backend in backends.items():
        times = []
        for a, _ in pairs:
            api.path(backend, a, None, max_hops=4, limit=10, to_category="Therapy")
        for _ in range(repeats):
            for a, _ in pairs:
                start = time.perf_counter()
                api.path(backend, a, None, max_hops=4, limit=10, to_category="Therapy")
                times.append((time.perf_counter() - start) * 1000)
        category_p95[name] = round(p95(times), 1)
    result["category_path_p95_ms"] = category_p95


def bench_questions(path: Path, weights: Path | None) -> None:
    """hit@1 and hit@3 of the evidence ranking on the questions, over the shipped data."""
    from bench.questions import evaluate, load
    from kg import api

    with tempfile.TemporaryDirectory(prefix="alskg-questions-") as tmp:
        store = Path(tmp) / "graph.db"
        built, problems = api.build(store_path=store)
        if built is None:
            raise SystemExit("the shipped data does not build: " + "; ".join(map(str, problems)))
        backend = api.open_backend("embedded", store)
        try:
            result = evaluate(backend, load(path), weights)
        finally:
            backend.close()
    for r in result["rows"]:
        mark = "miss" if r["rank"] is None else f"@{r['rank']}"
        base = "miss" if r["baseline_rank"] is None else f"@{r['baseline_rank']}"
        print(f"{mark:>5} (by length {base:>4})  {r['id']:<21} top: {' - '.join(r['top'])}",
              file=sys.stderr)
    print(f"hit@1 {result['hit_at_1']:.3f}  hit@3 {result['hit_at_3']:.3f}  "
          f"({result['questions']} questions; {result['multi_hop_questions']} without a direct "
          f"answer: hit@1 {result['multi_hop_hit_at_1']:.3f}  hit@3 "
          f"{result['multi_hop_hit_at_3']:.3f})", file=sys.stderr)
    print(f"ordered by length as before ranking: hit@1 {result['baseline_hit_at_1']:.3f}  "
          f"hit@3 {result['baseline_hit_at_3']:.3f}", file=sys.stderr)
    print(json.dumps({k: v for k, v in result.items() if k != "rows"}))


def _build_with(sources: str, store: Path) -> tuple[float, float]:
    """Wall time and peak RSS (MB) of `alskg build --sources SOURCES` as its own process."""
    return _alskg(["build", "--sources", sources, "--store", str(store)])


def bench_real_data(result: dict[str, Any], runs: int) -> None:
    from kg import api
    from loaders.public import releases_dir

    full = releases_dir()
    present = sorted(p.name for p in full.glob("*") if p.is_file()) if full.is_dir() else []
    if not present:
        raise SystemExit(f"no full releases in {full}: set ALSKG_RELEASES (see "
                         "`python -m loaders.extract` and `alskg sources fetch`)")
    result["releases"] = present
    with tempfile.TemporaryDirectory(prefix="alskg-real-") as tmp_s:
        tmp = Path(tmp_s)
        for mode in ("extracts", "all"):
            store = tmp / f"{mode}.db"
            times = [_build_with(mode, store) for _ in range(runs)]
            backend = api.open_backend("embedded", store)
            stats = backend.stats()
            backend.close()
            result[mode] = {
                "build_s": round(sorted(t for t, _ in times)[len(times) // 2], 2),
                "build_peak_mb": round(max(m for _, m in times)),
                "store_mb": round(store.stat().st_size / 1e6),
                "nodes": stats["nodes"], "edges": stats["edges"],
                "genes": stats["categories"].get("Gene", 0),
                # one Finding per (gene, GO term, evidence code), plus the release's node
                "gene2go_nodes": stats["node_sources"].get("alskg:gene2go", 0),
                "gene2go_edges": stats["edge_sources"].get("alskg:gene2go", 0),
            }
            for name, param in (("genes-for-mechanism", "mechanism=proteostasis"),
                                ("genes-for-mechanism", "mechanism=RNA processing"),
                                ("mechanisms-for-gene", "gene=TARDBP")):
                seconds = sorted(_alskg(["query", "run", name, "-p", param, "--limit", "0",
                                         "--store", str(store), "--format", "json"])[0]
                                 for _ in range(runs))
                result[mode][f"{name} {param} s"] = round(seconds[len(seconds) // 2], 3)
            print(f"{mode}: {result[mode]}", file=sys.stderr)
    result["build_ratio_all_to_extracts"] = round(
        result["all"]["build_s"] / result["extracts"]["build_s"], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--cli-runs", type=int, default=5,
                        help="whole-process runs per command (median taken)")
    parser.add_argument("--no-neo4j", action="store_true", help="skip the Neo4j steps")
    parser.add_argument("--only-embedded", action="store_true",
                        help="build and time the embedded store only (no RDF, CSV or Neo4j)")
    parser.add_argument("--questions", nargs="?", const=str(ROOT / "bench" / "questions.yaml"),
                        metavar="FILE", help="only score the ranking on researcher questions "
                        "(hit@1, hit@3) over the shipped data")
    parser.add_argument("--weights", type=Path, help="with --questions: another weight profile")
    parser.add_argument("--stream", action="store_true",
                        help="only time curated files -> queryable Neo4j without the "
                             "embedded store (alskg neo4j import --from-curated); the data "
                             "generation is not timed")
    parser.add_argument("--real-data", action="store_true",
                        help="build from the full public releases (ALSKG_RELEASES) and from "
                             "the shipped extracts, same run")
    args = parser.parse_args()

    from kg import api

    if args.questions:
        bench_questions(Path(args.questions), args.weights)
        return
    if args.real_data:
        real: dict[str, Any] = {"real_data": True}
        bench_real_data(real, args.cli_runs)
        print(json.dumps(real))
        return

    result: dict[str, Any] = {"scale": args.scale}
    with tempfile.TemporaryDirectory(prefix="alskg-bench-") as tmp_s:
        tmp = Path(tmp_s)
        generate(tmp / "synthetic", args.scale, args.seed)
        if args.stream:
            bench_stream([ROOT / "data" / "curated", tmp / "synthetic"], tmp, result)
            print(json.dumps(result))
            return
        store = tmp / "graph.db"
        build_s, peak_mb = timed_build([ROOT / "data" / "curated", tmp / "synthetic"], store)
        embedded = api.open_backend("embedded", store)
        result["edges"] = embedded.stats()["edges"]
        result["build_s"] = round(build_s, 2)
        result["build_peak_mb"] = round(peak_mb)
        result["store_mb"] = round(store.stat().st_size / 1e6)
        print(f"built {result['edges']} edges in {build_s:.1f} s", file=sys.stderr)
        bench_cli(store, result, args.cli_runs)
        print("cli done", file=sys.stderr)
        if args.only_embedded:
            bench_queries({"embedded": embedded}, result, args.repeats)
            embedded.close()
            print(json.dumps(result))
            return
        bench_rdf(store, result)
        print("rdf done", file=sys.stderr)
        bench_kgx(store, tmp, result)
        print("kgx done", file=sys.stderr)
        bench_neo4j_csv(store, tmp, result)
        backends: dict[str, Any] = {"embedded": embedded}
        server = None
        if not args.no_neo4j:
            uri = os.environ.get("NEO4J_URI")
            if not uri:
                from kg.neo4j import server as neo4j_server

                server = neo4j_server.ServerConfig(port=neo4j_server.free_port(),
                                                   data_dir=tmp / "neo4j", heap="3g",
                                                   pagecache="2g", timeout_s=300)
                uri = neo4j_server.start(server).uri
            try:
                backends["neo4j"] = bench_neo4j(store, uri, result)
                import_ratio(result)
                print("neo4j load done", file=sys.stderr)
                bench_queries(backends, result, args.repeats)
                bench_bolt_ceiling(store, uri, result)
                if server is not None:
                    bench_neo4j_import_whole(store, server, result)
            finally:
                for b in backends.values():
                    b.close()
                if server is not None:
                    neo4j_server.stop(server)
        else:
            bench_queries(backends, result, args.repeats)
    result["cli_startup_s"] = round(cli_startup(), 3)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
