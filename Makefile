# SafeContact — the README's commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= safecontact.settings.dev

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the commands
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

build/static/css/main.css: node_modules/.installed $(shell find static/scss -name '*.scss')
	npm run --silent build:css

.PHONY: install
install: $(VENV)/.installed build/static/css/main.css ## Install Python and npm dependencies and build the CSS

.PHONY: run
run: install ## Run the site with demo content on http://127.0.0.1:$(PORT)
	PORT=$(PORT) $(PY) manage.py migrate --noinput
	PORT=$(PORT) $(PY) manage.py load_demo_content
	$(PY) manage.py collectstatic --noinput --verbosity 0
	PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

.PHONY: test-deps
test-deps: ## Install Debian's Chromium, PDF tools, symbol font and Java (for the Nu HTML checker) for the tests (as root)
	@if command -v chromium >/dev/null && command -v pdftotext >/dev/null \
		&& command -v java >/dev/null \
		&& [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium fonts-liberation fonts-dejavu-core poppler-utils default-jre-headless \
			libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	else \
		echo "Run: sudo apt-get install chromium fonts-liberation fonts-dejavu-core poppler-utils default-jre-headless" >&2; \
		exit 1; \
	fi

.PHONY: lint
lint: $(VENV)/.installed ## Check style with ruff, and the layers between apps with import-linter
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

.PHONY: test
test: install test-deps lint ## Run every check and test (SQLite, or DATABASE_URL's database)
	DJANGO_SETTINGS_MODULE=safecontact.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=safecontact.settings.production SECRET_KEY=deploy-check-test-only-key-never-used-by-any-real-site-4f9Q ALLOWED_HOSTS=safecontact.example PUBLIC_BASE_URL=https://safecontact.example $(PY) manage.py check --deploy --fail-level WARNING
	DJANGO_SETTINGS_MODULE=safecontact.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -m "not transactional and not browser" --cov --cov-report=term --cov-fail-under=85
	$(VENV)/bin/pytest -m transactional -p no:randomly
	$(VENV)/bin/pytest -m browser -p no:randomly

.PHONY: fuzz
fuzz: install ## Post 10,000 random answers to the staff forms of a served copy; fails on any server error
	$(PY) tests/fuzz/served.py

.PHONY: bench-deps
bench-deps: ## Install Debian's wrk, the load generator the benchmark uses (as root)
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	else \
		echo "Run: sudo apt-get install wrk" >&2; exit 1; \
	fi

.PHONY: bench
bench: install bench-deps ## Benchmark the staff area in-process, then the site under gunicorn, loaded by wrk beside bare Django
	$(PY) tests/bench/run_bench.py
	$(PY) tests/bench/gunicorn_bench.py

.PHONY: clean
clean: ## Remove installed dependencies and build output
	rm -rf $(VENV) node_modules build static_root
