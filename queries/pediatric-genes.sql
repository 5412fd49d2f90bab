-- The embedded twin of pediatric-genes.cypher: each (gene, disease) pair of GENETIC_BASIS_FOR
-- edges whose disease has a young onset or which has a finding about pediatric or juvenile
-- patients. With :keys (a JSON list of gene ids, as queries/pediatric-genes.keys.sql gives
-- them: a page's) it reads those genes' pairs only.
WITH links AS (
  SELECT r.subject, r.object FROM json_each(:keys) AS k
  CROSS JOIN edges r ON r.subject = k.value AND r.predicate = 'genetic_basis_for'
  WHERE :keys IS NOT NULL AND r.negated = 0
  UNION ALL
  SELECT r.subject, r.object FROM edges r
  WHERE :keys IS NULL AND r.predicate = 'genetic_basis_for' AND r.negated = 0),
pairs AS (
  SELECT DISTINCT r.subject AS gene, r.object AS disease FROM links r
  JOIN nodes g ON g.id = r.subject
    AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene')
  JOIN nodes d ON d.id = r.object
    AND d.category IN (SELECT category FROM lineage WHERE ancestor = 'Disease'))
SELECT json_object(
  'gene_id', g.id, 'gene', g.name, 'disease_id', d.id, 'disease', d.name,
  'onset', json((SELECT json_group_array(o.name) FROM edges h JOIN nodes o ON o.id = h.object
                 WHERE h.subject = d.id AND h.predicate = 'has_onset' AND h.negated = 0
                   AND o.category IN (SELECT category FROM lineage
                                      WHERE ancestor = 'Phenotype'))),
  'inheritance', json((SELECT json_group_array(i.name) FROM edges h
                       JOIN nodes i ON i.id = h.object
                       WHERE h.subject = d.id AND h.predicate = 'has_inheritance'
                         AND h.negated = 0
                         AND i.category IN (SELECT category FROM lineage
                                            WHERE ancestor = 'Phenotype'))),
  'sources', json((SELECT json_group_array(r.source) FROM edges r
                   WHERE r.subject = g.id AND r.predicate = 'genetic_basis_for'
                     AND +r.object = d.id AND r.negated = 0)),
  'citations', json((SELECT json_group_array(c.value) FROM edges r,
                     json_each(r.record, '$[1]') AS c
                     WHERE r.subject = g.id AND r.predicate = 'genetic_basis_for'
                       AND +r.object = d.id AND r.negated = 0)))
FROM pairs
JOIN nodes g ON g.id = pairs.gene
JOIN nodes d ON d.id = pairs.disease
WHERE EXISTS (SELECT 1 FROM edges h JOIN nodes o ON o.id = h.object
              WHERE h.subject = d.id AND h.predicate = 'has_onset' AND h.negated = 0
                AND h.object IN ('HP:0003621', 'HP:0011463', 'HP:0410280')
                AND o.category IN (SELECT category FROM lineage WHERE ancestor = 'Phenotype'))
   OR EXISTS (SELECT 1 FROM edges r, json_each(r.record, '$[0]') AS fid
              JOIN findings f ON f.id = fid.value
              WHERE r.subject = g.id AND r.predicate = 'genetic_basis_for'
                AND +r.object = d.id AND r.negated = 0
                AND f.population IN ('pediatric', 'juvenile'))
