"""`alskg export ...` and `alskg import ...`: RDF interchange (filled by the RDF work)."""

from __future__ import annotations

import typer

export_app = typer.Typer(help="Export the graph as RDF, the ontology as OWL, and check exports.",
                         no_args_is_help=True)
import_app = typer.Typer(help="Import an RDF export back into the record model.",
                         no_args_is_help=True)
