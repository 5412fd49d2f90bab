"""Citations cross-checked against NCBI gene2pubmed: does a finding that names a gene cite
a paper NCBI links to that gene?

NCBI's gene2pubmed links each gene to the PubMed ids of the papers about it (columns
`#tax_id`, `GeneID`, `PubMed_ID`). alskg ships the rows of the ALS genes and of every
gene the curated data names (data/sources/gene2pubmed.als.tsv, cut by loaders/extract);
NCBI's full file (gene2pubmed.gz, every species) reads the same way.

A finding is reported for a gene it names (its subject or object is an `NCBIGene:` id)
when it cites at least one PMID and none of them is linked to that gene. Such a finding is
not wrong: gene2pubmed is incomplete, and a paper can support a claim about a gene without
NCBI indexing it under that gene. It is worth a curator's look. A gene that gene2pubmed
has no row for (outside the extract) is not checked, and `unchecked_genes` names it.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from kg import limits
from kg.problems import FileError

COLUMNS = ("#tax_id", "GeneID", "PubMed_ID")
EXTRACT = "gene2pubmed.als.tsv"
GENE, PMID = "NCBIGene:", "PMID:"
_ROW = re.compile(r"[0-9]+\t([0-9]+)\t([0-9]+)")


@dataclass(frozen=True)
class Gene2Pubmed:
    """gene2pubmed as read: NCBIGene id -> the PMIDs (`PMID:N`) linked to it, and the
    file's `#!` header lines (release, date, licence)."""

    links: Mapping[str, frozenset[str]]
    header: tuple[str, ...] = ()

    def covers(self, gene: str) -> bool:
        """Whether gene2pubmed has rows for `gene` (else nothing can be said about it)."""
        return gene in self.links

    def linked(self, gene: str, pmid: str) -> bool:
        return pmid in self.links.get(gene, ())

    @cached_property
    def newest(self) -> int:
        """The highest PMID of the release (0 when empty): PubMed ids grow with time, so a
        paper numbered past it came out after the release, which says nothing about it."""
        return max((int(p.split(":", 1)[1]) for ps in self.links.values() for p in ps),
                   default=0)


def default_path() -> Path:
    """The shipped extract."""
    from loaders.public import extracts_dir

    return extracts_dir() / EXTRACT


def shipped_gene2pubmed() -> Gene2Pubmed:
    """The shipped extract, read once per process while the file stays the same: a
    workspace is validated many times by the web explorer, the MCP server and the tests,
    and reading the file is most of a small workspace's validation."""
    path = default_path()
    stat = path.stat()
    return _read_once(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=2)
def _read_once(path: str, mtime_ns: int, size: int) -> Gene2Pubmed:
    return read_gene2pubmed(Path(path))


def _lines(path: Path, shown: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of a regular file (gzipped if its name ends in .gz), each line
    held to kg.limits.RELEASE_LINE_CHARS and decoded on its own."""
    raw = limits.open_regular(path, limits.GENE2PUBMED_FILE_BYTES, shown)
    with raw, (gzip.GzipFile(fileobj=raw, mode="rb") if path.suffix == ".gz" else raw) as fh:
        yield from limits.read_lines(fh, shown, limits.RELEASE_LINE_CHARS)


def read_gene2pubmed(path: Path | None = None,
                     genes: Iterable[str] | None = None) -> Gene2Pubmed:
    """gene2pubmed from `path` (default: the shipped extract); with `genes` (NCBIGene ids),
    only their rows are kept, so NCBI's full file can be read in little memory. A row that
    is not three whole numbers under NCBI's column names, more than
    kg.limits.GENE2PUBMED_ROWS rows or more than kg.limits.GENE2PUBMED_LINKS links kept is
    an error naming file and line."""
    path = path or default_path()
    from kg.yaml.read import display_path

    shown = display_path(path)
    wanted = None if genes is None else {g for g in genes if g.startswith(GENE)}
    links: dict[str, set[str]] = {}
    header: list[str] = []
    kept = rows = 0
    seen_columns = False
    for n, line in _lines(path, shown):
        if line.startswith("#!"):
            header.append(line[2:].strip())
            continue
        if not seen_columns:
            if tuple(line.split("\t")) != COLUMNS:
                raise FileError(shown, n, "expected gene2pubmed's column line "
                                          f"'#tax_id<TAB>GeneID<TAB>PubMed_ID', got '{line[:80]}'")
            seen_columns = True
            continue
        if not line:
            continue
        rows += 1
        if rows > limits.GENE2PUBMED_ROWS:
            raise FileError(shown, n, f"more than {limits.GENE2PUBMED_ROWS:,} rows; the limit "
                                      "is kg.limits.GENE2PUBMED_ROWS (docs/security.md)")
        m = _ROW.fullmatch(line)
        if m is None:
            raise FileError(shown, n, "a gene2pubmed row is three whole numbers (tax_id, "
                                      f"GeneID, PubMed_ID) separated by tabs, got '{line[:80]}'")
        gene = GENE + m[1]
        if wanted is not None and gene not in wanted:
            continue
        kept += 1
        if kept > limits.GENE2PUBMED_LINKS:
            raise FileError(shown, n, f"more than {limits.GENE2PUBMED_LINKS:,} links; the "
                                      "limit is kg.limits.GENE2PUBMED_LINKS (docs/security.md)")
        links.setdefault(gene, set()).add(PMID + m[2])
    if not seen_columns:
        raise FileError(shown, 1, "no gene2pubmed column line ('#tax_id<TAB>GeneID<TAB>"
                                  "PubMed_ID')")
    return Gene2Pubmed({g: frozenset(p) for g, p in links.items()}, tuple(header))


@dataclass(frozen=True)
class Unlinked:
    """A finding that names `gene` and cites `pmids`, none of which gene2pubmed links to
    that gene."""

    finding: str
    gene: str
    pmids: tuple[str, ...]


def _named_genes(finding: Mapping[str, Any]) -> list[str]:
    out = []
    for end in ("subject", "object"):
        value = finding.get(end)
        if isinstance(value, str) and value.startswith(GENE) and value not in out:
            out.append(value)
    return out


def _pmids(finding: Mapping[str, Any]) -> tuple[str, ...]:
    cites = finding.get("citations") or ()
    if isinstance(cites, str):
        cites = [cites]
    elif not isinstance(cites, list | tuple):  # a damaged file: validate reports it
        return ()
    return tuple(dict.fromkeys(c for c in cites if isinstance(c, str) and c.startswith(PMID)
                               and c[len(PMID):].isdigit()))


def unlinked_citations(findings: Iterable[Mapping[str, Any]],
                       table: Gene2Pubmed) -> list[Unlinked]:
    """For each finding (a mapping with `id`, `subject`, `object` and `citations`, as a
    curated finding is written, or a Finding node's properties with its id), each gene it
    names (an `NCBIGene:` subject or object that `table` covers) whose cited PMIDs include
    none that gene2pubmed links to it: one Unlinked, in the findings' order (subject before
    object). Findings citing no PMID (only trials, DOIs...) are not checked."""
    out = []
    for finding in findings:
        pmids = _pmids(finding)
        if not pmids:
            continue
        for gene in _named_genes(finding):
            if table.covers(gene) and not any(table.linked(gene, p) for p in pmids):
                out.append(Unlinked(str(finding.get("id", "")), gene, pmids))
    return out


def unchecked_genes(findings: Iterable[Mapping[str, Any]], table: Gene2Pubmed) -> set[str]:
    """The genes findings citing a PMID name that `table` has no row for (not checked)."""
    return {g for f in findings if _pmids(f) for g in _named_genes(f) if not table.covers(g)}
