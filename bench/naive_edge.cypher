// The baseline a first loader is usually written as: one MERGE, one transaction, per edge,
// both ends found by id.
MATCH (a:Entity {id: $subject}) MATCH (b:Entity {id: $object})
MERGE (a)-[r:RELATED {id: $id}]->(b) SET r += $props
