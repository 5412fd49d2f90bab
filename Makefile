# Two commands for a fresh clone: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint fuzz neo4j-test clean check-quotes

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

demo: $(BIN)/.installed
	$(BIN)/alskg build
	$(BIN)/alskg stats
	$(BIN)/alskg show SOD1
	$(BIN)/alskg search TDP
	$(BIN)/alskg query run therapies-for-gene -p gene=FUS
	$(BIN)/alskg path FUS ulefnersen

lint: $(BIN)/.installed
	$(BIN)/ruff check kg loaders tests bench
	$(BIN)/mypy kg loaders bench

# The suite starts a throwaway Neo4j (tests/conftest.py) unless NEO4J_URI is set, and stops
# it when the session ends, whether tests passed or failed. It runs on two workers, each with
# its own throwaway server; against a given server (NEO4J_URI) it runs in one process, since
# tests wipe and reload the database.
PYTEST_JOBS := $(if $(NEO4J_URI),,-n 2 --dist worksteal)
test: $(BIN)/.installed lint
	$(BIN)/python -m pytest -q $(PYTEST_JOBS)

# The fuzz tests run in `make test` with a few thousand fixed cases; before a release, run
# them with FUZZ times as many cases from fresh random seeds (failures replay from .hypothesis).
FUZZ ?= 20
fuzz: $(BIN)/.installed
	ALSKG_FUZZ=$(FUZZ) $(BIN)/python -m pytest -q tests/test_fuzz.py tests/test_hostile.py \
		--hypothesis-show-statistics

# Every shipped quote against PubMed records: a JSON Lines file or a folder of them
# (REFS=... or ALSKG_REFS), for example the curators' reading list. Run before a release:
# 0 quotes may fail.
REFS ?= $(ALSKG_REFS)
check-quotes: $(BIN)/.installed
	@test -n "$(REFS)" || { echo "usage: make check-quotes REFS=FILE_OR_FOLDER" >&2; exit 2; }
	$(BIN)/python -m kg.refs.check $(REFS)

clean:
	rm -rf $(VENV) .alskg .pytest_cache .mypy_cache .ruff_cache .hypothesis
