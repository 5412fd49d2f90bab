"""`alskg export ...` and `alskg import ...`: RDF interchange.

Each command calls one library function; rdflib, pyshacl and the exporters are imported
inside the commands so that `alskg --help` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg.cli.options import Graph, StoreOpt, graph_options

export_app = typer.Typer(help="Export the graph as RDF, the ontology as OWL, and check exports.",
                         no_args_is_help=True)
import_app = typer.Typer(help="Import an RDF export back into the record model.",
                         no_args_is_help=True)


class RdfFormat(StrEnum):
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"
    xml = "xml"
    trig = "trig"
    nquads = "nquads"


SUFFIX_HELP = "(default: from the suffix: .ttl .nt .jsonld .rdf/.owl .trig .nq)"
FormatOpt = Annotated[RdfFormat | None, typer.Option(
    "--format", "-f", help=f"RDF format {SUFFIX_HELP}.", show_default=False)]


def _fmt(fmt: RdfFormat | None) -> str | None:
    return fmt.value if fmt is not None else None


@export_app.command("rdf")
@graph_options()
def export_rdf(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: FormatOpt = None,
    *, graph: Graph,
) -> None:
    """Export the graph as RDF, with its vocabulary.

    Each edge: a direct triple plus a Biolink association with PROV-O provenance.
    Findings: resources, and nanopublications in TriG and N-Quads.
    N-Triples and N-Quads are streamed with bounded memory."""
    from kg.rdf.export import export_rdf as run

    result = run(output, _fmt(fmt), graph.backend.value, graph.store, **graph.neo4j)
    typer.echo(f"wrote {result['statements']} statements to {result['path']} "
               f"({result['format']}) in {result['seconds']:.1f} s")


@export_app.command("neo4j-csv")
def export_neo4j_csv(
    directory: Annotated[Path, typer.Argument(help="Folder for the node and "
                                              "relationship files and import.sh.")],
    store: StoreOpt = None,
) -> None:
    """neo4j-admin import files, for graphs past what Bolt loading suits."""
    from kg import api

    result = api.export_neo4j_csv(directory, store)
    typer.echo(f"wrote {result['nodes']} nodes and {result['edges']} edges to "
               f"{result['directory']}; import with (server stopped):\n{result['command']}")


class KgxFormat(StrEnum):
    jsonl = "jsonl"
    tsv = "tsv"


@export_app.command("kgx")
def export_kgx(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder for the KGX files.")],
    fmt: Annotated[KgxFormat, typer.Option("--format", "-f", help="KGX serialisation.")] =
    KgxFormat.jsonl,
    store: StoreOpt = None,
) -> None:
    """Export the graph as KGX: nodes, edges and graph-metadata.json (docs/kgx.md).

    Biolink 4 categories and predicates, knowledge sources, levels and evidence on every
    edge; streamed with bounded memory."""
    from kg.kgx.write import write

    result = write(store, output, fmt.value)
    typer.echo(f"wrote {result['nodes']} nodes and {result['edges']} edges to "
               f"{result['directory']} (KGX {result['format']}) in {result['seconds']:.1f} s")


@export_app.command("ontology")
def export_ontology(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: FormatOpt = None,
) -> None:
    """Export the ontology as OWL.

    Categories, predicates, properties and the project's terms, mapped to RO, Biolink, GO."""
    from kg.rdf.owl import export_ontology as run

    result = run(output, _fmt(fmt))
    typer.echo(f"wrote {result['triples']} triples to {result['path']} ({result['format']})")


@export_app.command("shapes")
def export_shapes(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write (default: ontology/shapes.ttl).")] = None,
) -> None:
    """Regenerate the SHACL shapes for exports from the ontology.

    Run after changing ontology/*.yaml; a test checks ontology/shapes.ttl is up to date."""
    from kg.rdf.shacl import export_shapes as run

    result = run(output)
    typer.echo(f"wrote {result['shapes']} node shapes to {result['path']}")


@export_app.command("check")
def export_check(
    file: Annotated[Path, typer.Argument(help="An RDF export to validate.")],
    fmt: FormatOpt = None,
    shapes: Annotated[Path | None, typer.Option(
        "--shapes", help="SHACL shapes (default: ontology/shapes.ttl).")] = None,
) -> None:
    """Validate an export against the SHACL shapes.

    One line per violation (focus node, path, message); exit 1 when it does not conform."""
    from kg.rdf.shacl import check

    result = check(file, _fmt(fmt), shapes)
    if result.conforms:
        typer.echo(f"{file}: conforms to the alskg shapes ({result.triples} triples)")
        return
    for line in result.lines():
        typer.echo(line, err=True)
    n = len(result.violations)
    typer.echo(f"{file}: does not conform: {n} violation{'s' if n != 1 else ''}", err=True)
    raise typer.Exit(1)


@import_app.command("kgx")
def import_kgx(
    files: Annotated[list[Path], typer.Argument(
        help="KGX files: nodes.jsonl and edges.jsonl (or .tsv).")],
    name: Annotated[str | None, typer.Option(
        "--name", help="Folder name under <data>/kgx/ (default: the files' folder).")] = None,
    shipped: Annotated[bool | None, typer.Option(
        "--shipped/--no-shipped", show_default=False,
        help="Build with the knowledge alskg ships [default: the workspace's setting].")]
    = None,
) -> None:
    """Add another graph's KGX files to the workspace as a source, and build.

    The files are copied into <data>/kgx/NAME/, where every later build reads them.
    Unknown categories and predicates are reported once each, with counts."""
    from kg import api
    from kg.problems import render_text

    result = api.import_kgx(files, name, shipped)
    if result["problems"]:
        typer.echo(render_text(result["problems"]), err=True)
    typer.echo(f"added {result['folder']}; built {result['nodes']} nodes and "
               f"{result['edges']} edges into {result['store']}")


@import_app.command("rdf")
def import_rdf(
    file: Annotated[Path, typer.Argument(help="An alskg RDF export.")],
    fmt: FormatOpt = None,
    store: StoreOpt = None,
) -> None:
    """Import an RDF export into the embedded store.

    Nodes, edges and findings are read back, checked as a build checks them, then saved."""
    from kg.rdf.read import import_rdf as run

    result = run(file, _fmt(fmt), store)
    typer.echo(f"imported {result['nodes']} nodes and {result['edges']} edges into "
               f"{result['store']}")
