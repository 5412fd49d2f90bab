"""Every limit alskg puts on what it reads, in one place, and the one way files are opened.

Each value sits far past what real data reaches (docs/security.md gives the reasoning and
the measurements behind each); they exist so that a hostile or broken file costs seconds
and megabytes, never the machine. Reaching one is an ordinary input error: one line naming
the file, exit 1, nothing written.
"""

from __future__ import annotations

import gzip
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Protocol

from kg.problems import FileError

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

# -- YAML (curated data, workspace data, the ontology) ------------------------------------
#: a curated file of the 1M-edge benchmark is 4.4 MB; hand-written files are kilobytes
YAML_FILE_BYTES = 32 * MIB
#: scalars, lists and mappings in one file: the 4.4 MB file holds about 390,000
YAML_NODES = 2_000_000
#: lists and mappings inside each other; alskg's own files nest at most 5 deep
YAML_DEPTH = 64
#: one scalar: a definition or a finding's statement is a few hundred characters
YAML_SCALAR_CHARS = 64 * KIB
#: integers are stored as 64-bit integers by SQLite and Neo4j alike
INT_MIN, INT_MAX = -(2**63), 2**63 - 1

# -- public releases (GO, gene2go, HGNC, MONDO, retractions) -------------------------------
#: one line of a release file: the longest in GO 2022-07 or HGNC 2024 is under 4 KB
RELEASE_LINE_CHARS = 1 * MIB

# -- RDF import ----------------------------------------------------------------------------
#: the export of the 1M-edge benchmark graph holds 16.5M triples, some 2.5 GB as N-Triples
RDF_FILE_BYTES = 4 * GIB
#: one literal: the largest an export writes is a record's JSON, a few kilobytes
RDF_LITERAL_CHARS = 1 * MIB
#: one IRI: alskg's are under 200 characters
RDF_IRI_CHARS = 8 * KIB

#: XML elements, or JSON arrays and objects, inside each other: an alskg RDF/XML export
#: nests 4 deep and a JSON-LD one 5; pyoxigraph takes time quadratic in the depth for both
#: (RDF/XML 20,000 levels: 4.5 s; JSON-LD 2,000 levels: 2 s and 800 MB)
RDF_DEPTH = 100

#: characters no id, name or statement holds: C0 and C1 controls but tab, newline and
#: carriage return, and the bidirectional overrides; shown, a terminal would act on them
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# -- KGX import (alskg import kgx, a workspace's kgx/ folders) ----------------------------
#: one nodes or edges file: the KGX export of the 1M-edge benchmark is about 1 GB
KGX_FILE_BYTES = 8 * GIB
#: one line (one node or edge): alskg's longest is a few KB
KGX_LINE_CHARS = 4 * MIB
#: JSON arrays and objects inside each other in one line: alskg's records nest 3 deep
KGX_DEPTH = 32
#: values (strings, numbers, lists, objects) in one record: alskg's hold under a hundred,
#: a Monarch or ROBOKOP edge with its publications a few hundred; a 4 MiB line of short
#: strings would otherwise become two million Python objects (a list column in TSV too)
KGX_VALUES = 100_000

# -- other files -----------------------------------------------------------------------------
#: alskg.toml, a workspace's settings: a few hundred bytes
CONFIG_FILE_BYTES = 1 * MIB
#: data folders a workspace names: one is the norm
WORKSPACE_FOLDERS = 64
#: files and folders walked under one data folder: the 1M-edge benchmark has 26 files
WALK_ENTRIES = 100_000

# -- command-line values -------------------------------------------------------------------
#: a query parameter or an entity argument: ids and names are under 200 characters
PARAM_CHARS = 1 * KIB
#: query parameters given at once; no canned query takes more than 3
PARAMS = 32
#: rows per page of `alskg query run` (--limit 0 still asks for every row)
QUERY_LIMIT = 1_000_000
#: rows skipped by --offset
QUERY_OFFSET = 1_000_000_000
#: paths returned by `alskg path`
PATH_LIMIT = 1_000
#: hops of a path: past 10, every pair of entities is joined by some path
MAX_HOPS = 10
#: a weight profile for `alskg path --weights`: the shipped one is 3 KB
WEIGHTS_FILE_BYTES = 1 * MIB
#: candidate paths scored before the best are kept: two shortest groups between two genes
#: of the shipped graph hold a few dozen; past this, the first by length and ids are scored
RANKED_PATHS = 5_000
#: a path to a category (`--to-category`): candidate paths of one length enumerated before
#: the search stops (the answer then says it was cut), and entities whose neighbours it
#: reads before it stops deepening
CATEGORY_PATHS = 20_000
CATEGORY_NODES = 200_000
#: hits of each kind for `alskg search`
SEARCH_LIMIT = 1_000


def text_problem(value: str) -> str | None:
    """What is wrong with an id, name, search text or parameter value given by a user (the
    command line, an assistant through `alskg mcp`), or None: it must be bounded in length
    and free of control characters, which no id or name holds and a terminal would act on."""
    if len(value) > PARAM_CHARS:
        return f"{len(value):,} characters; the limit is {PARAM_CHARS:,}"
    bad = next((c for c in value if ord(c) < 32 or 127 <= ord(c) < 160), None)
    if bad is not None:
        return f"holds the control character U+{ord(bad):04X}"
    return None


# -- the MCP server (alskg mcp) ------------------------------------------------------------
#: arguments of one tool call; the widest tool takes 9
MCP_ARGUMENTS = 16
#: edges of one page of the `show` tool: one edge with its findings is 1-3 KB of JSON, and
#: the entity of the shipped graph with the most edges (ALS) has 85, some 200 KB in all
MCP_SHOW_EDGES = 200
#: edges of a `show` page when the assistant names no limit
MCP_SHOW_EDGES_DEFAULT = 25
#: rows of one page of the `query` and `evidence` tools (the CLI's --limit 0, every row,
#: is not offered: an assistant pages instead)
MCP_QUERY_ROWS = 1_000
#: paths of one page of the `path` and `explain` tools; a path of 4 hops is 5-20 KB of JSON
MCP_PATHS = 100
#: one request body of `alskg mcp --http`: the largest call the bounds above allow (32
#: parameters of 1 KiB) is some 40 KB; the SDK's own default is 4 MiB
MCP_BODY_BYTES = 1 * MIB


def open_regular(path: Path, limit: int, name: str | None = None) -> BinaryIO:
    """`path` opened for reading, if it is a regular file of at most `limit` bytes.

    Opened without blocking and checked on the open descriptor, so a named pipe, a device
    or a socket is refused instead of waiting forever, and a file swapped for one after a
    check cannot slip through."""
    shown = name or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileError(shown, 1, f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileError(shown, 1, f"not a regular file ({_kind(info.st_mode)}); alskg "
                                      "reads only regular files")
        if info.st_size > limit:
            raise FileError(shown, 1, f"file of {info.st_size:,} bytes; the limit is "
                                      f"{limit:,} (docs/security.md)")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path, limit: int, name: str | None = None) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes (see open_regular)."""
    shown = name or str(path)
    with open_regular(path, limit, shown) as fh:
        try:
            # read what the file holds, not `limit` bytes: a read of n bytes reserves n
            # bytes first, which a 256 MiB limit under a 300 MiB address-space cap cannot
            size = os.fstat(fh.fileno()).st_size
            data = fh.read(min(size, limit) + 1)
            while size < len(data) <= limit:  # a file that grows while read: bounded too
                more = fh.read(min(MIB, limit + 1 - len(data)))
                if not more:
                    break
                data += more
        except OSError as exc:
            raise FileError(shown, 1, f"cannot read file: {exc.strerror}") from None
    if len(data) > limit:
        raise FileError(shown, 1, f"file of more than {limit:,} bytes; the limit is "
                                  f"{limit:,} (docs/security.md)")
    return data


def _kind(mode: int) -> str:
    for test, what in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return what
    return "not a file"

# -- the web explorer and SPARQL endpoint (`alskg serve`) ---------------------------------
#: a request body (a SPARQL query sent by POST); a long hand-written query is a few KB
WEB_BODY_BYTES = 64 * KIB
#: the query string of a URL (a SPARQL query sent by GET, a path's options)
WEB_QUERY_CHARS = 16 * KIB
#: requests served at once; past it uvicorn answers 503 at once instead of queueing
WEB_CONCURRENCY = 32
#: seconds one SPARQL query may run before its worker process is killed
SPARQL_TIMEOUT_S = 10.0
#: rows of a SELECT, or triples of a CONSTRUCT; past it the answer is refused (add a LIMIT)
SPARQL_RESULTS = 10_000

# -- references (PubMed records: the shipped metadata, a workspace's cache, a reading list) ---
#: a file of records: the reading list of 206 records with abstracts is 1.4 MB
REFS_FILE_BYTES = 256 * MIB
#: one record: the longest abstract in PubMed is some 40 KB; full texts are cut to it
REFS_RECORD_BYTES = 1 * MIB
#: XML elements inside each other in a PubMed efetch file: an article's abstract nests 6
#: deep, 8 with inline markup (<i>, <sup>), MathML a few more; expat itself has no limit
REFS_XML_DEPTH = 64
#: PMIDs in one efetch request: NCBI asks for at most 200 in a GET (larger sets by POST)
REFS_BATCH = 200
#: PMIDs one `alskg refs fetch` takes: the shipped data cites a few hundred
REFS_FETCH_IDS = 100_000
#: one efetch answer: 200 records of some 10 KB each (abstract, authors, affiliations,
#: MeSH) are 2 MB; 200 of the longest (40 KB abstracts) under 16 MB
REFS_BODY_BYTES = 32 * MIB
#: seconds one efetch request may take in all (the socket's idle limit is FETCH_TIMEOUT_S);
#: 2 MB arrive in seconds, so a server trickling bytes is given up, not waited on
REFS_REQUEST_S = 180
#: tries of one batch on 429, 5xx or a dropped connection before the fetch stops (a rerun
#: resumes); waits double from 1 s
REFS_TRIES = 5
#: the longest Retry-After honoured, in seconds; a longer one stops the fetch instead
REFS_RETRY_AFTER_S = 120
#: a gene2pubmed file (kg/refs/gene2pubmed.py), as stored (gzipped or not): the shipped
#: extract is 250 KB, NCBI's human rows of 2022-09-12 35 MB
GENE2PUBMED_FILE_BYTES = 4 * GIB
#: rows read from one: the human rows of 2022-09-12 are 1,793,637
GENE2PUBMED_ROWS = 200_000_000
#: links kept in memory (the rows of the genes asked for)
GENE2PUBMED_LINKS = 20_000_000

# -- downloads (alskg sources fetch) -------------------------------------------------------
#: one release file: NCBI's gene2go.gz, the largest, is about 1 GB
FETCH_BYTES = 8 * GIB
#: seconds without a byte from the server before a download is given up (resume later)
FETCH_TIMEOUT_S = 60


class ByteLines(Protocol):
    """What read_lines reads: a binary file, plain or gzip."""

    def readline(self, size: int = -1, /) -> bytes: ...


def read_lines(stream: ByteLines, shown: str, max_bytes: int,
               hint: str = "") -> Iterator[tuple[int, str]]:
    """(line number, line without its newline) of a binary stream, each line held to
    `max_bytes` and decoded on its own, so that an over-long line, undecodable bytes or a
    failed read stop with the file (`shown`) and line; `hint` follows the over-long
    message (where to read about the limit). The one line reader of the release, gene2pubmed
    and KGX readers."""
    n = 0
    try:
        while True:
            data = stream.readline(max_bytes + 1)
            if not data:
                return
            n += 1
            if len(data) > max_bytes:
                raise FileError(shown, n, f"line longer than {max_bytes:,} bytes{hint}")
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                raise FileError(shown, n, "not UTF-8 text") from None
            yield n, text.rstrip("\r\n")
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise FileError(shown, n + 1, f"cannot read ({exc})") from None
