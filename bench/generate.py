"""Synthetic curated data at a scale factor, for benchmarks.

SF1 is about 10k edges, SF100 about 1M, SF1000 about 10M. The shape follows the real data:
degrees are skewed (a few genes and diseases carry most findings), several findings back
the same statement, and citation lists are long-tailed. Output is deterministic for a seed
and valid under `alskg validate`. Identifiers live in numeric ranges far above any real
record (NCBIGene:9xxxxxxxx, PMID:9xxxxxxx, GO:99xxxxx) and the files are never committed:
they are benchmark input, not knowledge.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

FINDINGS_PER_SF = 2_500
FINDINGS_PER_FILE = 10_000
ENTITIES_PER_FILE = 100_000

# (category, id pattern, share of SF-scaled count, extra YAML lines)
ENTITY_KINDS = {
    "Gene": ("NCBIGene:{n}", 200, 900_000_000),
    "Disease": ("alskg:syn-disease-{n}", 50, 0),
    "BiologicalProcess": ("GO:{n:07d}", 100, 9_900_000),
    "Therapy": ("alskg:syn-therapy-{n}", 50, 0),
    "ClinicalTrial": ("clinicaltrials:NCT{n:08d}", 50, 90_000_000),
    "Organization": ("alskg:syn-org-{n}", 20, 0),
    "Biomarker": ("alskg:syn-biomarker-{n}", 20, 0),
}
EXTRA = {
    "Therapy": "    modality: antisense oligonucleotide\n",
    "Organization": "    kind: company\n",
    "ClinicalTrial": "    phase: phase 3\n    status: recruiting\n    min_age_years: 12\n",
}
# predicate, subject kind, object kind, weight
STATEMENTS = [
    ("involved_in", "Gene", "BiologicalProcess", 30),
    ("genetic_basis_for", "Gene", "Disease", 20),
    ("targets", "Therapy", "Gene", 10),
    ("tests", "ClinicalTrial", "Therapy", 8),
    ("sponsors", "Organization", "ClinicalTrial", 6),
    ("biomarker_for", "Biomarker", "Disease", 8),
    ("interacts_with", "Gene", "Gene", 10),
    ("studied_for", "Therapy", "Disease", 8),
]
POPULATIONS = ["pediatric", "juvenile", "adult", "any"]
EVIDENCE = ["ECO:0000269", "ECO:0006017", "ECO:0000304", "ECO:0000305"]
MODELS = ["patients", "ipsc motor neurons", "mouse", "cell culture"]


def ids(kind: str, sf: int) -> list[str]:
    pattern, per_sf, base = ENTITY_KINDS[kind]
    return [pattern.format(n=base + i) for i in range(max(1, per_sf * sf))]


def skewed(rng: random.Random, items: list[str]) -> str:
    # Pareto-like: low indexes are hubs, as SOD1 or FUS are in the real graph
    i = int(len(items) * (rng.paretovariate(1.2) - 1) / 20) % len(items)
    return items[i]


def generate(out: Path, sf: int, seed: int = 1) -> dict[str, int]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    entities = {kind: ids(kind, sf) for kind in ENTITY_KINDS}
    # entities in files of ENTITIES_PER_FILE, as findings are: one file at SF1000 would be
    # past the curated reader's file size limit (kg/limits.py)
    rows = [(kind, i, eid) for kind, members in entities.items()
            for i, eid in enumerate(members)]
    for start in range(0, len(rows), ENTITIES_PER_FILE):
        name = "entities.yaml" if start == 0 else f"entities-{start // ENTITIES_PER_FILE:05d}.yaml"
        with (out / name).open("w") as fh:
            fh.write("entities:\n")
            for kind, i, eid in rows[start:start + ENTITIES_PER_FILE]:
                fh.write(f"  - id: {eid}\n    category: {kind}\n    name: syn {kind} {i}\n")
                fh.write(EXTRA.get(kind, ""))
    n_findings = FINDINGS_PER_SF * sf
    pmids = [f"PMID:{90_000_000 + i}" for i in range(max(10, n_findings // 4))]
    weights = [s[3] for s in STATEMENTS]
    trials = entities["ClinicalTrial"]
    for start in range(0, n_findings, FINDINGS_PER_FILE):
        with (out / f"findings-{start // FINDINGS_PER_FILE:05d}.yaml").open("w") as fh:
            fh.write("findings:\n")
            for k in range(start, min(n_findings, start + FINDINGS_PER_FILE)):
                pred, s_kind, o_kind, _ = rng.choices(STATEMENTS, weights)[0]
                subject = skewed(rng, entities[s_kind])
                obj = skewed(rng, entities[o_kind])
                if subject == obj:
                    obj = entities[o_kind][(entities[o_kind].index(obj) + 1)
                                           % len(entities[o_kind])]
                n_cites = min(12, int(rng.paretovariate(1.5)) + 1)
                cites = sorted({skewed(rng, pmids) for _ in range(n_cites)})
                fh.write(f"  - id: alskg:syn-F{k}\n"
                         f"    statement: synthetic finding {k}\n"
                         f"    subject: {subject}\n    predicate: {pred}\n    object: {obj}\n"
                         f"    evidence: {rng.choice(EVIDENCE)}\n"
                         f"    population: {rng.choice(POPULATIONS)}\n"
                         f"    model_system: {rng.choice(MODELS)}\n"
                         f"    citations: [{', '.join(cites)}]\n")
                if rng.random() < 0.3:
                    fh.write(f"    study: {skewed(rng, trials)}\n")
    return {"findings": n_findings, "entities": sum(len(v) for v in entities.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(generate(args.out, args.scale, args.seed))


if __name__ == "__main__":
    main()
