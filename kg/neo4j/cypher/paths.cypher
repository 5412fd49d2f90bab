// name: paths
// Simple paths between two entities with the two shortest lengths (SHORTEST 2 GROUPS),
// over entity nodes only: findings and publications are provenance, not hops, and a
// negated edge (a claim that something does not hold) is no hop either. The
// parenthesised WHERE filters before the shortest groups are chosen: no node twice, and a
// node of each category in $via on the way. Hop count is capped at 10; the caller applies
// --max-hops. One record, a list of the paths' ids (a record each cost the driver more
// than the server took to find them).
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
MATCH p = SHORTEST 2 GROUPS (
  (a) ((x)-[r WHERE r.negated IS NULL]-(y) WHERE NOT y:Finding AND NOT y:Publication){1,10} (b)
  WHERE NOT a IN y
    AND all(i IN range(0, size(y) - 2) WHERE NOT y[i] IN y[i + 1..])
    AND all(c IN $via WHERE any(n IN y[..-1] WHERE c IN labels(n)))
)
RETURN collect([n IN nodes(p) | n.id]) AS paths
