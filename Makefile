# Two commands a newcomer needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Test processes (pytest-xdist): one per core; TEST_PROCESSES=0 runs the suite in one process.
TEST_PROCESSES ?= auto
HOST ?= 127.0.0.1

.PHONY: run test setup messages worker beat bench clean screenshots

# Python environment: rebuilt only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -U pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

setup: $(VENV)/.installed
	@bash scripts/system-packages.sh run
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

run: setup
	$(BIN)/python manage.py migrate --noinput -v 0
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "国研フォローアップ (demo) → http://$(HOST):$(PORT)/"
	@echo "Sign in with one of the demo logins above. Stop with Ctrl+C."
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	@bash scripts/system-packages.sh test
	$(BIN)/python manage.py collectstatic --noinput -v 0
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

# README screenshots (docs/screenshots/): a throw-away demo installation, Debian's Chromium.
screenshots: setup
	@bash scripts/system-packages.sh test
	$(BIN)/python scripts/screenshots.py

# Refresh the translation catalogues after changing visible strings.
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l ja -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=.venv -v 0

# With REDIS_URL set (see README): a real worker and scheduler.
worker: setup
	$(BIN)/celery -A kokken worker -l info

beat: setup
	$(BIN)/celery -A kokken beat -l info

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 media
