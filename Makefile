# The verbs a newcomer and CI use. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_DIR ?= demo-output

.PHONY: setup run demo test lint typecheck unit bench bench-stance train-stance lock clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt scripts/setup.sh
	PYTHON=$(PYTHON) VENV=$(VENV) sh scripts/setup.sh
	touch $(STAMP)

## run: Parity's main job: write the demo organization's data and analyse it.
run: setup
	$(BIN)/parity demo --out $(DEMO_DIR)

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest -n 2 tests

## test: lint, types, import boundaries and every test (what CI runs).
test: lint typecheck unit

bench: setup
	$(BIN)/python bench/bench_analyze.py

bench-stance: setup
	$(BIN)/python bench/bench_stance.py

## train-stance: refit the stance weights on data/stance and print the report.
train-stance: setup
	$(BIN)/python scripts/train_stance.py

## lock: refresh requirements/constraints.txt from a fresh resolve (maintainers only).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[dev]'
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^parity' > requirements/constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
