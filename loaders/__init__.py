"""Loaders: one module per input source, each yielding the shared node and edge records."""
