# Tverrkart: two commands for a fresh machine with python3, pip and make.
#   make run   installs into .venv and starts the app on http://127.0.0.1:$(PORT)
#   make test  installs into .venv and runs lint + the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
APP_STAMP := $(VENV)/.installed-app
DEV_STAMP := $(VENV)/.installed-dev
# Every download is checked against the hash pinned in the lock file (supply chain).
PIP_INSTALL := $(PY) -m pip install --quiet --require-hashes --no-deps

.PHONY: install install-dev run run-team test lint format lock bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

# What the app needs and nothing else: no test or developer tools (requirements.lock).
$(APP_STAMP): requirements.lock pyproject.toml | $(PY)
	$(PIP_INSTALL) -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(APP_STAMP)

# The app plus the test and developer tools, at the same versions (requirements-dev.lock).
$(DEV_STAMP): requirements-dev.lock $(APP_STAMP)
	$(PIP_INSTALL) -r requirements-dev.lock
	touch $(DEV_STAMP)

install: $(APP_STAMP)

install-dev: $(DEV_STAMP)

run: install
	$(PY) scripts/serve.py --server.port $(PORT) --server.address 127.0.0.1

# Team mode for developers (docs/drift.md): a test OpenID provider, a throw-away
# PostgreSQL and the app on http://127.0.0.1:8502. Never for real data.
run-team: install-dev
	$(PY) scripts/run_team.py

lint: install-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint
	$(PY) -m pytest --durations=20

format: install-dev
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Re-pin every dependency with hashes (run by a developer, not by CI).
lock:
	bash scripts/lock.sh

# Speed goals live in benchmarks, each measured against a baseline in the same run.
bench: install-dev
	$(PY) benchmarks/bench_analysis.py
	$(PY) benchmarks/bench_coverage.py
	$(PY) -m benchmarks.bench_storage
	$(PY) benchmarks/bench_render.py
	$(PY) benchmarks/bench_interop.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
