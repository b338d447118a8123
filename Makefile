# Two commands matter: `make site` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
CONTENT ?= content
SITE    ?= site

.PHONY: site offline serve check annotations test lint typecheck browser-deps lock clean

# The venv is rebuilt whenever the lock file or the project metadata changes.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

site: $(VENV)/.installed
	$(BIN)/explainer build --content $(CONTENT) --site-dir $(SITE)

# A copy that works opened from disk (file://), and site-offline.zip of it.
offline: $(VENV)/.installed
	$(BIN)/explainer build --offline --content $(CONTENT) --site-dir $(SITE)-offline

serve: $(VENV)/.installed
	$(BIN)/explainer serve --content $(CONTENT)

check: $(VENV)/.installed
	$(BIN)/explainer check --content $(CONTENT)

# The same checks as GitHub Actions annotations (used by .github/workflows/site.yml).
annotations: $(VENV)/.installed
	$(BIN)/explainer check --content $(CONTENT) --format github

browser-deps:
	bash scripts/install-chromium.sh

test: $(VENV)/.installed browser-deps
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check builder tests
	$(BIN)/ruff format --check builder tests

typecheck: $(VENV)/.installed
	$(BIN)/mypy

# Regenerate the pinned lock file after changing dependencies in pyproject.toml.
lock:
	$(PYTHON) -m venv .lockenv && .lockenv/bin/pip install --quiet uv
	.lockenv/bin/uv pip compile pyproject.toml --extra test --python-version 3.11 \
		--generate-hashes --no-header -o requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(SITE) $(SITE)-offline $(SITE)-offline.zip build .pytest_cache

# Performance at scale: synthetic bundles of 10 to 1,000 articles, per-stage timings and memory,
# benchmarks/results.json and results.svg (about 5 minutes here; see benchmarks/README.md).
# BENCH_ARGS=--with-10k adds N=10,000 (builder stages only; long).
.PHONY: bench
bench: $(VENV)/.installed
	$(BIN)/python -m benchmarks.run $(BENCH_ARGS)
