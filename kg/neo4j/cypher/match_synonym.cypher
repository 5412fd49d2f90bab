// name: match_synonym
// Entities with $text among their synonyms: a scan, so only asked when no name matched.
MATCH (n:Entity) WHERE any(s IN n.synonyms WHERE toLower(s) = $text)
RETURN n {.*} AS n
