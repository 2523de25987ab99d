"""Metric functions on cases computed by hand, plus every documented empty-input value."""

from __future__ import annotations

import math

import pytest

from eval.metrics import (
    abstention_scores,
    citation_precision,
    citation_recall,
    faithfulness,
    key_fact_hit,
    mean,
    mrr,
    ndcg_at_k,
    percentile,
    recall_at_k,
)


def test_recall_at_k_counts_relevant_in_top_k():
    ranked = ["d1", "d2", "d3", "d4"]
    assert recall_at_k(ranked, {"d2", "d4", "d9"}, k=2) == pytest.approx(1 / 3)
    assert recall_at_k(ranked, {"d2", "d4", "d9"}, k=4) == pytest.approx(2 / 3)
    assert recall_at_k(ranked, {"d1"}, k=10) == 1.0


def test_recall_at_k_does_not_credit_duplicates():
    # d1 twice pushes nothing out: the unique top-2 is [d1, d2].
    assert recall_at_k(["d1", "d1", "d2"], {"d1", "d2"}, k=2) == 1.0


def test_recall_at_k_edges():
    assert recall_at_k(["d1"], set(), k=5) == 0.0
    assert recall_at_k([], {"d1"}, k=5) == 0.0
    with pytest.raises(ValueError):
        recall_at_k(["d1"], {"d1"}, k=0)


def test_mrr():
    assert mrr(["a", "b", "c"], {"c"}) == pytest.approx(1 / 3)
    assert mrr(["a", "b", "c"], {"b", "c"}) == pytest.approx(1 / 2)
    assert mrr(["a", "b", "c"], {"z"}) == 0.0
    assert mrr(["a", "b", "c"], {"c"}, k=2) == 0.0
    assert mrr([], {"a"}) == 0.0


def test_ndcg_known_example():
    # ranked [d3, d1, d2], grades {d1: 1, d2: 1}
    # DCG  = 0/log2(2) + 1/log2(3) + 1/log2(4) = 0.63093 + 0.5 = 1.13093
    # IDCG = 1/log2(2) + 1/log2(3)             = 1 + 0.63093  = 1.63093
    # nDCG = 1.13093 / 1.63093 = 0.69342
    score = ndcg_at_k(["d3", "d1", "d2"], {"d1": 1, "d2": 1}, k=10)
    assert score == pytest.approx(0.69342, abs=1e-5)


def test_ndcg_graded_and_cut():
    # ranked [a, b], grades {a: 1, b: 2}; k=1 -> DCG = 1, IDCG = 2 (best grade first) -> 0.5
    assert ndcg_at_k(["a", "b"], {"a": 1, "b": 2}, k=1) == pytest.approx(0.5)
    # k=2: DCG = 1 + 2/log2(3) = 2.26186; IDCG = 2 + 1/log2(3) = 2.63093 -> 0.85972
    assert ndcg_at_k(["a", "b"], {"a": 1, "b": 2}, k=2) == pytest.approx(0.85972, abs=1e-5)
    assert ndcg_at_k(["b", "a"], {"a": 1, "b": 2}, k=2) == pytest.approx(1.0)


def test_ndcg_ideal_uses_only_top_k_grades():
    # Three relevant docs but k=1: ideal is one doc at rank 1, so a hit at rank 1 is perfect.
    assert ndcg_at_k(["a"], {"a": 1, "b": 1, "c": 1}, k=1) == pytest.approx(1.0)


def test_ndcg_edges():
    assert ndcg_at_k(["a"], {}, k=10) == 0.0
    assert ndcg_at_k(["a"], {"a": 0, "b": -1}, k=10) == 0.0
    assert ndcg_at_k([], {"a": 1}, k=10) == 0.0
    with pytest.raises(ValueError):
        ndcg_at_k(["a"], {"a": 1}, k=-1)


def test_key_fact_hit_fraction_and_case():
    answer = "rStar-Math uses MCTS with a process preference model."
    assert key_fact_hit(answer, ["mcts", "Process Preference Model"]) == 1.0
    assert key_fact_hit(answer, ["MCTS", "AIME"]) == 0.5
    assert key_fact_hit(answer, ["AIME"]) == 0.0


@pytest.mark.parametrize("answer", ["rstar math", "RSTAR-MATH", "rStarMath", "rstar\u2011math"])
def test_key_fact_hit_tolerates_hyphens_and_spaces(answer):
    assert key_fact_hit(f"The paper is {answer}.", ["rStar-Math"]) == 1.0


def test_key_fact_hit_word_start_and_plurals():
    assert key_fact_hit("Published in 2017.", ["17"]) == 0.0
    assert key_fact_hit("It spans 17 tissue types.", ["17"]) == 1.0
    assert key_fact_hit("It generates MCPs.", ["MCP"]) == 1.0
    assert key_fact_hit("a stop 1 sign", ["top 1"]) == 0.0
    assert key_fact_hit("it predicts P(IK).", ["P(IK)"]) == 1.0


def test_key_fact_hit_edges():
    assert key_fact_hit("anything", []) == 1.0
    assert key_fact_hit("anything", ["  "]) == 1.0
    assert key_fact_hit("", ["MCTS"]) == 0.0


def test_citation_precision_and_recall():
    assert citation_precision(["a", "b", "c"], ["a", "d"]) == pytest.approx(1 / 3)
    assert citation_recall(["a", "b", "c"], ["a", "d"]) == pytest.approx(1 / 2)
    assert citation_precision(["a", "a"], ["a"]) == 1.0


def test_citation_edges():
    assert citation_precision([], []) == 1.0
    assert citation_precision([], ["a"]) == 0.0
    assert citation_precision(["a"], []) == 0.0
    assert citation_recall([], []) == 1.0
    assert citation_recall(["a"], []) == 1.0
    assert citation_recall([], ["a"]) == 0.0


def test_faithfulness():
    assert faithfulness([True, False, True, True]) == pytest.approx(0.75)
    assert faithfulness([]) == 1.0


def test_abstention_scores_decision_only():
    # q1 should abstain and does; q2 should abstain, answers; q3 answerable, abstains;
    # q4, q5 answerable and answered.
    predicted = [True, False, True, False, False]
    should = [True, True, False, False, False]
    scores = abstention_scores(predicted, should)
    assert scores["abstain_precision"] == pytest.approx(1 / 2)  # q1 of {q1, q3}
    assert scores["abstain_recall"] == pytest.approx(1 / 2)  # q1 of {q1, q2}
    assert scores["answerable_accuracy"] == pytest.approx(2 / 3)  # q4, q5 of {q3, q4, q5}
    assert scores["accuracy"] == pytest.approx(3 / 5)  # q1, q4, q5
    assert scores["precision"] == pytest.approx(2 / 3)  # q4, q5 of answered {q2, q4, q5}
    assert (scores["n"], scores["n_should_abstain"], scores["n_abstained"]) == (5, 2, 2)


def test_abstention_scores_with_answer_correctness():
    predicted = [True, False, True, False, False]
    should = [True, True, False, False, False]
    correct = [False, False, False, True, False]  # only q4's answer is right
    scores = abstention_scores(predicted, should, correct)
    assert scores["answerable_accuracy"] == pytest.approx(1 / 3)
    assert scores["accuracy"] == pytest.approx(2 / 5)  # q1 abstention + q4
    assert scores["precision"] == pytest.approx(1 / 3)  # q4 of {q2, q4, q5}


def test_abstention_scores_edges():
    empty = abstention_scores([], [])
    assert all(value == 0.0 for value in empty.values())
    never = abstention_scores([False, False], [False, False])
    assert never["abstain_precision"] == 0.0 and never["abstain_recall"] == 0.0
    assert never["accuracy"] == 1.0 and never["precision"] == 1.0
    with pytest.raises(ValueError):
        abstention_scores([True], [True, False])
    with pytest.raises(ValueError):
        abstention_scores([True], [True], [True, True])


def test_mean_and_percentile():
    assert mean([1.0, 2.0, 4.0]) == pytest.approx(7 / 3)
    assert mean([]) == 0.0
    values = [4.0, 1.0, 3.0, 2.0]  # sorted 1, 2, 3, 4
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 4.0
    assert percentile(values, 50) == pytest.approx(2.5)  # rank 1.5
    assert percentile(values, 95) == pytest.approx(3.85)  # rank 2.85 -> 3 + 0.85
    assert percentile([7.0], 90) == 7.0
    assert percentile([], 50) is None  # no latency is not a latency of 0 s
    with pytest.raises(ValueError):
        percentile(values, 101)
    assert not math.isnan(percentile(values, 0.0))


def test_percentile_matches_numpy_and_the_median():
    import statistics

    import numpy as np

    values = [5.0, 1.0, 9.0, 3.0, 7.0, 2.0]
    for q in (0, 5, 50, 95, 100):
        assert percentile(values, q) == pytest.approx(np.percentile(values, q))
    assert percentile(values, 50) == statistics.median(values)
    assert percentile(values[:5], 50) == statistics.median(values[:5])


def test_a_run_with_no_timed_answers_has_no_latency_to_gate_on():
    from eval.runner import Gate, aggregate, check_gates

    rows = [{"should_abstain": False, "recall@5": 1.0}]
    metrics = aggregate(rows)
    assert "retrieval_p50_s" not in metrics and "latency_p50_s" not in metrics
    gate = Gate(metric="latency_p50_s", bound=10.0, upper=True)
    assert check_gates({"c": {"overall": metrics}}, [gate])  # missing, so it fails
