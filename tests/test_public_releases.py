"""The public-release loaders on their shipped ALS extracts, the extract script, the
mechanisms defined over GO subtrees, gene name resolution and the retraction warning."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from kg import api, queries
from kg.backend import resolve
from kg.model import Edge, Node
from kg.problems import InputError, Problem
from kg.store.backend import EmbeddedBackend
from loaders.extract import als, releases
from loaders.extract.__main__ import als_gene_set, curated_gene_ids, named_go_terms
from loaders.gene2go import EVIDENCE_TO_ECO, Gene2GoSource
from loaders.go import GoSource
from loaders.hgnc import HgncSource
from loaders.mondo import MondoSource
from loaders.public import als_genes, extracts_dir
from loaders.retractions import RetractionsSource

SOURCES = extracts_dir()
TARDBP = "NCBIGene:23435"


@pytest.fixture(scope="module")
def ontology() -> Any:
    return api.load_ontology()


def _items(source: Any, ontology: Any) -> tuple[list[Node], list[Edge], list[Problem]]:
    items = list(source.read(ontology))
    return ([i for i in items if isinstance(i, Node)], [i for i in items if isinstance(i, Edge)],
            [i for i in items if isinstance(i, Problem)])


# -- each loader on its shipped extract ---------------------------------------------------

def test_go_extract(ontology: Any) -> None:
    source = GoSource(SOURCES / als.OUT[als.GO_OBO])
    nodes, edges, problems = _items(source, ontology)
    assert source.version == "GO 2022-07-01"
    assert len(nodes) == 2190 and not problems
    rna = next(n for n in nodes if n.id == "GO:0006396")
    assert rna.category == "BiologicalProcess" and rna.name == "RNA processing"
    assert rna.properties["definition"].startswith("Any process involved in the conversion of")
    up = {(e.predicate, e.object) for e in edges if e.subject == "GO:0006396"}
    assert up == {("subclass_of", "GO:0016070"), ("part_of", "GO:0010467")}
    ids = {n.id for n in nodes}
    assert all(e.object in ids for e in edges)


def test_gene2go_extract(ontology: Any) -> None:
    source = Gene2GoSource(SOURCES / als.OUT[als.GENE2GO], genes=set(als_genes()),
                           symbols={TARDBP: "TARDBP"})
    items, edges_all, problems = _items(source, ontology)
    assert source.version == "NCBI gene2go 2022-09-12"
    assert not problems
    release = [n for n in items if n.category == "Publication"]
    assert [(n.id, n.name) for n in release] == [("alskg:ncbi-gene2go-2022-09-12",
                                                   "NCBI gene2go 2022-09-12")]
    nodes = [n for n in items if n.category == "Finding"]
    edges = [e for e in edges_all if e.predicate == "involved_in"]
    # the 999 process rows of the 52 ALS genes (none of them ND), each citing the release
    assert len(nodes) == len(edges) == 999
    assert sum(e.predicate == "cites" for e in edges_all) == 999
    assert {n.properties["subject"] for n in nodes} == set(als_genes())
    row = next(n for n in nodes if n.id == "alskg:gene2go-NCBIGene_23435-GO_0008380-IDA")
    assert row.properties == {
        "statement": "TARDBP is involved in RNA splicing (GO:0008380; GO evidence IDA; "
                     "NCBI gene2go 2022-09-12)",
        "subject": TARDBP, "predicate": "involved_in", "object": "GO:0008380",
        "evidence": "ECO:0000314", "go_evidence": "IDA", "release": "NCBI gene2go 2022-09-12",
        "population": "any", "model_system": "database",
        "citations": ["alskg:ncbi-gene2go-2022-09-12"], "study": ""}
    edge = next(e for e in edges if e.findings == [row.id])
    assert (edge.subject, edge.predicate, edge.object, edge.source) == (
        TARDBP, "involved_in", "GO:0008380", "alskg:gene2go")
    by_code = {n.properties["go_evidence"]: n.properties["evidence"] for n in nodes}
    assert by_code == {code: EVIDENCE_TO_ECO[code] for code in by_code}
    assert by_code["IEA"] == "ECO:0000501" and by_code["IMP"] == "ECO:0000315"
    assert by_code["IBA"] == "ECO:0000318" and by_code["TAS"] == "ECO:0000304"
    assert set(by_code.values()) <= set(ontology.value_sets["evidence"])


def test_hgnc_extract(ontology: Any) -> None:
    source = HgncSource(SOURCES / als.OUT[als.HGNC], genes={TARDBP})
    assert len(source.rows()) == 43837
    nodes, edges, problems = _items(source, ontology)
    assert len(nodes) == 1 and not edges and not problems
    tdp = nodes[0]
    assert (tdp.id, tdp.name, tdp.xrefs) == (TARDBP, "TARDBP", ["HGNC:11571"])
    assert tdp.synonyms == ["TAR DNA binding protein", "TDP-43", "ALS10"]
    assert tdp.properties == {"symbol": "TARDBP", "full_name": "TAR DNA binding protein",
                              "hgnc_aliases": ["TDP-43", "ALS10"],
                              "uniprot": ["Q13148"], "ensembl": "ENSG00000120948"}
    kinds = {(key, kind) for key, kind, hgnc in source.names() if hgnc == "HGNC:11571"}
    assert kinds == {("tardbp", 0), ("tdp-43", 1), ("als10", 1), ("tar dna binding protein", 3)}
    assert ("HGNC:11571", TARDBP, "TARDBP", "TAR DNA binding protein") in set(source.gene_rows())


def test_mondo_extract(ontology: Any) -> None:
    source = MondoSource(SOURCES / als.OUT[als.MONDO])
    nodes, edges, problems = _items(source, ontology)
    assert len(nodes) == 41 and not problems
    root = next(n for n in nodes if n.id == "MONDO:0004976")
    assert root.name == "amyotrophic lateral sclerosis" and "Lou Gehrig disease" in root.synonyms
    assert not any(e.subject == "MONDO:0004976" for e in edges)  # its parents lie outside
    als10 = [n for n in nodes if "OMIM:612069" in n.xrefs]
    assert len(als10) == 1
    assert ("subclass_of", "MONDO:0004976") in {
        (e.predicate, e.object) for e in edges if e.subject == "MONDO:0005144"}


def test_mondo_joins_the_hpo_omim_diseases(shipped_store: Path) -> None:
    backend = EmbeddedBackend(shipped_store)
    omim = backend.node("OMIM:612069")
    assert omim is not None and any(x.startswith("MONDO:") for x in omim["xrefs"])
    up = {(e["predicate"], e["object"], e["source"]) for e in backend.edges_of("OMIM:612069")
          if e["subject"] == "OMIM:612069"}
    assert any(p == "subclass_of" and o.startswith("MONDO:") and s == "alskg:mondo"
               for p, o, s in up)


def test_retractions_extract(ontology: Any) -> None:
    source = RetractionsSource(SOURCES / als.OUT[als.RETRACTIONS])
    assert list(source.read(ontology)) == []
    assert len(source.retracted) == 19163 and "PMID:1281519" in source.retracted


def test_validate_warns_about_a_finding_citing_a_retracted_paper(tmp_path: Path) -> None:
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", tmp_path / "mini")
    findings = tmp_path / "mini" / "findings.yaml"
    text = findings.read_text()
    assert "citations: [clinicaltrials:NCT04768972]" in text
    findings.write_text(text.replace("citations: [clinicaltrials:NCT04768972]",
                                     "citations: [clinicaltrials:NCT04768972, PMID:1281519]",
                                     1))
    _, problems = api.validate([tmp_path / "mini"])
    retracted = [p for p in problems if p.kind == "retracted"]
    assert len(retracted) == 1 and retracted[0].level == "warning"
    assert retracted[0].file.endswith("findings.yaml") and retracted[0].line > 0
    assert "PMID:1281519" in retracted[0].message
    _, clean = api.validate([Path(__file__).parent / "fixtures" / "mini"])
    assert not [p for p in clean if p.kind == "retracted"]


# -- the extract script ------------------------------------------------------------------

def test_cut_reproduces_the_shipped_extracts_from_a_release(tmp_path: Path) -> None:
    """A release folder made of the shipped extracts plus rows the cut must drop (other
    genes' annotations, terms outside the ALS closure, MONDO terms outside the ALS subtree,
    a withdrawn HGNC entry): the cut gives back the shipped files byte for byte. (The full
    releases are not on a fresh CI machine; the same code cut them.)"""
    release = tmp_path / "release"
    release.mkdir()
    noise_rows = "9606\t672\tGO:0099998\tIDA\t-\ttest noise process\t-\tProcess\n" \
                 "9606\t23435\tGO:0005634\tIDA\t-\tnucleus\t-\tComponent\n"
    (release / als.GENE2GO).write_text(
        (SOURCES / als.OUT[als.GENE2GO]).read_text() + noise_rows)
    (release / als.GO_OBO).write_text(
        (SOURCES / als.OUT[als.GO_OBO]).read_text()
        + "\n[Term]\nid: GO:0099998\nname: test noise process\nnamespace: biological_process\n"
          "is_a: GO:0008150\n")
    (release / als.MONDO).write_text(
        (SOURCES / als.OUT[als.MONDO]).read_text()
        + "\n[Term]\nid: MONDO:0007254\nname: breast cancer\nxref: OMIM:114480\n")
    import gzip
    hgnc = gzip.decompress((SOURCES / als.OUT[als.HGNC]).read_bytes()).decode()
    hgnc += "HGNC:99999\tWITHDRAWNX\twithdrawn test entry\tEntry Withdrawn\t\t\t\t\t\n"
    (release / als.HGNC).write_text(hgnc)
    shutil.copy(SOURCES / als.OUT[als.RETRACTIONS], release / als.RETRACTIONS)
    (release / als.GENE2PUBMED).write_text(
        (SOURCES / als.OUT[als.GENE2PUBMED]).read_text()
        + "9606\t672\t8000000\n10090\t20655\t8000001\n")  # BRCA1; a mouse gene
    out = tmp_path / "out"
    written = als.cut(release, out, als_gene_set(), named_go_terms(), curated_gene_ids())
    assert len(written) == len(als.OUT)
    for name in als.OUT.values():
        assert (out / name).read_bytes() == (SOURCES / name).read_bytes(), name


ORG_HS_EG = Path("/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite")


@pytest.mark.skipif(not ORG_HS_EG.is_file(),
                    reason="Debian's r-bioc-org.hs.eg.db is not installed")
def test_gene2pubmed_extract_reproduces_from_the_debian_package(tmp_path: Path) -> None:
    """With the Debian package present, its gene2pubmed rows converted and cut give back the
    shipped extract byte for byte (the other releases as in the test above)."""
    release = tmp_path / "release"
    release.mkdir()
    date = releases.gene2pubmed(ORG_HS_EG, release / als.GENE2PUBMED)
    assert date == "2022-09-12"
    out = tmp_path / "out.tsv"
    als.cut_gene2pubmed(release / als.GENE2PUBMED, out,
                        set(als_gene_set()) | curated_gene_ids())
    assert out.read_bytes() == (SOURCES / als.OUT[als.GENE2PUBMED]).read_bytes()


def test_gene2pubmed_extract_covers_the_curated_genes() -> None:
    """Every ALS gene and every NCBIGene id of the curated data has its rows in the extract,
    under NCBI's column names and a header naming release, date and licence."""
    path = SOURCES / als.OUT[als.GENE2PUBMED]
    text = path.read_text()
    assert text.startswith("#! NCBI Gene gene2pubmed, human (tax 9606), release 2022-09-12")
    assert "#! licence: public domain (NCBI Gene; US government work)\n" in text
    assert "\n#tax_id\tGeneID\tPubMed_ID\n" in text
    genes = {f"NCBIGene:{line.split(chr(9))[1]}" for line in text.splitlines()
             if not line.startswith("#")}
    assert set(als_genes()) | curated_gene_ids() <= genes


def _debian_sample(tmp_path: Path) -> tuple[Path, Path]:
    """Two tiny SQLite files with the Debian packages' schema and real rows."""
    go = tmp_path / "GO.sqlite"
    con = sqlite3.connect(go)
    con.executescript("""
        CREATE TABLE metadata (name TEXT PRIMARY KEY, value TEXT);
        INSERT INTO metadata VALUES ('GOSOURCEDATE', '2022-07-01');
        CREATE TABLE go_term (_id INTEGER PRIMARY KEY, go_id TEXT, term TEXT, ontology TEXT,
                              definition TEXT);
        INSERT INTO go_term VALUES (1, 'all', 'all', 'universal', 'all');
        INSERT INTO go_term VALUES (2, 'GO:0008150', 'biological_process', 'BP', 'A process.');
        INSERT INTO go_term VALUES (3, 'GO:0006396', 'RNA processing', 'BP',
            'Any process involved in the conversion of one or more primary RNA transcripts '
            || 'into one or more mature RNA molecules.');
        INSERT INTO go_term VALUES (4, 'GO:0005634', 'nucleus', 'CC',
                                    'A "membrane-bounded" organelle.');
        CREATE TABLE go_synonym (_id INTEGER, synonym TEXT, secondary TEXT, like_go_id INTEGER);
        INSERT INTO go_synonym VALUES (3, 'RNA maturation', NULL, 0);
        INSERT INTO go_synonym VALUES (3, 'GO:0006394', 'GO:0006394', 1);
        CREATE TABLE go_bp_parents (_id INTEGER, _parent_id INTEGER, relationship_type TEXT);
        INSERT INTO go_bp_parents VALUES (2, 1, 'isa');
        INSERT INTO go_bp_parents VALUES (3, 2, 'isa');
        INSERT INTO go_bp_parents VALUES (3, 2, 'part of');
        CREATE TABLE go_mf_parents (_id INTEGER, _parent_id INTEGER, relationship_type TEXT);
        CREATE TABLE go_cc_parents (_id INTEGER, _parent_id INTEGER,
                                    relationship_type TEXT);
        CREATE TABLE go_obsolete (go_id TEXT, term TEXT, ontology TEXT, definition TEXT);
        INSERT INTO go_obsolete VALUES ('GO:0000005', 'obsolete ribosomal chaperone activity',
                                        'MF', '');
    """)
    con.commit()
    con.close()
    org = tmp_path / "org.Hs.eg.sqlite"
    con = sqlite3.connect(org)
    con.executescript("""
        CREATE TABLE metadata (name TEXT PRIMARY KEY, value TEXT);
        INSERT INTO metadata VALUES ('GOEGSOURCEDATE', '2022-Sep12');
        INSERT INTO metadata VALUES ('EGSOURCEDATE', '2022-Sep12');
        CREATE TABLE genes (_id INTEGER PRIMARY KEY, gene_id TEXT);
        INSERT INTO genes VALUES (7, '23435');
        INSERT INTO genes VALUES (8, '6647');
        CREATE TABLE pubmed (_id INTEGER, pubmed_id TEXT);
        INSERT INTO pubmed VALUES (8, '8446170');
        INSERT INTO pubmed VALUES (7, '20544928');
        INSERT INTO pubmed VALUES (8, '1281519');
        CREATE TABLE go_bp (_id INTEGER, go_id TEXT, evidence TEXT);
        INSERT INTO go_bp VALUES (7, 'GO:0006396', 'IEA');
        CREATE TABLE go_mf (_id INTEGER, go_id TEXT, evidence TEXT);
        CREATE TABLE go_cc (_id INTEGER, go_id TEXT, evidence TEXT);
        INSERT INTO go_cc VALUES (7, 'GO:0005634', 'IDA');
    """)
    con.commit()
    con.close()
    return go, org


def test_debian_sqlite_converts_to_go_basic_obo_and_gene2go(tmp_path: Path) -> None:
    go, org = _debian_sample(tmp_path)
    obo, g2g, g2p = releases.convert_debian(go, org, tmp_path / "full")
    assert g2p.read_text().splitlines() == [
        "#! NCBI Gene gene2pubmed, human (tax 9606), release 2022-09-12, via Debian "
        "r-bioc-org.hs.eg.db 3.16.0 (org.Hs.eg.sqlite, table pubmed)",
        "#! licence: public domain (NCBI Gene; US government work)",
        "#tax_id\tGeneID\tPubMed_ID",
        "9606\t6647\t1281519", "9606\t6647\t8446170", "9606\t23435\t20544928"]
    text = obo.read_text()
    assert "data-version: releases/2022-07-01\n" in text
    assert ("[Term]\nid: GO:0006396\nname: RNA processing\nnamespace: biological_process\n"
            'def: "Any process involved in the conversion of one or more primary RNA '
            'transcripts into one or more mature RNA molecules." []\n'
            'synonym: "RNA maturation" RELATED []\nis_a: GO:0008150\n'
            "relationship: part_of GO:0008150\n") in text
    assert "is_a: all" not in text  # GO.db's artificial root stays out
    assert 'def: "A \\"membrane-bounded\\" organelle." []' in text
    assert "id: GO:0000005\nname: obsolete ribosomal chaperone activity\n" \
           "namespace: molecular_function\nis_obsolete: true" in text
    rows = [line for line in g2g.read_text().splitlines() if not line.startswith("#!")]
    assert rows == ["#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory",
                    "9606\t23435\tGO:0006396\tIEA\t-\tRNA processing\t-\tProcess",
                    "9606\t23435\tGO:0005634\tIDA\t-\tnucleus\t-\tComponent"]
    assert Gene2GoSource(g2g).version == "NCBI gene2go 2022-09-12"
    # and the loaders read what the converter wrote
    nodes = [i for i in GoSource(obo).read(api.load_ontology()) if isinstance(i, Node)]
    assert {n.id for n in nodes} == {"GO:0008150", "GO:0006396"}


# -- mechanisms over GO subtrees ----------------------------------------------------------

FRAGMENT_OBO = """format-version: 1.2
data-version: releases/2099-01-01

[Term]
id: GO:0008150
name: biological_process
namespace: biological_process

[Term]
id: GO:0006396
name: RNA processing
namespace: biological_process
is_a: GO:0008150

[Term]
id: GO:0008380
name: RNA splicing
namespace: biological_process
is_a: GO:0006396

[Term]
id: GO:0000398
name: mRNA splicing, via spliceosome
namespace: biological_process
relationship: part_of GO:0008380

[Term]
id: GO:0043484
name: regulation of RNA splicing
namespace: biological_process
is_a: GO:0008150
relationship: regulates GO:0008380
"""
FRAGMENT_GENE2GO = """#! hand-made fragment, release 2099-01-01
#tax_id\tGeneID\tGO_ID\tEvidence\tQualifier\tGO_term\tPubMed\tCategory
9606\t1\tGO:0000398\tIDA\t-\tmRNA splicing, via spliceosome\t123\tProcess
9606\t2\tGO:0043484\tIMP\t-\tregulation of RNA splicing\t-\tProcess
9606\t3\tGO:0006396\tND\t-\tRNA processing\t-\tProcess
9606\t4\tGO:0008380\tIDA\tNOT involved_in\tRNA splicing\t-\tProcess
9606\t5\tGO:0008380\tIDA\t-\tRNA splicing\t-\tFunction
10090\t6\tGO:0008380\tIDA\t-\tRNA splicing\t-\tProcess
9606\t7\tGO:0008380\tXYZ\t-\tRNA splicing\t-\tProcess
"""
FRAGMENT_HGNC = ("HGNC ID\tApproved symbol\tApproved name\tStatus\tAlias symbols\t"
                 "NCBI Gene ID(supplied by NCBI)\tUniProt ID(supplied by UniProt)\t"
                 "Previous symbols\tEnsembl gene ID\n"
                 + "".join(f"HGNC:{i}\tGENE{i}\tgene {i}\tApproved\t\t{i}\t\t\t\n"
                           for i in range(1, 8)))


def test_mechanism_closure_on_a_hand_made_go_fragment(tmp_path: Path) -> None:
    from loaders.ontology_terms import OntologyTermsSource

    (tmp_path / "go.obo").write_text(FRAGMENT_OBO)
    (tmp_path / "gene2go").write_text(FRAGMENT_GENE2GO)
    (tmp_path / "hgnc.tsv").write_text(FRAGMENT_HGNC)
    hgnc = HgncSource(tmp_path / "hgnc.tsv")
    sources = [OntologyTermsSource(), hgnc, GoSource(tmp_path / "go.obo"),
               Gene2GoSource(tmp_path / "gene2go", genes=set(hgnc.symbols()),
                             symbols=hgnc.symbols())]
    store = tmp_path / "g.db"
    counts, problems = api.build(sources=sources, store_path=store)
    assert counts is not None, [str(p) for p in problems]
    bad_code = [p for p in problems if p.kind == "bad-value"]
    assert len(bad_code) == 1 and bad_code[0].line == 9  # the XYZ evidence code
    backend = EmbeddedBackend(store)
    result = queries.run(backend, "genes-for-mechanism", {"mechanism": "RNA processing"})[1]
    # only gene 1: under GO:0006396 by part_of then is_a. Not gene 2 (regulates is no
    # part of the process), nor ND, NOT, function, mouse or unmapped rows
    assert [(r["gene"], r["via_id"], r["evidence"], r["source"], r["release"],
             r["citations"]) for r in result] == [
        ("GENE1", "GO:0000398", "ECO:0000314", "alskg:gene2go", "NCBI gene2go 2099-01-01",
         ["PMID:123", "alskg:ncbi-gene2go-2099-01-01"])]
    up = queries.run(backend, "mechanisms-for-gene", {"gene": "GENE1"})[1]
    assert [r["mechanism_id"] for r in up] == ["GO:0000398"]


def test_shipped_mechanisms_answer_from_gene2go(shipped_store: Path) -> None:
    backend = EmbeddedBackend(shipped_store)
    rna = queries.run(backend, "genes-for-mechanism", {"mechanism": "RNA processing"})[1]
    public = [r for r in rna if r["source"] == "alskg:gene2go"]
    assert {r["gene"] for r in public} == {"TARDBP", "FUS", "SETX", "HNRNPA1", "HNRNPA2B1",
                                          "SMN1", "TIA1"}
    assert all(r["via_id"].startswith("GO:") and r["evidence"].startswith("ECO:")
               and r["release"] == "NCBI gene2go 2022-09-12" for r in public)
    assert {r["source"] for r in rna} >= {"alskg:curated", "alskg:gene2go"}
    assert all(r["release"] is None for r in rna if r["source"] == "alskg:curated")
    prot = queries.run(backend, "genes-for-mechanism", {"mechanism": "proteostasis"})[1]
    genes = {r["gene"] for r in prot}
    assert len(genes) >= 10 and {"VCP", "OPTN", "SQSTM1", "TBK1"} <= genes
    tbk1 = [r for r in prot if r["gene"] == "TBK1" and r["source"] == "alskg:gene2go"]
    # positive regulation of macroautophagy, of xenophagy: under regulation of autophagy
    assert {r["via_id"] for r in tbk1} == {"GO:0016239", "GO:1904417"}
    mech = queries.run(backend, "mechanisms-for-gene", {"gene": "TBK1"})[1]
    assert "proteostasis" in next(r for r in mech if r["mechanism_id"] == "GO:0016239")[
        "mechanisms"]


# -- names ----------------------------------------------------------------------------------

def test_every_human_gene_resolves_and_ambiguous_aliases_list_candidates(
        shipped_store: Path) -> None:
    backend = EmbeddedBackend(shipped_store)
    assert resolve(backend, "C9orf72") == "NCBIGene:203228"
    assert resolve(backend, "TDP-43") == TARDBP
    assert resolve(backend, "DENND9") == "NCBIGene:203228"  # an HGNC alias of C9orf72
    # HGNC keeps disease names as aliases (ALS4 of SETX, ALS10 of TARDBP): the disease wins,
    # and of the disease the curated node that MONDO's names by exact cross-reference
    assert resolve(backend, "ALS4") == "OMIM:602433"
    assert resolve(backend, "ALS10") == "OMIM:612069"
    with pytest.raises(InputError, match=r"BRCA1 \(HGNC:1100, BRCA1 DNA repair associated, "
                                         r"NCBIGene:672\), which has no edges"):
        resolve(backend, "BRCA1")
    with pytest.raises(InputError) as err:
        resolve(backend, "A1")
    message = str(err.value)
    assert "alias of several human genes" in message
    for symbol in ("ATP6V0A1", "RFC1", "RFC2", "RFC4"):
        assert symbol in message
    assert resolve(backend, "ALS") == "alskg:als"  # the curated disease; not SOD1 (an alias)


def test_a_broken_release_file_is_one_line_naming_file_and_line(tmp_path: Path) -> None:
    ontology = api.load_ontology()
    short = tmp_path / "gene2go"
    short.write_text(FRAGMENT_GENE2GO + "9606\t8\tGO:0008380\n")
    with pytest.raises(InputError, match=r"gene2go:10: error: 3 columns, the header has 8"):
        list(Gene2GoSource(short).read(ontology))
    binary = tmp_path / "go.obo"
    binary.write_bytes(b"format-version: 1.2\n\n[Term]\nid: GO:1\nname: \xff\xfe\n")
    with pytest.raises(InputError, match=r"go.obo:5: error: not UTF-8 text"):
        list(GoSource(binary).read(ontology))
    headerless = tmp_path / "hgnc.tsv"
    headerless.write_text("HGNC ID\tApproved symbol\n")
    with pytest.raises(InputError, match=r"hgnc.tsv:1: error: missing columns Approved name"):
        HgncSource(headerless).rows()


def test_hgnc_names_cache_holds_the_same_rows(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from kg.store.db import HGNC_SCHEMA

    (tmp_path / "hgnc.tsv").write_text(FRAGMENT_HGNC.replace("\t\t6\t", "\tX6, Y6\t6\t"))
    source = HgncSource(tmp_path / "hgnc.tsv")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    cached = source.names_db(HGNC_SCHEMA)
    assert cached is not None and cached.parent == tmp_path / "cache" / "alskg" / "hgnc"
    con = sqlite3.connect(cached)
    assert con.execute("SELECT * FROM hgnc_names ORDER BY 1, 2, 3").fetchall() == \
        sorted(source.names())
    assert ("x6", 1, "HGNC:6") in source.names()
    assert con.execute("SELECT * FROM hgnc ORDER BY 1").fetchall() == sorted(source.gene_rows())
    con.close()
    assert source.names_db(HGNC_SCHEMA) == cached  # built once per release content
    (tmp_path / "ro").write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ro"))
    assert source.names_db(HGNC_SCHEMA) is None  # the build then fills the tables itself
    source.genes = {"NCBIGene:1"}  # one node; the other genes live in the names table only
    store = tmp_path / "g.db"
    counts, problems = api.build(sources=[source], store_path=store)
    assert counts is not None, problems
    with pytest.raises(InputError, match=r"'Y6' is the human gene GENE6 \(HGNC:6"):
        resolve(EmbeddedBackend(store), "Y6")


def test_build_sources_all_reads_full_releases_where_present(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    releases = tmp_path / "releases"
    releases.mkdir()
    # a "full" release folder: GO as shipped, a gene2go and an HGNC of their own
    shutil.copy(SOURCES / als.OUT[als.GO_OBO], releases / als.GO_OBO)
    (releases / als.GENE2GO).write_text(FRAGMENT_GENE2GO)
    (releases / als.HGNC).write_text(FRAGMENT_HGNC)
    monkeypatch.setenv("ALSKG_RELEASES", str(releases))
    store = tmp_path / "g.db"
    counts, problems = api.build(store_path=store, releases="all")
    assert counts is not None, [str(p) for p in problems if p.level == "error"]
    backend = EmbeddedBackend(store)
    meta_sources = backend.store.meta["sources"]
    assert meta_sources["alskg:gene2go"] == "NCBI gene2go 2099-01-01"
    assert backend.node("NCBIGene:7") is not None  # every gene of the full HGNC is a node
    rows = queries.run(backend, "genes-for-mechanism", {"mechanism": "GO:0006396"})[1]
    assert ("GENE1", "NCBI gene2go 2099-01-01") in {(r["gene"], r["release"]) for r in rows}
    monkeypatch.setenv("ALSKG_RELEASES", str(tmp_path / "empty"))
    with pytest.raises(InputError, match="no full release in"):
        api.build(store_path=store, releases="all")
