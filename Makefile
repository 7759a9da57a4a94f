# Two commands do all set-up on a fresh machine with Python 3.11 and make:
#   make run    install, migrate, load the demo county, serve all four services
#   make test   install, then run the tests (SQLite; `make test-postgres` for PostgreSQL)
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-postgres lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m services run

test: $(STAMP)
	SUITE_TEST_DATABASE=sqlite $(BIN)/python -m pytest

test-postgres: $(STAMP)
	SUITE_TEST_DATABASE=postgresql $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports

clean:
	rm -rf data $(VENV) .pytest_cache .ruff_cache
