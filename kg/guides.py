"""The guides alskg ships (docs/*.md): printed by `alskg docs TOPIC`, so that what the
help and the errors cite ("docs/ranking.md") can be read from an installed wheel too."""

from __future__ import annotations

from pathlib import Path

from kg.problems import InputError, did_you_mean
from kg.resources import resource_dir

#: topic -> what the guide covers; pyproject's force-include ships exactly these files
GUIDES = {
    "ranking": "how answers are ranked by evidence: the formula and a worked example",
    "data": "the curator's guide: what the graph holds and how to add entities and findings",
    "security": "what alskg trusts, and the limits it holds input to",
    "kgx": "the KGX export and import, field by field",
}


def guide_path(topic: str) -> Path:
    """The file of one guide; an unknown topic is refused with the list of topics."""
    if topic not in GUIDES:
        raise InputError(f"no guide '{topic}'{did_you_mean(topic, GUIDES)}; the guides are "
                         f"{', '.join(GUIDES)}")
    return resource_dir("docs") / f"{topic}.md"


def guide_text(topic: str) -> str:
    return guide_path(topic).read_text(encoding="utf-8")


def guide_list() -> list[dict[str, str]]:
    return [{"topic": t, "about": about, "command": f"alskg docs {t}"}
            for t, about in GUIDES.items()]
