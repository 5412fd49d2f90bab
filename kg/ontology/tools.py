"""Tools for ontology maintainers: list, show, add and deprecate the project's terms.

Edits go through ruamel's round-trip mode, so the comments, key order and flow lists of
terms.yaml stay as the maintainer wrote them. Ids are never reused or deleted: the next
free id counts deprecated terms too. Deprecation follows the OBO conventions: the entry
keeps its id, gets `deprecated: true`, a label prefixed "obsolete ", `replaced_by`
(IAO:0100001) or `consider`, and a `reason` (IAO:0000231); its parents are dropped.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.ontology.model import (
    DEFAULT_MAPPING_PREDICATE,
    MAPPING_PREDICATES,
    Category,
    Mapping,
    Ontology,
    Predicate,
    Term,
    ontology_dir,
    read_ontology,
)
from kg.problems import InputError
from kg.resources import refuse_installed
from kg.yaml.read import read_yaml

KINDS = ("terms", "categories", "predicates", "values")
TERM_ID = re.compile(r"^alskg:(\d{7})$")
OBSOLETE = "obsolete "
# Short names accepted on the command line: --mapping exact:GO:0006979
SHORT_PREDICATES = {p.removeprefix("skos:").removesuffix("Match"): p for p in MAPPING_PREDICATES}


# -- which ontology folder -------------------------------------------------------------------


@dataclass(frozen=True)
class Folder:
    """The ontology folder a tool works on, and why that one (for its first line)."""

    path: Path
    why: str

    def line(self, verb: str = "reading") -> str:
        return f"{verb} the ontology in {self.path} ({self.why})"


def find_around(start: Path | None = None) -> Path | None:
    """The ontology folder of the repository or workspace holding `start` (default: the
    current folder): the folder itself when it holds the ontology files, else an
    `ontology/` beside it or above it, up to the repository's or workspace's root."""
    from kg.workspace import CONFIG

    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "terms.yaml").is_file() and (folder / "categories.yaml").is_file():
            return folder
        if (folder / "ontology" / "terms.yaml").is_file():
            return folder / "ontology"
        if (folder / CONFIG).exists() or (folder / ".git").exists():
            return None  # the edge of the repository or workspace
    return None


def working_folder(explicit: Path | None = None, edit: bool = False,
                   start: Path | None = None) -> Folder:
    """The ontology the maintainer tools read or edit: `explicit` (--ontology or
    ALSKG_ONTOLOGY), else the one of the repository or workspace the user stands in, else
    the one alskg runs with, which is read but never edited unasked: an edit there from
    another checkout's folder changed the wrong ontology without a word."""
    if explicit is not None:
        return Folder(Path(explicit).resolve(), "--ontology")
    here = (start or Path.cwd()).resolve()
    found = find_around(here)
    if found is not None:
        return Folder(found, f"the repository or workspace around {here}")
    own = ontology_dir().resolve()
    if edit:
        raise InputError(f"no ontology folder in {here} or above it (up to its repository or "
                         f"workspace), and alskg's own, {own}, is outside it: run this in the "
                         f"repository whose ontology you mean, or pass --ontology {own}")
    return Folder(own, f"alskg's own: no ontology folder in {here} or above it")


# -- finding terms --------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def find_term(ont: Ontology, text: str, live: bool = False) -> Term:
    """A term by id, label or synonym (case-insensitive); InputError when none or several."""
    text = text.strip()
    if text in ont.terms:
        term = ont.terms[text]
    else:
        key = _norm(text)
        by_label = [t for t in ont.terms.values()
                    if _norm(t.label) == key
                    or (t.deprecated and _norm(t.label.removeprefix(OBSOLETE)) == key)]
        live_labels = [t for t in by_label if not t.deprecated]
        matches = live_labels or by_label or [
            t for t in ont.terms.values() if key in {_norm(s) for s in t.synonyms}]
        if not matches:
            raise InputError(f"no term with id, label or synonym '{text}'")
        if len(matches) > 1:
            raise InputError(f"'{text}' names several terms: "
                             + ", ".join(f"{t.id} ({t.label})" for t in matches))
        term = matches[0]
    if live and term.deprecated:
        raise InputError(f"{term.id} ({term.label}) is deprecated"
                         + (f"; use {term.replaced_by}" if term.replaced_by else ""))
    return term


def find_entry(ont: Ontology, text: str) -> Term | Category | Predicate:
    """A term, category or predicate by id or label (terms also by synonym)."""
    text = text.strip()
    if text in ont.terms:
        return ont.terms[text]
    if text in ont.categories:
        return ont.categories[text]
    if text in ont.predicates:
        return ont.predicates[text]
    try:
        return find_term(ont, text)
    except InputError as exc:
        if "several" in str(exc):
            raise
    key = _norm(text)
    for group in (ont.categories.values(), ont.predicates.values()):
        for entry in group:
            if _norm(entry.label) == key or _norm(entry.id) == key:
                return entry
    raise InputError(f"no term, category or predicate with id or label '{text}'")


def mapping_dict(m: Mapping) -> dict[str, str]:
    return {"id": m.id, "predicate": m.predicate}


def _mapping_cell(m: Mapping) -> str:
    return m.id if m.predicate == DEFAULT_MAPPING_PREDICATE else f"{m.id} ({m.predicate})"


# -- list and show --------------------------------------------------------------------------


def list_entries(ont: Ontology, kind: str = "terms", category: str | None = None,
                 include_deprecated: bool = True) -> list[dict[str, Any]]:
    """Rows for `alskg ontology list`: one per term, category, predicate or value."""
    if kind not in KINDS:
        raise InputError(f"unknown kind '{kind}' (one of {', '.join(KINDS)})")
    if category is not None and kind != "terms":
        raise InputError("--category applies to terms only")
    if category is not None and category not in ont.categories:
        raise InputError(f"unknown category '{category}' (one of "
                         f"{', '.join(ont.categories)})")
    if kind == "terms":
        return [{
            "id": t.id, "label": t.label, "category": t.category,
            "parents": list(t.parents), "synonyms": list(t.synonyms),
            "mappings": [_mapping_cell(m) for m in t.mapping_entries],
            "status": _status(t), "definition": t.definition,
        } for t in ont.terms.values()
            if (include_deprecated or not t.deprecated)
            and (category is None or ont.is_a(t.category, [category]))]
    if kind == "categories":
        return [{"id": c.id, "label": c.label, "parents": list(c.parents),
                 "prefixes": list(c.prefixes),
                 "mappings": [_mapping_cell(m) for m in c.mapping_entries],
                 "definition": c.definition} for c in ont.categories.values()]
    if kind == "predicates":
        return [{"id": p.id, "label": p.label, "domain": list(p.domain), "range": list(p.range),
                 "mappings": [_mapping_cell(m) for m in p.mapping_entries],
                 "definition": p.definition} for p in ont.predicates.values()]
    return [{"value_set": name, "value": value, "definition": text}
            for name, values in ont.value_sets.items() for value, text in values.items()]


def _status(t: Term) -> str:
    if not t.deprecated:
        return ""
    if t.replaced_by:
        return f"deprecated, replaced by {t.replaced_by}"
    if t.consider:
        return f"deprecated, consider {', '.join(t.consider)}"
    return "deprecated"


def show_entry(ont: Ontology, text: str, curated: list[Path] | None = None) -> dict[str, Any]:
    """Everything about one term, category or predicate; for a term also its children and
    where the curated data uses it."""
    entry = find_entry(ont, text)
    out: dict[str, Any] = {"id": entry.id, "label": entry.label,
                           "definition": entry.definition}
    if isinstance(entry, Term):
        from kg.ontology.check import find_uses
        from loaders.curated import DEFAULT_DIR

        def ref(tid: str) -> dict[str, str]:
            return {"id": tid, "label": ont.terms[tid].label if tid in ont.terms else ""}

        uses = find_uses([entry.id], [DEFAULT_DIR] if curated is None else curated)
        out = {"kind": "term", **out, "category": entry.category,
               "synonyms": list(entry.synonyms),
               "parents": [ref(p) for p in entry.parents],
               "children": [ref(t.id) for t in ont.terms.values() if entry.id in t.parents],
               "mappings": [mapping_dict(m) for m in entry.mapping_entries],
               "deprecated": entry.deprecated,
               "replaced_by": ref(entry.replaced_by) if entry.replaced_by else None,
               "consider": [ref(c) for c in entry.consider],
               "reason": entry.reason,
               "uses": [str(loc) for loc in uses.get(entry.id, [])]}
    elif isinstance(entry, Category):
        out = {"kind": "category", **out, "parents": list(entry.parents),
               "children": [c.id for c in ont.categories.values() if entry.id in c.parents],
               "prefixes": list(entry.prefixes),
               "mappings": [mapping_dict(m) for m in entry.mapping_entries],
               "terms": [t.id for t in ont.terms.values() if t.category == entry.id]}
    else:
        out = {"kind": "predicate", **out, "domain": list(entry.domain),
               "range": list(entry.range),
               "mappings": [mapping_dict(m) for m in entry.mapping_entries],
               "relationship_type": entry.rel_type}
    out["location"] = str(entry.location)
    return out


# -- editing terms.yaml ---------------------------------------------------------------------


def _yaml() -> Any:
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never fold a long definition
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _flow(items: list[Any]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _mapping_node(m: Mapping) -> Any:
    if m.predicate == DEFAULT_MAPPING_PREDICATE:
        return m.id
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap([("id", m.id), ("predicate", m.predicate)])
    node.fa.set_flow_style()
    return node


def load_terms(path: Path) -> tuple[Any, Any]:
    # read_yaml first: it holds the file to kg.limits (no aliases, bounded size and depth)
    # before ruamel, which keeps comments for the rewrite, parses it again
    _, problem = read_yaml(path)
    if problem is not None:
        raise InputError(str(problem))
    doc = _yaml().load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict) or not isinstance(doc.get("terms"), list):
        raise InputError(f"{path}: expected a top-level 'terms:' list")
    return doc, doc["terms"]


def write_checked(directory: Path, doc: Any) -> None:
    """Write terms.yaml atomically; put the old text back if the result loads badly or adds
    ERRORs to `alskg ontology check`."""
    from kg.ontology.check import check_ontology

    path = directory / "terms.yaml"
    old = path.read_text(encoding="utf-8")
    before = {(i.rule, i.message) for i in check_ontology(directory, curated=[])
              if i.level == "ERROR"}
    buf = io.StringIO()
    _yaml().dump(doc, buf)
    _atomic_write(path, buf.getvalue())
    try:
        new_errors = [i for i in check_ontology(directory, curated=[])
                      if i.level == "ERROR" and (i.rule, i.message) not in before]
    except InputError as exc:
        _atomic_write(path, old)
        raise InputError(f"the edit made terms.yaml unreadable, nothing changed: {exc}") from exc
    if new_errors:
        _atomic_write(path, old)
        raise InputError("the edit would break the ontology, nothing changed:\n"
                         + "\n".join(str(i) for i in new_errors))


def _atomic_write(path: Path, text: str) -> None:
    refuse_installed(path, "would edit a file")
    fd, tmp = tempfile.mkstemp(prefix=".terms-", suffix=".yaml", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def next_term_id(ont: Ontology) -> str:
    """One past the highest alskg:NNNNNNN id ever used (deprecated terms included)."""
    numbers = [int(m.group(1)) for tid in ont.terms if (m := TERM_ID.match(tid))]
    return f"alskg:{max(numbers, default=0) + 1:07d}"


def parse_mapping_arg(ont: Ontology, text: str) -> Mapping:
    """`GO:0006979` (skos:closeMatch) or `exact:GO:0006979`, `broad:...`, `narrow:...`,
    `related:...`, `close:...`; the CURIE must match its prefix's pinned pattern."""
    head, _, rest = text.strip().partition(":")
    predicate = DEFAULT_MAPPING_PREDICATE
    curie = text.strip()
    if head in SHORT_PREDICATES and rest:
        predicate, curie = SHORT_PREDICATES[head], rest
    why = ont.curie_problem(curie)
    if why is None and curie.split(":", 1)[0] == "alskg":
        why = f"'{curie}' is a project id; mappings name terms of external ontologies"
    if why:
        raise InputError(f"mapping {why}")
    return Mapping(curie, predicate)


def _label_owner(ont: Ontology, text: str) -> Term | None:
    key = _norm(text)
    for t in ont.terms.values():
        if not t.deprecated and (key == _norm(t.label) or key in {_norm(s) for s in t.synonyms}):
            return t
    return None


def add_term(label: str, definition: str, parents: list[str] | None = None,
             synonyms: list[str] | None = None, mappings: list[str] | None = None,
             category: str = "Mechanism", directory: Path | None = None,
             dry_run: bool = False) -> dict[str, Any]:
    """Append a well-formed term with the next free id to terms.yaml."""
    directory = directory or ontology_dir()
    ont = read_ontology(directory)
    label, definition = " ".join(label.split()), " ".join(definition.split())
    if not label:
        raise InputError("a term needs a label")
    if not definition:
        raise InputError("a term needs a definition")
    if label.casefold().startswith("obsolete"):
        raise InputError("a new term's label must not start with 'obsolete'")
    owner = _label_owner(ont, label)
    if owner is not None:
        raise InputError(f"'{label}' is already the label or a synonym of "
                         f"{owner.id} ({owner.label})")
    if category not in ont.categories:
        raise InputError(f"unknown category '{category}' (one of {', '.join(ont.categories)})")
    allowed = next((ont.categories[c].prefixes for c in ont.lineage(category)
                    if ont.categories[c].prefixes), [])
    if allowed and "alskg" not in allowed:
        raise InputError(f"a {category} cannot have a project id (it uses "
                         f"{', '.join(allowed)}); add it to the curated data instead")
    syns: list[str] = []
    for syn in synonyms or []:
        syn = " ".join(syn.split())
        other = _label_owner(ont, syn)
        if _norm(syn) == _norm(label) or other is not None:
            raise InputError(f"synonym '{syn}' is already "
                             + (f"used by {other.id} ({other.label})" if other else "the label"))
        if syn and syn not in syns:
            syns.append(syn)
    parent_ids = list(dict.fromkeys(find_term(ont, p, live=True).id for p in parents or []))
    maps = list(dict.fromkeys(parse_mapping_arg(ont, m) for m in mappings or []))
    if len({m.id for m in maps}) < len(maps):
        raise InputError("the same external term is mapped twice")

    from ruamel.yaml.comments import CommentedMap

    new_id = next_term_id(ont)
    entry = CommentedMap([("id", new_id), ("category", category), ("label", label),
                          ("definition", definition)])
    if syns:
        entry["synonyms"] = _flow(syns)
    if parent_ids:
        entry["parents"] = _flow(parent_ids)
    if maps:
        entry["mappings"] = _flow([_mapping_node(m) for m in maps])
    path = directory / "terms.yaml"
    doc, terms = load_terms(path)
    terms.append(entry)
    result = {"id": new_id, "label": label, "category": category, "definition": definition,
              "synonyms": syns, "parents": parent_ids,
              "mappings": [mapping_dict(m) for m in maps], "file": str(path),
              "written": not dry_run}
    buf = io.StringIO()
    _yaml().dump({"terms": [entry]}, buf)
    result["yaml"] = buf.getvalue().split("\n", 1)[1]
    if not dry_run:
        write_checked(directory, doc)
    return result


def deprecate_term(term: str, reason: str, replaced_by: str | None = None,
                   consider: list[str] | None = None, directory: Path | None = None,
                   curated: list[Path] | None = None, force: bool = False,
                   dry_run: bool = False) -> dict[str, Any]:
    """Mark a term obsolete, the OBO way; its id stays in terms.yaml for ever.

    Live terms that have it as a parent are re-parented to the replacement. Without a
    replacement, a term that still has children or is still used in the curated data is
    refused unless `force` (the build would fail on those uses)."""
    from kg.ontology.check import find_uses
    from loaders.curated import DEFAULT_DIR

    directory = directory or ontology_dir()
    ont = read_ontology(directory)
    old = find_term(ont, term)
    if old.deprecated:
        raise InputError(f"{old.id} ({old.label}) is already deprecated")
    reason = " ".join(reason.split())
    if not reason:
        raise InputError("give the reason for deprecating (obsolescence reason, IAO:0000231)")
    new = find_term(ont, replaced_by, live=True) if replaced_by else None
    if new is not None and new.id == old.id:
        raise InputError("a term cannot replace itself")
    consider_ids = list(dict.fromkeys(find_term(ont, c, live=True).id for c in consider or []))
    if old.id in consider_ids:
        raise InputError("a term cannot be its own 'consider'")
    children = [t for t in ont.terms.values() if not t.deprecated and old.id in t.parents]
    # obsolete terms that point at this one: repointed to the replacement
    replacing = [t for t in ont.terms.values() if t.replaced_by == old.id]
    considering = [t for t in ont.terms.values() if old.id in t.consider]
    if new is None and replacing:
        raise InputError(f"{old.id} replaces "
                         + ", ".join(f"{t.id} ({t.label})" for t in replacing)
                         + "; give --replaced-by so that they point at a live term")
    uses = find_uses([old.id], [DEFAULT_DIR] if curated is None else curated).get(old.id, [])
    if new is None and children:
        raise InputError(f"{old.id} is the parent of "
                         + ", ".join(f"{t.id} ({t.label})" for t in children)
                         + "; give --replaced-by to re-parent them, or re-parent them first")
    if new is None and uses and not force:
        raise InputError(f"{old.id} is still used in the curated data and has no replacement; "
                         "the build would fail at:\n"
                         + "\n".join(f"  {loc}" for loc in uses)
                         + "\ngive --replaced-by, change those uses first, or use --force")

    path = directory / "terms.yaml"
    doc, terms = load_terms(path)
    by_id = {str(e.get("id")): e for e in terms if isinstance(e, dict)}
    entry = by_id[old.id]
    entry["label"] = OBSOLETE + old.label
    if "parents" in entry:
        del entry["parents"]
    entry["deprecated"] = True
    for key in ("replaced_by", "consider", "reason"):
        entry.pop(key, None)
    if new is not None:
        entry["replaced_by"] = new.id
    if consider_ids:
        entry["consider"] = _flow(consider_ids)
    entry["reason"] = reason
    reparented = []
    for child in children:
        assert new is not None
        child_entry = by_id[child.id]
        parents = child_entry["parents"]
        if not isinstance(parents, list):
            parents = child_entry["parents"] = _flow([parents])
        idx = [str(p) for p in parents].index(old.id)
        # the replacement itself, or a child that already has it, just loses the old parent
        if child.id == new.id or new.id in [str(p) for p in parents]:
            del parents[idx]
        else:
            parents[idx] = new.id
            reparented.append(child.id)
        if not parents:
            del child_entry["parents"]
    repointed = []
    for other in replacing:
        assert new is not None
        by_id[other.id]["replaced_by"] = new.id
        repointed.append(other.id)
    for other in considering:
        ids = [str(c) for c in other.consider]
        swapped = [new.id if c == old.id else c for c in ids] if new else \
            [c for c in ids if c != old.id]
        swapped = list(dict.fromkeys(c for c in swapped if c != other.id))
        if swapped:
            by_id[other.id]["consider"] = _flow(swapped)
        else:
            del by_id[other.id]["consider"]
        repointed.append(other.id)
    if not dry_run:
        write_checked(directory, doc)
    return {"id": old.id, "label": OBSOLETE + old.label,
            "replaced_by": new.id if new else None, "consider": consider_ids,
            "reason": reason, "reparented": reparented, "repointed": repointed,
            "uses": [str(loc) for loc in uses], "file": str(path), "written": not dry_run}
