// name: stats_node_sources
// A node that two sources describe counts once for each.
MATCH (n:Entity) UNWIND n.sources AS source RETURN source, count(*) AS n
