// name: therapies-for-gene
// description: Therapies acting on a gene, their modality, and the trials that test them with phase, status, sponsors and eligible ages, with citations.
// param: gene | entity:Gene | required | FUS | the gene, by id, symbol or synonym
// columns: therapy_id, therapy, modality, trial_id, trial, phase, status, sponsors, min_age_years, max_age_years, citations
MATCH (g:Entity {id: $gene})<-[t:TARGETS WHERE t.negated IS NULL]-(th:Therapy)
OPTIONAL MATCH (tr:ClinicalTrial)-[te:TESTS WHERE te.negated IS NULL]->(th)
OPTIONAL MATCH (org:Organization)-[_r1:SPONSORS WHERE _r1.negated IS NULL]->(tr)
WITH th, tr, t, te, collect(org.name) AS sponsors
RETURN th.id AS therapy_id, th.name AS therapy, th.modality AS modality,
       tr.id AS trial_id, tr.name AS trial, tr.phase AS phase, tr.status AS status,
       sponsors, tr.min_age_years AS min_age_years, tr.max_age_years AS max_age_years,
       t.citations + coalesce(te.citations, []) AS citations
