-- The embedded twin of mechanisms-for-gene.cypher: one row per finding of each of the
-- gene's INVOLVED_IN edges, with the mechanism's parents (part_of) and every mechanism at
-- or above it (part_of and subclass_of, walked up).
SELECT json_object(
  'mechanism_id', m.id, 'mechanism', m.name, 'category', m.category,
  'part_of', json((SELECT json_group_array(parent.name) FROM edges po
                   JOIN nodes parent ON parent.id = po.object
                   WHERE po.subject = m.id AND po.predicate = 'part_of' AND po.negated = 0)),
  'mechanisms', json((WITH RECURSIVE up(id) AS (
                        SELECT m.id
                        UNION SELECT h.object FROM edges h JOIN up ON h.subject = up.id
                        WHERE h.predicate IN ('part_of', 'subclass_of') AND h.negated = 0)
                      -- lookups, not a join: joined, SQLite scanned every node into a
                      -- Bloom filter for the few terms above one mechanism
                      SELECT json_group_array((SELECT name FROM nodes WHERE id = up.id))
                      FROM up
                      WHERE EXISTS (SELECT 1 FROM nodes mech WHERE mech.id = up.id
                                      AND mech.category IN (SELECT category FROM lineage
                                                            WHERE ancestor = 'Mechanism')))),
  'finding_id', f.id, 'statement', f.record -> '$[2].statement',
  'evidence', f.record -> '$[2].evidence', 'population', f.record -> '$[2].population',
  'model_system', f.record -> '$[2].model_system', 'citations', f.record -> '$[2].citations',
  'source', r.source, 'release', f.record -> '$[2].release')
FROM edges r
JOIN nodes m ON m.id = r.object
JOIN json_each(r.record, '$[0]') AS fid
JOIN nodes f ON f.id = fid.value AND f.category = 'Finding'
WHERE r.subject = :gene AND r.predicate = 'involved_in' AND r.negated = 0
