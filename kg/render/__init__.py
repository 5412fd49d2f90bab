"""Answers drawn for people, with no system tools: terminal text and Markdown (text.py),
SVG pictures of paths (svg.py, no Graphviz)."""
