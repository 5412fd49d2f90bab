"""Human gene -> GO biological process annotations from NCBI's gene2go.

Each row (gene, GO term, evidence code) becomes a Finding "GENE is involved in TERM"
whose evidence is the ECO class GO maps the code to, and the edge gene `involved_in` term
that carries it. ND rows (no biological data) and NOT qualifiers are left out: they state
no involvement. Mechanisms defined over GO subtrees (ontology/terms.yaml `go_subtrees`)
reach these genes through the GO hierarchy; see kg/mechanisms.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Edge, Location, Node
from kg.ontology.model import Ontology
from kg.problems import Problem
from kg.yaml.read import display_path
from loaders.base import Item
from loaders.release import header, tsv_rows

GENE2GO_SOURCE = "alskg:gene2go"
COLUMNS = ["tax_id", "GeneID", "GO_ID", "Evidence", "Qualifier", "GO_term", "PubMed",
           "Category"]
HUMAN = "9606"

# GO evidence codes to ECO, as GO's gaf-eco-mapping.txt gives them (default mappings).
EVIDENCE_TO_ECO = {
    "EXP": "ECO:0000269",
    "IDA": "ECO:0000314",
    "IPI": "ECO:0000353",
    "IMP": "ECO:0000315",
    "IGI": "ECO:0000316",
    "IEP": "ECO:0000270",
    "HDA": "ECO:0007005",
    "HMP": "ECO:0007001",
    "HGI": "ECO:0007003",
    "HEP": "ECO:0007007",
    "IBA": "ECO:0000318",
    "ISS": "ECO:0000250",
    "ISO": "ECO:0000266",
    "ISA": "ECO:0000247",
    "ISM": "ECO:0000255",
    "IGC": "ECO:0000317",
    "RCA": "ECO:0000245",
    "TAS": "ECO:0000304",
    "NAS": "ECO:0000303",
    "IC": "ECO:0000305",
    "IEA": "ECO:0000501",
}
NO_DATA = "ND"


@dataclass
class Gene2GoSource:
    path: Path
    #: NCBI gene ids (NCBIGene:n) that are graph nodes; other genes' rows are skipped
    genes: set[str] | None = None
    #: gene id -> symbol, for readable statements
    symbols: dict[str, str] = field(default_factory=dict)
    source_id: str = GENE2GO_SOURCE
    version: str = ""

    def __post_init__(self) -> None:
        if not self.version:
            self.version = release_version(self.path)

    @property
    def release_id(self) -> str:
        """The Publication node standing for the release, cited by every annotation (the
        Bioconductor copy keeps no PubMed ids; where a gene2go file has them, they are cited
        as well)."""
        slug = re.sub(r"[^a-z0-9.]+", "-", self.version.lower()).strip("-")
        return f"alskg:{slug or 'gene2go'}"

    def read(self, ontology: Ontology) -> Iterator[Item]:
        name = display_path(self.path)
        release = self.version
        seen: set[str] = set()
        publications: set[str] = set()
        release_node = Node(id=self.release_id, category="Publication", name=release,
                            properties={"title": f"{release}: human gene to GO annotations "
                                                 "(ftp.ncbi.nlm.nih.gov/gene/DATA/gene2go)",
                                        "version": self.version,
                                        "publication_types": ["data release"]},
                            sources=[self.source_id], location=Location(name, 1))
        yield release_node
        for lineno, row in tsv_rows(self.path, COLUMNS):
            if row["tax_id"] != HUMAN or row["Category"] != "Process":
                continue
            code, qualifier = row["Evidence"], row["Qualifier"]
            if code == NO_DATA or qualifier.startswith("NOT"):
                continue
            if not row["GeneID"].isdigit():
                yield Problem(name, lineno, "warning", "bad-id",
                              f"GeneID '{row['GeneID']}' is not a number; row left out")
                continue
            gene = f"NCBIGene:{row['GeneID']}"
            if self.genes is not None and gene not in self.genes:
                continue
            eco = EVIDENCE_TO_ECO.get(code)
            if eco is None:
                yield Problem(name, lineno, "warning", "bad-value",
                              f"evidence code '{code}' has no ECO mapping here; row left out")
                continue
            term = row["GO_ID"]
            fid = f"alskg:gene2go-{gene.replace(':', '_')}-{term.replace(':', '_')}-{code}"
            if fid in seen:
                continue
            seen.add(fid)
            pmids = [f"PMID:{p}" for p in row["PubMed"].split("|") if p.isdigit()]
            citations = [*pmids, self.release_id]
            symbol = self.symbols.get(gene, gene)
            statement = (f"{symbol} is involved in {row['GO_term']} ({term}; GO evidence "
                         f"{code}; {release})")
            loc = Location(name, lineno)
            yield Node(id=fid, category="Finding", name=statement, sources=[self.source_id],
                       location=loc, properties={
                           "statement": statement, "subject": gene,
                           "predicate": "involved_in", "object": term, "evidence": eco,
                           "go_evidence": code, "release": release, "population": "any",
                           "model_system": "database", "citations": citations,
                           "study": ""})
            yield Edge(gene, "involved_in", term, self.source_id, findings=[fid],
                       citations=citations, location=loc)
            for cite in citations:
                if cite in pmids and cite not in publications:
                    publications.add(cite)
                    yield Node(id=cite, category="Publication", name=cite,
                               sources=[self.source_id], properties={"auto": True},
                               location=loc)
                yield Edge(fid, "cites", cite, self.source_id, findings=[fid], location=loc)


def release_version(path: Path) -> str:
    """'NCBI gene2go 2022-09-12' from the extract's header."""
    for line in header(path):
        if "release " in line:
            return "NCBI gene2go " + line.split("release ", 1)[1].split(",")[0].strip()
    return "NCBI gene2go (release unknown)"
