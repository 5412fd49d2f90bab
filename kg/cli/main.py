"""The `alskg` command line: a thin layer where each command calls one library function.

Imports of the library happen inside commands so that `alskg --help` stays fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg import limits
from kg.cli.options import (
    BackendName,
    FormatOpt,
    Graph,
    PathsArg,
    PopulationOpt,
    ShippedOpt,
    StoreOpt,
    StrictOpt,
    WeightsOpt,
    fail,
    graph_options,
    stderr_progress,
    text_value,
    text_values,
)
from kg.output import Format

app = typer.Typer(
    name="alskg",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    # Typer's --install-completion/--show-completion, and _ALSKG_COMPLETE for bash, zsh, fish
    add_completion=True,
    # inherited by every sub-command's context: -h works wherever --help does
    context_settings={"help_option_names": ["-h", "--help"]},
)
# Sub-command groups kept in their own modules, in the order `alskg --help` lists them.
from kg.cli.neo4j import neo4j_app  # noqa: E402
from kg.cli.query import query_app  # noqa: E402

app.add_typer(neo4j_app, name="neo4j")
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


def _version(value: bool) -> None:
    if value:
        from kg import __version__

        typer.echo(f"alskg {__version__}")
        raise typer.Exit()


@app.callback()
def root(version: Annotated[bool, typer.Option(
        "--version", "-V", callback=_version, is_eager=True,
        help="Print the version and exit.")] = False) -> None:
    """A knowledge graph of mechanisms and findings in ALS research, pediatric and
    juvenile-onset ALS first. The guides: alskg docs."""


class ProblemFormat(StrEnum):
    text = "text"
    json = "json"





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
    result, problems = api.build(paths or None, target, progress=stderr_progress, shipped=shipped,
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

    result = api.search(Graph(BackendName.embedded, store, {}).open(), text,
                        limit)
    if fmt is Format.json:
        typer.echo(to_json(result))
        return
    entities, findings = result["entities"], result["findings"]
    print_rows([{"id": e["id"], "name": e["name"], "category": e["category"],
                 "matched": e["matched"]} for e in entities], fmt,
               title=_hits("entities", len(entities), result["entities_total"], limit)
               if fmt is Format.table else "entities",
               columns=["id", "name", "category", "matched"])
    if fmt is Format.table:
        print_rows([{"id": f["id"], "statement": f["statement"],
                     "citations": f["citations"]} for f in findings], fmt,
                   title=_hits("findings", len(findings), result["findings_total"], limit),
                   columns=["id", "statement", "citations"])


def _hits(kind: str, shown: int, total: int, limit: int) -> str:
    """A search table's title: how many match, and how to see those it leaves out."""
    if shown >= total:
        return f"{kind} ({total} match)"
    wider = f"--limit {min(total, limits.SEARCH_LIMIT)}"
    return f"{kind} ({total} match, {total - shown} not shown: {wider})"


@app.command()
@graph_options()
def stats(
    fmt: FormatOpt = Format.table,
    *, graph: Graph,
) -> None:
    """Counts of nodes per category and edges per predicate and source."""
    from kg import api
    from kg.output import print_rows, to_json

    result = api.stats(graph.open())
    if fmt is Format.json:
        typer.echo(to_json(result))
        return
    rows = [{"kind": "total", "name": "nodes", "count": result["nodes"]},
            {"kind": "total", "name": "edges", "count": result["edges"]}]
    for key, kind in (("categories", "category"), ("predicates", "predicate"),
                      ("node_sources", "node source"), ("edge_sources", "edge source")):
        rows += [{"kind": kind, "name": k, "count": v} for k, v in result[key].items()]
        overlap = result.get("node_sources_overlap")  # absent from stores built before it
        if key == "node_sources" and overlap and overlap["nodes"]:
            rows.append({"kind": "node source", "name": "(in more than one source, counted "
                         f"under each: the counts add up to {result['nodes']} + "
                         f"{overlap['counted_again']})", "count": overlap["nodes"]})
    cited = result["cited_sources"]
    rows += [{"kind": "cited", "name": "papers (once each)", "count": cited["papers"]},
             {"kind": "cited", "name": "releases", "count": cited["releases"]}]
    rows += [{"kind": "papers by kind", "name": k, "count": v}
             for k, v in cited["by_kind"].items()]
    print_rows(rows, fmt, title="alskg graph")


@app.command()
@graph_options()
def show(
    entity: Annotated[str, typer.Argument(help="An id (NCBIGene:6647), name or synonym (SOD1).",
                                          callback=text_value)],
    fmt: FormatOpt = Format.table,
    population: PopulationOpt = None,
    strict: StrictOpt = False,
    weights: WeightsOpt = None,
    *, graph: Graph,
) -> None:
    """An entity and its edges grouped by predicate: for each, the findings for and
    against it, their evidence, population and citations, and an evidence score."""
    from kg import api
    from kg.output import print_rows, to_json

    result = api.show(graph.open(), entity,
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


class PathFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    dot = "dot"
    svg = "svg"


@app.command()
@graph_options()
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
    *, graph: Graph,
) -> None:
    """Shortest and near-shortest paths between two entities, or from one to any entity of
    a category (--to-category Therapy), ranked by the evidence behind every hop
    ('alskg docs ranking'), with the findings for and against each hop. Paths whose only link
    is a shared phenotype or ontology parent are flagged weak and ranked down."""
    from kg import api
    from kg.output import to_json
    from kg.render.paths import to_dot

    # with --from-category the one entity named is where the paths end
    start, end = (None, source) if from_category is not None and target is None \
        else (source, target)
    result = api.path(graph.open(), start, end,
                      max_hops, via, limit,
                      population=population.value if population else None, strict=strict,
                      weights=weights, explain=explain, to_category=to_category,
                      from_category=from_category)
    if fmt is PathFormat.json:
        typer.echo(to_json(result))
    elif fmt is PathFormat.csv:
        from kg.output import to_csv
        from kg.render.paths import HOP_COLUMNS, hop_rows

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
@graph_options()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=0,
                                      max=65535)] = 8000,
    allow_remote: Annotated[bool, typer.Option(
        "--allow-remote", help="Allow a --host other than loopback (no login: anyone who "
                               "reaches it reads the graph).")] = False,
    sparql: Annotated[bool, typer.Option("--sparql/--no-sparql",
                                         help="Serve the SPARQL endpoint.")] = True,
    *, graph: Graph,
) -> None:
    """The web explorer, its JSON API and a SPARQL endpoint (read-only)."""
    from kg.web.server import serve as run
    from kg.web.state import Settings

    settings = Settings(backend=graph.backend.value, store=graph.store, neo4j=graph.neo4j,
                        sparql=sparql)
    run(settings, host, port, allow_remote, warn=lambda m: typer.echo(m, err=True))


@app.command()
@graph_options()
def mcp(
    http: Annotated[int | None, typer.Option(
        "--http", metavar="PORT", min=1, max=65535, show_default=False,
        help="Serve MCP's streamable HTTP transport on http://127.0.0.1:PORT/mcp instead of "
             "stdio (loopback only).")] = None,
    *, graph: Graph,
) -> None:
    """A Model Context Protocol server for research assistants (read-only): search, show,
    path, query, evidence and explain, each answering with the JSON of --format json and a
    summary with citations."""
    from kg.mcp.server import serve as run

    run(graph.backend.value, graph.store, graph.neo4j, http_port=http,
        warn=lambda m: typer.echo(m, err=True))


@app.command("docs")
def docs(topic: Annotated[str | None, typer.Argument(
        help="A guide: ranking, data, security or kgx [default: list them].",
        show_default=False)] = None) -> None:
    """Print one of the guides alskg ships (Markdown), or list them."""
    from kg import guides

    if topic is None:
        for g in guides.guide_list():
            typer.echo(f"{g['command']:<22} {g['about']}")
        return
    typer.echo(guides.guide_text(topic), nl=False)


COMPLETE_VAR = "_ALSKG_COMPLETE"


def _click_style_completion() -> None:
    """Click documents `_ALSKG_COMPLETE=bash_source`, Typer reads `source_bash`: both work."""
    import os

    shell, _, instruction = os.environ.get(COMPLETE_VAR, "").partition("_")
    if shell in ("bash", "zsh", "fish") and instruction in ("source", "complete"):
        os.environ[COMPLETE_VAR] = f"{instruction}_{shell}"


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
    _click_style_completion()
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
