"""The pinned prefix map agrees with bioregistry, from which it was generated."""

from __future__ import annotations

import bioregistry

from kg.ontology.model import load_ontology


def test_patterns_and_iris_match_bioregistry() -> None:
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "refresh_prefixes", Path(__file__).parent.parent / "ontology" / "refresh_prefixes.py")
    assert spec and spec.loader
    refresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(refresh)
    prefixes = load_ontology().prefixes
    for ours, theirs in refresh.PREFIXES.items():
        assert prefixes[ours].pattern.pattern == bioregistry.get_pattern(theirs), ours
        assert prefixes[ours].uri_prefix == bioregistry.get_uri_prefix(theirs), ours
    pubmed = bioregistry.get_uri_format("pubmed")
    assert pubmed is not None
    assert pubmed.replace("$1/", "") == prefixes["PMID"].uri_prefix
    assert load_ontology().expand("NCBIGene:6647") == "https://www.ncbi.nlm.nih.gov/gene/6647"
