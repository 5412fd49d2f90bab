-- The embedded twin of publications.cypher: every cited source, with how many findings
-- cite it.
WITH cited AS (
  SELECT c.object AS id, count(*) AS n FROM edges c
  JOIN nodes f ON f.id = c.subject AND f.category = 'Finding'
  WHERE c.predicate = 'cites' AND c.negated = 0
  GROUP BY c.object)
SELECT json_object(
  'publication_id', p.id,
  'title', CASE WHEN coalesce(p.record ->> '$[2].title', '') = '' THEN p.name
                ELSE p.record ->> '$[2].title' END,
  'first_author', CASE WHEN coalesce(p.record ->> '$[2].authors', '') = '' THEN NULL
                       WHEN instr(p.record ->> '$[2].authors', ', ') = 0
                       THEN p.record ->> '$[2].authors'
                       ELSE substr(p.record ->> '$[2].authors', 1,
                                   instr(p.record ->> '$[2].authors', ', ') - 1) END,
  'year', p.record -> '$[2].year', 'journal', p.record -> '$[2].journal',
  'doi', p.record -> '$[2].doi', 'pmc', p.record -> '$[2].pmc',
  'publication_types', coalesce(p.record -> '$[2].publication_types', json('[]')),
  'findings', cited.n)
FROM cited
JOIN nodes p ON p.id = cited.id
  AND p.category IN (SELECT category FROM lineage WHERE ancestor = 'Publication')
