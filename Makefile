# Two commands for a fresh clone: `make run` and `make test`.
# The interpreter is found here, since Django 6.1 needs Python 3.12+ and the
# machine's default python3 may be older (pyenv's versions are searched too).

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

find_python = $(shell for p in python3.13 python3.12 python3 \
	$$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.*/bin/python3 2>/dev/null | sort -rV); do \
	  if $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	    command -v $$p || echo $$p; break; fi; done)

.PHONY: run test lint format install browser-test bench bench-micro clean reset-db vendor screenshots

$(PY):
	@py="$(find_python)"; \
	if [ -z "$$py" ]; then \
	  echo "No Python 3.12+ found. Install Python 3.12 or 3.13 (e.g. 'pyenv install 3.13') and retry."; exit 1; fi; \
	echo "Using $$py"; "$$py" -m venv $(VENV)

$(STAMP): $(PY) pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*; touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py ingest_documents seeds/
	DEBUG=1 $(PY) manage.py load_question_bank fixtures/question_bank.json
	DEBUG=1 $(PY) manage.py create_demo_accounts
	# The task worker (drafting questions) beside the server; it stops with it.
	DEBUG=1 $(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-logo --no-cache  # the layers: pyproject.toml
	DEBUG=1 $(VENV)/bin/mypy  # the types: pyproject.toml (django-stubs reads the settings)
	$(VENV)/bin/djlint quizzes --lint  # the templates: pyproject.toml
	DEBUG=1 $(VENV)/bin/pytest -q

browser-test: install
	DEBUG=1 $(VENV)/bin/pytest -q -m browser

# Front-end assets from the npm packages pinned in package.json / package-lock.json,
# copied with their licence and version into static/vendor/ and committed: only this
# target needs Node, `make run` does not.
PICO := quizzes/core/static/vendor/pico
# htmx's WebSocket extension, for the live game (docs/live.md).
HTMX_WS := quizzes/core/static/vendor/htmx-ext-ws
vendor:
	npm ci --no-audit --no-fund
	rm -rf $(PICO) && mkdir -p $(PICO)
	cp node_modules/@picocss/pico/css/pico.min.css node_modules/@picocss/pico/LICENSE.md $(PICO)/
	node -p 'require("@picocss/pico/package.json").version' > $(PICO)/VERSION
	rm -rf $(HTMX_WS) && mkdir -p $(HTMX_WS)
	cp node_modules/htmx-ext-ws/dist/ws.min.js node_modules/htmx-ext-ws/LICENSE $(HTMX_WS)/
	node -p 'require("htmx-ext-ws/package.json").version' > $(HTMX_WS)/VERSION

# Every main page as visitor, student and teacher, 1280 and 375 px wide, light and dark,
# into docs/screenshots/ (Playwright driving /usr/bin/chromium against a live server).
screenshots: install
	DEBUG=1 $(VENV)/bin/pytest -q -p no:randomly -m browser tests/browser/screenshots.py

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The load benchmark (docs/performance.md): gunicorn + PostgreSQL + Redis loaded with wrk,
# against the /healthz and /healthz/db baselines (also under plain wrk). Sizes are arguments, e.g.
#   make bench STUDENTS=10000 RESPONSES=1000000 DURATION=10 REPS=3
# BENCH_ARGS=--reuse keeps an existing quizsite_bench database; bench/report.py prints a
# run's tables for docs/performance.md.
STUDENTS ?= 2000
RESPONSES ?= 200000
DURATION ?= 10
REPS ?= 2
bench: install
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(PY) bench/run_load.py --students $(STUDENTS) --responses $(RESPONSES) \
	  --duration $(DURATION) --reps $(REPS) $(BENCH_ARGS)

# In-process timings of single pages and imports (SQLite by default; DATABASE_URL for
# PostgreSQL): gradebook, item analysis, progress, GIFT import. One script alone:
#   DEBUG=1 .venv/bin/python bench/bench_progress.py
bench-micro: install
	@for f in bench/bench_*.py; do DEBUG=1 $(PY) $$f || exit 1; done

# Starts the development database over (make run then migrates and fills a new one); the
# way out of a db.sqlite3 made before the apps were split, which `migrate` refuses.
reset-db:
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm

clean: reset-db
	rm -rf $(VENV) staticfiles
