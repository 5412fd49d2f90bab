-- The trials a page of `trials` is cut from when no therapy or gene is given: every trial
-- passing the filters on its own properties, each giving one row.
SELECT id, 1 FROM (
  SELECT tr.id, tr.record ->> '$[2].phase' AS phase, tr.record ->> '$[2].status' AS status,
         tr.record ->> '$[2].min_age_years' AS min_age
  -- from the category index (CROSS JOIN keeps that order), not a scan of every node
  FROM lineage CROSS JOIN nodes tr ON tr.category = lineage.category
  WHERE lineage.ancestor = 'ClinicalTrial')
WHERE (:phase IS NULL OR phase = :phase)
  AND (:status IS NULL OR status = :status)
  AND (:pediatric IS NULL OR (:pediatric AND min_age < 18)
       OR (NOT :pediatric AND min_age >= 18))
  AND (:ages IS NULL OR (:ages = 'unknown') = (min_age IS NULL))
