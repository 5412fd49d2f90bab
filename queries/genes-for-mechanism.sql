-- The embedded twin of genes-for-mechanism.cypher: the mechanism and everything under it
-- (part_of and subclass_of, walked down), the genes involved in each, one row a finding.
WITH RECURSIVE down(id) AS (
  SELECT id FROM nodes WHERE id = :mechanism
  UNION SELECT h.subject FROM edges h JOIN down ON h.object = down.id
  WHERE h.predicate IN ('part_of', 'subclass_of') AND h.negated = 0)
SELECT json_object(
  'gene_id', g.id, 'gene', g.name, 'via_id', x.id, 'via', x.name,
  'finding_id', f.id, 'statement', f.record -> '$[2].statement',
  'evidence', f.record -> '$[2].evidence', 'population', f.record -> '$[2].population',
  'model_system', f.record -> '$[2].model_system', 'citations', f.record -> '$[2].citations',
  'source', r.source, 'release', f.record -> '$[2].release')
-- CROSS JOIN keeps the order: from each mechanism under it to its genes, not from every
-- involved_in edge
FROM down
CROSS JOIN nodes x ON x.id = down.id
CROSS JOIN edges r ON r.object = x.id AND r.predicate = 'involved_in' AND r.negated = 0
JOIN nodes g ON g.id = r.subject
  AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene')
JOIN json_each(r.record, '$[0]') AS fid
JOIN nodes f ON f.id = fid.value AND f.category = 'Finding'
