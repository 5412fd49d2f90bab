// name: mechanisms-for-gene
// description: Processes and mechanisms a gene is involved in, with the findings, evidence type and population behind each link.
// param: gene | entity:Gene | required | SOD1 | the gene, by id, symbol or synonym
// columns: mechanism_id, mechanism, category, part_of, finding_id, statement, evidence, population, model_system, citations
MATCH (g:Entity {id: $gene})-[r:INVOLVED_IN WHERE r.negated IS NULL]->(m:Entity)
OPTIONAL MATCH (m)-[_r1:PART_OF WHERE _r1.negated IS NULL]->(parent:Entity)
WITH m, r, collect(parent.name) AS part_of
UNWIND r.findings AS fid
MATCH (f:Entity {id: fid}) WHERE f:Finding
RETURN m.id AS mechanism_id, m.name AS mechanism, m.category AS category, part_of,
       f.id AS finding_id, f.statement AS statement, f.evidence AS evidence,
       f.population AS population, f.model_system AS model_system, f.citations AS citations
