// name: trials
// description: Clinical trials with phase, status, eligible ages, the therapies they test, the genes those therapies target, sponsors and citations; every filter is optional.
// param: therapy | entity:Therapy | optional | tofersen | only trials testing this therapy
// param: gene | entity:Gene | optional | SOD1 | only trials of a therapy that targets this gene
// param: phase | text | optional | phase 3 | only trials in this phase
// param: status | text | optional | completed | only trials with this status
// param: pediatric | bool | optional | true | true: only trials that admit patients under 18
// columns: trial_id, trial, phase, status, min_age_years, max_age_years, therapies, genes, sponsors, citations
MATCH (tr:ClinicalTrial)
WHERE ($phase IS NULL OR tr.phase = $phase)
  AND ($status IS NULL OR tr.status = $status)
  AND ($pediatric IS NULL OR ($pediatric = (tr.min_age_years IS NOT NULL AND tr.min_age_years < 18)))
OPTIONAL MATCH (tr)-[te:TESTS WHERE te.negated IS NULL]->(th:Therapy)
OPTIONAL MATCH (th)-[_r1:TARGETS WHERE _r1.negated IS NULL]->(g:Gene)
OPTIONAL MATCH (org:Organization)-[sp:SPONSORS WHERE sp.negated IS NULL]->(tr)
WITH tr, collect(th.id) AS therapy_ids, collect(th.name) AS therapies,
     collect(g.id) AS gene_ids, collect(g.name) AS genes, collect(org.name) AS sponsors,
     reduce(acc = [], c IN collect(te.citations) + collect(sp.citations) | acc + c) AS citations
WHERE ($therapy IS NULL OR $therapy IN therapy_ids) AND ($gene IS NULL OR $gene IN gene_ids)
RETURN tr.id AS trial_id, tr.name AS trial, tr.phase AS phase, tr.status AS status,
       tr.min_age_years AS min_age_years, tr.max_age_years AS max_age_years,
       therapies, genes, sponsors, citations
