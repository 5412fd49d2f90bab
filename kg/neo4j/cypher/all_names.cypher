// name: all_names
MATCH (n:Entity) RETURN DISTINCT n.name AS name
