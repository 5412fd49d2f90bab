// name: stats_node_overlap
// Nodes that more than one source describes (each counted once per source by
// stats_node_sources), and how many counts beyond the first they add.
MATCH (n:Entity) WHERE size(n.sources) > 1
RETURN count(n) AS nodes, coalesce(sum(size(n.sources) - 1), 0) AS again
