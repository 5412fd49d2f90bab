// The baseline a first loader is usually written as: one MERGE, one transaction, per node.
MERGE (n:Entity {id: $id}) SET n += $props
