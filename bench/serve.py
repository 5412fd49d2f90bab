"""`alskg serve` timed as a user runs it; the last line printed is JSON.

    python bench/serve.py --scale 10

Generates synthetic data (bench/generate.py) next to the shipped data and builds the store
(or reuses one given with --store), starts `alskg serve` as its own process on a free
loopback port, and measures: the time from process start to the first page served; the
time until the SPARQL endpoint answers (`sparql_ready_s`: the export loaded, and the
SPARQL store kept beside the store; a kept one from an earlier run is removed first);
the same two for a second start, which opens the kept store (`second_start`); and, over
repeated requests, the server time
(the Server-Timing header the explorer sets on every response) and the wall time per
request for an entity page, a path page and each example SPARQL query. Percentiles are
p50 and p95 over the requests of one run. Every request goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from bench.run import p95, timed_build  # noqa: E402

ENTITIES = ["SOD1", "NCBIGene:900000005", "tofersen", "FUS"]
PATHS = [("SOD1", "tofersen"), ("FUS", "ulefnersen"), ("NCBIGene:900000005",
                                                         "alskg:syn-therapy-7")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str, accept: str = "text/html") -> tuple[int, float, float]:
    """(status, server ms from Server-Timing, wall ms) of one GET."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            r.read()
            status, timing = r.status, r.headers.get("server-timing", "")
    except urllib.error.HTTPError as e:
        e.read()
        status, timing = e.code, e.headers.get("server-timing", "")
    wall = (time.perf_counter() - t0) * 1000
    server = float(timing.split("dur=")[1]) if "dur=" in timing else float("nan")
    return status, server, wall


def series(urls: list[str], repeats: int, accept: str = "text/html",
           names: list[str] | None = None) -> dict[str, Any]:
    for u in urls:  # one warm-up request each, as a user's second visit finds it
        status, _, _ = get(u, accept)
        if status != 200:
            raise SystemExit(f"{u}: HTTP {status}")
    server: list[float] = []
    wall: list[float] = []
    each: dict[str, list[float]] = {u: [] for u in urls}
    for _ in range(repeats):
        for u in urls:
            _, s, w = get(u, accept)
            server.append(s)
            wall.append(w)
            each[u].append(s)
    out: dict[str, Any] = {
        "requests": len(server), "server_p50_ms": round(sorted(server)[len(server) // 2], 1),
        "server_p95_ms": round(p95(server), 1), "wall_p95_ms": round(p95(wall), 1)}
    if names:
        out["server_p95_ms_each"] = {n: round(p95(each[u]), 1)
                                     for n, u in zip(names, urls, strict=True)}
    return out


def start(store: Path, tmp: Path) -> tuple[subprocess.Popen[bytes], str, dict[str, float]]:
    """`alskg serve` on `store`, waited for: the process, its URL, and the seconds from
    process start to the first page served and to the SPARQL endpoint answering."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--port", str(port),
                             "--store", str(store)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "TMPDIR": str(tmp)})
    times: dict[str, float] = {}
    try:
        while True:
            try:
                if get(base + "/api/stats", "application/json")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.perf_counter() - t0 > 120:
                raise SystemExit("alskg serve did not start")
            time.sleep(0.02)
        times["first_page_s"] = round(time.perf_counter() - t0, 2)
        while get(base + "/sparql?query=ASK%7B%7D", "application/json")[0] == 503:
            if time.perf_counter() - t0 > 3600:
                raise SystemExit("the SPARQL store did not load within an hour")
            time.sleep(0.05)
        times["sparql_ready_s"] = round(time.perf_counter() - t0, 2)
    except BaseException:
        stop(proc)
        raise
    return proc, base, times


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    proc.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--store", type=Path, help="an already built store to serve")
    args = parser.parse_args()
    result: dict[str, Any] = {"scale": args.scale}
    with tempfile.TemporaryDirectory(prefix="alskg-bench-serve-") as tmp_name:
        tmp = Path(tmp_name)
        store = args.store
        if store is None:
            generate(tmp / "synthetic", args.scale)
            store = tmp / "graph.db"
            result["build_s"] = round(timed_build([ROOT / "data" / "curated",
                                                   tmp / "synthetic"], store)[0], 1)
        from kg.rdf.sparql_load import folder_of

        kept = folder_of(store)
        if kept.is_dir() and not kept.is_symlink():
            shutil.rmtree(kept)  # the first start is timed without a kept SPARQL store
        proc, base, first = start(store, tmp)
        try:
            result["first_page_s"] = first["first_page_s"]
            result["sparql_ready_s"] = first["sparql_ready_s"]
            result["edges"] = json.loads(urllib.request.urlopen(
                base + "/api/stats").read())["edges"]
            # pages are timed once the SPARQL store has loaded: its loading process
            # shares the machine, and would otherwise slow the first pages
            result["entity_page"] = series(
                [f"{base}/entity/{urllib.parse.quote(e)}" for e in ENTITIES], args.repeats,
                names=ENTITIES)
            result["path_page"] = series(
                [f"{base}/path?{urllib.parse.urlencode({'from': a, 'to': b})}"
                 for a, b in PATHS], args.repeats, names=[f"{a} -> {b}" for a, b in PATHS])
            from kg.web.sparql import EXAMPLES

            per_query = {}
            for title, query in EXAMPLES:
                url = f"{base}/sparql?{urllib.parse.urlencode({'query': query})}"
                per_query[title] = series([url], args.repeats,
                                          "application/sparql-results+json, text/turtle")
            result["sparql"] = per_query
        finally:
            stop(proc)
        # a restart opens the SPARQL store the first start kept beside the store
        proc, _, second = start(store, tmp)
        stop(proc)
        result["second_start"] = second
    print(json.dumps(result))


if __name__ == "__main__":
    main()
