// name: trials
// description: Clinical trials with phase, status, eligible ages, the therapies they test, how many genes those therapies target, sponsors and citations; every filter is optional. The genes' names are one request away: -p genes=true lists them in each row (on the web page, 'List genes'); a trial's own page (alskg show NCT...) links the therapies it tests, and each therapy's page its target genes.
// param: therapy | entity:Therapy | optional | tofersen | only trials testing this therapy
// param: gene | entity:Gene | optional | SOD1 | only trials of a therapy that targets this gene
// param: phase | value:trial_phase | optional | 3 | only trials in this phase (3, phase 3, Phase III, 1/2, phase 1/2a...)
// param: status | text | optional | completed | only trials with this status
// param: pediatric | bool | optional | true | true: only trials known to admit patients under 18 (minimum age under 18); false: only those known to exclude them (minimum age 18 or more); trials with no recorded ages are in neither, a note says how many
// param: ages | choice:unknown/known | optional | unknown | unknown: only trials with no recorded minimum age; known: only those with one
// param: genes | bool | optional | true | true: each row also lists the names of the genes its therapies target (a page of trials at scale names hundreds of thousands)
// columns: trial_id, trial, phase, status, min_age_years, max_age_years, ages, therapies, gene_count, genes (with genes=true), sponsors, citations
// Nothing is guessed: phase, status and ages are a trial's only where a source states
// them, and a row shows "unknown" where it has none (ages: admits children, adults only
// or unknown, from the minimum age). gene_count is the number of distinct genes the
// trial's therapies target, without negated edges; `genes` (with -p genes=true) their
// names, each name once (two genes of one name are counted twice, named once). Both backends give the same answer: the embedded
// twin is queries/trials.sql, the pages read queries/trials.*.cypher and .sql,
// and tests/test_queries.py and tests/test_trials.py hold them equal.
// scan: ClinicalTrial | the listing of every trial; with a therapy or gene, a page starts from that entity instead (queries/trials.keys-filtered.cypher)
// Each list is its own COLLECT subquery: chained OPTIONAL MATCHes multiply therapies by
// genes by sponsors, which took minutes on a trial with hundreds of each.
MATCH (tr:ClinicalTrial)
WHERE ($phase IS NULL OR tr.phase = $phase)
  AND ($status IS NULL OR tr.status = $status)
  // an unknown minimum age makes both comparisons null: such a trial passes neither
  AND ($pediatric IS NULL OR ($pediatric AND tr.min_age_years < 18)
       OR (NOT $pediatric AND tr.min_age_years >= 18))
  AND ($ages IS NULL OR ($ages = 'unknown') = (tr.min_age_years IS NULL))
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
RETURN tr.id AS trial_id, tr.name AS trial, coalesce(tr.phase, 'unknown') AS phase,
       coalesce(tr.status, 'unknown') AS status,
       coalesce(tr.min_age_years, 'unknown') AS min_age_years,
       coalesce(tr.max_age_years, 'unknown') AS max_age_years,
       CASE WHEN tr.min_age_years IS NULL THEN 'unknown'
            WHEN tr.min_age_years < 18 THEN 'admits children' ELSE 'adults only' END AS ages,
       [th IN ths | th.name] AS therapies, size(gs) AS gene_count,
       CASE WHEN $genes THEN [g IN gs | g.name] END AS genes, sponsors, citations
