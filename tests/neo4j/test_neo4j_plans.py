"""Every canned query, and the statements that page the listings, resolve names and rank
paths, start from an index seek on the real server: EXPLAIN each with its example
parameters and read the plan's leaves (entry points). A scan is allowed only where the
statement names it on a `// scan: Label | why` line (a listing of every trial has no
entity to start from); AllNodesScan never."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg import api, queries
from kg.backend import PROVENANCE_PREDICATES
from kg.neo4j.statements import statement, statement_path

# the page, lookup and path statements, each with parameters as its caller gives them
STATEMENTS: dict[str, dict[str, Any]] = {
    "trials.keys": {"phase": None, "status": None, "pediatric": True, "ages": None},
    "trials.keys-filtered": {"therapy": "alskg:tofersen", "gene": "NCBIGene:6647",
                             "phase": None, "status": None, "pediatric": None,
                             "ages": "unknown"},
    "trials.rows": {"keys": ["clinicaltrials:NCT02623699"], "genes": None},
    "biomarkers.keys": {},
    "biomarkers.keys-filtered": {"therapy": None, "gene": "NCBIGene:6647", "disease": None},
    "biomarkers.rows": {"keys": ["alskg:nfl"], "disease": None},
    "pediatric-genes.keys": {},
    "pediatric-genes.rows": {"keys": ["NCBIGene:2521"]},
    "listing_kept": {"name": "pediatric-genes"},
    "lookup": {"texts": [{"text": "TDP-43", "lower": "tdp-43", "phrase": '"tdp-43"'}]},
    "match_synonym": {"text": "-"},
    "path_context": {"inner": [["NCBIGene:2521", ["alskg:ulefnersen"]]],
                     "pairs": [["NCBIGene:2521", "alskg:ulefnersen"]],
                     "provenance": sorted(p.upper() for p in PROVENANCE_PREDICATES)},
    "paths": {"from": "NCBIGene:2521", "to": "alskg:ulefnersen", "via": []},
    "node": {"id": "NCBIGene:2521"},
    "nodes": {"ids": ["NCBIGene:2521"]},
    "edges_of": {"id": "NCBIGene:2521"},
    "contradicting": {"ids": ["alskg:F-bio-jals-no-biomarker"]},
    "neighbours": {"ids": ["NCBIGene:2521", "alskg:juvenile-als"]},
    "gene_names": {"key": "fus1"},
}

SCANS = ("Scan",)  # AllNodesScan, NodeByLabelScan, ...RelationshipTypeScan, NodeIndexScan


def allowed_scans(path: Path) -> set[str]:
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("// scan:"):
            label, _, why = line[len("// scan:"):].partition("|")
            assert why.strip(), f"{path.name}: a scan allowance says why"
            out.add(label.strip())
    return out


def leaves(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    children = plan.get("children") or []
    if not children:
        yield plan
    for child in children:
        yield from leaves(child)


def scans(driver: Any, database: str | None, cypher: str,
          params: dict[str, Any]) -> list[tuple[str, str]]:
    with driver.session(database=database) as session:
        plan = session.run("EXPLAIN " + cypher, params).consume().plan
    assert plan, cypher
    found = []
    for leaf in leaves(plan):
        operator = leaf["operatorType"].split("@")[0]
        if operator.endswith(SCANS):
            found.append((operator, str(leaf.get("args", {}).get("Details", ""))))
    return found


def check(found: list[tuple[str, str]], allowed: set[str], what: str) -> None:
    for operator, details in found:
        assert operator != "AllNodesScan", f"{what}: {operator} {details}"
        assert any(f":{label}" in details for label in allowed), \
            f"{what} starts from {operator} {details}, not an index seek " \
            "(or name the scan on a '// scan: Label | why' line)"


@pytest.fixture(scope="module")
def neo(shipped_store: Path, neo4j_server: dict[str, Any]) -> Iterator[Any]:
    api.neo4j_load(store_path=shipped_store, wipe=True, **neo4j_server)
    backend = api.open_backend("neo4j", **neo4j_server)
    # plans from the statistics of the graph now loaded: the server samples its indexes
    # on its own schedule, and after the larger graphs of earlier modules a plan could
    # take the id index for nearly empty and scan it (evidence did, in turn with them)
    backend.driver.execute_query("CALL db.prepareForReplanning()",
                                 database_=backend.database)
    yield backend
    backend.close()


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_canned_query_starts_from_an_index(neo: Any, name: str) -> None:
    query = queries.get(name)
    # with every parameter given (filters too) and with only the required ones
    for given in ({p.name: p.example for p in query.params},
                  {p.name: p.example for p in query.params if p.required}):
        params = queries.bind(query, neo, given)
        check(scans(neo.driver, neo.database, query.cypher, params),
              allowed_scans(query.path), f"{name} {given}")


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_starts_from_an_index(neo: Any, name: str) -> None:
    check(scans(neo.driver, neo.database, statement(name), STATEMENTS[name]),
          allowed_scans(statement_path(name)), name)


def test_a_label_scan_is_caught() -> None:
    """The check fails on the plans it exists for."""
    with pytest.raises(AssertionError, match="NodeByLabelScan"):
        check([("NodeByLabelScan", "g:Gene")], {"ClinicalTrial"}, "x")
    with pytest.raises(AssertionError, match="AllNodesScan"):
        check([("AllNodesScan", "n")], {"Gene"}, "x")
    check([("NodeByLabelScan", "tr:ClinicalTrial")], {"ClinicalTrial"}, "x")
