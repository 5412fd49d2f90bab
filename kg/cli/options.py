"""Options and helpers shared by every command group of the CLI, declared once."""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from kg import limits
from kg.output import Format


class BackendName(StrEnum):
    embedded = "embedded"
    neo4j = "neo4j"


def store_path(value: str) -> Path:
    """The --store value as a path; a trailing slash means a folder, which Path() would
    hide, so it is refused here."""
    if value.endswith(("/", "\\")):
        raise typer.BadParameter(f"'{value}' is a folder; name the store file "
                                 f"(for example {value}graph.db)")
    return Path(value)


def text_value(value: str | None) -> str | None:
    """An id, name, search text or parameter from the command line, held to
    limits.text_problem."""
    if value is None:
        return None
    problem = limits.text_problem(value)
    if problem is not None:
        raise typer.BadParameter(problem)
    return value


def text_values(values: list[str] | None) -> list[str] | None:
    if values is not None and len(values) > limits.PARAMS:
        raise typer.BadParameter(f"given {len(values)} times; the limit is {limits.PARAMS}")
    for v in values or []:
        text_value(v)
    return values


StoreOpt = Annotated[Path | None, typer.Option(
    "--store", envvar="ALSKG_STORE", show_default=False, parser=store_path,
    help="Embedded store file (default: the workspace's .alskg/graph.db, else graph.db in "
         "the user data directory or ALSKG_HOME).")]
BackendOpt = Annotated[BackendName, typer.Option(
    "--backend", "-b", help="Graph to read: the embedded store or a Neo4j server.")]
UriOpt = Annotated[str | None, typer.Option(
    "--uri", envvar="NEO4J_URI", help="Neo4j URI (bolt://, neo4j://, neo4j+s://).")]
UserOpt = Annotated[str | None, typer.Option(
    "--user", envvar="NEO4J_USERNAME", help="Neo4j user name.")]
PasswordOpt = Annotated[str | None, typer.Option(
    "--password", envvar="NEO4J_PASSWORD", help="Neo4j password.", show_default=False)]
DatabaseOpt = Annotated[str | None, typer.Option(
    "--database", envvar="NEO4J_DATABASE", help="Neo4j database name.")]


class Population(StrEnum):
    pediatric = "pediatric"
    juvenile = "juvenile"
    adult = "adult"


PopulationOpt = Annotated[Population | None, typer.Option(
    "--population", show_default=False,
    help="Population lens: say for each answer whether evidence exists in this age band, "
         "and weigh findings by how well their band matches.")]
StrictOpt = Annotated[bool, typer.Option(
    "--strict", help="With --population: keep only answers with evidence in that band.")]
WeightsOpt = Annotated[Path | None, typer.Option(
    "--weights", show_default=False,
    help="Another weight profile for the evidence scores (default: the shipped "
         "ontology/ranking.yaml).")]
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


@dataclass(frozen=True)
class Graph:
    """Where a command reads the graph: --backend, --store and the Neo4j connection options,
    declared once (graph_options) for every command that reads it."""
    backend: BackendName
    store: Path | None
    neo4j: dict[str, str | None]  # the connection options; empty for the embedded store

    def open(self) -> Any:
        from kg import api

        return api.open_backend(self.backend.value, self.store, **self.neo4j)


_CONNECTION = (("uri", UriOpt), ("user", UserOpt), ("password", PasswordOpt),
               ("database", DatabaseOpt))


def graph_options(backend: bool = True) -> Callable[[Callable[..., None]],
                                                    Callable[..., None]]:
    """Give a command the options that say where the graph is, after its own, and call it
    with them bundled as `graph` (a Graph). Without `backend` the command always talks to
    Neo4j (with the store it loads from), so there is no --backend to pick."""
    keyword = inspect.Parameter.KEYWORD_ONLY
    shared = ([inspect.Parameter("backend", keyword, annotation=BackendOpt,
                                 default=BackendName.embedded)] if backend else [])
    shared += [inspect.Parameter("store", keyword, annotation=StoreOpt, default=None)]
    shared += [inspect.Parameter(name, keyword, annotation=hint, default=None)
               for name, hint in _CONNECTION]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = [p for p in inspect.signature(command, eval_str=True).parameters.values()
               if p.name != "graph"]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> None:
            chosen = kwargs.pop("backend", BackendName.neo4j)
            store = kwargs.pop("store")
            connection = {name: kwargs.pop(name) for name, _ in _CONNECTION}
            command(*args, graph=Graph(chosen, store, connection if chosen is
                                       BackendName.neo4j else {}), **kwargs)

        # Typer reads the signature: the command's own options, then the shared ones
        run.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [p.replace(kind=keyword) for p in own] + shared)
        run.__annotations__ = {p.name: p.annotation for p in own + shared}
        return run

    return decorate


def stderr_progress(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(message, err=True)
