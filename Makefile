# Tverrkart: two commands for a fresh machine with python3, pip and make.
#   make run   installs into .venv and starts the app on http://127.0.0.1:$(PORT)
#   make test  installs into .venv and runs lint + the whole test suite
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
STAMP := $(VENV)/.installed

.PHONY: install run test lint format lock bench clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) scripts/serve.py --server.port $(PORT) --server.address 127.0.0.1

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

test: lint
	$(PY) -m pytest

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Re-pin every dependency from pyproject.toml (run by a developer, not by CI).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet ".[dev]" "setuptools>=75" wheel
	.venv-lock/bin/pip freeze --all --exclude tverrkart --exclude pip > requirements.lock
	rm -rf .venv-lock

# Speed goals live in benchmarks, each measured against a baseline in the same run.
bench: install
	$(PY) benchmarks/bench_analysis.py
	$(PY) benchmarks/bench_coverage.py
	$(PY) -m benchmarks.bench_storage
	$(PY) benchmarks/bench_render.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
