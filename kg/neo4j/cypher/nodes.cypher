// name: nodes
// The nodes $ids, as one record: a path's thousand findings as a thousand records cost
// the driver several times what one list of them does.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN collect(n {.*}) AS nodes
