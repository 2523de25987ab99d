"""Answers made of the evidence sentences that answer the question best, each cited.

Deterministic and model-free: the `extractive` provider, the fallback when a model's answer
cannot be verified, and the baseline every eval compares against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.text import NUMBER, YEAR, is_specific, raw_tokens, tokenize
from assistant.types import Evidence, QuestionPlan

_OWN_WORK = re.compile(r"\b(we (propose|introduce|present|develop)|this paper|in this work)\b",
                       re.I)
_ENUMERATION_START = re.compile(r"\((1|i|a)\)|(?<!\w)1\)")
_ENUMERATION_ITEM = re.compile(r"^\s*\(?(\d|[ivx]+|[b-h])\)")


def compose_extractive(plan: QuestionPlan, evidence: Sequence[Evidence],
                       idf: Callable[[str], float], max_sentences: int = 3) -> str:
    """The best-matching sentences in abstract order; the one carrying the asked slot first."""
    terms = set(plan.topic_terms) or set(tokenize(plan.standalone))
    scored = []
    for item in evidence:
        words = set(tokenize(item.text))
        score = sum(idf(t) for t in terms & words)
        if plan.intent == "describe" and _OWN_WORK.search(item.text):
            score += 2.0  # a description starts from what the paper does
        elif _OWN_WORK.search(item.text):
            score += 0.5
        score += _slot_bonus(plan, item.text)
        scored.append((score, -item.n, item))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    limit = 2 if plan.intent in ("fact", "which_paper") else max_sentences
    picked = [s[2] for s in scored[:limit] if s[0] > 0] or [s[2] for s in scored[:1]]
    if len(picked) > 1 and scored[0][0] > 0 and scored[1][0] < 0.5 * scored[0][0]:
        picked = picked[:1]  # a weak runner-up is noise, not support
    direct = picked[0] if picked else None
    picked = _with_enumeration(sorted(picked, key=lambda e: e.n), evidence)
    if direct is not None and plan.intent == "fact":
        # The sentence that answers comes first; context follows in abstract order.
        picked = [direct] + [e for e in picked if e is not direct]
    parts = []
    for item in picked:
        text = item.text.strip()
        if text.endswith((".", "!", "?")):
            text = text[:-1]
        parts.append(f"{text} [{item.n}].")
    return " ".join(parts)


def _slot_bonus(plan: QuestionPlan, text: str) -> float:
    if plan.asked_for == "number" and NUMBER.search(text):
        return 1.5
    if plan.asked_for == "year" and YEAR.search(text):
        return 1.5
    if plan.asked_for in ("benchmark", "model"):
        tokens = raw_tokens(text)
        specific = sum(is_specific(t, first=i == 0) for i, t in enumerate(tokens))
        return min(specific, 3) * 0.3
    return 0.0


def _with_enumeration(picked: list[Evidence], evidence: Sequence[Evidence]) -> list[Evidence]:
    """A picked "three modules: (1) ..." sentence brings its "(2) ...", "(3) ..." sentences.

    Abstracts often end each enumerated item with a full stop; without its siblings the
    first item alone misleads.
    """
    by_n = {e.n: e for e in evidence}
    result = list(picked)
    for item in picked:
        if not _ENUMERATION_START.search(item.text):
            continue
        n = item.n + 1
        while (n in by_n and by_n[n].paper_id == item.paper_id
               and _ENUMERATION_ITEM.match(by_n[n].text) and len(result) < 6):
            if by_n[n] not in result:
                result.append(by_n[n])
            n += 1
    return sorted(result, key=lambda e: e.n)
