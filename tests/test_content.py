"""The shipped curated data (data/curated/): valid on its own, deep enough, every finding
cited, every seed-article claim present, identifiers well formed and only those the domain
facts give, no orphan nodes, and the key facts curators rely on.

Built from the curated files and the project's own terms only, so these tests do not
depend on the HPO loader.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pytest

from kg import api
from kg.build import GraphData
from kg.model import Edge, Node
from kg.ontology.model import Ontology, load_ontology
from loaders.curated import DEFAULT_DIR, CuratedSource
from loaders.ontology_terms import OntologyTermsSource

SEED = "alskg:seed-article"
SOD1, TARDBP, FUS, SPTLC1 = ("NCBIGene:6647", "NCBIGene:23435", "NCBIGene:2521",
                             "NCBIGene:10558")
PEDIATRIC_ALS = "alskg:pediatric-als"
RNA_METABOLISM, PROTEOSTASIS = "alskg:0000001", "alskg:0000002"
NEUROTROPHIC, IMMUNE, REGENERATION = "alskg:0000004", "alskg:0000005", "alskg:0000006"

# Every external identifier the domain facts (shared/domain-facts.md) give. A citation or
# entity id outside this list is either a new source that a curator must add here after
# checking it, or an invented identifier.
KNOWN_EXTERNAL_IDS = {
    "PMID:34946884", "PMID:19251628", "PMID:20110243",
    "doi:10.1038/nature10353", "doi:10.1038/s41591-021-01346-1",
    "doi:10.1001/jamaneurol.2021.2598", "doi:10.3390/genes15030311",
    "pmc:PMC7818251", "pmc:PMC5546284", "pmc:PMC7303404",
    "clinicaltrials:NCT02623699", "clinicaltrials:NCT03070119",
    "clinicaltrials:NCT04856982", "clinicaltrials:NCT04768972",
    "clinicaltrials:NCT03280056", "clinicaltrials:NCT02943850",
    "clinicaltrials:NCT05306457",
    "OMIM:105400", "OMIM:205100", "OMIM:602433", "OMIM:602099", "OMIM:608030",
    "OMIM:614373", "OMIM:612069", "OMIM:300857", "OMIM:620285",
    "NCBIGene:57679", "NCBIGene:23064", "NCBIGene:80208", "NCBIGene:2521",
    "NCBIGene:10280", "NCBIGene:6647", "NCBIGene:23435", "NCBIGene:29978",
    "NCBIGene:10558", "HGNC:4010", "HGNC:11179", "HGNC:11571",
} | {
    # genetics curation: reading-list PMIDs quoted by the findings (kg.refs.check verifies
    # each quote against the paper), the OMIM ids of the ALS2 spectrum and of the other
    # disorders of the juvenile genes (from the HPO release 2025-01-16), HGNC ids from
    # data/sources/hgnc_complete_set.tsv.gz
    *(f"PMID:{n}" for n in (
        "7647793", "8209258", "8446170", "9029070", "9497266", "15106121", "16741123",
        "17469116", "18055113", "18372902", "20301333", "20301389", "20301761",
        "20579074", "20668261", "21842496", "21857683", "21907581", "23382207",
        "26284655", "28057713", "30079398", "34059824", "34459874", "35053075",
        "35075293", "35627278", "35900868", "36385230", "36801857", "37348646",
        "37497262", "37789566", "38540369", "39424348", "39666121", "40414239",
        "40439044", "40450581", "41511639", "42265995", "42392979", "42614182",
        "12627231", "15372378", "16501576", "17886298", "19118816", "22801503", "24119685",
        "24686783")),
    "OMIM:607225", "OMIM:606353", "OMIM:604360", "OMIM:606002", "OMIM:162400",
    "HGNC:443", "HGNC:445", "HGNC:11226", "HGNC:8157", "HGNC:12509", "HGNC:11277",
    # other classic ALS genes (ids as the HPO release 2025-01-16 and HGNC give them)
    "OMIM:608627", "OMIM:611895", "OMIM:612577", "OMIM:614808", "OMIM:615515", "OMIM:606070",
    "NCBIGene:283", "NCBIGene:9217", "NCBIGene:9896", "NCBIGene:5216", "NCBIGene:2066",
    "NCBIGene:9782", "NCBIGene:1639",
    "HGNC:483", "HGNC:12649", "HGNC:16873", "HGNC:8881", "HGNC:3432", "HGNC:6912", "HGNC:2711",
    # therapies and trials curation: PMIDs of the reading list (each quote checked by
    # kg.refs.check), the NCT numbers their abstracts give, and C9orf72 from the HGNC table
    "PMID:8302340", "PMID:28522181", "PMID:32640130", "PMID:32877582", "PMID:34059824",
    "PMID:35006266", "PMID:35075293", "PMID:35269543", "PMID:35585374", "PMID:35805149",
    "PMID:36129998", "PMID:37450244", "PMID:38470068", "PMID:38909349", "PMID:39059407",
    "PMID:39986312", "PMID:40414239", "PMID:41661214", "PMID:41670738", "PMID:42204279",
    "PMID:42406382", "PMID:42503607", "PMID:42759848",
    "clinicaltrials:NCT01492686", "clinicaltrials:NCT03127514",
    "clinicaltrials:NCT05021536", "clinicaltrials:NCT03626012",
    "NCBIGene:203228", "HGNC:28337",
}
# Identifiers the mechanisms curation added: PMIDs of the reading list (each finding quotes
# its abstract; kg.refs.check verifies them), NCBI Gene and HGNC ids from
# data/sources/hgnc_complete_set.tsv.gz, OMIM ids and names from the HPO release and MONDO
# ids from data/sources/mondo.als.obo.
MECHANISMS_EXTERNAL_IDS = {
    "HGNC:535", "HGNC:1591", "HGNC:4922", "HGNC:5031", "HGNC:5033", "HGNC:6912",
    "HGNC:7744", "HGNC:8881", "HGNC:10555", "HGNC:10577", "HGNC:11280", "HGNC:11584",
    "HGNC:11802", "HGNC:12649", "HGNC:12666", "HGNC:17142", "HGNC:23150", "HGNC:28337",
    "MONDO:0007105", "MONDO:0012077", "MONDO:0013264", "MONDO:0013501", "MONDO:0013891",
    "MONDO:0014181", "MONDO:0014641", "MONDO:0027694", "MONDO:0030875", "MONDO:0030885",
    "NCBIGene:311", "NCBIGene:899", "NCBIGene:3098", "NCBIGene:3178", "NCBIGene:3181",
    "NCBIGene:4750", "NCBIGene:5216", "NCBIGene:6311", "NCBIGene:7072", "NCBIGene:7415",
    "NCBIGene:8878", "NCBIGene:9217", "NCBIGene:9782", "NCBIGene:10133", "NCBIGene:11075",
    "NCBIGene:23025", "NCBIGene:29110", "NCBIGene:203228", "OMIM:105550", "OMIM:608627",
    "OMIM:613435", "OMIM:613954", "OMIM:614808", "OMIM:615426", "OMIM:616439",
    "OMIM:617839", "OMIM:619133", "OMIM:619141", "PMID:8446170", "PMID:8673102",
    "PMID:15106121", "PMID:15372378", "PMID:17469116", "PMID:18519638", "PMID:19664364",
    "PMID:20428114", "PMID:20740007", "PMID:21145000", "PMID:21842496", "PMID:21857683",
    "PMID:21944778", "PMID:22305801", "PMID:22312314", "PMID:22406228", "PMID:22801503",
    "PMID:23382207", "PMID:23455423", "PMID:23686809", "PMID:24686783", "PMID:25365221",
    "PMID:25577942", "PMID:25803835", "PMID:26250685", "PMID:26284655", "PMID:26473392",
    "PMID:27080313", "PMID:27455347", "PMID:28057713", "PMID:28148298", "PMID:28469040",
    "PMID:28817800", "PMID:29235362", "PMID:30643292", "PMID:30711676", "PMID:31036551",
    "PMID:32799899", "PMID:34059824", "PMID:34873335", "PMID:35075293", "PMID:35197626",
    "PMID:35197628", "PMID:35767949", "PMID:36927019", "PMID:37450244", "PMID:37996528",
    "PMID:38802173", "PMID:38979232", "PMID:39603486", "PMID:39986312", "PMID:40508048",
    "PMID:40819564", "PMID:41702846", "PMID:41838122", "PMID:41890591", "PMID:42541567", "PMID:20668261", "PMID:20579074",
}
# Identifiers added by the biomarkers/clinical curation, each checked: PMIDs of the reading
# list (shared/references/pubmed.jsonl) whose quotes kg.refs.check verifies; OMIM ids and
# gene-disease pairs from the HPO release 2025-01-16; NCBI Gene and HGNC ids from
# data/sources/hgnc_complete_set.tsv.gz.
KNOWN_EXTERNAL_IDS |= {
    "PMID:12690580", "PMID:14981520", "PMID:15122253", "PMID:15122254", "PMID:16364894",
    "PMID:18572081", "PMID:19664364", "PMID:20037588", "PMID:20301333", "PMID:20301389",
    "PMID:20301761", "PMID:22305801", "PMID:23141292", "PMID:26515619", "PMID:27117334",
    "PMID:29091570", "PMID:30079398", "PMID:32385188", "PMID:32640130", "PMID:33085325",
    "PMID:33369814", "PMID:33602010", "PMID:33661072", "PMID:34059824", "PMID:34320287",
    "PMID:34459874", "PMID:34819907", "PMID:34920148", "PMID:35053075", "PMID:35585374",
    "PMID:35611426", "PMID:35900868", "PMID:36129998", "PMID:36801857", "PMID:37348646",
    "PMID:37497262", "PMID:37789566", "PMID:38540369", "PMID:38802173", "PMID:39202358",
    "PMID:39207520", "PMID:39424348", "PMID:39666121", "PMID:40414239", "PMID:40439044",
    "PMID:41661214", "PMID:41670738", "PMID:42541567", "PMID:42698373",
    "OMIM:158580", "OMIM:158590", "OMIM:181405", "OMIM:253300", "OMIM:253400",
    "OMIM:253550", "OMIM:270685", "OMIM:600794", "OMIM:601472", "OMIM:604320",
    "OMIM:604360", "OMIM:605726", "OMIM:606002", "OMIM:606071", "OMIM:606353",
    "OMIM:606595", "OMIM:607225", "OMIM:607485", "OMIM:608634", "OMIM:611637",
    "OMIM:618912",
    "NCBIGene:2617", "NCBIGene:26353", "NCBIGene:26580", "NCBIGene:3315", "NCBIGene:3508",
    "NCBIGene:59341", "NCBIGene:60482", "NCBIGene:6606", "NCBIGene:6652",
    "HGNC:11117", "HGNC:11184", "HGNC:14025", "HGNC:15832", "HGNC:18083",
    "HGNC:30171", "HGNC:4162", "HGNC:5246", "HGNC:5542",
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


def _seed_findings(findings: list[Node], subject: str | None = None,
                   predicate: str | None = None, obj: str | None = None) -> list[Node]:
    out = []
    for f in findings:
        p: dict[str, Any] = f.properties
        if SEED not in p["citations"]:
            continue
        if subject and p["subject"] != subject or predicate and p["predicate"] != predicate:
            continue
        if obj and p["object"] != obj:
            continue
        out.append(f)
    return out


# -- validity and size ----------------------------------------------------------------


def test_curated_data_has_no_problems(graph: GraphData) -> None:
    errors = [str(p) for p in graph.problems if p.level == "error"]
    assert errors == []
    warnings = [str(p) for p in graph.problems if p.level == "warning"]
    assert warnings == []


def test_at_least_80_findings(findings: list[Node]) -> None:
    assert len(findings) >= 80, len(findings)


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


# -- the seed article -------------------------------------------------------------------


def test_seed_article_is_a_publication(graph: GraphData) -> None:
    assert graph.nodes[SEED].category == "Publication"


@pytest.mark.parametrize("gene", [SOD1, TARDBP, FUS], ids=["SOD1", "TARDBP", "FUS"])
def test_seed_links_each_gene_to_familial_pediatric_als(findings: list[Node],
                                                        gene: str) -> None:
    hits = _seed_findings(findings, subject=gene, predicate="genetic_basis_for")
    assert hits, f"no seed-article finding for {gene}"
    assert all(f.properties["population"] == "pediatric" for f in hits)
    # the seed article cites nothing: its claims are author statements without traceable
    # support, to be checked against primary findings
    assert all(f.properties["evidence"] == "ECO:0000303" for f in hits)


def test_seed_pediatric_share_under_5_percent(graph: GraphData,
                                              findings: list[Node]) -> None:
    assert "less than 5%" in graph.nodes[PEDIATRIC_ALS].properties["description"]
    hits = [f for f in _seed_findings(findings, subject=PEDIATRIC_ALS)
            if "less than 5%" in f.properties["statement"]]
    assert hits


def test_seed_genetics_more_frequent_in_children(findings: list[Node]) -> None:
    hits = [f for f in _seed_findings(findings)
            if "more frequently involves" in f.properties["statement"]]
    assert hits


@pytest.mark.parametrize("mechanism", [RNA_METABOLISM, PROTEOSTASIS],
                         ids=["RNA-processing", "protein-homeostasis"])
def test_seed_mechanisms_in_pediatric_als(findings: list[Node], mechanism: str) -> None:
    assert _seed_findings(findings, subject=mechanism, predicate="implicated_in",
                          obj=PEDIATRIC_ALS)


@pytest.mark.parametrize("mechanism", [NEUROTROPHIC, IMMUNE, REGENERATION],
                         ids=["neuroprotective-factors", "immune", "regeneration"])
def test_seed_stem_cell_modes_of_action(findings: list[Node], mechanism: str) -> None:
    assert _seed_findings(findings, subject="alskg:stem-cell-therapy", predicate="acts_on",
                          obj=mechanism)


@pytest.mark.parametrize("role", ["diagnostic", "monitoring"])
def test_seed_biomarker_roles(findings: list[Node], role: str) -> None:
    hits = [f for f in _seed_findings(findings, predicate="biomarker_for", obj=PEDIATRIC_ALS)
            if role in f.properties.get("qualifiers", {}).get("role", [])]
    assert hits


def test_seed_collaboration_between_the_three_kinds(graph: GraphData,
                                                    findings: list[Node]) -> None:
    kinds = set()
    for f in _seed_findings(findings, predicate="collaborates_with"):
        for end in ("subject", "object"):
            kinds.add(graph.nodes[f.properties[end]].properties["kind"])
    assert kinds == {"institution", "company", "patient advocacy group"}


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


def test_no_identifier_beyond_those_the_domain_facts_give(graph: GraphData) -> None:
    used = set(graph.nodes)
    for e in graph.edges.values():
        used |= {e.subject, e.object, *e.citations}
    for n in graph.nodes.values():
        used |= set(n.xrefs)
    external = {i for i in used if i.split(":", 1)[0] in EXTERNAL_PREFIXES}
    assert external - KNOWN_EXTERNAL_IDS - MECHANISMS_EXTERNAL_IDS == set()


# -- graph shape ------------------------------------------------------------------------


def test_no_orphan_nodes(graph: GraphData) -> None:
    linked = set()
    for e in graph.edges.values():
        linked |= {e.subject, e.object}
    orphans = sorted(n.id for n in graph.nodes.values()
                     if n.category != "Publication" and n.id not in linked)
    # ER-mitochondria signalling (ontology/terms.yaml) was linked only by a SIGMAR1 finding
    # that no reading-list abstract supports; it was dropped, and the term is now unused.
    assert orphans == ["alskg:0000009"]


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
    assert not _entity_edges(graph, "alskg:F-bio-jals-no-biomarker", "contradicts",
                             "alskg:F-seed-biomarkers-diagnosis")


def test_seed_claims_are_claims_to_check(findings: list[Node]) -> None:
    seed = _seed_findings(findings)
    assert len(seed) == 26
    assert all(f.properties["evidence"] == "ECO:0000303" for f in seed)
    assert all(f.properties["citations"] == [SEED] for f in seed)


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
