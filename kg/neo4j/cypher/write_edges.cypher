// name: write_edges
// One batch of edges of one predicate. REL_TYPE is replaced by the predicate's relationship
// type from the ontology (checked against [A-Z][A-Z0-9_]*), never by user input: Neo4j
// 5.26 plans `[r:$($type)]` in MERGE with the first type it sees and reuses it for every
// later type, so the type has to be part of the statement. Edges are matched on their
// deterministic id, so parallel edges between two nodes stay apart. A row is [start element
// id, end element id, properties], as in create_edges.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row[0]
MATCH (b) WHERE elementId(b) = row[1]
MERGE (a)-[r:REL_TYPE {id: row[2].id}]->(b)
SET r = row[2]
