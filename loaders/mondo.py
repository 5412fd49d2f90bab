"""The MONDO disease ontology (mondo.obo): MONDO terms as Disease nodes with their
synonyms, OMIM cross-references and `subclass_of` edges. After every loader has run,
`link` joins MONDO to the OMIM diseases of the HPO loader: an OMIM disease that a MONDO
term cross-references gets the MONDO id among its xrefs and a `subclass_of` edge to that
term, so it hangs in the MONDO tree."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Edge, Location, Node
from kg.ontology.model import Ontology
from kg.yaml.read import display_path
from loaders.base import Item
from loaders.release import header, obo_terms

MONDO_SOURCE = "alskg:mondo"


@dataclass
class MondoSource:
    path: Path
    source_id: str = MONDO_SOURCE
    version: str = ""

    def __post_init__(self) -> None:
        if not self.version:
            lines = [h for h in header(self.path) if not h.startswith("licence")]
            self.version = lines[0] if lines else "MONDO (release unknown)"

    def read(self, ontology: Ontology) -> Iterator[Item]:
        name = display_path(self.path)
        seen: set[str] = set()
        edges: list[Edge] = []
        for t in obo_terms(self.path):
            if t.obsolete or not t.id.startswith("MONDO:"):
                continue
            seen.add(t.id)
            loc = Location(name, t.line)
            xrefs = sorted({x for x in t.xrefs if x.startswith("OMIM:")
                            and not ontology.curie_problem(x)})
            yield Node(id=t.id, category="Disease", name=t.name, synonyms=list(t.synonyms),
                       xrefs=xrefs, sources=[self.source_id], location=loc)
            edges += [Edge(t.id, "subclass_of", p, self.source_id, location=loc)
                      for p in t.is_a]
        # an extract holds a subtree: its root's parents are outside it
        yield from (e for e in edges if e.object in seen)

    def link(self, nodes: dict[str, Node]) -> Iterator[Edge]:
        """Edges from the graph's OMIM diseases to the MONDO terms that cross-reference
        them; the OMIM nodes get the MONDO id as an xref."""
        for node in list(nodes.values()):
            if self.source_id not in node.sources or not node.id.startswith("MONDO:"):
                continue
            for omim in node.xrefs:
                target = nodes.get(omim)
                if target is None or target.category != "Disease":
                    continue
                if node.id not in target.xrefs:
                    target.xrefs.append(node.id)
                yield Edge(omim, "subclass_of", node.id, self.source_id,
                           location=node.location)
