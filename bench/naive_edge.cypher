// The baseline a first loader is usually written as: one MERGE, one transaction, per edge,
// both ends found by id. It merges on a key of its own, so it never takes over a loaded
// relationship (a negated edge keeps its id as a property) that the clean-up would delete.
MATCH (a:Entity {id: $subject}) MATCH (b:Entity {id: $object})
MERGE (a)-[r:RELATED {_naive_id: $id}]->(b) SET r += $props
