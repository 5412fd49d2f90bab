"""`alskg sources ...`: the public releases alskg reads (data/sources/manifest.yaml)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.output import Format

sources_app = typer.Typer(help="The public releases: list them, download full releases.",
                          no_args_is_help=True)


@sources_app.command("list")
def list_sources(fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.table
                 ) -> None:
    """Each source: upstream URL, release, licence, attribution, shipped extract."""
    from kg import api
    from kg.output import print_rows

    print_rows(api.sources_list(), fmt, title="public releases")


@sources_app.command("fetch")
def fetch(
    name: Annotated[str, typer.Argument(help="The source, as `alskg sources list` names it.")],
    directory: Annotated[Path | None, typer.Option(
        "--dir", help="Releases folder [default: ALSKG_RELEASES, else the user cache].")
    ] = None,
    manifest: Annotated[Path | None, typer.Option(
        "--manifest", help="Another manifest file [default: the shipped one].")] = None,
) -> None:
    """Download a full release (progress, checksum, resume) for `alskg build --sources all`."""
    from kg import api

    def progress(done: int, total: int | None) -> None:
        if sys.stderr.isatty():
            of = f" of {total / 1e6:,.1f}" if total else ""
            sys.stderr.write(f"\r{done / 1e6:,.1f}{of} MB")
            sys.stderr.flush()

    result = api.sources_fetch(name, directory, manifest, progress)
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    how = "already present" if result["already"] else (
        "resumed and completed" if result["resumed"] else "downloaded")
    check = "checksum verified" if result.get("checked") or result["already"] else \
        "no pinned checksum in the manifest"
    typer.echo(f"{name}: {how}: {result['path']} ({result['bytes']:,} bytes, sha256 "
               f"{result['sha256']}; {check})")
