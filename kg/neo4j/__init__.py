"""Neo4j: the backend, the loader, the admin-import files and a local server."""
