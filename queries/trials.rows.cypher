// name: trials.rows
// The rows of queries/trials.cypher for the trials $keys only (a page's), found by index,
// as one record: `rows`, each with its tests ([therapy id, therapy name, citations]) and
// sponsors ([name, citations]), each edge read once; "unknown" where a trial has no
// phase, status or ages, as queries/trials.cypher says, and `targets`, [therapy id,
// [[gene id, gene name or null], ...]] for each therapy of the page, read once a page (the
// trials of a page share their therapies), the names only with $genes.
// kg/neo4j/backend.py counts each row's genes and puts its citations together. (A COUNT
// subquery per trial reads each trial's therapy-gene paths again: at SF10, 40,000 paths
// and 137,000 database hits a page where these lists take 2,100 paths and 10,000 hits.)
MATCH (tr:Entity) WHERE tr.id IN $keys AND tr:ClinicalTrial
WITH tr,
     COLLECT { MATCH (tr)-[te:TESTS WHERE te.negated IS NULL]->(th:Therapy)
               RETURN [th, te.citations] } AS tests,
     COLLECT { MATCH (org:Organization)-[sp:SPONSORS WHERE sp.negated IS NULL]->(tr)
               RETURN [org.name, sp.citations] } AS sponsors
WITH collect({trial_id: tr.id, trial: tr.name, phase: coalesce(tr.phase, 'unknown'),
              status: coalesce(tr.status, 'unknown'),
              min_age_years: coalesce(tr.min_age_years, 'unknown'),
              max_age_years: coalesce(tr.max_age_years, 'unknown'),
              ages: CASE WHEN tr.min_age_years IS NULL THEN 'unknown'
                         WHEN tr.min_age_years < 18 THEN 'admits children'
                         ELSE 'adults only' END,
              tests: [t IN tests | [t[0].id, t[0].name, t[1]]],
              sponsors: sponsors}) AS rows,
     collect([t IN tests | t[0]]) AS tested
CALL (tested) {
  UNWIND tested AS ths
  UNWIND ths AS th
  WITH DISTINCT th
  RETURN collect([th.id, COLLECT {
    MATCH (th)-[t:TARGETS WHERE t.negated IS NULL]->(g:Gene)
    RETURN [g.id, CASE WHEN $genes THEN g.name END] }]) AS targets
}
RETURN rows, targets
