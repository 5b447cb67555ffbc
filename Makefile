# Two commands for a fresh machine (see README): `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < pyproject.toml | cut -d' ' -f1)

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $@

demo: $(STAMP)
	$(VENV)/bin/renda demo

test: $(STAMP)
	scripts/with-neo4j $(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check renda tests bench scripts
	$(VENV)/bin/mypy renda
	$(VENV)/bin/deptry --no-ansi renda

bench: $(STAMP)
	$(PY) bench/ingest_areas.py

clean:
	rm -rf $(VENV) renda.db renda.db-wal renda.db-shm
