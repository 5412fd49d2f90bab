// name: shared-mechanisms
// description: Mechanisms and processes two genes are both involved in, directly or through a process that is part of the mechanism, with the findings behind each side.
// param: gene_a | entity:Gene | required | FUS | the first gene
// param: gene_b | entity:Gene | required | TARDBP | the second gene
// columns: mechanism_id, mechanism, category, findings_a, findings_b, citations
MATCH (a:Entity {id: $gene_a})-[ra:INVOLVED_IN WHERE ra.negated IS NULL]->(xa:Entity)
CALL (xa) { RETURN xa AS m UNION MATCH (xa)-[_r1:PART_OF WHERE _r1.negated IS NULL]->(m:Entity) RETURN m }
WITH m, collect(ra) AS rels_a
MATCH (b:Entity {id: $gene_b})-[rb:INVOLVED_IN WHERE rb.negated IS NULL]->(xb:Entity)
CALL (xb) { RETURN xb AS mb UNION MATCH (xb)-[_r2:PART_OF WHERE _r2.negated IS NULL]->(mb:Entity) RETURN mb }
WITH m, rels_a, rb, mb WHERE mb = m
WITH m, rels_a, collect(rb) AS rels_b
RETURN m.id AS mechanism_id, m.name AS mechanism, m.category AS category,
       reduce(acc = [], r IN rels_a | acc + r.findings) AS findings_a,
       reduce(acc = [], r IN rels_b | acc + r.findings) AS findings_b,
       reduce(acc = [], r IN rels_a + rels_b | acc + r.citations) AS citations
