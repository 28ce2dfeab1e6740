# The two commands a newcomer needs are `make run` and `make test`; see README.md.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= 2

.PHONY: run test install install-dev migrate seed lint audit check ci browsers clean-db

$(PY):
	$(PYTHON) -m venv $(VENV)

# Stamps make a second `make run` reuse the installed environment until the pins change.
$(VENV)/.runtime: requirements.txt constraints.txt pyproject.toml | $(PY)
	$(PIP) install -q -r requirements.txt -c constraints.txt
	$(PIP) install -q --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PIP) install -q -r requirements-dev.txt -c constraints.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(VENV)/bin/wholeroute seed --demo

run: seed
	$(VENV)/bin/wholeroute serve --host $(HOST) --port $(PORT)

test: install-dev
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

audit: install-dev
	$(PY) .ci/dependency_audit.py

check: install-dev
	$(PY) manage.py makemigrations --check --dry-run
	WHOLEROUTE_ENV=production SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=wholeroute.example.eu \
		$(PY) manage.py check --deploy --fail-level WARNING

# Debian's Chromium for the browser tests (Playwright cannot download its own browser here).
browsers:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

ci:
	bash .ci/run
