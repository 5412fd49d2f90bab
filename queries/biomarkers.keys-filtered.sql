-- The biomarkers of `biomarkers` with a therapy, gene or disease given: from the first of
-- them to its biomarkers (a disease's, through the diseases under it too); then the other
-- filters, as in queries/biomarkers.sql.
WITH RECURSIVE under(id) AS (
  SELECT :disease WHERE :disease IS NOT NULL
  UNION SELECT h.subject FROM edges h JOIN under ON h.object = under.id
  WHERE h.predicate IN ('part_of', 'subclass_of') AND h.negated = 0),
start(biomarker) AS (
  SELECT e.object FROM edges e
  WHERE :therapy IS NOT NULL AND e.subject = :therapy AND e.predicate = 'lowers'
  UNION
  SELECT e.subject FROM edges e
  WHERE :therapy IS NULL AND :gene IS NOT NULL AND e.object = :gene
    AND e.predicate = 'product_of'
  UNION
  SELECT e.subject FROM under JOIN edges e ON e.object = under.id
  WHERE :therapy IS NULL AND :gene IS NULL AND e.predicate = 'biomarker_for')
SELECT b.id, 1 FROM start JOIN nodes b ON b.id = start.biomarker
WHERE b.category IN (SELECT category FROM lineage WHERE ancestor = 'Biomarker')
  AND (:therapy IS NULL OR EXISTS (
        SELECT 1 FROM edges e JOIN nodes th ON th.id = e.subject
        WHERE e.object = b.id AND e.predicate = 'lowers' AND e.negated = 0
          AND e.subject = :therapy
          AND th.category IN (SELECT category FROM lineage WHERE ancestor = 'Therapy')))
  AND (:gene IS NULL OR EXISTS (
        SELECT 1 FROM edges e JOIN nodes g ON g.id = e.object
        WHERE e.subject = b.id AND e.predicate = 'product_of' AND e.negated = 0
          AND e.object = :gene
          AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene')))
  AND (:disease IS NULL OR EXISTS (
        SELECT 1 FROM edges e JOIN nodes d ON d.id = e.object
        WHERE e.subject = b.id AND e.predicate = 'biomarker_for' AND e.negated = 0
          AND e.object IN (SELECT id FROM under)
          AND d.category IN (SELECT category FROM lineage WHERE ancestor = 'Disease')))
