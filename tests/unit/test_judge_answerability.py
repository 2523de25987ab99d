"""The answerability-judge experiment's pure parts: reading P(yes) from token probabilities,
the AUC, and the band around the threshold that holds the errors."""

from __future__ import annotations

import math

import numpy as np
import pytest

from eval.judge_answerability import auc, band_coverage, p_yes
from prompts import load_prompt


def test_p_yes_is_normalised_over_yes_and_no_in_any_case_and_spacing():
    alternatives = [{"token": "No", "logprob": math.log(0.3)},
                    {"token": " yes", "logprob": math.log(0.1)},
                    {"token": "Yes", "logprob": math.log(0.4)},
                    {"token": "Answer", "logprob": math.log(0.2)}]
    assert p_yes(alternatives) == pytest.approx(0.5 / 0.8)


def test_p_yes_is_none_when_neither_word_is_offered():
    assert p_yes([{"token": "The", "logprob": -0.1}]) is None
    assert p_yes([]) is None


def test_auc_counts_ties_as_half_and_orders_answerable_above():
    assert auc([0.9, 0.8, 0.1], [True, True, False]) == 1.0
    assert auc([0.1, 0.9], [True, False]) == 0.0
    assert auc([0.5, 0.5], [True, False]) == 0.5
    assert math.isnan(auc([0.5], [True]))


def test_the_band_holds_the_errors_nearest_the_threshold():
    # Two errors close to the threshold, one far away; most questions far from it.
    scores = np.array([0.45, 0.55, 0.02, 0.98, 0.97, 0.03, 0.99])
    y = np.array([1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0])  # 0.45 and 0.02 wrongly abstained
    band = band_coverage(scores, np.full(len(y), 0.5), y, np.zeros(len(y), dtype=bool), 0.6)
    assert band["errors"] == 3
    assert band["share_of_errors"] == pytest.approx(2 / 3, abs=1e-3)
    assert band["share_of_questions"] == pytest.approx(2 / 7, abs=1e-3)


def test_the_judge_prompt_declares_what_the_experiment_supplies():
    messages = load_prompt("answerable", {"question", "evidence"}).format_messages(
        question="Which model?", evidence="Title\nIt uses Gemini 2.0.")
    assert "Gemini 2.0" in messages[-1].content
    assert "yes or no" in messages[-1].content
