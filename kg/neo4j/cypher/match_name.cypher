// name: match_name
// Entities whose name is $text, lower-cased, by index.
MATCH (n:Entity) WHERE n.name_lc = $text
RETURN n {.*} AS n
