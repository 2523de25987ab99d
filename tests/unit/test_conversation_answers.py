"""How a conversation's later turns pick their answer among the discussed paper's sentences.

The phrasings and papers here are invented; they are not eval questions.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.composers.extractive import SentenceWeights, compose_extractive
from assistant.text import tokenize
from assistant.types import ChatTurn, Evidence, QuestionPlan
from assistant.understanding import understand

TITLE = "Quillwort: Sparse Routing for Graph Transformers at Scale"
SENTENCES = [
    "We propose Quillwort, sparse routing for graph transformers at scale.",
    "Training took two days on a single node.",
]


def _evidence() -> list[Evidence]:
    return [Evidence(n=i + 1, paper_id="quillwort", title=TITLE, chunk_id="quillwort#0",
                     text=text, start=0, end=len(text)) for i, text in enumerate(SENTENCES)]


def _overlap(question: str, texts: Sequence[str]) -> list[float]:
    """A meaning stand-in that behaves like an embedder on these texts: shared words."""
    asked = set(tokenize(question))
    return [len(asked & set(tokenize(t))) / (len(asked | set(tokenize(t))) or 1) for t in texts]


def _follow_up(question: str, standalone: str, follows_up: bool = True) -> QuestionPlan:
    return QuestionPlan(question=question, standalone=standalone, intent="fact",
                        subjects=["quillwort"], subject_names={"quillwort": TITLE},
                        topic_terms=["long", "train"], focus_terms=["long", "train"],
                        follows_up=follows_up)


def test_a_follow_ups_sentences_are_matched_against_its_own_words_not_the_inserted_title():
    plan = _follow_up("how long did they train it?",
                      f"how long did {TITLE} train it?")
    assert plan.sentence_query == "how long did they train it?"
    # Neither sentence has an asked word as such ("took", not "train"): meaning decides.
    text = compose_extractive(plan, _evidence(), idf=lambda t: 1.0, meaning=_overlap,
                              weights=SentenceWeights(own_work=0.0))
    assert text.startswith("Training took two days")


def test_a_question_that_names_its_paper_is_matched_as_written():
    plan = _follow_up("how long did Quillwort train?", "how long did Quillwort train?",
                      follows_up=False)
    assert plan.sentence_query == plan.standalone


def test_with_the_title_inserted_the_restating_sentence_would_win():
    # Why the follow-up's own words are used: the rewrite's title pulls toward the sentence
    # that restates it (this is what the fake meaning does when given the standalone text).
    scores = _overlap(f"how long did {TITLE} train it?", SENTENCES)
    assert scores[0] > scores[1]


# --- which of the discussed papers a turn is about ---------------------------------------


@pytest.fixture(scope="module")
def collection(make_shared):
    return make_shared().retriever


def _pid(collection, title_start: str) -> str:
    return next(p.id for p in collection.papers.values() if p.title.startswith(title_start))


def _two_discussed(collection) -> tuple[list[ChatTurn], str, str]:
    dgm, mfm = _pid(collection, "Darwin"), _pid(collection, "Meta Flow")
    history = [ChatTurn(role="user", content="anything on things that evolve over time?"),
               ChatTurn(role="assistant", content="...", papers=[dgm, mfm])]
    return history, dgm, mfm


@pytest.mark.parametrize(("question", "which"), [
    ("the coding one: what does it keep in its archive?", "dgm"),
    ("ok, for the cell dynamics paper, what does it embed?", "mfm"),
    ("and the one that handles populations of cells, how is it trained?", "mfm"),  # a verb
])
def test_a_description_picks_one_of_the_discussed_papers(collection, question, which):
    history, dgm, mfm = _two_discussed(collection)
    plan = understand(question, history, collection)
    assert plan.follows_up and plan.subjects == [{"dgm": dgm, "mfm": mfm}[which]]
    assert plan.intent == "fact"


@pytest.mark.parametrize("question", [
    "what does the model learn in each of them?",  # every paper has a model: no choice
    "and how do they differ?",
])
def test_a_description_that_fits_all_or_none_keeps_every_discussed_paper(collection, question):
    history, dgm, mfm = _two_discussed(collection)
    plan = understand(question, history, collection)
    assert set(plan.subjects) == {dgm, mfm}


def test_a_described_paper_the_discussed_one_does_not_fit_is_not_the_discussed_one(collection):
    history, dgm, _ = _two_discussed(collection)
    history[-1] = ChatTurn(role="assistant", content="...", papers=[dgm])
    assert understand("what does the coding agent paper store?", history,
                      collection).subjects == [dgm]
    assert dgm not in understand("what does the protein folding paper claim?", history,
                                 collection).subjects


@pytest.mark.parametrize(("question", "title_start"), [
    # The title's words in another order, and an acronym for title words it spells.
    ("summarise the LLM inference-time computation tricks paper", "Bag of Tricks"),
    ("what does the SWE MCTS refinement paper add?", "SWE-Search"),
])
def test_a_paper_described_by_its_title_words_in_any_order_is_named(collection, question,
                                                                      title_start):
    plan = understand(question, [], collection)
    assert plan.subjects == [_pid(collection, title_start)]


def test_a_description_that_fits_several_titles_names_none(collection):
    plan = understand("what does the self-evolution language models paper do?", [], collection)
    assert plan.subjects == []


# --- what a turn asks for -----------------------------------------------------------------


@pytest.mark.parametrize(("question", "slot"), [
    ("When was Mobile-Agent-E released?", "year"),
    ("when did the GASP paper come out", "year"),
    ("and RAIN, when does it rewind its output?", "other"),  # a condition, not a date
    ("When is Self-Judge's refusal triggered?", "other"),
    ("What does Evolution Gym hope to improve?", "other"),  # the verb asks a thing
    ("What improvement does Evolution Gym report?", "number"),  # the measure asks a number
    ("RAIN's win rate?", "number"),
])
def test_the_asked_slot_follows_tense_and_the_measure_noun(collection, question, slot):
    assert understand(question, [], collection).asked_for == slot


def test_a_description_whose_aim_comes_last_keeps_the_sentences_before_it():
    sentences = ["Open-world learners face uncertainty nobody can model.",
                 "Benchmarks hide this by fixing the world.",
                 "This paper argues that evolution copes with it."]
    evidence = [Evidence(n=i + 1, paper_id="p", title="A Blind Spot", chunk_id="p#0",
                         text=t, start=0, end=len(t)) for i, t in enumerate(sentences)]
    plan = QuestionPlan(question="what does the blind spot paper argue?",
                        standalone="what does the blind spot paper argue?", intent="describe",
                        subjects=["p"])
    text = compose_extractive(plan, evidence, idf=lambda t: 1.0, max_sentences=3)
    assert all(s.rstrip(".") in text for s in sentences)


def test_which_of_them_filters_the_discussed_papers_even_when_its_words_spell_a_title(
        collection):
    history, dgm, mfm = _two_discussed(collection)
    plan = understand("which of them integrates vector fields on the Wasserstein manifold?",
                      history, collection)
    assert plan.intent == "list" and plan.scope == [dgm, mfm]


# --- "the other one", and a paper described that the last answer was not about ------------


def _listed_then_one(collection, *starts: str, then: str) -> list[ChatTurn]:
    """A list answer of the papers whose titles start with `starts`, then a turn about one."""
    return [ChatTurn(role="user", content="anything on open-ended evolution?"),
            ChatTurn(role="assistant", content="...",
                     papers=[_pid(collection, s) for s in starts]),
            ChatTurn(role="user", content="which of them keeps an archive?"),
            ChatTurn(role="assistant", content="...", papers=[_pid(collection, then)])]


def test_the_other_one_is_the_listed_paper_the_last_answer_was_not_about(collection):
    history = _listed_then_one(collection, "Darwin", "Meta Flow", then="Darwin")
    plan = understand("and the other one - how does it do against diffusion baselines?",
                      history, collection)
    # About that paper alone: "against" compares it with what is written, not with Darwin.
    assert plan.subjects == [_pid(collection, "Meta Flow")]
    assert plan.intent == "fact"
    assert "Meta Flow" in plan.standalone


@pytest.mark.parametrize("question", [
    "on the other hand, what does it store?",  # an idiom, no paper
    "and what does the other one store?",  # the last answer listed both: no other one
])
def test_no_other_one_keeps_the_previous_answers_papers(collection, question):
    history = _listed_then_one(collection, "Darwin", "Meta Flow", then="Darwin")
    if "other one" in question:
        history = history[:2]
    assert set(understand(question, history, collection).subjects) == \
        set(history[-1].papers)


def test_a_description_picks_a_paper_listed_before_the_last_answer(collection):
    history = _listed_then_one(collection, "Darwin", "Meta Flow", "SWE-Search",
                               then="SWE-Search")
    plan = understand("how is the cell one trained?", history, collection)
    assert plan.subjects == [_pid(collection, "Meta Flow")]


def test_a_description_of_a_paper_not_discussed_picks_the_title_it_spells(collection):
    history = _two_discussed(collection)[0][:1] + [
        ChatTurn(role="assistant", content="...", papers=[_pid(collection, "Darwin")])]
    plan = understand("is the telecom one also about agents?", history, collection)
    assert plan.subjects == [_pid(collection, "Understanding Telecom")]
    # A part of a paper ("the telecom model") is not a paper: the turn goes on with Darwin.
    plan = understand("what does the telecom model do here?", history, collection)
    assert plan.subjects == [_pid(collection, "Darwin")]


def test_and_the_other_one_asks_the_previous_question_of_it(collection):
    history = _listed_then_one(collection, "Darwin", "Meta Flow", then="Darwin")
    history[2] = ChatTurn(role="user", content="what does Darwin Godel Machine keep in its "
                                               "archive?")
    plan = understand("and the other one?", history, collection)
    assert plan.subjects == [_pid(collection, "Meta Flow")]
    assert "archive" in plan.standalone


def test_the_problem_a_paper_takes_on_is_read_from_the_sentences_before_its_contribution():
    sentences = ["Graph transformers are widely used.",
                 "However, dense attention makes them too slow on large graphs.",
                 "We propose Quillwort, sparse routing for graph transformers at scale.",
                 "Quillwort is ten times faster."]
    evidence = [Evidence(n=i + 1, paper_id="quillwort", title=TITLE, chunk_id="quillwort#0",
                         text=t, start=0, end=len(t)) for i, t in enumerate(sentences)]
    plan = QuestionPlan(question="what problem does Quillwort solve?",
                        standalone="what problem does Quillwort solve?", intent="describe",
                        subjects=["quillwort"], asks_problem=True)
    text = compose_extractive(plan, evidence, idf=lambda t: 1.0)
    assert "too slow on large graphs" in text and "ten times faster" not in text
    described = compose_extractive(plan.model_copy(update={"asks_problem": False}), evidence,
                                   idf=lambda t: 1.0)
    assert "ten times faster" in described and "widely used" not in described
