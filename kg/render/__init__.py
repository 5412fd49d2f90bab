"""Rendering answers for people: terminal text and markdown (text.py), SVG (svg.py)."""
