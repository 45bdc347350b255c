# Máy tính cũ – Tri thức mới: every routine task is a target here. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Placeholders good enough for `check --deploy` and collectstatic in CI; never used to serve.
DEPLOY_ENV := DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=ci-placeholder-9f3c2a7e5b1d4c8a0e6f2b9d7c3a1e5f8b0d4a2c6e9f1b3d5a7c \
	WEBPUSH_VAPID_PRIVATE_KEY=NSqZzBNYUr9hf0v8mvx6jMm7StEbkwF3qnZ-dddHp_M \
	VIETQR_ACCOUNT_NUMBER=0123456789 \
	DJANGO_ALLOWED_HOSTS=maytinhcu.example.org

.DEFAULT_GOAL := help
.PHONY: help run test lint format check migrations messages makemessages system-test-packages worker demo bench bench-packages backup restore clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) scripts/bootstrap_venv.py $(VENV)

$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed ## Set up and serve the demo site on http://127.0.0.1:8000
	$(MANAGE) migrate --noinput
	$(MANAGE) compile_catalogues
	$(MANAGE) load_initial_data
	@echo
	@echo "  Site:    http://127.0.0.1:8000/        (English: http://127.0.0.1:8000/en/)"
	@echo "  Portal:  http://127.0.0.1:8000/portal/  sign in at http://127.0.0.1:8000/accounts/login/"
	@echo "  Admin:   http://127.0.0.1:8000/admin/   (same sign-in)"
	@echo "  E-mails: var/mail/"
	@echo
	$(MANAGE) runserver 127.0.0.1:8000

# What the whole suite needs from Debian: GNU gettext (the test that extracts every string,
# `make makemessages`), chromium with Vietnamese fonts (the browser tests) and nginx with its
# cache purge module (the page cache as deployed, tests/ops/test_edge_nginx.py). Installed
# when missing and we are root (a fresh CI machine or container); otherwise say how.
SYSTEM_TEST_PACKAGES := gettext chromium fonts-noto-core nginx libnginx-mod-http-cache-purge
system-test-packages:
	@if ! command -v xgettext >/dev/null || ! command -v chromium >/dev/null \
		|| ! test -e /usr/lib/nginx/modules/ngx_http_cache_purge_module.so; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $(SYSTEM_TEST_PACKAGES) >/dev/null; \
		else \
			echo "Missing: sudo apt-get install $(SYSTEM_TEST_PACKAGES) (without them the extraction, browser and nginx tests skip)"; \
		fi; \
	fi

test: $(VENV)/.dev-installed system-test-packages ## Set up and run the whole test suite
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) compile_catalogues
	$(BIN)/pytest

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

lint: $(VENV)/.dev-installed node_modules/.installed ## Lint Python (ruff), types (mypy), templates (djlint), JS and CSS (Biome)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --lint
	$(BIN)/mypy
	npx --no-install biome ci --error-on-warnings static

format: $(VENV)/.dev-installed node_modules/.installed ## Format Python, JS and CSS in place and fix what can be fixed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	npx --no-install biome check --write static

check: $(VENV)/.dev-installed ## Migrations up to date, deploy checks, static files collect
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING
	$(DEPLOY_ENV) $(MANAGE) collectstatic --noinput --verbosity 0

messages: $(VENV)/.runtime-installed ## Compile the translation catalogues
	$(MANAGE) compile_catalogues

makemessages: $(VENV)/.dev-installed system-test-packages ## Extract new strings into the English catalogue (needs GNU gettext)
	$(MANAGE) makemessages --locale en --ignore '.venv/*' --ignore 'staticfiles/*' --no-obsolete

backup: $(VENV)/.runtime-installed ## Archive the database and all media into backups/ (ARCHIVE=path to choose)
	$(MANAGE) backup $(ARCHIVE)

restore: $(VENV)/.runtime-installed ## Restore ARCHIVE=path into an empty database and the media folders
	@test -n "$(ARCHIVE)" || { echo "Say which archive: make restore ARCHIVE=backups/….tar.gz"; exit 1; }
	$(MANAGE) restore $(ARCHIVE)

# The crowd through nginx (tests/perf/edge.py) needs nginx with its purge module and wrk.
BENCH_PACKAGES := nginx libnginx-mod-http-cache-purge wrk
bench-packages:
	@if ! command -v wrk >/dev/null || ! test -e /usr/lib/nginx/modules/ngx_http_cache_purge_module.so; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $(BENCH_PACKAGES) >/dev/null; \
		else \
			echo "Missing: sudo apt-get install $(BENCH_PACKAGES) (without them the crowd through nginx is skipped)"; \
		fi; \
	fi

bench: $(VENV)/.dev-installed bench-packages ## Throughput/p95 vs a trivial view, export peak memory, at 1k, 100k, 1M devices, a crowd through nginx (PostgreSQL + Redis; slow)
	$(MANAGE) compile_catalogues
	$(BIN)/python tests/perf/bench.py

worker: $(VENV)/.runtime-installed ## Run a Celery worker with beat (needs REDIS_URL)
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL, e.g. REDIS_URL=redis://127.0.0.1:6379/0 make worker"; exit 1; }
	$(BIN)/celery --app config worker --beat --loglevel INFO --concurrency 2

demo: $(VENV)/.runtime-installed ## Load (or refresh) the demo content and accounts
	$(MANAGE) load_initial_data

clean: ## Remove the virtualenv, the SQLite database and collected files
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles var .pytest_cache .ruff_cache
