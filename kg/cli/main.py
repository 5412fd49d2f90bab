"""The `alskg` command line: a thin layer where each command calls one library function.

Imports of the library happen inside commands so that `alskg --help` stays fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from kg import limits
from kg.cli.options import (
    BackendName,
    BackendOpt,
    DatabaseOpt,
    PasswordOpt,
    PopulationOpt,
    StoreOpt,
    StrictOpt,
    UriOpt,
    UserOpt,
    WeightsOpt,
    text_value,
    text_values,
)
from kg.output import Format

app = typer.Typer(
    name="alskg",
    help="A knowledge graph of mechanisms and findings in ALS research, "
         "pediatric and juvenile-onset ALS first.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    add_completion=False,
)
neo4j_app = typer.Typer(help="Run a local Neo4j server and load the graph into Neo4j.",
                        no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")
query_app = typer.Typer(help="Canned queries: list them, read them, run them on either backend.",
                        no_args_is_help=True)
app.add_typer(query_app, name="query")
# Sub-command groups kept in their own modules; their imports stay cheap (no rdflib here).
from kg.cli.ontology import ontology_app  # noqa: E402
from kg.cli.rdf import export_app, import_app  # noqa: E402
from kg.cli.refs import refs_app  # noqa: E402
from kg.cli.sources import sources_app  # noqa: E402

app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(ontology_app, name="ontology")
app.add_typer(sources_app, name="sources")
app.add_typer(refs_app, name="refs")


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
PathsArg = Annotated[list[Path] | None, typer.Argument(
    help="Curated YAML files or folders [default: the workspace's data with the shipped "
         "knowledge].", show_default=False)]
ShippedOpt = Annotated[bool | None, typer.Option(
    "--shipped/--no-shipped", show_default=False,
    help="Include the knowledge alskg ships [default: yes, or the workspace's setting].")]


def fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"alskg: error: {message}", err=True)
    raise typer.Exit(code)


def _backend(backend: BackendName, store: Path | None, uri: str | None, user: str | None,
             password: str | None, database: str | None) -> Any:
    from kg import api

    return api.open_backend(backend.value, store, uri=uri, user=user, password=password,
                            database=database)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(message, err=True)


def _notice_shadowed_workspace() -> None:
    from kg.workspace import shadowed

    notice = shadowed()
    if notice:
        typer.echo(notice, err=True)


@app.command()
def validate(
    paths: PathsArg = None,
    fmt: Annotated[ProblemFormat, typer.Option("--format", "-f")] = ProblemFormat.text,
    shipped: ShippedOpt = None,
) -> None:
    """Check curated data: syntax, terms, identifiers, references, domain and range."""
    from kg import api
    from kg.problems import has_errors, render_json, render_text

    _notice_shadowed_workspace()
    _, problems = api.validate(paths or None, shipped=shipped)
    if fmt is ProblemFormat.json:
        typer.echo(render_json(problems))
    elif problems:
        typer.echo(render_text(problems), err=has_errors(problems))
    else:
        typer.echo("valid: no problems found")
    if has_errors(problems):
        raise typer.Exit(1)


class SourcesMode(StrEnum):
    extracts = "extracts"
    all = "all"


@app.command()
def build(paths: PathsArg = None, store: StoreOpt = None, shipped: ShippedOpt = None,
          sources: Annotated[SourcesMode | None, typer.Option(
              "--sources", help="Public releases: the shipped ALS extracts, or all (the "
                                "full releases in ALSKG_RELEASES or the cache, where "
                                "present). Default: the workspace's setting, else extracts.")
          ] = None) -> None:
    """Validate, then build the embedded store (a new file swapped in whole)."""
    from kg import api
    from kg.problems import render_text

    _notice_shadowed_workspace()
    target = store or api.default_store()
    result, problems = api.build(paths or None, target, progress=_progress, shipped=shipped,
                                 releases=sources.value if sources else None)
    if result is None:
        typer.echo(render_text(problems), err=True)
        fail("validation failed; nothing was written")
    if problems:
        typer.echo(render_text(problems), err=True)
    typer.echo(f"built graph: {result['nodes']} nodes, {result['edges']} edges -> {target}")


@app.command()
def init(directory: Annotated[Path, typer.Argument(
        help="Folder for the workspace (created if missing).")] = Path(".")) -> None:
    """Create a curator workspace: a config, a data/ folder with an example, a store folder."""
    from kg import api

    ws = api.init(directory)
    typer.echo(f"created workspace {ws.root}: {ws.config.name}, data/ (README.md, "
               "example.yaml), .alskg/ (the store, ignored by git)")
    typer.echo("next: alskg validate && alskg build && alskg show FUS")


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Words to look for (each a prefix).",
                                        callback=text_value)],
    limit: Annotated[int, typer.Option("--limit", help="At most this many of each kind.",
                                       min=1, max=limits.SEARCH_LIMIT)] = 20,
    fmt: FormatOpt = Format.table,
    store: StoreOpt = None,
) -> None:
    """Entities by name or synonym, and findings by statement (full-text, embedded store)."""
    from kg import api
    from kg.output import print_rows, to_json

    result = api.search(_backend(BackendName.embedded, store, None, None, None, None), text,
                        limit)
    if fmt is Format.json:
        typer.echo(to_json(result))
        return
    print_rows([{"id": e["id"], "name": e["name"], "category": e["category"],
                 "matched": e["matched"]} for e in result["entities"]], fmt, title="entities",
               columns=["id", "name", "category", "matched"])
    if fmt is Format.table:
        print_rows([{"id": f["id"], "statement": f["statement"],
                     "citations": f["citations"]} for f in result["findings"]], fmt,
                   title=f"findings ({result['findings_total']} match)",
                   columns=["id", "statement", "citations"])


@app.command()
def stats(
    fmt: FormatOpt = Format.table,
    backend: BackendOpt = BackendName.embedded,
    store: StoreOpt = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Counts of nodes per category and edges per predicate and source."""
    from kg import api
    from kg.output import print_rows, to_json

    result = api.stats(_backend(backend, store, uri, user, password, database))
    if fmt is Format.json:
        typer.echo(to_json(result))
        return
    rows = [{"kind": "total", "name": "nodes", "count": result["nodes"]},
            {"kind": "total", "name": "edges", "count": result["edges"]}]
    for key, kind in (("categories", "category"), ("predicates", "predicate"),
                      ("node_sources", "node source"), ("edge_sources", "edge source")):
        rows += [{"kind": kind, "name": k, "count": v} for k, v in result[key].items()]
    cited = result["cited_sources"]
    rows += [{"kind": "cited", "name": "papers (once each)", "count": cited["papers"]},
             {"kind": "cited", "name": "releases", "count": cited["releases"]}]
    rows += [{"kind": "papers by kind", "name": k, "count": v}
             for k, v in cited["by_kind"].items()]
    print_rows(rows, fmt, title="alskg graph")


@app.command()
def show(
    entity: Annotated[str, typer.Argument(help="An id (NCBIGene:6647), name or synonym (SOD1).",
                                          callback=text_value)],
    fmt: FormatOpt = Format.table,
    population: PopulationOpt = None,
    strict: StrictOpt = False,
    weights: WeightsOpt = None,
    backend: BackendOpt = BackendName.embedded,
    store: StoreOpt = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """An entity and its edges grouped by predicate: for each, the findings for and
    against it, their evidence, population and citations, and an evidence score."""
    from kg import api
    from kg.output import print_rows, to_json

    result = api.show(_backend(backend, store, uri, user, password, database), entity,
                      population=population.value if population else None, strict=strict,
                      weights=weights)
    if fmt is Format.json:
        typer.echo(to_json(result))
        return
    if fmt is Format.table:
        from kg.render.text import show_text

        typer.echo(show_text(result), nl=False)
        return
    if fmt is Format.markdown:
        from kg.render.text import show_markdown

        typer.echo(show_markdown(result), nl=False)
        return
    rows = [{
        "dir": "->" if e["direction"] == "out" else "<-",
        "predicate": e["predicate"],
        "other": f"{e['other']['name']} ({e['other']['id']})"
                 + "".join(f"; {k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                           for k, v in e["other"].get("summary", {}).items()),
        "findings": [f["id"] for f in e["findings"]],
        "citations": e["citations"],
        "source": e["source"],
        "score": e["score"],
        "publications": e["publications"],
        "best_evidence": e["best_evidence"],
        "populations": e["populations"],
        "contradictions": e["contradictions"],
        "against": [f["id"] for f in e["against"]],
        "flags": e["flags"],
        **({"in_population": e["population_evidence"]["found"]}
           if "population_evidence" in e else {}),
    } for e in result["edges"]]
    print_rows(rows, fmt, title="edges")


@query_app.command("list")
def query_list(fmt: FormatOpt = Format.table) -> None:
    """The catalogue of canned queries with their parameters."""
    from kg import api
    from kg.output import print_rows

    rows = [{"name": q["name"],
             "parameters": [f"{p['name']}{'' if p['required'] else '?'}" for p in q["params"]],
             "description": q["description"]} for q in api.query_list()]
    if fmt is Format.json:
        from kg.output import to_json

        typer.echo(to_json(api.query_list()))
        return
    print_rows(rows, fmt, title="canned queries")


@query_app.command("show")
def query_show(name: Annotated[str, typer.Argument(help="Query name.")],
               fmt: FormatOpt = Format.table) -> None:
    """A query's description, parameters, columns and Cypher."""
    from kg import api
    from kg.output import to_json

    q = api.query_show(name)
    if fmt is Format.json:
        typer.echo(to_json(q))
        return
    typer.echo(f"{q['name']}: {q['description']}")
    for p in q["params"]:
        need = "required" if p["required"] else "optional"
        typer.echo(f"  -p {p['name']}=<{p['type']}>  {need}; {p['description']} "
                   f"(e.g. {p['example']})")
    typer.echo(f"columns: {', '.join(q['columns'])}")
    typer.echo(f"file: {q['file']}\n")
    typer.echo(q["cypher"])


def _params(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            fail(f"parameter '{pair[:80]}' is not of the form key=value", code=2)
        if key.strip() in out:
            fail(f"parameter '{key.strip()[:80]}' given twice", code=2)
        out[key.strip()] = value.strip()
    return out


@query_app.command("run")
def query_run(
    name: Annotated[str, typer.Argument(help="Query name (see 'alskg query list').")],
    param: Annotated[list[str] | None, typer.Option(
        "--param", "-p", help="A parameter as key=value; ids, names or synonyms.",
        callback=text_values)] = None,
    limit: Annotated[int, typer.Option(
        "--limit", help="At most this many rows; 0 for every row.", min=0,
        max=limits.QUERY_LIMIT)] = 100,
    offset: Annotated[int, typer.Option("--offset", help="Rows to skip first.", min=0,
                                        max=limits.QUERY_OFFSET)] = 0,
    population: PopulationOpt = None,
    strict: StrictOpt = False,
    fmt: FormatOpt = Format.table,
    backend: BackendOpt = BackendName.embedded,
    store: StoreOpt = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Run a canned query; the same answer, and the same pages, from either backend."""
    from kg import api
    from kg.output import print_rows, to_json

    result = api.query_run(_backend(backend, store, uri, user, password, database),
                           name, _params(param), limit=limit or None, offset=offset,
                           population=population.value if population else None,
                           strict=strict)
    if fmt is Format.json:
        typer.echo(to_json(result))
        return
    print_rows(result["rows"], fmt, title=name, columns=result["columns"])
    for note in result["notes"]:
        typer.echo(f"note: {note}", err=True)
    footer = page_footer(len(result["rows"]), result["offset"], result["total"])
    if footer:
        typer.echo(footer, err=True)


def page_footer(shown: int, offset: int, total: int) -> str:
    """Where a page sits in the whole answer ("" when it is the whole answer)."""
    if shown == total:
        return ""
    if not shown:
        return (f"no rows from offset {offset}: the answer has {total} row"
                f"{'s' if total != 1 else ''}" if total else "")
    end = offset + shown
    more = (f"; --offset {end} for more, --limit 0 for all" if end < total
            else "; this is the last page")
    return f"rows {offset + 1}-{end} of {total}{more}"


class PathFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    dot = "dot"
    svg = "svg"


@app.command()
def path(
    source: Annotated[str, typer.Argument(
        metavar="FROM", help="Id, name or synonym (with --from-category: the TO end).",
        callback=text_value)],
    target: Annotated[str | None, typer.Argument(
        metavar="[TO]", help="Id, name or synonym; left out with --to-category or "
                             "--from-category.", callback=text_value, show_default=False)]
    = None,
    to_category: Annotated[str | None, typer.Option(
        "--to-category", help="Paths to any entity of this category (Therapy, Gene, ...), "
                              "best first, in place of TO.", callback=text_value)] = None,
    from_category: Annotated[str | None, typer.Option(
        "--from-category", help="Paths from any entity of this category to the one entity "
                                "named.", callback=text_value)] = None,
    max_hops: Annotated[int, typer.Option("--max-hops", help="Longest path, in hops.", min=1,
                                          max=limits.MAX_HOPS)] = 4,
    via: Annotated[list[str] | None, typer.Option(
        "--via", help="Only paths through a node of this category (repeatable).",
        callback=text_values)] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many paths.", min=1,
                                       max=limits.PATH_LIMIT)] = 10,
    population: PopulationOpt = None,
    strict: StrictOpt = False,
    weights: WeightsOpt = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Name the weakest hop of the top path, the fewest findings whose "
                          "removal would drop it from first place, and the evidence missing.")]
    = False,
    fmt: Annotated[PathFormat, typer.Option("--format", "-f", help="Output format.")] =
    PathFormat.table,
    backend: BackendOpt = BackendName.embedded,
    store: StoreOpt = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """Shortest and near-shortest paths between two entities, or from one to any entity of
    a category (--to-category Therapy), ranked by the evidence behind every hop
    (docs/ranking.md), with the findings for and against each hop. Paths whose only link
    is a shared phenotype or ontology parent are flagged weak and ranked down."""
    from kg import api
    from kg.output import to_json
    from kg.paths import to_dot

    # with --from-category the one entity named is where the paths end
    start, end = (None, source) if from_category is not None and target is None \
        else (source, target)
    result = api.path(_backend(backend, store, uri, user, password, database), start, end,
                      max_hops, via, limit,
                      population=population.value if population else None, strict=strict,
                      weights=weights, explain=explain, to_category=to_category,
                      from_category=from_category)
    if fmt is PathFormat.json:
        typer.echo(to_json(result))
    elif fmt is PathFormat.csv:
        from kg.output import to_csv
        from kg.paths import HOP_COLUMNS, hop_rows

        typer.echo(to_csv(hop_rows(result), HOP_COLUMNS), nl=False)
    elif fmt is PathFormat.markdown:
        from kg.render.text import path_markdown

        typer.echo(path_markdown(result), nl=False)
    elif fmt is PathFormat.dot:
        typer.echo(to_dot(result), nl=False)
    elif fmt is PathFormat.svg:
        from kg.render.svg import render

        typer.echo(render(result), nl=False)
    else:
        from kg.render.text import path_text

        typer.echo(path_text(result), nl=False)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=0,
                                      max=65535)] = 8000,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow a --host other than loopback (no login: anyone who "
                               "reaches it reads the graph).")] = False,
    sparql: Annotated[bool, typer.Option("--sparql/--no-sparql",
                                         help="Serve the SPARQL endpoint.")] = True,
    backend: BackendOpt = BackendName.embedded,
    store: StoreOpt = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """The web explorer, its JSON API and a SPARQL endpoint (read-only)."""
    from kg.web.server import serve as run
    from kg.web.state import Settings

    neo4j = ({"uri": uri, "user": user, "password": password, "database": database}
             if backend is BackendName.neo4j else {})
    settings = Settings(backend=backend.value, store=store, neo4j=neo4j, sparql=sparql)
    run(settings, host, port, allow_remote, warn=lambda m: typer.echo(m, err=True))


@app.command()
def mcp(
    http: Annotated[int | None, typer.Option(
        "--http", metavar="PORT", min=1, max=65535, show_default=False,
        help="Serve MCP's streamable HTTP transport on http://127.0.0.1:PORT/mcp instead of "
             "stdio (loopback only).")] = None,
    backend: BackendOpt = BackendName.embedded,
    store: StoreOpt = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
) -> None:
    """A Model Context Protocol server for research assistants (read-only): search, show,
    path, query, evidence and explain, each answering with the JSON of --format json and a
    summary with citations."""
    from kg.mcp.server import serve as run

    neo4j = ({"uri": uri, "user": user, "password": password, "database": database}
             if backend is BackendName.neo4j else {})
    run(backend.value, store, neo4j, http_port=http, warn=lambda m: typer.echo(m, err=True))


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
def neo4j_load(
    wipe: Annotated[bool, typer.Option("--wipe", help="Delete all alskg data first.")] = False,
    batch_size: Annotated[int, typer.Option(help="Rows per transaction.")] = 10_000,
    store: StoreOpt = None,
    uri: UriOpt = None, user: UserOpt = None, password: PasswordOpt = None,
    database: DatabaseOpt = None,
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

        result = api.neo4j_load(store, wipe=wipe, progress=progress, batch_size=batch_size,
                                uri=uri, user=user, password=password, database=database)
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
                                          progress=_progress)
    else:
        result = api.neo4j_import(cfg, store, files)
    typer.echo(f"imported in {result['seconds']:.1f} s (files {result['csv_seconds']:.1f} s, "
               f"importer {result['import_seconds']:.1f} s); Neo4j running at "
               f"{result['uri']}")


def main() -> None:
    import logging
    import os

    try:  # recent typer carries its own copy of click
        from typer._click.exceptions import ClickException, UsageError
    except ImportError:  # pragma: no cover - older typer
        from click.exceptions import ClickException, UsageError  # type: ignore[assignment]

    from kg.problems import AlskgError, printable

    # The driver logs retries and dropped connections as warnings; without a handler Python
    # prints them on stderr, around the one-line error the user should see.
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    try:
        code = app(prog_name="alskg", standalone_mode=False)
    except AlskgError as exc:
        # a message may quote a value from a file: no control character reaches the terminal
        text = "\n".join(printable(line) for line in str(exc).split("\n"))
        typer.echo(f"alskg: error: {text}", err=True)
        sys.exit(1)
    except UsageError as exc:
        # one line, like every other error, instead of click's boxed usage text
        where = exc.ctx.command_path if exc.ctx is not None else "alskg"
        message = printable(" ".join(exc.format_message().split()))
        if message:  # empty after a group's help was printed for want of a command
            typer.echo(f"{where}: error: {message} (see '{where} --help')", err=True)
        sys.exit(2)
    except ClickException as exc:
        typer.echo(f"alskg: error: {printable(' '.join(exc.format_message().split()))}",
                   err=True)
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("alskg: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("ALSKG_DEBUG"):
            raise
        # a bug, not bad input: still one line, and the way to the traceback
        first = printable(str(exc).strip().splitlines()[0][:300]) if str(exc).strip() else ""
        typer.echo(f"alskg: internal error: {type(exc).__name__}: {first} (a bug in alskg; "
                   "ALSKG_DEBUG=1 shows the traceback; please report it)", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
