# teikit: `make` sets up .venv and builds the edition into build/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

EDITION := foundations-of-leninism-ch4

# The project's encoding: the ODD is the source; the schemas (committed) and the manual are generated from it.
ODD := schema/teikit.odd
SCHEMA_GEN := $(wildcard tools/teikit/schema/*.py)
SCHEMAS := schema/teikit.rng schema/teikit.xsd schema/teikit.sch schema/xml.xsd
MANUAL := build/teikit-manual.html

.DEFAULT_GOAL := all
.PHONY: all install schema tei validate export test bench lint clean help deposit check-deposit

all: install schema tei validate export deposit ## set up .venv and build every stage of the edition into build/
	@:

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV)

# Reinstall only when the project's metadata changes; the package itself is installed editable.
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "installing teikit into $(VENV)"
	@$(BIN)/python -m pip install -q --upgrade pip
	@$(BIN)/python -m pip install -q -e '.[test,dev]'
	@touch $@

install: $(STAMP) ## create .venv and install teikit with its test tools

schema: $(MANUAL) ## regenerate the schemas and the encoding manual when the ODD or the generator changed

# One run writes them all (the package finds the schemas through tools/teikit/data/schema, a link to schema/).
$(SCHEMAS) $(MANUAL) &: $(ODD) $(SCHEMA_GEN) | $(STAMP)
	@$(BIN)/python -m teikit schema $(ODD) -o schema --manual $(MANUAL)

# The edition is rebuilt only when the transcription, its editorial data or the converter changed.
TEI_EDITION := tei/$(EDITION).xml
TEI_INPUTS := tei/src/$(EDITION).txt $(wildcard tei/src/$(EDITION).*.toml)
CONVERTER := $(wildcard tools/teikit/convert/*.py tools/teikit/convert/transforms/*.py tools/teikit/convert/profiles/*.toml)

tei: $(TEI_EDITION) ## convert tei/src/ (transcription + editorial data) to the TEI edition

$(TEI_EDITION): $(TEI_INPUTS) $(CONVERTER) | $(STAMP)
	@$(BIN)/python -m teikit convert -q $< -o $@
	@echo "converted $< -> $@"

# Validation: the edition against the project's RELAX NG, XML Schema and Schematron (the defaults of
# `teikit validate`). An invalid edition stops the build here, before anything is exported from it; the stamp
# file records the last clean run, so validation reruns only when the edition or a schema changed.
VALIDATED := build/.$(EDITION).validated

validate: $(VALIDATED) ## check the edition against the project's schemas; stops the build when it is invalid

$(VALIDATED): $(TEI_EDITION) $(SCHEMAS) | $(STAMP)
	@$(BIN)/teikit validate $(TEI_EDITION)
	@mkdir -p $(@D) && touch $@

test: $(STAMP) ## run the test suite
	@$(BIN)/python -m pytest -q

# BENCH names sections of tools/bench.py (e.g. BENCH="scale big"); all of them by default. The scale corpus and the
# big documents are made once into build/bench/ (see tools/benchkit/).
bench: $(STAMP) ## print speed medians and ratios against reference tools (BENCH="section ..." for some)
	@$(BIN)/python tools/bench.py $(BENCH)
	@if [ -z "$(BENCH)" ]; then $(BIN)/python tools/bench_serve.py; fi

# Export: the HTML reading edition and the plain text, from the TEI edition (run after the tei and validation
# stages). Rebuilt when the edition or a stylesheet changes; --force because build/ holds derived files only.
XSLT := $(wildcard tools/teikit/export/xslt/*.xsl)
EXPORTER := $(wildcard tools/teikit/export/*.py)
EXPORTS := build/$(EDITION).html build/$(EDITION).txt build/$(EDITION).epub

export: $(EXPORTS) ## write build/<edition>.html, .txt and .epub from tei/<edition>.xml

build/$(EDITION).html: tei/$(EDITION).xml $(XSLT) $(EXPORTER) | $(STAMP)
	@$(BIN)/teikit export $< --to html -o $@ --force -v

build/$(EDITION).txt: tei/$(EDITION).xml $(XSLT) $(EXPORTER) | $(STAMP)
	@$(BIN)/teikit export $< --to text -o $@ --force -v

# The EPUB's times are the last commit's, as the deposit's are: the same commit gives the same bytes.
build/$(EDITION).epub: tei/$(EDITION).xml $(XSLT) $(EXPORTER) | $(STAMP)
	@SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
		$(BIN)/teikit export $< --to epub -o $@ --force -v

# Nothing is exported from an edition that failed validation.
$(EXPORTS): $(VALIDATED)

lint: $(STAMP) ## check the code style (ruff) and the architecture contract in pyproject.toml (import-linter)
	@$(BIN)/python -m ruff check tools tests
	@$(BIN)/lint-imports --no-cache

DEPOSIT_DIR := build/deposit
OCFL_ROOT := $(DEPOSIT_DIR)/ocfl
DEPOSITOR := $(wildcard tools/teikit/deposit/*.py tools/teikit/deposit/records/*.py tools/teikit/data/bagit-profiles/*)
DEPOSIT_INPUTS := tei/$(EDITION).xml $(wildcard tei/src/*) $(ODD) $(SCHEMAS) \
	build/$(EDITION).html build/$(EDITION).txt build/$(EDITION).epub

deposit: $(DEPOSIT_DIR)/$(EDITION).zip ## BagIt bag (teikit's profile, RO-Crate), its zip, records, OCFL version (build/deposit/)

# One run writes the bag, its zip and the records together, and adds the bag to the edition's OCFL object in
# build/deposit/ocfl/ (a new version when it changed); the zip stands for them all. SOURCE_DATE_EPOCH defaults to the
# last commit's time, so that the same commit deposits byte-identical files, and the OCFL version records that commit
# and its author. The outputs' times are the epoch, so the zip is touched afterwards for make to see it as new (its
# bytes, and the times inside it, stay as they are).
$(DEPOSIT_DIR)/$(EDITION).zip: $(STAMP) $(DEPOSIT_INPUTS) $(DEPOSITOR)
	@name=$$(git log -1 --format=%an 2>/dev/null); email=$$(git log -1 --format=%ae 2>/dev/null); \
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
		$(BIN)/python -m teikit deposit tei/$(EDITION).xml -o $(DEPOSIT_DIR) --force --ocfl $(OCFL_ROOT) \
		--message "make deposit of commit $$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
		$${name:+--user-name "$$name"} $${email:+--user-address "mailto:$$email"}
	@touch $@

# Each part of the deposit checked by its own validator: the bag and its zip by bagit and bagit-profile (teikit
# deposit --verify), the OCFL storage root by ocfl-py, the RO-Crate metadata by roc-validator at its required level,
# offline (tools/ro_crate_context.py gives it the RO-Crate 1.1 context the rocrate package ships).
check-deposit: deposit ## check build/deposit/ with bagit, bagit-profile, ocfl-py and roc-validator
	@$(BIN)/teikit deposit --verify $(DEPOSIT_DIR)/$(EDITION) $(DEPOSIT_DIR)/$(EDITION).zip $(OCFL_ROOT)
	@scratch=$$(mktemp -d) && $(BIN)/python tools/ro_crate_context.py $$scratch/http > /dev/null && \
	if $(BIN)/rocrate-validator validate --offline --cache-path $$scratch/http -p ro-crate-1.1 -l required \
		--no-paging -o $$scratch/report.txt $(DEPOSIT_DIR)/$(EDITION)/data > /dev/null; then \
		echo "$(DEPOSIT_DIR)/$(EDITION)/data: roc-validator: $$(grep -o 'RO-Crate is a valid [^ !]*' $$scratch/report.txt)"; \
		rm -rf $$scratch; \
	else cat $$scratch/report.txt; rm -rf $$scratch; exit 1; fi

clean: ## remove build outputs (keeps .venv)
	rm -rf build .pytest_cache
