# consult — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export FLASK_APP := app

.PHONY: install run test lint fmt translations compile demo demo-reset bench bench-count

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall whenever the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

compile: install
	$(BIN)/flask translate compile

# The mail worker runs beside the server (the console backend prints each message here), and
# stops with it.
run: compile
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask mail send --watch --interval 10 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

# PYTEST_ARGS: e.g. -n 2 --dist worksteal for two workers (pytest-xdist), -k for a subset.
test: compile
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

translations: install
	$(BIN)/flask translate update
	$(BIN)/flask translate compile
	$(BIN)/flask translate check

demo: compile
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo

# Start over: a fresh SQLite database in instance/ with a demo dated from today, then serve.
demo-reset: compile
	rm -f instance/consult.sqlite instance/demo-guide.json
	$(MAKE) run

# Load benchmarks against a bare Flask baseline measured in the same run (see bench/README.md).
# Then the count of an archive-sized poll (130,000 voters, 200 projects) against pabutools alone.
bench: compile
	$(BIN)/python bench/run.py
	$(BIN)/python bench/count_inprocess.py

bench-count: install
	$(BIN)/python bench/count_inprocess.py
