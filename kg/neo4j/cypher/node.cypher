// name: node
MATCH (n:Entity {id: $id})
RETURN n {.*} AS n
