// name: neighbours
// The entity neighbours of each of $ids, with their categories, over the edges a path may
// walk (kg/paths.py: neither negated nor to a finding or publication), as the embedded
// store's links table holds them. One record: [id, [[neighbour id, category], ...]] each.
UNWIND $ids AS id
MATCH (n:Entity {id: id})
OPTIONAL MATCH (n)-[r WHERE r.negated IS NULL]-(m:Entity)
  WHERE m <> n AND NOT m:Finding AND NOT m:Publication
    AND NOT n:Finding AND NOT n:Publication
WITH id, collect(DISTINCT [m.id, m.category]) AS found
RETURN collect([id, [x IN found WHERE x[0] IS NOT NULL]]) AS rows
