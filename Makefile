# Orbita: one command surface for people, hooks and CI. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
PO := orbita/locale/ru/LC_MESSAGES/django.po
PYTEST_ARGS ?= -n auto
export DJANGO_SETTINGS_MODULE ?= config.django.local

.PHONY: help install assets migrate demo run test test-pg lint format typecheck check messages clean

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN{FS=":.*## "}{printf "  make %-10s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $$(scripts/find-python.sh) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

install: $(VENV)/.installed ## Create .venv and install Orbita with its development tools

var/vendor/.installed: package.json package-lock.json scripts/vendor.mjs
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/vendor.mjs
	@touch $@

assets: var/vendor/.installed ## Install front-end libraries from the npm registry into var/vendor

migrate: install ## Apply database migrations (SQLite under var/ unless DATABASE_URL)
	$(MANAGE) migrate --noinput

demo: migrate ## Load the demo of the five seed cases (only into an empty database)
	$(MANAGE) load_demo --if-empty

run: install assets demo ## Set everything up and serve on http://127.0.0.1:$(PORT)
	@echo "Orbita: http://127.0.0.1:$(PORT)/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install assets ## Run the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
	DJANGO_SETTINGS_MODULE=config.django.test $(PY) -m pytest $(PYTEST_ARGS)

test-pg: install assets ## Run the suite on the local PostgreSQL server
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/orbita} \
	DJANGO_SETTINGS_MODULE=config.django.test $(PY) -m pytest $(PYTEST_ARGS)

lint: install ## ruff: lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## ruff: fix what can be fixed and format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

typecheck: install ## mypy with django-stubs
	DJANGO_SETTINGS_MODULE=config.django.test $(VENV)/bin/mypy orbita config

check: lint typecheck assets ## Lint, types, missing migrations and Django's system checks
	DJANGO_SETTINGS_MODULE=config.django.test $(MANAGE) makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.django.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.django.production DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  DJANGO_ALLOWED_HOSTS=orbita.example DATABASE_URL=sqlite:///var/check.sqlite3 \
	  $(MANAGE) check --deploy --fail-level WARNING

messages: install ## Update the Russian catalogue (plural forms) under orbita/locale and compile it
	cd orbita && ../$(PY) ../manage.py makemessages -l ru --ignore 'tests/*' --no-obsolete
	@# The msgids are Russian already: gettext's fuzzy guesses are wrong words, drop them.
	msgattrib --clear-fuzzy --empty --clear-previous -o $(PO) $(PO)
	cd orbita && ../$(PY) ../manage.py compilemessages -l ru

clean: ## Remove the virtualenv, installed front-end libraries and local data
	rm -rf $(VENV) node_modules var
