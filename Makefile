# Microblog: `make run` serves the whole app, `make test` runs the whole suite.
# Every install comes from the lock (requirements/*.txt, pinned with hashes); `make lock`
# refreshes it from pyproject.toml's ranges.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
INI    ?= development.ini
# the tool that writes the lock; it is only needed by `make lock`
UV_VERSION := 0.13.9
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.PHONY: run test lint install install-test migrate lock clean bench css

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# the locked dependencies, then the project itself without resolving anything again
$(VENV)/.installed: $(BIN)/python requirements/main.txt pyproject.toml
	$(PIP_INSTALL) --require-hashes -r requirements/main.txt
	$(PIP_INSTALL) --no-deps --no-build-isolation -e .
	rm -f $(VENV)/.installed-test
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed requirements/test.txt
	$(PIP_INSTALL) --require-hashes -r requirements/test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	$(BIN)/alembic -c $(INI) upgrade head

# the web server and one task worker (and the embedded Redis); Ctrl-C stops them all
run: migrate
	$(BIN)/microblog run $(INI)

lint: install-test
	$(BIN)/ruff check microblog tests alembic benchmarks tools
	$(BIN)/ruff format --check microblog tests alembic benchmarks tools

test: lint
	$(BIN)/pytest -n auto

# One resolution for every platform and Python >= 3.11 (uv's --universal): the test lock
# first, then the runtime lock constrained to it, so the two never pin different versions.
lock:
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/pip install --quiet uv==$(UV_VERSION)
	$(VENV)-lock/bin/uv pip compile pyproject.toml --extra test $(LOCK_FLAGS) -o requirements/test.txt
	$(VENV)-lock/bin/uv pip compile pyproject.toml -c requirements/test.txt $(LOCK_FLAGS) -o requirements/main.txt
	rm -rf $(VENV)-lock

LOCK_FLAGS = --universal --python-version 3.11 --generate-hashes --quiet --upgrade \
	--custom-compile-command "make lock"

# the pages' stylesheet: the part of deform's Bootstrap they use, then microblog.css
css: install
	$(BIN)/python tools/build_css.py

bench: install
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) var .pytest_cache
