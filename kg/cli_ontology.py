"""`alskg ontology ...`: tools for ontology maintainers (filled by the ontology work)."""

from __future__ import annotations

import typer

ontology_app = typer.Typer(help="List, add, deprecate, check and diff the project's terms.",
                           no_args_is_help=True)
