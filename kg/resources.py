"""What alskg reads at run time and ships with: the ontology, the canned queries, the
shipped curated knowledge and the Neo4j launcher sources.

In a wheel they are package data under ``kg/_shipped/`` (pyproject's force-include maps
the top-level folders there), read through importlib.resources; in a source checkout or an
editable install they are the top-level folders themselves. Nothing here is ever written:
maintainers who change the ontology work on a checkout or on a copy (``--ontology``).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# resource name -> folder in the source tree
SOURCE_LAYOUT = {
    "ontology": "ontology",
    "queries": "queries",
    "curated": "data/curated",
    "sources": "data/sources",
    "server": "server",
    "docs": "docs",
}


def resource_dir(name: str) -> Path:
    """The folder holding one kind of shipped resource."""
    if name not in SOURCE_LAYOUT:
        raise KeyError(name)
    packaged = files("kg") / "_shipped" / name
    if packaged.is_dir():
        # importlib.resources hands out real paths for packages installed on disk
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / SOURCE_LAYOUT[name]


def is_installed_copy(path: Path) -> bool:
    """True for files inside an installed wheel, which alskg must never write to."""
    shipped = Path(str(files("kg"))) / "_shipped"
    try:
        return Path(path).resolve().is_relative_to(shipped.resolve())
    except OSError:
        return False


def refuse_installed(path: Path, what: str) -> None:
    """Stop a write into the installed package, with the way out."""
    if is_installed_copy(path):
        from kg.problems import InputError

        raise InputError(f"{path}: {what} inside the installed alskg package, which is "
                         "read-only; copy the ontology folder and pass --ontology DIR "
                         "(or set ALSKG_ONTOLOGY)")
