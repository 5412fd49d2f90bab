// name: match_synonym
// Entities with $text among their synonyms, by reading every node: asked only for a text
// the entity_synonyms full-text index cannot hold (no letter or digit; see lookup.cypher).
// scan: Entity | a text with no word in it has no index to be found by
MATCH (n:Entity) WHERE any(s IN n.synonyms WHERE toLower(s) = $text)
RETURN n {.*} AS n
