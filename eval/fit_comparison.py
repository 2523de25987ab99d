"""Fit how comparison cells choose their sentences (`CellWeights`) on dev comparisons.

The target is the share of each dev comparison's key facts the table shows, with the cells as
the product shows them (verbatim phrases of at most `CELL_WORDS` words). A small grid: with
a few dozen comparisons, more freedom would fit their wording, not the mechanism. Called by
`python -m eval.calibrate`, which ships the result under "comparison";
`python -m eval.fit_comparison` prints the grid's 2-fold check (fit on the comparisons of half
the paper sets, measured on the other half, and the reverse).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.comparison import CellWeights
from eval.grid import nearest_first
from eval.loaders import is_conversation_file, load_qa_jsonl
from eval.metrics import key_fact_hit

GRID = {
    "named_parts": (0.15, 0.3),
    "own_work": (0.0, 0.1),
    "distinct": (0.0, 0.5, 1.0, 1.5),
    "roomy_columns": (1, 2),
}


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


def score_grid(assistant: Any, items: Sequence[tuple[str, list[str]]]
               ) -> tuple[list[CellWeights], np.ndarray]:
    """Every grid point (nearest the defaults first) and its key-fact share per question."""
    engine = assistant.engine
    start = engine.cell_weights
    points = list(nearest_first(CellWeights(), GRID))
    scores = np.zeros((len(points), len(items)))
    try:
        for row, weights in enumerate(points):
            engine.cell_weights = weights
            for column, (question, facts) in enumerate(items):
                scores[row, column] = key_fact_hit(engine.answer(question).text, facts)
    finally:
        engine.cell_weights = start
    return points, scores


def best_point(scores: np.ndarray, columns: Sequence[int] | None = None) -> int:
    """The first (nearest the defaults) grid point with the best mean over `columns`."""
    chosen = scores if columns is None else scores[:, list(columns)]
    means = chosen.mean(axis=1) if chosen.shape[1] else np.zeros(len(scores))
    return int(np.flatnonzero(means >= means.max() - 1e-9)[0])


def fit_cells(assistant: Any, items: Sequence[tuple[str, list[str]]]
              ) -> tuple[CellWeights, float]:
    """The grid point with the best mean key-fact share; ties keep the smaller change from
    the defaults (the grid is walked from the defaults outward)."""
    if not items:
        return CellWeights(), 0.0
    points, scores = score_grid(assistant, items)
    best = best_point(scores)
    return points[best], float(scores[best].mean())


def two_fold(items: Sequence[tuple[str, list[str]]], groups: dict[str, str],
             points: Sequence[CellWeights], scores: np.ndarray) -> list[dict[str, Any]]:
    """Fit on one half of the compared paper sets, measure on the other, and the reverse."""
    keys = sorted({groups.get(q, q) for q, _ in items},
                  key=lambda k: hashlib.sha256(k.encode()).hexdigest())
    fold_of = {key: i % 2 for i, key in enumerate(keys)}
    folds = [fold_of[groups.get(q, q)] for q, _ in items]
    out = []
    for fit in (0, 1):
        inside = [i for i, f in enumerate(folds) if f == fit]
        outside = [i for i, f in enumerate(folds) if f != fit]
        best = best_point(scores, inside)
        out.append({"fit_on": fit, "n_fit": len(inside), "n_measured": len(outside),
                    "weights": points[best].to_json(),
                    "fit_key_facts": round(float(scores[best, inside].mean()), 4),
                    "measured_key_facts": round(float(scores[best, outside].mean()), 4)})
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m eval.fit_comparison`: the grid's 2-fold check on the dev comparisons."""
    from assistant.offline import keep_local
    from assistant.service import Assistant
    from assistant.settings import Settings
    from eval.calibrate import DEV_FILES, ROOT

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("files", nargs="*", default=list(DEV_FILES))
    args = parser.parse_args(argv)
    files = [ROOT / f for f in args.files]
    if any("heldout" in f.name for f in files):
        print("error: held-out files are never used for fitting", file=sys.stderr)
        return 2
    keep_local()
    assistant = Assistant.from_settings(Settings(), provider="extractive")
    assistant.ensure_indexed()
    items = comparison_items(files)
    points, scores = score_grid(assistant, items)
    print(json.dumps(two_fold(items, comparison_groups(files), points, scores), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
