// name: edges_of
MATCH (n:Entity {id: $id})-[r]-(m)
RETURN DISTINCT r {.*} AS r, startNode(r).id AS subject, endNode(r).id AS object
