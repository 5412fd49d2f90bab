"""Evidence scores for hops and paths, the population lens, and what would change a ranking.

Pure functions over finding summaries (kg.backend.finding_summary), so both backends score
the same answers the same way; the weights come from one profile, `ontology/ranking.yaml`
by default. docs/ranking.md states the formula and works one example from the shipped data.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg import limits
from kg.problems import FileError
from kg.resources import resource_dir

POPULATIONS = ("pediatric", "juvenile", "adult")
# Bands inside another: pediatric onset (< 18 y) lies within juvenile onset (< 25 y).
_WITHIN = {("pediatric", "juvenile")}
POPULATION_KEYS = ("same", "within", "wider", "any", "other")
MODELS_ONLY = frozenset({"ipsc motor neurons", "mouse", "cell culture", "in vitro"})
EXPERIMENTAL_OR_CLINICAL = frozenset({
    "ECO:0000269", "ECO:0006017", "ECO:0000314", "ECO:0000315", "ECO:0000316", "ECO:0000353",
    "ECO:0000270", "ECO:0007005", "ECO:0007001", "ECO:0007003", "ECO:0007007"})
# Strongest first: best_evidence picks the first of these a hop has.
EVIDENCE_LABELS = {
    "ECO:0000269": "experimental",
    "ECO:0006017": "clinical study",
    "ECO:0000314": "direct assay",
    "ECO:0000315": "mutant phenotype",
    "ECO:0000316": "genetic interaction",
    "ECO:0000353": "physical interaction",
    "ECO:0000270": "expression pattern",
    "ECO:0007005": "high-throughput direct assay",
    "ECO:0007001": "high-throughput mutant phenotype",
    "ECO:0007003": "high-throughput genetic interaction",
    "ECO:0007007": "high-throughput expression pattern",
    "ECO:0000304": "author statement",
    "ECO:0000303": "non-traceable author statement",
    "ECO:0000318": "phylogenetic inference",
    "ECO:0000305": "curator inference",
    "ECO:0000250": "sequence similarity",
    "ECO:0000266": "sequence orthology",
    "ECO:0000247": "sequence alignment",
    "ECO:0000255": "sequence model",
    "ECO:0000317": "genomic context",
    "ECO:0000245": "reviewed computational analysis",
    "ECO:0000501": "electronic annotation",
}
# What kind of study a cited source is, from its PubMed publication types (or its id, for
# sources PubMed does not hold), strongest kind first: the first that matches names it.
STUDY_TYPES = ("meta-analysis", "randomised controlled trial", "clinical trial", "guideline",
               "cohort or observational study", "research article", "review", "case report",
               "trial registration", "release", "database record", "uncited narrative review",
               "unclassified")
_PUBMED_TYPES = (
    ("meta-analysis", ("Meta-Analysis", "Systematic Review")),
    ("randomised controlled trial", ("Randomized Controlled Trial",)),
    ("clinical trial", ("Clinical Trial", "Clinical Trial, Phase I", "Clinical Trial, Phase II",
                        "Clinical Trial, Phase III", "Clinical Trial, Phase IV",
                        "Controlled Clinical Trial", "Pragmatic Clinical Trial",
                        "Clinical Trial Protocol")),
    ("guideline", ("Practice Guideline", "Guideline", "Consensus Development Conference")),
    ("cohort or observational study", ("Observational Study", "Multicenter Study",
                                       "Comparative Study", "Validation Study",
                                       "Evaluation Study", "Twin Study")),
    ("case report", ("Case Reports",)),
    ("review", ("Review", "Systematic Review")),
    ("uncited narrative review", ("uncited narrative review",)),
    ("release", ("data release", "Dataset")),
    ("research article", ("Journal Article", "Letter", "Comment", "Preprint")),
)
#: kinds of source that are not publications: listed as releases, never counted as papers
NOT_PUBLICATIONS = frozenset({"release", "database record"})
_DATABASE_PREFIXES = frozenset({"OMIM", "MONDO", "GO", "HP", "Orphanet", "NCBIGene", "HGNC"})


def study_type(citation: str, publication_types: Iterable[str] | None) -> str:
    """The kind of study a citation is (one of STUDY_TYPES): the strongest its PubMed
    publication types name; a trial registration for an NCT number; a database record for
    an OMIM entry or an ontology term; `unclassified` when nothing says. An uncited narrative
    outranks every other type it might carry (it is weighed, not trusted)."""
    types = set(publication_types or ())
    if "uncited narrative review" in types:
        return "uncited narrative review"
    for kind, names in _PUBMED_TYPES:
        if types.intersection(names):
            return kind
    prefix = citation.split(":", 1)[0]
    if prefix == "clinicaltrials":
        return "trial registration"
    if prefix in _DATABASE_PREFIXES:
        return "database record"
    return "unclassified"


#: id prefixes of primary sources whatever their record says: papers and trial registrations
PRIMARY_PREFIXES = frozenset({"PMID", "doi", "pmc", "clinicaltrials"})


def is_primary(citation: str, publication_types: Iterable[str] | None,
               version: object = None) -> bool:
    """Whether a citation is a primary source a reader can check: a paper or a trial
    registration by its public id, or a release with its version (its record typed `data
    release`, for the facts that release asserts; without a version nobody can fetch what
    was read)."""
    if citation.split(":", 1)[0] in PRIMARY_PREFIXES:
        return True
    return bool(version) and study_type(citation, publication_types) == "release"


# Scores are rounded here, before ordering, so a last-bit difference between two runs of
# the same sums can never reorder answers.
DIGITS = 6


@dataclass(frozen=True)
class Profile:
    name: str
    version: int
    evidence: dict[str, float]
    model_system: dict[str, float]
    population: dict[str, float]
    contradiction: float
    damping: float
    ontology_structure: float
    study_type: dict[str, float]
    weak_link: float
    file: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "file": self.file}


def default_profile_path() -> Path:
    return resource_dir("ontology") / "ranking.yaml"


def load_profile(path: Path | None = None) -> Profile:
    """A weight profile, checked: every error names the file and line."""
    from kg.yaml.read import LDict, display_path, line_of, read_yaml

    path = path or default_profile_path()
    name = display_path(path)
    raw, problem = read_yaml(path, limits.WEIGHTS_FILE_BYTES)
    if problem is not None:
        raise FileError(problem.file, problem.line, problem.message)
    if not isinstance(raw, LDict):
        raise FileError(name, 1, "a weight profile is a mapping (see ontology/ranking.yaml)")

    def need(container: LDict, key: str, where: int) -> Any:
        if key not in container:
            raise FileError(name, where, f"missing key '{key}'")
        return container[key]

    def number(container: LDict, key: str, low: float, high: float) -> float:
        value = need(container, key, container.line)
        if isinstance(value, bool) or not isinstance(value, int | float) \
                or not low <= value <= high:
            raise FileError(name, line_of(container, key, container.line),
                            f"'{key}' must be a number from {low:g} to {high:g}")
        return float(value)

    def table(key: str, required: Iterable[str]) -> dict[str, float]:
        value = need(raw, key, 1)
        if not isinstance(value, LDict):
            raise FileError(name, line_of(raw, key), f"'{key}' must be a mapping")
        for k in value:
            if not isinstance(k, str):
                raise FileError(name, line_of(value, k, value.line), f"'{key}' keys are text")
        for k in required:
            need(value, k, value.line)
        return {k: number(value, k, 0.0, 1.0) for k in value}

    known = {"name", "version", "evidence", "model_system", "population", "contradiction",
             "damping", "ontology_structure", "study_type", "weak_link"}
    for key in raw:
        if key not in known:
            raise FileError(name, line_of(raw, key), f"unknown key '{key}' "
                            f"(known: {', '.join(sorted(known))})")
    version = need(raw, "version", 1)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FileError(name, line_of(raw, "version"), "'version' must be a whole number >= 1")
    label = need(raw, "name", 1)
    if not isinstance(label, str):
        raise FileError(name, line_of(raw, "name"), "'name' must be text")
    return Profile(
        name=label, version=version,
        evidence=table("evidence", ["other"]),
        model_system=table("model_system", ["unstated"]),
        population=table("population", POPULATION_KEYS),
        contradiction=number(raw, "contradiction", 0.0, 1.0),
        damping=number(raw, "damping", 0.0, 4.0),
        ontology_structure=number(raw, "ontology_structure", 0.0, 1.0),
        study_type=table("study_type", STUDY_TYPES),
        weak_link=number(raw, "weak_link", 0.0, 1.0),
        file=name,
    )


def population_relation(population: str, lens: str) -> str:
    """How a finding's age band stands to the lens: same, within, wider, any or other."""
    if population == lens:
        return "same"
    if population == "any" or not population:
        return "any"
    if (population, lens) in _WITHIN:
        return "within"
    if (lens, population) in _WITHIN:
        return "wider"
    return "other"


def in_population(population: str, lens: str) -> bool:
    """Whether a finding is evidence about the lens's population."""
    return population_relation(population, lens) in ("same", "within")


def finding_weight(profile: Profile, finding: dict[str, Any], lens: str | None) -> float:
    """evidence x model system x population match (1 without a lens)."""
    ev = profile.evidence.get(finding.get("evidence", ""), profile.evidence["other"])
    model = profile.model_system.get(finding.get("model_system") or "unstated",
                                     profile.model_system["unstated"])
    pop = 1.0 if lens is None else \
        profile.population[population_relation(finding.get("population", ""), lens)]
    return ev * model * pop


def sources_of(finding: dict[str, Any]) -> list[str]:
    """The sources a finding counts as: its citations, each under the key of its paper (one
    paper cited by PMID and by DOI is one source), or itself when it cites none."""
    details = finding.get("sources")
    if details:
        return sorted({d["key"] for d in details})
    return sorted(set(finding.get("citations") or [])) or [finding["id"]]


def source_kinds(finding: dict[str, Any]) -> dict[str, str]:
    """source key -> kind of study (STUDY_TYPES), for a finding's citations."""
    return {d["key"]: d["type"] for d in finding.get("sources") or ()}


#: Predicates an ontology release asserts as structure (GO's is_a and part_of).
STRUCTURAL = frozenset({"subclass_of", "part_of"})
ONTOLOGY_EVIDENCE = "ontology release"


def structural_releases(edges: Iterable[dict[str, Any]]) -> list[str]:
    """The releases behind a hop's finding-less structural edges (GO's hierarchy)."""
    return sorted({e["source"] for e in edges
                   if not e["findings"] and e["predicate"] in STRUCTURAL})


def hop_score(profile: Profile, support: Sequence[dict[str, Any]],
              against: Sequence[dict[str, Any]], lens: str | None,
              releases: Sequence[str] = ()) -> dict[str, Any]:
    """A hop's score and its breakdown from the findings for and against it; an ontology
    release asserting the hop as structure (`releases`) counts as one source at the
    profile's `ontology_structure` weight."""
    best: dict[str, float] = {}
    kinds: dict[str, str] = {}
    for f in sorted(support, key=lambda x: x["id"]):
        w = finding_weight(profile, f, lens)
        known = source_kinds(f)
        for pub in sources_of(f):
            kind = known.get(pub, "unclassified")
            kinds[pub] = kind
            best[pub] = max(best.get(pub, 0.0), w * profile.study_type[kind])
    for release in releases:
        kinds[release] = "release"
        best[release] = max(best.get(release, 0.0), profile.ontology_structure)
    not_papers = {p for p, k in kinds.items() if k in NOT_PUBLICATIONS}
    miss = 1.0
    for pub in sorted(best):
        miss *= 1.0 - best[pub]
    support_score = 1.0 - miss
    score = support_score * profile.contradiction ** len(against)
    return {
        "score": round(score, DIGITS),
        "support": round(support_score, DIGITS),
        # releases and database records are sources, not publications: one paper counts
        # once, whichever of its ids a finding cites
        "publications": len(set(best) - not_papers),
        "releases": sorted(not_papers),
        "study_types": {p: kinds[p] for p in sorted(best) if p not in not_papers},
        "publication_weights": {p: round(best[p], DIGITS) for p in sorted(best)},
        "best_evidence": best_evidence(support) or (ONTOLOGY_EVIDENCE if releases else ""),
        "populations": sorted({f.get("population", "") for f in support} - {""}),
        "contradictions": len(against),
    }


def best_evidence(findings: Iterable[dict[str, Any]]) -> str:
    """The strongest evidence type among findings, as a code (ranked by the default order)."""
    order = list(EVIDENCE_LABELS)
    codes = {f.get("evidence", "") for f in findings}
    for code in order:
        if code in codes:
            return code
    return sorted(codes)[0] if codes else ""


def hop_flags(support: Sequence[dict[str, Any]], against: Sequence[dict[str, Any]],
              lens: str | None, releases: Sequence[str] = ()) -> list[str]:
    """Warnings a reader should see next to a hop."""
    flags = []
    pops = {f.get("population", "") for f in support}
    if not support and releases:
        flags.append(f"ontology structure only ({', '.join(releases)})")
    elif not support:
        flags.append("no findings")
    if support and pops == {"adult"}:
        flags.append("adult data only")
    if support and all((f.get("model_system") or "") in MODELS_ONLY for f in support):
        flags.append("animal or cell models only")
    if against:
        flags.append("contested")
    if lens is not None and not any(in_population(p, lens) for p in pops):
        flags.append(f"no {lens} finding")
    return flags


def missing_evidence(support: Sequence[dict[str, Any]], lens: str | None) -> list[str]:
    """What kind of evidence a hop lacks, in words a curator can act on."""
    out = []
    pops = {f.get("population", "") for f in support}
    codes = {f.get("evidence", "") for f in support}
    for band in ([lens] if lens else ["pediatric"]):
        if not any(in_population(p, band) for p in pops):
            out.append(f"no {band} finding")
    if codes == {"ECO:0000305"}:
        out.append("curator inference only")
    elif codes == {"ECO:0000501"}:
        out.append("electronic annotation only")
    elif not codes & EXPERIMENTAL_OR_CLINICAL:
        out.append("no experimental or clinical-study finding")
    if support and all((f.get("model_system") or "") in MODELS_ONLY for f in support):
        out.append("no finding in patients")
    pubs = {p for f in support for p in sources_of(f)}
    if len(pubs) == 1:
        out.append("a single publication")
    return out


def damping_factor(profile: Profile, degrees: Sequence[int]) -> float:
    """DWPC-style damping: the product of degree ** -damping over a path's inner nodes."""
    out = 1.0
    for d in degrees:
        out *= max(d, 1) ** -profile.damping
    return out


def path_score(profile: Profile, hop_scores: Sequence[float],
               inner_degrees: Sequence[int], weak_links: int = 0) -> float:
    """The product of the hop scores, damped for hubs and by `weak_link` for each weak
    link of the path (weak_links)."""
    return round(math.prod(hop_scores) * damping_factor(profile, inner_degrees)
                 * profile.weak_link ** weak_links, DIGITS)


#: What a weak link of a path is called in its flags (kg.ranking.weak_links).
WEAK_PHENOTYPE = "weak: shared phenotype only"
WEAK_STRUCTURE = "weak: shared ontology parent only"
#: Predicates that give an entity a phenotype (HPO's annotations): a feature, its onset
#: class, its mode of inheritance.
PHENOTYPE_LINKS = frozenset({"has_phenotype", "has_onset", "has_inheritance"})


def weak_links(nodes: Sequence[dict[str, Any]], hops: Sequence[dict[str, Any]]) -> list[str]:
    """The inner nodes of a path that say little about how its ends relate: a phenotype
    (feature, onset or inheritance) both neighbours merely have (ALS5 -has_phenotype-
    Spasticity -has_phenotype- ALS1), or a term both neighbours sit under in an
    ontology's structure alone (two GO processes part_of one parent, with no finding). One
    flag each, naming the node."""
    flags = []
    for i in range(1, len(nodes) - 1):
        node, around = nodes[i], (hops[i - 1], hops[i])
        edges = [e for h in around for e in h["edges"]]
        if not edges or any(not h["edges"] for h in around):
            continue
        if node["category"] == "Phenotype" and all(e["predicate"] in PHENOTYPE_LINKS
                                                   for e in edges):
            flags.append(f"{WEAK_PHENOTYPE} ({node['name']})")
        elif all(e["predicate"] in STRUCTURAL and not e["findings"] for e in edges) and \
                all(_points_at(e, h, node["id"]) for h in around for e in h["edges"]):
            flags.append(f"{WEAK_STRUCTURE} ({node['name']})")
    return flags


def _points_at(edge: dict[str, Any], hop: dict[str, Any], node_id: str) -> bool:
    """Whether `node_id` is the object of `edge`, an edge of `hop` as kg.paths gives it."""
    subject = hop["from"] if edge["direction"] == "forward" else hop["to"]
    return subject != node_id


def sort_key(path: dict[str, Any]) -> tuple[Any, ...]:
    """Best score first; then shorter; then by node ids, so ties order the same everywhere."""
    return (-path["score"], path["length"], [n["id"] for n in path["nodes"]])


# -- what would change the answer -----------------------------------------------------------

#: removal sets tried exhaustively up to this size; past it, greedily
EXPLAIN_EXACT_SIZE = 3


def rescore(profile: Profile, path: dict[str, Any], removed: frozenset[str],
            lens: str | None) -> float:
    """The path's score with the findings in `removed` taken out (a hop with none left
    scores 0: the path no longer stands)."""
    scores = []
    for hop in path["hops"]:
        support = [f for f in hop["_support"] if f["id"] not in removed]
        # a contradiction of a finding that is gone no longer weighs on the hop
        against = [f for f in hop["_against"] if f["id"] not in removed
                   and not (f["contradicts"] and set(f["contradicts"]) <= removed)]
        releases = hop.get("_releases", ())
        scores.append(hop_score(profile, support, against, lens, releases)["score"]
                      if support or releases else 0.0)
    return path_score(profile, scores, path["_degrees"], len(path.get("flags", ())))


def explain(profile: Profile, paths: list[dict[str, Any]], lens: str | None) -> dict[str, Any]:
    """The weakest hop of the top path (paths in ranked order), the fewest supporting
    findings whose removal would drop it from first place, and what evidence each hop
    lacks. Removing findings lowers every path that rests on them, the others keep their
    scores."""
    top = paths[0]
    weakest = min(range(len(top["hops"])), key=lambda i: (top["hops"][i]["score"], i))
    hop = top["hops"][weakest]
    uses = [{f["id"] for h in p["hops"] for f in h["_support"] + h["_against"]} for p in paths]
    candidates = sorted({f["id"] for h in top["hops"] for f in h["_support"]})

    def new_first(removed: frozenset[str]) -> int:
        """Index of the path ranked first once `removed` are gone (-1: none stands)."""
        best: tuple[Any, ...] | None = None
        best_i = -1
        for i, p in enumerate(paths):
            if uses[i] & removed:
                score = rescore(profile, p, removed, lens)
                if score == 0.0:
                    continue
                key = sort_key(dict(p, score=score))
            else:
                key = sort_key(p)
            if best is None or key < best:
                best, best_i = key, i
            if not uses[i] & removed and i > 0:
                break  # paths are in ranked order: an untouched one bounds the rest
        return best_i

    def drops(removed: frozenset[str]) -> bool:
        return new_first(removed) != 0

    removal: list[str] | None = None
    for size in range(1, min(EXPLAIN_EXACT_SIZE, len(candidates)) + 1):
        for combo in itertools.combinations(candidates, size):
            if drops(frozenset(combo)):
                removal = list(combo)
                break
        if removal is not None:
            break
    if removal is None:
        # greedy past the exact sizes: take out the finding that costs the path most
        chosen: set[str] = set()
        while len(chosen) < len(candidates) and not drops(frozenset(chosen)):
            rest = [c for c in candidates if c not in chosen]
            chosen.add(min(rest, key=lambda c: (rescore(profile, top, frozenset(chosen | {c}),
                                                        lens), c)))
        removal = sorted(chosen)
    after = new_first(frozenset(removal))
    return {
        "path": 1,
        "score": top["score"],
        "weakest_hop": {"index": weakest, "from": hop["from"], "to": hop["to"],
                        "score": hop["score"], "missing": missing_evidence(hop["_support"], lens)},
        "removal": removal,
        "removal_exact": len(removal) <= EXPLAIN_EXACT_SIZE,
        "new_first": None if after < 0 else {"score": rescore(profile, paths[after],
                                                               frozenset(removal), lens),
                                             "nodes": [n["id"] for n in paths[after]["nodes"]]},
        "missing": [{"from": h["from"], "to": h["to"],
                     "missing": missing_evidence(h["_support"], lens)} for h in top["hops"]],
        # negative results and contradictions weigh on path 1: each one halves its hop
        "against": [{"from": h["from"], "to": h["to"],
                     "findings": [f["id"] for f in h["_against"]]}
                    for h in top["hops"] if h["_against"]],
    }
