"""Pictures of answers, drawn in Python with no system tools (no Graphviz)."""
