// name: pediatric-genes.keys
// The genes a page of `pediatric-genes` is cut from, each with its number of qualifying
// (gene, disease) pairs: pairs whose disease has a young onset, found from the three onset
// terms by index, and pairs with a finding about a pediatric or juvenile population,
// found from those findings by index (a finding's statement is the edge that carries it,
// as the loaders make both from one subject, predicate and object). Every lookup names
// its index: the load counts these keys right after writing the graph (kg/neo4j/listings.py),
// when the planner's statistics may still describe the database before it: with every
// index named, the plan no longer depends on how fresh they are (the count once took 8.6 s
// at SF10 after a load, against 0.03-0.8 s, with a plan replanned for stale statistics).
CALL () {
  MATCH (o:Entity) USING INDEX o:Entity(id)
  WHERE o.id IN ['HP:0003621', 'HP:0011463', 'HP:0410280'] AND o:Phenotype
  MATCH (o)<-[h:HAS_ONSET WHERE h.negated IS NULL]-(d:Disease)
        <-[r:GENETIC_BASIS_FOR WHERE r.negated IS NULL]-(g:Gene)
  RETURN g, d
  UNION
  MATCH (f:Finding) USING INDEX f:Finding(predicate, population)
  WHERE f.predicate = 'genetic_basis_for' AND f.population IN ['pediatric', 'juvenile']
  WITH f.subject AS s, f.object AS o, collect(f.id) AS fids
  MATCH (g:Entity {id: s}) USING INDEX g:Entity(id) WHERE g:Gene
  MATCH (d:Entity {id: o}) USING INDEX d:Entity(id) WHERE d:Disease
    AND EXISTS { MATCH (g)-[r:GENETIC_BASIS_FOR WHERE r.negated IS NULL]->(d)
                 WHERE any(x IN fids WHERE x IN r.findings) }
  RETURN g, d
}
WITH g.id AS key, count(*) AS n
RETURN collect(key) AS keys, collect(n) AS counts
