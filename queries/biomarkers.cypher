// name: biomarkers
// description: Biomarkers with their roles (diagnostic, prognostic, target engagement, surrogate endpoint, monitoring), the diseases, genes and therapies they relate to, and the studies that measure them; every filter is optional.
// param: therapy | entity:Therapy | optional | tofersen | only biomarkers this therapy lowers
// param: gene | entity:Gene | optional | SOD1 | only biomarkers that are products of this gene
// param: disease | entity:Disease | optional | ALS | only biomarkers for this disease or one under it (a subtype: MONDO's tree, curated subclass_of); `via` names which
// columns: biomarker_id, biomarker, roles, diseases, genes, therapies, studies, citations, population, via
// scan: Biomarker | the listing of every biomarker; with a filter, a page starts from the filter entity instead (queries/biomarkers.keys-filtered.cypher)
// the disease asked for and every disease under it (subclass_of, part_of): MONDO's tree,
// the curated subclass_of links
WITH COLLECT { MATCH ANY (x:Entity)-[h:PART_OF|SUBCLASS_OF WHERE h.negated IS NULL]->{0,}
                         (:Entity {id: $disease})
               RETURN DISTINCT x.id } AS under
// Then one COLLECT subquery per list, so the lists never multiply each other.
MATCH (b:Biomarker)
WITH b, under,
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
               UNWIND r.findings AS fid
               MATCH (f:Entity {id: fid}) WHERE f:Finding RETURN f.population } AS population,
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
  AND ($disease IS NULL OR any(d IN ds WHERE d.id IN under))
RETURN b.id AS biomarker_id, b.name AS biomarker, coalesce(b.roles, []) + edge_roles AS roles,
       [d IN ds | d.name] AS diseases, [g IN gs | g.name] AS genes,
       [t IN ths | t.name] AS therapies, studies, citations, population,
       [d IN ds WHERE d.id IN under | d.name] AS via
