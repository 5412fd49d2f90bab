"""RDF: triples from records, the OWL vocabulary, export, import, SHACL."""
