# Microblog: `make run` serves the whole app, `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INI    ?= development.ini

.PHONY: run test install install-test migrate clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/alembic -c $(INI) upgrade head

# the web server and one task worker (and the embedded Redis); Ctrl-C stops them all
run: migrate
	$(BIN)/microblog run $(INI)

test: install-test
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) var .pytest_cache
