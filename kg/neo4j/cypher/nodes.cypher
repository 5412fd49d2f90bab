// name: nodes
UNWIND $ids AS id
MATCH (n:Entity {id: id})
RETURN n {.*} AS n
