PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: install browser test suite fast lint unit bench demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

# The real-browser tests drive Debian's Chromium (Playwright never downloads one); CI runs as root.
browser:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei)

# Tests run on JOBS workers (pytest-xdist); tests/conftest.py keeps each flows module and each e2e module (its
# seeded database, its stack) on one worker. JOBS=0 runs them in this process. `make test` lints while the
# suite runs (both after the install and the browser), and fails when either fails.
JOBS ?= auto

test: install browser
	$(MAKE) --no-print-directory -j2 lint suite

suite: install
	$(BIN)/python -m pytest -n $(JOBS)

# Unit and integration tests on SQLite only: no Prefect server, no stack, no PostgreSQL.
fast: install
	GONGKAI_TEST_POSTGRES_URL= $(BIN)/python -m pytest -n $(JOBS) tests/unit tests/integration

unit: install
	$(BIN)/python -m pytest tests/unit

bench: install
	$(BIN)/python -m benchmarks

DEMO_HOME := .gongkai-demo

demo: install
	-@$(BIN)/gongkai --home $(DEMO_HOME) down >/dev/null 2>&1
	rm -rf $(DEMO_HOME)
	$(BIN)/gongkai --home $(DEMO_HOME) demo

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
