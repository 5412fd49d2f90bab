-- The embedded twin of therapies-for-gene.cypher: each therapy targeting the gene, once per
-- trial testing it (or once, without a trial), with the trial's sponsors.
SELECT json_object(
  'therapy_id', th.id, 'therapy', th.name, 'modality', th.record -> '$[2].modality',
  'trial_id', tr.id, 'trial', tr.name, 'phase', tr.record -> '$[2].phase',
  'status', tr.record -> '$[2].status',
  'sponsors', json((SELECT json_group_array(org.name) FROM edges sp
                    JOIN nodes org ON org.id = sp.subject
                    WHERE sp.object = tr.id AND sp.predicate = 'sponsors' AND sp.negated = 0
                      AND org.category IN (SELECT category FROM lineage
                                           WHERE ancestor = 'Organization'))),
  'min_age_years', tr.record -> '$[2].min_age_years',
  'max_age_years', tr.record -> '$[2].max_age_years',
  'citations', json((SELECT json_group_array(c.value) FROM (
                       SELECT value FROM json_each(t.record, '$[1]')
                       UNION ALL SELECT value FROM json_each(te.record, '$[1]')) AS c)))
FROM edges t
JOIN nodes th ON th.id = t.subject
-- the therapy's trials (a LEFT JOIN: a therapy without one gives one row without a trial)
LEFT JOIN edges te ON te.object = th.id AND te.predicate = 'tests' AND te.negated = 0
  AND EXISTS (SELECT 1 FROM nodes x WHERE x.id = te.subject
                AND x.category IN (SELECT category FROM lineage
                                   WHERE ancestor = 'ClinicalTrial'))
LEFT JOIN nodes tr ON tr.id = te.subject
WHERE t.object = :gene AND t.predicate = 'targets' AND t.negated = 0
  AND th.category IN (SELECT category FROM lineage WHERE ancestor = 'Therapy')
