# Two commands set everything up on a fresh machine:
#   make demo   - create .venv, install realist, run the HIPP example end to end
#   make test   - install the dev extras (and Graphviz, pdflatex and Chromium if missing), run the suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip --disable-pip-version-check -q

.PHONY: demo test lint format bench docs graphviz latex chromium clean help

help:
	@echo "make demo | test | lint | format | bench | docs | clean"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamps re-run the install when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -e ".[dev]"
	@touch $(VENV)/.installed $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-dev
	$(PIP) install -e ".[dev,bench]"
	@touch $@

# setqca pins pandas < 3, so the QCA competitors live in an environment of their own.
COMPETITORS := .venv-bench-competitors
$(COMPETITORS)/.installed:
	$(PYTHON) -m venv $(COMPETITORS)
	$(COMPETITORS)/bin/python -m pip --disable-pip-version-check -q install setqca pyqca
	@touch $@

demo: $(VENV)/.installed
	$(BIN)/realist demo --out realist-demo

graphviz:
	@bash scripts/ensure-program.sh dot "render diagrams" graphviz -- \
	  "Fedora:         sudo dnf install graphviz" "macOS:          brew install graphviz" \
	  "conda:          conda install -c conda-forge graphviz"

# pdflatex compiles the LaTeX tables in a test, so escaping is proved, not assumed.
latex:
	@bash scripts/ensure-program.sh pdflatex "compile LaTeX tables" \
	  texlive-latex-base texlive-latex-recommended -- \
	  "macOS:          brew install --cask mactex-no-gui" "conda:          conda install -c conda-forge texlive-core"

# Headless Chromium, driven by chromedriver, opens the explorer in the browser tests.
chromium:
	@bash scripts/ensure-program.sh chromium "drive the explorer in a browser" \
	  chromium chromium-driver -- \
	  "Fedora:         sudo dnf install chromium chromedriver" \
	  "macOS:          brew install --cask chromium chromedriver"
	@bash scripts/ensure-program.sh chromedriver "drive the explorer in a browser" \
	  chromium-driver -- \
	  "Fedora:         sudo dnf install chromedriver" "macOS:          brew install --cask chromedriver"

test: $(VENV)/.installed-dev graphviz latex chromium
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

format: $(VENV)/.installed-dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(VENV)/.installed-bench $(COMPETITORS)/.installed graphviz chromium
	REALIST_BENCH_PYTHON=$(CURDIR)/$(COMPETITORS)/bin/python $(BIN)/python benchmarks/run_all.py

docs: $(VENV)/.installed-dev
	$(BIN)/mkdocs build --strict

clean:
	rm -rf $(VENV) $(COMPETITORS) realist-demo site .pytest_cache .mypy_cache .ruff_cache .hypothesis
