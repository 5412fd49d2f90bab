"""The project's terms, read from ontology/: the one source for validation, Neo4j labels
and relationship types, and RDF IRIs.

categories.yaml, predicates.yaml and terms.yaml are lists of entries (id, label,
definition, parents, mappings, ...); a mapping is a CURIE (skos:closeMatch) or
`{id: CURIE, predicate: skos:exactMatch|closeMatch|broadMatch|narrowMatch}`. A deprecated
term keeps its id and has `deprecated: true`, `replaced_by` or `consider`, and `reason`.
Maintainers edit and check these files with `alskg ontology ...` (kg/ontology/tools.py,
kg/ontology/check.py).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from kg.model import Location
from kg.problems import InputError
from kg.resources import resource_dir
from kg.yaml.read import as_list, display_path, line_of, plain, read_yaml

# The files of an ontology directory, in the order they are read.
ONTOLOGY_FILES = ("categories.yaml", "predicates.yaml", "values.yaml", "terms.yaml",
                  "prefixes.yaml")
# SKOS mapping predicates a mapping entry may name; a plain CURIE means the first.
MAPPING_PREDICATES = ("skos:closeMatch", "skos:exactMatch", "skos:broadMatch",
                      "skos:narrowMatch", "skos:relatedMatch")
DEFAULT_MAPPING_PREDICATE = "skos:closeMatch"


def ontology_dir() -> Path:
    """``$ALSKG_ONTOLOGY``, else the ontology that ships with alskg."""
    env = os.environ.get("ALSKG_ONTOLOGY")
    return Path(env) if env else resource_dir("ontology")


@dataclass(frozen=True, slots=True)
class Mapping:
    """A cross-ontology mapping: `id` is the external CURIE, `predicate` a SKOS mapping
    predicate (written as a plain CURIE in the YAML for skos:closeMatch, or as
    `{id: CURIE, predicate: skos:exactMatch}`)."""

    id: str
    predicate: str = DEFAULT_MAPPING_PREDICATE


@dataclass(slots=True)
class Category:
    id: str
    label: str
    definition: str
    parents: list[str]
    mappings: list[str]
    prefixes: list[str]
    location: Location
    mapping_entries: list[Mapping] = field(default_factory=list)
    #: line of each key of the entry, for messages that point at the field
    field_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)


@dataclass(slots=True)
class Predicate:
    id: str
    label: str
    definition: str
    mappings: list[str]
    domain: list[str]
    range: list[str]
    location: Location
    mapping_entries: list[Mapping] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    @property
    def rel_type(self) -> str:
        """Neo4j relationship type."""
        return self.id.upper()


@dataclass(slots=True)
class Term:
    id: str
    category: str
    label: str
    definition: str
    synonyms: list[str]
    parents: list[str]
    mappings: list[str]
    deprecated: bool
    replaced_by: str | None
    location: Location
    #: OBO `consider`: live terms to look at instead when there is no single replacement
    consider: list[str] = field(default_factory=list)
    #: obsolescence reason (IAO:0000231)
    reason: str | None = None
    mapping_entries: list[Mapping] = field(default_factory=list)
    field_lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    #: GO terms whose subtrees (is_a and part_of descendants) the mechanism groups
    go_subtrees: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PropertySpec:
    name: str
    categories: list[str]
    value_set: str | None = None
    type: str = "text"
    required: bool = False
    is_list: bool = False


@dataclass(slots=True)
class Prefix:
    prefix: str
    pattern: re.Pattern[str]
    uri_prefix: str


@dataclass
class Ontology:
    categories: dict[str, Category]
    predicates: dict[str, Predicate]
    value_sets: dict[str, dict[str, str]]
    properties: dict[str, PropertySpec]
    qualifiers: dict[str, PropertySpec]
    terms: dict[str, Term]
    prefixes: dict[str, Prefix]
    files: list[Path] = field(default_factory=list)

    @cached_property
    def _ancestors(self) -> dict[str, frozenset[str]]:
        out: dict[str, frozenset[str]] = {}
        for cid in self.categories:
            seen: set[str] = set()
            stack = [cid]
            while stack:
                cur = stack.pop()
                if cur in seen or cur not in self.categories:
                    continue
                seen.add(cur)
                stack.extend(self.categories[cur].parents)
            out[cid] = frozenset(seen)
        return out

    def lineage(self, category: str) -> list[str]:
        """The category and its ancestors, nearest first."""
        out: list[str] = []
        todo = [category]
        while todo:
            cur = todo.pop(0)
            if cur in out or cur not in self.categories:
                continue
            out.append(cur)
            todo.extend(self.categories[cur].parents)
        return out

    def is_a(self, category: str, allowed: list[str]) -> bool:
        """True when `category` is one of `allowed` or a sub-category of one."""
        return bool(self._ancestors.get(category, frozenset()) & set(allowed))

    def curie_problem(self, curie: str) -> str | None:
        """Why `curie` is not a valid identifier, or None when it is."""
        if not isinstance(curie, str) or ":" not in curie:
            return f"'{curie}' is not a CURIE (expected prefix:local_id)"
        prefix, local = curie.split(":", 1)
        spec = self.prefixes.get(prefix)
        if spec is None:
            near = [p for p in self.prefixes if p.lower() == prefix.lower()]
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            return f"unknown identifier prefix '{prefix}' in '{curie}'{hint}"
        if not spec.pattern.match(local):
            return f"'{curie}' does not match the {prefix} pattern {spec.pattern.pattern}"
        return None

    def expand(self, curie: str) -> str:
        prefix, local = curie.split(":", 1)
        return self.prefixes[prefix].uri_prefix + local


def parse_mapping(raw: Any) -> Mapping:
    """One `mappings:` entry: a CURIE, or `{id: CURIE, predicate: skos:...Match}`.

    Nothing is rejected here; `alskg ontology check` reports malformed entries."""
    if isinstance(raw, dict):
        return Mapping(str(raw.get("id") or ""),
                       str(raw.get("predicate") or DEFAULT_MAPPING_PREDICATE))
    return Mapping(str(raw))


def _mappings(value: Any) -> list[Mapping]:
    if value is None:
        return []
    return [parse_mapping(v) for v in (value if isinstance(value, list) else [value])]


def _read(path: Path, key: str) -> tuple[Any, Any]:
    data, problem = read_yaml(path)
    if problem is not None:
        raise InputError(str(problem))
    if not isinstance(data, dict) or key not in data:
        raise InputError(f"{display_path(path)}:1: error: expected a top-level '{key}:' key")
    return data[key], data


def _entries(path: Path, key: str) -> list[tuple[int, Any]]:
    """The entries of a top-level list, each with its line; each must be a mapping with an id."""
    raw, doc = _read(path, key)
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise InputError(f"{display_path(path)}:{line_of(doc, key)}: error: "
                         f"'{key}' must be a list")
    out = []
    for i, entry in enumerate(raw):
        line = line_of(raw, i)
        if not isinstance(entry, dict) or not entry.get("id"):
            raise InputError(f"{display_path(path)}:{line}: error: each item of '{key}' must be "
                             "a mapping with an 'id'")
        out.append((line, entry))
    return out


def _table(raw: Any, path: Path, doc: Any, key: str) -> dict[Any, Any]:
    """A top-level mapping of the ontology files; anything else stops with its line."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise InputError(f"{display_path(path)}:{line_of(doc, key)}: error: '{key}' must be "
                         "a mapping")
    return raw


def _specs(raw: Any, path: Path, doc: Any, key: str) -> dict[Any, Any]:
    table = _table(raw, path, doc, key)
    for k, v in table.items():
        if not isinstance(v, dict):
            raise InputError(f"{display_path(path)}:{line_of(table, k)}: error: '{key}.{k}' "
                             "must be a mapping")
    return table


def _field_lines(entry: Any, default: int) -> dict[str, int]:
    return {str(k): line_of(entry, k, default) for k in entry}


def load_ontology(directory: Path | None = None) -> Ontology:
    """The ontology in `directory` (default: ontology_dir()), cached until its files change."""
    path = (directory or ontology_dir()).resolve()
    stamp = []
    for name in ONTOLOGY_FILES:
        try:
            st = (path / name).stat()
            stamp.append((st.st_mtime_ns, st.st_size))
        except OSError:
            stamp.append((0, -1))
    return _load_cached(str(path), tuple(stamp))


@lru_cache(maxsize=4)
def _load_cached(directory_str: str, _stamp: tuple[tuple[int, int], ...]) -> Ontology:
    return read_ontology(Path(directory_str))


def read_ontology(directory: Path) -> Ontology:
    """Read the ontology files in `directory` afresh (no cache)."""
    files = [directory / n for n in ONTOLOGY_FILES]
    cat_path, pred_path, val_path, term_path, pfx_path = files

    categories = {}
    for line, c in _entries(cat_path, "categories"):
        categories[str(c["id"])] = Category(
            id=str(c["id"]), label=str(c.get("label") or ""),
            definition=str(c.get("definition") or ""),
            parents=as_list(c.get("parents")),
            mappings=[m.id for m in _mappings(c.get("mappings"))],
            prefixes=as_list(c.get("prefixes")), location=Location(display_path(cat_path), line),
            mapping_entries=_mappings(c.get("mappings")), field_lines=_field_lines(c, line))

    predicates = {}
    for line, p in _entries(pred_path, "predicates"):
        predicates[str(p["id"])] = Predicate(
            id=str(p["id"]), label=str(p.get("label") or ""),
            definition=str(p.get("definition") or ""),
            mappings=[m.id for m in _mappings(p.get("mappings"))],
            domain=as_list(p.get("domain")), range=as_list(p.get("range")),
            location=Location(display_path(pred_path), line),
            mapping_entries=_mappings(p.get("mappings")), field_lines=_field_lines(p, line))

    sets_raw, values_doc = _read(val_path, "value_sets")
    value_sets = {}
    for k, v in _table(sets_raw, val_path, values_doc, "value_sets").items():
        if not isinstance(v, dict) or not isinstance(v.get("values"), dict):
            raise InputError(f"{display_path(val_path)}:{line_of(sets_raw, k)}: error: value set "
                             f"'{k}' needs a 'values:' mapping of value: definition")
        value_sets[str(k)] = {str(vk): str(vv if vv is not None else "")
                              for vk, vv in v["values"].items()}

    def spec(name: str, raw: dict[str, Any]) -> PropertySpec:
        return PropertySpec(name=name, categories=as_list(raw.get("categories")),
                            value_set=raw.get("value_set"), type=str(raw.get("type", "text")),
                            required=bool(raw.get("required", False)),
                            is_list=bool(raw.get("list", False)))

    properties = {str(k): spec(str(k), plain(v)) for k, v in _specs(
        values_doc.get("properties"), val_path, values_doc, "properties").items()}
    qualifiers = {str(k): spec(str(k), plain(v)) for k, v in _specs(
        values_doc.get("qualifiers"), val_path, values_doc, "qualifiers").items()}

    terms = {}
    for line, t in _entries(term_path, "terms"):
        replaced_by = t.get("replaced_by")
        reason = t.get("reason")
        terms[str(t["id"])] = Term(
            id=str(t["id"]), category=str(t.get("category") or "Mechanism"),
            label=str(t.get("label") or ""), definition=str(t.get("definition") or ""),
            synonyms=as_list(t.get("synonyms")), parents=as_list(t.get("parents")),
            mappings=[m.id for m in _mappings(t.get("mappings"))],
            deprecated=t.get("deprecated") is True,
            replaced_by=str(replaced_by) if replaced_by else None,
            location=Location(display_path(term_path), line),
            consider=as_list(t.get("consider")),
            reason=str(reason) if reason else None,
            mapping_entries=_mappings(t.get("mappings")), field_lines=_field_lines(t, line),
            go_subtrees=as_list(t.get("go_subtrees")))

    pfx_raw, pfx_doc = _read(pfx_path, "prefixes")
    prefixes = {}
    for k, v in _table(pfx_raw, pfx_path, pfx_doc, "prefixes").items():
        try:
            prefixes[str(k)] = Prefix(str(k), re.compile(str(v["pattern"])), str(v["uri_prefix"]))
        except (TypeError, KeyError, re.error) as exc:
            raise InputError(f"{display_path(pfx_path)}:{line_of(pfx_raw, k)}: error: prefix "
                             f"'{k}' needs a valid pattern and a uri_prefix ({exc})") from None

    return Ontology(categories, predicates, value_sets, properties, qualifiers, terms,
                    prefixes, files)
