"""How alskg records become KGX records and back: Biolink classes and predicates, prefixes
and knowledge sources. One place, read by the writer (kg/kgx/write.py) and the reader
(loaders/kgx.py); docs/kgx.md explains each choice.

- A category's Biolink class and a predicate's Biolink predicate come from the ontology's
  own `mappings` (ontology/categories.yaml, ontology/predicates.yaml): the first `biolink:`
  mapping, exact matches before close ones before broad ones, that names a node category
  (for categories) or a predicate (for predicates). Two mappings the RDF export uses name
  Biolink elements of another kind (NOT_CATEGORIES, NOT_PREDICATES); a category or predicate
  left without a class falls back to FALLBACK_CATEGORY / FALLBACK_PREDICATE. A test checks
  every choice against the Biolink model the biolink-model package ships.
- CURIE prefixes are written the way Biolink's prefix map spells them (BIOLINK_PREFIX).
- Each alskg source has an infores id (INFORES); releases alskg passes on get
  `infores:alskg` as their aggregator.
"""

from __future__ import annotations

from typing import Any

from kg.ontology.model import Ontology

#: alskg's own information resource (not in the infores registry yet: docs/kgx.md)
ALSKG_INFORES = "infores:alskg"

#: the infores id of each alskg source; sources not listed are alskg's own
INFORES = {
    "alskg:curated": ALSKG_INFORES,
    "alskg:workspace": ALSKG_INFORES,
    "alskg:ontology": ALSKG_INFORES,
    "alskg:go": "infores:go",
    "alskg:gene2go": "infores:ncbi-gene",
    "alskg:hpo": "infores:hpo-annotations",
    "alskg:hgnc": "infores:hgnc",
    "alskg:mondo": "infores:mondo",
}

#: alskg prefix -> Biolink prefix-map spelling (same local ids, same identifiers)
BIOLINK_PREFIX = {"pmc": "PMCID", "clinicaltrials": "CLINICALTRIALS", "dbsnp": "DBSNP",
                  "clinvar": "CLINVAR"}
ALSKG_PREFIX = {v: k for k, v in BIOLINK_PREFIX.items()}

#: Biolink elements the ontology maps to that are not node categories / edge predicates
#: (biolink:Association is an edge class; biolink:publications an edge property)
NOT_CATEGORIES = frozenset({"biolink:Association"})
NOT_PREDICATES = frozenset({"biolink:publications"})
#: a finding is a claim in a source: Biolink's information content entity
FALLBACK_CATEGORY = "biolink:InformationContentEntity"
FALLBACK_PREDICATE = "biolink:related_to"

#: edge ids are written as the IRIs the RDF export names associations by
EDGE_IRI = "https://w3id.org/alskg/edge/"
#: the IRI of alskg's own predicates, written as `original_predicate`
VOCAB = "https://w3id.org/alskg/vocab/"

#: attributes alskg writes for what Biolink has no slot for; the reader restores them
ALSKG_CATEGORY = "alskg_category"
ALSKG_SOURCES = "alskg_sources"
ALSKG_SOURCE = "alskg_source"
ALSKG_FINDINGS = "alskg_findings"
ALSKG_POPULATION = "alskg_populations"
#: every other alskg property `k` is written as `alskg_k`
PROPERTY_PREFIX = "alskg_"

_RANK = {"skos:exactMatch": 0, "skos:closeMatch": 1, "skos:broadMatch": 2,
         "skos:narrowMatch": 3, "skos:relatedMatch": 4}


def _pick(entries: Any, skip: frozenset[str], fallback: str) -> str:
    found = sorted(((_RANK.get(m.predicate, 9), i, m.id) for i, m in enumerate(entries)
                    if m.id.startswith("biolink:") and m.id not in skip))
    return found[0][2] if found else fallback


_CACHE: dict[int, tuple[Ontology, tuple[dict[str, str], ...]]] = {}


def _tables(ontology: Ontology) -> tuple[dict[str, str], ...]:
    hit = _CACHE.get(id(ontology))
    if hit is not None and hit[0] is ontology:
        return hit[1]
    cats = {c.id: _pick(c.mapping_entries, NOT_CATEGORIES, FALLBACK_CATEGORY)
            for c in ontology.categories.values()}
    preds = {p.id: _pick(p.mapping_entries, NOT_PREDICATES, FALLBACK_PREDICATE)
             for p in ontology.predicates.values()}
    tables = (cats, preds, _reverse(cats), _reverse(preds))
    _CACHE[id(ontology)] = (ontology, tables)
    return tables


def _reverse(table: dict[str, str]) -> dict[str, str]:
    """Biolink element -> alskg id, where one alskg id claims it (or one has its name)."""
    claims: dict[str, list[str]] = {}
    for mine, theirs in table.items():
        claims.setdefault(theirs, []).append(mine)
    out = {}
    for theirs, ours in claims.items():
        local = theirs.split(":", 1)[1].lower()
        same = [o for o in ours if o.lower() == local]
        if len(ours) == 1 or len(same) == 1:
            out[theirs] = ours[0] if len(ours) == 1 else same[0]
    return out


def category_class(ontology: Ontology, category: str) -> str:
    return _tables(ontology)[0].get(category, FALLBACK_CATEGORY)


def predicate_of(ontology: Ontology, predicate: str) -> str:
    return _tables(ontology)[1].get(predicate, FALLBACK_PREDICATE)


def category_from(ontology: Ontology, biolink_class: str) -> str | None:
    return _tables(ontology)[2].get(biolink_class)


def predicate_from(ontology: Ontology, biolink_predicate: str) -> str | None:
    return _tables(ontology)[3].get(biolink_predicate)


def to_biolink(curie: str) -> str:
    """The CURIE as KGX writes it: Biolink's prefix spelling, and '/' in the local part
    (DOIs) percent-encoded, since KGX takes a CURIE's local part to hold no '/'."""
    prefix, sep, local = curie.partition(":")
    if not sep:
        return curie
    if "/" in local or "%" in local:
        local = local.replace("%", "%25").replace("/", "%2F")
    return f"{BIOLINK_PREFIX.get(prefix, prefix)}:{local}"


def from_biolink(curie: str) -> str:
    prefix, sep, local = curie.partition(":")
    if not sep:
        return curie
    if "%" in local:
        local = local.replace("%2F", "/").replace("%2f", "/").replace("%25", "%")
    return f"{ALSKG_PREFIX.get(prefix, prefix)}:{local}"


def infores(source: str) -> str:
    return INFORES.get(source, ALSKG_INFORES)
