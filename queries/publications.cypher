// name: publications
// description: Every publication and release the findings cite, with its record (title, first author, year, journal, DOI, PubMed publication types) and how many findings cite it; `stats` counts papers from it, once per paper.
// columns: publication_id, title, first_author, year, journal, doi, pmc, publication_types, findings
// scan: Publication | the listing of every cited source: there is no entity to start from
MATCH (p:Publication)
WITH p, COUNT { MATCH (f:Finding)-[:CITES]->(p) } AS n
WHERE n > 0
RETURN p.id AS publication_id, coalesce(p.title, p.name) AS title,
       CASE WHEN p.authors IS NULL THEN NULL ELSE split(p.authors, ', ')[0] END AS first_author, p.year AS year, p.journal AS journal,
       p.doi AS doi, p.pmc AS pmc, coalesce(p.publication_types, []) AS publication_types,
       n AS findings
