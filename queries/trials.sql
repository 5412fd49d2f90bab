-- The embedded twin of trials.cypher: the whole answer (a page's rows come from
-- queries/trials.rows.sql, as kg/queries.py's PAGE_RECORDS says).
-- every trial by the category index (CROSS JOIN keeps that order rather than a scan of
-- every node)
WITH trial AS (
  SELECT tr.id, tr.name, tr.record ->> '$[2].phase' AS phase,
         tr.record ->> '$[2].status' AS status,
         tr.record ->> '$[2].min_age_years' AS min_age,
         tr.record ->> '$[2].max_age_years' AS max_age
  FROM lineage CROSS JOIN nodes tr ON tr.category = lineage.category
  WHERE lineage.ancestor = 'ClinicalTrial'),
-- each tested therapy's genes, once (a hub therapy is tested by thousands of trials)
target AS MATERIALIZED (
  SELECT t.subject AS therapy, g.id AS gene, g.name FROM edges t
  JOIN nodes g ON g.id = t.object
    AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene')
  WHERE t.predicate = 'targets' AND t.negated = 0
    AND t.subject IN (SELECT DISTINCT object FROM edges WHERE predicate = 'tests' AND negated = 0
                        AND subject IN (SELECT id FROM trial))),
tested AS (
  SELECT te.subject AS trial, th.id AS therapy, th.name, te.record FROM edges te
  JOIN nodes th ON th.id = te.object
    AND th.category IN (SELECT category FROM lineage WHERE ancestor = 'Therapy')
  WHERE te.subject IN (SELECT id FROM trial) AND te.predicate = 'tests' AND te.negated = 0),
sponsored AS (
  SELECT sp.object AS trial, org.name, sp.record FROM edges sp
  JOIN nodes org ON org.id = sp.subject
    AND org.category IN (SELECT category FROM lineage WHERE ancestor = 'Organization')
  WHERE sp.object IN (SELECT id FROM trial) AND sp.predicate = 'sponsors' AND sp.negated = 0)
SELECT json_object(
  'trial_id', tr.id, 'trial', tr.name, 'phase', coalesce(tr.phase, 'unknown'),
  'status', coalesce(tr.status, 'unknown'), 'min_age_years', coalesce(tr.min_age, 'unknown'),
  'max_age_years', coalesce(tr.max_age, 'unknown'),
  'ages', CASE WHEN tr.min_age IS NULL THEN 'unknown'
               WHEN tr.min_age < 18 THEN 'admits children' ELSE 'adults only' END,
  'therapies', json((SELECT json_group_array(name) FROM tested WHERE trial = tr.id)),
  'gene_count', (SELECT count(DISTINCT target.gene) FROM tested
                 JOIN target ON target.therapy = tested.therapy WHERE tested.trial = tr.id),
  -- the names only when asked: a page of a hundred trials names thousands of genes
  'genes', CASE WHEN :genes THEN json((SELECT json_group_array(DISTINCT target.name)
                 FROM tested JOIN target ON target.therapy = tested.therapy
                 WHERE tested.trial = tr.id)) END,
  'sponsors', json((SELECT json_group_array(name) FROM sponsored WHERE trial = tr.id)),
  'citations', json((SELECT json_group_array(c.value) FROM (
                       SELECT record FROM tested WHERE trial = tr.id
                       UNION ALL SELECT record FROM sponsored WHERE trial = tr.id) AS e,
                     json_each(e.record, '$[1]') AS c)))
FROM trial AS tr
WHERE (:phase IS NULL OR tr.phase = :phase)
  AND (:status IS NULL OR tr.status = :status)
  -- an unknown minimum age makes both comparisons null: such a trial passes neither
  AND (:pediatric IS NULL OR (:pediatric AND tr.min_age < 18)
       OR (NOT :pediatric AND tr.min_age >= 18))
  AND (:ages IS NULL OR (:ages = 'unknown') = (tr.min_age IS NULL))
  AND (:therapy IS NULL OR EXISTS (SELECT 1 FROM tested
                                   WHERE trial = tr.id AND therapy = :therapy))
  AND (:gene IS NULL OR EXISTS (SELECT 1 FROM tested
                                JOIN target ON target.therapy = tested.therapy
                                WHERE tested.trial = tr.id AND target.gene = :gene))
