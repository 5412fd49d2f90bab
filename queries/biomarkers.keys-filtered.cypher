// name: biomarkers.keys-filtered
// The biomarkers of `biomarkers` with a therapy, gene or disease given: from the first of
// them, by index, to its biomarkers (a disease's, through the diseases under it too); then
// the other filters, as in queries/biomarkers.cypher.
// the disease asked for and every disease under it (subclass_of, part_of): MONDO's tree,
// the curated subclass_of links
WITH COLLECT { MATCH ANY (x:Entity)-[h:PART_OF|SUBCLASS_OF WHERE h.negated IS NULL]->{0,}
                         (:Entity {id: $disease})
               RETURN DISTINCT x.id } AS under
MATCH (start:Entity {id: coalesce($therapy, $gene, $disease)})
CALL (start, under) {
  MATCH (start)-[r:LOWERS WHERE r.negated IS NULL]->(b:Biomarker)
  WHERE $therapy IS NOT NULL AND start:Therapy
  RETURN b
  UNION
  MATCH (b:Biomarker)-[r:PRODUCT_OF WHERE r.negated IS NULL]->(start)
  WHERE $therapy IS NULL AND $gene IS NOT NULL AND start:Gene
  RETURN b
  UNION
  UNWIND under AS did
  MATCH (d:Entity {id: did})<-[r:BIOMARKER_FOR WHERE r.negated IS NULL]-(b:Biomarker)
  WHERE $therapy IS NULL AND $gene IS NULL
  RETURN b
}
WITH DISTINCT b, under
WHERE ($gene IS NULL OR EXISTS {
        MATCH (b)-[r:PRODUCT_OF WHERE r.negated IS NULL]->(g:Gene) WHERE g.id = $gene })
  AND ($disease IS NULL OR EXISTS {
        MATCH (b)-[r:BIOMARKER_FOR WHERE r.negated IS NULL]->(d:Disease) WHERE d.id IN under })
RETURN collect(b.id) AS keys, collect(1) AS counts
