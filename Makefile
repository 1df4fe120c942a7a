# smq-analytics — two commands on a fresh machine with python3 and make:
#   make demo   build the demo store from generated exports and write reports/index.html
#   make test   the whole suite (pytest + nbval over notebooks/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DEMO_DB := data/demo/demo.duckdb
DEMO_DB_PATH := $(abspath $(DEMO_DB))
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: demo test install demo-store notebooks lab bench clean browser lint dictionary bytecode

install: $(STAMP)

# Every dependency and the build backend (setuptools) from requirements.lock, each checked against
# its hash; then the project itself, which has no hash to check, built with that pinned backend.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) --require-hashes -r requirements.lock
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps --no-build-isolation -e .
	@touch $@

# The package's bytecode, compiled once here (only what changed since): where PYTHONDONTWRITEBYTECODE is
# set, as in containers, every report kernel would otherwise compile the package from source again, about
# 0.9 s each (docs/ARCHITECTURE.md, « Measured facts »).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q smq_analytics

# The demo store: deterministic exports in data/demo/, loaded through the normal ingest path.
demo-store: $(STAMP) bytecode
	$(BIN)/smq-analytics --db $(DEMO_DB) demo

demo: demo-store
	$(BIN)/smq-analytics --db $(DEMO_DB) run
	@echo "Rapports / reports: file://$(abspath reports/index.html)"

# nbval compares the stored outputs with a run on the demo store, whatever SMQ_DB says outside.
# Two pytest processes, each with half of the test files (SMQ_TEST_SHARD, tests/conftest.py), one per
# core: the first prints as it goes, the second's report follows; either failing fails the target. Their
# temporary folders are outside the project (a path inside it is shown relative in messages).
test: demo-store browser lint
	@base=$$(mktemp -d -t smq-tests-XXXXXX); \
	SMQ_DB=$(DEMO_DB_PATH) SMQ_TEST_SHARD=2/2 $(BIN)/python -m pytest --basetemp=$$base/2 > $$base/second.log 2>&1 & \
	second=$$!; \
	SMQ_DB=$(DEMO_DB_PATH) SMQ_TEST_SHARD=1/2 $(BIN)/python -m pytest --basetemp=$$base/1; first=$$?; \
	wait $$second; other=$$?; \
	echo "--- seconde moitié des tests / second half of the tests ---"; cat $$base/second.log; \
	rm -rf $$base; \
	[ $$first -eq 0 ] && [ $$other -eq 0 ]

# Pyflakes and syntax errors, code layout (ruff format) and a stale data dictionary ([tool.ruff] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check smq_analytics tests benchmarks
	$(BIN)/ruff format --check smq_analytics tests benchmarks
	$(BIN)/python -m smq_analytics.models dictionary --check

# DATA_DICTIONARY.md from the YAML contracts of smq_analytics/sql/models/ (never edit it by hand).
dictionary: $(STAMP)
	$(BIN)/python -m smq_analytics.models dictionary

# The browser test needs headless Chromium (Debian package; Playwright's own download cannot work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installation de Chromium pour le test du navigateur / installing Chromium for the browser test"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# Re-execute notebooks/ in place with the demo default museum, storing the outputs nbval checks.
notebooks: demo-store
	$(BIN)/smq-analytics --db $(DEMO_DB) store-outputs

# JupyterLab on your store if SMQ_DB is set, else on the demo store. Jupyter refuses to run as root
# unless told: containers and CI run as root, so it is told there (uid 0) and only there.
LAB_FLAGS = $$( [ "$$(id -u)" = 0 ] && echo --allow-root )
lab: demo-store
	SMQ_DB=$${SMQ_DB:-$(DEMO_DB_PATH)} $(BIN)/jupyter lab $(LAB_FLAGS) notebooks/

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) reports data/demo/*.duckdb* .pytest_cache
