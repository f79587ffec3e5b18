# Two commands for a new developer: `make run` and `make test`. Needs Python 3.11+ and make.
# `make test` is the fast loop (no slow or browser tests); `make test-all` runs everything.
# Both print the ten slowest tests at the end.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: install run code lint test test-all bench format clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11 or similar.")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# `make run PORT=8080` serves on another port; links in mails and the printed login follow it.
PORT ?= 8000
DJANGO_SITE_URL ?= http://127.0.0.1:$(PORT)
export DJANGO_SITE_URL

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py fold_funnel --schedule
	$(BIN)/python manage.py run_worker --interval 1 & worker=$$!; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & server=$$!; \
	trap 'kill $$worker $$server 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py wait_for_site $(DJANGO_SITE_URL)/healthz && \
	echo "De site draait op $(DJANGO_SITE_URL)/ met de taak-worker ernaast (stoppen: Ctrl+C)"; \
	wait $$server

# The second-factor code of a demo user, for whoever has no authenticator app at hand.
code: install
	@$(BIN)/python manage.py demo_code $(USER)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

# The fast loop builds the test database straight from the models, seconds sooner than running
# every migration; lint has just checked that the migrations describe the same models, and
# test-all (what CI runs) builds the database with the migrations, as production does.
# Two workers (one a core on this machine); tests that share the real Redis stay on one.
test: lint
	$(BIN)/pytest -m "not slow and not browser" --no-migrations --durations=10 \
		-n 2 --dist loadgroup

test-all: lint
	$(BIN)/pytest --durations=10

bench: install
	$(BIN)/python bench/run.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache *.egg-info
