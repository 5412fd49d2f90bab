-- The embedded twin of shared-mechanisms.cypher: the mechanisms both genes are involved
-- in, directly or through a part of them, with both sides' findings.
WITH involved(gene, mechanism, record) AS (
  SELECT r.subject, r.object, r.record FROM edges r
  WHERE r.subject IN (:gene_a, :gene_b) AND r.predicate = 'involved_in' AND r.negated = 0
  UNION ALL
  SELECT r.subject, po.object, r.record FROM edges r
  JOIN edges po ON po.subject = r.object AND po.predicate = 'part_of' AND po.negated = 0
  WHERE r.subject IN (:gene_a, :gene_b) AND r.predicate = 'involved_in' AND r.negated = 0),
shared(mechanism) AS (
  SELECT mechanism FROM involved WHERE gene = :gene_a
  INTERSECT SELECT mechanism FROM involved WHERE gene = :gene_b)
SELECT json_object(
  'mechanism_id', m.id, 'mechanism', m.name, 'category', m.category,
  'findings_a', json((SELECT json_group_array(x.value) FROM involved i,
                      json_each(i.record, '$[0]') AS x
                      WHERE i.gene = :gene_a AND i.mechanism = m.id)),
  'findings_b', json((SELECT json_group_array(x.value) FROM involved i,
                      json_each(i.record, '$[0]') AS x
                      WHERE i.gene = :gene_b AND i.mechanism = m.id)),
  'citations', json((SELECT json_group_array(x.value) FROM involved i,
                     json_each(i.record, '$[1]') AS x
                     WHERE i.gene IN (:gene_a, :gene_b) AND i.mechanism = m.id)))
FROM shared JOIN nodes m ON m.id = shared.mechanism
