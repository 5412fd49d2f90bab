"""The project's ontology in OBO format 1.4, for tools that read OBO (ROBOT, OAK, Protégé):
categories and mechanism terms as [Term]s (`is_a` their category and parents), each GO
subtree root a mechanism groups as a [Term] `is_a` that mechanism, predicates as
[Typedef]s; mappings become xrefs. Datatype properties have no OBO form and stay in the
OWL export."""

from __future__ import annotations

from kg import __version__
from kg.ontology.model import Ontology
from kg.rdf import owl

VOCAB_PREFIX = "alskgvocab"


def _q(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _mapping_ids(entity: object) -> list[str]:
    return [m for m in getattr(entity, "mappings", []) if ":" in m]


def to_obo(ont: Ontology) -> str:
    base = ont.prefixes["alskg"].uri_prefix if "alskg" in ont.prefixes else owl.VOCAB[:-6]
    out = [
        "format-version: 1.4",
        f"data-version: alskg/releases/{__version__}",
        "ontology: alskg",
        f"idspace: alskg {base}",
        f"idspace: {VOCAB_PREFIX} {owl.VOCAB}",
        f'property_value: http://purl.org/dc/terms/title "{_q(owl.TITLE)}" xsd:string',
        f'property_value: http://purl.org/dc/terms/description "{_q(owl.DESCRIPTION)}" '
        "xsd:string",
        f"property_value: http://purl.org/dc/terms/license {owl.LICENCE}",
        "",
    ]

    def term(lines: list[str]) -> None:
        out.extend(["[Term]", *lines, ""])

    for cat in ont.categories.values():
        lines = [f"id: {VOCAB_PREFIX}:{cat.id}", f"name: {cat.label or cat.id}"]
        if cat.definition:
            lines.append(f'def: "{_q(cat.definition)}" []')
        lines += [f"xref: {m}" for m in _mapping_ids(cat)]
        lines += [f"is_a: {VOCAB_PREFIX}:{p}" for p in cat.parents]
        term(lines)
    labels = owl.go_labels()
    roots: dict[str, list[str]] = {}
    for t in ont.terms.values():
        lines = [f"id: {t.id}", f"name: {t.label}"]
        if t.definition:
            lines.append(f'def: "{_q(t.definition)}" []')
        lines += [f'synonym: "{_q(s)}" EXACT []' for s in t.synonyms]
        lines += [f"xref: {m}" for m in _mapping_ids(t)]
        if t.deprecated:
            lines.append("is_obsolete: true")
            if t.replaced_by:
                lines.append(f"replaced_by: {t.replaced_by}")
            lines += [f"consider: {c}" for c in t.consider]
        else:
            lines.append(f"is_a: {VOCAB_PREFIX}:{t.category}")
            lines += [f"is_a: {p}" for p in t.parents]
            for root in t.go_subtrees:
                roots.setdefault(root, []).append(t.id)
        term(lines)
    for root in sorted(roots):
        label, definition = labels.get(root, ("", ""))
        lines = [f"id: {root}"] + ([f"name: {label}"] if label else [])
        if definition:
            lines.append(f'def: "{_q(definition)}" []')
        lines += [f"is_a: {m}" for m in roots[root]]
        term(lines)
    for pred in ont.predicates.values():
        lines = ["[Typedef]", f"id: {VOCAB_PREFIX}:{pred.id}", f"name: {pred.label or pred.id}"]
        if pred.definition:
            lines.append(f'def: "{_q(pred.definition)}" []')
        lines += [f"xref: {m}" for m in _mapping_ids(pred)]
        out.extend([*lines, ""])
    return "\n".join(out)
