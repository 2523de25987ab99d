"""The issues' examples, end to end with the real store and MiniLM (extractive answers).

Rewording, follow-ups and unanswerable near-misses that users wrote: each behaves as a
researcher would expect, and an abstention says why.
"""

from __future__ import annotations

import pytest

from assistant.types import ABSTAIN_SENTENCE, ChatTurn

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assistant(indexed_assistant):
    return indexed_assistant


def _title(assistant, paper_id: str) -> str:
    return assistant.paper(paper_id).title


@pytest.mark.parametrize(("question", "missing"), [
    ("What pass@1 score does Alita achieve on SWE-bench?", "SWE-bench"),
    ("How does EMPO perform on GPQA Diamond?", "GPQA"),
    ("What does Reflexion do?", "Reflexion"),
    ("How does Alita compare to Voyager?", "Voyager"),
    ("What attack success rate does RAIN achieve on Llama-2-70B?", "Llama"),
    ("By how many points does SPHERE improve AIME accuracy?", "AIME"),
])
def test_unanswerable_near_misses_abstain_and_say_what_is_missing(assistant, question, missing):
    answer = assistant.ask(question)
    assert answer.abstained and answer.text.startswith(ABSTAIN_SENTENCE)
    assert missing in answer.text


def test_an_abstention_about_a_named_paper_keeps_what_it_does_say(assistant):
    answer = assistant.ask("How does EMPO perform on GPQA Diamond?")
    assert answer.abstained and answer.citations  # the closest sentence, cited
    assert all("Right Question" in _title(assistant, c.paper_id) for c in answer.citations)


def test_a_recipe_is_outside_the_collection(assistant):
    answer = assistant.ask("Can you give me a good recipe for sourdough bread?")
    assert answer.abstained and "outside this collection" in answer.text
    assert answer.citations == []


def test_the_ai_co_scientist_model_is_answered(assistant):
    answer = assistant.ask("What underlying LLM powers the AI co-scientist?")
    assert not answer.abstained and "Gemini 2.0" in answer.text


@pytest.mark.parametrize("question", ["What is rStar-Math's learning rate?",
                                      "What learning rate does rStar-Math use?"])
def test_both_wordings_of_an_absent_hyperparameter_get_the_same_decision(assistant, question):
    plans = [assistant.engine.plan(q) for q in ("What is rStar-Math's learning rate?",
                                                 "What learning rate does rStar-Math use?")]
    verdicts = {assistant.engine.assess(p)[1].verdict for p in plans}
    assert len(verdicts) == 1


def test_reworded_list_questions_list_every_gaia_paper(assistant):
    for question in ("Papers evaluating on GAIA?", "Give me the papers that report results on GAIA",
                     "Which papers evaluate on GAIA?"):
        answer = assistant.ask(question)
        assert answer.mode == "list" and not answer.abstained
        cited = [c.paper_id for c in answer.citations]
        assert len(cited) == len(set(cited)) == 2  # Alita and the long-term memory paper


def test_stack_up_is_a_comparison_with_a_row_per_paper(assistant):
    answer = assistant.ask("How does rStar-Math stack up against SPHERE?")
    assert answer.mode == "comparison"
    assert len({c.paper_id for c in answer.citations}) == 2


def _turn(assistant, question, history):
    answer = assistant.ask(question, history)
    return answer, history + [ChatTurn(role="user", content=question),
                              ChatTurn.from_answer(answer)]


def test_a_new_paper_named_with_its_is_answered_about_the_new_paper(assistant):
    _, history = _turn(assistant, "What does rStar-Math do?", [])
    answer, _ = _turn(assistant, "What does LongPO add to its objective?", history)
    assert answer.citations
    assert all(_title(assistant, c.paper_id).startswith("LongPO") for c in answer.citations)


def test_a_dependent_follow_up_stays_on_the_paper(assistant):
    _, history = _turn(assistant, "What does SPHERE do?", [])
    answer, _ = _turn(assistant, "and what benchmarks does it evaluate on?", history)
    assert not answer.abstained and "GSM8K" in answer.text
    assert all("Self-Evolved Preference" in _title(assistant, c.paper_id)
               for c in answer.citations)


def test_which_of_them_filters_the_previous_list(assistant):
    first, history = _turn(assistant, "Which papers use MCTS?", [])
    answer, _ = _turn(assistant, "which of them uses a reward model?", history)
    assert answer.mode == "list" and answer.citations
    assert {c.paper_id for c in answer.citations} <= {c.paper_id for c in first.citations}


@pytest.mark.parametrize("question", [
    "How many papers mention Llama?",
    "Which papers evaluate on MATH500?",
    "Which papers are survey articles?",
    "Which papers report evaluations on AIME competition problems?",
    "Which papers run experiments with a Phi-3 family model?",
])
def test_collection_questions_are_answered_with_a_list(assistant, question):
    answer = assistant.ask(question)
    assert answer.mode == "list" and not answer.abstained and len(answer.citations) >= 1
    assert "papers" in answer.text.split("\n")[0]
