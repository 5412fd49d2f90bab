"""The package layout: no module imports another that imports it back, lazily or not, nor
another's private (`_name`) names."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT


def _modules(*tops: str) -> dict[str, Path]:
    """Module name -> file, for the packages `tops`."""
    modules = {}
    for top in tops:
        for f in (ROOT / top).rglob("*.py"):
            name = ".".join(f.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = f
    return modules


def _import_graph() -> dict[str, set[str]]:
    modules = _modules("kg", "loaders")
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
    """Strongly connected components of more than one module."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(graph)
    g.add_edges_from((v, w) for v, ws in graph.items() for w in ws)
    return sorted(sorted(c) for c in nx.strongly_connected_components(g) if len(c) > 1)


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


def _private_imports(modules: dict[str, Path]) -> list[str]:
    """Where a module takes a private name (one starting with a single underscore) of
    another module of the project: `from m import _x`, or `m._x` of a module it imports."""
    found = []
    for name, f in sorted(modules.items()):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        bound: set[str] = set()  # local names of imported project modules
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for a in node.names:
                    if f"{node.module}.{a.name}" in modules:
                        bound.add(a.asname or a.name)
                    elif node.module in modules and node.module != name and \
                            a.name.startswith("_") and not a.name.startswith("__"):
                        found.append(f"{name}: from {node.module} import {a.name}")
            elif isinstance(node, ast.Import):
                bound |= {(a.asname or a.name).split(".")[0] for a in node.names
                          if a.name in modules}
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                continue
            parts, value = [], node.value
            while isinstance(value, ast.Attribute):
                parts.insert(0, value.attr)
                value = value.value
            if not isinstance(value, ast.Name):
                continue
            dotted = ".".join([value.id, *parts])
            if value.id in bound and (dotted in modules or not parts) and dotted != name:
                found.append(f"{name}: {dotted}.{node.attr}")
    return found


def test_no_module_imports_another_s_private_names() -> None:
    modules = _modules("kg", "loaders", "bench", "tests")
    assert "kg.neo4j.stream" in modules and "tests.test_layout" in modules
    assert _private_imports(modules) == []


def test_the_private_import_finder_finds_one(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("_x = 1\n")
    (tmp_path / "b.py").write_text("from a import _x\nimport a\nprint(a._x)\n")
    (tmp_path / "c.py").write_text("from a import x as _y\n_z = 2\nprint(_z)\n")
    found = _private_imports({m: tmp_path / f"{m}.py" for m in ("a", "b", "c")})
    assert found == ["b: from a import _x", "b: a._x"]


def _layout_rows() -> dict[str, str]:
    """The README's layout table: folder -> what its row says."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = line.split("|")
        if len(cells) > 3 and cells[1].strip().startswith("`"):
            rows[cells[1].strip().strip("`")] = cells[2]
    return rows


def test_readme_layout_names_every_module() -> None:
    """A newcomer finds every module of kg/ and loaders/ in the README's layout table, in
    the row of its own folder."""
    rows = _layout_rows()
    missing = []
    for f in sorted([*(ROOT / "kg").rglob("*.py"), *(ROOT / "loaders").rglob("*.py")]):
        if f.name == "__init__.py" or "_shipped" in f.parts:
            continue
        folder = f.parent.relative_to(ROOT).as_posix() + "/"
        if f"`{f.name}`" not in rows.get(folder, ""):
            missing.append(f.relative_to(ROOT).as_posix())
    assert not missing, f"add to the README's layout table: {missing}"
