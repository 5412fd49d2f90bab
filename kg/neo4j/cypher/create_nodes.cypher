// name: create_nodes
// One batch of nodes into an empty graph (a --wipe load): CREATE skips MERGE's lookups.
// Each node's element id comes back, so its edges find it without an index lookup.
UNWIND $rows AS row
CREATE (n:Entity)
SET n = row.props
SET n:$(row.labels)
RETURN row.props.id AS id, elementId(n) AS element
