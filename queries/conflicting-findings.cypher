// name: conflicting-findings
// description: Pairs of findings where one contradicts the other, with both statements, their citations, and each side's evidence type and population.
// columns: finding_id, statement, citations, contradicts_id, contradicts_statement, contradicts_citations, evidence, population, contradicts_evidence, contradicts_population
// scan: CONTRADICTS | every contradiction in the graph: there is no entity to start from
MATCH (f:Finding)-[:CONTRADICTS]->(g:Finding)
RETURN f.id AS finding_id, f.statement AS statement, f.citations AS citations,
       g.id AS contradicts_id, g.statement AS contradicts_statement,
       g.citations AS contradicts_citations, f.evidence AS evidence,
       f.population AS population, g.evidence AS contradicts_evidence,
       g.population AS contradicts_population
