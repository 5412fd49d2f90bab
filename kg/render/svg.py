"""Path answers (kg.paths.find_paths) as SVG, laid out in Python: no Graphviz needed.

`alskg path --format svg` and the web explorer's path page draw with this one function.
Entities are columns by their place along the paths (the source leftmost, the target
rightmost); each pair of entities joined by a hop gets one line per direction, labelled
with its predicates. Every text and attribute value is XML-escaped, so a name such as
`<script>` is drawn as those characters. With `hop_links`, each hop links to `#hop-N`,
the anchor of its findings on the page (N as in `hop_pairs`).
"""

from __future__ import annotations

from html import escape
from typing import Any

NODE_W, NODE_H = 190, 46
COL_GAP, ROW_GAP = 120, 34
MARGIN = 24
NAME_CHARS = 26
LABEL_CHARS = 40

CATEGORY_FILL = {
    "Gene": "#dbe9f9", "Therapy": "#dff3e3", "Disease": "#fbe3e1", "Mechanism": "#efe4f8",
    "BiologicalProcess": "#efe4f8", "ClinicalTrial": "#fdf1d6", "Biomarker": "#e3f3f3",
    "Phenotype": "#f7e6ef", "Organization": "#ececec", "Study": "#f3efe3",
}


def hop_pairs(result: dict[str, Any]) -> list[tuple[str, str]]:
    """Each pair of entities joined by a hop, once, in the order the paths first reach it;
    its index is the N of the `#hop-N` anchor."""
    pairs: list[tuple[str, str]] = []
    seen: set[frozenset[str]] = set()
    for p in result.get("paths", []):
        for hop in p.get("hops", []):
            key = frozenset((hop["from"], hop["to"]))
            if key not in seen:
                seen.add(key)
                pairs.append((hop["from"], hop["to"]))
    return pairs


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def _layout(result: dict[str, Any]) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    nodes: dict[str, dict[str, Any]] = {}
    column: dict[str, int] = {}
    last = max((p["length"] for p in result.get("paths", [])), default=1)
    for p in result.get("paths", []):
        for i, n in enumerate(p["nodes"]):
            nodes.setdefault(n["id"], n)
            column[n["id"]] = min(column.get(n["id"], i), i)
    ends = (result.get("from", {}).get("id"), result.get("to", {}).get("id"))
    if ends[0] in column:
        column[ends[0]] = 0
    if ends[1] in column:
        column[ends[1]] = last
    return nodes, column


def render(result: dict[str, Any], hop_links: bool = False) -> str:
    """The paths of `result` as a standalone SVG document (text, UTF-8)."""
    nodes, column = _layout(result)
    if not nodes:
        ends = [result.get(k, {}).get("name", "?") for k in ("from", "to")]
        head = f"{ends[0]} -> {ends[1]}"
        return _document(360, 60, [
            f'<text x="{MARGIN}" y="36" font-size="14">no path: {escape(head)}</text>'])
    rows: dict[int, list[str]] = {}
    for node_id in nodes:  # insertion order: the order the paths first reach each node
        rows.setdefault(column[node_id], []).append(node_id)
    tallest = max(len(r) for r in rows.values())
    height = 2 * MARGIN + tallest * NODE_H + (tallest - 1) * ROW_GAP
    width = 2 * MARGIN + (max(rows) + 1) * NODE_W + max(rows) * COL_GAP
    centre: dict[str, tuple[float, float]] = {}
    for col, members in rows.items():
        block = len(members) * NODE_H + (len(members) - 1) * ROW_GAP
        top = (height - block) / 2
        for j, node_id in enumerate(members):
            x = MARGIN + col * (NODE_W + COL_GAP) + NODE_W / 2
            centre[node_id] = (x, top + j * (NODE_H + ROW_GAP) + NODE_H / 2)
    parts: list[str] = []
    placed: list[tuple[float, float, float]] = []  # labels drawn so far: x, y, half width
    for index, (a, b) in enumerate(hop_pairs(result)):
        parts.append(_hop(result, index, a, b, centre, hop_links, placed))
    for node_id, n in nodes.items():
        parts.append(_node(n, centre[node_id]))
    return _document(width, height, parts)


def _edges_between(result: dict[str, Any], a: str, b: str) -> dict[tuple[str, str], list[str]]:
    """Predicates per direction (subject, object) over every hop joining a and b."""
    out: dict[tuple[str, str], list[str]] = {}
    for p in result.get("paths", []):
        for hop in p.get("hops", []):
            if {hop["from"], hop["to"]} != {a, b}:
                continue
            for e in hop.get("edges", []):
                s, o = ((hop["from"], hop["to"]) if e.get("direction") == "forward"
                        else (hop["to"], hop["from"]))
                preds = out.setdefault((s, o), [])
                if e["predicate"] not in preds:
                    preds.append(e["predicate"])
    return out


def _free_spot(x: float, y: float, half: float,
               placed: list[tuple[float, float, float]]) -> float:
    """A y near `y` where a label of half width `half` at `x` overlaps no label placed so
    far: lines of different hops can cross at their middles, and their labels with them."""
    for shift in (0, 13, -13, 26, -26, 39, -39):
        if all(abs(y + shift - py) >= 12 or abs(x - px) >= half + ph
               for px, py, ph in placed):
            return y + shift
    return y


def _hop(result: dict[str, Any], index: int, a: str, b: str,
         centre: dict[str, tuple[float, float]], link: bool,
         placed: list[tuple[float, float, float]]) -> str:
    directions = _edges_between(result, a, b)
    lines = []
    for k, ((s, o), preds) in enumerate(sorted(directions.items())):
        (x1, y1), (x2, y2) = centre[s], centre[o]
        # start and end on the box edges, not the centres, so the arrowhead shows
        x1, y1 = _border(x1, y1, x2, y2)
        x2, y2 = _border(x2, y2, x1, y1)
        offset = 0 if len(directions) == 1 else (-7 if k == 0 else 7)
        y1, y2 = y1 + offset, y2 + offset
        label = _short(", ".join(preds), LABEL_CHARS)
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2 - 6 + (14 if offset > 0 else 0)
        half = 3.2 * len(label)  # about half the width of 11px text
        my = _free_spot(mx, my, half, placed)
        placed.append((mx, my, half))
        # a wide transparent twin under each line, so a hop is easy to click
        lines.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            'stroke="#000" stroke-opacity="0" stroke-width="14" class="hit"/>'
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#5b6b82" '
            f'stroke-width="1.6" marker-end="url(#arrow)"/>'
            f'<text x="{mx:.1f}" y="{my:.1f}" font-size="11" text-anchor="middle" '
            f'fill="#243447">{escape(label)}</text>')
    title = f"{a} \u2013 {b}: " + "; ".join(
        f"{s} {', '.join(p)} {o}" for (s, o), p in sorted(directions.items()))
    body = f'<title>{escape(title)}</title>' + "".join(lines)
    group = (f'<g class="hop" data-hop="{index}" data-from="{escape(a)}" '
             f'data-to="{escape(b)}">{body}</g>')
    if link:
        return f'<a href="#hop-{index}" class="hop-link">{group}</a>'
    return group


def _border(x: float, y: float, tx: float, ty: float) -> tuple[float, float]:
    """Where the segment from the centre (x, y) towards (tx, ty) leaves the node's box."""
    dx, dy = tx - x, ty - y
    if dx == 0 and dy == 0:
        return x, y
    sx = (NODE_W / 2) / abs(dx) if dx else float("inf")
    sy = (NODE_H / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return x + dx * s, y + dy * s


def _node(n: dict[str, Any], at: tuple[float, float]) -> str:
    x, y = at
    fill = CATEGORY_FILL.get(str(n.get("category")), "#eef3fb")
    name, category, node_id = str(n.get("name", "")), str(n.get("category", "")), str(n["id"])
    return (f'<g class="node" data-id="{escape(node_id)}">'
            f'<title>{escape(name)} ({escape(node_id)}, {escape(category)})</title>'
            f'<rect x="{x - NODE_W / 2:.1f}" y="{y - NODE_H / 2:.1f}" width="{NODE_W}" '
            f'height="{NODE_H}" rx="8" fill="{fill}" stroke="#5b6b82"/>'
            f'<text x="{x:.1f}" y="{y - 3:.1f}" font-size="13" font-weight="bold" '
            f'text-anchor="middle" fill="#14202e">{escape(_short(name, NAME_CHARS))}</text>'
            f'<text x="{x:.1f}" y="{y + 13:.1f}" font-size="10" text-anchor="middle" '
            f'fill="#4a5868">{escape(category)}</text></g>')


def _document(width: float, height: float, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="paths" width="{width:.0f}" '
            f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" '
            'font-family="Helvetica, Arial, sans-serif" role="img">'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M 0 0 L 10 5 L 0 10 z" fill="#5b6b82"/></marker></defs>'
            + "".join(parts) + "</svg>\n")
