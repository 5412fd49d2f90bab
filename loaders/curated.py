"""Curated findings and entities: the YAML files curators edit under data/curated/.

Every entity and finding keeps the file and line it came from, so each problem can name
them. A finding yields its Finding node, the entity edge its statement asserts (shared
with other findings of the same statement) and provenance edges to its citations, study
and related findings.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg import limits
from kg.model import (
    ALWAYS,
    CURATED_SOURCE,
    FINDING_FIELDS,
    NOT_STORED,
    Edge,
    Location,
    Node,
    edge_id,
)
from kg.ontology.model import Ontology
from kg.problems import InputError, Problem, allowed_values, did_you_mean
from kg.resources import resource_dir
from kg.yaml.read import LList, as_list, display_path, line_of, plain, read_yaml, start_line
from loaders.base import Item

DEFAULT_DIR = resource_dir("curated")
PARALLEL_BYTES = 4_000_000  # below this, starting workers costs more than it saves
MAX_WORKERS = 8
TOP_KEYS = {"entities", "findings"}
ENTITY_KEYS = {"id", "category", "name", "synonyms", "xrefs"}
FINDING_KEYS = frozenset(f.name for f in FINDING_FIELDS)
FINDING_REQUIRED = tuple(f.name for f in FINDING_FIELDS if f.required)
# the Finding node's properties, in order: (name, kept even when empty)
_FINDING_PROPS = tuple((f.name, f.stored == ALWAYS) for f in FINDING_FIELDS
                       if f.stored != NOT_STORED)
# where an error listing part of a long set of allowed values sends the reader for the rest
_LIST_VALUES = "alskg ontology list -k values"
_LIST_PREDICATES = "alskg ontology list -k predicates"
_LIST_CATEGORIES = "alskg ontology list -k categories"
# Citations of these kinds need no entity entry: a Publication node is made for them.
AUTO_PUBLICATION_PREFIXES = ("PMID", "doi", "pmc")


def _read_file(job: tuple[Path, Path, str]) -> list[Item]:
    path, ontology_path, source_id = job
    from kg.build import no_gc
    from kg.ontology.model import load_ontology

    with no_gc():
        return list(FileReader(path, load_ontology(ontology_path), source_id).read())


def yaml_files(paths: Iterable[Path]) -> list[Path]:
    """Expand directories to the YAML files under them, in a stable order; a walk that meets
    more than kg.limits.WALK_ENTRIES entries stops (`validate /` would read the disk)."""
    out: list[Path] = []
    for p in paths:
        try:
            is_dir = p.is_dir()
        except OSError:  # a name too long: reading it reports the error, with the name
            is_dir = False
        if not is_dir:
            out.append(p)
            continue
        found = []
        for seen, q in enumerate(p.rglob("*"), 1):
            if seen > limits.WALK_ENTRIES:
                raise InputError(f"{display_path(p)}: more than {limits.WALK_ENTRIES:,} files "
                                 "and folders under it; name the folder that holds the data")
            if q.suffix in (".yaml", ".yml"):
                found.append(q)
        out.extend(sorted(found))
    return out


@dataclass
class CuratedSource:
    paths: list[Path] = field(default_factory=lambda: [DEFAULT_DIR])
    source_id: str = CURATED_SOURCE
    version: str = "working copy"

    def read(self, ontology: Ontology) -> Iterator[Item]:
        files = yaml_files(self.paths)
        for path in files:
            if not path.exists():
                yield Problem(display_path(path), 0, "error", "unreadable", "no such file")
        files = [p for p in files if p.exists()]
        workers = min(os.cpu_count() or 1, MAX_WORKERS, len(files))
        if workers < 2 or sum(p.stat().st_size for p in files) < PARALLEL_BYTES:
            for path in files:
                yield from FileReader(path, ontology, self.source_id).read()
            return
        # Large curated sets: parse files on every core; results come back in file order,
        # so the graph and the problem list are the same as a serial read.
        jobs = [(path, ontology.files[0].parent, self.source_id) for path in files]
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for items in pool.map(_read_file, jobs):
                yield from items


class FileReader:
    def __init__(self, path: Path, ontology: Ontology, source_id: str) -> None:
        self.path = path
        self.name = display_path(path)
        self.ont = ontology
        self.source = source_id
        # ids already found valid: a file names the same genes, terms and publications
        # many times, and checking an id against its prefix's pattern is a regex each time
        self._valid_ids: set[str] = set()
        self._required_of: dict[str, list[str]] = {}

    def curie_problem(self, curie: str) -> str | None:
        if curie in self._valid_ids:
            return None
        why = self.ont.curie_problem(curie)
        if why is None:
            self._valid_ids.add(curie)
        return why

    def problem(self, line: int, kind: str, message: str, level: str = "error") -> Problem:
        return Problem(self.name, line, "error" if level == "error" else "warning", kind, message)

    def read(self) -> Iterator[Item]:
        data, problem = read_yaml(self.path)
        if problem is not None:
            yield problem
            return
        if data is None:
            yield self.problem(1, "wrong-shape", "empty file, expected 'entities:' or 'findings:'")
            return
        if not isinstance(data, dict):
            yield self.problem(start_line(data), "wrong-shape",
                               "expected a mapping with 'entities:' and/or 'findings:' at the top")
            return
        unknown = [k for k in data if k not in TOP_KEYS]
        for key in unknown:
            yield self.problem(line_of(data, key), "wrong-shape",
                               f"unknown top-level key '{key}' (expected entities or findings)")
        if unknown and not (TOP_KEYS & set(data)):
            return
        for key, reader in (("entities", self.entity), ("findings", self.finding)):
            items = data.get(key)
            if items is None:
                continue
            if not isinstance(items, list):
                yield self.problem(line_of(data, key), "wrong-shape", f"'{key}' must be a list")
                continue
            lines = items.lines if isinstance(items, LList) else None
            for i, raw in enumerate(items):
                line = lines[i] if lines is not None else line_of(items, i)
                if not isinstance(raw, dict):
                    yield self.problem(line, "wrong-shape",
                                       f"each item of '{key}' must be a mapping")
                    continue
                yield from reader(raw, line)

    # -- entities ---------------------------------------------------------------------

    def entity(self, raw: Any, line: int) -> Iterator[Item]:
        ok = True
        for key in ("id", "category", "name"):
            if not raw.get(key):
                yield self.problem(line, "missing-field", f"entity has no '{key}'")
                ok = False
        if not ok:
            return
        for key in ("id", "category", "name"):
            if isinstance(raw[key], dict | list):
                yield self.problem(line_of(raw, key, line), "wrong-shape",
                                   f"'{key}' must be a single value, not a "
                                   f"{'mapping' if isinstance(raw[key], dict) else 'list'}")
                ok = False
        synonyms = raw.get("synonyms")
        if isinstance(synonyms, dict) or (isinstance(synonyms, list) and any(
                isinstance(s, dict | list) for s in synonyms)):
            yield self.problem(line_of(raw, "synonyms", line), "wrong-shape",
                               "'synonyms' must be a name or a list of names")
            ok = False
        if not ok:
            return
        eid, category = str(raw["id"]), str(raw["category"])
        split = _split_synonym(str(raw["name"]), as_list(synonyms))
        if split:
            yield self.problem(line_of(raw, "synonyms", line), "split-synonym",
                               f"synonym '{split}' of {eid} is the part of its name after a "
                               "comma: a list written [a, b] splits at every comma; put a "
                               "name that holds a comma in quotes")
        if category not in self.ont.categories or category == "Finding":
            yield self.problem(line_of(raw, "category", line), "unknown-category",
                               f"unknown category '{category}' for {eid}"
                               + did_you_mean(category, self.ont.categories)
                               + allowed_values((c for c in self.ont.categories
                                                 if c != "Finding"), _LIST_CATEGORIES))
            return
        why = self.curie_problem(eid)
        if why:
            yield self.problem(line_of(raw, "id", line), "bad-id", why)
            return
        allowed = self._allowed_prefixes(category)
        if allowed and eid.split(":", 1)[0] not in allowed:
            yield self.problem(line_of(raw, "id", line), "bad-id",
                               f"{eid}: a {category} id must use one of {', '.join(allowed)}")
        props: dict[str, Any] = {}
        for key, value in raw.items():
            if key in ENTITY_KEYS:
                continue
            problem = self._property(raw, key, value, category, line)
            if problem:
                yield problem
            else:
                props[str(key)] = plain(value)
        for name in self._required(category):
            if name not in raw:
                yield self.problem(line, "missing-field", f"{category} {eid} has no '{name}'")
        xrefs = as_list(raw.get("xrefs"))
        for xref in xrefs:
            why = self.curie_problem(xref)
            if why:
                yield self.problem(line_of(raw, "xrefs", line), "bad-id", why)
        yield Node(id=eid, category=category, name=str(raw["name"]),
                   synonyms=as_list(raw.get("synonyms")), xrefs=xrefs, properties=props,
                   sources=[self.source], location=Location(self.name, line))

    def _required(self, category: str) -> list[str]:
        """The properties an entity of `category` must have, in the ontology's order (the
        same for every entity of it: worked out once a file)."""
        names = self._required_of.get(category)
        if names is None:
            names = [spec.name for spec in self.ont.properties.values()
                     if spec.required and self.ont.is_a(category, spec.categories)]
            self._required_of[category] = names
        return names

    def _allowed_prefixes(self, category: str) -> list[str]:
        cat = self.ont.categories[category]
        if cat.prefixes:
            return cat.prefixes
        return [p for parent in cat.parents for p in self._allowed_prefixes(parent)]

    def _property(self, raw: Any, key: Any, value: Any, category: str,
                  line: int) -> Problem | None:
        where = line_of(raw, key, line)
        spec = self.ont.properties.get(str(key))
        if spec is None or not self.ont.is_a(category, spec.categories):
            return self.problem(where, "unknown-field", f"unknown field '{key}' for a {category}")
        return self._check_value(spec.value_set, spec.type, spec.is_list, key, value, where)

    def _check_value(self, value_set: str | None, typ: str, is_list: bool, key: Any,
                     value: Any, where: int) -> Problem | None:
        values = value if is_list else [value]
        if is_list and not isinstance(value, list):
            return self.problem(where, "bad-value", f"'{key}' must be a list")
        for v in values:
            if typ == "number" and (isinstance(v, bool) or not isinstance(v, int | float)):
                return self.problem(where, "bad-value", f"'{key}' must be a number, got '{v}'")
            if typ == "boolean" and not isinstance(v, bool):
                return self.problem(where, "bad-value", f"'{key}' must be true or false, "
                                    f"got '{v}'")
            if typ == "text" and isinstance(v, dict | list):
                return self.problem(where, "bad-value", f"'{key}' must be text, not a "
                                    f"{'mapping' if isinstance(v, dict) else 'list'}")
            if value_set:
                allowed = self.ont.value_sets[value_set]
                if str(v) not in allowed:
                    return self.problem(where, "unknown-term",
                                        f"'{v}' is not a known {value_set}"
                                        + did_you_mean(str(v), allowed)
                                        + allowed_values(allowed, _LIST_VALUES))
        return None

    # -- findings ---------------------------------------------------------------------

    def finding(self, raw: Any, line: int) -> Iterator[Item]:
        missing = [k for k in FINDING_REQUIRED if not raw.get(k)]
        for key in missing:
            yield self.problem(line, "missing-field", f"finding has no '{key}'")
        if not FINDING_KEYS.issuperset(raw):
            for key in raw:
                if key not in FINDING_KEYS:
                    yield self.problem(line_of(raw, key, line), "unknown-field",
                                       f"unknown field '{key}' in a finding")
        citations = as_list(raw.get("citations"))
        fid = str(raw.get("id") or "")
        if not citations:
            yield self.problem(line_of(raw, "citations", line), "missing-citation",
                               f"finding {fid or '(no id)'} has no citation")
        if missing:
            return
        bad = False
        valid = self._valid_ids
        for key in ("id", "subject", "object", "study", "supports", "contradicts"):
            one = raw.get(key)
            if one is None or (type(one) is str and one in valid):
                continue
            for value in as_list(one):
                why = self.curie_problem(value)
                if why:
                    # the build names the entity a name or symbol here stands for
                    yield Problem(self.name, line_of(raw, key, line), "error", "bad-id", why,
                                  value=value)
                    bad = True
        for key in ("id", "subject", "object", "study"):
            if isinstance(raw.get(key), list):
                yield self.problem(line_of(raw, key, line), "wrong-shape",
                                   f"'{key}' takes one id, not a list")
                bad = True
        negated = raw.get("negated", False)
        if not isinstance(negated, bool):
            yield self.problem(line_of(raw, "negated", line), "bad-value",
                               "'negated' must be true or false")
            bad = True
        for cite in citations:
            if cite in valid:
                continue
            why = self.curie_problem(cite)
            if why:
                yield self.problem(line_of(raw, "citations", line), "bad-id",
                                   why + _citation_hint(cite))
                bad = True
        predicate = str(raw["predicate"])
        if predicate not in self.ont.predicates:
            yield self.problem(line_of(raw, "predicate", line), "unknown-predicate",
                               f"unknown predicate '{predicate}'"
                               + did_you_mean(predicate, self.ont.predicates)
                               + allowed_values(self.ont.predicates, _LIST_PREDICATES))
            bad = True
        value_sets = self.ont.value_sets
        for key, value_set in (("evidence", "evidence"), ("population", "population"),
                               ("model_system", "model_system")):
            if raw.get(key) is None or str(raw[key]) in value_sets[value_set]:
                continue
            p = self._check_value(value_set, "text", False, key, str(raw[key]),
                                  line_of(raw, key, line))
            if p:
                yield p
                bad = True
        qualifiers = raw.get("qualifiers") or {}
        if not isinstance(qualifiers, dict):
            yield self.problem(line_of(raw, "qualifiers", line), "wrong-shape",
                               "'qualifiers' must be a mapping")
            bad = True
            qualifiers = {}
        for key, value in qualifiers.items():
            spec = self.ont.qualifiers.get(str(key))
            where = line_of(qualifiers, key, line)
            if spec is None:
                yield self.problem(where, "unknown-field", f"unknown qualifier '{key}'")
                bad = True
                continue
            p = self._check_value(spec.value_set, spec.type, spec.is_list, key, value, where)
            if p:
                yield p
                bad = True
        quote = raw.get("quote")
        if quote is not None:
            from kg.quotes import QUOTE_CHARS

            if not isinstance(quote, str) or not quote.strip():
                yield self.problem(line_of(raw, "quote", line), "bad-value",
                                   "'quote' must be text copied from the cited paper")
                bad = True
            elif len(quote) > QUOTE_CHARS:
                yield self.problem(line_of(raw, "quote", line), "bad-value",
                                   f"a quote of {len(quote)} characters; the limit is "
                                   f"{QUOTE_CHARS} (a sentence or two, not a paragraph)")
                bad = True
        if bad:
            return
        loc = Location(self.name, line)
        subject, obj = str(raw["subject"]), str(raw["object"])
        # an error about either end of the statement points at its own key
        ends = Location(self.name, line, line_of(raw, "subject", line),
                        line_of(raw, "object", line))
        quals = plain(qualifiers)
        # the fields read above as they are kept; any other is kept as text
        read = {"subject": subject, "predicate": predicate, "object": obj,
                "citations": citations, "qualifiers": quals, "negated": negated,
                "quote": " ".join(str(quote).split()) if quote else ""}
        props: dict[str, Any] = {}
        for key, always in _FINDING_PROPS:
            value = read[key] if key in read else str(raw.get(key) or "")
            if always or value:
                props[key] = value
        name = props["statement"] or f"{subject} {predicate} {obj}"
        yield Node(id=fid, category="Finding", name=name, properties=props,
                   sources=[self.source], location=loc)
        # A negated finding ("no such biomarker exists") gets an edge of its own, marked
        # negated, so it is never merged with, or read as, the positive statement.
        edge_props = _edge_props(quals)
        if negated:
            edge_props["negated"] = True
        yield Edge(subject=subject, predicate=predicate, object=obj,
                   source=self.source, findings=[fid], citations=list(citations),
                   properties=edge_props, location=ends,
                   id=edge_id(subject, predicate, obj, self.source, negated) if negated else "")
        cited_at = Location(self.name, line, 0, line_of(raw, "citations", line))
        for cite in citations:
            if cite.split(":", 1)[0] in AUTO_PUBLICATION_PREFIXES:
                yield Node(id=cite, category="Publication", name=cite, sources=[self.source],
                           properties={"auto": True}, location=loc)
            yield Edge(fid, "cites", cite, self.source, findings=[fid], location=cited_at)
        for key, pred in (("study", "reported_by"), ("supports", "supports"),
                          ("contradicts", "contradicts")):
            named_at = Location(self.name, line, 0, line_of(raw, key, line))
            for target in as_list(raw.get(key)):
                yield Edge(fid, pred, target, self.source, findings=[fid],
                           citations=list(citations), location=named_at)


def _citation_hint(text: str) -> str:
    """The CURIE a bare PubMed or ClinicalTrials.gov number is written as, or ""."""
    bare = text.strip()
    if bare.isdigit():
        return f"; did you mean PMID:{bare}?"
    if bare.upper().startswith("NCT") and bare[3:].isdigit():
        return f"; did you mean clinicaltrials:NCT{bare[3:]}?"
    return ""


def _edge_props(qualifiers: dict[str, Any]) -> dict[str, Any]:
    """Qualifiers as list values on the edge, so findings that share it can be merged."""
    out: dict[str, Any] = {}
    for key, value in qualifiers.items():
        out[key] = sorted({str(v) for v in (value if isinstance(value, list) else [value])})
    return out


def _split_synonym(name: str, synonyms: list[str]) -> str | None:
    """A synonym that is one comma-separated part of the entity's name ("juvenile" of
    "ALS2, juvenile"): the mark of a flow list that split a name at its comma."""
    parts = [p.strip() for p in name.split(",")[1:]]
    return next((s for s in synonyms if s.strip() in parts), None)
