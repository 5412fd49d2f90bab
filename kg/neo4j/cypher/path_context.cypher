// name: path_context
// What ranking the candidate paths needs, in one round trip: the degree of each inner
// node of the paths (distinct neighbours over edges neither negated nor provenance:
// kg.paths.degree) and every edge of their hops, provenance left out, negated ones kept
// (they are the evidence against a hop). $inner is [id, [ids]] for each inner node: the
// other ends of the hops it is to give the edges of. Each inner node's edges are read once
// for both (a hop's other end is a node, compared without reading its properties); a hop
// between the two ends of the paths, $pairs ([id, id] each), is matched between them.
CALL () {
  UNWIND $inner AS row
  MATCH (n:Entity {id: row[0]})
  CALL (n, row) {
    OPTIONAL MATCH (p:Entity) WHERE p.id IN row[1]
    WITH n, collect(p) AS partners
    MATCH (n)-[r]-(m) WHERE NOT type(r) IN $provenance
    RETURN count(DISTINCT CASE WHEN NOT coalesce(r.negated, false) THEN m END) AS degree,
           collect(CASE WHEN m IN partners
                        THEN {r: r {.*}, subject: startNode(r).id, object: endNode(r).id}
                   END) AS hops
  }
  RETURN collect({id: n.id, degree: degree}) AS degrees, collect(hops) AS inner_edges
}
CALL () {
  UNWIND $pairs AS pair
  MATCH (a:Entity {id: pair[0]})-[r]-(b:Entity {id: pair[1]})
  WHERE NOT type(r) IN $provenance
  RETURN collect({r: r {.*}, subject: startNode(r).id, object: endNode(r).id}) AS end_edges
}
RETURN degrees, inner_edges, end_edges
