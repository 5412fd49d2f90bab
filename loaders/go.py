"""The Gene Ontology (go-basic.obo, as GO publishes it): biological process terms as
BiologicalProcess nodes with their definitions, is_a as `subclass_of` and part_of as
`part_of` between them. Molecular function and cellular component terms are not read:
the graph links genes to processes. Read one stanza at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Edge, Location, Node
from kg.ontology.model import Ontology
from kg.yaml.read import display_path
from loaders.base import Item
from loaders.release import header, obo_terms

GO_SOURCE = "alskg:go"
NAMESPACE = "biological_process"


@dataclass
class GoSource:
    path: Path
    source_id: str = GO_SOURCE
    version: str = ""

    def __post_init__(self) -> None:
        if not self.version:
            self.version = release_version(self.path)

    def read(self, ontology: Ontology) -> Iterator[Item]:
        name = display_path(self.path)
        seen: set[str] = set()
        edges: list[Edge] = []
        for t in obo_terms(self.path):
            if t.obsolete or t.namespace != NAMESPACE:
                continue
            seen.add(t.id)
            loc = Location(name, t.line)
            props = {"definition": t.definition} if t.definition else {}
            yield Node(id=t.id, category="BiologicalProcess", name=t.name,
                       synonyms=list(t.synonyms), properties=props, sources=[self.source_id],
                       location=loc)
            edges += [Edge(t.id, "subclass_of", p, self.source_id, location=loc)
                      for p in t.is_a]
            edges += [Edge(t.id, "part_of", p, self.source_id, location=loc)
                      for rel, p in t.relationships if rel == "part_of"]
        # parents outside the process namespace (GO.db's 'all' root) are left out
        yield from (e for e in edges if e.object in seen)


def release_version(path: Path) -> str:
    """'GO 2022-07-01' from data-version: releases/2022-07-01."""
    for line in header(path):
        if line.startswith("releases/"):
            return "GO " + line.split("/", 1)[1]
    return "GO (release unknown)"
