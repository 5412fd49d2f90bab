"""The project's terms, read from ontology/: the one source for validation, Neo4j labels
and relationship types, and RDF IRIs."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from kg.model import Location
from kg.problems import InputError
from kg.yamlio import display_path, line_of, plain, read_yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def ontology_dir() -> Path:
    return Path(os.environ.get("ALSKG_ONTOLOGY", PROJECT_ROOT / "ontology"))


@dataclass(slots=True)
class Category:
    id: str
    label: str
    definition: str
    parents: list[str]
    mappings: list[str]
    prefixes: list[str]
    location: Location


@dataclass(slots=True)
class Predicate:
    id: str
    label: str
    definition: str
    mappings: list[str]
    domain: list[str]
    range: list[str]
    location: Location

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


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _read(path: Path, key: str) -> tuple[Any, Any]:
    data, problem = read_yaml(path)
    if problem is not None:
        raise InputError(str(problem))
    if not isinstance(data, dict) or key not in data:
        raise InputError(f"{display_path(path)}:1: error: expected a top-level '{key}:' key")
    return data[key], data


def load_ontology(directory: Path | None = None) -> Ontology:
    return _load_cached(str((directory or ontology_dir()).resolve()))


@lru_cache(maxsize=4)
def _load_cached(directory_str: str) -> Ontology:
    directory = Path(directory_str)
    files = [directory / n for n in
             ("categories.yaml", "predicates.yaml", "values.yaml", "terms.yaml", "prefixes.yaml")]
    cat_path, pred_path, val_path, term_path, pfx_path = files

    def loc(path: Path, container: Any, idx: Any) -> Location:
        return Location(display_path(path), line_of(container, idx))

    cats_raw, _ = _read(cat_path, "categories")
    categories = {}
    for i, c in enumerate(cats_raw):
        categories[str(c["id"])] = Category(
            id=str(c["id"]), label=str(c.get("label", "")), definition=str(c.get("definition", "")),
            parents=_as_list(c.get("parents")), mappings=_as_list(c.get("mappings")),
            prefixes=_as_list(c.get("prefixes")), location=loc(cat_path, cats_raw, i))

    preds_raw, _ = _read(pred_path, "predicates")
    predicates = {}
    for i, p in enumerate(preds_raw):
        predicates[str(p["id"])] = Predicate(
            id=str(p["id"]), label=str(p.get("label", "")), definition=str(p.get("definition", "")),
            mappings=_as_list(p.get("mappings")), domain=_as_list(p.get("domain")),
            range=_as_list(p.get("range")), location=loc(pred_path, preds_raw, i))

    sets_raw, values_doc = _read(val_path, "value_sets")
    value_sets = {str(k): {str(vk): str(vv) for vk, vv in v["values"].items()}
                  for k, v in sets_raw.items()}

    def spec(name: str, raw: dict[str, Any]) -> PropertySpec:
        return PropertySpec(name=name, categories=_as_list(raw.get("categories")),
                            value_set=raw.get("value_set"), type=str(raw.get("type", "text")),
                            required=bool(raw.get("required", False)),
                            is_list=bool(raw.get("list", False)))

    properties = {str(k): spec(str(k), plain(v))
                  for k, v in (values_doc.get("properties") or {}).items()}
    qualifiers = {str(k): spec(str(k), plain(v))
                  for k, v in (values_doc.get("qualifiers") or {}).items()}

    terms_raw, _ = _read(term_path, "terms")
    terms = {}
    for i, t in enumerate(terms_raw):
        terms[str(t["id"])] = Term(
            id=str(t["id"]), category=str(t.get("category", "Mechanism")),
            label=str(t.get("label", "")), definition=str(t.get("definition", "")),
            synonyms=_as_list(t.get("synonyms")), parents=_as_list(t.get("parents")),
            mappings=_as_list(t.get("mappings")), deprecated=bool(t.get("deprecated", False)),
            replaced_by=t.get("replaced_by"), location=loc(term_path, terms_raw, i))

    pfx_raw, _ = _read(pfx_path, "prefixes")
    prefixes = {str(k): Prefix(str(k), re.compile(str(v["pattern"])), str(v["uri_prefix"]))
                for k, v in pfx_raw.items()}

    return Ontology(categories, predicates, value_sets, properties, qualifiers, terms,
                    prefixes, files)
