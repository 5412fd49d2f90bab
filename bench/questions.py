"""hit@1 and hit@3 of the evidence ranking on researcher questions (bench/questions.yaml).

Each question is a path query; its expected answers come from the sources it names, not
from what the ranker returns. A ranked path is a hit when it matches an expected entry:
`direct` (the one-hop path) or an entity id the path runs through.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.backend import Backend
from kg.problems import FileError
from kg.yaml.read import plain, read_yaml

QUESTIONS = Path(__file__).resolve().parent / "questions.yaml"


def load(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    raw, problem = read_yaml(path)
    if problem is not None:
        raise FileError(problem.file, problem.line, problem.message)
    questions = plain(raw)["questions"]
    for q in questions:
        for key in ("id", "question", "from", "to", "expect", "source"):
            if not q.get(key):
                raise FileError(str(path), 1, f"question {q.get('id', '?')} has no '{key}'")
    return list(questions)


def matches(path: dict[str, Any], expect: list[str]) -> bool:
    inner = {n["id"] for n in path["nodes"][1:-1]}
    return any((e == "direct" and path["length"] == 1) or e in inner for e in expect)


def _rank(paths: list[dict[str, Any]], expect: list[str]) -> int | None:
    """1-based rank of the first hit within the top 3, else None."""
    return next((i for i, p in enumerate(paths[:3], 1) if matches(p, expect)), None)


def evaluate(backend: Backend, questions: list[dict[str, Any]],
             weights: Path | None = None) -> dict[str, Any]:
    """Per-question ranks of the first hit (None: not in the top 3), hit@1 and hit@3; and
    the same for the order alskg used before ranking (shortest first, then by node ids),
    as a baseline from the same run."""
    from kg import api, limits

    rows = []
    for q in questions:
        result = api.path(backend, q["from"], q["to"], population=q.get("population"),
                          limit=limits.PATH_LIMIT, weights=weights)
        paths = result["paths"]
        by_length = sorted(paths, key=lambda p: (p["length"], [n["id"] for n in p["nodes"]]))
        top = paths[0] if paths else None
        rows.append({"id": q["id"], "multi_hop": "direct" not in q["expect"],
                     "rank": _rank(paths, q["expect"]),
                     "baseline_rank": _rank(by_length, q["expect"]),
                     "top": [n["name"] for n in top["nodes"]] if top else [],
                     "score": top["score"] if top else None})
    n = len(rows)

    multi = [r for r in rows if r["multi_hop"]]

    def hits(key: str, k: int, among: list[dict[str, Any]]) -> float:
        hit = sum(r[key] is not None and r[key] <= k for r in among)
        return round(hit / len(among), 3) if among else 0.0

    return {"questions": n, "multi_hop_questions": len(multi),
            "hit_at_1": hits("rank", 1, rows), "hit_at_3": hits("rank", 3, rows),
            "multi_hop_hit_at_1": hits("rank", 1, multi),
            "multi_hop_hit_at_3": hits("rank", 3, multi),
            "baseline_hit_at_1": hits("baseline_rank", 1, rows),
            "baseline_hit_at_3": hits("baseline_rank", 3, rows),
            "baseline_multi_hop_hit_at_1": hits("baseline_rank", 1, multi),
            "rows": rows}
