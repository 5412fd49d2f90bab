"""Citations cross-checked against NCBI gene2pubmed (kg/refs/gene2pubmed.py): the reader
(bounded, file:line errors) and the check, on small hand-written files. The PMIDs and gene
rows here are made up for the test unless said otherwise."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from kg import limits
from kg.problems import FileError
from kg.refs.gene2pubmed import (
    Gene2Pubmed,
    Unlinked,
    default_path,
    read_gene2pubmed,
    unchecked_genes,
    unlinked_citations,
)

HEADER = ("#! NCBI Gene gene2pubmed, test rows\n#! licence: public domain (NCBI Gene)\n"
          "#tax_id\tGeneID\tPubMed_ID\n")
ROWS = "9606\t6647\t1001\n9606\t6647\t1002\n9606\t2521\t2001\n10090\t20655\t3001\n"


def write(tmp_path: Path, text: str, name: str = "gene2pubmed.tsv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the reader ---------------------------------------------------------------------------

def test_reads_links_and_header(tmp_path: Path) -> None:
    table = read_gene2pubmed(write(tmp_path, HEADER + ROWS))
    assert table.links == {"NCBIGene:6647": {"PMID:1001", "PMID:1002"},
                           "NCBIGene:2521": {"PMID:2001"}, "NCBIGene:20655": {"PMID:3001"}}
    assert table.header == ("NCBI Gene gene2pubmed, test rows",
                            "licence: public domain (NCBI Gene)")
    assert table.linked("NCBIGene:6647", "PMID:1002")
    assert not table.linked("NCBIGene:2521", "PMID:1002")
    assert table.covers("NCBIGene:2521") and not table.covers("NCBIGene:1")


def test_reads_gzip_and_keeps_only_the_genes_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "gene2pubmed.gz"
    path.write_bytes(gzip.compress((HEADER + ROWS).encode()))
    table = read_gene2pubmed(path, genes=["NCBIGene:2521", "HGNC:4010"])
    assert table.links == {"NCBIGene:2521": {"PMID:2001"}}


def test_ncbi_file_without_release_lines_reads(tmp_path: Path) -> None:
    table = read_gene2pubmed(write(tmp_path, "#tax_id\tGeneID\tPubMed_ID\n" + ROWS))
    assert table.header == () and len(table.links) == 3


@pytest.mark.parametrize(("text", "line", "message"), [
    (HEADER + "9606\t6647\n", 4, "three whole numbers"),
    (HEADER + ROWS + "9606\t6647\tPMID:1\n", 8, "three whole numbers"),
    (HEADER + "9606\t6647\t1001\textra\n", 4, "three whole numbers"),
    (HEADER + "9606\t６６４７\t1001\n", 4, "three whole numbers"),  # fullwidth digits
    ("#! release\n9606\t6647\t1001\n", 2, "expected gene2pubmed's column line"),
    ("#tax_id\tGeneID\tPubMed\n" + ROWS, 1, "expected gene2pubmed's column line"),
    ("#! only a header\n", 1, "no gene2pubmed column line"),
    ("", 1, "no gene2pubmed column line"),
])
def test_bad_rows_are_errors_with_file_and_line(tmp_path: Path, text: str, line: int,
                                                message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(FileError, match=message) as err:
        read_gene2pubmed(path)
    assert err.value.line == line and err.value.file.endswith("gene2pubmed.tsv")
    assert str(err.value).startswith(f"{err.value.file}:{line}: ")


def test_undecodable_and_over_long_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bytes.tsv"
    path.write_bytes(HEADER.encode() + b"9606\t6647\t\xff\n")
    with pytest.raises(FileError, match="not UTF-8") as err:
        read_gene2pubmed(path)
    assert err.value.line == 4
    monkeypatch.setattr(limits, "RELEASE_LINE_CHARS", 20)
    with pytest.raises(FileError, match="line longer than 20 bytes") as err:
        read_gene2pubmed(write(tmp_path, HEADER + ROWS))
    assert err.value.line == 1


def test_limits_on_rows_links_and_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, HEADER + ROWS)
    monkeypatch.setattr(limits, "GENE2PUBMED_LINKS", 2)
    with pytest.raises(FileError, match="more than 2 links") as err:
        read_gene2pubmed(path)
    assert err.value.line == 6
    assert len(read_gene2pubmed(path, genes=["NCBIGene:6647"]).links) == 1  # 2 links kept
    monkeypatch.setattr(limits, "GENE2PUBMED_ROWS", 3)
    with pytest.raises(FileError, match="more than 3 rows"):
        read_gene2pubmed(path, genes=["NCBIGene:6647"])
    monkeypatch.setattr(limits, "GENE2PUBMED_FILE_BYTES", 10)
    with pytest.raises(FileError, match="the limit is 10"):
        read_gene2pubmed(path)


def test_pipes_and_folders_are_not_read(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="not a regular file"):
        read_gene2pubmed(tmp_path)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match="named pipe"):
        read_gene2pubmed(fifo)
    with pytest.raises(FileError, match="cannot read file"):
        read_gene2pubmed(tmp_path / "missing.tsv")


def test_shipped_extract_reads() -> None:
    table = read_gene2pubmed()
    assert default_path().name == "gene2pubmed.als.tsv"
    assert table.header[0].startswith("NCBI Gene gene2pubmed, human (tax 9606), release "
                                      "2022-09-12")
    # a real link: Rosen et al. 1993 (PMID 8446170), SOD1 mutations in familial ALS
    assert table.linked("NCBIGene:6647", "PMID:8446170")


# -- the check ----------------------------------------------------------------------------

TABLE = Gene2Pubmed({"NCBIGene:6647": frozenset({"PMID:1001", "PMID:1002"}),
                     "NCBIGene:2521": frozenset({"PMID:2001"})})


def finding(fid: str, subject: str, obj: str, *citations: str) -> dict[str, object]:
    return {"id": fid, "subject": subject, "predicate": "targets", "object": obj,
            "citations": list(citations)}


def test_findings_whose_citations_are_not_linked_to_their_gene() -> None:
    findings = [
        finding("F-linked", "alskg:tofersen", "NCBIGene:6647", "PMID:9", "PMID:1002"),
        finding("F-unlinked", "alskg:tofersen", "NCBIGene:6647", "PMID:9", "PMID:2001"),
        finding("F-subject", "NCBIGene:2521", "alskg:rna", "PMID:1001"),
        # two genes: linked to the first, not to the second
        finding("F-two", "NCBIGene:6647", "NCBIGene:2521", "PMID:1001"),
        finding("F-no-pmid", "alskg:tofersen", "NCBIGene:6647", "clinicaltrials:NCT02623699"),
        finding("F-no-gene", "alskg:tofersen", "alskg:als", "PMID:9"),
        finding("F-uncovered", "alskg:x", "NCBIGene:672", "PMID:9"),
    ]
    assert unlinked_citations(findings, TABLE) == [
        Unlinked("F-unlinked", "NCBIGene:6647", ("PMID:9", "PMID:2001")),
        Unlinked("F-subject", "NCBIGene:2521", ("PMID:1001",)),
        Unlinked("F-two", "NCBIGene:2521", ("PMID:1001",)),
    ]
    assert unchecked_genes(findings, TABLE) == {"NCBIGene:672"}


def test_findings_as_nodes_or_yaml() -> None:
    """A Finding node's properties with its id, or a raw curated finding: a lone citation
    string and repeated PMIDs are taken as written."""
    raw = {"id": "F", "subject": "NCBIGene:6647", "object": "NCBIGene:6647",
           "citations": "PMID:5"}
    assert unlinked_citations([raw], TABLE) == [Unlinked("F", "NCBIGene:6647", ("PMID:5",))]
    twice = finding("G", "NCBIGene:2521", "alskg:x", "PMID:5", "PMID:5")
    assert unlinked_citations([twice], TABLE)[0].pmids == ("PMID:5",)
    assert unlinked_citations([{"id": "H"}], TABLE) == []
