# Two commands on a fresh Debian machine:
#   make run    set everything up, then start the kiosk on http://127.0.0.1:8050
#   make test   set everything up, then run the whole test suite
# Settings pass through: KIOSK_PORT / KIOSK_CONFIG / KIOSK_DATA_DIR from the
# environment or the make command line, or flags with ARGS="--port 8060".

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ARGS ?=

export KIOSK_PORT KIOSK_CONFIG KIOSK_DATA_DIR KIOSK_HOST

.PHONY: setup system-deps run web scheduler check test lint bench screenshots clean

setup: system-deps $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

run: setup
	$(PY) -m kiosk_app run $(ARGS)

web: setup
	$(PY) -m kiosk_app web $(ARGS)

scheduler: setup
	$(PY) -m kiosk_app scheduler $(ARGS)

check: setup
	$(PY) -m kiosk_app check $(ARGS)

test: setup
	$(PY) -m pytest $(ARGS)

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) -m benchmarks $(ARGS)

screenshots: setup
	$(PY) scripts/screenshots.py $(ARGS)

clean:
	rm -rf $(VENV) var screenshots
