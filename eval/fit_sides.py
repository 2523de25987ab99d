"""Fit when a comparison's described side is taken to name a paper (`SideWeights`) on dev
questions.

Every single-turn dev question is understood once with a resolver that records what it is
asked and takes nothing: the questions that join a named paper with more words ("Self-J and the
adaptive inference-time compute paper", and also "rStar-Math's MATH and GSM8K scores") give
the sides resolution is tried on. Each side's candidates are labelled by the question's gold
papers: the one it describes is positive; every candidate of a side that describes no paper of
the collection is negative. A logistic over `SIDE_FEATURES` is fitted on the candidates, then
the threshold on the best candidate's score that makes the most right decisions (take it when
it is the described paper; leave the side unresolved otherwise), ties to the higher one.

Called by `python -m eval.calibrate` (shipped under "sides");
`python -m eval.fit_sides --cache <eval index>` prints the 3-fold check (folds by the
question's papers) and the sides it got wrong.
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

from assistant.sides import SIDE_FEATURES, SideWeights
from assistant.understanding import understand
from eval.loaders import is_conversation_file, load_qa_jsonl


@dataclass
class Side:
    """One resolution understanding tried: the side's words, the candidates' features and
    which of them the question's gold papers hold."""

    question: str
    text: str
    exclude: set[str]
    papers: list[str]
    features: np.ndarray  # one row per candidate, `SIDE_FEATURES` order
    gold: list[bool]
    group: str  # the question's gold papers, for folds


def collect(assistant: Any, files: Sequence[Path]) -> list[Side]:
    """The sides understanding tries to resolve on the files' single-turn questions."""
    engine = assistant.engine
    retriever = engine._retriever
    by_title = {p.title: pid for pid, p in retriever.papers.items()}
    sides: list[Side] = []
    for path in files:
        if is_conversation_file(path):
            continue
        for item in load_qa_jsonl(path):
            gold = {by_title[t] for t in item.gold_titles if t in by_title}
            asked: list[tuple[str, set[str]]] = []

            def record(text: str, exclude: set[str],
                       asked: list[tuple[str, set[str]]] = asked) -> dict[str, str]:
                asked.append((text, set(exclude)))
                return {}

            understand(item.question, [], retriever, record)
            for text, exclude in asked:
                candidates = engine.sides.candidates(text, exclude)
                if not candidates:
                    continue
                sides.append(Side(
                    item.question, text, exclude, [c.paper_id for c in candidates],
                    np.array([[c.features[f] for f in SIDE_FEATURES] for c in candidates]),
                    [c.paper_id in gold - exclude for c in candidates],
                    "|".join(sorted(gold)) or item.question))
    return sides


# Chosen by the 3-fold check among 0.05, 0.3 and 1.0: with a few dozen described sides, a
# stronger pull towards 0 kept fewer wrong papers out of fold.
L2 = 0.3


def fit(sides: Sequence[Side], base: SideWeights | None = None, inner: int = 3
        ) -> SideWeights:
    """The logistic on the sides' candidates; the threshold on the best candidate's score as
    sides the weights were not fitted on score it (each fold's by weights fitted on the
    others), which is how a new question's side will score."""
    weights = _weights(sides, base or SideWeights())
    if inner < 2:
        return replace(weights, threshold=_threshold([_top(s, weights) for s in sides]))
    fold_of = _folds(sides, inner)
    tops: list[tuple[float, bool]] = []
    for f in range(inner):
        held = [s for s in sides if fold_of[s.group] == f]
        fitted = _weights([s for s in sides if fold_of[s.group] != f], weights)
        tops += [_top(s, fitted) for s in held]
    return replace(weights, threshold=_threshold(tops))


def _weights(sides: Sequence[Side], base: SideWeights) -> SideWeights:
    from eval.calibrate import fit_logistic  # calibrate imports this module

    if not sides:
        return base
    x = np.vstack([s.features for s in sides])
    y = np.concatenate([np.array(s.gold, dtype=float) for s in sides])
    if y.min() == y.max():
        return base
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9
    w, b = fit_logistic((x - mean) / spread, y, l2=L2)
    w = w / spread
    return replace(base, weights={f: round(float(v), 4)
                                  for f, v in zip(SIDE_FEATURES, w, strict=True)},
                   bias=round(float(b - (mean * w).sum()), 4))


def _folds(sides: Sequence[Side], n: int) -> dict[str, int]:
    """A fold per question's papers, by a hash: the same split on every run."""
    keys = sorted({s.group for s in sides}, key=lambda k: hashlib.sha256(k.encode()).hexdigest())
    return {k: i % n for i, k in enumerate(keys)}


def _top(side: Side, weights: SideWeights) -> tuple[float, bool]:
    scores = [weights.score(dict(zip(SIDE_FEATURES, row, strict=True))) for row in side.features]
    best = int(np.argmax(scores))
    return scores[best], side.gold[best]


# A wrong paper taken turns the answer into a table about a paper nobody asked for; a side
# left unresolved costs one row. The threshold weighs the first twice.
WRONG_COST = 2.0


def _threshold(tops: Sequence[tuple[float, bool]]) -> float:
    """The threshold with the least cost (`WRONG_COST` per wrong paper taken, 1 per described
    paper missed); among ties, the highest."""
    cuts = sorted({round(score, 4) for score, _ in tops} | {0.5, 1.0})
    best_cut, best_cost = 1.0, float("inf")
    for cut in cuts:
        cost = sum(WRONG_COST if score >= cut and not correct else
                   1.0 if score < cut and correct else 0.0 for score, correct in tops)
        if cost < best_cost or (cost == best_cost and cut > best_cut):
            best_cut, best_cost = cut, cost
    # Halfway to the next score below, so a side scoring just under the chosen one is judged
    # like it rather than by the rounding.
    below = [score for score, _ in tops if score < best_cut]
    return round((best_cut + max(below)) / 2, 4) if below else best_cut


def decisions(sides: Sequence[Side], weights: SideWeights) -> dict[str, int]:
    """Counts of: described paper taken, wrong paper taken, described paper missed, side
    rightly left unresolved."""
    out = {"taken_right": 0, "taken_wrong": 0, "missed": 0, "left_right": 0}
    for side in sides:
        score, correct = _top(side, weights)
        taken = score >= weights.threshold
        key = ("taken_right" if correct else "taken_wrong") if taken else (
            "missed" if any(side.gold) else "left_right")
        out[key] += 1
    return out


def cross_check(sides: Sequence[Side], n: int = 3) -> dict[str, Any]:
    """Fit on all but one fold of the questions' papers, decide the held fold, for each fold;
    beside it, the unfitted weights on the same sides."""
    fold_of = _folds(sides, n)
    measured = {"taken_right": 0, "taken_wrong": 0, "missed": 0, "left_right": 0}
    unfitted = dict(measured)
    for f in range(n):
        outside = [s for s in sides if fold_of[s.group] == f]
        weights = fit([s for s in sides if fold_of[s.group] != f])
        for key, count in decisions(outside, weights).items():
            measured[key] += count
        for key, count in decisions(outside, SideWeights()).items():
            unfitted[key] += count
    return {"folds": n, "measured": measured, "unfitted": unfitted}


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m eval.fit_sides`: the fit on every dev file, its 2-fold check, its errors."""
    from eval.calibrate import DEV_FILES, dev_index

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("files", nargs="*", default=list(DEV_FILES))
    parser.add_argument("--cache", type=Path, help="eval indexes (as `paperchat eval --cache`)")
    args = parser.parse_args(argv)
    try:
        assistant, files = dev_index(args.files, args.cache)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sides = collect(assistant, files)
    weights = fit(sides)
    wrong = []
    for side in sides:
        score, correct = _top(side, weights)
        taken = score >= weights.threshold
        if (taken and not correct) or (not taken and any(side.gold)):
            wrong.append({"question": side.question, "side": side.text,
                          "top": side.papers[int(np.argmax([weights.score(dict(zip(
                              SIDE_FEATURES, r, strict=True))) for r in side.features]))],
                          "score": round(score, 3), "taken": taken})
    print(json.dumps({"n_sides": len(sides), "n_describing": sum(any(s.gold) for s in sides),
                      "weights": weights.to_json(), "decisions": decisions(sides, weights),
                      "out_of_fold": cross_check(sides), "wrong": wrong}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
