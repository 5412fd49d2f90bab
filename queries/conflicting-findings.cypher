// name: conflicting-findings
// description: Pairs of findings where one contradicts the other, with both statements and their citations.
// columns: finding_id, statement, citations, contradicts_id, contradicts_statement, contradicts_citations
MATCH (f:Finding)-[:CONTRADICTS]->(g:Finding)
RETURN f.id AS finding_id, f.statement AS statement, f.citations AS citations,
       g.id AS contradicts_id, g.statement AS contradicts_statement,
       g.citations AS contradicts_citations
