// name: biomarkers_keys_filtered
// The biomarkers of `biomarkers` with a therapy, gene or disease given: from the first of
// them, by index, to its biomarkers; then the other filters, as in queries/biomarkers.cypher.
MATCH (start:Entity {id: coalesce($therapy, $gene, $disease)})
CALL (start) {
  MATCH (start)-[r:LOWERS WHERE r.negated IS NULL]->(b:Biomarker)
  WHERE $therapy IS NOT NULL AND start:Therapy
  RETURN b
  UNION
  MATCH (b:Biomarker)-[r:PRODUCT_OF WHERE r.negated IS NULL]->(start)
  WHERE $therapy IS NULL AND $gene IS NOT NULL AND start:Gene
  RETURN b
  UNION
  MATCH (b:Biomarker)-[r:BIOMARKER_FOR WHERE r.negated IS NULL]->(start)
  WHERE $therapy IS NULL AND $gene IS NULL AND start:Disease
  RETURN b
}
WITH DISTINCT b
WHERE ($gene IS NULL OR EXISTS {
        MATCH (b)-[r:PRODUCT_OF WHERE r.negated IS NULL]->(g:Gene) WHERE g.id = $gene })
  AND ($disease IS NULL OR EXISTS {
        MATCH (b)-[r:BIOMARKER_FOR WHERE r.negated IS NULL]->(d:Disease) WHERE d.id = $disease })
RETURN collect(b.id) AS keys, collect(1) AS counts
