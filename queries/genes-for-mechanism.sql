-- The embedded twin of genes-for-mechanism.cypher: the mechanism and everything under it
-- (part_of and subclass_of, walked down), the genes involved in each, one row a finding.
WITH RECURSIVE down(id) AS (
  SELECT id FROM nodes WHERE id = :mechanism
  UNION SELECT h.subject FROM edges h JOIN down ON h.object = down.id
  WHERE h.predicate IN ('part_of', 'subclass_of') AND h.negated = 0),
-- the steps below are CTEs and lookups rather than joins: joined, SQLite took the unknown
-- size of `down` for a large one and scanned every node into a Bloom filter, twice
involved AS MATERIALIZED (
  SELECT x.id AS via_id, x.name AS via, r.subject AS gene, r.source, r.record
  FROM down
  CROSS JOIN nodes x ON x.id = down.id
  CROSS JOIN edges r ON r.object = x.id AND r.predicate = 'involved_in' AND r.negated = 0
  WHERE EXISTS (SELECT 1 FROM nodes g WHERE g.id = r.subject
                  AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene'))),
found AS MATERIALIZED (
  SELECT involved.*, fid.value AS finding FROM involved, json_each(involved.record, '$[0]') AS fid
  WHERE EXISTS (SELECT 1 FROM nodes f WHERE f.id = fid.value AND f.category = 'Finding'))
SELECT json_object(
  'gene_id', found.gene, 'gene', (SELECT name FROM nodes WHERE id = found.gene),
  'via_id', found.via_id, 'via', found.via,
  'finding_id', f.id, 'statement', f.record -> '$[2].statement',
  'evidence', f.record -> '$[2].evidence', 'population', f.record -> '$[2].population',
  'model_system', f.record -> '$[2].model_system', 'citations', f.record -> '$[2].citations',
  'source', found.source, 'release', f.record -> '$[2].release')
FROM found CROSS JOIN nodes f ON f.id = found.finding
