// name: findings-from-source
// description: Every finding that cites a source (a PMID, DOI, NCT number, OMIM entry or a release), with its statement and evidence.
// param: citation | entity | required | PMID:19251628 | the cited source, by id or title
// columns: finding_id, statement, subject, predicate, object, evidence, population, model_system
MATCH (:Entity {id: $citation})<-[:CITES]-(f:Finding)
OPTIONAL MATCH (s:Entity {id: f.subject})
OPTIONAL MATCH (o:Entity {id: f.object})
RETURN f.id AS finding_id, f.statement AS statement, s.name AS subject, f.predicate AS predicate,
       o.name AS object, f.evidence AS evidence, f.population AS population,
       f.model_system AS model_system
