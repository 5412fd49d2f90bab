// name: wipe
// Remove every alskg node and relationship, in bounded transactions.
MATCH (n:Entity)
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS
