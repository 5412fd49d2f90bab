"""`alskg ontology ...`: tools for ontology maintainers.

Each command calls one library function (kg.ontology.tools, kg.ontology.check,
kg.ontology.diff, kg.ontology.sssom); the imports stay inside the commands so that
`alskg --help` is fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from kg.output import Format

ontology_app = typer.Typer(help="List, add, deprecate, check, diff and export the project's "
                                "terms.", no_args_is_help=True)


class Kind(StrEnum):
    terms = "terms"
    categories = "categories"
    predicates = "predicates"
    values = "values"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


class FailOn(StrEnum):
    ERROR = "ERROR"
    WARN = "WARN"
    INFO = "INFO"
    none = "none"


class DiffFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ExportFormat(StrEnum):
    sssom = "sssom"
    owl = "owl"
    obo = "obo"


class EditFormat(StrEnum):
    text = "text"
    json = "json"


OntologyOpt = Annotated[Path | None, typer.Option(
    "--ontology", envvar="ALSKG_ONTOLOGY", show_default=False,
    help="Ontology folder [default: ontology/].")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
CuratedOpt = Annotated[list[Path] | None, typer.Option(
    "--curated", show_default=False,
    help="Curated YAML files or folders to scan for uses [default: data/curated].")]
EditFormatOpt = Annotated[EditFormat, typer.Option("--format", "-f", help="Output format.")]


def _ontology(directory: Path | None) -> Any:
    from kg.ontology.model import load_ontology

    return load_ontology(directory)


@ontology_app.command("list")
def list_terms(
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="What to list.")] = Kind.terms,
    category: Annotated[str | None, typer.Option(
        "--category", "-c", help="Only terms of this category (or a sub-category), "
                                 "e.g. Mechanism.")] = None,
    live: Annotated[bool, typer.Option("--live", help="Leave deprecated terms out.")] = False,
    fmt: FormatOpt = Format.table,
    ontology: OntologyOpt = None,
) -> None:
    """The terms (or categories, predicates, controlled values) of the ontology."""
    from kg.ontology.tools import list_entries
    from kg.output import print_rows

    rows = list_entries(_ontology(ontology), kind.value, category, include_deprecated=not live)
    columns = None
    if fmt is Format.table:
        columns = {"terms": ["id", "label", "category", "parents", "mappings", "status"],
                   "categories": ["id", "label", "parents", "prefixes", "mappings"],
                   "predicates": ["id", "label", "domain", "range", "mappings"],
                   "values": ["value_set", "value", "definition"]}[kind.value]
    print_rows(rows, fmt, title=kind.value, columns=columns)


@ontology_app.command("show")
def show(
    term: Annotated[str, typer.Argument(help="An id (alskg:0000002, Gene, involved_in) or "
                                             "label (proteostasis).")],
    fmt: Annotated[EditFormat, typer.Option("--format", "-f", help="Output format.")] =
    EditFormat.text,
    curated: CuratedOpt = None,
    ontology: OntologyOpt = None,
) -> None:
    """A term, category or predicate, with where the curated data uses it.

    Terms are found by id, label or synonym; categories and predicates by id or label."""
    from kg.ontology.tools import show_entry
    from kg.output import to_json

    result = show_entry(_ontology(ontology), term, curated)
    if fmt is EditFormat.json:
        typer.echo(to_json(result))
        return
    typer.echo(f"{result['id']}  {result['label']}  ({result['kind']})")
    for key, value in result.items():
        if key in ("id", "label", "kind") or value in (None, [], "", False):
            continue
        if key == "uses":
            typer.echo(f"uses ({len(value)}):")
            for loc in value:
                typer.echo(f"  {loc}")
        else:
            typer.echo(f"{key}: {_text(value)}")


def _text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        if "predicate" in value:
            return (value["id"] if value["predicate"] == "skos:closeMatch"
                    else f"{value['id']} ({value['predicate']})")
        return f"{value['id']} ({value['label']})" if value.get("label") else str(value["id"])
    return str(value)


@ontology_app.command("add")
def add(
    label: Annotated[str, typer.Option("--label", help="The new term's label.")],
    definition: Annotated[str, typer.Option("--definition", help="A one-sentence definition.")],
    parent: Annotated[list[str] | None, typer.Option(
        "--parent", help="A parent term, by id or label (repeatable).")] = None,
    synonym: Annotated[list[str] | None, typer.Option(
        "--synonym", help="A synonym (repeatable).")] = None,
    mapping: Annotated[list[str] | None, typer.Option(
        "--mapping", help="An external term: GO:0006979 (skos:closeMatch), or "
                          "exact:|broad:|narrow:|related:CURIE (repeatable).")] = None,
    category: Annotated[str, typer.Option("--category", help="The term's category.")] =
    "Mechanism",
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the entry, write "
                                                            "nothing.")] = False,
    fmt: EditFormatOpt = EditFormat.text,
    ontology: OntologyOpt = None,
) -> None:
    """Append a new term with the next free id to terms.yaml (comments and layout kept)."""
    from kg.ontology.tools import add_term
    from kg.output import to_json

    result = add_term(label, definition, parent, synonym, mapping, category, ontology,
                      dry_run=dry_run)
    if fmt is EditFormat.json:
        typer.echo(to_json(result))
        return
    verb = "would add" if dry_run else "added"
    typer.echo(f"{verb} {result['id']} ({result['label']}) to {result['file']}:")
    typer.echo(result["yaml"], nl=False)


@ontology_app.command("deprecate")
def deprecate(
    term: Annotated[str, typer.Argument(help="The term to retire, by id or label.")],
    reason: Annotated[str, typer.Option("--reason", help="Why it is obsolete (IAO:0000231), "
                                                         "e.g. 'merged into axonal transport'.")],
    replaced_by: Annotated[str | None, typer.Option(
        "--replaced-by", help="The term to use instead (IAO:0100001), by id or label.")] = None,
    consider: Annotated[list[str] | None, typer.Option(
        "--consider", help="A term to consider instead, when there is no single replacement "
                           "(repeatable).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Deprecate without a replacement even though curated data still uses "
                        "the term (the build fails until those uses change).")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check, write nothing.")] = False,
    curated: CuratedOpt = None,
    fmt: EditFormatOpt = EditFormat.text,
    ontology: OntologyOpt = None,
) -> None:
    """Mark a term obsolete, the OBO way (never delete it).

    The term keeps its id; its label gets 'obsolete '; replaced_by (IAO:0100001) or consider,
    and the reason (IAO:0000231), are recorded; live children move to the replacement."""
    from kg.ontology.tools import deprecate_term
    from kg.output import to_json

    result = deprecate_term(term, reason, replaced_by, consider, ontology, curated,
                            force=force, dry_run=dry_run)
    if fmt is EditFormat.json:
        typer.echo(to_json(result))
        return
    verb = "would deprecate" if dry_run else "deprecated"
    instead = (f", replaced by {result['replaced_by']}" if result["replaced_by"]
               else f", consider {', '.join(result['consider'])}" if result["consider"] else "")
    typer.echo(f"{verb} {result['id']} ({result['label']}){instead}")
    for child in result["reparented"]:
        typer.echo(f"re-parented {child} to {result['replaced_by']}")
    for other in result["repointed"]:
        typer.echo(f"updated replaced_by/consider of obsolete term {other}")
    if result["uses"]:
        then = (f"the build rewrites them to {result['replaced_by']}, with a warning; "
                "update them when you can" if result["replaced_by"]
                else "the build fails until they change")
        typer.echo(f"still used in the curated data ({then}):")
        for loc in result["uses"]:
            typer.echo(f"  {loc}")


@ontology_app.command("check")
def check(
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] =
    CheckFormat.text,
    fail_on: Annotated[FailOn, typer.Option(
        "--fail-on", help="Exit 1 when an issue of this level or worse is found.")] =
    FailOn.ERROR,
    curated: CuratedOpt = None,
    skip_curated: Annotated[bool, typer.Option(
        "--skip-curated", help="Do not look for deprecated terms in the curated data.")] = False,
    rules: Annotated[bool, typer.Option("--rules", help="List the rules and exit.")] = False,
    ontology: OntologyOpt = None,
) -> None:
    """Quality control of the ontology files, like `robot report`.

    One line per issue (file:line: LEVEL: rule: message), then a count per rule; exit 1 on
    any ERROR (see --fail-on). --rules lists the rules."""
    from kg.ontology import check as qc

    if rules:
        for name, (level, text) in qc.RULES.items():
            typer.echo(f"{level:<10} {name:<28} {text}")
        return
    issues = qc.check_ontology(ontology, [] if skip_curated else curated)
    if fmt is CheckFormat.json:
        typer.echo(qc.render_json(issues, fail_on.value))
    else:
        from kg.problems import render_text

        typer.echo(render_text(issues, qc.issue_summary, kind="rule"))
    if qc.fails(issues, fail_on.value):
        raise typer.Exit(1)


@ontology_app.command("diff")
def diff(
    old: Annotated[str, typer.Argument(help="A git revision (v0.1, HEAD~3) or a folder.")],
    new: Annotated[str | None, typer.Argument(
        help="A git revision or a folder [default: the working tree's ontology folder].",
        show_default=False)] = None,
    fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] =
    DiffFormat.table,
    ontology: OntologyOpt = None,
) -> None:
    """What changed between two versions of the ontology, for release notes.

    Terms added, deprecated, relabelled, re-parented and re-mapped; categories, predicates
    and controlled values added or changed. OLD and NEW are git revisions or folders."""
    from kg.ontology.diff import diff as diff_versions
    from kg.ontology.diff import render_markdown
    from kg.output import print_rows, to_json

    result = diff_versions(old, new, ontology)
    if fmt is DiffFormat.json:
        typer.echo(to_json(result))
    elif fmt is DiffFormat.markdown:
        typer.echo(render_markdown(result), nl=False)
    elif not result["changes"] and fmt is DiffFormat.table:
        typer.echo(f"no changes from {result['old']} to {result['new']}")
    else:
        print_rows(result["changes"], Format(fmt.value),
                   title=f"{result['old']} -> {result['new']}",
                   columns=["kind", "id", "label", "change", "detail"])


@ontology_app.command("export")
def export(
    fmt: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="sssom: the mappings as SSSOM TSV; owl: the ontology as OWL "
                               "(Turtle); obo: the ontology in OBO format 1.4.")
    ] = ExportFormat.sssom,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write [default: standard output].")] = None,
    license_iri: Annotated[str | None, typer.Option(
        "--license", help="License IRI of the SSSOM mapping set [default: MIT].")] = None,
    ontology: OntologyOpt = None,
) -> None:
    """The cross-ontology mappings as SSSOM, or the whole ontology as OWL or OBO."""
    ont = _ontology(ontology)
    if fmt is ExportFormat.sssom:
        from kg.ontology import sssom

        text = sssom.to_sssom(ont, license_iri=license_iri or sssom.LICENSE)
    elif fmt is ExportFormat.obo:
        from kg.ontology.obo import to_obo

        text = to_obo(ont)
    else:
        text = _owl(ont)
    if output is None:
        typer.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {output}", err=True)


def _owl(ont: Any) -> str:
    from kg.problems import InputError

    try:
        from kg.rdf.owl import ontology_graph
    except ImportError as exc:
        raise InputError("OWL export needs kg/rdf/owl.py, which this installation lacks") from exc
    text = ontology_graph(ont).serialize(format="turtle")
    return text if isinstance(text, str) else text.decode("utf-8")
