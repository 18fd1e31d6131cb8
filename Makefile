# Two entry points that work on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-fast lint golden bench freeze-schemas clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# An editable install is not byte-compiled (a wheel install is); do it here so a cold
	# `playbook check` does not recompile its modules on every start.
	$(BIN)/python -m compileall -q generator
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/playbook check content/examples/*.yaml
	$(BIN)/playbook plan content/examples/*.yaml -o build/playbooks
	$(BIN)/playbook build content/examples -o build/sites
	@echo "Playbooks written to build/playbooks/; client sites to build/sites/ (open build/sites/<client>/index.html)"

lint: $(STAMP)
	$(BIN)/ruff check generator tests bench hatch_build.py
	$(BIN)/ruff format --check generator tests bench hatch_build.py
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# The edit loop: everything but the tests that drive Chromium.
test-fast: lint
	$(BIN)/pytest -m "not browser"

golden: $(STAMP)
	$(BIN)/pytest tests/render/test_golden.py --update-golden

bench: $(STAMP)
	$(BIN)/python bench/bench_core.py
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_guide.py
	$(BIN)/python bench/bench_sites.py
	$(BIN)/python bench/bench_measure.py

# At a release, with the released version in generator/__init__.py: keep this version's JSON
# Schemas in content/schemas/<version>/, so the guide publishes them after the next release
# too (a deploy replaces the whole site). Commit the folder with the release.
freeze-schemas: $(STAMP)
	$(BIN)/python -m playbook.guide.schemas content

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
