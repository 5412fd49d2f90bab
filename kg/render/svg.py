"""Path answers (kg.paths.find_paths) as SVG, laid out in Python: no Graphviz needed.

`alskg path --format svg` and the web explorer's path page draw with this one function.
Entities are columns by their place along the paths (the source leftmost, the target
rightmost); each pair of entities joined by a hop gets one line per direction, labelled
with its predicates. Every text and attribute value is XML-escaped, so a name such as
`<script>` is drawn as those characters. With `hop_links`, each hop links to `#hop-N`,
the anchor of its findings on the page (N as in `hop_pairs`).

A long name wraps onto up to NAME_LINES lines (the boxes grow to the tallest); one longer
still ends in an ellipsis, and the box's <title> holds the whole name. A hop whose straight
line would pass behind another entity's box goes round it, along the gaps (Boxes).
"""

from __future__ import annotations

from html import escape
from typing import Any

NODE_W = 190
COL_GAP, ROW_GAP = 150, 34
MARGIN = 24
NAME_LINES = 3
NAME_LINE_H = 15
NAME_SIZE = 13
PAD = 9  # between a box's side and its text
LABEL_SIZE = 11
LABEL_LINES = 3
LABEL_LINE_H = 12

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


def text_width(text: str, size: float = NAME_SIZE) -> float:
    """About how wide `text` is drawn in bold Helvetica of `size` px (no font metrics at
    hand: generous per-character widths, so that text estimated to fit does fit)."""
    em = 0.0
    for c in text:
        if c in "iljI.,;:'|!() ":
            em += 0.33
        elif c in "mwMW@":
            em += 0.92
        elif c.isupper() or c.isdigit() or c in "\u2026_-":
            em += 0.72
        else:
            em += 0.6
    return em * size


def wrap_name(name: str, width: float = NODE_W - 2 * PAD,
              lines: int = NAME_LINES, size: float = NAME_SIZE) -> list[str]:
    """`name` in lines that fit `width`, broken between words (a word wider than a line
    is cut); at most `lines`, the last ending in an ellipsis when the name goes on."""
    def fit(text: str) -> str:
        while text and text_width(text + "\u2026", size) > width:
            text = text[:-1]
        return text.rstrip() + "\u2026"

    out: list[str] = []
    words = name.split()
    while words and len(out) < lines:
        line = words.pop(0)
        if text_width(line, size) > width:
            line = fit(line)
        while words and text_width(line + " " + words[0], size) <= width:
            line += " " + words.pop(0)
        out.append(line)
    if words:  # more than fits: the last line says so
        out[-1] = fit(out[-1] + " " + " ".join(words))
    return out or [""]


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
    names = {node_id: wrap_name(str(n.get("name", ""))) for node_id, n in nodes.items()}
    node_h = _box_height(max(len(lines) for lines in names.values()))
    rows: dict[int, list[str]] = {}
    for node_id in nodes:  # insertion order: the order the paths first reach each node
        rows.setdefault(column[node_id], []).append(node_id)
    tallest = max(len(r) for r in rows.values())
    height = 2 * MARGIN + tallest * node_h + (tallest - 1) * ROW_GAP
    width = 2 * MARGIN + (max(rows) + 1) * NODE_W + max(rows) * COL_GAP
    centre: dict[str, tuple[float, float]] = {}
    for col, members in rows.items():
        block = len(members) * node_h + (len(members) - 1) * ROW_GAP
        top = (height - block) / 2
        for j, node_id in enumerate(members):
            x = MARGIN + col * (NODE_W + COL_GAP) + NODE_W / 2
            centre[node_id] = (x, top + j * (node_h + ROW_GAP) + node_h / 2)
    box = Boxes(centre, node_h)
    parts: list[str] = []
    placed: list[tuple[float, float, float]] = []  # labels drawn so far: x, y, half width
    for index, (a, b) in enumerate(hop_pairs(result)):
        parts.append(_hop(result, index, a, b, box, hop_links, placed))
    for node_id, n in nodes.items():
        parts.append(_node(n, centre[node_id], names[node_id], node_h))
    top, bottom = box.extent
    return _document(width, max(height, bottom + MARGIN) - min(0, top - MARGIN), parts,
                     min(0, top - MARGIN))


def _box_height(lines: int) -> float:
    return 18 + NAME_LINE_H * lines + 13


class Boxes:
    """The entities' boxes, and the way a hop's line goes between two of them without
    passing behind a third: straight where it can; else out of the side of its first box,
    along the gaps between columns, through each column it crosses at a gap between two
    boxes (or above or below them all), and into the side of its last box."""

    def __init__(self, centre: dict[str, tuple[float, float]], height: float) -> None:
        self.centre = centre
        self.height = height
        self.columns: dict[float, list[float]] = {}  # a column's x -> its boxes' y
        for x, y in centre.values():
            self.columns.setdefault(x, []).append(y)
        self.extent = (0.0, 0.0)  # the highest and lowest y a line reaches

    def inside(self, x: float, y: float, skip: tuple[str, ...]) -> bool:
        for node_id, (cx, cy) in self.centre.items():
            if node_id not in skip and abs(x - cx) < NODE_W / 2 + 2 \
                    and abs(y - cy) < self.height / 2 + 2:
                return True
        return False

    def _lane(self, x: float, y: float) -> float:
        """The y nearest `y` at which a line crosses the column at `x` between its boxes."""
        ys = sorted(self.columns[x])
        half, gap = self.height / 2, ROW_GAP / 2
        lanes = [ys[0] - half - gap, ys[-1] + half + gap] + [
            (a + b) / 2 for a, b in zip(ys, ys[1:], strict=False)]
        return min(lanes, key=lambda lane: abs(lane - y))

    def route(self, s: str, o: str, offset: float) -> tuple[str, float, float, float]:
        """An SVG path from box s to box o (its data), where its label goes (x, y) and how
        wide the label may be there without reaching a box."""
        (sx, sy), (ox, oy) = self.centre[s], self.centre[o]
        sy, oy = sy + offset, oy + offset
        x1, y1 = _border(sx, sy, ox, oy, self.height)
        x2, y2 = _border(ox, oy, sx, sy, self.height)
        steps = 40
        # the segments a label may sit on: those in the gaps between columns
        free: list[int] = [0]
        if not any(self.inside(x1 + (x2 - x1) * t / steps, y1 + (y2 - y1) * t / steps,
                               (s, o)) for t in range(steps + 1)):
            points = [(x1, y1), (x2, y2)]
        else:
            side = NODE_W / 2
            if sx == ox:  # the same column: out of the right side and back in
                turn = sx + side + COL_GAP / 2 + offset
                points = [(sx + side, sy), (turn, sy), (turn, oy), (ox + side, oy)]
                free = [1]
            else:
                step = 1 if ox > sx else -1
                points = [(sx + step * side, sy)]
                inner = sorted((x for x in self.columns
                                if min(sx, ox) < x < max(sx, ox)), reverse=step < 0)
                for x in inner:
                    # the straight line's height where it meets this column
                    lane = self._lane(x, sy + (oy - sy) * (x - sx) / (ox - sx)) + offset
                    points += [(x - step * side, lane), (x + step * side, lane)]
                points.append((ox - step * side, oy))
                free = list(range(0, len(points) - 1, 2))
        ys = [y for _, y in points]
        self.extent = (min(self.extent[0], *ys), max(self.extent[1], *ys))
        # the label sits on the longest free segment, the one with most room
        i = max(free, key=lambda k: (points[k + 1][0] - points[k][0]) ** 2
                + (points[k + 1][1] - points[k][1]) ** 2)
        (ax, ay), (bx, by) = points[i], points[i + 1]
        room = abs(bx - ax) if abs(bx - ax) > 1 else COL_GAP - 16
        d = "M " + " L ".join(f"{x:.1f} {y:.1f}" for x, y in points)
        return d, (ax + bx) / 2, (ay + by) / 2, room - 12


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


def _hop(result: dict[str, Any], index: int, a: str, b: str, box: Boxes, link: bool,
         placed: list[tuple[float, float, float]]) -> str:
    directions = _edges_between(result, a, b)
    lines = []
    for k, ((s, o), preds) in enumerate(sorted(directions.items())):
        offset = 0 if len(directions) == 1 else (-7 if k == 0 else 7)
        # start and end on the box edges, not the centres, so the arrowhead shows
        d, mx, my, room = box.route(s, o, offset)
        # the predicates in lines as wide as the gap the label sits in (the hop's <title>
        # names them all)
        label = wrap_name(", ".join(preds), room, LABEL_LINES, LABEL_SIZE)
        my = my - 6 + (14 if offset > 0 else 0) - (len(label) - 1) * LABEL_LINE_H / 2
        texts = []
        for j, line in enumerate(label):
            half = text_width(line, LABEL_SIZE) / 2
            y = _free_spot(mx, my + j * LABEL_LINE_H, half, placed)
            placed.append((mx, y, half))
            texts.append(f'<text x="{mx:.1f}" y="{y:.1f}" font-size="{LABEL_SIZE}" '
                         f'text-anchor="middle" fill="#243447" class="label">'
                         f'{escape(line)}</text>')
        # a wide transparent twin under each line, so a hop is easy to click
        lines.append(
            f'<path d="{d}" fill="none" stroke="#000" stroke-opacity="0" stroke-width="14" '
            'class="hit"/>'
            f'<path d="{d}" fill="none" stroke="#5b6b82" stroke-width="1.6" '
            'marker-end="url(#arrow)" class="edge"/>' + "".join(texts))
    title = f"{a} \u2013 {b}: " + "; ".join(
        f"{s} {', '.join(p)} {o}" for (s, o), p in sorted(directions.items()))
    body = f'<title>{escape(title)}</title>' + "".join(lines)
    group = (f'<g class="hop" data-hop="{index}" data-from="{escape(a)}" '
             f'data-to="{escape(b)}">{body}</g>')
    if link:
        return f'<a href="#hop-{index}" class="hop-link">{group}</a>'
    return group


def _border(x: float, y: float, tx: float, ty: float,
            height: float) -> tuple[float, float]:
    """Where the segment from the centre (x, y) towards (tx, ty) leaves the node's box."""
    dx, dy = tx - x, ty - y
    if dx == 0 and dy == 0:
        return x, y
    sx = (NODE_W / 2) / abs(dx) if dx else float("inf")
    sy = (height / 2) / abs(dy) if dy else float("inf")
    s = min(sx, sy)
    return x + dx * s, y + dy * s


def _node(n: dict[str, Any], at: tuple[float, float], lines: list[str],
          height: float) -> str:
    x, y = at
    fill = CATEGORY_FILL.get(str(n.get("category")), "#eef3fb")
    name, category, node_id = str(n.get("name", "")), str(n.get("category", "")), str(n["id"])
    # the name's lines and the category line, centred in the box together
    first = y - (len(lines) * NAME_LINE_H + 13) / 2 + NAME_SIZE - 1
    texts = "".join(
        f'<text x="{x:.1f}" y="{first + i * NAME_LINE_H:.1f}" font-size="{NAME_SIZE}" '
        f'font-weight="bold" text-anchor="middle" fill="#14202e">{escape(line)}</text>'
        for i, line in enumerate(lines))
    return (f'<g class="node" data-id="{escape(node_id)}">'
            f'<title>{escape(name)} ({escape(node_id)}, {escape(category)})</title>'
            f'<rect x="{x - NODE_W / 2:.1f}" y="{y - height / 2:.1f}" width="{NODE_W}" '
            f'height="{height:.0f}" rx="8" fill="{fill}" stroke="#5b6b82"/>' + texts +
            f'<text x="{x:.1f}" y="{first + len(lines) * NAME_LINE_H + 1:.1f}" '
            f'font-size="10" text-anchor="middle" fill="#4a5868">{escape(category)}</text></g>')


def _document(width: float, height: float, parts: list[str], top: float = 0) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="paths" width="{width:.0f}" '
            f'height="{height:.0f}" viewBox="0 {top:.0f} {width:.0f} {height:.0f}" '
            'font-family="Helvetica, Arial, sans-serif" role="img">'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            '<path d="M 0 0 L 10 5 L 0 10 z" fill="#5b6b82"/></marker></defs>'
            + "".join(parts) + "</svg>\n")
