"""Answers made of the evidence sentences that answer the question best, each cited.

Deterministic and model-free: the `extractive` provider, the fallback when a model's answer
cannot be verified, and the baseline every eval compares against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answerability import holds_value
from assistant.text import squash, squashed_words, tokenize, variant_match
from assistant.types import Evidence, QuestionPlan

_OWN_WORK = re.compile(r"\b(we (propose|introduce|present|develop)|this paper|in this work)\b",
                       re.I)
_MEANING_WEIGHT = 1.0  # a sentence that means the question weighs like its rarest word
_ENUMERATION_START = re.compile(r"\((1|i|a)\)|(?<!\w)1\)")
_ENUMERATION_ITEM = re.compile(r"^\s*\(?(\d|[ivx]+|[b-h])\)")


def compose_extractive(plan: QuestionPlan, evidence: Sequence[Evidence],
                       idf: Callable[[str], float], max_sentences: int = 3,
                       meaning: Callable[[str, Sequence[str]], Sequence[float]] | None = None
                       ) -> str:
    """The best-matching sentences in abstract order; the one carrying the asked slot first.

    A sentence scores by the question's words it shares (rare words count most) and, when
    `meaning` is given, by the embedder's cosine to the question: abstracts paraphrase ("how
    does it store experience" is answered by "a long-term memory of Tips and Shortcuts").
    """
    if plan.intent == "describe" and evidence:
        return _cite(_describe(evidence, max_sentences))
    terms = set(plan.focus_terms) or set(plan.topic_terms) or set(tokenize(plan.standalone))
    cosines = list(meaning(plan.standalone, [e.text for e in evidence])) if meaning else []
    top_idf = max((idf(t) for t in terms), default=1.0) or 1.0
    scored = []
    for position, item in enumerate(evidence):
        words = set(tokenize(item.text))
        score = sum(idf(t) for t in terms & words)
        if cosines:
            score += _MEANING_WEIGHT * top_idf * max(cosines[position], 0.0)
        if plan.intent == "describe" and _OWN_WORK.search(item.text):
            score += 2.0  # a description starts from what the paper does
        elif _OWN_WORK.search(item.text):
            score += 0.5
        score += _slot_bonus(plan, item)
        scored.append((score, -item.n, item))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    limit = 2 if plan.intent in ("fact", "which_paper") else max_sentences
    picked = [s[2] for s in scored[:limit] if s[0] > 0] or [s[2] for s in scored[:1]]
    if len(picked) > 1 and scored[0][0] > 0 and scored[1][0] < 0.5 * scored[0][0]:
        picked = picked[:1]  # a weak runner-up is noise, not support
    direct = picked[0] if picked else None
    if direct is not None and plan.intent == "fact" and _slot_bonus(plan, direct) and \
            _names_all(plan, direct):
        picked = [direct]  # the asked value, with every name the question depends on
    picked = _with_enumeration(sorted(picked, key=lambda e: e.n), evidence)
    if direct is not None and plan.intent == "fact":
        # The sentence that answers comes first; context follows in abstract order.
        picked = [direct] + [e for e in picked if e is not direct]
    return _cite(picked)


def _describe(evidence: Sequence[Evidence], limit: int) -> list[Evidence]:
    """What the paper is and how it works: its "we propose ..." sentence and the ones after
    it (the background before it describes the field, not the paper)."""
    first_paper = evidence[0].paper_id
    own = [e for e in evidence if e.paper_id == first_paper]
    start = next((i for i, e in enumerate(own) if _OWN_WORK.search(e.text)), 0)
    return _with_enumeration(own[start:start + limit], evidence)[:limit + 3]


def _cite(picked: Sequence[Evidence]) -> str:
    parts = []
    for item in picked:
        text = item.text.strip()
        if text.endswith((".", "!", "?")):
            text = text[:-1]
        parts.append(f"{text} [{item.n}].")
    return " ".join(parts)


def _slot_bonus(plan: QuestionPlan, item: Evidence) -> float:
    """A sentence giving a value of the asked kind (a number, a year, a model's name) that the
    question does not already give is what a fact question wants."""
    if plan.asked_for in ("number", "year", "benchmark", "model") and \
            holds_value(plan, item.text, item.title):
        return 1.5
    return 0.0


def _names_all(plan: QuestionPlan, item: Evidence) -> bool:
    words = squashed_words(f"{item.title} {item.text}")
    return all(variant_match(squash(e), words) for e in plan.entities if squash(e))


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
