// name: stats_nodes
MATCH (n:Entity) RETURN n.category AS category, count(*) AS n
