-- The biomarkers a page of `biomarkers` is cut from when no filter is given: all of them.
SELECT id, 1 FROM nodes
WHERE category IN (SELECT category FROM lineage WHERE ancestor = 'Biomarker')
