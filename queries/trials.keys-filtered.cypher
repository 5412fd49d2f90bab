// name: trials.keys-filtered
// The trials of `trials` with a therapy or gene given: from that entity, by index, to the
// trials testing it (or a therapy targeting it); the other filters as in queries/trials.cypher.
MATCH (start:Entity {id: coalesce($therapy, $gene)})
CALL (start) {
  MATCH (start)<-[te:TESTS WHERE te.negated IS NULL]-(tr:ClinicalTrial)
  WHERE $therapy IS NOT NULL AND start:Therapy
  RETURN tr
  UNION
  MATCH (start)<-[t:TARGETS WHERE t.negated IS NULL]-(:Therapy)
        <-[te:TESTS WHERE te.negated IS NULL]-(tr:ClinicalTrial)
  WHERE $therapy IS NULL AND start:Gene
  RETURN tr
}
WITH DISTINCT tr
WHERE ($phase IS NULL OR tr.phase = $phase)
  AND ($status IS NULL OR tr.status = $status)
  AND ($pediatric IS NULL OR ($pediatric AND tr.min_age_years < 18)
       OR (NOT $pediatric AND tr.min_age_years >= 18))
  AND ($ages IS NULL OR ($ages = 'unknown') = (tr.min_age_years IS NULL))
  AND ($gene IS NULL OR EXISTS {
        MATCH (tr)-[te:TESTS WHERE te.negated IS NULL]->(:Therapy)
              -[t:TARGETS WHERE t.negated IS NULL]->(g:Gene) WHERE g.id = $gene })
RETURN collect(tr.id) AS keys, collect(1) AS counts
