# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test fuzz bench fixtures clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/mstrack ingest data/raw --out data/out
	$(BIN)/mstrack validate data/out

test: $(STAMP)
	$(BIN)/pytest

# The fuzz tests of `make test` (mutated samples, generated table layouts) with thousands of cases.
fuzz: $(STAMP)
	MSTRACK_FUZZ=long $(BIN)/pytest tests/test_fuzz.py tests/test_layouts.py
# Throughput, start-up, validation speed and memory, with their baselines; prints a table and writes
# bench/results.json (see BENCHMARKS.md). N=200 documents by default: make bench ARGS="--n 50".
bench: $(STAMP)
	$(BIN)/python -m bench.run $(ARGS)

# Rebuilds tests/fixtures/native/ from data/raw; the .pdf, .doc and .xls files need LibreOffice, a
# CJK font and Chromium (apt-get install libreoffice-writer-nogui libreoffice-calc-nogui
# fonts-wqy-zenhei chromium). The outputs are committed.
fixtures: $(STAMP)
	$(BIN)/pip install --quiet -e '.[fixtures]'
	$(BIN)/python scripts/make_fixtures.py

clean:
	rm -rf $(VENV) data/out/*.parquet data/out/datapackage.json data/out/README.md data/out/.current data/out/.gen-* data/out/.lock
