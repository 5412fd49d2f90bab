-- The embedded twin of findings-from-source.cypher: the findings citing a source.
SELECT json_object(
  'finding_id', f.id, 'statement', f.record -> '$[2].statement', 'subject', s.name,
  'predicate', f.record -> '$[2].predicate', 'object', o.name,
  'evidence', f.record -> '$[2].evidence', 'population', f.record -> '$[2].population',
  'model_system', f.record -> '$[2].model_system')
FROM edges c
JOIN nodes f ON f.id = c.subject AND f.category = 'Finding'
LEFT JOIN nodes s ON s.id = f.record ->> '$[2].subject'
LEFT JOIN nodes o ON o.id = f.record ->> '$[2].object'
WHERE c.object = :citation AND c.predicate = 'cites' AND c.negated = 0
