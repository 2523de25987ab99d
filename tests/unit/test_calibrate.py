"""The fitting steps of eval.calibrate on small made-up data: each can pick wrongly."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from assistant.comparison import CellWeights
from eval.calibrate import (
    choose_l2,
    choose_threshold,
    cross_validate,
    folds_of,
    nested_rates,
    out_of_fold_scores,
    subject_group,
    unstable,
    weight_spread,
)
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
    item = Prepared(plan, evidence, [0.9, 0.95, 0.1], ["long-term memory", "shortcuts"])
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


def _by_paper(papers: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Questions on `papers` papers; signal 0 says answerability for every paper, signal 1 is a
    quirk of each paper's wording: it separates the classes only within a paper."""
    rng = np.random.default_rng(seed)
    rows, labels, groups = [], [], []
    for paper in range(papers):
        quirk = rng.normal(scale=3.0)  # where this paper's wording puts signal 1
        for _ in range(8):
            answerable = rng.random() < 0.7
            general = (1.0 if answerable else -1.0) + rng.normal(scale=1.2)
            wording = quirk + (0.6 if answerable else -0.6) + rng.normal(scale=0.2)
            rows.append([general, wording])
            labels.append(1.0 if answerable else 0.0)
            groups.append(f"paper{paper}")
    return np.array(rows), np.array(labels), groups


def test_folds_by_paper_keep_every_paper_on_one_side():
    _, _, groups = _by_paper()
    fold = folds_of(groups)
    for paper in set(groups):
        assert len({fold[i] for i, g in enumerate(groups) if g == paper}) == 1
    assert len(set(fold)) == 5


def test_folds_by_paper_show_what_folds_by_question_hide():
    from eval.calibrate import log_loss

    x, y, groups = _by_paper()
    ids = [f"q{i}" for i in range(len(y))]
    by_question = log_loss(out_of_fold_scores(x, y, ids), y)
    by_paper = log_loss(out_of_fold_scores(x, y, groups), y)
    assert by_paper > by_question  # unseen papers score less cleanly than unseen questions


def test_a_signal_that_only_helps_within_a_paper_is_reported_unstable():
    x, y, groups = _by_paper()
    spread = weight_spread(cross_validate(x, y, groups).weights, ["general", "wording"])
    assert spread["general"][0] > 0  # positive in every fold
    assert unstable({"general": [1.0, 1.4], "wording": [-0.3, 0.5]}) == ["wording"]
    assert unstable({"steady": [0.8, 1.2], "swinging": [0.1, 1.5]}) == ["swinging"]


def test_the_nested_estimate_re_chooses_the_threshold_without_the_measured_papers():
    x, y, groups = _by_paper(papers=15)
    rates = nested_rates(x, y, groups, 0.05)
    assert 0.0 < rates["abstain_recall"] < 1.0
    # Not bounded by the target: the threshold was not picked on the questions measured.
    assert 0.0 <= rates["false_abstention"] <= 0.5


def test_the_l2_strength_is_chosen_on_papers_the_fit_has_not_seen():
    x, y, groups = _by_paper(papers=20)
    noisy = np.hstack([x, np.random.default_rng(1).normal(size=(len(y), 30))])
    assert choose_l2(noisy, y, groups, grid=(0.0, 0.3)) == 0.3  # 30 noise signals: pull in
    assert choose_l2(x[:, :1], y, groups, grid=(0.0, 3.0)) == 0.0  # one true signal: don't


def test_a_question_is_grouped_by_the_paper_it_is_about():
    from eval.loaders import QAItem

    def item(**fields: object) -> QAItem:
        return QAItem.model_validate({"id": "q", "question": "?", "type": "factual",
                                      "gold_titles": [], "must_include": [], **fields})

    assert subject_group(item(subjects=["A paper"], gold_titles=["B paper"])) == "A paper"
    assert subject_group(item(gold_titles=["B paper"])) == "B paper"
    assert subject_group(item(type="unanswerable", why="off_topic")) == "why:off_topic"
    assert subject_group(item()) == "q"
