-- The embedded twin of studies-by-organization.cypher: the studies an organization
-- sponsors, with the therapies they test.
SELECT json_object(
  'study_id', s.id, 'study', s.name, 'category', s.category,
  'kind', s.record -> '$[2].study_kind', 'phase', s.record -> '$[2].phase',
  'status', s.record -> '$[2].status',
  'therapies', json((SELECT json_group_array(th.name) FROM edges te
                     JOIN nodes th ON th.id = te.object
                     WHERE te.subject = s.id AND te.predicate = 'tests' AND te.negated = 0
                       AND th.category IN (SELECT category FROM lineage
                                           WHERE ancestor = 'Therapy'))),
  'citations', sp.record -> '$[1]')
FROM edges sp
JOIN nodes s ON s.id = sp.object
  AND s.category IN (SELECT category FROM lineage WHERE ancestor = 'Study')
WHERE sp.subject = :organization AND sp.predicate = 'sponsors' AND sp.negated = 0
