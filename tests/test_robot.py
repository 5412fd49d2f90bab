"""The exported ontology under real ROBOT 1.9.8 (resolved from Maven Central into ~/.m2 by
kg.ontology.robot, as the Neo4j jars are): `robot report` finds no ERROR and `robot
reason --reasoner ELK` succeeds; `alskg ontology check` agrees with ROBOT on the rules they
share, on the shipped ontology and on a copy broken on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib

from kg.ontology import robot
from kg.ontology.check import check_ontology
from kg.ontology.model import read_ontology
from kg.ontology.obo import to_obo
from kg.rdf.owl import VOCAB, write_ontology
from kg.resources import resource_dir


@pytest.fixture(scope="module")
def robot_ready() -> None:
    robot.classpath()  # Maven resolves ROBOT on a fresh machine; cached afterwards


def _report(tmp: Path, source: Path, *more: str) -> list[dict[str, str]]:
    out = tmp / f"{source.stem}-{source.suffix[1:]}-report.tsv"
    result = robot.run(["report", "-i", str(source), "--fail-on", "none", "-o", str(out),
                        *more])
    assert result.returncode == 0, result.output[-2000:]
    return robot.report_rows(out)


def _shared(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(robot.SHARED_RULES[r["Rule Name"]], r["Level"]) for r in rows
            if r["Rule Name"] in robot.SHARED_RULES}


# the YAML rules that report the same fact for the project's own entries
SAME_FACT = {"duplicate-label": "export-duplicate-label",
             "missing-label": "export-missing-label",
             "missing-definition": "export-missing-definition"}


def _ours(directory: Path) -> set[tuple[str, str]]:
    found = {(SAME_FACT.get(i.rule, i.rule), i.level)
             for i in check_ontology(directory, curated=[])}
    return {(rule, level) for rule, level in found if rule in set(robot.SHARED_RULES.values())}


def test_robot_report_and_elk_reasoning_on_the_export(robot_ready: None,
                                                      tmp_path: Path) -> None:
    directory = resource_dir("ontology")
    ttl = tmp_path / "alskg.ttl"
    write_ontology(read_ontology(directory), ttl)
    reasoned = tmp_path / "reasoned.ttl"
    rows = _report(tmp_path, ttl, "reason", "--reasoner", "ELK", "--output", str(reasoned))
    assert [r for r in rows if r["Level"] == "ERROR"] == []
    assert [r for r in rows if r["Level"] == "WARN"] == []
    assert _shared(rows) == _ours(directory) == set()
    g = rdflib.Graph().parse(reasoned)
    mechanism = rdflib.URIRef(VOCAB + "Mechanism")
    rna = rdflib.URIRef("https://w3id.org/alskg/0000001")
    go_rna = rdflib.URIRef("http://purl.obolibrary.org/obo/GO_0006396")
    assert (rna, rdflib.RDFS.subClassOf, mechanism) in g
    assert (go_rna, rdflib.RDFS.subClassOf, rna) in g
    assert (rna, rdflib.RDF.type, rdflib.OWL.Class) in g


def test_robot_reads_the_obo_export(robot_ready: None, tmp_path: Path) -> None:
    obo = tmp_path / "alskg.obo"
    obo.write_text(to_obo(read_ontology(resource_dir("ontology"))))
    rows = _report(tmp_path, obo)
    assert [r for r in rows if r["Level"] == "ERROR"] == []
    # the OBO-to-OWL translation declares oboInOwl annotation properties without
    # definitions; the alskg terms themselves all have one
    assert all(not r["Subject"].startswith(("alskg", "https://w3id.org/alskg"))
               for r in rows if r["Rule Name"] == "missing_definition")


def test_check_agrees_with_robot_on_a_broken_copy(robot_ready: None, tmp_path: Path) -> None:
    directory = tmp_path / "ontology"
    shutil.copytree(resource_dir("ontology"), directory)
    predicates = directory / "predicates.yaml"
    text = predicates.read_text()
    assert "    label: targets\n" in text
    predicates.write_text(text.replace("    label: targets\n", "    label: gene\n", 1))
    categories = directory / "categories.yaml"
    text = categories.read_text()
    line = "    definition: A sequence variant of a gene, such as FUS P525L.\n"
    assert line in text
    categories.write_text(text.replace(line, "", 1))
    ttl = tmp_path / "broken.ttl"
    write_ontology(read_ontology(directory), ttl)
    rows = _report(tmp_path, ttl)
    found = _shared(rows)
    assert found == {("export-duplicate-label", "ERROR"),
                     ("export-missing-definition", "WARN")}
    assert _ours(directory) == found


def test_maven_classpaths_are_resolved_in_one_place(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """kg.jvm.build_classpath, which ROBOT and the Neo4j launcher share, against a stand-in
    for Maven: colour codes leave the log, non-jar artifacts the classpath; a failed run
    that lists nothing says so."""
    from kg.jvm import build_classpath

    mvn = tmp_path / "mvn"
    mvn.write_text('#!/bin/sh\nfor a; do case "$a" in -Dmdep.outputFile=*) '
                   'out="${a#-Dmdep.outputFile=}";; esac; done\n'
                   'printf "\\033[1m[INFO]\\033[0m Downloaded from central: x/a.jar (1 kB)\\n"\n'
                   '[ -n "$FAIL" ] && exit 3\n'
                   'printf "/m2/a.jar:/m2/b.pom:/m2/c.jar\\n" > "$out"\n')
    mvn.chmod(0o755)
    lines: list[str] = []
    rc, jars = build_classpath(str(mvn), tmp_path / "pom.xml", tmp_path / "cp.txt",
                               tmp_path / "maven.log", lines.append)
    assert (rc, jars) == (0, ["/m2/a.jar", "/m2/c.jar"])
    assert lines == ["[INFO] Downloaded from central: x/a.jar (1 kB)\n"]
    assert (tmp_path / "maven.log").read_text() == lines[0]
    monkeypatch.setenv("FAIL", "1")
    assert build_classpath(str(mvn), tmp_path / "pom.xml", tmp_path / "none.txt",
                           tmp_path / "maven.log") == (3, None)
