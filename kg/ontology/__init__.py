"""The project ontology: its model, checks, maintainer tools, diffs and mappings."""
