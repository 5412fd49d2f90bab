// name: seed-claims
// description: The claims of uncited narrative sources (every publication typed `uncited narrative review`, or the source given), each with its verdict from the primary findings linked to it: contested (a finding contradicts it), supported (findings support it and none contradicts it) or no primary evidence found.
// param: source | entity | optional | PMID:34946884 | the narrative source whose claims are listed (default: every uncited narrative review)
// columns: claim_id, claim, verdict, supported_by, contradicted_by, population
// scan: Publication | without a source, every publication is checked for the uncited-narrative type, which no index holds
// A claim's verdict comes only from `supports` and `contradicts` links of other findings;
// the claim's own citation (an uncited narrative) carries no weight as evidence. The shipped
// data cites no uncited narrative (a curated finding cites a primary source), so on it the
// answer is empty: the claims are a user's own (a review they are checking).
CALL {
  MATCH (p:Entity {id: $source}) RETURN p
  UNION
  MATCH (p:Publication)
  WHERE $source IS NULL AND 'uncited narrative review' IN coalesce(p.publication_types, [])
  RETURN p
}
MATCH (p)<-[:CITES]-(c:Finding)
WITH DISTINCT c
WITH c,
     COLLECT { MATCH (s:Finding)-[:SUPPORTS]->(c) RETURN s.id } AS sup,
     COLLECT { MATCH (x:Finding)-[:CONTRADICTS]->(c) RETURN x.id } AS con
RETURN c.id AS claim_id, c.statement AS claim,
       CASE WHEN size(con) > 0 THEN 'contested'
            WHEN size(sup) > 0 THEN 'supported'
            ELSE 'no primary evidence found' END AS verdict,
       sup AS supported_by, con AS contradicted_by, c.population AS population
