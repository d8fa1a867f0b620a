# Two commands for a newcomer: `make run` and `make test`. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

# Find Python 3.12+: python3.13, python3.12, then python3. pyenv shims need a version
# named, so try the newest 3.12+ pyenv knows about as well.
PYENV_NEWEST := $(shell command -v pyenv >/dev/null 2>&1 && pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9]|[2-9][0-9])(\.[0-9]+)?$$' | sort -V | tail -n 1)
SYSTEM_PYTHON := $(shell for c in python3.13 python3.12 python3.14 python3; do \
	  for v in "" "$(PYENV_NEWEST)"; do \
	    if PYENV_VERSION=$$v $$c -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
	      echo "PYENV_VERSION=$$v $$c"; exit 0; fi; \
	  done; done)

.PHONY: help run setup test test-fast lint format browsers bench loadtest wrk editor backup restore clean vnu vnu-if-java nginx cluster loadtest-cluster bench-nginx bench-x10

help:
	@echo "make run       set everything up and serve the site on http://$(HOST):$(PORT)"
	@echo "make test      set everything up and run checks, linters and the whole test suite"
	@echo "make editor    create an editor login (asks for a username and password)"
	@echo "make lint      ruff check and format check"
	@echo "make format    apply ruff formatting"
	@echo "make bench     benchmark the site under gunicorn (see bench/)"
	@echo "make loadtest  60 s of readers while an editor saves every second; nothing may be lost"
	@echo "make cluster   nginx + 2 gunicorn app servers + PostgreSQL + Redis on 127.0.0.1 (Ctrl-C stops)"
	@echo "make loadtest-cluster  the load test through nginx, killing a worker and an app server"
	@echo "make bench-nginx       pages from nginx's cache against nginx's static files"
	@echo "make bench-x10         make bench on ten times the content (generated)"
	@echo "make backup    export all content to backups/content-<date>.json"
	@echo "make restore   FILE=backups/content-<date>.json: load a backup into a fresh database"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@if [ -z '$(SYSTEM_PYTHON)' ]; then \
	  echo "Python 3.12 or newer is needed. Install it (e.g. 'pyenv install 3.13') and retry."; exit 1; fi
	@[ -x $(PY) ] || $(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_content
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: setup
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: $(VENV)/.installed
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory vnu-if-java
	$(PY) -m pytest

test-fast: $(VENV)/.installed
	$(PY) -m pytest -m "not browser"

# --- HTML validation -------------------------------------------------------------------------
# The Nu Html Checker from npm (vnu-jar, pinned), run with the machine's Java by
# tests/security/test_html_valid.py. `make test` installs it when java and npm are present.
VNU_VERSION := 26.9.27
VNU_STAMP := .tools/.vnu-jar-$(VNU_VERSION)
vnu: $(VNU_STAMP)
$(VNU_STAMP):
	npm install --prefix .tools --no-save --ignore-scripts --no-audit --no-fund --loglevel error \
	  vnu-jar@$(VNU_VERSION)
	@touch $@
vnu-if-java:
	@if command -v java >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then \
	  $(MAKE) --no-print-directory vnu; \
	else echo "!!! java or npm not found: HTML validation will be skipped (CI installs them) !!!"; fi

editor: setup
	@read -p "Editor username: " name && $(PY) manage.py create_editor "$$name"

# --- Performance and operations -------------------------------------------------------------
# The benchmarks need wrk (and nginx for the cluster ones); they say what is missing and how to
# install it rather than changing the machine. BENCH_ARGS e.g. "--output bench/results/x.txt".
WRK := $(shell command -v wrk 2>/dev/null)
wrk:
	@if [ -z '$(WRK)' ]; then \
	  echo "wrk is not installed. Install it, e.g. on Debian/Ubuntu: sudo apt-get install wrk"; \
	  echo "(macOS: brew install wrk), then run this again."; exit 1; fi

bench: $(VENV)/.installed wrk
	$(PY) bench/bench.py $(BENCH_ARGS)

loadtest: $(VENV)/.installed wrk
	$(PY) bench/loadtest.py $(LOADTEST_ARGS)

# --- Beyond one machine: nginx in front of several app servers ---------------------------------
# nginx, the machine's PostgreSQL and Redis. Benchmarks,
# not tests: none of this runs in `make test` (tests/deploy/ has the quick nginx checks).
NGINX_BIN := $(shell command -v nginx 2>/dev/null || ls /usr/sbin/nginx 2>/dev/null)
nginx:
	@if [ -z '$(NGINX_BIN)' ]; then \
	  echo "nginx is not installed. Install it, e.g. on Debian/Ubuntu: sudo apt-get install nginx"; \
	  echo "(macOS: brew install nginx), then run this again."; exit 1; fi

cluster: $(VENV)/.installed nginx
	$(PY) bench/cluster.py $(CLUSTER_ARGS)

loadtest-cluster: $(VENV)/.installed wrk nginx
	$(PY) bench/loadtest.py --cluster $(LOADTEST_ARGS)

bench-nginx: $(VENV)/.installed wrk nginx
	$(PY) bench/bench.py --nginx $(BENCH_ARGS)

bench-x10: $(VENV)/.installed wrk
	$(PY) bench/bench.py --scale 10 $(BENCH_ARGS)

# All content (both apps, history included) as a Django fixture. Restore with
# `make restore FILE=backups/content-….json` into a fresh (or emptied) database.
backup: $(VENV)/.installed
	@mkdir -p backups
	$(PY) manage.py backup_content --output backups/content-$$(date +%Y%m%d-%H%M%S).json
	@ls -1t backups/content-*.json | head -n 1

restore: $(VENV)/.installed
	@if [ -z '$(FILE)' ]; then echo "Usage: make restore FILE=backups/content-….json"; exit 1; fi
	$(PY) manage.py migrate --noinput
	$(PY) manage.py restore_content '$(FILE)'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .tools
