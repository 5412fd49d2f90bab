// name: trials
// description: Clinical trials with phase, status, eligible ages, the therapies they test, the genes those therapies target, sponsors and citations; every filter is optional.
// param: therapy | entity:Therapy | optional | tofersen | only trials testing this therapy
// param: gene | entity:Gene | optional | SOD1 | only trials of a therapy that targets this gene
// param: phase | text | optional | phase 3 | only trials in this phase
// param: status | text | optional | completed | only trials with this status
// param: pediatric | bool | optional | true | true: only trials that admit patients under 18
// columns: trial_id, trial, phase, status, min_age_years, max_age_years, therapies, genes, sponsors, citations
// scan: ClinicalTrial | the listing of every trial; with a therapy or gene, a page starts from that entity instead (kg/neo4j/cypher/trials_keys_filtered.cypher)
// Each list is its own COLLECT subquery: chained OPTIONAL MATCHes multiply therapies by
// genes by sponsors, which took minutes on a trial with hundreds of each.
MATCH (tr:ClinicalTrial)
WHERE ($phase IS NULL OR tr.phase = $phase)
  AND ($status IS NULL OR tr.status = $status)
  AND ($pediatric IS NULL OR ($pediatric = (tr.min_age_years IS NOT NULL AND tr.min_age_years < 18)))
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
WHERE ($therapy IS NULL OR any(th IN ths WHERE th.id = $therapy))
  AND ($gene IS NULL OR any(g IN gs WHERE g.id = $gene))
RETURN tr.id AS trial_id, tr.name AS trial, tr.phase AS phase, tr.status AS status,
       tr.min_age_years AS min_age_years, tr.max_age_years AS max_age_years,
       [th IN ths | th.name] AS therapies, [g IN gs | g.name] AS genes, sponsors, citations
