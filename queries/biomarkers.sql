-- The embedded twin of biomarkers.cypher, and the rows of a page: with :keys (a JSON list of
-- ids, as queries/biomarkers.keys*.sql give them) it reads those biomarkers only.
WITH RECURSIVE under(id) AS (
  -- the disease asked for and every disease under it (subclass_of, part_of)
  SELECT :disease WHERE :disease IS NOT NULL
  UNION SELECT h.subject FROM edges h JOIN under ON h.object = under.id
  WHERE h.predicate IN ('part_of', 'subclass_of') AND h.negated = 0),
-- a page's biomarkers, or every biomarker by the category index (CROSS JOIN keeps that
-- order rather than a scan of every node); the branch not taken costs nothing
start(id) AS (
  SELECT value FROM json_each(:keys) WHERE :keys IS NOT NULL
  UNION ALL
  SELECT b.id FROM lineage CROSS JOIN nodes b ON b.category = lineage.category
  WHERE :keys IS NULL AND lineage.ancestor = 'Biomarker'),
-- the biomarkers' links, of those biomarkers only
linked(biomarker, predicate, id, name, record) AS (
  SELECT e.subject, e.predicate, d.id, d.name, e.record FROM edges e
  JOIN nodes d ON d.id = e.object
  WHERE e.subject IN (SELECT id FROM start) AND e.predicate = 'biomarker_for' AND e.negated = 0
    AND d.category IN (SELECT category FROM lineage WHERE ancestor = 'Disease')
  UNION ALL
  SELECT e.subject, e.predicate, g.id, g.name, e.record FROM edges e
  JOIN nodes g ON g.id = e.object
  WHERE e.subject IN (SELECT id FROM start) AND e.predicate = 'product_of' AND e.negated = 0
    AND g.category IN (SELECT category FROM lineage WHERE ancestor = 'Gene')
  UNION ALL
  SELECT e.object, e.predicate, th.id, th.name, e.record FROM edges e
  JOIN nodes th ON th.id = e.subject
  WHERE e.object IN (SELECT id FROM start) AND e.predicate = 'lowers' AND e.negated = 0
    AND th.category IN (SELECT category FROM lineage WHERE ancestor = 'Therapy')
  UNION ALL
  SELECT e.object, e.predicate, s.id, s.name, e.record FROM edges e
  JOIN nodes s ON s.id = e.subject
  WHERE e.object IN (SELECT id FROM start) AND e.predicate = 'measures' AND e.negated = 0
    AND s.category IN (SELECT category FROM lineage WHERE ancestor = 'Study'))
SELECT json_object(
  'biomarker_id', b.id, 'biomarker', b.name,
  'roles', json((SELECT json_group_array(r.value) FROM (
                   SELECT value FROM json_each(b.record, '$[2].roles')
                   UNION ALL SELECT x.value FROM linked l, json_each(l.record, '$[2].role') AS x
                   WHERE l.biomarker = b.id AND l.predicate <> 'product_of') AS r)),
  'diseases', json((SELECT json_group_array(name) FROM linked
                    WHERE biomarker = b.id AND predicate = 'biomarker_for')),
  'genes', json((SELECT json_group_array(name) FROM linked
                 WHERE biomarker = b.id AND predicate = 'product_of')),
  'therapies', json((SELECT json_group_array(name) FROM linked
                     WHERE biomarker = b.id AND predicate = 'lowers')),
  'studies', json((SELECT json_group_array(name) FROM linked
                   WHERE biomarker = b.id AND predicate = 'measures')),
  'citations', json((SELECT json_group_array(c.value) FROM linked l,
                     json_each(l.record, '$[1]') AS c WHERE l.biomarker = b.id)),
  -- the populations of the findings behind its disease links: what the lens reads
  'population', json((SELECT json_group_array(f.population) FROM linked l,
                      json_each(l.record, '$[0]') AS fid
                      JOIN findings f ON f.id = fid.value
                      WHERE l.biomarker = b.id AND l.predicate = 'biomarker_for')),
  -- with a disease asked for: the diseases at or under it that the biomarker is for
  'via', json((SELECT json_group_array(name) FROM linked
               WHERE biomarker = b.id AND predicate = 'biomarker_for'
                 AND id IN (SELECT id FROM under))))
FROM start CROSS JOIN nodes b ON b.id = start.id
WHERE b.category IN (SELECT category FROM lineage WHERE ancestor = 'Biomarker')
  AND (:therapy IS NULL OR EXISTS (SELECT 1 FROM linked WHERE biomarker = b.id
                                   AND predicate = 'lowers' AND id = :therapy))
  AND (:gene IS NULL OR EXISTS (SELECT 1 FROM linked WHERE biomarker = b.id
                                AND predicate = 'product_of' AND id = :gene))
  AND (:disease IS NULL OR EXISTS (SELECT 1 FROM linked WHERE biomarker = b.id
                                   AND predicate = 'biomarker_for'
                                   AND id IN (SELECT id FROM under)))
