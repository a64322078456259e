# Thin, memorable wrappers around the `gnlc` command line (scripts/gnlc).
# `make` alone lists them. Every target sets up the environment it needs.

PYTHON ?= python3
VENV   ?= .venv
GNLC   := $(VENV)/bin/gnlc
# `make live LANG=fr`: only a LANG given on the command line counts, not the
# locale variable of the same name that every shell exports.
LIVE_LANG := $(if $(filter command line,$(origin LANG)),$(LANG),en)
PO     ?=
ARGS   ?=

.DEFAULT_GOAL := help
.PHONY: help venv site pdf serve live test clean i18n-update i18n-check i18n-stats add-language new-city bench video cards

help:  ## list the targets
	@echo "Learning Cities portal. Usage: make <target>"
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | awk -F'\t' '{printf "  %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml requirements.lock package-lock.json
	@test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

venv: $(VENV)/.installed  ## create the virtual environment with the pinned packages

site: venv  ## build all six languages into _build/html (warnings are errors)
	$(GNLC) build $(ARGS)

pdf: venv  ## build the languages with the PDFs of the story and the joining guide (site does too)
	$(GNLC) build $(ARGS)
	@ls -l _build/html/*/pdf/*.pdf

serve: venv  ## build all six languages and serve them on http://127.0.0.1:8000/
	$(GNLC) serve $(ARGS)

live: venv  ## live preview of one language, rebuilt on save: make live LANG=fr
	$(GNLC) live --lang $(LIVE_LANG) $(ARGS)

test: venv  ## run every test (installs Chromium, fonts and Java when missing)
	$(GNLC) test $(ARGS)

clean:  ## remove the build output and compiled catalogs
	rm -rf _build
	find locale -name '*.mo' -delete

i18n-update: venv  ## extract English messages and merge them into every PO file
	$(GNLC) i18n-update $(ARGS)

add-language: venv  ## declare a language and create its catalogs: make add-language LANG=de
	@test -n "$(filter command line,$(origin LANG))" || { echo "usage: make add-language LANG=de"; exit 2; }
	$(GNLC) add-language $(LANG)

new-city: venv  ## scaffold a city case study (asks for its facts; or pass ARGS="--slug ... --name ...")
	$(GNLC) new-city $(ARGS)

i18n-check: venv  ## check PO files, all or PO="path.po other.po"; reports path:line: check: message
	$(GNLC) i18n-check $(PO) $(ARGS)

i18n-stats: venv  ## translation progress per language and page (ARGS="--json" or "--pages")
	$(GNLC) i18n-stats $(ARGS)

bench: venv  ## measure builds and page cost into _build/bench.json (ARGS="--quick" in CI)
	$(GNLC) bench $(ARGS)

video: venv  ## redraw the key-figures video, poster and English cues from the facts (ffmpeg)
	$(GNLC) video

cards: venv  ## redraw the share card of each language (og:image) from the facts and translations (Chromium)
	$(GNLC) cards
