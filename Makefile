# Hearth — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# `make bench` keeps the large synthetic LA in its own database (created if missing).
BENCH_URL ?= postgres://postgres@127.0.0.1:5432/hearth_bench
SEED ?= 1
SIZE ?= demo

.PHONY: install validators liiatools static demo serve test lint test-sqlite test-postgres bench clean-demo system-deps

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

# DfE's rule packages pin pandas 1.5.3 / numpy 1.24: they get their own venv, called as a subprocess.
VSTAMP := .venv-validators/.installed
$(VSTAMP): requirements-validators.txt
	test -x .venv-validators/bin/python || $(PYTHON) -m venv .venv-validators
	.venv-validators/bin/pip install --quiet --upgrade pip
	.venv-validators/bin/pip install --quiet -r requirements-validators.txt
	touch $(VSTAMP)

validators: $(VSTAMP)

# The sector's Annex A cleaner (liiatools 0.2.0). Its cchardet pin fails on Python 3.11, so it is
# installed without dependencies on top of its real ones (faust-cchardet in place of cchardet).
LSTAMP := .venv-liiatools/.installed
$(LSTAMP): requirements-liiatools.txt
	test -x .venv-liiatools/bin/python || $(PYTHON) -m venv .venv-liiatools
	.venv-liiatools/bin/pip install --quiet --upgrade pip
	.venv-liiatools/bin/pip install --quiet -r requirements-liiatools.txt
	.venv-liiatools/bin/pip install --quiet --no-deps liiatools==0.2.0
	touch $(LSTAMP)

liiatools: $(LSTAMP)

static: install
	bash scripts/build_static.sh

# Debian's Chromium for the browser tests (never a downloaded browser build).
system-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi
	@command -v npm >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	@# WeasyPrint (the corporate parenting report's PDF) needs Pango and HarfBuzz's subsetter.
	@ldconfig -p | grep -q libpangoft2-1.0 && ldconfig -p | grep -q libharfbuzz-subset || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null; }

demo: system-deps static
	HEARTH_DEMO=1 $(BIN)/hearth migrate --no-input
	@if HEARTH_DEMO=1 $(BIN)/hearth synth_status --quiet; then \
	  echo "Synthetic LA already loaded (make clean-demo to rebuild)"; \
	else \
	  HEARTH_DEMO=1 $(BIN)/hearth synth --seed $(SEED) --size $(SIZE) --demo-users; \
	fi
	HEARTH_DEMO=1 $(BIN)/hearth returns_providers --synthetic
	@HEARTH_DEMO=1 $(BIN)/hearth demo_logins
	@echo "Hearth is starting on http://127.0.0.1:8000 (Ctrl+C to stop); returns jobs run in a background worker"
	HEARTH_DEMO=1 $(BIN)/hearth db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; HEARTH_DEMO=1 $(BIN)/hearth runserver 127.0.0.1:8000

clean-demo:
	rm -f var/hearth.sqlite3 var/hearth.sqlite3-wal var/hearth.sqlite3-shm

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	HEARTH_TESTING=1 $(BIN)/hearth makemigrations --check --dry-run

test-sqlite: install static validators liiatools
	HEARTH_TESTING=1 DATABASE_URL= $(BIN)/python -m pytest

test-postgres: install static validators liiatools
	HEARTH_TESTING=1 DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest

# The whole suite: lint, unit, integration and browser tests, on SQLite and on PostgreSQL.
# The two databases' runs go side by side (one per core; each alone is still `make test-sqlite`
# or `make test-postgres`); each run's whole output is printed once it ends, then the verdict.
test: system-deps lint install static validators liiatools
	@mkdir -p var
	@HEARTH_TESTING=1 DATABASE_URL= $(BIN)/python -m pytest > var/test-sqlite.log 2>&1 & s=$$!; \
	HEARTH_TESTING=1 DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest > var/test-postgres.log 2>&1 & p=$$!; \
	wait $$s; rs=$$?; wait $$p; rp=$$?; \
	echo "===== SQLite ====="; cat var/test-sqlite.log; \
	echo "===== PostgreSQL ====="; cat var/test-postgres.log; \
	echo "SQLite: exit $$rs; PostgreSQL: exit $$rp"; \
	test $$rs -eq 0 && test $$rp -eq 0

bench: system-deps static validators
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	HEARTH_TESTING=1 DATABASE_URL=$(BENCH_URL) $(BIN)/python -m hearth.bench
