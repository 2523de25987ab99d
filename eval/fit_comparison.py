"""Fit how comparison cells choose their sentences and phrases (`CellWeights`) on dev
comparisons.

Two steps, both on the dev comparisons' key facts:

1. The sentence model: a logistic over each sentence's `SENTENCE_FEATURES` for each cell,
   labelled by whether the sentence writes one of the question's key facts. A cell shows the
   sentence the model rates highest, so the sentence that carries what was asked wins over
   one that only repeats the question's words.
2. A small grid over the rest (second sentences, the line under the table, the phrase cut),
   scored by the share of key facts the tables show, with the cells as the product shows them
   (verbatim phrases of at most `CELL_WORDS` words). With a few dozen comparisons, more
   freedom would fit their wording, not the mechanism.

Each question is answered once (`capture`); the grid rebuilds only its table. Called by
`python -m eval.calibrate`, which ships the result under "comparison";
`python -m eval.fit_comparison` prints the 2-fold check (both steps fitted on the comparisons
of half the paper sets, measured on the other half, and the reverse), which is what held-out
questions should be expected to score; `--misses` counts where each key fact is lost.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant.comparison import SENTENCE_FEATURES, CellWeights, aspect_queries
from assistant.types import Hit
from eval.grid import nearest_first
from eval.loaders import is_conversation_file, load_qa_jsonl
from eval.metrics import key_fact_hit, writes_fact

GRID = {
    "roomy_columns": (1, 2),
    "roomy_phrases": (2, 3),
    "apart_terms": (2, 3),
    "phrase_aspect": (1.0, 0.5),
    "distinct": (0.0, 0.5),
}
# The line under the table reads the terms of this many of each paper's best sentences.
_APART_SENTENCES = 5


@dataclass
class Case:
    """One dev comparison as the product answered it: the table's inputs, or (when it gave
    no table) its text, which no cell weight changes."""

    question: str
    facts: list[str]
    text: str
    rows: list[Hit] | None = None
    aspects: dict[str, str] | None = None
    names: dict[str, str] | None = None


def comparison_items(files: Sequence[Path]) -> list[tuple[str, list[str]]]:
    """(question, key facts) of every answerable single-turn dev comparison."""
    out = []
    for path in files:
        if is_conversation_file(path):
            continue
        for item in load_qa_jsonl(path):
            # The older dev file marks a comparison by its type alone.
            intent = item.intent or ("comparison" if item.type == "comparison" else None)
            if intent == "comparison" and item.answerable and item.must_include:
                out.append((item.question, list(item.must_include)))
    return out


def comparison_groups(files: Sequence[Path]) -> dict[str, str]:
    """Question -> the papers it compares (their titles, joined): questions about the same
    papers belong to one fold, or a fold would be measured on its own papers again."""
    groups = {}
    for path in files:
        if is_conversation_file(path):
            continue
        for item in load_qa_jsonl(path):
            groups[item.question] = "|".join(sorted(item.gold_titles))
    return groups


def capture(engine: Any, items: Sequence[tuple[str, list[str]]]) -> list[Case]:
    """Each question answered once; a table answer keeps what its table was built from."""
    cases = []
    for question, facts in items:
        answer = engine.answer(question)
        case = Case(question, list(facts), answer.text)
        plan = engine.plan(question)
        if plan.intent == "comparison" and len(answer.hits) >= 2 and answer.text.startswith("|"):
            case.rows = list(answer.hits)
            case.aspects = aspect_queries(plan.aspects)
            case.names = dict(plan.subject_names)
        cases.append(case)
    return cases


def shown(engine: Any, case: Case, weights: CellWeights) -> float:
    """The share of the case's key facts its answer shows with these weights."""
    if case.rows is None or case.aspects is None:
        return key_fact_hit(case.text, case.facts)
    table = engine.table_builder(weights).build(case.rows, case.aspects, case.names)
    return key_fact_hit(f"{table.markdown}\n\n{table.synthesis}", case.facts)


def fit_sentence_model(engine: Any, cases: Sequence[Case], base: CellWeights
                       ) -> CellWeights:
    """`base` with the logistic sentence weights fitted on the cases' tables: a sentence of
    a row is positive when it writes one of the question's key facts."""
    from eval.calibrate import fit_logistic  # calibrate imports this module

    xs, ys = [], []
    builder = engine.table_builder(base)
    for case in cases:
        if case.rows is None or case.aspects is None:
            continue
        features = builder.features(case.rows, case.aspects, case.names, every=True)
        for row, hit in enumerate(case.rows):
            labels = [float(any(writes_fact(s.text, f) for f in case.facts))
                      for s in hit.chunk.sentences]
            for x in features[row]:
                xs.append(x)
                ys.append(np.array(labels))
    if not xs:
        return base
    x, y = np.vstack(xs), np.concatenate(ys)
    if y.min() == y.max():
        return base
    # Standardised for the fit (the features' scales differ), then read back.
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9
    w, b = fit_logistic((x - mean) / spread, y, l2=0.05)
    w = w / spread
    sentence = {name: round(float(v), 4) for name, v in zip(SENTENCE_FEATURES, w, strict=True)}
    return replace(base, sentence=sentence, bias=round(float(b - (mean * w).sum()), 4))


def score_grid(engine: Any, cases: Sequence[Case], model: CellWeights
               ) -> tuple[list[CellWeights], np.ndarray]:
    """Every grid point around `model` (nearest first) and its key-fact share per case."""
    points = list(nearest_first(model, GRID))
    scores = np.array([[shown(engine, case, weights) for case in cases] for weights in points])
    return points, scores


def best_point(scores: np.ndarray, columns: Sequence[int] | None = None) -> int:
    """The first (nearest the defaults) grid point with the best mean over `columns`."""
    chosen = scores if columns is None else scores[:, list(columns)]
    means = chosen.mean(axis=1) if chosen.shape[1] else np.zeros(len(scores))
    return int(np.flatnonzero(means >= means.max() - 1e-9)[0])


def fit_on(engine: Any, cases: Sequence[Case]) -> tuple[CellWeights, float]:
    """Both steps on `cases`: the sentence model, then the grid point with the best mean
    key-fact share (ties keep the smaller change from the defaults)."""
    base = CellWeights(apart_sentences=_APART_SENTENCES)
    if not cases:
        return base, 0.0
    model = fit_sentence_model(engine, cases, base)
    points, scores = score_grid(engine, cases, model)
    best = best_point(scores)
    return points[best], float(scores[best].mean())


def fit_cells(assistant: Any, items: Sequence[tuple[str, list[str]]]
              ) -> tuple[CellWeights, float]:
    """The weights fitted on every dev comparison, and their key-fact share there."""
    return fit_on(assistant.engine, capture(assistant.engine, items))


def folds(questions: Sequence[str], groups: dict[str, str]) -> list[int]:
    """0 or 1 per question, by a hash of the papers it compares."""
    keys = sorted({groups.get(q, q) for q in questions},
                  key=lambda k: hashlib.sha256(k.encode()).hexdigest())
    fold_of = {key: i % 2 for i, key in enumerate(keys)}
    return [fold_of[groups.get(q, q)] for q in questions]


def two_fold(engine: Any, cases: Sequence[Case], groups: dict[str, str]
             ) -> list[dict[str, Any]]:
    """Fit on one half of the compared paper sets, measure on the other, and the reverse;
    beside it, the unfitted weights on the same half."""
    fold = folds([c.question for c in cases], groups)
    out = []
    for fit in (0, 1):
        inside = [c for c, f in zip(cases, fold, strict=True) if f == fit]
        outside = [c for c, f in zip(cases, fold, strict=True) if f != fit]
        weights, inside_score = fit_on(engine, inside)
        out.append({
            "fit_on": fit, "n_fit": len(inside), "n_measured": len(outside),
            "weights": weights.to_json(), "fit_key_facts": round(inside_score, 4),
            "measured_key_facts": round(float(np.mean(
                [shown(engine, c, weights) for c in outside])), 4),
            "unfitted_key_facts": round(float(np.mean(
                [shown(engine, c, CellWeights()) for c in outside])), 4)})
    return out


def where_missed(engine: Any, case: Case, weights: CellWeights) -> dict[str, str]:
    """Per key fact, where the table has it or loses it: "cell", "line" (only in the line
    under the table), "cut" (a cell quotes its sentence, the phrase drops it), "not chosen"
    (its paper's abstract writes it, no cell quotes that sentence), "not written" (no
    compared abstract writes it), or "no table" (the question got another kind of answer)."""
    if case.rows is None or case.aspects is None:
        return {f: "cell" if writes_fact(case.text, f) else "no table" for f in case.facts}
    table = engine.table_builder(weights).build(case.rows, case.aspects, case.names)
    quoted = {n for s in table.sentences for n in s.citations}
    texts = [e.text for e in table.evidence if e.n in quoted]
    out = {}
    for fact in case.facts:
        if writes_fact(table.markdown, fact):
            out[fact] = "cell"
        elif writes_fact(table.synthesis, fact):
            out[fact] = "line"
        elif any(writes_fact(t, fact) for t in texts):
            out[fact] = "cut"
        elif any(writes_fact(s.text, fact) for h in case.rows for s in h.chunk.sentences):
            out[fact] = "not chosen"
        else:
            out[fact] = "not written"
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m eval.fit_comparison`: the 2-fold check on the dev comparisons."""
    from eval.calibrate import DEV_FILES, dev_index

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("files", nargs="*", default=list(DEV_FILES))
    parser.add_argument("--misses", action="store_true",
                        help="count where the shipped weights lose each key fact instead")
    parser.add_argument("--cache", type=Path,
                        help="eval indexes (default ~/.cache/paperchat-eval): the index "
                             "`paperchat eval --cache` measures on, not the user's own")
    args = parser.parse_args(argv)
    try:
        assistant, files = dev_index(args.files, args.cache)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    cases = capture(assistant.engine, comparison_items(files))
    if args.misses:
        kinds = [(case.question, fact, kind) for case in cases
                 for fact, kind in where_missed(assistant.engine, case,
                                                assistant.engine.cell_weights).items()]
        counts: dict[str, int] = {}
        for _, _, kind in kinds:
            counts[kind] = counts.get(kind, 0) + 1
        lost = [{"question": q, "fact": f, "kind": k} for q, f, k in kinds
                if k not in ("cell", "line")]
        print(json.dumps({"counts": counts, "lost": lost}, indent=2))
        return 0
    result = two_fold(assistant.engine, cases, comparison_groups(files))
    measured = sum(r["measured_key_facts"] * r["n_measured"] for r in result)
    print(json.dumps({"folds": result, "pooled_measured_key_facts": round(
        measured / max(1, sum(r["n_measured"] for r in result)), 4)}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
