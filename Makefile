# mediacoop: `make demo` sets up and runs the Hai Phong 2025 demo; `make test` sets up and tests.
# Set-up is skipped when already done: the venv is rebuilt only when the pins change.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.mediacoop-installed
UV_VERSION := 0.13.9
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := False

.PHONY: setup demo test lint unit ui system-test-deps bench evaluate clean

setup: $(STAMP)

# uv installs the pinned packages in seconds where pip takes a minute and a half; pip itself
# installs uv, and installs everything when uv cannot (e.g. a machine whose only reachable index
# is one configured for pip). Both compile the modules' bytecode at install: where
# PYTHONDONTWRITEBYTECODE is set, a module without it is compiled again by every process.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION) && \
		$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python \
			--constraint constraints.txt --editable '.[dev]' || \
		$(BIN)/python -m pip install --quiet --disable-pip-version-check \
			--constraint constraints.txt --editable '.[dev]'
	touch $@

demo: setup
	$(BIN)/mediacoop demo

# Debian tools the report tests use: pdftotext reads the PDF back, Chromium screenshots the HTML.
system-test-deps:
	@command -v pdftotext >/dev/null && command -v chromium >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends \
			poppler-utils chromium fonts-dejavu-core >/dev/null; }

# The SQL is linted here only (the whole dbt project, on every core), not again in the tests.
# The Dagster definitions are validated in the tests (tests/operations/test_definitions_import.py),
# which load them with the session's dbt parse anyway: `dagster definitions validate` here would
# parse the dbt project and load the definitions once more.
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project --dialect duckdb --processes 0
	$(BIN)/lint-imports --no-cache --no-logo

# One pytest-xdist worker per core; pyproject.toml says how tests are grouped (--dist loadgroup).
unit: setup system-test-deps
	$(BIN)/pytest -q -n auto $(PYTEST_ARGS)

test: lint unit

ui: setup
	$(BIN)/mediacoop ui

# Score the demo warehouse (build/, made with `mediacoop demo` when missing) against its truth.
evaluate: setup
	$(BIN)/python tests/evaluation/evaluate.py

bench: setup
	$(BIN)/python bench/ingest_bench.py --rows 1000000
	$(BIN)/python bench/xlsx_styled_bench.py --rows 1000000
	$(BIN)/python bench/dbt_bench.py
	$(BIN)/python bench/report_bench.py
	$(BIN)/python bench/demo_inbox_bench.py
	$(BIN)/python bench/gate_bench.py
	$(BIN)/python bench/incremental_bench.py --items 1000000
	$(BIN)/python bench/years_bench.py
	$(BIN)/python bench/scale_bench.py --items 15000 100000 1000000

clean:
	rm -rf build dbt_project/target dbt_project/logs
