// name: match_name
// Names are indexed in lower case; synonyms are few per node, so scanning them is cheap.
CALL (*) {
  MATCH (n:Entity) WHERE n.name_lc = $text RETURN n
  UNION
  MATCH (n:Entity) WHERE any(s IN n.synonyms WHERE toLower(s) = $text) RETURN n
}
RETURN n {.*} AS n
