// name: create_edges
// One batch of edges of one predicate into an empty graph (a --wipe load). REL_TYPE is
// replaced by the predicate's relationship type from the ontology, as in write_edges. A row
// is [start element id, end element id, properties]: element ids from the node batches
// spare two index lookups an edge.
UNWIND $rows AS row
MATCH (a) WHERE elementId(a) = row[0]
MATCH (b) WHERE elementId(b) = row[1]
CREATE (a)-[r:REL_TYPE]->(b)
SET r = row[2]
