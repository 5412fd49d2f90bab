-- The genes a page of `pediatric-genes` is cut from, each with its number of qualifying
-- (gene, disease) pairs, over the edge ends, the onset edges and the findings table: no
-- record is read.
WITH pairs AS (
    SELECT DISTINCT e.subject AS gene, e.object AS disease FROM edges e
    JOIN nodes g ON g.id = e.subject JOIN nodes d ON d.id = e.object
    WHERE e.predicate = 'genetic_basis_for' AND e.negated = 0
      AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene')
      AND d.category IN (SELECT category FROM lineage WHERE ancestor = 'Disease')),
young_onset AS (
    SELECT o.subject FROM edges o JOIN nodes ph ON ph.id = o.object
    WHERE o.predicate = 'has_onset' AND o.negated = 0
      AND o.object IN ('HP:0003621', 'HP:0011463', 'HP:0410280')
      AND ph.category IN (SELECT category FROM lineage WHERE ancestor = 'Phenotype')),
young_finding AS (
    -- a finding's statement is the edge that carries it (the loaders make both from the
    -- same subject, predicate and object; negated ones apart)
    SELECT DISTINCT subject AS gene, object AS disease FROM findings
    WHERE predicate = 'genetic_basis_for' AND negated = 0
      AND population IN ('pediatric', 'juvenile'))
SELECT gene, count(*) FROM pairs
WHERE disease IN (SELECT subject FROM young_onset)
   OR (gene, disease) IN (SELECT gene, disease FROM young_finding)
GROUP BY gene
