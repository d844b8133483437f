# Two commands on a fresh Debian machine:
#   make run    set everything up, then start the kiosk on http://127.0.0.1:8050
#   make test   set everything up, then run the whole test suite
# Settings pass through: KIOSK_PORT / KIOSK_CONFIG / KIOSK_DATA_DIR from the
# environment or the make command line, or flags with ARGS="--port 8060".
#
# What goes into .venv is pinned, with hashes, by requirements.lock (the
# dependencies in pyproject.toml plus its `test` and `bench` extras, for Python 3.11 on
# Linux x86_64). After changing a dependency in pyproject.toml, run `make lock`
# and commit requirements.lock with it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock
PIP_VERSION := 26.3
ARGS ?=

export KIOSK_PORT KIOSK_CONFIG KIOSK_DATA_DIR KIOSK_HOST

.PHONY: setup system-deps lock run web scheduler check test lint bench bench-llm screenshots clean

setup: system-deps $(STAMP)

system-deps:
	@bash scripts/install-system-deps.sh

# Installs exactly what requirements.lock pins (every file checked against its
# hash), then the project itself, editable, from the packages already there:
# --no-index makes that step fail when pyproject.toml asks for a package the lock
# does not have, instead of quietly fetching an unpinned one. A changed lock or
# pyproject.toml reinstalls.
$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip==$(PIP_VERSION)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-index --no-build-isolation -e '.[test,bench]' || \
	  { echo "$(LOCK) does not match pyproject.toml: run 'make lock' and commit $(LOCK)" >&2; exit 1; }
	@touch $@

# make lock: regenerate requirements.lock from pyproject.toml with pip-compile
# (pip-tools, in its own venv under .venv, never in .venv itself), with hashes,
# for Python 3.11 on Linux x86_64; needs PyPI. Pins that still satisfy
# pyproject.toml are kept; ARGS="--upgrade" moves every pin to the newest
# allowed release, ARGS="--upgrade-package dash" only that one. Then `make
# setup` installs the new lock, and requirements.lock is committed.
LOCK_VENV := $(VENV)/.lock-tools
lock:
	@$(PYTHON) -c 'import platform, sys; assert sys.version_info[:2] == (3, 11) and sys.platform == "linux" and platform.machine() == "x86_64", "make lock resolves for CPython 3.11 on Linux x86_64: run it on such a machine or with PYTHON=python3.11"'
	test -x $(LOCK_VENV)/bin/pip-compile || $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet pip==$(PIP_VERSION) pip-tools==7.6.2
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	  --extra test --extra bench --build-deps-for editable --strip-extras \
	  --no-emit-index-url --no-emit-find-links \
	  --output-file $(LOCK) $(ARGS) pyproject.toml

run: setup
	$(PY) -m kiosk_app run $(ARGS)

web: setup
	$(PY) -m kiosk_app web $(ARGS)

scheduler: setup
	$(PY) -m kiosk_app scheduler $(ARGS)

check: setup
	$(PY) -m kiosk_app check $(ARGS)

# the tests also need the PostgreSQL server (they start one of their own)
test: setup
	@bash scripts/install-system-deps.sh --test
	$(PY) -m pytest $(ARGS)

lint: setup
	$(VENV)/bin/ruff check .

bench: setup
	$(PY) -m benchmarks $(ARGS)

# the briefing with a real local model (llama.cpp server, Gemma 3 270M unless
# ARGS="--model FILE.gguf"): builds llama-cpp-python once (~30 min on 2 cores)
# into ~/.cache/kiosk-llm and reuses it; never part of `make test`
bench-llm: setup
	$(PY) benchmarks/llm_briefing.py $(ARGS)

screenshots: setup
	$(PY) scripts/screenshots.py $(ARGS)

clean:
	rm -rf $(VENV) var screenshots
