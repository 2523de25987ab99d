"""Fit how comparison cells choose their sentences (`CellWeights`) on dev comparisons.

The target is the share of each dev comparison's key facts the table shows, with the cells as
the product shows them (verbatim phrases of at most `CELL_WORDS` words). A small grid: with
a few dozen comparisons, more freedom would fit their wording, not the mechanism. Called by
`python -m eval.calibrate`, which ships the result under "comparison".
"""

from __future__ import annotations

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
    "own_work": (-0.1, 0.0, 0.1),
    "distinct": (0.0, 0.5, 1.0),
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


def fit_cells(assistant: Any, items: Sequence[tuple[str, list[str]]]
              ) -> tuple[CellWeights, float]:
    """The grid point with the best mean key-fact share; ties keep the smaller change from
    the defaults (the grid is walked from the defaults outward)."""
    engine = assistant.engine
    start = engine.cell_weights
    base = CellWeights()
    best = (base, -1.0)
    try:
        for weights in nearest_first(base, GRID):
            engine.cell_weights = weights
            score = float(np.mean([key_fact_hit(engine.answer(q).text, facts)
                                   for q, facts in items])) if items else 0.0
            if score > best[1] + 1e-9:
                best = (weights, score)
    finally:
        engine.cell_weights = start
    return best
