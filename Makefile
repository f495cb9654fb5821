# One command runs the main job (make run), one runs the tests (make test).
# Both create .venv and install what they need on a fresh machine.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
OUT ?= out
ECHARTS_VERSION := 6.1.0
ECHARTS := src/gongkai/static/echarts.min.js
HTMX_VERSION := 2.0.11
HTMX := src/gongkai/static/htmx.min.js
CHROMIUM := /usr/bin/chromium
# What WeasyPrint prints PDF with (docs/pdf.md): Pango, and the open CJK fonts every PDF embeds.
PDF_PACKAGES := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
PG_DUMP := /usr/bin/pg_dump
# The browser tests' accessibility check (GB/T 37668-2019 / WCAG 2.1 AA), a test asset never served.
AXE_VERSION := 4.14.1
AXE := tests/web/assets/axe.min.js
# The Chinese fonts Chromium draws the pages (and the screenshots of test-artifacts/) with.
CJK_FONTS := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
# pytest-django creates (and drops) test_gongkai on this server.
POSTGRES_TEST_URL ?= postgres://postgres@127.0.0.1:5432/gongkai

.PHONY: run test bench lint clean pdf-packages bench-packages

$(STAMP): pyproject.toml $(ECHARTS) $(HTMX)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# ECharts and htmx are shipped as static files taken from their npm packages (no CDN: pages must work offline).
$(ECHARTS):
	command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	mkdir -p build/npm $(dir $@)
	npm install --prefix build/npm --no-audit --no-fund --silent echarts@$(ECHARTS_VERSION)
	cp build/npm/node_modules/echarts/dist/echarts.min.js $@

$(HTMX):
	command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	mkdir -p build/npm $(dir $@)
	npm install --prefix build/npm --no-audit --no-fund --silent htmx.org@$(HTMX_VERSION)
	cp build/npm/node_modules/htmx.org/dist/htmx.min.js $@

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
$(CHROMIUM):
	apt-get update && apt-get install -y chromium

pdf-packages:
	dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1 || (apt-get update && apt-get install -y $(PDF_PACKAGES))

# The web bench loads gunicorn with wrk: an event loop in C, so the load generator leaves the cores to the server.
bench-packages:
	dpkg -s wrk >/dev/null 2>&1 || (apt-get update && apt-get install -y wrk)

# gongkai web backup / restore on PostgreSQL call pg_dump and pg_restore (tested by make test).
$(PG_DUMP):
	apt-get update && apt-get install -y postgresql-client

$(CJK_FONTS):
	apt-get update && apt-get install -y fonts-noto-cjk

$(AXE):
	command -v npm >/dev/null || (apt-get update && apt-get install -y npm)
	mkdir -p build/npm $(dir $@)
	npm install --prefix build/npm --no-audit --no-fund --silent axe-core@$(AXE_VERSION)
	cp build/npm/node_modules/axe-core/axe.min.js $@

# The audit exits 1 when it finds errors in the reports (its job), 2 when a file could not be read:
# make run says what it wrote, and says so when the audit wrote nothing.
run: $(STAMP) pdf-packages
	@mkdir -p $(OUT)
	$(BIN)/gongkai check examples/jiutai-2015.json || test $$? -eq 1
	$(BIN)/gongkai render examples/jiutai-2015.json --to html -o $(OUT)/jiutai-2015.html
	$(BIN)/gongkai render examples/jiutai-2015.json --to docx -o $(OUT)/jiutai-2015.docx
	$(BIN)/gongkai render examples/jiutai-2015.json --to pdf -o $(OUT)/jiutai-2015.pdf
	$(BIN)/gongkai render examples/jiutai-2015.json --to xlsx -o $(OUT)/jiutai-2015.xlsx
	$(BIN)/gongkai render examples/jiutai-2015.json --to csv -o $(OUT)/jiutai-2015.csv
	@echo "Rendered the example report into $(abspath $(OUT))/: jiutai-2015.html .docx .pdf .xlsx .csv"
	@rm -f $(OUT)/audit.html; status=0; \
	$(BIN)/gongkai audit corpus/cases corpus/seed -o $(OUT)/audit.html > $(OUT)/audit.txt 2>&1 || status=$$?; \
	if [ -s $(OUT)/audit.html ] && [ $$status -le 1 ]; then \
	  echo "Audited the corpus and the seed: $(abspath $(OUT))/audit.html (summary in audit.txt)"; \
	elif [ -s $(OUT)/audit.html ]; then \
	  echo "Audited the corpus and the seed: $(abspath $(OUT))/audit.html; some files could not be read (see audit.txt)"; \
	else \
	  echo "The audit of the corpus wrote nothing (exit $$status): $(abspath $(OUT))/audit.txt says why"; \
	fi
	$(BIN)/gongkai web migrate --noinput
	$(BIN)/gongkai web load_demo
	@echo "gongkai serves http://127.0.0.1:8000/ (public reports: /public/, API: /api/docs, admin: /admin/)"
	$(BIN)/gunicorn gongkai.web.wsgi --bind 127.0.0.1:8000 --workers 2

# Two passes: the whole suite but the browser tests on SQLite, then on PostgreSQL the browser tests and
# the tests of what the database vendor decides (marker `vendor`, set by tests/web/conftest.py). The rule:
# an ordinary web test goes through the ORM the same way on either database, so the SQLite pass has run
# it; what differs per vendor is run on both: (1) every test that commits (transactional_db, live_server:
# row locks, isolation, parallel writers, a flush that truncates or deletes), and (2) the modules listed
# in VENDOR_MODULES, each for code that branches on connection.vendor or speaks SQL of its own (search,
# the throttle's counter, the published versions' query, backup and restore, triggers and migrations,
# index numbers by upsert, bulk inserts) or whose meaning the database decides (counts and sums over
# dates, the demo counted to the seed). A new module of that kind goes into VENDOR_MODULES. A browser
# test (one taking the `browser` fixture) checks what a person sees, which does not depend on the
# database, so it runs once, on PostgreSQL as deployed; a test that makes its own SQLite database
# whatever DATABASE_URL says (sqlite_pass_only in tests/web/conftest.py: the served SQLite deployment
# under parallel writes, settings checked in a subprocess) runs in the first.
# Each pass runs on both cores (pytest-xdist, PYTEST_WORKERS), each worker with its own test database;
# a test file stays on one worker, so that a module's Chromium and served demo are started once.
PYTEST_WORKERS ?= 2
test: $(STAMP) $(CHROMIUM) $(CJK_FONTS) $(AXE) $(PG_DUMP) pdf-packages
	$(BIN)/python tools/require_postgres.py
	$(BIN)/ruff check src tests bench tools
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "not browser"
	DATABASE_URL=$(POSTGRES_TEST_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile -m "browser or vendor" tests/web

bench: $(STAMP) pdf-packages bench-packages
	$(BIN)/python tools/require_postgres.py
	$(BIN)/python bench/run.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench tools

clean:
	rm -rf $(VENV) $(OUT)
