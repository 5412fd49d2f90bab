// name: evidence
// description: Every finding linking two entities, in either direction, negated ones included, with statement, the quote from its cited paper, ECO evidence type, population, model system, study, citations and the findings it supports or contradicts; side says whether it is for the edge or against it (a negated finding, or one that contradicts a finding of the edge, listed beside the edge's own).
// param: subject | entity | required | ulefnersen | one entity, by id, name or synonym
// param: object | entity | required | FUS | the other entity
// columns: predicate, direction, negated, finding_id, statement, quote, evidence, population, model_system, study, citations, supports, contradicts, supported_by, contradicted_by, side
CALL {
  MATCH (a:Entity {id: $subject})-[r]-(b:Entity {id: $object})
  WHERE NOT a:Finding AND NOT b:Finding
  UNWIND r.findings AS fid
  MATCH (f:Entity {id: fid}) WHERE f:Finding
  RETURN a, r, f, CASE WHEN coalesce(r.negated, false) THEN 'against' ELSE 'for' END AS side
  UNION
  MATCH (a:Entity {id: $subject})-[r]-(b:Entity {id: $object})
  WHERE NOT a:Finding AND NOT b:Finding AND NOT coalesce(r.negated, false)
  UNWIND r.findings AS fid
  MATCH (g:Entity {id: fid}) WHERE g:Finding
  MATCH (f:Finding)-[:CONTRADICTS]->(g)
  RETURN a, r, f, 'against' AS side
}
OPTIONAL MATCH (f)-[:SUPPORTS]->(s:Finding)
OPTIONAL MATCH (f)-[:CONTRADICTS]->(c:Finding)
OPTIONAL MATCH (sb:Finding)-[:SUPPORTS]->(f)
OPTIONAL MATCH (cb:Finding)-[:CONTRADICTS]->(f)
RETURN r.predicate AS predicate,
       CASE WHEN startNode(r) = a THEN 'forward' ELSE 'reverse' END AS direction,
       coalesce(r.negated, false) AS negated,
       f.id AS finding_id, f.statement AS statement, f.quote AS quote, f.evidence AS evidence,
       f.population AS population, f.model_system AS model_system, f.study AS study,
       f.citations AS citations, collect(s.id) AS supports, collect(c.id) AS contradicts,
       collect(sb.id) AS supported_by, collect(cb.id) AS contradicted_by, side
