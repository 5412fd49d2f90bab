"""The import files made straight from store rows (kg/neo4j/csv_store.py) are, byte for
byte, those the reference writer (tests/neo4j/reference.py) makes of the Bolt loader's rows,
tricky records included."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kg.api import load_ontology
from kg.model import edge_dict as _edge
from kg.model import edge_id
from kg.model import node_dict as _node
from kg.neo4j.csv_store import edge_lines, export_store, node_lines
from kg.neo4j.rows import edge_row, node_row
from tests.neo4j.reference import write_group

_encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def _node_rows(records: list[tuple[Any, ...]]) -> list[tuple[str, str, str, str]]:
    """Store rows as the store writes them: the rest of the record as compact JSON."""
    return [(i, c, n, _encode([s, x, dict(sorted(p.items())), src]))
            for i, c, n, s, x, p, src in records]


def _edge_rows(records: list[tuple[Any, ...]]) -> list[tuple[str, str, str, str, str, str]]:
    return [(eid or edge_id(s, p, o, src), s, p, o, src,
             _encode([f, c, dict(sorted(props.items()))]))
            for s, p, o, src, f, c, props, eid in records]


def _expected(tmp_path: Path, kind: str, rows: list[dict[str, Any]]) -> tuple[str, str]:
    write_group(tmp_path, kind, rows, kind)
    return ((tmp_path / f"{kind}.header.csv").read_text(encoding="utf-8"),
            (tmp_path / f"{kind}.csv").read_text(encoding="utf-8"))


NODES: list[tuple[Any, ...]] = [
    ("GO:1", "BiologicalProcess", "plain", [], [], {"definition": "d"}, ["alskg:go"]),
    ("NCBIGene:1", "Gene", "G1", ["a", "b"], ["HGNC:1"],
     {"symbol": "G1", "uniprot": ["P1"], "hgnc_aliases": []}, ["alskg:hgnc", "alskg:hpo"]),
    ("PMID:1", "Publication", "PMID:1", [], [], {"auto": True, "year": 2019}, ["alskg:hpo"]),
    # a quote in a value: written cell by cell (numbers unquoted, empty lists "")
    ("PMID:2", "Publication", 'the "quoted" title', [], [], {"year": 2020, "title": 'a "b"'},
     ["alskg:hpo"]),
    # year of another type in this chunk: moved into _json
    ("PMID:3", "Publication", "PMID:3", [], [], {"year": "2021"}, ["alskg:hpo"]),
    # values Neo4j cannot hold, reserved and private keys: into _json
    ("alskg:t1", "Therapy", "t1", [""], [], {"nested": {"a": [1, None]}, "none": None,
                                             "mixed": ["a", 1], "name": "other", "_x": 1,
                                             "modality": "drug", "doses": [1.5, 2]},
     ["alskg:curated"]),
    # an empty list first, then numbers under the same key and shape
    ("alskg:t2", "Therapy", "t2", [], [], {"doses": []}, ["alskg:curated"]),
    ("alskg:t3", "Therapy", "t3", [], [], {"doses": [3, 4]}, ["alskg:curated"]),
    ("alskg:t4", "Therapy", "t4", [], [], {"flags": [True, False]}, ["alskg:curated"]),
    # a backslash, non-ASCII, the unit separator's neighbours, a synonym that is a number
    ("alskg:F1", "Finding", "back\\slash ß", ["x\\y", 7], [], {
        "citations": ["PMID:1", "PMID:2"], "statement": "tab\there, ünïcode", "subject": "s",
        "evidence": "ECO:1"}, ["alskg:curated"]),
    ("alskg:F2", "Finding", "F2", [], [], {"citations": [], "statement": "plain",
                                           "subject": "s", "evidence": "ECO:1"},
     ["alskg:curated"]),
    ("alskg:F3", "Finding", "F3", [], [], {"citations": ["PMID:1"], "statement": "",
                                           "subject": "s", "evidence": "ECO:1"},
     ["alskg:curated", ""]),
    ("alskg:F4", "Finding", "F4", ["only"], [""], {"citations": ["PMID:1"],
                                                   "statement": "{0} {x}", "subject": "s",
                                                   "evidence": "ECO:1"}, [""]),
    ("alskg:F5", "Finding", "F5", [], [], {"citations": ["PMID:1"], "statement": 'q"',
                                           "subject": "s", "evidence": "ECO:1"},
     ["alskg:curated"]),
    ("alskg:x", "NoSuchCategory", "x", [], [], {}, []),
]

EDGES: list[tuple[Any, ...]] = [
    ("alskg:F1", "cites", "PMID:1", "alskg:curated", ["alskg:F1"], [], {}, None),
    ("alskg:F2", "cites", "PMID:1", "alskg:curated", ["alskg:F2"], [], {}, "e-own-id"),
    ('alskg:F"q', "cites", "PMID:1", "alskg:curated", ['alskg:F"q'], [], {}, None),
    ("alskg:F1", "cites", 'PMID:"9"', "alskg:curated", ["alskg:F1"], [], {}, None),
    ("alskg:F\\b", "cites", "PMID:1", "alskg:curated", ["alskg:F\\b"], [], {}, None),
    ("alskg:F3", "reported_by", "PMID:1", "alskg:curated", ["alskg:F1"], ["PMID:9"], {}, None),
    ("alskg:F3", "supports", "NCBIGene:1", "alskg:curated", ["alskg:F3"], [""], {}, None),
    ("NCBIGene:1", "targets", "alskg:t1", "alskg:curated", [], [], {}, None),
    ("NCBIGene:1", "targets", "alskg:t2", "alskg:curated", ["alskg:F1"], ["PMID:1"],
     {"role": ["inhibitor"]}, None),
    ("NCBIGene:1", "involved_in", "GO:1", "alskg:go", ["alskg:F1", "alskg:F2"], [],
     {"negated": True}, "e-negated"),
    ("NCBIGene:1", "involved_in", "GO:2", "alskg:go", ["alskg:F1"], [],
     {"role": "a text now", "go_evidence": 'with "quotes"'}, None),
    ("NCBIGene:1", "involved_in", "GO:3", "alskg:go", [1, 2], [], {}, None),
    ("NCBIGene:1", "involved_in", "GO:4", "alskg:go", [""], [], {"_private": 1,
                                                               "weights": [0.5]}, None),
]


def _many(kind: str) -> list[tuple[Any, ...]]:
    """Records of a few layouts, many of each (later ones are written by template), with
    text a template must leave alone: braces, quotes, separators, empty strings."""
    texts = ["{0}", "{}", "", "a,b", "ünï", 'q"q', "x\x1ey", "x\x1fy", "x\\y", " ", "\xa0",
             "{1}{2}", "true", "null", "]", "[", ":", "},{"]
    out: list[tuple[Any, ...]] = []
    for i in range(120):
        t = texts[i % len(texts)]
        u = texts[(i * 7) % len(texts)]
        # a quote or a separator in a name (not in the record) sends the row cell by cell
        name = {3: 'say "hi"', 7: "s\x1ep", 9: "{0}"}.get(i % 10, f"n{i}")
        if kind == "Finding":
            out.append((f"alskg:M{i:03d}", "Finding", name, [u] if i % 3 else [], [],
                        {"citations": [t, u][:i % 3], "statement": t, "subject": u,
                         "negated": i % 4 == 0, "evidence": "ECO:1"},
                        ["alskg:curated"] if i % 7 else [t]))
        else:
            out.append((f"alskg:G{i:03d}", "Gene", name, [], [u], {"symbol": t}, [u, t]))
    return out


def test_node_lines_are_write_groups(tmp_path: Path) -> None:
    ont = load_ontology()
    for records in (_many("Finding"), _many("Gene"), NODES + _many("Finding")):
        rows = _node_rows(records)
        header, lines = node_lines(rows, ont)
        expected = _expected(tmp_path, "nodes", [node_row(_node(r), ont) for r in rows])
        assert (header, "".join(f"{line}\n" for line in lines)) == expected
    # a type differing within the chunk went into _json; a quote doubled
    assert "year:long" not in header and '"the ""quoted"" title"' in expected[1]
    # each record alone too (another chunk, other columns)
    for row in rows:
        one = node_lines([row], ont)
        assert (one[0], one[1][0] + "\n") == _expected(tmp_path, "nodes",
                                                       [node_row(_node(row), ont)])


def _many_edges() -> list[tuple[Any, ...]]:
    """Edges of a few layouts, many of each (later ones decoded by splitting on quotes)."""
    texts = ["{0}", "", "a,b", "],[", "],{}]", 'q"q', "x\x1ey", "\xa0", "ünï", "x\\y"]
    out: list[tuple[Any, ...]] = []
    for i in range(100):
        t, u = texts[i % len(texts)], texts[(i * 3) % len(texts)]
        subject = {3: 'say "hi"', 7: "s\x1ep"}.get(i % 10, f"NCBIGene:{i}")
        predicate = ["targets", "reported_by", "cites", "involved_in"][i % 4]
        obj = f'X:"{i}"' if i % 10 == 5 else f"X:{i}"
        out.append((subject, predicate, obj, "alskg:curated",
                    [subject, t][:1 + i % 2] if i % 5 else [subject], [u, t][:i % 3], {},
                    None if i % 6 else f"own-{t}"))
    return out


def test_edge_lines_are_write_groups(tmp_path: Path) -> None:
    ont = load_ontology()
    header, lines = edge_lines(_edge_rows(_many_edges()), ont)
    assert (header, "".join(f"{line}\n" for line in lines)) == _expected(
        tmp_path, "relationships", [edge_row(_edge(r), ont) for r in _edge_rows(_many_edges())])
    rows = _edge_rows(EDGES)
    header, lines = edge_lines(rows, ont)
    expected = _expected(tmp_path, "relationships", [edge_row(_edge(r), ont) for r in rows])
    assert (header, "".join(f"{line}\n" for line in lines)) == expected
    assert "e-own-id" in expected[1] and "negated:boolean" in header
    for row in rows:
        one = edge_lines([row], ont)
        assert (one[0], one[1][0] + "\n") == _expected(tmp_path, "relationships",
                                                       [edge_row(_edge(row), ont)])


def test_a_damaged_record_is_named(tmp_path: Path, shipped_store: Path) -> None:
    """A store whose record is not the stored shape is reported as damaged (one line), not
    a traceback; nothing is half-written."""
    import shutil
    import sqlite3

    import pytest

    from kg.problems import InputError

    store = tmp_path / "graph.db"
    shutil.copy(shipped_store, store)
    with sqlite3.connect(store) as db:
        db.execute("UPDATE nodes SET record = '[1, 2]' WHERE id = 'NCBIGene:6647'")
    with pytest.raises(InputError, match="damaged"):
        export_store(store, load_ontology(), tmp_path / "csv", workers=1)
    # a record that is not JSON but splits like one of a known layout is not taken for it
    good = _node_rows(NODES[1:2])[0]
    with pytest.raises(ValueError):
        node_lines([good, (*good[:3], good[3] + '"zz')], load_ontology())
    edge = _edge_rows([r for r in EDGES if r[1] == "reported_by"])[0]
    with pytest.raises(ValueError):
        edge_lines([edge, (*edge[:5], edge[5] + '"q],{}]')], load_ontology())
