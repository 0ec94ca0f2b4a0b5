# huanjie — the two commands a fresh clone needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha256sum pyproject.toml | cut -c1-12)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint bench install system-deps test-deps browser-deps format clean messages

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Debian packages: chromium for the browser tests (Playwright drives it; no browser download),
# fonts-noto-cjk so that pages and PDFs render Chinese, libsodium for the encrypted ballot,
# postgresql-client for `huanjie backup`/`restore` on PostgreSQL (pg_dump, pg_restore); nodejs and npm
# for the browser tests' axe-core (installed below from tests/browser/package-lock.json).
RUNTIME_PACKAGES := fonts-noto-cjk libsodium23 postgresql-client
TEST_PACKAGES := chromium $(if $(shell command -v npm),,nodejs npm)
system-deps: DEBIAN_PACKAGES = $(RUNTIME_PACKAGES)
test-deps: DEBIAN_PACKAGES = $(RUNTIME_PACKAGES) $(TEST_PACKAGES)
system-deps test-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

run: install system-deps
	DEBUG=$${DEBUG:-true} $(BIN)/huanjie migrate --noinput
	DEBUG=$${DEBUG:-true} $(BIN)/huanjie demo --if-absent --address http://$(HOST):$(PORT)
	DEBUG=$${DEBUG:-true} $(BIN)/huanjie runserver $(HOST):$(PORT)

# axe-core for the accessibility sweep, exactly as pinned by the lock file (tests/browser/test_accessibility.py).
AXE := tests/browser/node_modules/axe-core/axe.min.js
$(AXE): tests/browser/package-lock.json | test-deps
	npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(AXE)

test: install test-deps browser-deps
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

# Translations, for developers only: makemessages needs GNU gettext (apt-get install gettext),
# which the app itself never needs. Extracts the Chinese source strings into
# src/huanjie/locale/en/LC_MESSAGES/django.po, then compiles every .po to the committed django.mo
# in pure Python. Translate the new empty entries in between: see scripts/compile_messages.py.
messages: install
	@command -v msgfmt >/dev/null || { echo "make messages needs GNU gettext: apt-get install gettext"; exit 1; }
	cd src/huanjie && DEBUG=true $(CURDIR)/$(BIN)/huanjie makemessages -l en --ignore=.venv
	$(BIN)/python scripts/compile_messages.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache tests/browser/node_modules
