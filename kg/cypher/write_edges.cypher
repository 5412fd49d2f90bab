// name: write_edges
// One batch of edges; the relationship type comes from the ontology's predicate. Edges are
// matched on their deterministic id, so parallel edges between two nodes stay apart.
UNWIND $rows AS row
MATCH (a:Entity {id: row.subject})
MATCH (b:Entity {id: row.object})
MERGE (a)-[r:$(row.type) {id: row.props.id}]->(b)
SET r = row.props
