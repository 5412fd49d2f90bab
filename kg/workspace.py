"""Where alskg keeps a lab's data and its store.

A workspace is a folder with an ``alskg.toml``; commands find it by walking up from the
current directory, as git finds ``.git``. Its curated files build together with the
shipped knowledge, or alone when asked, and its store lives in its ``.alskg/`` folder.
Outside any workspace the store lives in the user data directory (platformdirs).

Overrides, strongest first: ``--store`` / ``ALSKG_STORE`` name the store file;
``ALSKG_HOME`` names the folder used instead of both the workspace search and the user
data directory (a workspace if it holds an ``alskg.toml``).
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg import limits
from kg.problems import FileError, InputError

CONFIG = "alskg.toml"
STORE_NAME = "graph.db"
WORKSPACE_SOURCE = "alskg:workspace"


@dataclass(frozen=True)
class Workspace:
    root: Path
    data: tuple[Path, ...]
    shipped: bool
    store: Path
    #: public releases: the shipped ALS "extracts", or "all" (full releases where present)
    sources: str = "extracts"

    @property
    def config(self) -> Path:
        return self.root / CONFIG


def read_config(root: Path) -> Workspace:
    path = root / CONFIG
    raw_bytes = limits.read_regular(path, limits.CONFIG_FILE_BYTES)
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileError(str(path), raw_bytes[:exc.start].count(b"\n") + 1,
                        "not UTF-8 text") from None
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+)", str(exc))
        line = int(where.group(1)) if where else text.count("\n") + 1
        raise FileError(str(path), line, f"not a valid workspace config: "
                                         f"{re.sub(r' [(]at .*[)]$', '', str(exc))}") from None
    except (RecursionError, ValueError) as exc:  # nesting past the stack; 4,300-digit ints
        raise FileError(str(path), 1, "not a valid workspace config: "
                                      f"{str(exc).split(':')[0]}") from None

    def bad(key: str, message: str) -> FileError:
        found = re.search(rf"(?m)^\s*{key}\s*=", text)
        return FileError(str(path), text[:found.start()].count("\n") + 1 if found else 1,
                         f"workspace.{key} {message}")

    section = raw.get("workspace", {})
    if not isinstance(section, dict):
        raise FileError(str(path), 1, "[workspace] must be a table")
    data = section.get("data", ["data"])
    shipped = section.get("shipped", True)
    store = section.get("store", f".alskg/{STORE_NAME}")
    if not (isinstance(data, list) and all(isinstance(d, str) for d in data)):
        raise bad("data", "must be a list of folder names")
    if len(data) > limits.WORKSPACE_FOLDERS:
        raise bad("data", f"names {len(data):,} folders; the limit is "
                          f"{limits.WORKSPACE_FOLDERS}")
    if not isinstance(shipped, bool):
        raise bad("shipped", "must be true or false")
    sources = section.get("sources", "extracts")
    if sources not in ("extracts", "all"):
        raise bad("sources", "must be \"extracts\" or \"all\"")
    if not isinstance(store, str):
        raise bad("store", "must be a file name")
    folders = list(dict.fromkeys(_inside(root, d, lambda m: bad("data", m)) for d in data))
    for folder in folders:
        try:
            is_dir = folder.is_dir()
        except OSError:  # a name too long for the file system
            is_dir = False
        if not is_dir:
            raise bad("data", f"names '{folder.relative_to(root.resolve())}', which is not a "
                              "folder")
    if store.endswith(("/", "\\")):
        raise bad("store", f"'{store}' is a folder; name the store file")
    return Workspace(root, tuple(folders), shipped,
                     _inside(root, store, lambda m: bad("store", m)), sources)


def _inside(root: Path, name: str, bad: Callable[[str], FileError]) -> Path:
    """`name` as a path inside the workspace: its files stay in its folder, so a config in a
    cloned repository cannot make alskg read or write elsewhere."""
    if not name or len(name) > limits.PARAM_CHARS or limits.CONTROL.search(name) \
            or "\n" in name or "\t" in name or "\r" in name:
        raise bad(f"holds an empty, overlong or unprintable name {name[:40]!r}")
    base = root.resolve()
    # lexical, so that a folder the user linked in on purpose still counts as inside
    full = Path(os.path.normpath(base / name))
    if full != base and base not in full.parents:
        raise bad(f"'{name[:80]}' is outside the workspace; a workspace's files stay in its "
                  "folder")
    return full


def find(start: Path | None = None) -> Workspace | None:
    """The workspace that holds `start` (default: ALSKG_HOME, else the current folder)."""
    home = os.environ.get("ALSKG_HOME")
    if start is None and home:
        root = Path(home).expanduser()
        return read_config(root) if (root / CONFIG).exists() else None
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).exists():  # read_config refuses a pipe or folder by that name
            return read_config(folder)
    return None


def shadowed(start: Path | None = None) -> str | None:
    """A notice when ALSKG_HOME hides the workspace around `start` (default: the current
    folder): commands then read and write ALSKG_HOME's data, not the folder's, which a user
    with ALSKG_HOME set in a shell profile would not guess."""
    home = os.environ.get("ALSKG_HOME")
    if not home:
        return None
    here = (start or Path.cwd()).resolve()
    used = Path(home).expanduser().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            if folder == used:
                return None
            return (f"note: ALSKG_HOME={home} is in use, so the workspace at {folder} is not; "
                    "unset ALSKG_HOME to use it")
    return None


def user_home() -> Path:
    """ALSKG_HOME, else the per-user data directory."""
    home = os.environ.get("ALSKG_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("alskg", appauthor=False))


def default_store() -> Path:
    env = os.environ.get("ALSKG_STORE")
    if env:
        return Path(env).expanduser()
    ws = find()
    return ws.store if ws is not None else user_home() / STORE_NAME


CONFIG_TEXT = """\
# An alskg workspace: your lab's own curated findings, built with the shipped knowledge.
# alskg finds this file by walking up from the current directory.
[workspace]
# folders of curated YAML, relative to this file
data = ["data"]
# build together with the knowledge alskg ships (false: your files alone)
shipped = true
# the embedded store, relative to this file (kept out of version control)
store = ".alskg/graph.db"
# public releases: "extracts" (the ALS extracts alskg ships) or "all" (the full releases
# fetched by `alskg sources fetch`, wherever present)
sources = "extracts"
"""

README_TEXT = """\
# Your curated data

Every `.yaml` file under this folder is read by `alskg validate` and `alskg build`, with
the knowledge alskg ships (set `shipped = false` in `alskg.toml`, or pass `--no-shipped`,
to build your files alone). The format is the one alskg's own curators use:

- `entities:` genes, diseases, therapies, trials, studies, organizations, biomarkers...
  each with an `id` (a CURIE such as `NCBIGene:2521`), a `category` and a `name`. An entity
  that alskg already ships merges with it: your synonyms and cross-references are added.
- `findings:` claims from a source, each with a `statement`, `subject`, `predicate` and
  `object`, an ECO `evidence` code, the `population` (pediatric, juvenile, adult, any), the
  `model_system` and the `citations` (PMID, DOI, NCT, OMIM...) that say so.

`example.yaml` shows both. Your findings keep this workspace as their source, so every edge
they add can be told apart from the shipped ones. `alskg validate` names the file and line
of every problem, and what to write instead. `alskg ontology list` shows the categories,
predicates and values; `alskg docs data` prints the full curator guide.
"""

EXAMPLE_TEXT = """\
# An example to copy: FUS and the disease its variants cause, with the finding that links
# them (Vance et al. 2009, Science). It restates a finding alskg ships, so that this
# workspace builds alone too (--no-shipped). Replace it with your own.
entities:
  - id: NCBIGene:2521
    category: Gene
    name: FUS
    xrefs: [HGNC:4010]
  - id: OMIM:608030
    category: Disease
    name: ALS6, with or without frontotemporal dementia
findings:
  - id: alskg:example-F1
    statement: Mutations in FUS cause familial ALS type 6.
    subject: NCBIGene:2521
    predicate: genetic_basis_for
    object: OMIM:608030
    evidence: ECO:0006017
    population: any
    model_system: patients
    citations: [PMID:19251628]
"""


def init(directory: Path) -> Workspace:
    """Create a workspace in `directory`; refuse to overwrite an existing one."""
    root = Path(directory)
    if (root / CONFIG).exists():
        raise InputError(f"{root / CONFIG}: a workspace already exists here")
    if root.exists() and not root.is_dir():
        raise InputError(f"{root}: not a folder")
    data = root / "data"
    for path in (data / "README.md", data / "example.yaml"):
        if path.exists():
            raise InputError(f"{path}: already exists; not overwriting it")
    data.mkdir(parents=True, exist_ok=True)
    (root / ".alskg").mkdir(exist_ok=True)
    (root / ".alskg" / ".gitignore").write_text("*\n", encoding="utf-8")
    (data / "README.md").write_text(README_TEXT, encoding="utf-8")
    (data / "example.yaml").write_text(EXAMPLE_TEXT, encoding="utf-8")
    (root / CONFIG).write_text(CONFIG_TEXT, encoding="utf-8")
    return read_config(root)
