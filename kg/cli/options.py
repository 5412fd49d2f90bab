"""Options and helpers shared by every command group of the CLI, declared once."""

from __future__ import annotations

import sys
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


def open_backend(backend: BackendName, store: Path | None, uri: str | None, user: str | None,
             password: str | None, database: str | None) -> Any:
    from kg import api

    return api.open_backend(backend.value, store, uri=uri, user=user, password=password,
                            database=database)


def stderr_progress(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(message, err=True)
