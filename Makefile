# teikit: `make` sets up .venv and builds the edition into build/; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

EDITION := foundations-of-leninism-ch4

.DEFAULT_GOAL := all
.PHONY: all install test bench lint clean help

all: install ## set up .venv and build every stage of the edition into build/

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

test: $(STAMP) ## run the test suite
	@$(BIN)/python -m pytest -q

bench: $(STAMP) ## print speed medians and ratios against reference tools
	@$(BIN)/python tools/bench.py

lint: $(STAMP) ## check the code style with ruff
	@$(BIN)/python -m ruff check tools tests

clean: ## remove build outputs (keeps .venv)
	rm -rf build .pytest_cache
