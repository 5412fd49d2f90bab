// name: biomarkers.rows
// The rows of queries/biomarkers.cypher for the biomarkers $keys only (a page's), by index.
// the disease asked for and every disease under it (subclass_of, part_of): MONDO's tree,
// the curated subclass_of links
WITH COLLECT { MATCH ANY (x:Entity)-[h:PART_OF|SUBCLASS_OF WHERE h.negated IS NULL]->{0,}
                         (:Entity {id: $disease})
               RETURN DISTINCT x.id } AS under
MATCH (b:Entity) WHERE b.id IN $keys AND b:Biomarker
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
RETURN b.id AS biomarker_id, b.name AS biomarker, coalesce(b.roles, []) + edge_roles AS roles,
       [d IN ds | d.name] AS diseases, [g IN gs | g.name] AS genes,
       [t IN ths | t.name] AS therapies, studies, citations, population,
       [d IN ds WHERE d.id IN under | d.name] AS via
