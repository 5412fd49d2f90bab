// name: mechanisms-for-gene
// description: Processes and mechanisms a gene is involved in, with the project mechanisms each falls under (part_of, subclass_of up the GO hierarchy), and the finding, evidence type, population, source and release behind each link.
// param: gene | entity:Gene | required | SOD1 | the gene, by id, symbol or synonym
// columns: mechanism_id, mechanism, category, part_of, mechanisms, finding_id, statement, evidence, population, model_system, citations, source, release
MATCH (g:Entity {id: $gene})-[r:INVOLVED_IN WHERE r.negated IS NULL]->(m:Entity)
OPTIONAL MATCH (m)-[_r1:PART_OF WHERE _r1.negated IS NULL]->(parent:Entity)
WITH m, r, collect(parent.name) AS part_of
CALL (m) {
  MATCH ANY (m)-[_r2:PART_OF|SUBCLASS_OF WHERE _r2.negated IS NULL]->{0,}(mech:Mechanism)
  RETURN collect(DISTINCT mech.name) AS mechanisms
}
UNWIND r.findings AS fid
MATCH (f:Entity {id: fid}) WHERE f:Finding
RETURN m.id AS mechanism_id, m.name AS mechanism, m.category AS category, part_of,
       mechanisms, f.id AS finding_id, f.statement AS statement, f.evidence AS evidence,
       f.population AS population, f.model_system AS model_system, f.citations AS citations,
       r.source AS source, f.release AS release
