-- The embedded twin of seed-claims.cypher: the claims of a narrative source (the seed
-- article unless another is given), each with the findings supporting or contradicting it.
WITH claims AS (
  SELECT c.id, c.record,
         (SELECT json_group_array(s.subject) FROM edges s JOIN nodes x ON x.id = s.subject
          WHERE s.object = c.id AND s.predicate = 'supports' AND s.negated = 0
            AND x.category = 'Finding') AS sup,
         (SELECT json_group_array(s.subject) FROM edges s JOIN nodes x ON x.id = s.subject
          WHERE s.object = c.id AND s.predicate = 'contradicts' AND s.negated = 0
            AND x.category = 'Finding') AS con
  FROM edges ci JOIN nodes c ON c.id = ci.subject AND c.category = 'Finding'
  WHERE ci.object = coalesce(:source, 'alskg:seed-article') AND ci.predicate = 'cites'
    AND ci.negated = 0)
SELECT json_object(
  'claim_id', id, 'claim', record -> '$[2].statement',
  'verdict', CASE WHEN json_array_length(con) > 0 THEN 'contested'
                  WHEN json_array_length(sup) > 0 THEN 'supported'
                  ELSE 'no primary evidence found' END,
  'supported_by', json(sup), 'contradicted_by', json(con),
  'population', record -> '$[2].population')
FROM claims
