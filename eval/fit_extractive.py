"""Fit how the extractive composer ranks sentences (`SentenceWeights`) on dev questions.

The target is the share of each answerable dev fact / which-paper question's key facts found
in the composed answer. Plans, evidence and the embedder's cosines are computed once per
question; the grid only re-ranks, so the whole fit takes seconds. Called by
`python -m eval.calibrate`, which ships the result under "extractive".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.composers.extractive import SentenceWeights, compose_extractive
from assistant.types import Evidence, QuestionPlan
from eval.grid import nearest_first
from eval.loaders import is_conversation_file, load_qa_jsonl
from eval.metrics import key_fact_hit

GRID = {
    "meaning": (0.5, 1.0, 2.0),
    "own_work": (0.0, 0.5, 1.0),
    "slot": (0.75, 1.5, 3.0),
    "asked_near": (0.0, 1.5, 3.0),
    "runner_up": (0.5, 0.7, 0.85),
    "sentences": (2, 3),
}
# More sentences carry more key facts and read worse: the answer a researcher wants leads
# with the fact (issue #16 asks a median fact answer of at most 60 words).
MAX_MEDIAN_WORDS = 60
_INTENTS = ("fact", "which_paper")


@dataclass
class Prepared:
    plan: QuestionPlan
    evidence: list[Evidence]
    cosines: list[float]
    facts: list[str]
    values: dict[str, list[str]]


def prepare(assistant: Any, files: Sequence[Path]) -> list[Prepared]:
    """Each answerable single-turn dev question the composer ranks sentences for, as the
    engine would hand it over (after the answerability decision)."""
    engine = assistant.engine
    out = []
    for path in files:
        if is_conversation_file(path):
            continue
        for item in load_qa_jsonl(path):
            if not item.answerable or not item.must_include:
                continue
            plan = engine.plan(item.question)
            if plan.intent not in _INTENTS:
                continue
            hits, verdict = engine.assess(plan)
            if verdict.verdict != "answer":
                continue
            evidence = engine.evidence(plan, hits)
            cosines = engine.meaning(plan.standalone, [e.text for e in evidence])
            out.append(Prepared(plan, evidence, list(cosines), list(item.must_include),
                                engine.asked_values(plan, evidence)))
    return out


def fit_sentences(items: Sequence[Prepared], idf: Callable[[str], float]
                  ) -> tuple[SentenceWeights, float]:
    """The grid point with the best mean key-fact share among those whose answers stay short
    (median at most `MAX_MEDIAN_WORDS` words); ties keep the smaller change from the
    defaults."""
    base = SentenceWeights()
    best = (base, -1.0)
    for weights in nearest_first(base, GRID):
        texts = [compose_extractive(p.plan, p.evidence, idf, weights=weights,
                                    meaning=_fixed(p.cosines), values=p.values) for p in items]
        if texts and float(np.median([len(t.split()) for t in texts])) > MAX_MEDIAN_WORDS:
            continue
        score = float(np.mean([key_fact_hit(text, p.facts)
                               for text, p in zip(texts, items, strict=True)])) if items else 0.0
        if score > best[1] + 1e-9:
            best = (weights, score)
    return best


def _fixed(cosines: list[float]) -> Callable[[str, Sequence[str]], list[float]]:
    return lambda question, texts: cosines
