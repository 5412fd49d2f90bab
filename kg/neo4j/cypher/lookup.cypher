// name: lookup
// Entity parameters resolved in one round trip. For each of $texts ({text, lower, phrase}):
// the node with that id; when there is none, the nodes with that name (by the name_lc
// index); when there are none either, the nodes with it among their synonyms, found by
// the entity_synonyms full-text index ($phrase: the text as a quoted Lucene phrase) and
// kept only when one synonym equals it ignoring case. And HGNC's genes of that name, from
// the names table loaded with the graph (kg/neo4j/hgnc.py), when no id matched.
UNWIND $texts AS t
CALL (t) {
  OPTIONAL MATCH (n:Entity {id: t.text})
  RETURN n {.*} AS node
}
CALL (t, node) {
  WITH t WHERE node IS NULL
  MATCH (n:Entity) WHERE n.name_lc = t.lower
  RETURN collect(n {.*}) AS named
}
CALL (t, node, named) {
  WITH t WHERE node IS NULL AND size(named) = 0 AND t.phrase IS NOT NULL
  CALL db.index.fulltext.queryNodes('entity_synonyms', t.phrase) YIELD node AS n
  WITH n, t WHERE n:Entity AND any(s IN n.synonyms WHERE toLower(s) = t.lower)
  RETURN collect(n {.*}) AS synonyms
}
CALL (t, node) {
  WITH t WHERE node IS NULL
  MATCH (h:HgncName {key: t.lower})
  MATCH (g:HgncGene {hgnc: h.hgnc})
  RETURN collect({kind: h.kind, hgnc: g.hgnc, gene: g.gene, symbol: g.symbol,
                  full_name: g.full_name}) AS genes
}
RETURN t.text AS text, node, named, synonyms, genes
