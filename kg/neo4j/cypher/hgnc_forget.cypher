// name: hgnc_forget
// Remove HGNC's names table (kg/neo4j/hgnc.py) in bounded transactions.
MATCH (n:HgncName)
CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS;
MATCH (n:HgncGene)
CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS
