// name: pediatric-genes.keys
// The genes a page of `pediatric-genes` is cut from, each with its number of qualifying
// (gene, disease) pairs: pairs whose disease has a young onset, found from the three onset
// terms by index, and pairs with a finding about a pediatric or juvenile population,
// found from those findings by index (a finding's statement is the edge that carries it,
// as the loaders make both from one subject, predicate and object).
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
  MATCH (g:Entity {id: s}) WHERE g:Gene
  MATCH (d:Entity {id: o}) WHERE d:Disease
    AND EXISTS { MATCH (g)-[r:GENETIC_BASIS_FOR WHERE r.negated IS NULL]->(d)
                 WHERE any(x IN fids WHERE x IN r.findings) }
  RETURN g, d
}
WITH g.id AS key, count(*) AS n
RETURN collect(key) AS keys, collect(n) AS counts
