// name: trials_rows
// The rows of queries/trials.cypher for the trials $keys only (a page's), found by index.
MATCH (tr:Entity) WHERE tr.id IN $keys AND tr:ClinicalTrial
WITH tr,
     COLLECT { MATCH (tr)-[te:TESTS WHERE te.negated IS NULL]->(th:Therapy) RETURN th } AS ths,
     COLLECT { MATCH (tr)-[te:TESTS WHERE te.negated IS NULL]->(:Therapy)
               -[t:TARGETS WHERE t.negated IS NULL]->(g:Gene) RETURN DISTINCT g } AS gs,
     COLLECT { MATCH (org:Organization)-[sp:SPONSORS WHERE sp.negated IS NULL]->(tr)
               RETURN org.name } AS sponsors,
     COLLECT { MATCH (tr)-[te:TESTS WHERE te.negated IS NULL]->(:Therapy)
               UNWIND te.citations AS c RETURN c
               UNION
               MATCH (:Organization)-[sp:SPONSORS WHERE sp.negated IS NULL]->(tr)
               UNWIND sp.citations AS c RETURN c } AS citations
RETURN tr.id AS trial_id, tr.name AS trial, tr.phase AS phase, tr.status AS status,
       tr.min_age_years AS min_age_years, tr.max_age_years AS max_age_years,
       [th IN ths | th.name] AS therapies, [g IN gs | g.name] AS genes, sponsors, citations
