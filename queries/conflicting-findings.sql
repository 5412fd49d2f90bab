-- The embedded twin of conflicting-findings.cypher: every contradiction between two findings.
SELECT json_object(
  'finding_id', f.id, 'statement', f.record -> '$[2].statement',
  'citations', f.record -> '$[2].citations', 'contradicts_id', g.id,
  'contradicts_statement', g.record -> '$[2].statement',
  'contradicts_citations', g.record -> '$[2].citations',
  'evidence', f.record -> '$[2].evidence', 'population', f.record -> '$[2].population',
  'contradicts_evidence', g.record -> '$[2].evidence',
  'contradicts_population', g.record -> '$[2].population')
FROM edges c
JOIN nodes f ON f.id = c.subject AND f.category = 'Finding'
JOIN nodes g ON g.id = c.object AND g.category = 'Finding'
WHERE c.predicate = 'contradicts' AND c.negated = 0
