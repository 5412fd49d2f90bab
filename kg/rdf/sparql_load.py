"""Load the SPARQL store in a process of its own (started by kg/web/state.py).

The export is CPU-bound Python: in a thread of the server it would hold the GIL for
minutes on a large graph and slow every page meanwhile. The job comes as one JSON line on
stdin (so a Neo4j password never shows in the process list); the triple count, or one
line of error, goes to stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def run(job: dict[str, Any]) -> int:
    from kg.ontology.model import load_ontology
    from kg.rdf.export import embedded_records, neo4j_records
    from kg.rdf.sparql import load
    from kg.rdf.terms import GraphMeta

    directory = Path(job["directory"])
    ontology = load_ontology()
    if job["backend"] == "neo4j":
        from kg.neo4j.backend import Neo4jBackend

        db = Neo4jBackend.connect(**job.get("neo4j", {}))
        try:
            nodes, edges = neo4j_records(db)
            return load(nodes, edges, ontology, directory, GraphMeta())
        finally:
            db.close()
    records = embedded_records(Path(job["store"]))
    return load(records[0], records[1], ontology, directory, records[2])


def main() -> None:
    try:
        count = run(json.loads(sys.stdin.readline()))
    except Exception as exc:  # reported by the server on /sparql, in one line
        text = str(exc).strip()
        print(json.dumps({"error": text.splitlines()[0][:500] if text
                          else type(exc).__name__}))
        sys.exit(1)
    print(json.dumps({"triples": count}))


if __name__ == "__main__":
    main()
