# One command runs the main job (make run), one runs the tests (make test).
# Both create .venv and install what they need on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/gongkai check examples/jiutai-2015.json || test $$? -eq 1
	$(BIN)/gongkai render examples/jiutai-2015.json --to html -o $(OUT)/jiutai-2015.html
	$(BIN)/gongkai render examples/jiutai-2015.json --to docx -o $(OUT)/jiutai-2015.docx
	$(BIN)/gongkai render examples/jiutai-2015.json --to xlsx -o $(OUT)/jiutai-2015.xlsx
	$(BIN)/gongkai render examples/jiutai-2015.json --to csv -o $(OUT)/jiutai-2015.csv
	@echo "Rendered the example report into $(abspath $(OUT))/: jiutai-2015.html .docx .xlsx .csv"

test: $(STAMP)
	$(BIN)/python tools/require_postgres.py
	$(BIN)/ruff check src tests bench tools
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools

clean:
	rm -rf $(VENV) $(OUT)
