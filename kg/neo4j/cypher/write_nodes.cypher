// name: write_nodes
// One batch of nodes; labels come from the ontology's categories (the row's category and
// its ancestors). Re-running a batch leaves the same state, so a failed load can be retried.
// Each node's element id comes back, so its edges find it without an index lookup.
UNWIND $rows AS row
MERGE (n:Entity {id: row.props.id})
SET n = row.props
WITH n, row, [l IN labels(n) WHERE NOT l IN row.labels] AS stale
REMOVE n:$(stale)
SET n:$(row.labels)
RETURN row.props.id AS id, elementId(n) AS element
