// name: ping
// The first query after connecting: it surfaces an expired password or a missing database.
RETURN 1
