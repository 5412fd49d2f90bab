// name: listing_forget
// Every count kept for a listing (kg/neo4j/listings.py), removed before a load.
MATCH (s:AlskgListing)
DELETE s
