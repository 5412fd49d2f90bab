// name: pediatric-genes.rows
// The rows of queries/pediatric-genes.cypher for the genes $keys only (a page's), by index.
MATCH (g:Entity)-[r:GENETIC_BASIS_FOR WHERE r.negated IS NULL]->(d:Disease)
WHERE g.id IN $keys AND g:Gene
OPTIONAL MATCH (d)-[_r1:HAS_ONSET WHERE _r1.negated IS NULL]->(o:Phenotype)
WITH g, d, collect(DISTINCT r) AS rels, collect(DISTINCT o) AS onsets
WHERE any(o IN onsets WHERE o.id IN ['HP:0003621', 'HP:0011463', 'HP:0410280'])
   OR any(r IN rels WHERE EXISTS {
        MATCH (f:Entity) WHERE f.id IN r.findings AND f:Finding
          AND f.population IN ['pediatric', 'juvenile'] })
OPTIONAL MATCH (d)-[_r2:HAS_INHERITANCE WHERE _r2.negated IS NULL]->(i:Phenotype)
WITH g, d, rels, onsets, collect(i.name) AS inheritance
RETURN g.id AS gene_id, g.name AS gene, d.id AS disease_id, d.name AS disease,
       [o IN onsets | o.name] AS onset, inheritance,
       reduce(acc = [], r IN rels | acc + r.source) AS sources,
       reduce(acc = [], r IN rels | acc + r.citations) AS citations
