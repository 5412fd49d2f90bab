// name: listing_keep
// A listing's keys and their counts, kept after a load (kg/neo4j/listings.py).
MERGE (s:AlskgListing {name: $name})
SET s.keys = $keys, s.counts = $counts
