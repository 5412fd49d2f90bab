-- The embedded twin of seed-claims.cypher: the claims of uncited narrative sources (every
-- publication typed so, or the source given), each with the findings supporting or
-- contradicting it.
WITH narratives AS (
  SELECT id FROM nodes WHERE id = :source
  UNION
  SELECT p.id FROM nodes p
  WHERE :source IS NULL AND p.category = 'Publication'
    AND EXISTS (SELECT 1 FROM json_each(p.record -> '$[2].publication_types')
                WHERE value = 'uncited narrative review')),
cited AS (
  SELECT DISTINCT ci.subject AS id FROM edges ci
  WHERE ci.object IN (SELECT id FROM narratives) AND ci.predicate = 'cites'
    AND ci.negated = 0),
claims AS (
  SELECT c.id, c.record,
         (SELECT json_group_array(s.subject) FROM edges s JOIN nodes x ON x.id = s.subject
          WHERE s.object = c.id AND s.predicate = 'supports' AND s.negated = 0
            AND x.category = 'Finding') AS sup,
         (SELECT json_group_array(s.subject) FROM edges s JOIN nodes x ON x.id = s.subject
          WHERE s.object = c.id AND s.predicate = 'contradicts' AND s.negated = 0
            AND x.category = 'Finding') AS con
  FROM cited JOIN nodes c ON c.id = cited.id AND c.category = 'Finding')
SELECT json_object(
  'claim_id', id, 'claim', record -> '$[2].statement',
  'verdict', CASE WHEN json_array_length(con) > 0 THEN 'contested'
                  WHEN json_array_length(sup) > 0 THEN 'supported'
                  ELSE 'no primary evidence found' END,
  'supported_by', json(sup), 'contradicted_by', json(con),
  'population', record -> '$[2].population')
FROM claims
