// name: schema
// Constraints and indexes, created before any write so MERGE finds nodes by index.
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE INDEX entity_name_lc IF NOT EXISTS FOR (n:Entity) ON (n.name_lc);
CREATE INDEX entity_category IF NOT EXISTS FOR (n:Entity) ON (n.category);
CREATE INDEX entity_load IF NOT EXISTS FOR (n:Entity) ON (n._load);
