# Entry points: `make run` (the seeds job), `make test` (the whole suite) and `make docs` (the
# documentation site, into site/).
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# `make run` needs glossalign alone (numpy encoders); `make test` adds dev tools and the
# sentence-transformers extra (torch), so the `st:` encoder's path stays tested.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed
# Debian packages for the review-page screenshot and the browser tests (Chromium with a CJK
# font, so Chinese is not drawn as empty boxes) and the LibreOffice CSV round trip.
APT_PACKAGES := chromium fonts-noto-cjk libreoffice-calc-nogui

.PHONY: run test lint setup browser docs

setup: $(STAMP) browser

$(RUN_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	touch $@

$(STAMP): $(RUN_STAMP)
	# torch first and pinned: unpinned, pip pulls several GB of CUDA wheels.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev,st]'
	touch $@

browser:
	@missing=$$(for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "not root, not installed:" $$missing "(browser tests, screenshot and LibreOffice test skip)"; fi

run: $(RUN_STAMP) browser
	$(BIN)/glossalign run

# mypy checks align, glossary and tests (the `files` of [tool.mypy] in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff format --check align glossary tests
	$(BIN)/ruff check align glossary tests
	$(BIN)/mypy

# --strict: a broken link or anchor, a missing page or a page left out of the nav fails (not
# with --quiet, which hides the warnings that --strict counts).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Two workers over the 2 cores (pytest-xdist); a module's tests stay on one worker, so its
# model fixtures load once.
test: setup lint docs
	$(BIN)/pytest -q -n auto --dist loadscope
