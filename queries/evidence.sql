-- The embedded twin of evidence.cypher: every finding of the edges between two entities
-- (neither a finding), in either direction, negated edges included; side says whether a
-- finding is for the edge or against it (a negated edge's findings, and findings that
-- contradict one of a standing edge's own).
WITH ends AS (
  SELECT 1 FROM nodes a, nodes b
  WHERE a.id = :subject AND b.id = :object AND a.category <> 'Finding'
    AND b.category <> 'Finding'),
r AS (
  SELECT e.predicate, e.negated, e.record, 'forward' AS direction FROM edges e
  WHERE e.subject = :subject AND e.object = :object AND EXISTS (SELECT 1 FROM ends)
  UNION ALL
  SELECT e.predicate, e.negated, e.record, 'reverse' FROM edges e
  WHERE e.subject = :object AND e.object = :subject AND :subject <> :object
    AND EXISTS (SELECT 1 FROM ends)),
own AS (
  SELECT r.predicate, r.negated, r.direction, f.id AS finding,
         CASE WHEN r.negated THEN 'against' ELSE 'for' END AS side
  FROM r, json_each(r.record, '$[0]') AS fid
  JOIN nodes f ON f.id = fid.value AND f.category = 'Finding'),
sides AS (
  SELECT * FROM own
  UNION ALL
  -- CROSS JOIN keeps the order: from the finding at hand, not from every finding
  SELECT own.predicate, own.negated, own.direction, x.id, 'against' FROM own
  CROSS JOIN edges c ON c.object = own.finding AND c.predicate = 'contradicts'
    AND c.negated = 0
  CROSS JOIN nodes x ON x.id = c.subject
  WHERE own.negated = 0
    AND EXISTS (SELECT 1 FROM nodes y WHERE y.id = x.id AND y.category = 'Finding'))
SELECT json_object(
  'predicate', sides.predicate, 'direction', sides.direction,
  'negated', json(CASE WHEN sides.negated THEN 'true' ELSE 'false' END),
  'finding_id', f.id, 'statement', f.record -> '$[2].statement',
  'quote', f.record -> '$[2].quote', 'evidence', f.record -> '$[2].evidence',
  'population', f.record -> '$[2].population',
  'model_system', f.record -> '$[2].model_system', 'study', f.record -> '$[2].study',
  'citations', f.record -> '$[2].citations',
  'supports', json((SELECT json_group_array(l.object) FROM edges l
                    JOIN nodes x ON x.id = l.object AND x.category = 'Finding'
                    WHERE l.subject = f.id AND l.predicate = 'supports' AND l.negated = 0)),
  'contradicts', json((SELECT json_group_array(l.object) FROM edges l
                       JOIN nodes x ON x.id = l.object AND x.category = 'Finding'
                       WHERE l.subject = f.id AND l.predicate = 'contradicts'
                         AND l.negated = 0)),
  'supported_by', json((SELECT json_group_array(l.subject) FROM edges l
                        JOIN nodes x ON x.id = l.subject AND x.category = 'Finding'
                        WHERE l.object = f.id AND l.predicate = 'supports'
                          AND l.negated = 0)),
  'contradicted_by', json((SELECT json_group_array(l.subject) FROM edges l
                           JOIN nodes x ON x.id = l.subject AND x.category = 'Finding'
                           WHERE l.object = f.id AND l.predicate = 'contradicts'
                             AND l.negated = 0)),
  'side', sides.side)
FROM sides JOIN nodes f ON f.id = sides.finding
