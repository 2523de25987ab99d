"""Fit how the extractive composer ranks sentences (`SentenceWeights`) on dev questions.

The target is the share of each answerable dev fact / which-paper question's key facts found
in the composed answer. Plans, evidence and the embedder's cosines are computed once per
question; the grid only re-ranks, so the whole fit takes seconds. Called by
`python -m eval.calibrate`, which ships the result under "extractive".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.composers.extractive import SentenceWeights, asked_part, compose_extractive
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
# Searched from the best point of GRID (a product of both would take ten times as long).
QUESTION_GRID = {
    "asked_meaning": (0.0, 1.0, 2.0),
    "cover": (1.0, 0.5, 0.3),
}
DESCRIBE_GRID = {
    "follow": (0.5, 1.0),
    "named_terms": (0.0, 0.5, 1.0),
    "result": (0.0, 0.5, 1.0),
    "novel": (0.0, 0.5),
    "describe_sentences": (3, 4),
}
# More sentences carry more key facts and read worse: the answer a researcher wants leads
# with the fact (issue #16 asks a median fact answer of at most 60 words).
MAX_MEDIAN_WORDS = 60
# A summary may run longer than a fact, not much longer than three sentences of an abstract.
MAX_MEDIAN_DESCRIBE_WORDS = 90
_INTENTS = ("fact", "which_paper")


@dataclass
class Prepared:
    plan: QuestionPlan
    evidence: list[Evidence]
    cosines: list[float]
    facts: list[str]
    values: dict[str, list[str]]
    asked_cosines: list[float] = field(default_factory=list)  # of `asked_part(plan)`


def prepare(assistant: Any, files: Sequence[Path]) -> list[Prepared]:
    """Each answerable single-turn dev question the composer picks sentences for (fact,
    which-paper, describe), as the engine would hand it over (after the answerability
    decision)."""
    engine = assistant.engine
    out = []
    for path in files:
        if is_conversation_file(path):
            continue
        for item in load_qa_jsonl(path):
            if not item.answerable or not item.must_include:
                continue
            plan = engine.plan(item.question)
            if plan.intent not in (*_INTENTS, "describe"):
                continue
            hits, verdict = engine.assess(plan)
            if verdict.verdict != "answer":
                continue
            evidence = engine.evidence(plan, hits)
            texts = [e.text for e in evidence]
            out.append(Prepared(plan, evidence, list(engine.meaning(plan.sentence_query, texts)),
                                list(item.must_include), engine.asked_values(plan, evidence),
                                list(engine.meaning(asked_part(plan), texts))))
    return out


def fit_sentences(items: Sequence[Prepared], idf: Callable[[str], float],
                  base: SentenceWeights | None = None, grid: bool = True
                  ) -> tuple[SentenceWeights, float]:
    """The grid point with the best mean key-fact share among those whose answers stay short
    (median at most `MAX_MEDIAN_WORDS` words); ties keep the smaller change from the
    defaults (or from `base`; `grid=False` keeps its GRID weights and searches the rest).
    Fact and which-paper questions fit the sentence ranking, describe questions (kept apart:
    their answers are longer) the summary's cues; the score returned is the fact and
    which-paper one."""
    facts = [p for p in items if p.plan.intent in _INTENTS]
    ranking = base or SentenceWeights()
    if grid:
        ranking, _ = _search(ranking, GRID, facts, idf, MAX_MEDIAN_WORDS)
    ranking, score = _search(ranking, QUESTION_GRID, facts, idf, MAX_MEDIAN_WORDS)
    summaries = [p for p in items if p.plan.intent == "describe"]
    weights, _ = _search(ranking, DESCRIBE_GRID, summaries, idf, MAX_MEDIAN_DESCRIBE_WORDS)
    return weights, score


def _search(base: SentenceWeights, grid: Mapping[str, Sequence[float]],
            items: Sequence[Prepared], idf: Callable[[str], float], max_words: float
            ) -> tuple[SentenceWeights, float]:
    best = (base, -1.0)
    for weights in nearest_first(base, grid):
        texts = [compose_extractive(p.plan, p.evidence, idf, weights=weights,
                                    meaning=_fixed(p), values=p.values) for p in items]
        if texts and float(np.median([len(t.split()) for t in texts])) > max_words:
            continue
        score = float(np.mean([key_fact_hit(text, p.facts)
                               for text, p in zip(texts, items, strict=True)])) if items else 0.0
        if score > best[1] + 1e-9:
            best = (weights, score)
    return best


def _fixed(item: Prepared) -> Callable[[str, Sequence[str]], list[float]]:
    """The cosines computed once: the asked part's when it is what is asked about."""
    asked = asked_part(item.plan)

    def cosines(question: str, texts: Sequence[str]) -> list[float]:
        if item.asked_cosines and question == asked and asked != item.plan.sentence_query:
            return item.asked_cosines
        return item.cosines
    return cosines
