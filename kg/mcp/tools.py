"""The tools `alskg mcp` offers, with no transport in sight.

Each tool is one call of kg/api.py, the call the CLI's command makes, so its JSON is the
CLI's `--format json` for the same arguments: `search`, `show`, `path`, `query`, `evidence`
(the `evidence` canned query: the findings for and against the edges between two entities)
and `explain` (`path --explain`: what would change the ranking of the top path). Beside the
JSON each answer has a short plain-text summary an assistant can quote, with its citations.

Arguments are held to kg/limits.py before anything reads the graph; a bad one is an
InputError of one line naming the argument. Long answers page: `query` and `evidence` as
the CLI does (`limit`, `offset`; the JSON carries `total`), and `show` (its edges), `path`
and `explain` (their paths) by a cut of the CLI's answer, described by a `page` member
(`offset`, `limit`, `total`, `next_offset`) that the CLI's JSON does not have.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import limits
from kg.backend import Backend
from kg.problems import InputError

POPULATIONS = ("pediatric", "juvenile", "adult")


@dataclass(frozen=True)
class Arg:
    """One argument of a tool: its JSON Schema and the check that holds it to it."""

    name: str
    kind: str  # text, texts (a list of text), int, bool, choice, params (name -> value)
    description: str
    required: bool = False
    default: Any = None
    low: int = 0
    high: int = 0
    choices: tuple[str, ...] = ()

    def schema(self) -> dict[str, Any]:
        text = {"type": "string", "minLength": 1, "maxLength": limits.PARAM_CHARS}
        out: dict[str, Any]
        if self.kind == "text":
            out = dict(text)
        elif self.kind == "texts":
            out = {"type": "array", "items": text, "maxItems": limits.PARAMS}
        elif self.kind == "int":
            out = {"type": "integer", "minimum": self.low, "maximum": self.high}
        elif self.kind == "bool":
            out = {"type": "boolean"}
        elif self.kind == "choice":
            out = {"type": "string", "enum": list(self.choices)}
        else:  # params
            out = {"type": "object", "maxProperties": limits.PARAMS,
                   "propertyNames": {"maxLength": limits.PARAM_CHARS},
                   "additionalProperties": {"type": ["string", "boolean", "integer"],
                                            "maxLength": limits.PARAM_CHARS}}
        out["description"] = self.description
        if self.default is not None:
            out["default"] = self.default
        return out

    def check(self, value: Any) -> Any:
        """`value` as the library takes it; an InputError naming the argument if it is not
        what the schema allows."""
        where = f"argument '{self.name}'"
        if self.kind == "text":
            return _text(where, value)
        if self.kind == "texts":
            if not isinstance(value, list):
                raise InputError(f"{where}: a list of strings is expected")
            if len(value) > limits.PARAMS:
                raise InputError(f"{where}: {len(value)} items; the limit is {limits.PARAMS}")
            return [_text(where, v) for v in value]
        if self.kind == "int":
            # JSON has one number type: 5.0 is 5, and true is not a number
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if not isinstance(value, int) or isinstance(value, bool):
                raise InputError(f"{where}: a whole number is expected")
            if not self.low <= value <= self.high:
                raise InputError(f"{where}: {value} is not between {self.low:,} and "
                                 f"{self.high:,}")
            return value
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise InputError(f"{where}: true or false is expected")
            return value
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                shown = _shown(value)
                raise InputError(f"{where}: {shown} is not one of {', '.join(self.choices)}")
            return value
        if not isinstance(value, dict):
            raise InputError(f"{where}: an object of parameter names and values is expected")
        if len(value) > limits.PARAMS:
            raise InputError(f"{where}: {len(value)} parameters; the limit is {limits.PARAMS}")
        out: dict[str, str] = {}
        for key, v in value.items():
            _text(f"{where}: parameter name", key)
            if isinstance(v, bool):  # before int: a bool is an int to Python
                v = "true" if v else "false"
            elif isinstance(v, int):
                v = str(v)
            out[key] = _text(f"{where}: parameter '{_shown(key)[1:-1]}'", v)
        return out


def _shown(value: Any) -> str:
    """A value quoted in an error: short and on one line whatever was sent."""
    text = value if isinstance(value, str) else repr(value)
    from kg.problems import printable

    return "'" + printable(text[:60]) + ("..." if len(text) > 60 else "") + "'"


def _text(where: str, value: Any) -> str:
    if not isinstance(value, str):
        raise InputError(f"{where}: a string is expected")
    problem = limits.text_problem(value)
    if problem is not None:
        raise InputError(f"{where}: {problem}")
    if not value.strip():
        raise InputError(f"{where}: empty")
    return value.strip()


class Graph:
    """The backends the tools read. The embedded store's SQLite connection is not meant to
    be shared between threads, so each worker thread opens its own; a Neo4j driver is
    shared. `search` reads the embedded store whatever the backend, as the CLI's does."""

    def __init__(self, backend: str = "embedded", store: Path | None = None,
                 neo4j: dict[str, Any] | None = None) -> None:
        from kg import api

        self.store = store or api.default_store()
        self._local = threading.local()
        self._shared: Backend | None = None
        if backend == "neo4j":
            self._shared = api.open_backend("neo4j", **(neo4j or {}))
        elif backend != "embedded":
            raise InputError(f"unknown backend '{backend}'")
        self.name = backend

    def backend(self) -> Backend:
        return self._shared if self._shared is not None else self.embedded()

    def embedded(self) -> Backend:
        mine: Backend | None = getattr(self._local, "store", None)
        if mine is None:
            from kg.store.backend import EmbeddedBackend

            mine = self._local.store = EmbeddedBackend(self.store)
        return mine

    def close(self) -> None:
        if self._shared is not None:
            self._shared.close()


@dataclass
class Answer:
    data: dict[str, Any]  # the CLI's JSON (cut to the page asked for)
    summary: str  # plain text to quote, with citations


@dataclass(frozen=True)
class Tool:
    name: str
    title: str
    description: str
    args: tuple[Arg, ...]
    run: Callable[[Graph, dict[str, Any]], Answer] = field(repr=False)

    def input_schema(self) -> dict[str, Any]:
        return {"type": "object", "properties": {a.name: a.schema() for a in self.args},
                "required": [a.name for a in self.args if a.required],
                "additionalProperties": False}

    def bind(self, arguments: Any) -> dict[str, Any]:
        if arguments is None:
            arguments = {}
        if not isinstance(arguments, dict):
            raise InputError(f"tool '{self.name}': arguments must be an object")
        if len(arguments) > limits.MCP_ARGUMENTS:
            raise InputError(f"tool '{self.name}': {len(arguments)} arguments; the limit is "
                             f"{limits.MCP_ARGUMENTS}")
        declared = {a.name: a for a in self.args}
        for key in arguments:
            if key not in declared:
                raise InputError(f"tool '{self.name}' has no argument {_shown(key)} "
                                 f"(arguments: {', '.join(declared)})")
        out: dict[str, Any] = {}
        for a in self.args:
            value = arguments.get(a.name)
            if value is None:
                if a.required:
                    raise InputError(f"tool '{self.name}' needs the argument '{a.name}'")
                out[a.name] = a.default
            else:
                out[a.name] = a.check(value)
        if out.get("strict") and not out.get("population"):
            raise InputError("argument 'strict' needs 'population'")
        return out


# -- summaries --------------------------------------------------------------------------

#: items of a list named in a summary before "(+n more)"
SHOWN = 5


def _cites(ids: Iterable[str], most: int = 8) -> str:
    unique = sorted(set(ids))
    if not unique:
        return "no citations"
    more = f" (+{len(unique) - most} more)" if len(unique) > most else ""
    return ", ".join(unique[:most]) + more


def _more(total: int, shown: int) -> str:
    return f"\n(+{total - shown} more in the JSON)" if total > shown else ""


def _page(offset: int, limit: int, shown: int, total: int | None) -> dict[str, Any]:
    end = offset + shown
    more = total > end if total is not None else shown == limit
    return {"offset": offset, "limit": limit, "total": total,
            "next_offset": end if more else None}


def _page_line(page: dict[str, Any], what: str, shown: int) -> str:
    if not shown:
        return f"no {what} from offset {page['offset']}"
    of = f" of {page['total']}" if page["total"] is not None else ""
    nxt = (f"; offset={page['next_offset']} for the next page" if page["next_offset"]
           is not None else "")
    return f"{what} {page['offset'] + 1}-{page['offset'] + shown}{of}{nxt}"


def _node(n: dict[str, Any]) -> str:
    return f"{n['name']} ({n['id']})"


# -- the tools --------------------------------------------------------------------------

def _population_args() -> tuple[Arg, ...]:
    return (Arg("population", "choice", "Population lens: say whether evidence exists in "
                "this age band and weigh findings by how well their band matches.",
                choices=POPULATIONS),
            Arg("strict", "bool", "With population: keep only answers with evidence in "
                "that band.", default=False))


def _offset() -> Arg:
    return Arg("offset", "int", "Items to skip first (the page's start).", default=0,
               high=limits.QUERY_OFFSET)


def search(graph: Graph, a: dict[str, Any]) -> Answer:
    from kg import api

    result = api.search(graph.embedded(), a["text"], a["limit"])
    lines = [f"{len(result['entities'])} entities match '{a['text']}'"
             + (": " + "; ".join(f"{e['name']} ({e['id']}, {e['category']})"
                                for e in result["entities"][:SHOWN]) if result["entities"]
                else "")
             + _more(len(result["entities"]), SHOWN).replace("\n", " ")]
    lines.append(f"{result['findings_total']} findings match"
                 + (", the first:" if result["findings"] else ""))
    lines += [f"- {f['id']}: {f['statement']} [{_cites(f['citations'])}]"
              for f in result["findings"][:SHOWN]]
    return Answer(result, "\n".join(lines))


def _edge_line(e: dict[str, Any]) -> str:
    arrow = f"-{e['predicate']}->" if e["direction"] == "out" else f"<-{e['predicate']}-"
    flags = f"; {', '.join(e['flags'])}" if e["flags"] else ""
    against = f"; {len(e['against'])} finding(s) against" if e["against"] else ""
    return (f"- {arrow} {_node(e['other'])}: score {e['score']}, {e['publications']} "
            f"publication(s), populations {', '.join(e['populations']) or 'none stated'}"
            f"{flags}{against} [{_cites(e['citations'], 4)}]")


def show(graph: Graph, a: dict[str, Any]) -> Answer:
    from kg import api

    result = api.show(graph.backend(), a["entity"], population=a["population"],
                      strict=a["strict"])
    edges = result["edges"]
    offset, limit = a["offset"], a["limit"]
    cut = edges[offset:offset + limit]
    page = _page(offset, limit, len(cut), len(edges))
    best = sorted(cut, key=lambda e: -e["score"])[:SHOWN]
    lines = [f"{result['name']} ({result['id']}, {result['category']}): {len(edges)} edges; "
             + _page_line(page, "edges", len(cut))]
    if best:
        lines.append("best supported on this page:")
        lines += [_edge_line(e) for e in best]
    return Answer({**result, "edges": cut, "page": page}, "\n".join(lines))


def _path_args() -> tuple[Arg, ...]:
    return (Arg("from", "text", "One end: an id (NCBIGene:2521), name or synonym (FUS).",
                required=True),
            Arg("to", "text", "The other end: an id, name or synonym (RNA processing).",
                required=True),
            Arg("max_hops", "int", "Longest path, in hops.", default=4, low=1,
                high=limits.MAX_HOPS),
            Arg("via", "texts", "Only paths through a node of these categories (Mechanism, "
                "Therapy...)."),
            Arg("limit", "int", "Paths per page, best evidence first.", default=10, low=1,
                high=limits.MCP_PATHS),
            _offset(), *_population_args())


def _paths(graph: Graph, a: dict[str, Any], explain: bool) -> tuple[dict[str, Any],
                                                                  dict[str, Any]]:
    """The CLI's path answer for the first offset + limit paths, cut to the page."""
    from kg import api

    offset, limit = a["offset"], a["limit"]
    if offset + limit > limits.PATH_LIMIT:
        raise InputError(f"argument 'offset': offset + limit may not pass "
                         f"{limits.PATH_LIMIT:,}, the most paths one answer ranks")
    result = api.path(graph.backend(), a["from"], a["to"], a["max_hops"], a["via"],
                      offset + limit, population=a["population"], strict=a["strict"],
                      explain=explain)
    cut = result["paths"][offset:]
    whole = len(result["paths"]) < offset + limit or not a["strict"]
    total = (len(result["paths"]) if len(result["paths"]) < offset + limit
             else result["ranked"]) if whole else None
    page = _page(offset, limit, len(cut), total)
    return {**result, "paths": cut, "page": page}, page


def _hop_line(hop: dict[str, Any], names: dict[str, str]) -> str:
    # each edge in its own direction: "tofersen targets SOD1" on a hop from SOD1
    ends = {"forward": (hop["from"], hop["to"]), "reverse": (hop["to"], hop["from"])}
    said = "; ".join(sorted({f"{names[ends[e['direction']][0]]} {e['predicate']} "
                             f"{names[ends[e['direction']][1]]}" for e in hop["edges"]}))
    cites = {c for e in hop["edges"] for c in e["citations"]}
    extra = [f"{hop['publications']} publication(s)",
             f"populations {', '.join(hop['populations']) or 'none stated'}"]
    extra += hop["flags"]
    if hop["against"]:
        extra.append("against: " + "; ".join(
            f"{f['id']} [{_cites(f.get('citations', []), 3)}]" for f in hop["against"][:3]))
    return (f"   {said or 'no edge'}: score {hop['score']} ({', '.join(extra)}) "
            f"[{_cites(cites, 4)}]")


def _path_lines(data: dict[str, Any], page: dict[str, Any]) -> list[str]:
    lines = [f"paths from {_node(data['from'])} to {_node(data['to'])}, best evidence "
             f"first: " + _page_line(page, "paths", len(data["paths"]))]
    for i, p in enumerate(data["paths"][:SHOWN], page["offset"] + 1):
        names = {n["id"]: n["name"] for n in p["nodes"]}
        lines.append(f"{i}. {' - '.join(n['name'] for n in p['nodes'])}: score {p['score']}"
                     + (" (contested)" if p["contested"] else ""))
        lines += [_hop_line(h, names) for h in p["hops"]]
    return lines


def path(graph: Graph, a: dict[str, Any]) -> Answer:
    data, page = _paths(graph, a, explain=False)
    return Answer(data, "\n".join(_path_lines(data, page)))


def explain(graph: Graph, a: dict[str, Any]) -> Answer:
    data, page = _paths(graph, a, explain=True)
    ex = data.get("explain")
    if not ex:
        return Answer(data, f"no path from {_node(data['from'])} to {_node(data['to'])} "
                            f"within {data['max_hops']} hops: nothing to explain")
    weak = ex["weakest_hop"]
    lines = [f"top path (#{ex['path']}) from {_node(data['from'])} to {_node(data['to'])}: "
             f"score {ex['score']}",
             f"weakest hop: {weak['from']} - {weak['to']}, score {weak['score']}"
             + (f"; missing: {', '.join(weak['missing'])}" if weak.get("missing") else "")]
    if ex.get("removal"):
        bound = "exactly" if ex.get("removal_exact") else "at most"
        lines.append(f"removing {bound} {len(ex['removal'])} finding(s) would drop it from "
                     f"first place: {', '.join(ex['removal'])}")
    if ex.get("new_first"):
        lines.append(f"then first: {' - '.join(ex['new_first']['nodes'])} (score "
                     f"{ex['new_first']['score']})")
    for m in ex.get("missing", [])[:SHOWN]:
        lines.append(f"missing on {m['from']} - {m['to']}: {', '.join(m['missing'])}")
    if ex.get("against"):
        lines.append(f"findings against the top path: {len(ex['against'])}")
    lines += _path_lines(data, page)
    return Answer(data, "\n".join(lines))


def _row_cites(row: dict[str, Any]) -> list[str]:
    out: list[str] = []
    for key, value in row.items():
        if "citations" in key and isinstance(value, list):
            out += [str(v) for v in value]
    return out


def _row_line(row: dict[str, Any], columns: list[str]) -> str:
    parts = []
    for c in columns:
        v = row.get(c)
        if v in (None, "", []) or "citations" in c:
            continue
        text = "; ".join(map(str, v)) if isinstance(v, list) else str(v)
        parts.append(f"{c}: {text[:120]}{'...' if len(text) > 120 else ''}")
    cites = _row_cites(row)
    line = "- " + " | ".join(parts)
    if len(line) > 400:
        line = line[:397] + "..."
    return line + (f" [{_cites(cites, 4)}]" if cites else "")


def _query_answer(result: dict[str, Any]) -> Answer:
    page = _page(result["offset"], result["limit"], len(result["rows"]), result["total"])
    lines = [f"query {result['query']}: " + _page_line(page, "rows", len(result["rows"]))]
    lines += [f"note: {n}" for n in result["notes"]]
    lines += [_row_line(r, result["columns"]) for r in result["rows"][:SHOWN]]
    lines[-1:] = [lines[-1] + _more(len(result["rows"]), SHOWN)]
    cites = [c for r in result["rows"] for c in _row_cites(r)]
    if cites:
        lines.append(f"citations on this page: {_cites(cites, 12)}")
    return Answer(result, "\n".join(lines))


def _query_paging() -> tuple[Arg, ...]:
    return (Arg("limit", "int", "Rows per page.", default=100, low=1,
                high=limits.MCP_QUERY_ROWS), _offset())


def query(graph: Graph, a: dict[str, Any]) -> Answer:
    from kg import api

    return _query_answer(api.query_run(graph.backend(), a["name"], a["params"] or {},
                                       limit=a["limit"], offset=a["offset"],
                                       population=a["population"], strict=a["strict"]))


def evidence(graph: Graph, a: dict[str, Any]) -> Answer:
    from kg import api

    result = api.query_run(graph.backend(), "evidence",
                           {"subject": a["subject"], "object": a["object"]},
                           limit=a["limit"], offset=a["offset"], population=a["population"],
                           strict=a["strict"])
    rows = result["rows"]
    page = _page(result["offset"], result["limit"], len(rows), result["total"])
    sides = [r.get("side") for r in rows]
    lines = [f"findings on the edges between '{a['subject']}' and '{a['object']}': "
             f"{sides.count('for')} for, {sides.count('against')} against; "
             + _page_line(page, "findings", len(rows))]
    # a few of each side, so that the findings against are never crowded out
    chosen = [r for side in ("for", "against") for r in
              [r for r in rows if r.get("side") == side][:SHOWN]]
    for r in chosen:
        neg = "not " if r.get("negated") else ""
        lines.append(f"- [{r.get('side')}] {neg}{r.get('predicate')}: {r.get('statement')} "
                     f"({r.get('evidence')}, population {r.get('population')}, "
                     f"{r.get('model_system')}) [{_cites(r.get('citations') or [], 4)}]")
    return Answer(result, "\n".join(lines) + _more(len(rows), len(chosen)))


def _query_description() -> str:
    from kg import queries

    lines = ["Run one of alskg's canned queries (the CLI's 'alskg query run'); the same rows "
             "from either backend, paged by limit and offset (the JSON has the total). "
             "Parameters take ids, names or synonyms; ? marks an optional one. The queries:"]
    for q in queries.catalogue().values():
        params = ", ".join(f"{p.name}{'' if p.required else '?'} ({p.type}, e.g. "
                           f"{p.example})" for p in q.params) or "no parameters"
        lines.append(f"- {q.name}: {q.description} Parameters: {params}.")
    return "\n".join(lines)


def catalogue() -> dict[str, Tool]:
    """The tools, in the order they are listed."""
    from kg import queries

    names = tuple(queries.catalogue())
    tools = [
        Tool("search", "Search entities and findings",
             "Entities whose names or synonyms match, and findings whose statements do "
             "(full-text; each word a prefix). Answers as 'alskg search --format json'.",
             (Arg("text", "text", "Words to look for.", required=True),
              Arg("limit", "int", "At most this many of each kind.", default=20, low=1,
                  high=limits.SEARCH_LIMIT)), search),
        Tool("show", "An entity and its evidence",
             "An entity (gene, disease, therapy, mechanism, trial...) and its edges, each "
             "with an evidence score, the findings for and against it, their populations "
             "and citations (PMIDs, NCT ids). Answers as 'alskg show --format json', its "
             "edges paged by limit and offset (the 'page' member says where).",
             (Arg("entity", "text", "An id (NCBIGene:6647), name or synonym (SOD1).",
                  required=True),
              Arg("limit", "int", "Edges per page.", default=limits.MCP_SHOW_EDGES_DEFAULT,
                  low=1, high=limits.MCP_SHOW_EDGES),
              _offset(), *_population_args()), show),
        Tool("path", "Evidence-ranked paths between two entities",
             "Shortest and near-shortest paths between two entities, ranked by the evidence "
             "behind every hop: each hop's score, publications, best evidence, populations, "
             "flags, and the findings for and against it with their quotes and citations. "
             "Answers as 'alskg path --format json', its paths paged by limit and offset.",
             _path_args(), path),
        Tool("query", "Canned queries", _query_description(),
             (Arg("name", "choice", "The canned query.", required=True, choices=names),
              Arg("params", "params", "The query's parameters by name (see the list above), "
                  "e.g. {\"gene\": \"FUS\"}."),
              *_query_paging(), *_population_args()), query),
        Tool("evidence", "Findings for and against an edge",
             "Every finding on the edges between two entities, marked 'for' or 'against' "
             "(negated findings and contradicting ones), with statement, quote, evidence "
             "type, population, model system and citations. Answers as 'alskg query run "
             "evidence -p subject=... -p object=... --format json'.",
             (Arg("subject", "text", "One entity: id, name or synonym (ulefnersen).",
                  required=True),
              Arg("object", "text", "The other entity (FUS).", required=True),
              *_query_paging(), *_population_args()), evidence),
        Tool("explain", "What would change a path's ranking",
             "For the top path between two entities: its weakest hop, the fewest findings "
             "whose removal would drop it from first place, the path that would then lead, "
             "and the evidence missing (a curator's worklist). Answers as 'alskg path "
             "--explain --format json' (the 'explain' member), paths paged as in 'path'.",
             _path_args(), explain),
    ]
    return {t.name: t for t in tools}


def call(graph: Graph, name: str, arguments: Any, tools: dict[str, Tool] | None = None
         ) -> Answer:
    """Answer one tool call; an InputError (one line) for an unknown tool or a bad
    argument, as for an unknown entity."""
    tools = tools if tools is not None else catalogue()
    tool = tools.get(name)
    if tool is None:
        raise InputError(f"unknown tool {_shown(name)} (tools: {', '.join(tools)})")
    return tool.run(graph, tool.bind(arguments))
