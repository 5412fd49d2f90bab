"""The HTML pages: home, search, entity, path explorer, canned queries and overview.

Server-rendered (Jinja2, autoescaping on), usable without JavaScript; static/explorer.js
adds suggestions as you type and opens a hop's findings when the drawing is clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from kg import api
from kg.problems import AlskgError
from kg.ranking import EVIDENCE_LABELS, POPULATIONS, in_population
from kg.web import params
from kg.web.jsonapi import PAGING, path_args, query_args
from kg.web.jsonapi import population as lens_of
from kg.web.responses import entity_url, render
from kg.web.state import explorer_of

#: edges of one predicate an entity page lists before a "show all" link
EDGES_SHOWN = 50
# What the releases a store is built from may be used for. alskg's own terms and curated
# findings are under the project's licence; each finding cites the publication behind it.
LICENCES = {
    "alskg:ontology": "CC BY 4.0 (alskg's own terms, as the ontology export states)",
    "alskg:curated": "MIT (alskg's curation); each finding cites its source",
    "alskg:workspace": "your workspace's own",
    "alskg:hpo": "Human Phenotype Ontology licence (free use with attribution)",
}
# Where the prefix map's IRI is not a page a reader can open, the page that is.
PAGE_OVERRIDES = {"OMIM": "https://omim.org/entry/{local}",
                  "uniprot": "https://www.uniprot.org/uniprotkb/{local}/entry"}
# Entity properties that hold ids of another database (loaders/hgnc.py): property -> the
# prefix-map prefix of those ids, so that they link out like any CURIE.
PROPERTY_PREFIXES = {"ensembl": "ensembl", "uniprot": "uniprot"}


def licence_of(source: str) -> str:
    """A source's licence: alskg's own, else the public-release manifest's
    (data/sources/manifest.yaml names `alskg:go` as `go`)."""
    if source in LICENCES:
        return LICENCES[source]
    from kg.fetch import read_manifest

    entry = read_manifest().get(source.removeprefix("alskg:"))
    return entry.licence if entry and entry.licence else "see the source"


def link_out_factory(ontology: Any) -> Callable[[str], str | None]:
    """The one function that decides a CURIE's web page: through the pinned prefix map
    (and PAGE_OVERRIDES); None for alskg's own terms (their page is the entity page), a
    prefix the map does not know, a local part the prefix's pattern refuses, or an IRI that
    is not an http(s) address."""
    def link_out(curie: str) -> str | None:
        prefix, sep, local = str(curie).partition(":")
        spec = ontology.prefixes.get(prefix) if sep else None
        if spec is None or prefix == "alskg" or not spec.pattern.match(local):
            return None
        if prefix in PAGE_OVERRIDES:
            return PAGE_OVERRIDES[prefix].format(local=quote(local, safe=""))
        iri = str(ontology.expand(curie))
        return iri if iri.startswith(("https://", "http://")) else None
    return link_out


def breakable(text: Any) -> Markup:
    """`text` escaped, with a line-break opportunity after each `:`, `_` and `/`, so that
    a table of ids (`clinicaltrials:NCT02623699`) and column names (`min_age_years`) wraps
    between their parts instead of mid-word or past the page's edge."""
    out = str(escape(str(text)))  # an escape sequence holds none of : _ /
    for c in ":_/":
        out = out.replace(c, c + "<wbr>")
    return Markup(out)


def property_curies(key: str, value: Any) -> list[str]:
    """A property's values as CURIEs when the property holds another database's ids
    (`uniprot: [P00441]` -> `uniprot:P00441`), else []."""
    prefix = PROPERTY_PREFIXES.get(key)
    if prefix is None or value in (None, ""):
        return []
    return [f"{prefix}:{v}" for v in (value if isinstance(value, list) else [value])]


#: rows of each list on the home page before its "all ..." link; the juvenile and
#: pediatric genes, the page's first way in, are few enough to list more of
HOME_ROWS = 8
HOME_GENES = 24
# Questions a newcomer can click: (question, address). Each answers from the graph served.
EXAMPLES = [
    ("How does FUS reach RNA processing, and who says so?",
     "/path?from=FUS&to=RNA+processing"),
    ("How does SOD1 connect to tofersen?", "/path?from=SOD1&to=tofersen"),
    ("Which therapies could reach SPG11, and through what?",
     "/path?from=SPG11&to_category=Therapy"),
    ("Which trials admit patients under 18?", "/queries/trials?pediatric=true&run=1"),
    ("Which therapies act on FUS, and in which trials?",
     "/queries/therapies-for-gene?gene=FUS&run=1"),
    ("Which biomarkers are measured, and for which therapy?", "/queries/biomarkers?run=1"),
    ("Which mechanisms do FUS and TARDBP share?",
     "/queries/shared-mechanisms?gene_a=FUS&gene_b=TARDBP&run=1"),
]


def home_sections(backend: Any) -> dict[str, Any]:
    """What the home page offers a newcomer, from the canned queries (so both backends
    answer alike): juvenile and pediatric genes, therapies with their trials, contested
    hops, counts and the most recent publications."""
    stats = api.stats(backend)
    genes: dict[str, dict[str, Any]] = {}
    for r in api.query_run(backend, "pediatric-genes", {})["rows"]:
        g = genes.setdefault(r["gene_id"], {"id": r["gene_id"], "name": r["gene"],
                                            "diseases": []})
        if r["disease_id"] not in [d["id"] for d in g["diseases"]]:
            g["diseases"].append({"id": r["disease_id"], "name": r["disease"]})
    therapies: dict[str, dict[str, Any]] = {}
    trials = api.query_run(backend, "trials", {})["rows"]
    for t in trials:
        for name in t["therapies"] or ["(no therapy recorded)"]:
            therapies.setdefault(name, {"name": name, "trials": []})["trials"].append(t)
    contested = []
    pairs = api.query_run(backend, "conflicting-findings", {})["rows"]
    found = backend.nodes({r[k] for r in pairs for k in ("finding_id", "contradicts_id")})
    ends = {f["properties"].get(k) for f in found.values() for k in ("subject", "object")}
    names = {i: n["name"] for i, n in backend.nodes({e for e in ends if e}).items()}
    for r in pairs:
        f = found.get(r["finding_id"], {}).get("properties", {})
        g = found.get(r["contradicts_id"], {}).get("properties", {})
        hop = [f.get("subject"), f.get("predicate"), f.get("object")]
        if not hop[0]:
            hop = [g.get("subject"), g.get("predicate"), g.get("object")]
        contested.append({"subject": hop[0], "predicate": hop[1], "object": hop[2],
                          "subject_name": names.get(hop[0] or "", hop[0]),
                          "object_name": names.get(hop[2] or "", hop[2]),
                          "statement": r["statement"], "citations": r["citations"] or [],
                          "against": r["contradicts_statement"],
                          "against_citations": r["contradicts_citations"] or []})
    papers = [p for p in api.query_run(backend, "publications", {})["rows"] if p["year"]]
    # newest year first; within a year, the larger PubMed number (the later record)
    papers.sort(key=lambda p: (int(p["year"]), len(p["publication_id"]), p["publication_id"]),
                reverse=True)
    return {"stats": stats,
            "genes": sorted(genes.values(), key=lambda g: (str(g["name"]).lower(), g["id"])),
            "therapies": sorted(therapies.values(), key=lambda t: str(t["name"]).lower()),
            "trial_count": len(trials), "contested": contested,
            "papers": papers[:HOME_ROWS]}


async def home(request: Request) -> Response:
    ex = explorer_of(request)
    # the graph does not change while served: worked out once
    sections = await run_in_threadpool(lambda: ex.once("home", lambda: home_sections(
        ex.backend)))
    return render(request, "home.html", {**sections, "backend": ex.settings.backend,
                                         "examples": EXAMPLES, "rows": HOME_ROWS,
                                         "gene_rows": HOME_GENES})


async def search(request: Request) -> Response:
    ex = explorer_of(request)
    q = params.text(request, "q")
    result = None
    names: dict[str, str] = {}
    if q:
        def work() -> tuple[dict[str, Any], dict[str, str]]:
            found = api.search(ex.search_backend(), str(q), 50)
            ends = {f[k] for f in found["findings"] for k in ("subject", "object")}
            return found, {i: n["name"] for i, n in ex.backend.nodes(ends).items()}

        result, names = await run_in_threadpool(work)
    return render(request, "search.html", {"q": q or "", "result": result, "names": names})


async def entity(request: Request) -> Response:
    ex = explorer_of(request)
    text = params.check_text("entity", request.path_params["entity_id"])
    lens = lens_of(request)
    strict = params.text(request, "strict") in ("1", "true", "on")

    def work() -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]],
                        dict[str, Any] | None]:
        result = api.show(ex.backend, text, population=lens, strict=strict)
        known = ex.contradictions()
        # a paper's PubMed record: the reference cache's (with its abstract), else the
        # shipped metadata's
        record = api.refs_record(result["id"]) if result["category"] == "Publication" \
            else None
        return result, {f["id"]: known[f["id"]] for e in result["edges"]
                        for f in e["findings"] if f["id"] in known}, record

    result, against, record = await run_in_threadpool(work)
    if result["id"] != text:  # a name or synonym: the page's address is the id
        return RedirectResponse(entity_url(result["id"]), status_code=303)
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in result["edges"]:
        groups.setdefault(e["predicate"], []).append(e)
    # a hub's page lists the first edges of each predicate, and all of one on request: a
    # page of thousands of edges and their findings is neither fast nor readable
    more = request.query_params.get("more")
    hidden = {p: len(es) - EDGES_SHOWN for p, es in groups.items()
              if len(es) > EDGES_SHOWN and p != more}
    shown = {p: es if p not in hidden else es[:EDGES_SHOWN] for p, es in groups.items()}
    return render(request, "entity.html", {"e": result, "groups": shown, "against": against,
                                           "record": record,
                                           "hidden": hidden, "evidence_of": evidence_of,
                                           "populations": POPULATIONS, "lens": lens or "",
                                           "strict": strict})


def hop_details(result: dict[str, Any], population: str | None) -> list[dict[str, Any]]:
    """Each hop once (the order of kg.render.svg.hop_pairs), with its edges, its extra
    fields (an evidence score, a breakdown, when the path answer carries them) and names."""
    from kg.render.svg import hop_pairs

    names = {n["id"]: n["name"] for p in result["paths"] for n in p["nodes"]}
    first: dict[frozenset[str], dict[str, Any]] = {}
    for p in result["paths"]:
        for hop in p["hops"]:
            first.setdefault(frozenset((hop["from"], hop["to"])), hop)
    out = []
    for i, (a, b) in enumerate(hop_pairs(result)):
        hop = first[frozenset((a, b))]
        out.append({"index": i, "from": a, "to": b, "from_name": names.get(a, a),
                    "to_name": names.get(b, b), "edges": hop["edges"],
                    "finding_count": sum(len(e["findings"]) for e in hop["edges"]),
                    "lens_count": sum(in_lens(population, f) for e in hop["edges"]
                                      for f in e["findings"]),
                    "evidence": evidence_of(hop), "against": hop.get("against") or [],
                    "extra": {k: v for k, v in hop.items()
                              if k not in ("from", "to", "edges", "against", "population_evidence",
                                           "support", "publication_weights",
                                           *EVIDENCE_KEYS)}})
    return out


# The ranking's per-hop fields (kg/paths.py), shown under readable names.
EVIDENCE_KEYS = {"score": "score", "publications": "independent publications",
                 "releases": "releases and database records",
                 "study_types": "kinds of study",
                 "best_evidence": "best evidence", "populations": "populations",
                 "contradictions": "contradicting findings", "flags": "flags"}


def evidence_of(hop: dict[str, Any]) -> list[tuple[str, str]]:
    """A hop's evidence breakdown as (label, text) rows, in a fixed order."""
    rows = []
    for key, label in EVIDENCE_KEYS.items():
        if key not in hop:
            continue
        value = hop[key]
        if key == "releases" and not value:
            continue
        if key == "score":
            value = f"{value:.4f}"  # the precision the path list shows
        elif key == "best_evidence":
            value = EVIDENCE_LABELS.get(str(value), value)
        elif isinstance(value, list):
            value = ", ".join(map(str, value)) or "none"
        elif isinstance(value, dict):
            value = ", ".join(f"{k}: {v}" for k, v in value.items()) or "none"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        rows.append((label, str(value)))
    lens = hop.get("population_evidence")
    if isinstance(lens, dict):
        from kg.render.text import wider_note

        rows.append((f"{lens['population']} evidence", ("yes" if lens["found"] else "no")
                     + wider_note(lens, hop.get("populations") or [])))
    return rows


def names_of(result: dict[str, Any]) -> dict[str, str]:
    return {n["id"]: n["name"] for p in result["paths"] for n in p["nodes"]}


def path_rank(path: dict[str, Any], names: dict[str, str]) -> str:
    """A path's score and what damped it, in words ("" when the answer is not ranked)."""
    if "score" not in path:
        return ""
    text = f"score {path['score']:.4f}"
    damping = path.get("damping") or {}
    degrees = damping.get("degrees") or {}
    if degrees:
        hubs = ", ".join(f"{names.get(n, n)} {d}" for n, d in degrees.items())
        text += f"; damped x{damping.get('factor', 1.0):.3f} for hub degree ({hubs})"
    return text


def in_lens(population: str | None, finding: dict[str, Any]) -> bool:
    """The ranking's own test (a pediatric finding is evidence under a juvenile lens), so the
    page dims exactly the findings the hop's "<lens> evidence" row leaves out."""
    return not population or in_population(str(finding.get("population") or ""), population)


async def path(request: Request) -> Response:
    ex = explorer_of(request)
    population = lens_of(request)
    form: dict[str, Any] = {"from": request.query_params.get("from", ""),
            "to": request.query_params.get("to", ""),
            "to_category": request.query_params.get("to_category", ""),
            "max_hops": request.query_params.get("max_hops", "4"),
            "via": params.texts(request, "via"), "population": population or "",
            "strict": params.text(request, "strict") in ("1", "true", "on"),
            "limit": request.query_params.get("limit", "10")}
    categories = sorted(c for c in ex.ontology.categories if c not in ("Finding",
                                                                       "Publication"))
    context: dict[str, Any] = {"form": form, "categories": categories,
                               "populations": POPULATIONS, "result": None,
                               "in_lens": lambda f: in_lens(population, f)}
    # "paths from here" fills one end: the form waits for the other
    if str(form["from"]).strip() and (str(form["to"]).strip()
                                      or str(form["to_category"]).strip()):
        args = path_args(request)
        result = await run_in_threadpool(lambda: api.path(ex.backend, **args))
        from kg.render.svg import render as draw

        context.update(result=result, svg=Markup(draw(result, hop_links=True)),
                       hops=hop_details(result, population),
                       api_url="/api/path?" + urlencode(request.query_params.multi_items()),
                       ranks=[path_rank(p, names_of(result)) for p in result["paths"]],
                       extra=[{k: v for k, v in p.items()
                               if k not in ("length", "nodes", "hops", "score", "contested",
                                            "damping", "flags")}
                              for p in result["paths"]])
    return render(request, "path.html", context)


async def query_list(request: Request) -> Response:
    return render(request, "queries.html", {"queries": api.query_list()})


def param_control(param: dict[str, Any], ontology: Any, typed: str = "") -> dict[str, Any]:
    """How the query form asks for a parameter: a select of the values a `value:SET` or
    `choice:a/b` parameter declares, or that ontology/values.yaml controls for a text
    parameter named after a controlled property of the category it filters (the trials
    query's `status`); yes/no/any for an optional bool, a checkbox for a required one;
    else a text box, suggesting entities for an entity parameter."""
    kind = str(param["type"])
    options: list[tuple[str, str]] | None = None
    if kind.startswith("value:"):
        options = [(v, v) for v in ontology.value_sets.get(kind.split(":", 1)[1], {})]
    elif kind.startswith("choice:"):
        options = [(v, v) for v in kind.split(":", 1)[1].split("/")]
    elif kind == "bool":
        if param["required"]:
            return {"kind": "checkbox"}
        options = [("true", "yes"), ("false", "no")]
    elif kind == "text":
        spec = ontology.properties.get(param["name"])
        if spec is not None and spec.value_set in ontology.value_sets:
            options = [(v, v) for v in ontology.value_sets[spec.value_set]]
    if options:
        # what was typed (`phase=3`) selects the value it names (`phase 3`); a text that
        # names none stays selected as typed, and the run says what is allowed
        chosen = typed
        if typed and kind.startswith("value:"):
            from kg.values import normalise

            try:
                chosen = normalise(kind.split(":", 1)[1], typed, [v for v, _ in options])
            except AlskgError:
                pass
        chosen = next((v for v, _ in options if v.lower() == chosen.lower()), chosen)
        if chosen and chosen not in [v for v, _ in options]:
            options.append((chosen, chosen))
        return {"kind": "select", "options": options, "chosen": chosen}
    return {"kind": "text", "suggest": kind.startswith("entity")}


def is_entity_id(value: Any) -> bool:
    return isinstance(value, str) and ":" in value and " " not in value and len(value) < 200


async def query_page(request: Request) -> Response:
    ex = explorer_of(request)
    name = request.path_params["name"]
    query = api.query_show(name)
    result = None
    known: dict[str, str] = {}
    given = {k: v for k, v in request.query_params.items()
             if k not in PAGING or k in ("population", "strict")}
    if "run" in request.query_params:
        args = query_args(request, name)
        args["params"].pop("run", None)
        result = await run_in_threadpool(lambda: api.query_run(ex.backend, **args))
        # only ids of nodes link to entity pages; other CURIEs (ECO codes, sources) link out
        # through the prefix map or stay text
        shown = {x for r in result["rows"] for v in r.values()
                 for x in (v if isinstance(v, list) else [v]) if is_entity_id(x)}
        known = {i: n["name"] for i, n in
                 (await run_in_threadpool(lambda: ex.backend.nodes(shown))).items()}
    download = urlencode([(k, v) for k, v in request.query_params.multi_items()
                          if k not in ("run", "format") and v.strip()])
    # the columns this answer leaves out (the trials' gene names), each one link away
    hidden = [] if result is None else [
        (c["name"], "?" + urlencode([*((k, v) for k, v in request.query_params.multi_items()
                                      if k != c["param"]), (c["param"], "true")]))
        for c in query["optional_columns"] if c["name"] not in result["columns"]]
    return render(request, "query.html", {
        "q": query, "given": given, "result": result, "hidden_columns": hidden,
        "controls": {p["name"]: param_control(p, ex.ontology, given.get(p["name"], ""))
                     for p in query["params"]},
        "is_id": lambda v: is_entity_id(v) and v in known, "is_curie": is_entity_id,
        "name_of": known.get,
        "populations": POPULATIONS,
        "limit": request.query_params.get("limit", "100"),
        "offset": request.query_params.get("offset", "0"),
        "csv_url": f"/api/query/{quote(name)}?{download}&format=csv",
        "json_url": f"/api/query/{quote(name)}?{download}"})


def bars(counts: dict[str, int]) -> list[dict[str, Any]]:
    """Rows of a bar chart: each count with its bar's share of the largest."""
    top = max(counts.values(), default=1) or 1
    return [{"name": k, "count": v, "width": round(300 * v / top, 1)}
            for k, v in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


async def overview(request: Request) -> Response:
    ex = explorer_of(request)
    stats = await run_in_threadpool(lambda: api.stats(ex.backend))
    meta = ex.search_store.meta
    sources = [{"id": k, "version": v, "licence": licence_of(k)}
               for k, v in sorted((meta.get("sources") or {}).items())]
    charts = [(title, bars(stats.get(key) or {})) for title, key in (
        ("Nodes per category", "categories"), ("Edges per predicate", "predicates"),
        ("Nodes per source", "node_sources"), ("Edges per source", "edge_sources"))]
    return render(request, "overview.html", {
        "stats": stats, "charts": charts, "sources": sources,
        "built_at": meta.get("built_at"), "backend": ex.settings.backend,
        "sparql_state": ex.sparql_state, "sparql_triples": ex.sparql_triples})


def routes() -> list[Route]:
    return [
        Route("/", home),
        Route("/search", search),
        Route("/entity/{entity_id:path}", entity),
        Route("/path", path),
        Route("/queries", query_list),
        Route("/queries/{name}", query_page),
        Route("/overview", overview),
    ]
