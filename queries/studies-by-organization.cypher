// name: studies-by-organization
// description: Studies and trials an organization sponsors or leads, with kind, phase, status, the therapies they test and citations.
// param: organization | entity:Organization | required | Ionis | the organization, by id or name
// columns: study_id, study, category, kind, phase, status, therapies, citations
MATCH (org:Entity {id: $organization})-[sp:SPONSORS WHERE sp.negated IS NULL]->(s:Study)
OPTIONAL MATCH (s)-[_r1:TESTS WHERE _r1.negated IS NULL]->(th:Therapy)
RETURN s.id AS study_id, s.name AS study, s.category AS category, s.study_kind AS kind,
       s.phase AS phase, s.status AS status, collect(th.name) AS therapies,
       sp.citations AS citations
