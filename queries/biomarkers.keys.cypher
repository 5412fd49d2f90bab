// name: biomarkers.keys
// The biomarkers a page of `biomarkers` is cut from when no filter is given: all of them.
// scan: Biomarker | the listing of every biomarker: there is no entity to start from
MATCH (b:Biomarker)
RETURN collect(b.id) AS keys, collect(1) AS counts
