// name: export_nodes
// Every node, for `alskg export rdf --backend neo4j`; streamed, not collected.
MATCH (n:Entity)
RETURN n {.*} AS n
