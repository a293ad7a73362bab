# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run serve test bench demo room

SERVERS ?= 2

$(VENV)/.runtime: requirements.txt booster_components/pyproject.toml
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

## A big room (up to 200 phones) on one laptop: SERVERS app servers (one per core) on the file store, behind
## nginx on port 8501 (deploy/laptop.py); open the app at http://<laptop's Wi-Fi address>:8501/. Ctrl-C stops it.
room: $(VENV)/.runtime
	@command -v nginx >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx)
	$(PY) -m booster seed-demo
	$(PY) deploy/laptop.py --servers $(SERVERS)

## Hosted: the PostgreSQL schema (BOOSTER_STORE=postgresql://...), then SERVERS app servers on
## 127.0.0.1:8501, 8502, ... for nginx to put behind one address (deploy/README.md). Ctrl-C stops them all.
serve: $(VENV)/.runtime
	@case "$$BOOSTER_STORE" in postgres*) ;; *) echo "set BOOSTER_STORE=postgresql://... first"; exit 2;; esac
	$(PY) -m booster db upgrade
	for i in $$(seq 1 $(SERVERS)); do \
	  $(PY) -m streamlit run app.py --server.port $$((8500 + i)) --server.address 127.0.0.1 & \
	done; wait

## Install everything the tests need (Python packages; Debian's chromium, poppler-utils, DejaVu fonts, postgresql
## and nginx), lint (ruff.toml), then run the whole suite. The tests start their own PostgreSQL and nginx.
test: $(VENV)/.dev
	@command -v chromium >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq postgresql)
	@command -v nginx >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx)
	@command -v pdftoppm >/dev/null && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || \
		($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils fonts-dejavu-core)
	$(PY) -m ruff check .
	$(PY) -m pytest

## Every bench module's figures against floors measured in the same run; `make bench QUICK=1`: a ~3-minute check;
## MARKDOWN=1: the table as README.md's "Performance" section holds it (date, machine load, commands).
bench: $(VENV)/.dev
	$(PY) bench/run.py $(if $(QUICK),--quick) $(if $(MARKDOWN),--markdown)

## The bench-only floor packages (requirements-bench.txt), without their stale pins on pandas and numpy.
$(VENV)/.bench: requirements-bench.txt $(VENV)/.dev
	$(PY) -m pip install --quiet --no-deps -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench
