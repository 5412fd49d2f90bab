"""Every benchmark step once at SF1, for correctness only: no timing is asserted here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench import run
from bench.generate import generate
from kg import api, queries


def test_generator_is_deterministic_and_valid(tmp_path: Path) -> None:
    a = generate(tmp_path / "a", 1, seed=7)
    generate(tmp_path / "b", 1, seed=7)
    for f in sorted((tmp_path / "a").iterdir()):
        assert f.read_text() == (tmp_path / "b" / f.name).read_text()
    assert a["findings"] >= 2000
    from loaders.curated import CuratedSource
    from loaders.ontology_terms import OntologyTermsSource

    _, problems = api.validate(sources=[OntologyTermsSource(), CuratedSource([tmp_path / "a"])])
    assert [str(p) for p in problems if p.level == "error"] == []


def test_every_step_at_sf1(tmp_path: Path, neo4j_server: dict[str, Any]) -> None:
    generate(tmp_path / "syn", 1)
    store = tmp_path / "g.db"
    seconds, peak = run.timed_build([run.ROOT / "data" / "curated", tmp_path / "syn"], store)
    assert seconds > 0 and peak > 0
    embedded = api.open_backend("embedded", store)
    assert embedded.stats()["edges"] >= 9_000

    result: dict[str, Any] = {}
    # two queries as whole processes: every query runs in process below, on both backends
    run.bench_cli(store, result, runs=1, names=["trials", "pediatric-genes"])
    assert set(result["cli_query_ratio"]) == {"trials", "pediatric-genes"}
    assert all(v > 0 for v in result["cli_query_ratio"].values())
    assert result["cli_show_ratio"] > 0 and result["cli_path_ratio"] > 0
    assert result["cli_search_ratio"] > 0 and result["cli_peak_mb"] > 0
    run.bench_rdf(store, result, rdflib_sample=2_000)  # rdflib's side is the slow one
    assert result["rdf_nt_triples"] > result["rdf_sample_triples"] > 0
    assert result["rdf_ratio_vs_rdflib"] > 0
    run.bench_kgx(store, tmp_path, result)
    assert result["kgx_export_edges_per_s"] > 0 and result["kgx_export_peak_mb"] > 0

    run.bench_neo4j_csv(store, tmp_path, result)
    assert sum(f.stat().st_size for f in (tmp_path / "neo4j-csv").glob("relationships-*")) > 0
    assert result["neo4j_csv_rows_per_s"] > 0 and result["neo4j_import_edges_per_s"] > 0
    assert (tmp_path / "neo4j-import-home" / "data" / "databases" / "neo4j").is_dir()
    # a tenth of the naive sample: one transaction a row, and only its figure is in question
    neo = run.bench_neo4j(store, neo4j_server["uri"], result, naive_sample=300)
    try:
        assert neo.stats() == embedded.stats()
        assert result["neo4j_load_ratio_vs_naive"] > 0
        assert result["neo4j_naive_sample_rows"] == 300
        run.import_ratio(result)
        assert result["neo4j_import_ratio_vs_bolt"] > 0
        run.bench_queries({"embedded": embedded, "neo4j": neo}, result, repeats=1)
        run.bench_bolt_ceiling(store, neo4j_server["uri"], result)
        assert result["neo4j_load_bare_edges_per_s"] > 0
        # the ceiling's load wrote every relationship, with no property
        records = neo.driver.execute_query(
            "MATCH ()-[r]->() RETURN count(r) AS n, sum(size(keys(r))) AS props",
            database_=neo.database).records
        assert (records[0]["n"], records[0]["props"]) == (embedded.stats()["edges"], 0)
    finally:
        neo.close()
    # a server of the test's own: the whole import replaces its database
    from kg.neo4j import server

    cfg = server.ServerConfig(port=server.free_port(), data_dir=tmp_path / "own-neo4j",
                              heap="512m", pagecache="128m")
    server.start(cfg)
    try:
        run.bench_neo4j_import_whole(store, cfg, result)
        assert result["neo4j_import_whole_s"] > 0 and result["neo4j_import_overhead"] > 0
        info = server.status(cfg)
        assert info is not None
        imported = api.open_backend("neo4j", uri=info.uri)
        try:
            assert imported.stats() == embedded.stats()
        finally:
            imported.close()
    finally:
        server.stop(cfg)
    assert set(result["query_p95_ms"]) == set(queries.catalogue())
    assert all(set(v) == {"embedded", "neo4j"} for v in result["query_p95_ms"].values())
    assert set(result["query_whole_p95_ms"]) == set(queries.catalogue())
    assert set(result["path_p95_ms"]) == {"embedded", "neo4j"}
    assert set(result["category_path_p95_ms"]) == {"embedded", "neo4j"}
