"""Whole-process time and peak memory of every hostile case (tests/hostile.py), beside the
same command on a small valid input measured in the same run.

    python -m bench.hostile [--runs 3] [--json out.json]

The targets: each case ends within 2 s and under 300 MB of resident memory. Exit 1 when a
case misses either.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from kg.workspace import EXAMPLE_TEXT
from tests.hostile import cases

TIME_TARGET_S = 2.0
MEMORY_TARGET_MB = 300.0


# A small Python process forks and execs the command and reports its rusage: measured
# from here, a child's peak would include this process's memory, which the fork copies.
_WRAPPER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak RSS in MB, and exit code of `alskg ARGV` as its own process."""
    done = subprocess.run([sys.executable, "-c", _WRAPPER, sys.executable, "-m", "kg.cli",
                           *argv], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True)
    seconds, rss_kb, code = done.stdout.split()
    return float(seconds), int(rss_kb) / 1024, int(code)


def baselines(folder: Path, env: dict[str, str]) -> dict[str, list[str]]:
    """The same commands on small valid inputs: what any run of them costs."""
    data = folder / "valid" / "example.yaml"
    data.parent.mkdir(parents=True)
    data.write_text(EXAMPLE_TEXT, encoding="utf-8")
    store = folder / "valid" / "example.db"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", "--no-shipped", str(data),
                    "--store", str(store)], env=env, check=True, capture_output=True)
    nt = folder / "valid" / "example.nt"
    subprocess.run([sys.executable, "-m", "kg.cli", "export", "rdf", "-o", str(nt),
                    "--store", str(store)], env=env, check=True, capture_output=True)
    return {"validate": ["validate", str(data)],
            "import": ["import", "rdf", str(nt), "--store", str(folder / "valid" / "i.db")],
            "show": ["show", "FUS", "--store", str(store)]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="alskg-hostile-") as tmp:
        root = Path(tmp)
        env = {**os.environ, "ALSKG_HOME": str(root / "home")}
        base = {k: statistics.median(timed(v, root, env)[0] for _ in range(args.runs))
                for k, v in baselines(root, env).items()}
        for case in cases():
            folder = root / case.name
            folder.mkdir()
            argv = case.make(folder)
            run_env = {**env, "ALSKG_HOME": ""} if case.cwd else env
            samples = [timed(argv, folder / case.cwd, run_env) for _ in range(args.runs)]
            seconds = statistics.median(s for s, _, _ in samples)
            kind = argv[0] if argv[0] in base else "validate"
            rows.append({"case": case.name, "seconds": round(seconds, 3),
                         "peak_mb": round(max(m for _, m, _ in samples), 1),
                         "exit": samples[0][2], "baseline": kind,
                         "ratio": round(seconds / base[kind], 2)})
    width = max(len(r["case"]) for r in rows)
    print(f"baselines (valid input, median of {args.runs}): "
          + ", ".join(f"{k} {v:.2f} s" for k, v in base.items()))
    print(f"{'case':<{width}}  seconds  peak MB  exit  ratio to baseline")
    for r in rows:
        print(f"{r['case']:<{width}}  {r['seconds']:7.2f}  {r['peak_mb']:7.1f}  {r['exit']:4}"
              f"  {r['ratio']:.2f} ({r['baseline']})")
    missed = [r["case"] for r in rows if r["seconds"] > TIME_TARGET_S
              or r["peak_mb"] > MEMORY_TARGET_MB or r["exit"] not in (1, 2)]
    worst = max(rows, key=lambda r: r["seconds"])
    print(f"slowest: {worst['case']} {worst['seconds']:.2f} s; "
          f"largest: {max(r['peak_mb'] for r in rows):.0f} MB; missed: {missed or 'none'}")
    if args.json:
        args.json.write_text(json.dumps({"baselines": base, "cases": rows}, indent=2))
    sys.exit(1 if missed else 0)


if __name__ == "__main__":
    main()
