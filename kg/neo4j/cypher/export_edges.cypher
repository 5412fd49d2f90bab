// name: export_edges
// Every edge with the ids of its ends, for `alskg export rdf --backend neo4j`.
MATCH (a:Entity)-[r]->(b:Entity)
RETURN r {.*} AS r, a.id AS subject, b.id AS object
