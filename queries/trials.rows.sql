-- The rows of queries/trials.sql for the trials :keys only (a page's), as one record in
-- the shape of queries/trials.rows.cypher: `rows`, each with its tests ([therapy id,
-- therapy name, citations]) and sponsors ([name, citations]), and `targets`, [therapy id,
-- [[gene id, gene name or null], ...]] for each therapy of the page, read once a page, the
-- names only with :genes. kg/queries.py (trial_rows) counts each row's genes from them, as
-- for Neo4j: a COUNT(DISTINCT) per trial in SQL deduplicates every (trial, gene) pair of
-- the page again (238,000 at SF100, 200 ms) where Python unions the therapies' sets.
WITH trial AS (
  SELECT tr.id, tr.name, tr.record ->> '$[2].phase' AS phase,
         tr.record ->> '$[2].status' AS status,
         tr.record ->> '$[2].min_age_years' AS min_age,
         tr.record ->> '$[2].max_age_years' AS max_age
  FROM json_each(:keys) AS k CROSS JOIN nodes tr ON tr.id = k.value
  WHERE tr.category IN (SELECT category FROM lineage WHERE ancestor = 'ClinicalTrial')),
tested AS MATERIALIZED (
  SELECT te.subject AS trial, th.id AS therapy, th.name, te.record FROM edges te
  JOIN nodes th ON th.id = te.object
    AND th.category IN (SELECT category FROM lineage WHERE ancestor = 'Therapy')
  WHERE te.subject IN (SELECT id FROM trial) AND te.predicate = 'tests' AND te.negated = 0),
sponsored AS MATERIALIZED (
  SELECT sp.object AS trial, org.name, sp.record FROM edges sp
  JOIN nodes org ON org.id = sp.subject
    AND org.category IN (SELECT category FROM lineage WHERE ancestor = 'Organization')
  WHERE sp.object IN (SELECT id FROM trial) AND sp.predicate = 'sponsors' AND sp.negated = 0),
targets AS (
  SELECT t.subject AS therapy,
         json_group_array(json_array(g.id, CASE WHEN :genes THEN g.name END)) AS genes
  FROM edges t JOIN nodes g ON g.id = t.object
    AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene')
  WHERE t.predicate = 'targets' AND t.negated = 0
    -- each therapy once: a hub therapy is tested by most trials of a page
    AND t.subject IN (SELECT DISTINCT therapy FROM tested)
  GROUP BY t.subject),
-- each trial's tests and sponsors grouped once, not looked up trial by trial
tests AS (
  SELECT trial, json_group_array(json_array(therapy, name, json(record -> '$[1]'))) AS tests
  FROM tested GROUP BY trial),
sponsors AS (
  SELECT trial, json_group_array(json_array(name, json(record -> '$[1]'))) AS sponsors
  FROM sponsored GROUP BY trial)
SELECT json_object(
  'rows', json((SELECT json_group_array(json_object(
    'trial_id', tr.id, 'trial', tr.name, 'phase', coalesce(tr.phase, 'unknown'),
    'status', coalesce(tr.status, 'unknown'), 'min_age_years', coalesce(tr.min_age, 'unknown'),
    'max_age_years', coalesce(tr.max_age, 'unknown'),
    'ages', CASE WHEN tr.min_age IS NULL THEN 'unknown'
                 WHEN tr.min_age < 18 THEN 'admits children' ELSE 'adults only' END,
    'tests', json(coalesce(tests.tests, '[]')),
    'sponsors', json(coalesce(sponsors.sponsors, '[]'))))
    FROM trial AS tr LEFT JOIN tests ON tests.trial = tr.id
    LEFT JOIN sponsors ON sponsors.trial = tr.id)),
  'targets', json((SELECT json_group_array(json_array(therapy, json(genes))) FROM targets)))
