"""KGX (Biolink's JSON Lines / TSV graph exchange format): the mapping in kg/kgx/terms.py,
the writer in kg/kgx/write.py; the reader is loaders/kgx.py."""
