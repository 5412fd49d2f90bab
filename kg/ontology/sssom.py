"""The ontology's cross-ontology mappings as an SSSOM mapping set (TSV with a YAML header).

One row per mapping of a live term, a category or a predicate. Categories and predicates
are named `alskgv:<id>`, their IRIs in the alskg vocabulary (the OWL classes and object
properties of kg/rdf/owl.py). Deprecated terms are left out: their mappings are no longer
asserted.
"""

from __future__ import annotations

import csv
import io

from kg.ontology.model import Ontology
from kg.rdf.terms import VOCAB

MAPPING_SET_ID = "https://w3id.org/alskg/mappings/alskg.sssom.tsv"
MAPPING_SET_TITLE = "alskg ontology mappings"
LICENSE = "https://spdx.org/licenses/MIT.html"
JUSTIFICATION = "semapv:ManualMappingCuration"
COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "mapping_justification")
VOCAB_PREFIX = "alskgv"
EXTRA_PREFIXES = {"semapv": "https://w3id.org/semapv/vocab/",
                  "skos": "http://www.w3.org/2004/02/skos/core#", VOCAB_PREFIX: VOCAB}


def mapping_rows(ont: Ontology) -> list[dict[str, str]]:
    rows = []
    entries = [(t.id, t.label, t.mapping_entries) for t in ont.terms.values()
               if not t.deprecated]
    entries += [(f"{VOCAB_PREFIX}:{c.id}", c.label, c.mapping_entries)
                for c in ont.categories.values()]
    entries += [(f"{VOCAB_PREFIX}:{p.id}", p.label, p.mapping_entries)
                for p in ont.predicates.values()]
    for subject, label, mappings in entries:
        for m in mappings:
            rows.append({"subject_id": subject, "subject_label": label,
                         "predicate_id": m.predicate, "object_id": m.id,
                         "mapping_justification": JUSTIFICATION})
    return rows


def to_sssom(ont: Ontology, mapping_set_id: str = MAPPING_SET_ID,
             license_iri: str = LICENSE) -> str:
    """The SSSOM/TSV text: `#`-prefixed YAML metadata, then the table."""
    rows = mapping_rows(ont)
    used = {curie.split(":", 1)[0] for row in rows
            for curie in (row["subject_id"], row["predicate_id"], row["object_id"])}
    curie_map = {p: ont.prefixes[p].uri_prefix for p in sorted(used) if p in ont.prefixes}
    curie_map.update(EXTRA_PREFIXES)
    header = ["curie_map:"]
    header += [f"  {prefix}: {_yaml_str(uri)}" for prefix, uri in sorted(curie_map.items())]
    header += [f"mapping_set_id: {_yaml_str(mapping_set_id)}",
               f"mapping_set_title: {_yaml_str(MAPPING_SET_TITLE)}",
               f"license: {_yaml_str(license_iri)}"]
    buf = io.StringIO()
    buf.write("".join(f"#{line}\n" for line in header))
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS), delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _yaml_str(text: str) -> str:
    """A YAML scalar that stays a string (IRIs contain ':' and sometimes '#')."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
