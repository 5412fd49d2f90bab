// name: delete_stale_edges
// After a complete load, drop relationships that the loaded data no longer has.
MATCH (:Entity)-[r]->(:Entity)
WHERE r._load IS NULL OR r._load <> $stamp
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS
