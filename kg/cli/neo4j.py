"""`alskg neo4j ...`: run a local Neo4j server, load the graph into it, or import it offline."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.cli.options import (
    Graph,
    PathsArg,
    ShippedOpt,
    StoreOpt,
    fail,
    graph_options,
    stderr_progress,
)

neo4j_app = typer.Typer(help="Run a local Neo4j server and load the graph into Neo4j.",
                        no_args_is_help=True)

PortOpt = Annotated[int, typer.Option("--port", help="Bolt port on 127.0.0.1.")]
DataDirOpt = Annotated[Path | None, typer.Option(
    "--data-dir", envvar="ALSKG_NEO4J_HOME",
    help="Where the local server keeps its data [default: a per-user directory].")]


def _server_config(port: int | None = None, data_dir: Path | None = None,
                   heap: str | None = None, pagecache: str | None = None) -> Any:
    from kg.neo4j import server as neo4j_server

    cfg = neo4j_server.ServerConfig()
    if data_dir is not None:
        cfg.data_dir = data_dir
    if port is not None:
        cfg.port = port
    if heap:
        cfg.heap = heap
    if pagecache:
        cfg.pagecache = pagecache
    return cfg


@neo4j_app.command("start")
def neo4j_start(
    port: PortOpt = 7687,
    data_dir: DataDirOpt = None,
    heap: Annotated[str, typer.Option(help="JVM heap size.")] = "1g",
    pagecache: Annotated[str, typer.Option(help="Neo4j page cache size.")] = "512m",
) -> None:
    """Start a local Neo4j Community server (resolved from Maven Central on first use)."""
    from kg.neo4j import server as neo4j_server

    info = neo4j_server.start(_server_config(port, data_dir, heap, pagecache),
                              progress=lambda m: typer.echo(m, err=True))
    typer.echo(f"Neo4j running at {info.uri} (pid {info.pid}, log {info.log_file})")


@neo4j_app.command("stop")
def neo4j_stop(data_dir: DataDirOpt = None) -> None:
    """Stop the local Neo4j server."""
    from kg.neo4j import server as neo4j_server

    if neo4j_server.stop(_server_config(data_dir=data_dir)):
        typer.echo("Neo4j stopped")
    else:
        typer.echo("no local Neo4j server was running")


@neo4j_app.command("status")
def neo4j_status(data_dir: DataDirOpt = None) -> None:
    """Say whether the local Neo4j server runs; exit 1 when it does not."""
    from kg.neo4j import server as neo4j_server

    info = neo4j_server.status(_server_config(data_dir=data_dir))
    if info is None:
        typer.echo("no local Neo4j server is running")
        raise typer.Exit(1)
    typer.echo(f"Neo4j running at {info.uri} (pid {info.pid}, data {info.data_dir})")


@neo4j_app.command("load")
@graph_options(backend=False)
def neo4j_load(
    wipe: Annotated[bool, typer.Option("--wipe", help="Delete all alskg data first.")] = False,
    batch_size: Annotated[int, typer.Option(help="Rows per transaction.")] = 10_000,
    *, graph: Graph,
) -> None:
    """Load the built graph into Neo4j (idempotent; builds the graph first if needed)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from kg import api

    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} rows/s")]
    with Progress(*columns, transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("loading", total=None, rate="-")
        import time

        t0 = time.perf_counter()

        def progress(phase: str, done: int, total: int) -> None:
            rate = done / max(time.perf_counter() - t0, 1e-9)
            bar.update(task, description=phase.replace("_", " "), completed=done, total=total,
                       rate=f"{rate:,.0f}")

        result = api.neo4j_load(graph.store, wipe=wipe, progress=progress,
                                batch_size=batch_size, **graph.neo4j)
    typer.echo(f"loaded {result.nodes} nodes and {result.edges} edges in "
               f"{result.seconds:.1f} s ({result.rows_per_s:,.0f} rows/s)")


@neo4j_app.command("import")
def neo4j_import(
    port: PortOpt = 7687,
    data_dir: DataDirOpt = None,
    heap: Annotated[str, typer.Option(help="JVM heap size, for the importer and the "
                                           "server.")] = "1g",
    pagecache: Annotated[str, typer.Option(help="Neo4j page cache size.")] = "512m",
    files: Annotated[Path | None, typer.Option(
        "--from", help="Import these 'alskg export neo4j-csv' files instead of the built "
                       "graph.", show_default=False)] = None,
    store: StoreOpt = None,
    curated: Annotated[bool, typer.Option(
        "--from-curated", help="Read the curated files (PATHS, else what 'alskg build' "
                               "reads) straight into the importer, without the embedded "
                               "store: for graphs too large to build.")] = False,
    paths: PathsArg = None,
    shipped: ShippedOpt = None,
) -> None:
    """Rebuild the local server's database offline with Neo4j's own importer: far faster
    than 'neo4j load' for large graphs. The server is stopped, and started again after."""
    from kg import api

    cfg = _server_config(port, data_dir, heap, pagecache)
    if paths and not curated:
        fail("PATHS are read with --from-curated only")
    if curated:
        result = api.neo4j_import_curated(cfg, paths or None, shipped=shipped,
                                          progress=stderr_progress)
    else:
        result = api.neo4j_import(cfg, store, files)
    typer.echo(f"imported in {result['seconds']:.1f} s (files {result['csv_seconds']:.1f} s, "
               f"importer {result['import_seconds']:.1f} s); Neo4j running at "
               f"{result['uri']}")
