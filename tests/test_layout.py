"""The package layout: no module imports another that imports it back, lazily or not."""

from __future__ import annotations

import ast

from tests.conftest import ROOT


def _import_graph() -> dict[str, set[str]]:
    files = [*(ROOT / "kg").rglob("*.py"), *(ROOT / "loaders").rglob("*.py")]
    modules = {}
    for f in files:
        name = ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        modules[name] = f
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, f in modules.items():
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                targets = [f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in modules
                           else node.module for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circles() -> None:
    graph = _import_graph()
    assert "kg.store.db" in graph and "kg.rdf.owl" in graph
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c"]]


def test_subpackages_show_the_architecture() -> None:
    for package in ("store", "neo4j", "rdf", "ontology", "cli"):
        assert (ROOT / "kg" / package / "__init__.py").is_file(), package
    flat = [p.name for p in (ROOT / "kg").glob("*.py")]
    assert not [n for n in flat if n.startswith(("neo4j_", "rdf_", "ontology_", "cli_"))]
