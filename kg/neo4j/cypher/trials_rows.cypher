// name: trials_rows
// The rows of queries/trials.cypher for the trials $keys only (a page's), found by index,
// as one record: `rows`, each with the ids of the therapies it tests instead of genes, and
// `targets`, the gene names of each of those therapies, read once per page (the trials of
// a page share their therapies; kg/neo4j/backend.py puts each row's genes together).
MATCH (tr:Entity) WHERE tr.id IN $keys AND tr:ClinicalTrial
WITH tr,
     COLLECT { MATCH (tr)-[te:TESTS WHERE te.negated IS NULL]->(th:Therapy) RETURN th } AS ths,
     COLLECT { MATCH (org:Organization)-[sp:SPONSORS WHERE sp.negated IS NULL]->(tr)
               RETURN org.name } AS sponsors,
     COLLECT { MATCH (tr)-[te:TESTS WHERE te.negated IS NULL]->(:Therapy)
               UNWIND te.citations AS c RETURN c
               UNION
               MATCH (:Organization)-[sp:SPONSORS WHERE sp.negated IS NULL]->(tr)
               UNWIND sp.citations AS c RETURN c } AS citations
WITH collect({trial_id: tr.id, trial: tr.name, phase: tr.phase, status: tr.status,
              min_age_years: tr.min_age_years, max_age_years: tr.max_age_years,
              therapies: [th IN ths | th.name], therapy_ids: [th IN ths | th.id],
              sponsors: sponsors, citations: citations}) AS rows,
     collect(ths) AS tested
CALL (tested) {
  UNWIND tested AS ths
  UNWIND ths AS th
  WITH DISTINCT th
  RETURN collect({id: th.id, genes: COLLECT {
    MATCH (th)-[t:TARGETS WHERE t.negated IS NULL]->(g:Gene) RETURN g.name }}) AS targets
}
RETURN rows, targets
