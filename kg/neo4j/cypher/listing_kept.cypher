// name: listing_kept
// The keys and counts a load kept for listing $name (kg/neo4j/listings.py); no record
// when none were kept.
MATCH (s:AlskgListing {name: $name})
RETURN s.keys AS keys, s.counts AS counts
