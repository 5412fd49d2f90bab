"""Path and entity answers as text for a terminal or as Markdown for notes.

Text wraps at word boundaries only (identifiers hold no spaces, so none is ever broken
across lines) to the terminal's width; Markdown leaves wrapping to whatever shows it.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterable
from typing import Any

from kg.ranking import EVIDENCE_LABELS

MIN_WIDTH, MAX_WIDTH = 40, 120
#: findings printed per edge in text and Markdown; JSON and CSV keep every one
FINDINGS_SHOWN = 5


def width() -> int:
    """The terminal's width (COLUMNS wins), held between 40 and 120 columns."""
    return max(MIN_WIDTH, min(MAX_WIDTH, shutil.get_terminal_size((80, 24)).columns))


def evidence_label(code: str) -> str:
    return EVIDENCE_LABELS.get(code, code or "unknown evidence")


def wrap(text: str, cols: int, first: str = "", rest: str | None = None) -> list[str]:
    return textwrap.wrap(text, cols, initial_indent=first,
                         subsequent_indent=rest if rest is not None else " " * len(first),
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def _finding_tag(f: dict[str, Any]) -> str:
    parts = [evidence_label(f.get("evidence", "")), f.get("population") or "",
             f.get("model_system") or ""]
    return "; ".join(p for p in parts if p)


def _finding_lines(f: dict[str, Any], cols: int, indent: str, mark: str) -> list[str]:
    statement = f.get("statement") or f["id"]
    lines = wrap(f"{mark} {statement} [{_finding_tag(f)}]", cols, indent + "", indent + "  ")
    cites = ", ".join(f.get("citations") or [])
    tail = f"{f['id']}" + (f"; {cites}" if cites else "")
    if f.get("why"):
        tail += f"; {f['why']}"
    lines += wrap(tail, cols, indent + "  ")
    if f.get("quote"):
        lines += wrap(f"\u201c{f['quote']}\u201d" + _quote_source(f), cols, indent + "  ",
                      indent + "   ")
    return lines


def _quote_source(f: dict[str, Any]) -> str:
    """" (Deng et al. 2011, Nature; PMID:21857683; case report)": whose words a quote is."""
    src = f.get("quote_from") or {}
    if not src:
        return ""
    kind = next((d["type"] for d in f.get("sources") or () if d["id"] == src["id"]), "")
    parts = [x for x in (src.get("label"), src["id"],
                         kind if kind not in ("", "unclassified") else "") if x]
    return f" ({'; '.join(parts)})"


def _findings_block(support: list[dict[str, Any]], against: list[dict[str, Any]], cols: int,
                    indent: str) -> list[str]:
    lines: list[str] = []
    for f in support[:FINDINGS_SHOWN]:
        lines += _finding_lines(f, cols, indent, "+")
    if len(support) > FINDINGS_SHOWN:
        lines.append(f"{indent}  ... {len(support) - FINDINGS_SHOWN} more findings for "
                     "(--format json lists all)")
    for f in against:
        lines += _finding_lines(f, cols, indent, "-")
    return lines


def _hop_summary(h: dict[str, Any]) -> str:
    parts = [f"score {h['score']:.3f}", f"{h['publications']} independent publication"
             + ("" if h["publications"] == 1 else "s")
             + "".join(f" + release {r}" for r in h.get("releases") or []),
             f"best evidence: {evidence_label(h['best_evidence'])}",
             f"populations: {', '.join(h['populations']) or 'none stated'}",
             f"contradicting findings: {h['contradictions']}"]
    pe = h.get("population_evidence")
    if pe is not None:
        parts.append(f"{pe['population']} evidence: {'yes' if pe['found'] else 'NO'}"
                     + wider_note(pe, h["populations"]))
    return "; ".join(parts)


def _hops(n: int) -> str:
    return f"{n} hop{'' if n == 1 else 's'}"


def wider_note(lens: dict[str, Any], populations: list[str]) -> str:
    """A lens with no finding of its own band may still have findings of a band around it:
    juvenile onset (under 25) includes children, so "NO" alone would undersell it."""
    if lens["found"] or lens["population"] != "pediatric" or "juvenile" not in populations:
        return ""
    return " (juvenile evidence, onset under 25, exists)"


def _hop_support(hop: dict[str, Any]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for e in hop["edges"]:
        for f in e["findings"]:
            seen.setdefault(f["id"], f)
    return [seen[k] for k in sorted(seen)]


def path_text(result: dict[str, Any], cols: int | None = None) -> str:
    cols = cols or width()
    head = f"{result['from']['name']} -> {result['to']['name']}"
    lens = result.get("population")
    if not result["paths"]:
        why = f" with {lens} evidence on every hop" if result.get("strict") else ""
        return f"no path from {head} within {_hops(result['max_hops'])}{why}\n"
    w = result["weights"]
    out = wrap(f"{head}: {len(result['paths'])} of {result['candidates']} paths, ranked by "
               f"evidence (profile '{w['name']}' v{w['version']})"
               + (f"; population lens: {lens}" + (", strict" if result.get("strict") else "")
                  if lens else ""), cols)
    if "targets" in result:
        out += wrap(f"{result['to' if result['to']['id'] is None else 'from']['category']} "
                    "reached, best first: " + "; ".join(_target(t)
                                                        for t in result["targets"]), cols,
                    "", "    ")
        if result.get("cut"):
            out += wrap("(the search stopped at a limit: more paths may exist; lower "
                        "--max-hops)", cols)
    for i, p in enumerate(result["paths"], 1):
        names = {n["id"]: n["name"] for n in p["nodes"]}
        out.append("")
        hops = "hop" if p["length"] == 1 else "hops"
        mark = ", CONTESTED" if p["contested"] else ""
        out += wrap(f"path {i} ({p['length']} {hops}, score {p['score']:.4f}{mark}): "
                    + " - ".join(n["name"] for n in p["nodes"]), cols, "", "    ")
        for flag in p.get("flags", ()):
            out += wrap(f"{flag}: ranked down (weak_link, docs/ranking.md)", cols, "  ",
                        "    ")
        if p["damping"]["degrees"]:
            degs = ", ".join(f"{names[n]} {d}" for n, d in p["damping"]["degrees"].items())
            out += wrap(f"damping x{p['damping']['factor']:.3f} for hub degree ({degs})",
                        cols, "  ", "    ")
        for hop in p["hops"]:
            for e in hop["edges"]:
                arrow = "->" if e["direction"] == "forward" else "<-"
                source = f" (from {e['source']})" if len(hop["edges"]) > 1 else ""
                out += wrap(f"{names[hop['from']]} {arrow}[{e['predicate']}]{arrow} "
                            f"{names[hop['to']]}{source}", cols, "  ", "    ")
            out += wrap(_hop_summary(hop), cols, "    ")
            if hop["flags"]:
                out += wrap(f"flags: {', '.join(hop['flags'])}", cols, "    ")
            out += _findings_block(_hop_support(hop), hop["against"], cols, "    ")
            cites = sorted({c for e in hop["edges"] for c in e["citations"]})
            out += wrap(f"citations: {', '.join(cites) or 'none'}", cols, "    ")
    if result.get("explain"):
        out += [""] + explain_text(result, cols)
    return "\n".join(out) + "\n"


def _target(t: dict[str, Any]) -> str:
    more = f", {t['paths']} paths" if t["paths"] > 1 else ""
    return f"{t['name']} ({t['id']}; path {t['path']}, score {t['score']:.4f}{more})"


def explain_text(result: dict[str, Any], cols: int) -> list[str]:
    ex = result["explain"]
    top = result["paths"][0]
    names = {n["id"]: n["name"] for p in result["paths"] for n in p["nodes"]}
    wh = ex["weakest_hop"]
    out = wrap("what would change the answer:", cols)
    out += wrap(f"weakest hop of path 1: {names.get(wh['from'], wh['from'])} - "
                f"{names.get(wh['to'], wh['to'])} (score {wh['score']:.3f}); missing: "
                f"{', '.join(wh['missing']) or 'nothing listed'}", cols, "  ", "    ")
    exact = "" if ex["removal_exact"] else " (found greedily; a smaller set may exist)"
    after = ex["new_first"]
    then = "no path would remain" if after is None else (
        "path " + " - ".join(names.get(n, n) for n in after["nodes"])
        + f" would rank first (score {after['score']:.4f})")
    out += wrap(f"removing {len(ex['removal'])} finding(s){exact} drops path 1 "
                f"(score {top['score']:.4f}) from first place: {', '.join(ex['removal'])}; "
                f"then {then}", cols, "  ", "    ")
    against = [(a, f) for a in ex.get("against", []) for f in a["findings"]]
    out += wrap(f"findings against path 1: {len(against)}"
                + "".join(f"; {names.get(a['from'], a['from'])} - {names.get(a['to'], a['to'])}: "
                          f"{', '.join(a['findings'])}" for a in ex.get("against", [])),
                cols, "  ", "    ")
    for i, m in enumerate(ex["missing"]):
        if m["missing"] and i != wh["index"]:
            out += wrap(f"{names.get(m['from'], m['from'])} - {names.get(m['to'], m['to'])}: "
                        f"{', '.join(m['missing'])}", cols, "  ", "    ")
    return out


def _md(text: str) -> str:
    """Text for Markdown: characters that would start markup are escaped."""
    for ch in "\\`*_[]<>|#":
        text = text.replace(ch, "\\" + ch)
    return text


def _md_finding(f: dict[str, Any], mark: str) -> str:
    cites = ", ".join(f"`{c}`" for c in f.get("citations") or [])
    why = f"; {_md(f['why'])}" if f.get("why") else ""
    quote = (f"\n    > {_md(f['quote'])}{_md(_quote_source(f))}" if f.get("quote") else "")
    return (f"  - {mark} {_md(f.get('statement') or f['id'])} ({_md(_finding_tag(f))}; "
            f"`{f['id']}`{'; ' + cites if cites else ''}{why}){quote}")


def path_markdown(result: dict[str, Any]) -> str:
    head = f"{_md(result['from']['name'])} → {_md(result['to']['name'])}"
    lines = [f"## Paths: {head}", ""]
    lens = result.get("population")
    if lens:
        lines += [f"Population lens: **{lens}**" + (" (strict)" if result.get("strict") else ""),
                  ""]
    if not result["paths"]:
        return "\n".join(lines + [f"No path within {_hops(result['max_hops'])}.", ""])
    for i, p in enumerate(result["paths"], 1):
        names = {n["id"]: n["name"] for n in p["nodes"]}
        lines.append(f"### {i}. " + " – ".join(_md(n["name"]) for n in p["nodes"])
                     + f" (score {p['score']:.4f}" + (", contested" if p["contested"] else "")
                     + "".join(f"; {_md(f)}" for f in p.get("flags", ())) + ")")
        lines.append("")
        for hop in p["hops"]:
            preds = ", ".join(f"{'→' if e['direction'] == 'forward' else '←'} `{e['predicate']}`"
                              for e in hop["edges"])
            lines.append(f"- **{_md(names[hop['from']])} {preds} {_md(names[hop['to']])}**: "
                         f"{_md(_hop_summary(hop))}"
                         + (f"; flags: {_md(', '.join(hop['flags']))}" if hop["flags"] else ""))
            lines += [_md_finding(f, "for:") for f in _hop_support(hop)[:FINDINGS_SHOWN]]
            lines += [_md_finding(f, "**against:**") for f in hop["against"]]
        lines.append("")
    if result.get("explain"):
        lines += ["### What would change the answer", ""]
        lines += [f"- {_md(x.strip())}" for x in explain_text(result, 10_000)[1:]]
        lines.append("")
    return "\n".join(lines)


def _edge_groups(edges: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for e in edges:
        groups.setdefault((e["direction"], e["predicate"]), []).append(e)
    return groups


def _other(e: dict[str, Any]) -> str:
    o = e["other"]
    summary = "; ".join(f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}"
                        for k, v in o.get("summary", {}).items())
    return f"{o['name']} ({o['id']})" + (f"; {summary}" if summary else "")


def _value(value: Any) -> str:
    """A property value as words: lists joined, mappings as `key: values`."""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value)
    return str(value)


def show_text(result: dict[str, Any], cols: int | None = None) -> str:
    cols = cols or width()
    out = wrap(f"{result['name']} ({result['id']}), {result['category']}", cols, "", "  ")
    if result["synonyms"]:
        out += wrap(f"synonyms: {', '.join(result['synonyms'])}", cols, "", "  ")
    if result["xrefs"]:
        out += wrap(f"xrefs: {', '.join(result['xrefs'])}", cols, "", "  ")
    for eq in result.get("equivalents", ()):
        out += wrap(f"also in the graph: {eq['name']} ({eq['id']}, {', '.join(eq['sources'])}): "
                    f"{eq['relation']}; its edges are its own ('alskg show {eq['id']}')",
                    cols, "", "  ")
    for key, value in result["properties"].items():
        out += wrap(f"{key}: {_value(value)}", cols, "", "  ")
    lens = result.get("population")
    if lens:
        out.append(f"population lens: {lens}" + (", strict" if result.get("strict") else ""))
    for (direction, predicate), edges in _edge_groups(result["edges"]).items():
        out.append("")
        arrow = "->" if direction == "out" else "<-"
        out.append(f"{arrow} {predicate} ({len(edges)})")
        for e in edges:
            out += wrap(f"{arrow} {_other(e)}", cols, "  ", "     ")
            out += wrap(f"{_hop_summary(e)}; source: {e['source']}", cols, "     ")
            if e["flags"]:
                out += wrap(f"flags: {', '.join(e['flags'])}", cols, "     ")
            out += _findings_block(e["findings"], e["against"], cols, "     ")
    return "\n".join(out) + "\n"


def show_markdown(result: dict[str, Any]) -> str:
    lines = [f"## {_md(result['name'])} (`{result['id']}`, {result['category']})", ""]
    if result["synonyms"]:
        lines.append(f"- synonyms: {_md(', '.join(result['synonyms']))}")
    if result["xrefs"]:
        lines.append(f"- xrefs: {', '.join(f'`{x}`' for x in result['xrefs'])}")
    for eq in result.get("equivalents", ()):
        lines.append(f"- also in the graph: {_md(eq['name'])} (`{eq['id']}`): "
                     f"{_md(eq['relation'])}")
    for key, value in result["properties"].items():
        lines.append(f"- {key}: {_md(_value(value))}")
    if result.get("population"):
        lines.append(f"- population lens: **{result['population']}**")
    lines.append("")
    for (direction, predicate), edges in _edge_groups(result["edges"]).items():
        arrow = "→" if direction == "out" else "←"
        lines += [f"### {arrow} `{predicate}` ({len(edges)})", ""]
        for e in edges:
            lines.append(f"- **{_md(e['other']['name'])}** (`{e['other']['id']}`): "
                         f"{_md(_hop_summary(e))}"
                         + (f"; flags: {_md(', '.join(e['flags']))}" if e["flags"] else ""))
            lines += [_md_finding(f, "for:") for f in e["findings"][:FINDINGS_SHOWN]]
            lines += [_md_finding(f, "**against:**") for f in e["against"]]
        lines.append("")
    return "\n".join(lines)
