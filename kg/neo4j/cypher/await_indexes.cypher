// name: await_indexes
// Waits (up to $seconds) until every index is online: a statement that names an index
// fails while the index is still being populated, as after an import.
CALL db.awaitIndexes($seconds)
