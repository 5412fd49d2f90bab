"""`alskg ontology diff OLD NEW`: what changed between two versions of the ontology, for
release notes.

OLD and NEW are each a directory (an ontology folder, or a checkout that has one) or a
git revision of the repository that holds the ontology folder; the files of a revision
are read with `git show REV:ontology/terms.yaml` and so on, without touching the working
tree.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kg.ontology.model import (
    DEFAULT_MAPPING_PREDICATE,
    ONTOLOGY_FILES,
    Category,
    Mapping,
    Ontology,
    Predicate,
    Term,
    ontology_dir,
    read_ontology,
)
from kg.problems import InputError

OBSOLETE = "obsolete "
# The order changes are listed in, per kind.
CHANGE_ORDER = ("added", "deprecated", "undeprecated", "relabelled", "redefined", "reparented",
                "recategorised", "synonyms", "mappings", "replacement", "domain", "range",
                "prefixes", "removed")
KIND_ORDER = ("term", "category", "predicate", "value set", "value")
KIND_TITLES = {"term": "Terms", "category": "Categories", "predicate": "Predicates",
               "value set": "Value sets", "value": "Controlled values"}


@dataclass(frozen=True, slots=True)
class Change:
    kind: str  # term, category, predicate, value set, value
    id: str
    label: str
    change: str  # one of CHANGE_ORDER
    detail: str
    old: Any = None
    new: Any = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- reading a version ----------------------------------------------------------------------


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False,
                              timeout=60)
    except FileNotFoundError as exc:
        raise InputError("git is not installed; give two directories instead") from exc


def _directory(spec: str) -> Path | None:
    path = Path(spec).expanduser()
    if not path.is_dir():
        return None
    if (path / "terms.yaml").is_file():
        return path
    if (path / "ontology" / "terms.yaml").is_file():
        return path / "ontology"
    raise InputError(f"{spec}: the directory has no ontology files (terms.yaml)")


def read_version(spec: str, directory: Path | None = None) -> tuple[Ontology, str]:
    """The ontology of a directory or of a git revision, and how to name it."""
    found = _directory(spec)
    if found is not None:
        return read_ontology(found), str(spec)
    here = (directory or ontology_dir()).resolve()
    top = _git(here, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise InputError(f"'{spec}' is neither a directory nor a git revision "
                         f"({here} is not in a git repository)")
    repo = Path(top.stdout.decode().strip())
    if _git(repo, "rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}").returncode != 0:
        raise InputError(f"'{spec}' is neither a directory nor a git revision of {repo}")
    rel = here.relative_to(repo.resolve()).as_posix()
    with tempfile.TemporaryDirectory(prefix="alskg-ontology-") as tmp:
        for name in ONTOLOGY_FILES:
            shown = _git(repo, "show", f"{spec}:{rel}/{name}")
            if shown.returncode != 0:
                raise InputError(f"revision {spec} has no {rel}/{name}")
            (Path(tmp) / name).write_bytes(shown.stdout)
        return read_ontology(Path(tmp)), spec


# -- comparing ------------------------------------------------------------------------------


def _mapping_text(m: Mapping) -> str:
    return m.id if m.predicate == DEFAULT_MAPPING_PREDICATE else f"{m.id} ({m.predicate})"


def _mapping_changes(old: list[Mapping], new: list[Mapping]) -> str:
    before = {m.id: m.predicate for m in old}
    after = {m.id: m.predicate for m in new}
    parts = [f"+{_mapping_text(m)}" for m in new if m.id not in before]
    parts += [f"-{_mapping_text(m)}" for m in old if m.id not in after]
    parts += [f"{mid} {before[mid]} -> {after[mid]}" for mid in after
              if mid in before and before[mid] != after[mid]]
    return "; ".join(parts)


def _list_changes(old: list[str], new: list[str]) -> str:
    parts = [f"+{x}" for x in new if x not in old] + [f"-{x}" for x in old if x not in new]
    return "; ".join(parts)


def _common(kind: str, old: Category | Predicate | Term, new: Category | Predicate | Term,
            old_label: str, new_label: str) -> list[Change]:
    out = []
    if old_label != new_label:
        out.append(Change(kind, new.id, new.label, "relabelled",
                          f"'{old_label}' -> '{new_label}'", old_label, new_label))
    if old.definition != new.definition:
        out.append(Change(kind, new.id, new.label, "redefined",
                          f"'{old.definition}' -> '{new.definition}'", old.definition,
                          new.definition))
    detail = _mapping_changes(old.mapping_entries, new.mapping_entries)
    if detail:
        out.append(Change(kind, new.id, new.label, "mappings", detail,
                          [{"id": m.id, "predicate": m.predicate} for m in old.mapping_entries],
                          [{"id": m.id, "predicate": m.predicate} for m in new.mapping_entries]))
    return out


def _term_changes(old: Term, new: Term) -> list[Change]:
    out: list[Change] = []
    newly = new.deprecated and not old.deprecated
    if newly:
        parts = []
        if new.replaced_by:
            parts.append(f"replaced by {new.replaced_by}")
        if new.consider:
            parts.append(f"consider {', '.join(new.consider)}")
        if new.reason:
            parts.append(f"reason: {new.reason}")
        out.append(Change("term", new.id, new.label, "deprecated", "; ".join(parts),
                          None, {"replaced_by": new.replaced_by, "consider": new.consider,
                                 "reason": new.reason}))
    elif old.deprecated and not new.deprecated:
        out.append(Change("term", new.id, new.label, "undeprecated", "", None, None))
    elif new.deprecated and (old.replaced_by, old.consider) != (new.replaced_by, new.consider):
        out.append(Change("term", new.id, new.label, "replacement",
                          f"{old.replaced_by or '-'} -> {new.replaced_by or '-'}",
                          old.replaced_by, new.replaced_by))
    new_label = new.label.removeprefix(OBSOLETE) if newly else new.label
    out += _common("term", old, new, old.label, new_label)
    # deprecation drops a term's parents (OBO): not a re-parenting of its own
    if set(old.parents) != set(new.parents) and not newly:
        out.append(Change("term", new.id, new.label, "reparented",
                          f"{', '.join(old.parents) or '-'} -> {', '.join(new.parents) or '-'}",
                          list(old.parents), list(new.parents)))
    if old.category != new.category:
        out.append(Change("term", new.id, new.label, "recategorised",
                          f"{old.category} -> {new.category}", old.category, new.category))
    detail = _list_changes(old.synonyms, new.synonyms)
    if detail:
        out.append(Change("term", new.id, new.label, "synonyms", detail,
                          list(old.synonyms), list(new.synonyms)))
    return out


def _entries_diff(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    out: list[Change] = []
    for eid, entry in new.items():
        if eid not in old:
            detail = entry.definition
            if isinstance(entry, Term) and entry.deprecated:
                detail = f"added as deprecated; {detail}"
            out.append(Change(kind, eid, entry.label, "added", detail, None, entry.label))
    for eid, entry in old.items():
        if eid not in new:
            detail = "ids are never deleted: deprecate instead" if kind == "term" else ""
            out.append(Change(kind, eid, entry.label, "removed", detail, entry.label, None))
    for eid in old.keys() & new.keys():
        a, b = old[eid], new[eid]
        if isinstance(a, Term):
            out += _term_changes(a, b)
            continue
        out += _common(kind, a, b, a.label, b.label)
        fields = (("parents", "reparented"), ("prefixes", "prefixes")) if kind == "category" \
            else (("domain", "domain"), ("range", "range"))
        for attr, change in fields:
            detail = _list_changes(getattr(a, attr), getattr(b, attr))
            if detail:
                out.append(Change(kind, eid, b.label, change, detail,
                                  list(getattr(a, attr)), list(getattr(b, attr))))
    return out


def _values_diff(old: Ontology, new: Ontology) -> list[Change]:
    out: list[Change] = []
    for name in new.value_sets.keys() - old.value_sets.keys():
        out.append(Change("value set", name, name, "added",
                          ", ".join(new.value_sets[name]), None, list(new.value_sets[name])))
    for name in old.value_sets.keys() - new.value_sets.keys():
        out.append(Change("value set", name, name, "removed", "", list(old.value_sets[name]),
                          None))
    for name in old.value_sets.keys() & new.value_sets.keys():
        a, b = old.value_sets[name], new.value_sets[name]
        for value in b:
            vid = f"{name}: {value}"
            if value not in a:
                out.append(Change("value", vid, "", "added", b[value], None, b[value]))
            elif a[value] != b[value]:
                out.append(Change("value", vid, "", "redefined",
                                  f"'{a[value]}' -> '{b[value]}'", a[value], b[value]))
        for value in a.keys() - b.keys():
            out.append(Change("value", f"{name}: {value}", "", "removed", a[value],
                              a[value], None))
    return out


def diff_ontologies(old: Ontology, new: Ontology) -> list[Change]:
    changes = (_entries_diff("term", old.terms, new.terms)
               + _entries_diff("category", old.categories, new.categories)
               + _entries_diff("predicate", old.predicates, new.predicates)
               + _values_diff(old, new))
    return sorted(changes, key=lambda c: (KIND_ORDER.index(c.kind),
                                          CHANGE_ORDER.index(c.change), c.id))


def diff(old: str, new: str | None = None, directory: Path | None = None) -> dict[str, Any]:
    """The changes from version `old` to version `new` (directories or git revisions of the
    repository holding `directory`); `new` defaults to the ontology folder as it is now."""
    before, old_name = read_version(old, directory)
    if new is None:
        after, new_name = read_ontology(directory or ontology_dir()), "working tree"
    else:
        after, new_name = read_version(new, directory)
    changes = diff_ontologies(before, after)
    return {"old": old_name, "new": new_name, "changes": [c.to_dict() for c in changes]}


def render_markdown(result: dict[str, Any]) -> str:
    lines = [f"## Ontology changes from {result['old']} to {result['new']}", ""]
    if not result["changes"]:
        return "\n".join(lines + ["No changes.", ""])
    for kind in KIND_ORDER:
        rows = [c for c in result["changes"] if c["kind"] == kind]
        if not rows:
            continue
        lines += [f"### {KIND_TITLES[kind]}", ""]
        for change in CHANGE_ORDER:
            group = [c for c in rows if c["change"] == change]
            if not group:
                continue
            lines.append(f"**{change.capitalize()}**")
            lines.append("")
            for c in group:
                detail = f": {c['detail']}" if c["detail"] else ""
                name = f" {c['label']}" if c["label"] and c["label"] != c["id"] else ""
                lines.append(f"- `{c['id']}`{name}{detail}")
            lines.append("")
    return "\n".join(lines)
