# The two commands of the README. Each one installs what it needs first (idempotent).
.PHONY: serve test setup build validate lint benchmark lighthouse

VENV := .venv/bin
export NO_MKDOCS_2_WARNING := 1

## serve: set everything up, then build and serve the demo site on http://127.0.0.1:8000
serve: setup
	$(VENV)/cpts serve

## test: set everything up (with Debian's chromium), then run every check and test
test:
	./scripts/bootstrap.sh --browser
	$(VENV)/ruff check generator tests benchmarks scripts
	$(VENV)/cpts validate
	$(VENV)/cpts codeowners --check
	$(VENV)/pytest

setup:
	./scripts/bootstrap.sh

build: setup
	$(VENV)/cpts build --strict

validate: setup
	$(VENV)/cpts validate

benchmark: setup
	$(VENV)/python benchmarks/run.py

## lighthouse: Lighthouse scores of the demo (mobile) on Debian's chromium; not part of make test
lighthouse: setup
	npm ci --prefix benchmarks/lighthouse --ignore-scripts --no-audit --no-fund --loglevel=error
	$(VENV)/python benchmarks/lighthouse.py
