// name: biomarkers
// description: Biomarkers with their roles (diagnostic, prognostic, target engagement, surrogate endpoint, monitoring), the diseases, genes and therapies they relate to, and the studies that measure them; every filter is optional.
// param: therapy | entity:Therapy | optional | tofersen | only biomarkers this therapy lowers
// param: gene | entity:Gene | optional | SOD1 | only biomarkers that are products of this gene
// param: disease | entity:Disease | optional | ALS | only biomarkers for this disease
// columns: biomarker_id, biomarker, roles, diseases, genes, therapies, studies, citations
// scan: Biomarker | the listing of every biomarker; with a filter, a page starts from the filter entity instead (kg/neo4j/cypher/biomarkers_keys_filtered.cypher)
// One COLLECT subquery per list, so the lists never multiply each other.
MATCH (b:Biomarker)
WITH b,
     COLLECT { MATCH (b)-[r:BIOMARKER_FOR WHERE r.negated IS NULL]->(d:Disease) RETURN d } AS ds,
     COLLECT { MATCH (b)-[r:PRODUCT_OF WHERE r.negated IS NULL]->(g:Gene) RETURN g } AS gs,
     COLLECT { MATCH (th:Therapy)-[r:LOWERS WHERE r.negated IS NULL]->(b) RETURN th } AS ths,
     COLLECT { MATCH (s:Study)-[r:MEASURES WHERE r.negated IS NULL]->(b) RETURN s.name } AS studies,
     COLLECT { MATCH (b)-[r:BIOMARKER_FOR WHERE r.negated IS NULL]->(:Disease)
               UNWIND r.role AS x RETURN x
               UNION ALL MATCH (:Therapy)-[r:LOWERS WHERE r.negated IS NULL]->(b)
               UNWIND r.role AS x RETURN x
               UNION ALL MATCH (:Study)-[r:MEASURES WHERE r.negated IS NULL]->(b)
               UNWIND r.role AS x RETURN x } AS edge_roles,
     COLLECT { MATCH (b)-[r:BIOMARKER_FOR WHERE r.negated IS NULL]->(:Disease)
               UNWIND r.citations AS x RETURN x
               UNION ALL MATCH (b)-[r:PRODUCT_OF WHERE r.negated IS NULL]->(:Gene)
               UNWIND r.citations AS x RETURN x
               UNION ALL MATCH (:Therapy)-[r:LOWERS WHERE r.negated IS NULL]->(b)
               UNWIND r.citations AS x RETURN x
               UNION ALL MATCH (:Study)-[r:MEASURES WHERE r.negated IS NULL]->(b)
               UNWIND r.citations AS x RETURN x } AS citations
WHERE ($therapy IS NULL OR any(t IN ths WHERE t.id = $therapy))
  AND ($gene IS NULL OR any(g IN gs WHERE g.id = $gene))
  AND ($disease IS NULL OR any(d IN ds WHERE d.id = $disease))
RETURN b.id AS biomarker_id, b.name AS biomarker, coalesce(b.roles, []) + edge_roles AS roles,
       [d IN ds | d.name] AS diseases, [g IN gs | g.name] AS genes,
       [t IN ths | t.name] AS therapies, studies, citations
