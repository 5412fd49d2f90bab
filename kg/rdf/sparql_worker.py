"""The SPARQL worker process (started by kg/rdf/sparql.py): one pyoxigraph store opened
read-only, one query a line on stdin, each answer a JSON header line and a body on stdout.

It only reads the store; the parent kills it when a query runs past its deadline.
"""

from __future__ import annotations

import json
import sys
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.rdf.sparql import GRAPH_TYPES, RESULT_TYPES, SELECT_TYPES, pick

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
GRAPH_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE,
                 "application/n-triples": ox.RdfFormat.N_TRIPLES,
                 "application/rdf+xml": ox.RdfFormat.RDF_XML}


class TooMany(Exception):
    pass


def term_json(t: Any) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            out["datatype"] = t.datatype.value
        return out
    return {"type": "literal", "value": str(t)}


def term_xml(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
        return f"<literal>{escape(t.value)}</literal>"
    return f"<literal>{escape(str(t))}</literal>"


def term_csv(t: Any) -> str:
    """A term as SPARQL 1.1 Query Results CSV writes it: IRIs and literals as bare text
    (no datatype, no language), blank nodes as _:label; quoted when it must be."""
    if t is None:
        return ""
    return _csv_field(f"_:{t.value}" if isinstance(t, ox.BlankNode) else t.value)


def _csv_field(text: str) -> str:
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n",
                              "\r": "\\r"})


def term_tsv(t: Any) -> str:
    """A term as SPARQL 1.1 Query Results TSV writes it: in SPARQL/Turtle syntax."""
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        return f"<{t.value}>"
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    body = '"' + t.value.translate(_TSV_ESCAPES) + '"'
    if t.language:
        return f"{body}@{t.language}"
    if t.datatype.value != XSD_STRING:
        return f"{body}^^<{t.datatype.value}>"
    return body


def select(result: Any, media: str, cap: int) -> bytes:
    names = [v.value for v in result.variables]
    rows: list[list[Any]] = []
    for solution in result:
        if len(rows) == cap:
            raise TooMany(f"more than {cap:,} results; add a LIMIT")
        rows.append([solution[n] for n in names])
    if media == "application/sparql-results+xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
               "<head>", *(f"<variable name={quoteattr(n)}/>" for n in names),
               "</head><results>"]
        for row in rows:
            out.append("<result>" + "".join(
                f"<binding name={quoteattr(n)}>{term_xml(t)}</binding>"
                for n, t in zip(names, row, strict=True) if t is not None) + "</result>")
        out.append("</results></sparql>\n")
        return "".join(out).encode()
    if media == "text/csv":  # CRLF line ends, as the CSV results format has them
        lines = [",".join(_csv_field(n) for n in names)]
        lines += [",".join(term_csv(t) for t in row) for row in rows]
        return "".join(line + "\r\n" for line in lines).encode()
    if media == "text/tab-separated-values":
        lines = ["\t".join(f"?{n}" for n in names)]
        lines += ["\t".join(term_tsv(t) for t in row) for row in rows]
        return "".join(line + "\n" for line in lines).encode()
    bindings = [{n: term_json(t) for n, t in zip(names, row, strict=True) if t is not None}
                for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode()


def ask(value: bool, media: str) -> bytes:
    if media == "application/sparql-results+xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{'true' if value else 'false'}</boolean></sparql>\n").encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


def graph(result: Any, media: str, cap: int) -> bytes:
    triples: list[Any] = []
    for t in result:
        if len(triples) == cap:
            raise TooMany(f"more than {cap:,} triples; add a LIMIT")
        triples.append(t)
    return bytes(ox.serialize(triples, format=GRAPH_FORMATS[media]) or b"")


def answer(store: ox.Store, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    text, accept, cap = str(request["query"]), str(request.get("accept", "")), \
        int(request["cap"])
    try:
        result = store.query(text)
        if isinstance(result, ox.QueryBoolean):
            media = pick(accept, RESULT_TYPES)
            body = ask(bool(result), media)
        elif isinstance(result, ox.QuerySolutions):
            media = pick(accept, SELECT_TYPES)
            body = select(result, media, cap)
        else:
            media = pick(accept, GRAPH_TYPES)
            body = graph(result, media, cap)
    except SyntaxError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "syntax error"
        return {"ok": False, "status": 400, "error": f"not a SPARQL query: {first}"}, b""
    except TooMany as exc:
        return {"ok": False, "status": 400, "error": str(exc)}, b""
    except (OSError, ValueError, TypeError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return {"ok": False, "status": 400, "error": f"query failed: {first}"}, b""
    return {"ok": True, "media_type": media, "length": len(body)}, body


def serve(store: ox.Store, inp: IO[bytes], out: IO[bytes]) -> None:
    for line in inp:
        head, body = answer(store, json.loads(line))
        head.setdefault("length", len(body))
        out.write(json.dumps(head).encode() + b"\n" + body)
        out.flush()


if __name__ == "__main__":
    serve(ox.Store.read_only(sys.argv[1]), sys.stdin.buffer, sys.stdout.buffer)
