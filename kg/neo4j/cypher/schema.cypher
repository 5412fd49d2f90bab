// name: schema
// Constraints and indexes, created before any write so MERGE finds nodes by index.
// finding_statement lets pediatric-genes start from the findings about young patients;
// entity_synonyms lets a name be looked up among synonyms without reading every node
// (the analyser lower-cases, so candidates are found whatever the case; the statement
// that uses it then keeps only exact matches); listing_name finds the counts kept at load
// time for a listing's pages (kg/neo4j/listings.py); hgnc_name_key and hgnc_gene_id
// serve HGNC's names table (kg/neo4j/hgnc.py).
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE INDEX entity_name_lc IF NOT EXISTS FOR (n:Entity) ON (n.name_lc);
CREATE INDEX entity_category IF NOT EXISTS FOR (n:Entity) ON (n.category);
CREATE INDEX entity_load IF NOT EXISTS FOR (n:Entity) ON (n._load);
CREATE INDEX finding_statement IF NOT EXISTS FOR (n:Finding) ON (n.predicate, n.population);
CREATE FULLTEXT INDEX entity_synonyms IF NOT EXISTS FOR (n:Entity) ON EACH [n.synonyms]
  OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words'}};
CREATE CONSTRAINT listing_name IF NOT EXISTS FOR (n:AlskgListing) REQUIRE n.name IS UNIQUE;
CREATE INDEX hgnc_name_key IF NOT EXISTS FOR (n:HgncName) ON (n.key);
CREATE CONSTRAINT hgnc_gene_id IF NOT EXISTS FOR (n:HgncGene) REQUIRE n.hgnc IS UNIQUE
