# Two entry points: `make run` (the seeds job) and `make test` (the whole suite).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup browser

setup: $(STAMP) browser

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch first and pinned: unpinned, pip pulls several GB of CUDA wheels.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Debian's Chromium renders the report screenshot and runs the browser test.
browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing and not root: browser test and screenshot will be skipped"; fi; }

run: setup
	$(BIN)/glossalign run

# mypy checks align, glossary and tests (the `files` of [tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff format --check align glossary tests
	$(BIN)/ruff check align glossary tests
	$(BIN)/mypy

test: setup lint
	$(BIN)/pytest -q
