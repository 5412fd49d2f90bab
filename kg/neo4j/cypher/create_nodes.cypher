// name: create_nodes
// One batch of nodes into an empty graph (a --wipe load): CREATE skips MERGE's lookups.
UNWIND $rows AS row
CREATE (n:Entity)
SET n = row.props
SET n:$(row.labels)
