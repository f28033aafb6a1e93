# One command each: `make run` sets up and starts the participant app; `make test` sets up and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)
PORT ?= 8866
# axe-core for the browser tests' accessibility checks, from the npm registry (no CDN), kept out of git in .cache/
AXE := .cache/npm/node_modules/axe-core/axe.min.js

.PHONY: run setup setup-test chromium axe test lint unit browser notebooks bench demo clean

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

$(AXE):
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }
	npm install --no-save --no-audit --no-fund --prefix .cache/npm axe-core@4

axe: $(AXE) ## axe-core from the npm registry, injected into pages by the browser tests

lint: setup-test ## ruff over everything; mypy over core, content, services and store (pyproject.toml)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: setup-test chromium $(AXE) lint ## Every check: lint, types, unit, CLI, PostgreSQL, nbval and browser tests
	$(BIN)/python -m pytest -n auto --dist loadgroup tests notebooks --nbval-lax --nbval-current-env

unit: setup-test
	$(BIN)/python -m pytest tests -m "not browser"

browser: setup-test chromium $(AXE)
	$(BIN)/python -m pytest tests -m browser

notebooks: setup-test
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env notebooks

bench: setup-test
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
