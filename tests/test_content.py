"""The shipped curated data (data/curated/): valid on its own, deep enough, every finding
cited by a primary source (the seed article's claims, uncited, are checked in docs/data.md,
not shipped as findings), identifiers well formed and only those the domain
facts give, no orphan nodes, and the key facts curators rely on.

Built from the curated files and the project's own terms only, so these tests do not
depend on the HPO loader.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from kg import api
from kg.build import GraphData
from kg.model import Edge, Node
from kg.ontology.model import Ontology, load_ontology
from loaders.curated import DEFAULT_DIR, CuratedSource
from loaders.ontology_terms import OntologyTermsSource
from tests.conftest import ROOT

SOD1, TARDBP, FUS, SPTLC1 = ("NCBIGene:6647", "NCBIGene:23435", "NCBIGene:2521",
                             "NCBIGene:10558")
JUVENILE_ALS = "alskg:juvenile-als"

# Trial registrations: the seven the project started from, and those the abstracts of the
# reading list name (NCT01492686 edaravone, PMID:28522181; NCT03127514 CENTAUR and
# NCT05021536 PHOENIX, AMX0035; NCT03626012 BIIB078, PMID:39059407). The metadata shipped
# for PubMed ids has no abstracts, so these are listed here, each checked by a curator.
REGISTERED_TRIALS = {
    "clinicaltrials:NCT02623699", "clinicaltrials:NCT03070119", "clinicaltrials:NCT04856982",
    "clinicaltrials:NCT04768972", "clinicaltrials:NCT03280056", "clinicaltrials:NCT02943850",
    "clinicaltrials:NCT05306457", "clinicaltrials:NCT01492686", "clinicaltrials:NCT03127514",
    "clinicaltrials:NCT05021536", "clinicaltrials:NCT03626012",
}
# Prefixes whose identifiers are issued by someone else (so they could be invented).
EXTERNAL_PREFIXES = {"PMID", "doi", "pmc", "clinicaltrials", "OMIM", "NCBIGene", "HGNC",
                     "MONDO", "CHEBI", "dbsnp", "clinvar", "ror"}


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology()


@pytest.fixture(scope="module")
def graph() -> GraphData:
    data, _ = api.validate(sources=[OntologyTermsSource(), CuratedSource([DEFAULT_DIR])])
    return data


@pytest.fixture(scope="module")
def findings(graph: GraphData) -> list[Node]:
    return [n for n in graph.nodes.values()
            if n.category == "Finding" and "alskg:curated" in n.sources]


def _entity_edges(graph: GraphData, subject: str, predicate: str, obj: str) -> list[Edge]:
    return [e for e in graph.edges.values()
            if (e.subject, e.predicate, e.object) == (subject, predicate, obj)]


def _primary_findings(findings: list[Node], subject: str, predicate: str,
                      obj: str | None = None) -> list[Node]:
    """The findings stating subject-predicate(-obj) that cite a PubMed paper and quote it."""
    return [f for f in findings if f.properties["subject"] == subject
            and f.properties["predicate"] == predicate
            and (obj is None or f.properties["object"] == obj)
            and any(c.startswith("PMID:") for c in f.properties["citations"])
            and f.properties.get("quote")]


# -- validity and size ----------------------------------------------------------------


def test_curated_data_has_no_problems(graph: GraphData) -> None:
    errors = [str(p) for p in graph.problems if p.level == "error"]
    assert errors == []
    warnings = [str(p) for p in graph.problems if p.level == "warning"]
    assert warnings == []


def test_at_least_400_findings_carry_their_quote(findings: list[Node]) -> None:
    """The evidence base: at least 400 findings, each quoting the paper it cites (the
    quotes themselves are checked against the abstracts by `make check-quotes`)."""
    quoted = [f for f in findings if f.properties.get("quote")]
    assert len(quoted) >= 400, len(quoted)
    # every finding that cites a paper quotes it; those without cite a registry or release
    for f in findings:
        if any(c.startswith("PMID:") for c in f.properties["citations"]):
            assert f.properties.get("quote"), f"{f.id} cites a paper without quoting it"


def test_every_finding_is_cited_and_stated(graph: GraphData, findings: list[Node]) -> None:
    cited = defaultdict(set)
    for e in graph.edges.values():
        if e.predicate == "cites":
            cited[e.subject].add(e.object)
    for f in findings:
        assert f.properties["citations"], f"{f.id} has no citation"
        assert cited[f.id] == set(f.properties["citations"]), f.id
        for c in f.properties["citations"]:
            assert c in graph.nodes, f"{f.id} cites {c}, which is not a node"
        # a plain-English statement, not the generated "subject predicate object" name
        statement = f.properties["statement"]
        generated = f"{f.properties['subject']} {f.properties['predicate']} "
        assert statement and statement != generated + f.properties["object"], f.id
        assert statement.endswith(".") and len(statement.split()) >= 4, f.id


def test_findings_carry_population_and_evidence(ontology: Ontology,
                                                findings: list[Node]) -> None:
    for f in findings:
        assert f.properties["population"] in ontology.value_sets["population"], f.id
        assert f.properties["evidence"] in ontology.value_sets["evidence"], f.id


# -- the seed article's claims, checked against primary findings -------------------------
# The seed article ("ALS research updates in children") has no identifier, so its claims are
# no findings; docs/data.md keeps the curator's verdict on each. The supported ones rest on
# these primary findings, each citing a PMID with a quote.


def test_no_finding_rests_on_the_seed_article(graph: GraphData,
                                             findings: list[Node]) -> None:
    assert "alskg:seed-article" not in graph.nodes
    assert not [f.id for f in findings if f.id.startswith("alskg:F-seed-")]
    links = [e for e in graph.edges.values() if e.predicate in ("supports", "contradicts")]
    assert links  # the primary findings still support and contradict one another
    assert not [e.id for e in links if e.object.startswith("alskg:F-seed-")]


@pytest.mark.parametrize("gene", [SOD1, TARDBP, FUS], ids=["SOD1", "TARDBP", "FUS"])
def test_each_seed_gene_causes_juvenile_als_in_a_quoted_paper(findings: list[Node],
                                                              gene: str) -> None:
    """The seed article's "SOD1, TARDBP and FUS are linked to familial ALS in children"."""
    hits = _primary_findings(findings, gene, "genetic_basis_for", JUVENILE_ALS)
    assert hits, f"no quoted juvenile-ALS finding for {gene}"
    assert any(f.properties["population"] in ("pediatric", "juvenile") for f in hits)


def test_genes_found_in_40_percent_of_juvenile_als(findings: list[Node]) -> None:
    """The seed article's "pediatric ALS more frequently involves specific mutations"."""
    hits = _primary_findings(findings, JUVENILE_ALS, "subclass_of", "alskg:als")
    assert any("40% of cases" in f.properties["quote"] for f in hits)


@pytest.mark.parametrize(("gene", "process"), [
    (FUS, "GO:0006396"), ("NCBIGene:23064", "GO:0006396"), (TARDBP, "GO:0008380"),
    ("NCBIGene:29978", "GO:0006511"), ("NCBIGene:80208", "GO:0006914")],
    ids=["FUS-RNA", "SETX-RNA", "TARDBP-splicing", "UBQLN2-proteasome", "SPG11-autophagy"])
def test_rna_processing_and_proteostasis_genes(findings: list[Node], gene: str,
                                               process: str) -> None:
    """The seed article's RNA-processing and protein-homeostasis mechanisms."""
    assert _primary_findings(findings, gene, "involved_in", process)


def test_a_monitoring_biomarker_in_children(findings: list[Node]) -> None:
    """The seed article's "biomarkers could change how clinicians monitor ALS in children":
    NfL, for an ALS2-spectrum disease in children; no diagnostic one exists for JALS."""
    hits = [f for f in _primary_findings(findings, "alskg:nfl", "biomarker_for")
            if f.properties["population"] == "pediatric"
            and "monitoring" in f.properties.get("qualifiers", {}).get("role", [])]
    assert hits


def test_the_seed_claims_keep_their_verdicts_in_the_docs() -> None:
    """Each of the article's 26 claims is a row of docs/data.md's table, with its verdict."""
    text = (ROOT / "docs" / "data.md").read_text(encoding="utf-8")
    section = text.split("### The seed article's claims, checked", 1)[1].split("\n#", 1)[0]
    rows = [ln for ln in section.splitlines() if ln.startswith("| ") and "---" not in ln][1:]
    verdicts = [r.split(" | ")[1] for r in rows]
    assert len(rows) == 26
    assert verdicts.count("supported") == 10
    assert verdicts.count("no primary evidence in the reading list") == 16


# -- identifiers ------------------------------------------------------------------------


def test_every_id_matches_its_prefix_pattern(ontology: Ontology, graph: GraphData) -> None:
    ids = set(graph.nodes)
    for e in graph.edges.values():
        ids |= {e.subject, e.object, *e.findings, *e.citations}
    for n in graph.nodes.values():
        ids |= set(n.xrefs)
    bad = {i: ontology.curie_problem(i) for i in ids if ontology.curie_problem(i)}
    assert bad == {}


def test_every_entity_uses_a_prefix_its_category_allows(ontology: Ontology,
                                                        graph: GraphData) -> None:
    def allowed(category: str) -> set[str]:
        cat = ontology.categories[category]
        if cat.prefixes:
            return set(cat.prefixes)
        return set().union(*(allowed(p) for p in cat.parents)) if cat.parents else set()

    for n in graph.nodes.values():
        assert n.id.split(":", 1)[0] in allowed(n.category), f"{n.id} as {n.category}"


def test_every_external_identifier_is_backed_by_a_shipped_source(graph: GraphData) -> None:
    """No invented identifier: every PMID has its PubMed record in the shipped metadata
    (cut from the reading list), every NCBI Gene and HGNC id is a row of the HGNC table
    with the symbol the entity gives, every OMIM and MONDO id is one the HPO release or the
    MONDO extract holds, and every trial registration is one a curator checked."""
    import gzip

    from kg.refs.cache import shipped_records
    from loaders.hpo import HPOA, default_data_dir
    from loaders.public import extracts_dir

    used = set(graph.nodes)
    for e in graph.edges.values():
        used |= {e.subject, e.object, *e.citations}
    for n in graph.nodes.values():
        used |= set(n.xrefs)
    by_prefix: dict[str, set[str]] = defaultdict(set)
    for i in used:
        prefix = i.split(":", 1)[0]
        if prefix in EXTERNAL_PREFIXES:
            by_prefix[prefix].add(i)
    assert not by_prefix["doi"] and not by_prefix["pmc"], "cite a paper by its PMID"
    records = shipped_records()
    assert {p for p in by_prefix["PMID"] if p.split(":")[1] not in records} == set()
    assert by_prefix["clinicaltrials"] - REGISTERED_TRIALS == set()
    rows = [line.split("\t") for line in gzip.decompress(
        (extracts_dir() / "hgnc_complete_set.tsv.gz").read_bytes()).decode().splitlines()
        if line.startswith("HGNC:")]
    symbol_of = {f"NCBIGene:{r[5]}": r[1] for r in rows if r[5]}
    hgnc_of = {f"NCBIGene:{r[5]}": r[0] for r in rows if r[5]}
    for gene in sorted(by_prefix["NCBIGene"]):
        assert gene in symbol_of, gene
        node = graph.nodes.get(gene)
        if node is not None and node.properties.get("symbol"):
            assert node.properties["symbol"] == symbol_of[gene], gene
            assert set(x for x in node.xrefs if x.startswith("HGNC:")) <= {hgnc_of[gene]}, gene
    assert by_prefix["HGNC"] <= set(hgnc_of.values())
    hpo_dir = default_data_dir()
    assert hpo_dir is not None
    hpoa = (hpo_dir / HPOA).read_text(encoding="utf-8")
    hpo_ids = {line.split("\t", 1)[0] for line in hpoa.splitlines()
               if line.startswith("OMIM:")}
    mondo = (extracts_dir() / "mondo.als.obo").read_text(encoding="utf-8")
    for disease in sorted(by_prefix["OMIM"] | by_prefix["MONDO"]):
        assert disease in hpo_ids or f"id: {disease}\n" in mondo \
            or f"xref: {disease}\n" in mondo, disease


# -- graph shape ------------------------------------------------------------------------


def test_no_orphan_nodes(graph: GraphData) -> None:
    linked = set()
    for e in graph.edges.values():
        linked |= {e.subject, e.object}
    orphans = sorted(n.id for n in graph.nodes.values()
                     if n.category != "Publication" and n.id not in linked)
    # ER-mitochondria signalling (ontology/terms.yaml) was linked only by a SIGMAR1 finding
    # that no reading-list abstract supports; it was dropped, and the term is now unused.
    # Pediatric ALS, pediatric onset and the stem-cell modes of action (immune modulation,
    # regeneration) were linked only by the seed article's claims, which no reading-list
    # abstract supports (docs/data.md); they stay as names a user's findings can use.
    assert orphans == ["HP:0410280", "alskg:0000005", "alskg:0000006", "alskg:0000009",
                       "alskg:pediatric-als"]


def test_every_finding_edge_names_its_finding(graph: GraphData,
                                              findings: list[Node]) -> None:
    for f in findings:
        p = f.properties
        edges = _entity_edges(graph, p["subject"], p["predicate"], p["object"])
        assert any(f.id in e.findings for e in edges), f.id


# -- key facts --------------------------------------------------------------------------


def test_ulefnersen_targets_fus_and_is_tested_by_fusion(graph: GraphData) -> None:
    assert _entity_edges(graph, "alskg:ulefnersen", "targets", FUS)
    assert _entity_edges(graph, "clinicaltrials:NCT04768972", "tests", "alskg:ulefnersen")
    fusion = graph.nodes["clinicaltrials:NCT04768972"]
    # no abstract in the reading list names FUSION, so its phase and eligible ages are
    # unknown here (a missing field means unknown); they are never taken from memory
    assert "phase" not in fusion.properties
    assert "min_age_years" not in fusion.properties
    # the ages an abstract does state are recorded, with the paper in the description
    valor = graph.nodes["clinicaltrials:NCT02623699"].properties
    assert valor["min_age_years"] == 18 and "PMID:41661214" in valor["description"]
    edaravone = graph.nodes["clinicaltrials:NCT01492686"].properties
    assert (edaravone["min_age_years"], edaravone["max_age_years"]) == (20, 75)


def test_sptlc1_is_genetic_basis_for_als27(graph: GraphData) -> None:
    assert graph.nodes["OMIM:620285"].category == "Disease"
    edges = _entity_edges(graph, SPTLC1, "genetic_basis_for", "OMIM:620285")
    assert edges
    assert "PMID:34059824" in edges[0].citations


def test_tofersen_targets_sod1_and_was_approved(graph: GraphData) -> None:
    assert _entity_edges(graph, "alskg:tofersen", "targets", SOD1)
    assert _entity_edges(graph, "alskg:fda", "approves", "alskg:tofersen")
    assert _entity_edges(graph, "alskg:biogen", "sponsors", "clinicaltrials:NCT02623699")


# Trials whose sponsor no source in the reading list names (the PHOENIX review says only
# "the sponsor company"); every other trial must have one.
UNNAMED_SPONSOR = {"clinicaltrials:NCT05021536"}


def test_every_trial_has_a_sponsor_and_a_therapy(graph: GraphData) -> None:
    trials = [n.id for n in graph.nodes.values() if n.category == "ClinicalTrial"]
    assert len(trials) >= 7
    for t in trials:
        has_sponsor = any(e.predicate == "sponsors" and e.object == t
                          for e in graph.edges.values())
        assert has_sponsor == (t not in UNNAMED_SPONSOR), f"{t} sponsor"
        assert any(e.predicate == "tests" and e.subject == t
                   for e in graph.edges.values()), f"{t} tests nothing"


@pytest.mark.parametrize(("finding", "target"), [
    # Project MinE's review disputes the same edge the family study asserts
    ("alskg:F-prot-TIA1-causality-premature", "alskg:F-prot-TIA1-ALS26"),
])
def test_contradictions_are_recorded(graph: GraphData, finding: str, target: str) -> None:
    assert _entity_edges(graph, finding, "contradicts", target)


def test_valor_missed_endpoint_is_a_negated_treats(graph: GraphData,
                                                   findings: list[Node]) -> None:
    """VALOR's missed primary endpoint is a negated tofersen-treats-ALS1 finding quoting
    the published report; it contradicts nothing (a biomarker judged likely to predict
    benefit and a missed clinical endpoint can both be true). NurOwn's result has no
    published report in the reading list, so no finding records it."""
    valor = next(f for f in findings if f.id == "alskg:F-trial-VALOR-missed-endpoint")
    p = valor.properties
    assert (p["subject"], p["predicate"], p["object"]) == (
        "alskg:tofersen", "treats", "OMIM:105400")
    assert p.get("negated") is True and "PMID:36129998" in p["citations"]
    assert not _entity_edges(graph, valor.id, "contradicts", "alskg:F-bio-nfl-surrogate")
    assert not any(f.id == "alskg:F-trial-NurOwn-missed" for f in findings)
    assert _entity_edges(graph, "alskg:tofersen", "lowers", "alskg:nfl")


def test_no_jals_biomarker_does_not_contradict_the_seed_hope(graph: GraphData) -> None:
    """"No specific JALS biomarker exists" (Sgobbi de Souza 2024) and "research aims to find
    one" (seed article) can both be true: the finding stays negated, with no contradiction."""
    finding = graph.nodes["alskg:F-bio-jals-no-biomarker"].properties
    assert finding["negated"] is True
    assert finding["citations"] == ["PMID:38540369"]
    assert "contradicts" not in finding
    assert not [e for e in graph.edges.values()
                if e.subject == "alskg:F-bio-jals-no-biomarker" and e.predicate == "contradicts"]


def test_juvenile_gene_set_is_complete(graph: GraphData) -> None:
    """Each juvenile-ALS gene of the domain facts causes its OMIM form."""
    expected = {
        "NCBIGene:57679": "OMIM:205100", "NCBIGene:23064": "OMIM:602433",
        "NCBIGene:80208": "OMIM:602099", "NCBIGene:2521": "OMIM:608030",
        "NCBIGene:10280": "OMIM:614373", "NCBIGene:6647": "OMIM:105400",
        "NCBIGene:23435": "OMIM:612069", "NCBIGene:29978": "OMIM:300857",
        "NCBIGene:10558": "OMIM:620285",
    }
    for gene, disease in expected.items():
        assert _entity_edges(graph, gene, "genetic_basis_for", disease), (gene, disease)
