"""`alskg ontology check`: quality control of the ontology files, in the manner of
`robot report`.

Every rule has a name and a level (ERROR, WARN, INFO); each issue is one line
`file:line: LEVEL: rule: message`. A first pass reads the YAML itself (so that a file the
loader cannot read is still reported with its line, and duplicate ids and unknown fields
are seen); a second pass checks the loaded ontology; a third looks for deprecated terms
still used in the curated data.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kg.model import Location
from kg.ontology.model import (
    MAPPING_PREDICATES,
    ONTOLOGY_FILES,
    Category,
    Ontology,
    Predicate,
    Term,
    ontology_dir,
    read_ontology,
)
from kg.problems import MAX_LINES_PER_KIND, InputError
from kg.yaml.read import display_path, line_of, read_yaml

Level = Literal["ERROR", "WARN", "INFO"]
LEVELS: tuple[Level, ...] = ("ERROR", "WARN", "INFO")

# rule -> (level, what it checks). A rule whose level depends on the case names both.
RULES: dict[str, tuple[str, str]] = {
    "unreadable": ("ERROR", "an ontology file is missing or cannot be read"),
    "yaml-syntax": ("ERROR", "an ontology file is not readable YAML"),
    "wrong-shape": ("ERROR", "a file or an entry does not have the expected structure"),
    "missing-id": ("ERROR", "an entry has no id"),
    "duplicate-id": ("ERROR", "two entries of one file have the same id"),
    "invalid-id": ("ERROR", "an id is not of the required form (alskg:NNNNNNN for terms, "
                            "snake_case for predicates, a valid CURIE for controlled values)"),
    "bad-field": ("ERROR", "a field has the wrong type (text, list, true/false)"),
    "unknown-field": ("WARN", "an entry has a field the loader does not read (a typo?)"),
    "missing-label": ("ERROR", "a term, category or predicate has no label"),
    "missing-definition": ("WARN", "a term, category, predicate or controlled value has no "
                                   "definition"),
    "duplicate-label": ("ERROR", "two live terms (or two categories, or two predicates) have the "
                                 "same label, ignoring case"),
    "duplicate-label-synonym": ("WARN", "a synonym repeats a label or synonym of another live "
                                        "term, or the term's own label"),
    "label-whitespace": ("WARN", "a label has leading, trailing or doubled spaces"),
    "misused-obsolete-label": ("ERROR", "a live term's label starts with 'obsolete'"),
    "missing-obsolete-label": ("WARN", "a deprecated term's label does not start with "
                                       "'obsolete '"),
    "unknown-category": ("ERROR", "a term's category, a predicate's domain or range, or a "
                                  "property's category is not in categories.yaml"),
    "unknown-prefix": ("ERROR", "a category allows an identifier prefix missing from "
                                "prefixes.yaml"),
    "unknown-value-set": ("ERROR", "a property or qualifier names a value set that does not "
                                   "exist"),
    "dangling-parent": ("ERROR", "a parent is not a term (or category) of the ontology"),
    "cyclic-parent": ("ERROR", "parents form a cycle"),
    "deprecated-reference": ("ERROR", "a live term has a deprecated parent"),
    "invalid-mapping": ("ERROR", "a mapping is not a valid external CURIE (pinned prefix "
                                 "patterns)"),
    "invalid-mapping-predicate": ("ERROR", "a mapping names a predicate other than "
                                           + ", ".join(MAPPING_PREDICATES)),
    "duplicate-mapping": ("WARN", "an entry maps to the same external term twice"),
    "missing-obsolescence-reason": ("WARN", "a deprecated term has no reason"),
    "bad-replacement": ("ERROR", "replaced_by names a missing or deprecated term, or the term "
                                 "itself"),
    "bad-consider": ("WARN", "consider names a missing or deprecated term"),
    "replacement-on-live-term": ("WARN", "a live term has replaced_by, consider or reason"),
    "missing-domain-range": ("WARN", "a predicate has no domain or no range"),
    "deprecated-term-used": ("ERROR|WARN", "curated data uses a deprecated term: WARN when it "
                                           "has a replacement (the build rewrites the use), "
                                           "ERROR when it has none (the build fails)"),
    "missing-ontology-header": ("ERROR", "the exported ontology has no title, description or "
                                         "licence (robot report: missing_ontology_*)"),
    "export-duplicate-label": ("ERROR", "two classes or properties of the exported ontology "
                                        "share a label, ignoring case (robot report: "
                                        "duplicate_label)"),
    "export-missing-label": ("ERROR", "a class or property of the exported ontology has no "
                                      "label (robot report: missing_label)"),
    "export-missing-definition": ("WARN", "a class or property of the exported ontology has "
                                          "no definition (robot report: missing_definition)"),
    "missing-mapping": ("INFO", "a live term has no mapping to an external ontology"),
    "definition-format": ("INFO", "a definition does not start with a capital letter or does "
                                  "not end with a full stop"),
}

TERM_ID = re.compile(r"^alskg:\d{7}$")
PREDICATE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
CATEGORY_ID = re.compile(r"^[A-Z][A-Za-z0-9]*$")
OBSOLETE = "obsolete "

# The fields each kind of entry may have (what kg/ontology.py reads).
FIELDS = {
    "categories": {"id", "label", "definition", "parents", "mappings", "prefixes"},
    "predicates": {"id", "label", "definition", "mappings", "domain", "range"},
    "terms": {"id", "category", "label", "definition", "synonyms", "parents", "mappings",
              "deprecated", "replaced_by", "consider", "reason", "go_subtrees"},
}
TEXT_FIELDS = {"label", "definition", "category", "replaced_by", "reason"}
LIST_FIELDS = {"parents", "prefixes", "domain", "range", "synonyms", "consider",
               "go_subtrees"}


@dataclass(frozen=True, slots=True)
class Issue:
    file: str
    line: int
    level: Level
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.level}: {self.rule}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "level": self.level, "rule": self.rule,
                "message": self.message}


def _issue(loc: Location | tuple[str, int], level: Level, rule: str, message: str) -> Issue:
    file, line = (loc.file, loc.line) if isinstance(loc, Location) else loc
    return Issue(file, line, level, rule, message)


# -- pass 1: the YAML as written ------------------------------------------------------------


def _check_raw(directory: Path) -> tuple[list[Issue], bool]:
    """Structural problems; the bool says whether the ontology can be loaded at all."""
    issues: list[Issue] = []
    loadable = True
    for name in ONTOLOGY_FILES:
        path = directory / name
        key = name.removesuffix(".yaml")
        key = "value_sets" if key == "values" else key
        data, problem = read_yaml(path)
        where = display_path(path)
        if problem is not None:
            rule = {"yaml-syntax": "yaml-syntax", "unreadable": "unreadable"}.get(
                problem.kind, "wrong-shape")
            issues.append(Issue(problem.file, problem.line, "ERROR", rule, problem.message))
            loadable = False
            continue
        if not isinstance(data, dict) or key not in data:
            issues.append(Issue(where, 1, "ERROR", "wrong-shape",
                                f"expected a top-level '{key}:' key"))
            loadable = False
            continue
        if key in FIELDS:
            ok = _collect(issues, _check_entries(where, data, key))
            loadable = loadable and ok
        elif key == "value_sets":
            loadable = _collect(issues, _check_values(where, data)) and loadable
        else:
            loadable = _collect(issues, _check_prefixes(where, data)) and loadable
    return issues, loadable


def _collect(into: list[Issue], found: Iterable[Issue | bool]) -> bool:
    """Collect the issues of a generator that finally yields whether the file loads."""
    ok = True
    for item in found:
        if isinstance(item, Issue):
            into.append(item)
        else:
            ok = item
    return ok


def _check_entries(where: str, data: Any, key: str) -> Iterator[Issue | bool]:
    entries = data[key]
    if entries is None:
        yield True
        return
    if not isinstance(entries, list):
        yield Issue(where, line_of(data, key), "ERROR", "wrong-shape", f"'{key}' must be a list")
        yield False
        return
    ok = True
    first: dict[str, int] = {}
    for i, entry in enumerate(entries):
        line = line_of(entries, i)
        if not isinstance(entry, dict):
            yield Issue(where, line, "ERROR", "wrong-shape",
                        f"each item of '{key}' must be a mapping")
            ok = False
            continue
        if not entry.get("id"):
            yield Issue(where, line, "ERROR", "missing-id", f"an entry of '{key}' has no id")
            ok = False
            continue
        eid = str(entry["id"])
        if eid in first:
            yield Issue(where, line, "ERROR", "duplicate-id",
                        f"duplicate id {eid} (first at {where}:{first[eid]})")
        else:
            first[eid] = line
        for field_name, value in entry.items():
            fline = line_of(entry, field_name, line)
            if field_name not in FIELDS[key]:
                yield Issue(where, fline, "WARN", "unknown-field",
                            f"{eid}: unknown field '{field_name}' (known: "
                            f"{', '.join(sorted(FIELDS[key]))})")
            elif field_name in TEXT_FIELDS and isinstance(value, dict | list):
                yield Issue(where, fline, "ERROR", "bad-field",
                            f"{eid}: '{field_name}' must be text")
            elif field_name in LIST_FIELDS and isinstance(value, dict):
                yield Issue(where, fline, "ERROR", "bad-field",
                            f"{eid}: '{field_name}' must be a list")
            elif field_name == "deprecated" and not isinstance(value, bool):
                yield Issue(where, fline, "ERROR", "bad-field",
                            f"{eid}: 'deprecated' must be true or false, not '{value}'")
            elif field_name == "mappings":
                yield from _check_mapping_shapes(where, eid, value, fline)
    yield ok


def _check_mapping_shapes(where: str, eid: str, value: Any, line: int) -> Iterator[Issue]:
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items):
        iline = line_of(value, i, line) if isinstance(value, list) else line
        if isinstance(item, dict):
            extra = sorted(str(k) for k in item if k not in ("id", "predicate"))
            if extra or not item.get("id"):
                yield Issue(where, iline, "ERROR", "bad-field",
                            f"{eid}: a mapping entry is a CURIE or "
                            "{id: CURIE, predicate: skos:...Match}"
                            + (f"; unknown keys {', '.join(extra)}" if extra else "; no id"))
        elif isinstance(item, list):
            yield Issue(where, iline, "ERROR", "bad-field",
                        f"{eid}: a mapping entry is a CURIE or "
                        "{id: CURIE, predicate: skos:...Match}, not a list")


def _check_values(where: str, data: Any) -> Iterator[Issue | bool]:
    sets = data["value_sets"]
    if not isinstance(sets, dict):
        yield Issue(where, line_of(data, "value_sets"), "ERROR", "wrong-shape",
                    "'value_sets' must be a mapping")
        yield False
        return
    ok = True
    for name, spec in sets.items():
        line = line_of(sets, name)
        if not isinstance(spec, dict) or not isinstance(spec.get("values"), dict):
            yield Issue(where, line, "ERROR", "wrong-shape",
                        f"value set '{name}' needs a 'values:' mapping of value: definition")
            ok = False
            continue
        if not spec.get("definition"):
            yield Issue(where, line, "WARN", "missing-definition",
                        f"value set '{name}' has no definition")
        values = spec["values"]
        for value, text in values.items():
            if not text or not str(text).strip():
                yield Issue(where, line_of(values, value, line), "WARN", "missing-definition",
                            f"value '{value}' of '{name}' has no definition")
    for section in ("properties", "qualifiers"):
        block = data.get(section)
        if block is not None and not isinstance(block, dict):
            yield Issue(where, line_of(data, section), "ERROR", "wrong-shape",
                        f"'{section}' must be a mapping")
            ok = False
        for pname, spec in (block or {}).items() if isinstance(block, dict) else []:
            if not isinstance(spec, dict):
                yield Issue(where, line_of(block, pname), "ERROR", "wrong-shape",
                            f"{section[:-1]} '{pname}' must be a mapping")
                ok = False
    yield ok


def _check_prefixes(where: str, data: Any) -> Iterator[Issue | bool]:
    block = data["prefixes"]
    if not isinstance(block, dict):
        yield Issue(where, line_of(data, "prefixes"), "ERROR", "wrong-shape",
                    "'prefixes' must be a mapping")
        yield False
        return
    ok = True
    for prefix, spec in block.items():
        line = line_of(block, prefix)
        if not isinstance(spec, dict) or "pattern" not in spec or "uri_prefix" not in spec:
            yield Issue(where, line, "ERROR", "wrong-shape",
                        f"prefix '{prefix}' needs a pattern and a uri_prefix")
            ok = False
            continue
        try:
            re.compile(str(spec["pattern"]))
        except re.error as exc:
            yield Issue(where, line, "ERROR", "wrong-shape",
                        f"prefix '{prefix}': pattern is not a regular expression ({exc})")
            ok = False
    yield ok


# -- pass 2: the loaded ontology ------------------------------------------------------------


def _line(entry: Category | Predicate | Term, field_name: str) -> Location:
    return Location(entry.location.file, entry.field_lines.get(field_name, entry.location.line))


def _name(entry: Category | Predicate | Term) -> str:
    return f"{entry.id} ({entry.label})" if entry.label else entry.id


def _norm(label: str) -> str:
    return " ".join(label.split()).casefold()


def _check_labels(entries: Iterable[Category | Predicate | Term], what: str) -> Iterator[Issue]:
    seen: dict[str, Category | Predicate | Term] = {}
    for e in entries:
        if not e.label.strip():
            yield _issue(e.location, "ERROR", "missing-label", f"{what} {e.id} has no label")
            continue
        if e.label != e.label.strip() or "  " in e.label:
            yield _issue(_line(e, "label"), "WARN", "label-whitespace",
                         f"{what} {e.id}: label '{e.label}' has extra spaces")
        if isinstance(e, Term) and e.deprecated:
            continue
        key = _norm(e.label)
        if key in seen:
            yield _issue(_line(e, "label"), "ERROR", "duplicate-label",
                         f"{what} {e.id} has the label '{e.label}' of {seen[key].id} "
                         f"({seen[key].location})")
        else:
            seen[key] = e


def _check_definition(e: Category | Predicate | Term, what: str) -> Iterator[Issue]:
    text = e.definition.strip()
    if not text:
        yield _issue(e.location, "WARN", "missing-definition", f"{what} {_name(e)} has no "
                     "definition")
    elif not (text[0].isupper() or not text[0].isalpha()) or not text.endswith("."):
        yield _issue(_line(e, "definition"), "INFO", "definition-format",
                     f"{what} {e.id}: a definition starts with a capital letter and ends "
                     "with a full stop")


def _check_mappings(ont: Ontology, e: Category | Predicate | Term, what: str) -> Iterator[Issue]:
    seen: set[str] = set()
    where = _line(e, "mappings")
    for m in e.mapping_entries:
        why = ont.curie_problem(m.id) if m.id else "a mapping has no id"
        if why is None and m.id.split(":", 1)[0] == "alskg":
            why = f"'{m.id}' is a project id; mappings name terms of external ontologies"
        if why:
            yield _issue(where, "ERROR", "invalid-mapping", f"{what} {e.id}: {why}")
        if m.predicate not in MAPPING_PREDICATES:
            yield _issue(where, "ERROR", "invalid-mapping-predicate",
                         f"{what} {e.id}: mapping to {m.id} has predicate '{m.predicate}' "
                         f"(allowed: {', '.join(MAPPING_PREDICATES)})")
        if m.id in seen:
            yield _issue(where, "WARN", "duplicate-mapping",
                         f"{what} {e.id} maps to {m.id} more than once")
        seen.add(m.id)


def _cycles(parents: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of the parent graph once, as a path that returns to its start."""
    import networkx as nx  # here: most commands never check the ontology

    graph = nx.DiGraph()
    graph.add_nodes_from(parents)
    graph.add_edges_from((v, w) for v, ws in parents.items() for w in ws if w in parents)
    components = [list(c) for c in nx.strongly_connected_components(graph)
                  if len(c) > 1 or graph.has_edge(next(iter(c)), next(iter(c)))]
    order = {v: i for i, v in enumerate(parents)}
    out = []
    for comp in components:
        members = set(comp)
        start = min(comp, key=order.__getitem__)
        path, cur = [start], start
        while True:  # walk inside the component back to the start
            nxt = [p for p in parents[cur] if p in members]
            step = start if start in nxt else min((p for p in nxt if p not in path),
                                                  key=order.__getitem__, default=start)
            path.append(step)
            if step == start:
                break
            cur = step
        out.append(path)
    return out


def _check_hierarchy(entries: dict[str, Any], what: str) -> Iterator[Issue]:
    for e in entries.values():
        for parent in e.parents:
            if parent not in entries:
                yield _issue(_line(e, "parents"), "ERROR", "dangling-parent",
                             f"{what} {e.id}: parent '{parent}' is not a {what} of the ontology")
    for cycle in _cycles({e.id: list(e.parents) for e in entries.values()}):
        first = entries[cycle[0]]
        yield _issue(_line(first, "parents"), "ERROR", "cyclic-parent",
                     f"{what} parents form a cycle: {' -> '.join(cycle)}")


def _allowed_prefixes(ont: Ontology, category: str) -> list[str]:
    for cat in ont.lineage(category):
        if ont.categories[cat].prefixes:
            return ont.categories[cat].prefixes
    return []


def _check_terms(ont: Ontology) -> Iterator[Issue]:
    terms = ont.terms
    yield from _check_labels(terms.values(), "term")
    yield from _check_hierarchy(terms, "term")
    owners: dict[str, Term] = {}
    for t in terms.values():
        if not t.deprecated:
            owners.setdefault(_norm(t.label), t)
    for t in terms.values():
        if not TERM_ID.match(t.id):
            yield _issue(t.location, "ERROR", "invalid-id",
                         f"term id '{t.id}' is not of the form alskg:NNNNNNN (seven digits)")
        if t.category not in ont.categories:
            yield _issue(_line(t, "category"), "ERROR", "unknown-category",
                         f"term {t.id}: unknown category '{t.category}'")
        else:
            allowed = _allowed_prefixes(ont, t.category)
            if allowed and "alskg" not in allowed:
                yield _issue(_line(t, "category"), "ERROR", "invalid-id",
                             f"term {t.id}: a {t.category} id must use one of "
                             f"{', '.join(allowed)}, not alskg")
        yield from _check_definition(t, "term")
        yield from _check_mappings(ont, t, "term")
        if t.deprecated:
            yield from _check_deprecated(ont, t)
            continue
        if t.label.casefold().startswith("obsolete"):
            yield _issue(_line(t, "label"), "ERROR", "misused-obsolete-label",
                         f"term {t.id} is not deprecated but its label is '{t.label}'")
        for key in ("replaced_by", "consider", "reason"):
            if key in t.field_lines:
                yield _issue(_line(t, key), "WARN", "replacement-on-live-term",
                             f"term {t.id} is not deprecated but has '{key}'")
        for parent in t.parents:
            p = terms.get(parent)
            if p is not None and p.deprecated:
                hint = f"; its replacement is {p.replaced_by}" if p.replaced_by else ""
                yield _issue(_line(t, "parents"), "ERROR", "deprecated-reference",
                             f"term {t.id}: parent {_name(p)} is deprecated{hint}")
        for syn in t.synonyms:
            other = owners.get(_norm(syn))
            if other is t:
                yield _issue(_line(t, "synonyms"), "WARN", "duplicate-label-synonym",
                             f"term {t.id}: synonym '{syn}' repeats its own label")
            elif other is not None:
                yield _issue(_line(t, "synonyms"), "WARN", "duplicate-label-synonym",
                             f"term {t.id}: synonym '{syn}' is the label of {_name(other)}")
        if not t.mappings:
            yield _issue(t.location, "INFO", "missing-mapping",
                         f"term {_name(t)} has no mapping to an external ontology")
    yield from _check_shared_synonyms(terms)


def _check_shared_synonyms(terms: dict[str, Term]) -> Iterator[Issue]:
    first: dict[str, Term] = {}
    for t in terms.values():
        if t.deprecated:
            continue
        for syn in dict.fromkeys(_norm(s) for s in t.synonyms):
            other = first.setdefault(syn, t)
            if other is not t:
                yield _issue(_line(t, "synonyms"), "WARN", "duplicate-label-synonym",
                             f"term {t.id}: synonym '{syn}' is also a synonym of {_name(other)}")


def _check_deprecated(ont: Ontology, t: Term) -> Iterator[Issue]:
    if not t.label.startswith(OBSOLETE):
        yield _issue(_line(t, "label"), "WARN", "missing-obsolete-label",
                     f"deprecated term {t.id}: label '{t.label}' should start with "
                     f"'{OBSOLETE}'")
    if not t.reason:
        yield _issue(_line(t, "deprecated"), "WARN", "missing-obsolescence-reason",
                     f"deprecated term {t.id} has no reason")
    if t.replaced_by:
        target = ont.terms.get(t.replaced_by)
        why = ("is the term itself" if t.replaced_by == t.id
               else "is not a term of the ontology" if target is None
               else "is deprecated too" if target.deprecated else None)
        if why:
            yield _issue(_line(t, "replaced_by"), "ERROR", "bad-replacement",
                         f"deprecated term {t.id}: replaced_by {t.replaced_by} {why}")
    for other in t.consider:
        target = ont.terms.get(other)
        if target is None or target.deprecated or other == t.id:
            yield _issue(_line(t, "consider"), "WARN", "bad-consider",
                         f"deprecated term {t.id}: consider {other} is not a live term")


def _check_categories(ont: Ontology) -> Iterator[Issue]:
    cats = ont.categories
    yield from _check_labels(cats.values(), "category")
    yield from _check_hierarchy(cats, "category")
    for c in cats.values():
        if not CATEGORY_ID.match(c.id):
            yield _issue(c.location, "ERROR", "invalid-id",
                         f"category id '{c.id}' is not UpperCamelCase")
        yield from _check_definition(c, "category")
        yield from _check_mappings(ont, c, "category")
        for prefix in c.prefixes:
            if prefix not in ont.prefixes:
                yield _issue(_line(c, "prefixes"), "ERROR", "unknown-prefix",
                             f"category {c.id}: prefix '{prefix}' is not in prefixes.yaml")


def _check_predicates(ont: Ontology) -> Iterator[Issue]:
    yield from _check_labels(ont.predicates.values(), "predicate")
    for p in ont.predicates.values():
        if not PREDICATE_ID.match(p.id):
            yield _issue(p.location, "ERROR", "invalid-id",
                         f"predicate id '{p.id}' is not snake_case")
        yield from _check_definition(p, "predicate")
        yield from _check_mappings(ont, p, "predicate")
        for key in ("domain", "range"):
            names = getattr(p, key)
            if not names:
                yield _issue(p.location, "WARN", "missing-domain-range",
                             f"predicate {p.id} has no {key}")
            for name in names:
                if name not in ont.categories:
                    yield _issue(_line(p, key), "ERROR", "unknown-category",
                                 f"predicate {p.id}: {key} names unknown category '{name}'")


def _check_value_specs(ont: Ontology, directory: Path) -> Iterator[Issue]:
    path = directory / "values.yaml"
    where = display_path(path)
    data, _ = read_yaml(path)
    for section, specs in (("properties", ont.properties), ("qualifiers", ont.qualifiers)):
        block = data.get(section) or {}
        for name, spec in specs.items():
            line = line_of(block, name)
            if spec.value_set and spec.value_set not in ont.value_sets:
                yield Issue(where, line, "ERROR", "unknown-value-set",
                            f"{section[:-1]} '{name}' names unknown value set '{spec.value_set}'")
            for cat in spec.categories:
                if cat not in ont.categories:
                    yield Issue(where, line, "ERROR", "unknown-category",
                                f"{section[:-1]} '{name}' names unknown category '{cat}'")
    sets = data.get("value_sets") or {}
    for set_name, values in ont.value_sets.items():
        block = sets[set_name]["values"]
        for value in values:
            prefix = value.split(":", 1)[0] if ":" in value else None
            if prefix in ont.prefixes:
                why = ont.curie_problem(value)
                if why:
                    yield Issue(where, line_of(block, value), "ERROR", "invalid-id",
                                f"value set '{set_name}': {why}")


# -- pass 3: deprecated terms in the curated data -------------------------------------------


def find_uses(ids: Iterable[str], paths: Iterable[Path]) -> dict[str, list[Location]]:
    """Where each id appears as a value (not in comments or text) in the curated YAML."""
    from loaders.curated import yaml_files

    wanted = set(ids)
    uses: dict[str, list[Location]] = defaultdict(list)
    if not wanted:
        return uses

    def walk(node: Any, name: str) -> None:
        if isinstance(node, dict):
            items: Iterable[tuple[Any, Any]] = node.items()
        elif isinstance(node, list):
            items = enumerate(node)
        else:
            return
        for key, value in items:
            if isinstance(value, str):
                if value.strip() in wanted:
                    uses[value.strip()].append(Location(name, line_of(node, key)))
            else:
                walk(value, name)

    for path in yaml_files(paths):
        data, problem = read_yaml(path)
        if problem is None:
            walk(data, display_path(path))
    return uses


def _check_uses(ont: Ontology, curated: list[Path]) -> Iterator[Issue]:
    deprecated = {t.id: t for t in ont.terms.values() if t.deprecated}
    for tid, locations in find_uses(deprecated, curated).items():
        t = deprecated[tid]
        target = ont.terms.get(t.replaced_by or "")
        for loc in locations:
            if target is not None and not target.deprecated:
                yield _issue(loc, "WARN", "deprecated-term-used",
                             f"{_name(t)} is deprecated; replace it with {_name(target)} "
                             "(the build rewrites it, with a warning)")
            else:
                consider = f" (consider {', '.join(t.consider)})" if t.consider else ""
                yield _issue(loc, "ERROR", "deprecated-term-used",
                             f"{_name(t)} is deprecated and has no replacement{consider}; "
                             "the build fails until this use is changed")


# -- the entry point ------------------------------------------------------------------------


def check_ontology(directory: Path | None = None,
                   curated: list[Path] | None = None) -> list[Issue]:
    """Every issue found in the ontology in `directory` and in the curated data that uses it
    (default: data/curated; pass [] to skip it)."""
    from loaders.curated import DEFAULT_DIR

    directory = directory or ontology_dir()
    if not directory.is_dir():
        raise InputError(f"{directory}: no such ontology directory")
    issues, loadable = _check_raw(directory)
    if loadable:
        try:
            ont = read_ontology(directory)
        except InputError as exc:  # a shape the first pass did not foresee
            file, _, rest = str(exc).partition(":")
            line, _, message = rest.partition(":")
            issues.append(Issue(file, int(line) if line.isdigit() else 1, "ERROR",
                                "wrong-shape", message.split(":", 1)[-1].strip()))
        else:
            issues += _check_categories(ont)
            issues += _check_predicates(ont)
            issues += _check_terms(ont)
            issues += _check_value_specs(ont, directory)
            issues += _check_export(ont)
            issues += _check_uses(ont, [DEFAULT_DIR] if curated is None else curated)
    return sort_issues(issues)


def _check_export(ont: Ontology) -> Iterator[Issue]:
    """robot report's rules on the ontology `alskg export ontology` writes, run on the same
    triples, so this check and ROBOT agree on every rule they share."""
    from kg.rdf import owl
    from kg.rdf.terms import IAO_DEFINITION, RDF_TYPE, RDFS_LABEL, IriMap, Lit, Unexpandable

    try:
        triples = owl.vocabulary_triples(ont)
    except InputError:
        return  # an unexpandable id is reported by its own rule
    except Unexpandable:
        return
    where = Location(str(ont.files[0]) if ont.files else "ontology", 0)
    # what the YAML rules already report (missing-label, missing-definition, duplicate-label
    # within one kind) is not reported again here
    kind_of = {owl.VOCAB + c: "category" for c in ont.categories}
    kind_of |= {owl.VOCAB + p: "predicate" for p in ont.predicates}
    iris = IriMap(ont)
    for t in ont.terms.values():
        try:
            kind_of[iris.expand(t.id)] = "term"
        except Unexpandable:
            continue
    kinds = {owl.OWL_CLASS, owl.OWL_OBJECT_PROPERTY, owl.OWL_DATATYPE_PROPERTY,
             owl.OWL_ANNOTATION_PROPERTY}
    entities: list[str] = []
    labels: dict[str, list[str]] = {}
    defined: set[str] = set()
    header: set[str] = set()
    for s, p, o in triples:
        if p == RDF_TYPE and o in kinds and s not in labels:
            entities.append(s)
            labels[s] = []
        if s == owl.VOCAB:
            header.add(p)
    for s, p, o in triples:
        if p == RDFS_LABEL and s in labels and isinstance(o, Lit):
            labels[s].append(o.lexical)
        elif p == IAO_DEFINITION and s in labels:
            defined.add(s)
    for prop, what in ((owl.DCTERMS_TITLE, "title"), (owl.DCTERMS_DESCRIPTION, "description"),
                       (owl.DCTERMS_LICENSE, "licence")):
        if prop not in header:
            yield _issue(where, "ERROR", "missing-ontology-header",
                         f"the exported ontology has no {what}")
    seen: dict[str, str] = {}
    for e in entities:
        from_yaml = e in kind_of
        if not labels[e] and not from_yaml:
            yield _issue(where, "ERROR", "export-missing-label", f"{e} has no label")
        for label in labels[e]:
            key = _norm(label)
            other = seen.get(key)
            if other is not None and other != e and not (
                    from_yaml and kind_of.get(other) == kind_of[e]):
                yield _issue(where, "ERROR", "export-duplicate-label",
                             f"{e} has the label '{label}' of {other}")
            seen.setdefault(key, e)
        if e not in defined and not from_yaml:
            yield _issue(where, "WARN", "export-missing-definition", f"{e} has no definition")


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    unique = dict.fromkeys(issues)
    return sorted(unique, key=lambda i: (i.file, i.line, LEVELS.index(i.level), i.rule,
                                         i.message))


def fails(issues: Iterable[Issue], fail_on: str = "ERROR") -> bool:
    """True when any issue is at `fail_on` level or worse ('none' never fails)."""
    if fail_on not in LEVELS:
        return False
    worst = LEVELS.index(fail_on)
    return any(LEVELS.index(i.level) <= worst for i in issues)


def issue_summary(issues: Sequence[Issue], shown: Counter[str]) -> list[str]:
    """The summary kg.problems.render_text ends `ontology check`'s text with (kind="rule"):
    the count of each rule by level, and of each level."""
    counts = Counter((i.level, i.rule) for i in issues)
    lines = ["summary:"] if counts else []
    for (level, rule), n in sorted(counts.items(), key=lambda kv: (LEVELS.index(kv[0][0]),
                                                                   kv[0][1])):
        hidden = max(0, shown[rule] - MAX_LINES_PER_KIND)
        more = f" ({hidden} not shown; --format json lists all)" if hidden else ""
        lines.append(f"  {level:<5} {rule:<28} {n}{more}")
    by_level = Counter(i.level for i in issues)
    lines.append(", ".join(f"{by_level[lv]} {lv}" for lv in LEVELS))
    return lines


def render_json(issues: list[Issue], fail_on: str = "ERROR") -> str:
    by_level = Counter(i.level for i in issues)
    return json.dumps({
        "valid": not fails(issues, fail_on),
        "counts": {lv: by_level[lv] for lv in LEVELS},
        "rules": dict(sorted(Counter(i.rule for i in issues).items())),
        "issues": [i.to_dict() for i in issues],
    }, indent=2, ensure_ascii=False)

