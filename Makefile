# conflictwatch — every set-up step lives here so a fresh clone needs only `make demo` / `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA_DIR ?= $(or $(CONFLICTWATCH_DATA_DIR),$(CURDIR)/data)
UV_VERSION := 0.13.9

.PHONY: install demo test test-fast lint airflow bench eval lock clean help

help:
	@echo "make demo    - install, serve the sample feeds locally, run the DAGs once through Airflow, print trends"
	@echo "make test    - install and run the whole test suite"
	@echo "make test-fast - the suite without the slow and live production-stack tests"
	@echo "make install - create .venv and install the pinned dependencies (the other targets do it too)"
	@echo "make airflow - start 'airflow standalone' on dags/ (ingest every 15 min on config/feeds.yaml)"
	@echo "make bench   - run the benchmarks (numbers go to BENCHMARKS.md by hand)"
	@echo "make eval    - tagger and clustering evaluation figures"
	@echo "make lint    - ruff"
	@echo "make lock    - re-pin requirements.lock from pyproject.toml"
	@echo "make clean   - remove .venv and caches"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "conflictwatch needs Python 3.11 (set PYTHON=/path/to/python3.11)"'
	$(PYTHON) -m venv $(VENV)

# Re-install whenever the lock file or the project metadata changes.
$(STAMP): $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip install --python $(BIN)/python --quiet --compile-bytecode -r requirements.lock
	$(BIN)/uv pip install --python $(BIN)/python --quiet --no-deps -e .
	@touch $(STAMP)

install: $(STAMP)

demo: install
	CONFLICTWATCH_DATA_DIR=$(DATA_DIR) $(BIN)/conflictwatch demo $(if $(DEMO_PORT),--port $(DEMO_PORT))

test: install
	$(BIN)/python -m pytest -q -rs -p no:cacheprovider

test-fast: install
	$(BIN)/python -m pytest -q -rs -p no:cacheprovider -m "not slow and not production"

lint: install
	$(BIN)/ruff check .

airflow: install
	CONFLICTWATCH_DATA_DIR=$(DATA_DIR) scripts/airflow_standalone.sh

bench: install
	$(BIN)/python scripts/bench.py

eval: install
	$(BIN)/python scripts/eval_tagger.py --split heldout
	$(BIN)/python scripts/eval_tagger.py --split heldout_b
	$(BIN)/python scripts/eval_tagger.py --split heldout_i
	$(BIN)/python scripts/eval_tagger.py --split heldout_k
	$(BIN)/python scripts/eval_tagger.py --split heldout_l
	$(BIN)/python scripts/eval_tagger.py --split heldout_o
	$(BIN)/python scripts/eval_tagger.py --split heldout_p
	$(BIN)/python scripts/eval_tagger.py --split heldout_s
	$(BIN)/python scripts/eval_tagger.py --split heldout_v
	$(BIN)/python scripts/eval_tagger.py --split heldout_w
	$(BIN)/python scripts/eval_tagger.py --split heldout_x
	$(BIN)/python scripts/eval_tagger.py --split heldout_y
	$(BIN)/python scripts/eval_tagger.py --split heldout_z
	$(BIN)/python scripts/eval_tagger.py --split heldout_aa
	$(BIN)/python scripts/eval_tagger.py --split heldout_ab
	$(BIN)/python scripts/eval_fields.py
	$(BIN)/python scripts/eval_clusters.py
	$(BIN)/python scripts/eval_clusters.py --pairs tests/dedupe/cases/pairs_b.jsonl --article-pairs tests/dedupe/cases/article_pairs_b.jsonl
	$(BIN)/python scripts/eval_clusters.py --pairs tests/dedupe/cases/pairs_c.jsonl --article-pairs tests/dedupe/cases/article_pairs_c.jsonl
	$(BIN)/python scripts/eval_clusters.py --pairs tests/dedupe/cases/pairs_d.jsonl --article-pairs tests/dedupe/cases/article_pairs_d.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_e.jsonl --article-pairs tests/dedupe/cases/article_pairs_e.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_f.jsonl --article-pairs tests/dedupe/cases/article_pairs_f.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_g.jsonl --article-pairs tests/dedupe/cases/article_pairs_g.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_h.jsonl --article-pairs tests/dedupe/cases/article_pairs_h.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_i.jsonl --article-pairs tests/dedupe/cases/article_pairs_i.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_j.jsonl --article-pairs tests/dedupe/cases/article_pairs_j.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_k.jsonl --article-pairs tests/dedupe/cases/article_pairs_k.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/heldout_pairs_9.jsonl --article-pairs tests/dedupe/cases/heldout_article_pairs_9.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_l.jsonl --article-pairs tests/dedupe/cases/article_pairs_l.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_m.jsonl --article-pairs tests/dedupe/cases/article_pairs_m.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_n.jsonl --article-pairs tests/dedupe/cases/article_pairs_n.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_o.jsonl --article-pairs tests/dedupe/cases/article_pairs_o.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_p.jsonl --article-pairs tests/dedupe/cases/article_pairs_p.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_q.jsonl --article-pairs tests/dedupe/cases/article_pairs_q.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/pairs_r.jsonl --article-pairs tests/dedupe/cases/article_pairs_r.jsonl
	$(BIN)/python scripts/eval_clusters.py --batch-minutes 15 --pairs tests/dedupe/cases/heldout_pairs_17.jsonl --article-pairs tests/dedupe/cases/heldout_article_pairs_17.jsonl

# Re-pin every dependency from pyproject.toml (then run `make test` before committing the lock).
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
