"""The `alskg` command line, one module per command group."""
