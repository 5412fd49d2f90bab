"""The project's own terms (ontology/terms.yaml) as graph nodes, so curated findings can
point at mechanisms such as proteostasis. With the GO release loaded (`with_go`), each
GO subtree root a mechanism groups is `subclass_of` the mechanism, so genes annotated
anywhere under the root reach it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kg.model import Edge, Node
from kg.ontology.model import Ontology
from loaders.base import Item

ONTOLOGY_SOURCE = "alskg:ontology"


@dataclass
class OntologyTermsSource:
    source_id: str = ONTOLOGY_SOURCE
    version: str = "working copy"
    #: GO terms are in the graph (the GO loader runs), so subtree roots can be linked
    with_go: bool = False

    def read(self, ontology: Ontology) -> Iterator[Item]:
        for term in ontology.terms.values():
            if term.deprecated:
                continue
            props: dict[str, Any] = {"definition": term.definition}
            if term.mappings:
                props["mappings"] = list(term.mappings)
            yield Node(id=term.id, category=term.category, name=term.label,
                       synonyms=list(term.synonyms), properties=props,
                       sources=[self.source_id], location=term.location)
            for parent in term.parents:
                yield Edge(term.id, "part_of", parent, self.source_id, location=term.location)
            if self.with_go:
                for root in term.go_subtrees:
                    yield Edge(root, "subclass_of", term.id, self.source_id,
                               location=term.location)
