-- The trials of `trials` with a therapy or gene given: from that entity to the trials
-- testing it (or a therapy targeting it); the other filters as in queries/trials.sql.
WITH candidate(id) AS (
  SELECT te.subject FROM edges te
  WHERE :therapy IS NOT NULL AND te.object = :therapy AND te.predicate = 'tests'
  UNION
  SELECT te.subject FROM edges t
  JOIN edges te ON te.object = t.subject AND te.predicate = 'tests'
  WHERE :therapy IS NULL AND t.object = :gene AND t.predicate = 'targets'),
trial AS (
  SELECT tr.id, tr.name, tr.record ->> '$[2].phase' AS phase,
         tr.record ->> '$[2].status' AS status,
         tr.record ->> '$[2].min_age_years' AS min_age,
         tr.record ->> '$[2].max_age_years' AS max_age
  FROM candidate JOIN nodes tr ON tr.id = candidate.id
  WHERE tr.category IN (SELECT category FROM lineage WHERE ancestor = 'ClinicalTrial')),
-- each tested therapy's genes, once (a hub therapy is tested by thousands of trials)
target AS MATERIALIZED (
  SELECT t.subject AS therapy, g.id AS gene FROM edges t
  JOIN nodes g ON g.id = t.object
    AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene')
  WHERE t.predicate = 'targets' AND t.negated = 0
    AND t.subject IN (SELECT DISTINCT object FROM edges WHERE predicate = 'tests' AND negated = 0
                        AND subject IN (SELECT id FROM trial))),
tested AS (
  SELECT te.subject AS trial, th.id AS therapy, th.name, te.record FROM edges te
  JOIN nodes th ON th.id = te.object
    AND th.category IN (SELECT category FROM lineage WHERE ancestor = 'Therapy')
  WHERE te.subject IN (SELECT id FROM trial) AND te.predicate = 'tests' AND te.negated = 0)
SELECT tr.id, 1
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
