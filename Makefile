# One command runs the main job (make run), one runs the tests (make test).
# Both create .venv and install what they need on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out
ECHARTS_VERSION := 6.1.0
ECHARTS := src/gongkai/static/echarts.min.js

.PHONY: run test bench lint clean

$(STAMP): pyproject.toml $(ECHARTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# ECharts is shipped as a static file taken from the npm package (no CDN: pages must work offline).
$(ECHARTS):
	command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	mkdir -p build/npm $(dir $@)
	npm install --prefix build/npm --no-audit --no-fund --silent echarts@$(ECHARTS_VERSION)
	cp build/npm/node_modules/echarts/dist/echarts.min.js $@

run: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/gongkai check examples/jiutai-2015.json || test $$? -eq 1
	$(BIN)/gongkai render examples/jiutai-2015.json --to html -o $(OUT)/jiutai-2015.html
	$(BIN)/gongkai render examples/jiutai-2015.json --to docx -o $(OUT)/jiutai-2015.docx
	$(BIN)/gongkai render examples/jiutai-2015.json --to xlsx -o $(OUT)/jiutai-2015.xlsx
	$(BIN)/gongkai render examples/jiutai-2015.json --to csv -o $(OUT)/jiutai-2015.csv
	$(BIN)/gongkai audit ../shared/corpus/cases ../shared/seed -o $(OUT)/audit.html > $(OUT)/audit.txt || true
	@echo "Rendered the example report into $(abspath $(OUT))/: jiutai-2015.html .docx .xlsx .csv"
	@echo "Audited the corpus and the seed: $(abspath $(OUT))/audit.html (summary in audit.txt)"

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
