"""alskg: a knowledge graph of mechanisms and findings in ALS research."""

__version__ = "0.1.0"
