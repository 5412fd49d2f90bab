// name: biomarkers
// description: Biomarkers with their roles (diagnostic, prognostic, target engagement, surrogate endpoint, monitoring), the diseases, genes and therapies they relate to, and the studies that measure them; every filter is optional.
// param: therapy | entity:Therapy | optional | tofersen | only biomarkers this therapy lowers
// param: gene | entity:Gene | optional | SOD1 | only biomarkers that are products of this gene
// param: disease | entity:Disease | optional | ALS | only biomarkers for this disease
// columns: biomarker_id, biomarker, roles, diseases, genes, therapies, studies, citations
MATCH (b:Biomarker)
OPTIONAL MATCH (b)-[bf:BIOMARKER_FOR WHERE bf.negated IS NULL]->(d:Disease)
OPTIONAL MATCH (b)-[po:PRODUCT_OF WHERE po.negated IS NULL]->(g:Gene)
OPTIONAL MATCH (th:Therapy)-[lo:LOWERS WHERE lo.negated IS NULL]->(b)
OPTIONAL MATCH (s:Study)-[me:MEASURES WHERE me.negated IS NULL]->(b)
WITH b, collect(d.id) AS disease_ids, collect(d.name) AS diseases, collect(g.id) AS gene_ids,
     collect(g.name) AS genes, collect(th.id) AS therapy_ids, collect(th.name) AS therapies,
     collect(s.name) AS studies,
     reduce(acc = [], c IN collect(bf.role) + collect(lo.role) + collect(me.role) | acc + c) AS edge_roles,
     reduce(acc = [], c IN collect(bf.citations) + collect(po.citations) + collect(lo.citations)
            + collect(me.citations) | acc + c) AS citations
WHERE ($therapy IS NULL OR $therapy IN therapy_ids) AND ($gene IS NULL OR $gene IN gene_ids)
  AND ($disease IS NULL OR $disease IN disease_ids)
RETURN b.id AS biomarker_id, b.name AS biomarker, coalesce(b.roles, []) + edge_roles AS roles,
       diseases, genes, therapies, studies, citations
