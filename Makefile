# One command each: `make run` sets up and starts the participant app; `make test` sets up and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PORT ?= 8866

.PHONY: run setup setup-test chromium test lint unit browser notebooks bench demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.app

setup: $(VENV)/.app

setup-test: $(VENV)/.test

run: setup ## Start the participant app on the SQLite default and print its address
	$(BIN)/asn-training serve --port $(PORT)

demo: setup ## Load a demo roster and sample attempts
	$(BIN)/asn-training demo

chromium: ## Debian's Chromium for the browser tests (no browser download)
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

lint: setup-test ## ruff over everything; mypy over core, content, services and store (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup-test chromium lint ## Every check: lint, types, unit, CLI, PostgreSQL, nbval and browser tests
	$(BIN)/python -m pytest -n auto --dist loadgroup tests notebooks --nbval-lax --nbval-current-env

unit: setup-test
	$(BIN)/python -m pytest tests -m "not browser"

browser: setup-test chromium
	$(BIN)/python -m pytest tests -m browser

notebooks: setup-test
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env notebooks

bench: setup-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
