// name: trials.keys
// The trials a page of `trials` is cut from when no therapy or gene is given: every trial
// passing the filters on its own properties, each giving one row, as one record (the
// caller sorts them as the rows are sorted).
// scan: ClinicalTrial | the listing of every trial: there is no entity to start from
MATCH (tr:ClinicalTrial)
WHERE ($phase IS NULL OR tr.phase = $phase)
  AND ($status IS NULL OR tr.status = $status)
  AND ($pediatric IS NULL OR ($pediatric AND tr.min_age_years < 18)
       OR (NOT $pediatric AND tr.min_age_years >= 18))
  AND ($ages IS NULL OR ($ages = 'unknown') = (tr.min_age_years IS NULL))
RETURN collect(tr.id) AS keys, collect(1) AS counts
