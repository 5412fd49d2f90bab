"""The canned query catalogue: each query is a pair of files in queries/, NAME.cypher and
NAME.sql. The .cypher file's header (`// name:`, `// description:`, `// param:`,
`// columns:` lines) names the query, describes it, declares its parameters and the
columns it returns, for both files. A column written `NAME (with PARAM=true)` is one a row
carries only when that bool parameter is true (the trials' gene names: a page a person
reads counts them).

Neo4j runs the Cypher; the embedded store runs the SQL twin, whose every row is one JSON
object with the query's columns (SQLite's JSON functions build the lists the Cypher
collects). A parity test holds the two equal. Parameter values only ever travel as query
parameters (`$name` in Cypher, `:name` in SQL).

The whole-graph listings that are paged (PAGED) also have page statements beside them, in
both languages: NAME.keys (the entities that give rows, each with its number of rows) and
NAME.keys-filtered (the same from a filter entity, when one is given); then the rows of a
page's entities only (`keys`): NAME.rows.cypher on Neo4j, NAME.sql itself on the store (it
reads every entity when `keys` is null), or for the listings of PAGE_RECORDS one record
from NAME.rows.cypher or NAME.rows.sql that Python turns into rows alike. What cannot be
said in either language (the population lens, the paging itself, notes) is Python below,
applied to either backend's rows.
"""

from __future__ import annotations

import json
import operator
import os
import re
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path
from typing import Any

from kg.backend import Backend, QueryPages, lookups, resolve_node
from kg.problems import InputError
from kg.resources import resource_dir

_PARAM = re.compile(r"^(\w+)\s*\|\s*(entity(?::\w+)?|value:\w+|choice:[\w/]+|text|int|bool)\s*\|"
                    r"\s*(required|optional)"
                    r"\s*\|\s*([^|]*?)\s*\|\s*(.+)$")
# a column shown only when a bool parameter is true: `genes (with genes=true)`
_SHOWN_WITH = re.compile(r"^(\w+)\s*\(with\s+(\w+)=true\)$")


def queries_dir() -> Path:
    env = os.environ.get("ALSKG_QUERIES")
    return Path(env) if env else resource_dir("queries")


@dataclass(frozen=True)
class Param:
    name: str
    # entity, entity:Category, value:SET (a value of SET in ontology/values.yaml, as
    # kg/values.py reads it), choice:a/b (one of those words), text, int, bool
    type: str
    required: bool
    example: str
    description: str

    @property
    def category(self) -> str | None:
        return self.type.split(":", 1)[1] if ":" in self.type else None


@dataclass(frozen=True)
class Query:
    name: str
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    cypher: str
    sql: str
    path: Path
    # columns a row carries only when a bool parameter is true: (column, parameter)
    shown_with: tuple[tuple[str, str], ...] = ()

    def columns_for(self, params: dict[str, Any]) -> tuple[str, ...]:
        """The columns of an answer to `params` (bound values)."""
        hidden = {c for c, p in self.shown_with if not params.get(p)}
        return tuple(c for c in self.columns if c not in hidden)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "params": [{"name": p.name, "type": p.type, "required": p.required,
                        "example": p.example, "description": p.description}
                       for p in self.params],
            "columns": list(self.columns_for({})),
            # shown only when the bool parameter `param` is true
            "optional_columns": [{"name": c, "param": p} for c, p in self.shown_with],
            "file": f"queries/{self.path.name}" if self.path.parent == resource_dir("queries")
            else str(self.path),
        }


def parse(path: Path) -> Query:
    header: dict[str, str] = {}
    lines: dict[str, int] = {}
    params: list[Param] = []
    body: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("//"):
            key, _, value = line[2:].strip().partition(":")
            value = value.strip()
            if key == "param":
                m = _PARAM.match(value)
                if not m:
                    raise InputError(f"{path}:{number}: error: bad param line (expected "
                                     "'name | type | required|optional | example | description')")
                params.append(Param(m[1], m[2], m[3] == "required", m[4], m[5]))
            else:
                header[key], lines[key] = value, number
        else:
            body.append(line)
    for key in ("name", "description", "columns"):
        if key not in header:
            raise InputError(f"{path}:1: error: query header has no '{key}:' line")
    twin = path.with_suffix(".sql")
    try:
        sql = twin.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise InputError(f"{path}:1: error: no SQL twin {twin.name} beside it (the embedded "
                         "store runs that)") from None
    columns, shown_with = _columns(header["columns"], params, f"{path}:{lines['columns']}")
    return Query(header["name"], header["description"], tuple(params), columns,
                 "\n".join(body).strip(), sql, path, shown_with)


def _columns(text: str, params: list[Param],
             where: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A header's columns, and those shown only with a bool parameter."""
    bools = {p.name for p in params if p.type == "bool"}
    columns, shown_with = [], []
    for column in (c.strip() for c in text.split(",")):
        if m := _SHOWN_WITH.match(column):
            if m[2] not in bools:
                raise InputError(f"{where}: error: column {m[1]} is shown with '{m[2]}', "
                                 "which is not a bool parameter of the query")
            shown_with.append((m[1], m[2]))
            column = m[1]
        columns.append(column)
    return tuple(columns), tuple(shown_with)


@cache
def _catalogue(directory: str) -> dict[str, Query]:
    out = {}
    for path in sorted(Path(directory).glob("*.cypher")):
        if "." in path.stem:  # a page statement (NAME.keys.cypher), not a query
            continue
        q = parse(path)
        out[q.name] = q
    return out


def catalogue() -> dict[str, Query]:
    return _catalogue(str(queries_dir()))


# listing -> the filters that let its keys start from an entity (NAME.keys-filtered)
PAGED: dict[str, tuple[str, ...]] = {
    "trials": ("therapy", "gene"),
    "biomarkers": ("therapy", "gene", "disease"),
    "pediatric-genes": (),
}


def page_path(name: str, part: str, language: str) -> Path:
    """The file of a page statement: queries/NAME.PART.LANGUAGE (PART: keys,
    keys-filtered, or rows for Cypher; LANGUAGE: cypher or sql)."""
    return queries_dir() / f"{name}.{part}.{language}"


@cache
def _page_statement(directory: str, name: str, part: str, language: str) -> str:
    mark = "//" if language == "cypher" else "--"
    text = (Path(directory) / f"{name}.{part}.{language}").read_text(encoding="utf-8")
    return "\n".join(line for line in text.splitlines()
                     if not line.lstrip().startswith(mark)).strip()


def page_statement(name: str, part: str, language: str) -> str:
    """A listing's page statement, comments dropped (see PAGED)."""
    return _page_statement(str(queries_dir()), name, part, language)


def keys_part(name: str, params: dict[str, Any]) -> str:
    """Which keys statement pages a listing: from a filter entity when one is given."""
    return "keys-filtered" if any(params.get(f) is not None for f in PAGED[name]) else "keys"


def get(name: str) -> Query:
    queries = catalogue()
    if name not in queries:
        import difflib

        close = difflib.get_close_matches(name, list(queries), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else "; see 'alskg query list'"
        raise InputError(f"unknown query '{name}'{hint}")
    return queries[name]


def bind(query: Query, backend: Backend, raw: dict[str, str]) -> dict[str, Any]:
    """Check and convert parameters; names and synonyms become ids."""
    declared = {p.name: p for p in query.params}
    for key in raw:
        if key not in declared:
            known = ", ".join(declared) or "none"
            raise InputError(f"query '{query.name}' has no parameter '{key}' (parameters: {known})")
    values: dict[str, Any] = {}
    missing = [p for p in query.params if p.required and not raw.get(p.name)]
    # every entity parameter looked up at once (one round trip on Neo4j), unless a
    # required one is missing anyway
    found = {} if missing else lookups(backend, [raw[p.name] for p in query.params
                                                if p.type.startswith("entity")
                                                and raw.get(p.name)])
    for p in query.params:
        text = raw.get(p.name)
        if text is None or text == "":
            if p.required:
                raise InputError(f"query '{query.name}' needs -p {p.name}=... "
                                 f"(for example -p {p.name}={p.example})")
            values[p.name] = None
        elif p.type.startswith("entity"):
            node_id, node = resolve_node(backend, text, found.get(text))
            if p.category and node["category"] != p.category:
                raise InputError(f"parameter {p.name}: '{text}' is a {node['category']}, "
                                 f"not a {p.category}")
            values[p.name] = node_id
        elif p.type.startswith("value:"):
            values[p.name] = _value(p, text)
        elif p.type.startswith("choice:"):
            choices = p.type.split(":", 1)[1].split("/")
            if text.lower() not in choices:
                raise InputError(f"parameter {p.name}: '{text[:60]}' is not one of "
                                 f"{', '.join(choices)}")
            values[p.name] = text.lower()
        elif p.type == "int":
            try:
                values[p.name] = int(text)
            except ValueError:
                raise InputError(f"parameter {p.name}: '{text}' is not a whole number") from None
        elif p.type == "bool":
            if text.lower() not in ("true", "false", "yes", "no", "1", "0"):
                raise InputError(f"parameter {p.name}: '{text}' is not true or false")
            values[p.name] = text.lower() in ("true", "yes", "1")
        else:
            values[p.name] = text
    return values


def _value(p: Param, text: str) -> str:
    """A value of the value set a `value:SET` parameter names, however it was typed."""
    from kg.ontology.model import load_ontology
    from kg.values import normalise

    value_set = p.type.split(":", 1)[1]
    try:
        return normalise(value_set, text, load_ontology().value_sets[value_set])
    except InputError as e:
        raise InputError(f"parameter {p.name}: {e}") from None


_DIGITS = re.compile(r"\d+")


def _number(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    return f"{len(digits):03d}{digits}"


def natural_key(text: str) -> str:
    """Text ordered as people read numbers in it: NCBIGene:2521 before NCBIGene:23064.
    Each run of digits becomes its length and its digits, so that plain string comparison
    (fast: sorting calls it n log n times) compares numbers by value; the text itself
    follows, so only equal texts have equal keys ("a01" and "a1" stay apart)."""
    head, _, tail = text.rpartition(":")
    if tail.isdigit() and head.isalpha():  # the common id: PREFIX:NUMBER
        digits = tail.lstrip("0") or "0"
        return f"{head}:{len(digits):03d}{digits}\x00{text}"
    return _DIGITS.sub(_number, text) + "\x00" + text


def lead_key(value: Any) -> str:
    """The order of a row's leading cell: nulls and numbers first, then ids and other text
    in natural order."""
    if isinstance(value, str):
        return "\x01" + natural_key(value)
    return "\x00" + json.dumps(value, default=str)


def _cell(values: list[Any]) -> list[Any]:
    """A list cell sorted by str() without duplicates or nulls."""
    try:
        # strings alone sort so without a key function, and a list that comes sorted (as
        # a page of trials' genes does) in one pass; a string beside anything else but a
        # string (a null, a number) cannot be compared, so such a list raises
        ordered = sorted(values)
    except TypeError:
        ordered = []
    if ordered and type(ordered[0]) is str:
        if any(map(operator.eq, ordered, islice(ordered, 1, None))):
            return list(dict.fromkeys(ordered))
        return ordered
    return sorted({v for v in values if v is not None}, key=str)


def canonical(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> list[dict[str, Any]]:
    """One form for both backends: list cells sorted without duplicates or nulls, rows
    sorted by their leading cell in natural order (NCBIGene:2521 before NCBIGene:23064),
    then by their JSON text; duplicate rows dropped."""
    cleaned = [{col: _cell(v) if isinstance(v := row.get(col), list) else v
                for col in columns} for row in rows]
    if not columns:
        return cleaned[:1]
    lead = columns[0]
    leads = [row[lead] for row in cleaned]
    if set(map(type, leads)) <= {str} and len(set(leads)) == len(cleaned):
        # rows led by distinct ids (a page of a listing): no two are equal, and they sort
        # as their ids (key_order); the whole row need not be written out
        return sorted(cleaned, key=lambda row: key_order(row[lead]))
    keyed: dict[str, dict[str, Any]] = {}
    for clean in cleaned:
        # one JSON text per row serves as both the duplicate check and the tie-break
        keyed.setdefault(json.dumps([clean[c] for c in columns], default=str), clean)
    return [keyed[k] for k in sorted(keyed, key=lambda k: lead_key(keyed[k][lead]) + "\x00" + k)]


DEFAULT_LIMIT = 100

# A page of a whole-graph listing, as both backends cut it: its rows are in canonical
# order, led by an entity's id; the backend finds the ids that give rows and how many each
# (Keys, sorted by key_order), then reads the rows of the page's ids only.
Keys = list[tuple[str, int]]


def key_order(key: str) -> str:
    """The order canonical() gives rows led by `key` (lead_key): the rows of one id stay
    together and the ids come in natural order."""
    return lead_key(key)


def page_keys(keys: Keys, offset: int, limit: int) -> tuple[list[str], int, int]:
    """The ids whose rows cover [offset, offset + limit), the number of rows before the
    first of them, and the total."""
    total = sum(n for _, n in keys)
    chosen: list[str] = []
    seen = before = 0
    for key, n in keys:
        if seen + n <= offset:
            seen += n
            continue
        if seen >= offset + limit:
            break
        if not chosen:
            before = seen
        chosen.append(key)
        seen += n
    return chosen, before, total


@dataclass(frozen=True)
class Page:
    rows: list[dict[str, Any]]
    total: int
    limit: int | None
    offset: int
    # the answer's columns (Query.columns_for its parameters)
    columns: tuple[str, ...]
    # lines about the whole answer that its rows cannot say (what a filter left out)
    notes: tuple[str, ...] = ()


def run(backend: Backend, name: str, raw: dict[str, str]) -> tuple[Query, list[dict[str, Any]]]:
    """Every row of a canned query, in canonical order."""
    query = get(name)
    params = bind(query, backend, raw)
    rows = backend.run_query(query, params)
    return query, canonical(rows, query.columns_for(params))


LENS_COLUMN = "in_population"


def lens_columns(columns: tuple[str, ...], population: str | None) -> tuple[str, ...]:
    """An answer's columns, with `in_population` after them under a population lens."""
    return columns + ((LENS_COLUMN,) if population else ())


def apply_lens(query: Query, rows: list[dict[str, Any]], population: str | None,
               strict: bool) -> list[dict[str, Any]]:
    """The population lens, the same for both backends since it runs on their rows: each
    row says whether its finding is about that band (or, where its `population` is a list,
    as a biomarker's findings are, whether one of them is); `strict` keeps only those that
    are. It applies to the queries whose rows carry a `population` column."""
    if population is None:
        if strict:
            raise InputError("--strict needs --population")
        return rows
    from kg.ranking import POPULATIONS

    if population not in POPULATIONS:
        raise InputError(f"--population must be one of {', '.join(POPULATIONS)}")
    if "population" not in query.columns:
        lensed = sorted(q.name for q in catalogue().values() if "population" in q.columns)
        raise InputError(f"query '{query.name}' has no finding population to look through; "
                         f"--population applies to {', '.join(lensed)} (and to alskg show "
                         "and alskg path)")
    out = [{**r, LENS_COLUMN: _in_population(r.get("population"), population)} for r in rows]
    return [r for r in out if r[LENS_COLUMN]] if strict else out


def _in_population(value: Any, band: str) -> bool:
    from kg.ranking import in_population

    if isinstance(value, list):
        return any(in_population(v or "", band) for v in value)
    return in_population(value or "", band)


def run_page(backend: Backend, name: str, raw: dict[str, str], limit: int | None = DEFAULT_LIMIT,
             offset: int = 0, population: str | None = None,
             strict: bool = False) -> tuple[Query, Page]:
    """One page of a canned query's rows, with the total and the notes: the same page from
    every backend, since paging happens after the rows are in canonical order (and after
    the lens)."""
    if limit is not None and limit < 1:
        raise InputError("--limit must be at least 1 (or 0 for every row)")
    if offset < 0:
        raise InputError("--offset must not be negative")
    query = get(name)
    params = bind(query, backend, raw)
    rows, total = _page(backend, query, params, limit, offset, population, strict)
    notes = NOTES[query.name](backend, query, params) if query.name in NOTES else []
    return query, Page(rows, total, limit, offset, query.columns_for(params), tuple(notes))


def _page(backend: Backend, query: Query, params: dict[str, Any], limit: int | None,
          offset: int, population: str | None,
          strict: bool) -> tuple[list[dict[str, Any]], int]:
    columns = query.columns_for(params)
    if population is not None or strict:
        rows = apply_lens(query, canonical(backend.run_query(query, params), columns),
                          population, strict)
        end = None if limit is None else offset + limit
        return rows[offset:end], len(rows)
    if limit is not None and isinstance(backend, QueryPages):
        found = backend.run_query_page(query, params, limit, offset)
        if found is not None:
            return found[0], found[1]
    rows = canonical(backend.run_query(query, params), columns)
    end = None if limit is None else offset + limit
    return rows[offset:end], len(rows)


def _total(backend: Backend, query: Query, params: dict[str, Any]) -> int:
    """How many rows a query gives, by the cheapest way the backend has."""
    return _page(backend, query, params, 1, 0, None, False)[1]


def trial_notes(backend: Backend, query: Query, params: dict[str, Any]) -> list[str]:
    """How many trials the other filters select whose ages are not recorded (no minimum
    age: whether they admit children is unknown). `pediatric` never counts them either
    way; the note says how many it left out."""
    unknown = _total(backend, query, {**params, "pediatric": None, "ages": "unknown"})
    trials = f"{unknown} trial{'s' if unknown != 1 else ''}"
    if params.get("pediatric") is None:
        return [f"ages: unknown for {trials} (no minimum age recorded)"] if unknown else []
    known = "admit children" if params["pediatric"] else "exclude children"
    return [f"ages: unknown for {trials} (no minimum age recorded), not listed: "
            f"pediatric={str(params['pediatric']).lower()} lists only trials known to "
            f"{known}; -p ages=unknown lists those"]


# queries whose answer comes with notes, computed on top of the backend (so the same on both)
NOTES = {"trials": trial_notes}


def trial_rows(page: dict[str, Any], params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of a page of trials from its one record (queries/trials.rows.cypher and
    trials.rows.sql give it alike): a trial's gene count is the number of distinct genes
    its therapies target, each therapy's read once a page, and with `genes` their names
    (unsorted: canonical() sorts each row's)."""
    genes = bool(params.get("genes"))
    names = {g: name for _, found in page["targets"] for g, name in found} if genes else {}
    # each therapy's genes as one set, read once a page: a trial's count is the size of
    # their union (a page of a hundred trials at SF100 unions 238,000 ids)
    targets = {th: frozenset(g for g, _ in found) for th, found in page["targets"]}
    rows = []
    for r in page["rows"]:
        ids: set[str] = set().union(*(targets.get(th, ()) for th, _, _ in r["tests"]))
        row = {
            "trial_id": r["trial_id"], "trial": r["trial"], "phase": r["phase"],
            "status": r["status"], "min_age_years": r["min_age_years"],
            "max_age_years": r["max_age_years"], "ages": r["ages"],
            "therapies": [name for _, name, _ in r["tests"]],
            "gene_count": len(ids),
            "sponsors": [name for name, _ in r["sponsors"]],
            "citations": [c for edges in (r["tests"], r["sponsors"]) for *_, cites in edges
                          for c in cites or ()],
        }
        if genes:
            row["genes"] = [names[g] for g in ids]
        rows.append(row)
    return rows


# listings whose page statement (NAME.rows.cypher, NAME.rows.sql) gives one record that
# Python turns into the page's rows, the same on both backends; the store reads the other
# listings' pages from NAME.sql
PAGE_RECORDS = {"trials": trial_rows}
