"""`alskg query ...`: list, read and run the canned queries of queries/, on either backend."""

from __future__ import annotations

from typing import Annotated

import typer

from kg import limits
from kg.cli.options import (
    FormatOpt,
    Graph,
    PopulationOpt,
    StrictOpt,
    fail,
    graph_options,
    text_values,
)
from kg.output import Format

query_app = typer.Typer(help="Canned queries: list them, read them, run them on either backend.",
                        no_args_is_help=True)


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
@graph_options()
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
    *, graph: Graph,
) -> None:
    """Run a canned query; the same answer, and the same pages, from either backend."""
    from kg import api
    from kg.output import print_rows, to_json

    result = api.query_run(graph.open(),
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
