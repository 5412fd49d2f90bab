"""The ALS cut: from full releases in upstream formats to the extracts in data/sources/.

- als-genes.tsv: the ALS genes (HPO's ALS diseases' genes and the curated genes);
- gene2go.als.tsv: their biological-process rows of gene2go;
- gene2pubmed.als.tsv: the gene2pubmed rows (gene to PubMed links) of those genes and of
  every NCBIGene id the curated data names, so that a finding's citations can be checked
  against the genes it names (kg/refs/gene2pubmed.py);
- go-basic.als.obo: the GO terms those rows name, the mechanism subtree roots of
  ontology/terms.yaml and the curated processes, with every is_a/part_of ancestor;
- hgnc_complete_set.tsv.gz: every approved HGNC gene (the names table needs them all),
  HGNC's columns that alskg reads;
- mondo.als.obo: MONDO:0004976 (amyotrophic lateral sclerosis) and its subclasses;
- pubmed_retractions.tsv: the whole list (19k PMIDs), so any citation can be checked.

The output is a function of the inputs alone (sorted, gzip without a timestamp), so
running the cut again reproduces the shipped files byte for byte.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable
from pathlib import Path

from loaders.extract.releases import obo_escape
from loaders.hgnc import COLUMNS as HGNC_COLUMNS
from loaders.hgnc import STATUS
from loaders.release import Stanza, header, lines, obo_terms, tsv_rows

ALS_ROOT = "MONDO:0004976"
GENE2GO, GO_OBO, HGNC, MONDO, RETRACTIONS, GENE2PUBMED = (
    "gene2go", "go-basic.obo", "hgnc_complete_set.tsv", "mondo.obo", "pubmed_retractions.tsv",
    "gene2pubmed")
OUT = {"genes": "als-genes.tsv", GENE2GO: "gene2go.als.tsv", GO_OBO: "go-basic.als.obo",
       HGNC: "hgnc_complete_set.tsv.gz", MONDO: "mondo.als.obo",
       RETRACTIONS: "pubmed_retractions.tsv", GENE2PUBMED: "gene2pubmed.als.tsv"}


def _first_existing(folder: Path, name: str) -> Path:
    for candidate in (folder / name, folder / (name + ".gz")):
        if candidate.is_file():
            return candidate
    return folder / name


def write_stanza(fh: object, t: Stanza, keep: set[str] | None = None) -> None:
    out = [f"\n[Term]\nid: {t.id}\nname: {t.name}\n"]
    if t.namespace:
        out.append(f"namespace: {t.namespace}\n")
    if t.definition:
        out.append(f'def: "{obo_escape(t.definition)}" []\n')
    out += [f'synonym: "{obo_escape(s)}" EXACT []\n' for s in t.synonyms]
    out += [f"xref: {x}\n" for x in t.xrefs]
    out += [f"is_a: {p}\n" for p in t.is_a if keep is None or p in keep]
    out += [f"relationship: {r} {p}\n" for r, p in t.relationships
            if r == "part_of" and (keep is None or p in keep)]
    fh.write("".join(out))  # type: ignore[attr-defined]


def _obo_header(path: Path, extra: str) -> str:
    text = ["format-version: 1.2\n"]
    for _, line in lines(path):
        if line.startswith("["):
            break
        if line.startswith(("data-version:", "ontology:", "remark:")) and \
                not line.startswith("remark: ALS extract"):
            text.append(line + "\n")
    text.append(f"remark: {extra}\n")
    return "".join(text)


def cut_gene2go(src: Path, out: Path, genes: set[str]) -> set[str]:
    """The ALS genes' process rows; returns the GO terms they name."""
    terms: set[str] = set()
    with out.open("w", encoding="utf-8") as fh:
        for _, line in lines(src):
            if line.startswith("#"):
                fh.write(line + "\n")
                continue
            f = line.split("\t")
            if len(f) == 8 and f"NCBIGene:{f[1]}" in genes and f[7] == "Process":
                fh.write(line + "\n")
                terms.add(f[2])
    return terms


def cut_gene2pubmed(src: Path, out: Path, genes: set[str]) -> None:
    """The gene2pubmed rows of `genes` (NCBIGene ids), with the release's header lines.
    NCBI's full file holds every species; a gene id is one gene of one species."""
    with out.open("w", encoding="utf-8") as fh:
        for _, line in lines(src):
            if line.startswith("#"):
                fh.write(line + "\n")
                continue
            f = line.split("\t")
            if len(f) == 3 and f"NCBIGene:{f[1]}" in genes:
                fh.write(line + "\n")


def cut_go(src: Path, out: Path, wanted: set[str]) -> None:
    parents: dict[str, list[str]] = {}
    for t in obo_terms(src):
        if t.namespace == "biological_process" and not t.obsolete:
            parents[t.id] = t.is_a + [p for r, p in t.relationships if r == "part_of"]
    keep = _reach([t for t in wanted if t in parents], parents)
    with out.open("w", encoding="utf-8") as fh:
        fh.write(_obo_header(src, "ALS extract: biological process terms of the ALS genes' "
                                  "annotations and mechanism subtree roots, with ancestors"))
        for t in obo_terms(src):
            if t.id in keep:
                t.synonyms = []  # GO.db does not keep synonym scopes; names suffice here
                write_stanza(fh, t, keep)


def _reach(start: list[str], links: dict[str, list[str]]) -> set[str]:
    """Every term reachable from `start` over `links` (ancestors or descendants), start
    included."""
    keep: set[str] = set()
    stack = list(start)
    while stack:
        cur = stack.pop()
        if cur not in keep:
            keep.add(cur)
            stack.extend(links.get(cur, []))
    return keep


def cut_mondo(src: Path, out: Path) -> None:
    children: dict[str, list[str]] = {}
    for t in obo_terms(src):
        for p in t.is_a:
            children.setdefault(p, []).append(t.id)
    keep = _reach([ALS_ROOT], children)
    with out.open("w", encoding="utf-8") as fh:
        fh.write(_obo_header(src, f"ALS extract: {ALS_ROOT} and its subclasses"))
        for t in obo_terms(src):
            if t.id in keep:
                write_stanza(fh, t, keep)


def cut_hgnc(src: Path, out: Path) -> None:
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                              filename="") as gz:
        for line in header(src):
            gz.write(f"#! {line}\n".encode())
        gz.write(("\t".join(HGNC_COLUMNS) + "\n").encode())
        for _, row in tsv_rows(src, HGNC_COLUMNS):
            if row[STATUS] == "Approved":
                gz.write(("\t".join(row[c] for c in HGNC_COLUMNS) + "\n").encode())


def copy_text(src: Path, out: Path) -> None:
    with out.open("w", encoding="utf-8") as fh:
        for _, line in lines(src):
            fh.write(line + "\n")


def cut(release_dir: Path, out_dir: Path, genes: dict[str, str],
        extra_terms: Iterable[str], named_genes: Iterable[str] = ()) -> list[Path]:
    """Every extract from the releases in `release_dir`; `genes` is NCBIGene id -> symbol,
    `extra_terms` the GO terms the ontology and curated data name, `named_genes` the
    NCBIGene ids the curated data names (their gene2pubmed rows are kept too)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with (out_dir / OUT["genes"]).open("w", encoding="utf-8") as fh:
        fh.write("#! the ALS genes: genes of HPO's ALS diseases and the curated genes\n")
        fh.write("gene\tsymbol\n")
        for gid in sorted(genes, key=lambda g: int(g.split(":")[1])):
            fh.write(f"{gid}\t{genes[gid]}\n")
    terms = cut_gene2go(_first_existing(release_dir, GENE2GO), out_dir / OUT[GENE2GO],
                        set(genes))
    cut_go(_first_existing(release_dir, GO_OBO), out_dir / OUT[GO_OBO],
           terms | set(extra_terms))
    cut_hgnc(_first_existing(release_dir, HGNC), out_dir / OUT[HGNC])
    cut_mondo(_first_existing(release_dir, MONDO), out_dir / OUT[MONDO])
    copy_text(_first_existing(release_dir, RETRACTIONS), out_dir / OUT[RETRACTIONS])
    cut_gene2pubmed(_first_existing(release_dir, GENE2PUBMED), out_dir / OUT[GENE2PUBMED],
                    set(genes) | set(named_genes))
    return [out_dir / name for name in OUT.values()]
