"""Reading YAML: the line-numbered, bounded reader (read), its fast path for plain files (fast)
and the node walker that carries line numbers (nodes)."""
