// name: delete_stale_nodes
// After a complete load, drop nodes that the loaded data no longer has.
MATCH (n:Entity)
WHERE n._load IS NULL OR n._load <> $stamp
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
