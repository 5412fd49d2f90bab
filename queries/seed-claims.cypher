// name: seed-claims
// description: The claims of an uncited narrative source (the seed article by default), each with its verdict from the primary findings linked to it: contested (a finding contradicts it), supported (findings support it and none contradicts it) or no primary evidence found.
// param: source | entity | optional | alskg:seed-article | the narrative source whose claims are listed (default: the seed article)
// columns: claim_id, claim, verdict, supported_by, contradicted_by, population
// A claim's verdict comes only from `supports` and `contradicts` links of other findings;
// the claim's own citation (an uncited narrative) carries no weight as evidence.
MATCH (:Entity {id: coalesce($source, 'alskg:seed-article')})<-[:CITES]-(c:Finding)
WITH c,
     COLLECT { MATCH (s:Finding)-[:SUPPORTS]->(c) RETURN s.id } AS sup,
     COLLECT { MATCH (x:Finding)-[:CONTRADICTS]->(c) RETURN x.id } AS con
RETURN c.id AS claim_id, c.statement AS claim,
       CASE WHEN size(con) > 0 THEN 'contested'
            WHEN size(sup) > 0 THEN 'supported'
            ELSE 'no primary evidence found' END AS verdict,
       sup AS supported_by, con AS contradicted_by, c.population AS population
