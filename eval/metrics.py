"""Pure metric functions. Each per-question function returns a float in [0, 1].

Empty inputs have one documented value each, so a report never divides by zero:

- Retrieval (`recall_at_k`, `mrr`, `ndcg_at_k`) with no relevant documents: 0.0, what
  trec_eval computes per query. Leave such queries out of a mean, as BEIR does.
- Answer checks where nothing was required (`key_fact_hit` with no facts, `citation_recall`
  with no gold, `citation_precision` with neither citations nor gold, `faithfulness` with
  no sentences): 1.0, since nothing was missed or wrong. No citations while gold exists: 0.0.
- Set-level ratios in `abstention_scores` with an empty denominator: 0.0 (as sklearn's
  zero_division=0); the counts are returned beside them so the reader can tell.
- `mean` of nothing: 0.0; report the count next to it. `percentile` of nothing: None, since
  a latency of no answers is not 0 s (a `--max latency_p50_s` gate must not pass on it); a
  report shows it as missing.
- `leaked` with no earlier turns: nothing leaked.

Invalid arguments (k <= 0, p outside [0, 100], lists of different length) raise ValueError.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any

# --- names ---------------------------------------------------------------------------------
# What the runner's `aggregate` reports, `--min`/`--max` gates name and reports show, by group.
# Each list is defined here once; the runner and the report put their views together from these.

RETRIEVAL = ("recall@5", "recall@10", "recall@100", "mrr", "ndcg@10")
ANSWER = ("key_fact", "citation_precision", "citation_recall", "faithfulness")
"""Per-question answer scores in [0, 1], for every QA set."""
ANSWER_EXTRA = ("judge", "count_exact", "list_precision", "list_recall", "leak")
"""Per-question scores some sets have: a judge, count and list questions, conversations."""
ABSTENTION = ("abstain_precision", "abstain_recall", "false_abstention", "accuracy",
              "precision")
INTERVALS = ("abstain_recall", "false_abstention")
"""Rates reported with a 95% Wilson interval ('<name>_low', '<name>_high')."""
LABEL = ("label_accuracy",)
"""PubMedQA-style yes/no/maybe sets."""
COUNTS = ("n", "n_answerable", "n_abstained", "n_errors")
LATENCY = ("latency_mean_s", "latency_p50_s", "latency_p95_s", "retrieval_p50_s",
           "retrieval_p95_s")
TOKENS = ("tokens_prompt_mean", "tokens_completion_mean")
TURN_KIND = ("right", "leak", "n")
"""Per conversation turn kind, also flat in "overall" as '<kind>_<metric>' for the gates."""
SCORES = RETRIEVAL + ANSWER + ABSTENTION + LABEL
"""Everything in [0, 1] that every configuration of a set can have: the report's bars."""
HEADLINE = ("key_fact", "citation_precision", "recall@5", "abstain_recall", "abstain_precision",
            "latency_p50_s")
"""The few a one-line summary shows (the web app's eval tab)."""


def _check_k(k: int) -> None:
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")


def _unique(ranked: Iterable[Hashable]) -> list[Hashable]:
    # A retriever that returns the same document twice must not be credited twice.
    return list(dict.fromkeys(ranked))


def recall_at_k(ranked_ids: Sequence[Hashable], relevant_ids: Iterable[Hashable], k: int) -> float:
    """Share of the relevant documents found in the top k."""
    _check_k(k)
    relevant = set(relevant_ids)
    if not relevant:
        return 0.0
    found = relevant.intersection(_unique(ranked_ids)[:k])
    return len(found) / len(relevant)


def mrr(ranked: Sequence[Hashable], relevant: Iterable[Hashable], k: int | None = None) -> float:
    """Reciprocal rank of the first relevant document (within the top k when k is given)."""
    if k is not None:
        _check_k(k)
    relevant_set = set(relevant)
    for rank, doc_id in enumerate(_unique(ranked)[:k], start=1):
        if doc_id in relevant_set:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[Hashable], qrels: Mapping[Any, int], k: int = 10) -> float:
    """nDCG@k as BEIR reports it through pytrec_eval: gain = grade, discount log2(rank + 1),
    ideal DCG from the judged grades sorted high to low. Grades <= 0 count as not relevant."""
    _check_k(k)
    dcg = sum(
        max(qrels.get(doc_id, 0), 0) / math.log2(rank + 1)
        for rank, doc_id in enumerate(_unique(ranked)[:k], start=1)
    )
    ideal_grades = sorted((g for g in qrels.values() if g > 0), reverse=True)[:k]
    idcg = sum(grade / math.log2(rank + 1) for rank, grade in enumerate(ideal_grades, start=1))
    return dcg / idcg if idcg > 0 else 0.0


_SEPARATORS = r"[\s\-\u2010-\u2015_/]"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _fact_pattern(fact: str) -> re.Pattern[str]:
    """'rStar-Math' must match 'rstar math', 'rstar-math' and 'rstarmath'; '17' must not
    match inside '2017', so a fact has to start at a word boundary (a plural may follow)."""
    words = [w for w in re.split(_SEPARATORS + "+", _fold(fact)) if w]
    body = f"{_SEPARATORS}*".join(re.escape(w) for w in words)
    start = r"(?<![^\W_])" if words and re.match(r"\w", words[0]) else ""
    return re.compile(start + body)


def key_fact_hit(answer_text: str, must_include: Sequence[str]) -> float:
    """Share of the key facts present in the answer (case-insensitive, hyphen/space-tolerant)."""
    facts = [fact for fact in must_include if fact.strip()]
    if not facts:
        return 1.0
    text = _fold(answer_text)
    return sum(1 for fact in facts if _fact_pattern(fact).search(text)) / len(facts)


def writes_fact(text: str, fact: str) -> bool:
    """True when `text` writes `fact` the way `key_fact_hit` reads it."""
    return bool(fact.strip()) and bool(_fact_pattern(fact).search(_fold(text)))


def citation_precision(cited_ids: Iterable[Hashable], gold_ids: Iterable[Hashable]) -> float:
    """Share of the distinct cited papers that are gold."""
    cited, gold = set(cited_ids), set(gold_ids)
    if not cited:
        return 1.0 if not gold else 0.0
    return len(cited & gold) / len(cited)


def citation_recall(cited_ids: Iterable[Hashable], gold_ids: Iterable[Hashable]) -> float:
    """Share of the gold papers that were cited."""
    cited, gold = set(cited_ids), set(gold_ids)
    if not gold:
        return 1.0
    return len(cited & gold) / len(gold)


def leaked(cited_ids: Iterable[Hashable], earlier_ids: Iterable[Hashable],
           gold_ids: Iterable[Hashable]) -> list[Hashable]:
    """The cited papers an earlier turn of the same conversation cited that are not gold for
    this turn: a previous subject carried into a turn about something else. In citation order."""
    earlier, gold = set(earlier_ids), set(gold_ids)
    return [pid for pid in _unique(cited_ids) if pid in earlier and pid not in gold]


def faithfulness(sentence_supported_flags: Sequence[bool]) -> float:
    """Share of the answer's sentences that its cited evidence supports."""
    if not sentence_supported_flags:
        return 1.0
    return sum(1 for flag in sentence_supported_flags if flag) / len(sentence_supported_flags)


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def wilson(successes: int, trials: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a rate; (0, 0) for no trials."""
    if trials <= 0:
        return 0.0, 0.0
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    spread = math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    half = z * spread / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def abstention_scores(
    predicted_abstain: Sequence[bool],
    should_abstain: Sequence[bool],
    answer_correct: Sequence[bool] | None = None,
) -> dict[str, float]:
    """Abstention quality over a question set.

    `answer_correct[i]` says whether the answer to question i was right when it answered;
    when omitted, every answer is taken as right, so only the abstain decision is scored.

    - abstain_precision: of the abstentions, share that should have abstained.
    - abstain_recall: of the questions that should be abstained on, share abstained on.
    - false_abstention: of the answerable questions, share abstained on.
    Both come with a 95% Wilson interval ('_low', '_high'): sets of 50-150 questions leave
    several points of doubt either way.
    - answerable_accuracy: of the answerable questions, share answered correctly.
    - accuracy (LitQA2-style): correct / all, where a correct abstention counts as correct.
    - precision (LitQA2-style): correct answers / questions answered (abstentions left out).
    """
    n = len(predicted_abstain)
    if len(should_abstain) != n or (answer_correct is not None and len(answer_correct) != n):
        raise ValueError("predicted_abstain, should_abstain and answer_correct differ in length")
    right = list(answer_correct) if answer_correct is not None else [True] * n

    true_abstain = sum(1 for p, s in zip(predicted_abstain, should_abstain, strict=True) if p and s)
    abstained = sum(1 for p in predicted_abstain if p)
    n_should = sum(1 for s in should_abstain if s)
    answered = n - abstained
    answered_right = sum(
        1
        for p, s, r in zip(predicted_abstain, should_abstain, right, strict=True)
        if not p and not s and r
    )
    false_abstain = abstained - true_abstain
    recall_low, recall_high = wilson(true_abstain, n_should)
    false_low, false_high = wilson(false_abstain, n - n_should)
    return {
        "abstain_precision": _ratio(true_abstain, abstained),
        "abstain_recall": _ratio(true_abstain, n_should),
        "abstain_recall_low": recall_low,
        "abstain_recall_high": recall_high,
        "false_abstention": _ratio(false_abstain, n - n_should),
        "false_abstention_low": false_low,
        "false_abstention_high": false_high,
        "answerable_accuracy": _ratio(answered_right, n - n_should),
        "accuracy": _ratio(answered_right + true_abstain, n),
        "precision": _ratio(answered_right, answered),
        "n": float(n),
        "n_should_abstain": float(n_should),
        "n_abstained": float(abstained),
    }


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def percentile(values: Iterable[float], p: float) -> float | None:
    """The p-th percentile (0-100) with linear interpolation between ranks, as numpy's
    default: rank = p/100 * (n - 1) on the sorted values; the median is p=50. None for no
    values. The one percentile of the project: eval reports and benchmarks all use it."""
    if not 0 <= p <= 100:
        raise ValueError(f"p must be within [0, 100], got {p}")
    items = sorted(values)
    if not items:
        return None
    rank = p / 100 * (len(items) - 1)
    low = math.floor(rank)
    high = min(low + 1, len(items) - 1)
    return items[low] + (items[high] - items[low]) * (rank - low)


def rounded_median(values: Iterable[float]) -> float | None:
    """The median to three decimals (None for none): how benchmarks report timings, counts."""
    found = percentile(values, 50)
    return None if found is None else round(found, 3)
