# Szansa's front door. `make demo` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-10)
DEMO_ENV := DEBUG=1 DEMO=1 CELERY_TASK_ALWAYS_EAGER=1 REORGANISATION_DATE=2018-07-01
DEMO_PEOPLE ?= 300
# The demo server's port: `make demo PORT=8001`.
PORT ?= 8000

.PHONY: demo test install messages system-deps quality pytest serve clean bench

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

messages: install
	$(DEMO_ENV) $(PY) manage.py compilemessages --ignore=.venv -v0

demo: install system-deps messages
	$(DEMO_ENV) $(PY) manage.py migrate --no-input -v1
	$(DEMO_ENV) $(PY) manage.py seed_demo --people $(DEMO_PEOPLE) --seed 1 --reference-date today
	@echo
	@echo "Szansa demo: http://127.0.0.1:$(PORT)"
	@echo "Log in as admin, kierownik, koordynator, pracownik, pracownik2, specjalista, referent or audytor"
	@echo "with the password: szansa-demo; the second-factor page shows the demo code (README: Demo sign-in)"
	@echo
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

quality: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(DEMO_ENV) $(PY) manage.py makemigrations --check --dry-run

test: install system-deps messages quality
	bash scripts/run-tests.sh

clean:
	rm -rf $(VENV) staticfiles db.sqlite3

# Benchmarks (issue 8) against PostgreSQL: DATABASE_URL when it is a postgres… URL, else a throwaway
# cluster. Sizes: BENCH_IMPORT_ROWS (1000000), BENCH_PEOPLE (100000), BENCH_PARTICIPANTS (10000),
# BENCH_LOAD_SECONDS (20). Prints one line per benchmark and writes bench/results.json.
bench: install system-deps messages
	$(PY) -m pip install --quiet -e ".[test,bench]"
	PY=$(PY) bash scripts/pg-throwaway.sh $(PY) -m bench.run
