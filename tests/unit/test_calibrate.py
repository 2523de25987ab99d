"""The fitting steps of eval.calibrate on small made-up data: each can pick wrongly."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from assistant.comparison import CellWeights
from eval.calibrate import choose_threshold, out_of_fold_scores
from eval.fit_comparison import fit_cells, two_fold


class _Engine:
    """Shows the key fact only when sentences naming specific parts weigh enough."""

    def __init__(self) -> None:
        self.cell_weights = CellWeights()

    def answer(self, question: str) -> SimpleNamespace:
        shows = self.cell_weights.named_parts >= 0.3 and self.cell_weights.own_work == 0.1
        return SimpleNamespace(text="a process preference model" if shows else "background")


def test_the_comparison_fit_keeps_the_weights_that_show_the_key_facts_and_restores_the_engine():
    engine = _Engine()
    weights, score = fit_cells(SimpleNamespace(engine=engine),
                               [("compare A and B", ["process preference model"])])
    assert score == 1.0
    assert weights.named_parts >= 0.3 and weights.own_work == 0.1
    assert weights.named_parts == 0.3  # the smallest change from the defaults that works
    assert engine.cell_weights == CellWeights()


def test_out_of_fold_scores_are_reproducible_and_unseen_questions_score_less_cleanly():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    y = (x[:, 0] + rng.normal(scale=1.5, size=200) > 0).astype(float)
    ids = [f"q{i}" for i in range(200)]
    first, again = out_of_fold_scores(x, y, ids), out_of_fold_scores(x, y, ids)
    assert np.array_equal(first, again)
    threshold, rates = choose_threshold(first, y, 0.05)
    assert rates["false_abstention"] <= 0.05
    assert 0.0 < rates["abstain_recall"] < 1.0  # noisy labels: no threshold separates them


def test_the_sentence_fit_prefers_key_facts_but_not_past_the_length_limit():
    from assistant.composers.extractive import SentenceWeights, compose_extractive
    from assistant.types import Evidence, QuestionPlan
    from eval.fit_extractive import MAX_MEDIAN_WORDS, Prepared, fit_sentences

    long = " ".join(["filler"] * (MAX_MEDIAN_WORDS // 2))
    texts = ["FooNet stores tips in a long-term memory.",
             f"It also writes shortcuts, {long}.",  # says it in other words: meaning finds it
             f"It reaches 48% with memory, {long}."]
    evidence = [Evidence(n=i + 1, paper_id="foo", title="FooNet", chunk_id="foo#0", text=t,
                         start=0, end=len(t)) for i, t in enumerate(texts)]
    plan = QuestionPlan(question="How does FooNet store what it learns?", standalone="q",
                        intent="fact", subjects=["foo"], topic_terms=["store", "memori"],
                        focus_terms=["store", "memori"])
    item = Prepared(plan, evidence, [0.9, 0.95, 0.1], ["long-term memory", "shortcuts"], {})
    weights, score = fit_sentences([item], idf=lambda term: 1.0)
    assert score == 1.0 and SentenceWeights().meaning < weights.meaning
    answer = compose_extractive(plan, evidence, lambda term: 1.0, weights=weights,
                                meaning=lambda q, t: item.cosines)
    assert "48%" not in answer  # all three sentences would pass the length limit


def test_the_two_fold_check_keeps_questions_on_the_same_papers_in_one_fold():
    items = [(f"q{i}", ["fact"]) for i in range(6)]
    groups = {"q0": "A|B", "q1": "A|B", "q2": "C|D", "q3": "C|D", "q4": "E|F", "q5": "G|H"}
    points = [CellWeights(), CellWeights(distinct=1.0)]
    # The second point shows the fact on every question, the first on none.
    scores = np.array([[0.0] * 6, [1.0] * 6])
    result = two_fold(items, groups, points, scores)
    assert [r["fit_on"] for r in result] == [0, 1]
    assert sum(r["n_measured"] for r in result) == 6
    assert all(r["weights"]["distinct"] == 1.0 and r["measured_key_facts"] == 1.0
               for r in result)
    sizes = {r["n_fit"] for r in result}
    assert sizes <= {2, 3, 4}  # paper sets, not questions, are split: "A|B" stays together
