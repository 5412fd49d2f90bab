"""Controlled values as people type them, brought to the value sets of ontology/values.yaml.

The one place where a query parameter of type `value:SET` (queries/*.cypher headers) is
matched to a value of SET: a trial phase may be typed `3`, `phase 3`, `Phase III`, `III`,
`1/2`, `phase 1/2a` or ClinicalTrials.gov's `PHASE1/PHASE2`; any other value set matches
its values without regard to case or spacing. A text that names no value is an error that
lists the allowed values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.problems import InputError

_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
# one phase part: a number (or Roman numeral) and an optional sub-phase letter (1/2a, IIb)
_PART = re.compile(r"^(?:phase)?\s*-?\s*(\d|iv|i{1,3})([ab]?)$")


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def _phase(text: str) -> str | None:
    """`phase N[/M...]` from a phase as typed, or None when it is not of that shape."""
    plain = _plain(text)
    if plain.startswith("phase"):
        plain = plain[len("phase"):]
    parts = []
    for part in plain.split("/"):
        m = _PART.match(part.strip())
        if not m:
            return None
        parts.append(_ROMAN.get(m[1], m[1]) + m[2])
    return "phase " + "/".join(parts)


def normalise(value_set: str, text: str, allowed: Iterable[str]) -> str:
    """The value of `value_set` that `text` names (`allowed` are the set's values); an
    InputError, one line listing the allowed values, when it names none."""
    values = list(allowed)
    by_plain = {_plain(v): v for v in values}
    found = by_plain.get(_plain(text))
    if found is None and value_set == "trial_phase":
        phase = _phase(text)
        found = by_plain.get(phase) if phase is not None else None
    if found is None:
        shown = text if len(text) <= 60 else text[:57] + "..."
        raise InputError(f"'{shown}' is not a {value_set.replace('_', ' ')}; "
                         f"one of: {', '.join(values)}")
    return found
