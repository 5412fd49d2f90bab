"""`alskg refs ...`: the PubMed records of the papers findings cite (kg/refs/)."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from kg import limits

refs_app = typer.Typer(help="PubMed records of cited papers: fetch them, show one, check "
                                "citations against NCBI gene2pubmed.",
                       no_args_is_help=True)


class ShowFormat(StrEnum):
    text = "text"
    json = "json"


def _pmids(values: list[str] | None) -> list[str] | None:
    """Each id as `PMID:n` or `n` (a usage error otherwise, exit 2)."""
    from kg.refs.cache import normalise_pmid

    if values is not None and len(values) > limits.REFS_FETCH_IDS:
        raise typer.BadParameter(f"{len(values):,} ids; the limit is {limits.REFS_FETCH_IDS:,}")
    for v in values or []:
        if normalise_pmid(v) is None:
            shown = v[:40].encode("unicode_escape").decode("ascii")
            raise typer.BadParameter(f"'{shown}' is not a PubMed id (PMID:n or n)")
    return values


def _pmid(value: str) -> str:
    _pmids([value])
    return value


@refs_app.command("fetch")
def fetch(
    pmids: Annotated[list[str] | None, typer.Argument(
        help="PubMed ids, as PMID:n or n.", callback=_pmids, show_default=False)] = None,
    missing: Annotated[bool, typer.Option(
        "--missing", help="Also every PMID the shipped and the workspace's findings cite "
                          "that the cache lacks.")] = False,
) -> None:
    """Download PubMed records from NCBI E-utilities into the reference cache.

    The cache is the workspace's .alskg/refs/, else refs/ in the user data folder. Cached
    PMIDs are skipped, so a rerun resumes. NCBI_API_KEY and ALSKG_EUTILS_EMAIL are sent
    when set."""
    from kg import api

    if not pmids and not missing:
        raise typer.BadParameter("give PubMed ids, or --missing", param_hint="PMIDS")

    def progress(message: str) -> None:
        if sys.stderr.isatty():
            typer.echo(message, err=True)

    result = api.refs_fetch(pmids or [], missing=missing, progress=progress)
    got = result["fetched"]
    typer.echo(f"{len(got)} record{'s' if len(got) != 1 else ''} fetched into "
               f"{result['directory']} ({result['already']} of {result['asked']} already "
               f"cached; {result['requests']} request{'s' if result['requests'] != 1 else ''})")
    if result["not_found"]:
        from kg.problems import InputError

        shown = ", ".join(f"PMID:{p}" for p in result["not_found"][:20])
        more = len(result["not_found"]) - 20
        raise InputError(f"PubMed's answer has no record for {shown}"
                         + (f" and {more} more" if more > 0 else ""))


@refs_app.command("show")
def show(
    pmid: Annotated[str, typer.Argument(help="A PubMed id, as PMID:n or n.",
                                        callback=_pmid)],
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.text,
) -> None:
    """A paper's record: title, authors, journal, year, DOI, types, retraction, abstract.

    Read from the reference cache, else from the shipped metadata (which has no
    abstracts)."""
    from kg import api
    from kg.problems import printable

    rec = api.refs_show(pmid)
    if fmt is ShowFormat.json:
        typer.echo(json.dumps(rec, ensure_ascii=False, indent=2))
        return
    rows = [("title", rec.get("title")), ("authors", ", ".join(rec.get("authors") or [])),
            ("journal", rec.get("journal")), ("year", rec.get("year")),
            ("DOI", rec.get("doi")), ("PMC", rec.get("pmc")),
            ("types", "; ".join(rec.get("publication_types") or [])),
            ("retracted", "yes" if rec.get("retracted") else "no"),
            ("record", "the reference cache" if rec["source"] == "cache"
             else "the shipped metadata (no abstract; 'alskg refs fetch' caches it)")]
    typer.echo(rec["id"])
    for key, value in rows:
        if value not in (None, ""):
            typer.echo(printable(f"  {key}: {value}"))
    if rec.get("abstract"):
        typer.echo("")
        typer.echo(printable(str(rec["abstract"])))


@refs_app.command("check")
def check(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Curated files or folders (default: the shipped data and the workspace's).",
        show_default=False)] = None,
    fmt: Annotated[ShowFormat, typer.Option("--format", "-f")] = ShowFormat.text,
) -> None:
    """Findings whose cited papers NCBI's gene2pubmed does not link to the gene they name
    (notes: worth a look, not errors), and every quote checked against the records at
    hand (the reference cache and ALSKG_REFS). Exit 1 only for a quote not found."""
    from kg import api
    from kg.problems import has_errors, render_json, render_text

    problems = api.refs_check(paths or None)
    if fmt is ShowFormat.json:
        typer.echo(render_json(problems))
    elif problems:
        typer.echo(render_text(problems), err=has_errors(problems))
    else:
        typer.echo("every finding's cited papers are linked to its genes; every quote found")
    if has_errors(problems):
        raise typer.Exit(1)
