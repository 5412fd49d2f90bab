// name: genes-for-mechanism
// description: Genes involved in a mechanism or process, directly or through anything under it (part_of, and subclass_of down the GO hierarchy and to the GO subtrees a mechanism groups), with the finding, evidence type, population, source and release behind each link.
// param: mechanism | entity | required | proteostasis | the mechanism or process, by id, name or synonym
// columns: gene_id, gene, via_id, via, finding_id, statement, evidence, population, model_system, citations, source, release
MATCH (m:Entity {id: $mechanism})
CALL (m) {
  MATCH ANY (x:Entity)-[_r1:PART_OF|SUBCLASS_OF WHERE _r1.negated IS NULL]->{0,}(m)
  RETURN DISTINCT x
}
MATCH (g:Gene)-[r:INVOLVED_IN WHERE r.negated IS NULL]->(x)
UNWIND r.findings AS fid
MATCH (f:Entity {id: fid}) WHERE f:Finding
RETURN g.id AS gene_id, g.name AS gene, x.id AS via_id, x.name AS via,
       f.id AS finding_id, f.statement AS statement, f.evidence AS evidence,
       f.population AS population, f.model_system AS model_system, f.citations AS citations,
       r.source AS source, f.release AS release
