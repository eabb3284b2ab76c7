# xinbao: two commands on a fresh machine.
#   make run    set up and serve the demo (SQLite, demo data, a login per role printed)
#   make test   set up, check the types (make typecheck), and run the whole test suite
# Also: make bench (benchmarks, SCALE=small for a quick run), make lint, make typecheck, make worker,
# make messages.

SHELL := /bin/bash
# The first candidate that actually runs (a pyenv shim may exist for a version that is not
# installed), is >= 3.11 and can build a venv (Debian needs python3-venv for that).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do $$p -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test bench lint typecheck worker messages check-python venv venv-test migrate demo system-packages clean

check-python:
	@if [ -z "$(PYTHON)" ]; then \
		echo "找不到可用的 Python >= 3.11（含 venv 模块；当前 python3: $$(python3 --version 2>&1)）。Debian: apt-get install python3 python3-venv"; \
		echo "No usable Python >= 3.11 with the venv module found (Debian: apt-get install python3 python3-venv)."; exit 1; fi
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
		echo "Python 版本过低：$$($(PYTHON) --version)。需要 Python >= 3.11 / Python >= 3.11 is required."; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
		echo "缺少 venv/ensurepip 模块：请安装 python3-venv（Debian: apt-get install python3-venv）。"; exit 1; }

$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Re-install only when a requirements file changes (a stamp per file set).
$(VENV)/.stamp-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.stamp-test: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@ $(VENV)/.stamp-run

venv: $(VENV)/.stamp-run
venv-test: $(VENV)/.stamp-test

migrate: venv
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo_data --host $(HOST)

# The worker runs beside the server: scoring, search indexing, reminders and e-mail happen in its tasks
# (without it the demo's pages would show 计分中 after every adoption).
run: demo
	@echo "启动演示站点 http://$(HOST)/ 及后台任务（计分、索引、提醒）（Ctrl+C 停止）"
	@$(BIN)/python manage.py worker --interval 2 & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT; \
		$(BIN)/python manage.py runserver $(HOST)

worker: migrate
	$(BIN)/python manage.py worker

# Browser tests need Debian's chromium and a CJK font; PDFs need LibreOffice. Install them when
# we can (root with apt); otherwise say what is missing (those tests then report as skipped).
system-packages:
	@missing=""; \
	for pkg in chromium fonts-noto-cjk poppler-utils libreoffice-writer-nogui; do \
		dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "安装系统软件包:$$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		else echo "缺少系统软件包:$$missing（apt-get install$$missing）；相关测试将被跳过。"; fi; \
	fi

# The typecheck runs first (CI calls `make test`); mypy's cache (.mypy_cache, gitignored) keeps it to seconds.
# Browser tests run in their own process after the rest: their live server flushes the test database
# between modules, and on SQLite that flush fails after the whole unit suite has run in the same process
# (seen only then; each part passes alone, and both pass in one process on PostgreSQL). Exit code 5 is
# "nothing selected" (PYTEST_ARGS naming non-browser tests only).
test: venv-test system-packages typecheck
	$(BIN)/python -m pytest -m "not e2e" $(PYTEST_ARGS)
	$(BIN)/python -m pytest -m e2e $(PYTEST_ARGS) || [ $$? -eq 5 ]

bench: venv-test
	$(BIN)/python bench/run.py

lint: venv-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MYPY) $(TYPED)

# Types of the domain code (mypy + django-stubs, settings in mypy.ini), zero errors; run by `make test`
# and `make lint`. Every app is listed; a new app joins this list when it lands.
TYPED := xinbao/core xinbao/orgs xinbao/audit xinbao/notify xinbao/items xinbao/publications xinbao/instructions xinbao/commissions xinbao/urgent xinbao/scoring xinbao/insights xinbao/api
# Its own cache: a module once checked loudly (`mypy xinbao` by hand) keeps its errors in the default cache,
# and mypy would replay them here even though mypy.ini reads that module silently.
MYPY := $(BIN)/mypy --cache-dir .mypy_cache/typed
typecheck: venv-test
	$(MYPY) $(TYPED)

# Regenerate the English catalog from the Chinese msgids, then compile it (the .mo is committed,
# so running the site needs no gettext). Translate the empty msgstr entries in locale/en.
messages: venv
	$(BIN)/python manage.py makemessages -l en --no-obsolete -i .venv -i var -i static/vendor -i bench -i tests
	$(BIN)/python manage.py compilemessages -l en -l zh_Hans -i .venv -i var

clean:
	rm -rf $(VENV) var
