// name: contradicting
// The findings with a `contradicts` link to each of the given findings.
UNWIND $ids AS id
MATCH (x:Finding)-[:CONTRADICTS]->(f:Entity {id: id})
RETURN id, collect(DISTINCT x.id) AS by
