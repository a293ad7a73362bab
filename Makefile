# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test bench demo

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## Start the app on the file store (./sessions, or $$BOOSTER_DATA_DIR), seeding a demo session if empty.
run: $(VENV)/.runtime
	$(PY) -m booster seed-demo
	$(PY) -m streamlit run app.py

## Install everything the tests need (Python packages; Debian's chromium, poppler-utils and DejaVu fonts), lint (ruff.toml), then run the whole suite.
test: $(VENV)/.dev
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)
	@command -v pdftoppm >/dev/null && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils fonts-dejavu-core)
	$(PY) -m ruff check .
	$(PY) -m pytest

bench: $(VENV)/.dev
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done
