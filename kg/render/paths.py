"""Path answers for other tools: a Graphviz picture and one CSV row per hop (the SVG of
the web is kg/render/svg.py)."""

from __future__ import annotations

from typing import Any


def to_dot(result: dict[str, Any]) -> str:
    """A Graphviz picture of the paths: entities as boxes, hops labelled with predicates."""
    def q(text: str) -> str:
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'

    lines = ["digraph alskg_paths {", "  rankdir=LR;",
             '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", '
             'fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    seen_nodes: set[str] = set()
    seen_edges: set[str] = set()
    for path in result["paths"]:
        for n in path["nodes"]:
            if n["id"] not in seen_nodes:
                seen_nodes.add(n["id"])
                lines.append(f"  {q(n['id'])} [label={q(n['name'] + chr(10) + n['category'])}];")
        for hop in path["hops"]:
            for e in hop["edges"]:
                if e["id"] in seen_edges:
                    continue
                seen_edges.add(e["id"])
                s, o = (hop["from"], hop["to"]) if e["direction"] == "forward" \
                    else (hop["to"], hop["from"])
                cites = ", ".join(e["citations"][:3]) + (" ..." if len(e["citations"]) > 3 else "")
                label = e["predicate"] + (f"\n{cites}" if cites else "")
                lines.append(f"  {q(s)} -> {q(o)} [label={q(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


HOP_COLUMNS = ["path", "path_score", "contested", "hop", "from", "to", "predicates", "score",
               "support", "publications", "best_evidence", "populations", "contradictions",
               "in_population", "flags", "findings", "against", "citations", "path_flags"]


def hop_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per hop of every path, for CSV: the same keys whatever the answer."""
    rows = []
    for i, p in enumerate(result["paths"], 1):
        for j, h in enumerate(p["hops"], 1):
            pe = h.get("population_evidence")
            rows.append({
                "path": i, "path_score": p["score"], "contested": p["contested"],
                "path_flags": p["flags"], "hop": j,
                "from": h["from"], "to": h["to"],
                "predicates": [e["predicate"] for e in h["edges"]],
                "score": h["score"], "support": h["support"],
                "publications": h["publications"], "best_evidence": h["best_evidence"],
                "populations": h["populations"], "contradictions": h["contradictions"],
                "in_population": "" if pe is None else pe["found"],
                "flags": h["flags"],
                "findings": sorted({f["id"] for e in h["edges"] for f in e["findings"]}),
                "against": [f["id"] for f in h["against"]],
                "citations": sorted({c for e in h["edges"] for c in e["citations"]}),
            })
    return rows
