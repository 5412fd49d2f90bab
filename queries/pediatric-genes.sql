-- The embedded twin of pediatric-genes.cypher: each (gene, disease) pair of GENETIC_BASIS_FOR
-- edges whose disease has a young onset or which has a finding about pediatric or juvenile
-- patients. With :keys (a JSON list of gene ids, as queries/pediatric-genes.keys.sql gives
-- them: a page's) it reads those genes' pairs only.
WITH links AS (
  SELECT r.subject, r.object, r.source, r.record FROM json_each(:keys) AS k
  CROSS JOIN edges r ON r.subject = k.value AND r.predicate = 'genetic_basis_for'
  WHERE :keys IS NOT NULL AND r.negated = 0
  UNION ALL
  SELECT r.subject, r.object, r.source, r.record FROM edges r
  WHERE :keys IS NULL AND r.predicate = 'genetic_basis_for' AND r.negated = 0),
-- each pair once, with its edges' sources, citations (a list a edge) and whether one of
-- their findings is about young patients
pairs AS MATERIALIZED (
  SELECT subject AS gene, object AS disease, json_group_array(source) AS sources,
         json_group_array(json(record -> '$[1]')) AS citations,
         max(EXISTS (SELECT 1 FROM json_each(record, '$[0]') AS fid
                     JOIN findings f ON f.id = fid.value
                     WHERE f.population IN ('pediatric', 'juvenile'))) AS young_finding
  FROM links
  WHERE EXISTS (SELECT 1 FROM nodes g WHERE g.id = subject
                  AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene'))
    AND EXISTS (SELECT 1 FROM nodes d WHERE d.id = object
                  AND d.category IN (SELECT category FROM lineage WHERE ancestor = 'Disease'))
  GROUP BY subject, object),
-- each disease once (ALS is the disease of thousands of pairs): its onsets, whether one is
-- young, its inheritance
disease AS MATERIALIZED (
  SELECT id,
    (SELECT json_group_array(o.name) FROM edges h JOIN nodes o ON o.id = h.object
     WHERE h.subject = d.id AND h.predicate = 'has_onset' AND h.negated = 0
       AND o.category IN (SELECT category FROM lineage WHERE ancestor = 'Phenotype'))
      AS onset,
    EXISTS (SELECT 1 FROM edges h JOIN nodes o ON o.id = h.object
            WHERE h.subject = d.id AND h.predicate = 'has_onset' AND h.negated = 0
              AND h.object IN ('HP:0003621', 'HP:0011463', 'HP:0410280')
              AND o.category IN (SELECT category FROM lineage WHERE ancestor = 'Phenotype'))
      AS young_onset,
    (SELECT json_group_array(i.name) FROM edges h JOIN nodes i ON i.id = h.object
     WHERE h.subject = d.id AND h.predicate = 'has_inheritance' AND h.negated = 0
       AND i.category IN (SELECT category FROM lineage WHERE ancestor = 'Phenotype'))
      AS inheritance
  FROM (SELECT DISTINCT disease AS id FROM pairs) AS d)
SELECT json_object(
  'gene_id', p.gene, 'gene', (SELECT name FROM nodes WHERE id = p.gene),
  'disease_id', p.disease, 'disease', (SELECT name FROM nodes WHERE id = p.disease),
  'onset', json(d.onset), 'inheritance', json(d.inheritance), 'sources', json(p.sources),
  'citations', json((SELECT json_group_array(c.value) FROM json_each(p.citations) AS e,
                     json_each(e.value) AS c)))
FROM pairs AS p CROSS JOIN disease AS d ON d.id = p.disease
WHERE d.young_onset OR p.young_finding
