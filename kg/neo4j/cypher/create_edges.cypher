// name: create_edges
// One batch of edges of one predicate into an empty graph (a --wipe load). REL_TYPE is
// replaced by the predicate's relationship type from the ontology, as in write_edges.
UNWIND $rows AS row
MATCH (a:Entity {id: row.subject})
MATCH (b:Entity {id: row.object})
CREATE (a)-[r:REL_TYPE]->(b)
SET r = row.props
