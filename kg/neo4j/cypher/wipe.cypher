// name: wipe
// Remove every alskg node and relationship, in bounded transactions: relationships first,
// since detaching a hub node deletes all its relationships in one transaction (at SF100 a
// batch of 10,000 nodes with their hubs' relationships ran out of transaction memory).
MATCH (:Entity)-[r]->(:Entity)
CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:Entity)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
