# newsroom: `make run` to try it, `make test` to check it.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run setup install install-dev test coverage lint format check-migrations fixtures bench bench-churn bench-linking bench-admin bench-alerts loadtest e2e docs docs-serve screenshots clean

run: setup ## Set up the local site; serve site, admin and API on $(HOST) with a background worker
	@# The worker (scheduled publication, suggestions, quote re-checks) runs beside the
	@# server in its own session, and is stopped with it however the server ends.
	@setsid $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PY) manage.py runserver $(HOST)

setup: install ## Migrate SQLite (or DATABASE_URL), load the seed once, create the local editor
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_seed
	$(PY) manage.py local_editor

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Install runtime dependencies into .venv

install-dev: $(VENV)/.installed-dev ## Install runtime and development dependencies

# Line coverage of the application, printed after the tests (see coverage/README.md).
COVERAGE_ARGS ?= --cov --cov-report=term

test: install-dev ## Run the whole pytest suite with line coverage (DATABASE_URL picks the database)
	$(VENV)/bin/pytest $(COVERAGE_ARGS) $(PYTEST_ARGS)

coverage: install-dev ## Run the suite and write the coverage report to coverage/ (HTML and a summary)
	$(VENV)/bin/pytest --cov --cov-report=html --cov-report=term $(PYTEST_ARGS)
	@printf 'line coverage: %s%% (%s)\n' "$$($(VENV)/bin/coverage report --format=total)" \
		"$$($(PY) manage.py shell -v 0 -c 'from django.db import connection; print(connection.vendor)')" \
		| tee coverage/summary.txt

e2e: install-dev ## Run only the browser tests (Debian's chromium; apt-get install -y chromium)
	$(VENV)/bin/pytest -m e2e tests/e2e

lint: install-dev ## Check lint and formatting
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install-dev ## Fix formatting and sortable lint findings
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-migrations: install ## Fail when the models have changes without a migration
	$(PY) manage.py makemigrations --check --dry-run

fixtures: install ## Rebuild the generated fixtures from the seed documents through the importers
	@if [ -d ../shared/seeds ]; then cp ../shared/seeds/*.txt fixtures/seeds/; fi
	@cd fixtures/seeds && sha256sum *.txt > SHA256SUMS
	@scratch=$$(mktemp -d) && trap 'rm -rf "$$scratch"' EXIT && \
	export DATABASE_URL="sqlite:///$$scratch/fixtures.sqlite3" && \
	$(PY) manage.py migrate --noinput -v 0 && \
	$(PY) manage.py build_fixtures

bench: install ## Serve on PostgreSQL with gunicorn and measure pages, API, search and linking with wrk
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	@v=$$(ls /etc/postgresql) && [ -f /usr/share/postgresql/$$v/extension/rum.control ] || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-$$v-rum)
	$(PY) -m benchmarks.http $(BENCH_ARGS)
	$(MAKE) bench-churn

bench-churn: install ## Readers of 300 stories while the desk saves every second, with and without Varnish in front
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	@[ -x /usr/sbin/varnishd ] && [ -n "$$(ls /usr/lib/*/varnish/vmods/libvmod_xkey.so 2>/dev/null)" ] || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq varnish varnish-modules)
	$(PY) -m benchmarks.churn $(CHURN_ARGS)

loadtest: install ## 60 s of mixed traffic at 64 connections, then again while PostgreSQL restarts and Redis stops
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(PY) -m benchmarks.loadtest $(LOAD_ARGS)

bench-linking: install ## Time citation suggestions for a 600-word story at 10,000 and 100,000 segments
	$(PY) -m benchmarks.linking $(BENCH_ARGS)

bench-alerts: install ## Match 10,000 readers' alerts against a 1,000-paragraph transcript and compose their mail
	$(PY) -m benchmarks.alerts $(BENCH_ARGS)

bench-admin: install-dev ## Time the admin pages of a 1,000-paragraph transcript (DATABASE_URL picks the database)
	$(PY) -m benchmarks.admin_pages $(BENCH_ARGS)

$(VENV)/.installed-docs: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[docs]'
	touch $@

docs: $(VENV)/.installed-docs ## Build the documentation site into site/, failing on any broken link or anchor
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

docs-serve: $(VENV)/.installed-docs ## Serve the documentation at http://127.0.0.1:8001/, rebuilt as you edit
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve --strict --dev-addr 127.0.0.1:8001

screenshots: install-dev ## Take the editors' guide's screenshots from the running site (Debian Chromium, seed data)
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	$(PY) docs/screenshots.py

clean: ## Remove the virtual environment and local database
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm site staticfiles coverage/html coverage/.coverage coverage/summary.txt
