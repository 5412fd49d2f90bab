// name: path_context
// What ranking the candidate paths needs, in one round trip: the degree of each of
// $inner (distinct neighbours over edges neither negated nor provenance: kg.paths.degree)
// and every edge of the hops $pairs ([subject, object] each, both ways round), provenance
// left out, negated ones kept (they are the evidence against a hop).
CALL () {
  UNWIND $inner AS id
  MATCH (n:Entity {id: id})
  RETURN collect({id: id, degree: size(COLLECT {
    MATCH (n)-[r]-(m) WHERE NOT coalesce(r.negated, false) AND NOT type(r) IN $provenance
    RETURN DISTINCT m })}) AS degrees
}
CALL () {
  UNWIND $pairs AS pair
  MATCH (a:Entity {id: pair[0]})-[r]->(b:Entity {id: pair[1]})
  WHERE NOT type(r) IN $provenance
  RETURN collect({r: r {.*}, subject: a.id, object: b.id}) AS edges
}
RETURN degrees, edges
