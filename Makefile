# Two commands set everything up on a fresh machine: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EVAL ?= ../shared/eval

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# torch 2.13.0 is the CPU build that lies on this disk; any other version pulls CUDA (GBs).
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/consilience check examples/ --db demo.db --out-dir out

test: $(STAMP)
	$(BIN)/ruff check consilience tests bench
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check consilience tests bench

bench: $(STAMP)
	$(BIN)/python bench/extraction.py --data $(EVAL)/article-extraction
	$(BIN)/python bench/quantities.py --data $(EVAL)/newsquant/NewsQuant-dev.json
	$(BIN)/python bench/analyze.py --pages $(EVAL)/article-extraction
	$(BIN)/python bench/stories.py --data $(EVAL)
	$(BIN)/python bench/summary.py --data $(EVAL)/neus-val
	$(BIN)/python bench/pipeline.py --data $(EVAL)

clean:
	rm -rf $(VENV) out demo.db
