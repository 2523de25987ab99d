"""Fact answers where the model points at the evidence words and the app quotes them."""

from __future__ import annotations

from fakes import ScriptedChatModel

from assistant.composers.pointed import lead_with, read_pointer
from assistant.types import Evidence


def _evidence(*texts: str, paper: str = "p1", title: str = "Tree Search for Small Models"
              ) -> list[Evidence]:
    return [Evidence(n=i, paper_id=paper, title=title, chunk_id=f"{paper}#0", text=t,
                     start=0, end=len(t)) for i, t in enumerate(texts, 1)]


EVIDENCE = _evidence(
    "Large models are costly to run.",
    "We propose TinySearch, which pairs a policy model with a value model.",
    "TinySearch raises accuracy on MATH from 41.2\\% to 63.5\\% with a 1.5B model.",
    "Code is released.",
)


def test_copied_words_point_at_their_sentence_whatever_number_the_model_gives():
    assert read_pointer("[3] from 41.2% to 63.5%", EVIDENCE).evidence.n == 3
    # a wrong number, quotes, a label and a different case still find the sentence
    assert read_pointer('[1] Answer: "Pairs a policy model"', EVIDENCE).evidence.n == 2
    # a dropped word is still a copy
    assert read_pointer("[2] pairs a policy model a value model", EVIDENCE).evidence.n == 2


def test_a_number_alone_points_at_its_sentence_and_several_copies_at_the_first_that_checks():
    assert read_pointer("[3]", EVIDENCE).evidence.n == 3
    assert read_pointer("[9]", EVIDENCE) is None  # no such evidence
    assert read_pointer("[1] rose sharply, [4] Code is released", EVIDENCE).evidence.n == 4


def test_words_that_are_not_in_the_evidence_point_nowhere():
    assert read_pointer("[3] accuracy rose to 70%", EVIDENCE) is None  # a paraphrase
    assert read_pointer("[2] a value model with a policy model", EVIDENCE) is None  # reordered
    assert read_pointer("[2] a policy model and a value model", EVIDENCE) is None  # a word added
    assert read_pointer("none", EVIDENCE) is None
    assert read_pointer("[2] with a", EVIDENCE) is None  # no content word
    assert read_pointer("", EVIDENCE) is None


def test_title_words_point_at_the_papers_best_pick():
    other = _evidence("Robots evolve bodies.", "We benchmark soft robots on 30 tasks.",
                      paper="p2", title="Evolution Gym: Evolving Soft Robots")
    evidence = EVIDENCE + [e.model_copy(update={"n": e.n + 4}) for e in other]
    pointer = read_pointer("[5] Evolution Gym", evidence, picks=[evidence[5]])
    assert pointer is not None and pointer.evidence.n == 6


def test_the_pointed_sentence_leads_and_every_pick_follows():
    picks = [EVIDENCE[2], EVIDENCE[1]]
    pointer = read_pointer("[1] costly to run", EVIDENCE)
    assert [e.n for e in lead_with(pointer, picks, EVIDENCE)] == [1, 3, 2]
    pointer = read_pointer("[2] a policy model with a value model", EVIDENCE)
    assert [e.n for e in lead_with(pointer, picks, EVIDENCE)] == [2, 3]


QUESTION = "How much does rStar-Math improve Qwen2.5-Math-7B on the MATH benchmark?"


def test_the_local_model_points_and_the_answer_quotes_the_sentence(make_shared):
    model = ScriptedChatModel.make(["[1] from 41.4% to 86.4%"])
    answer = make_shared(model, provider="local").ask(QUESTION)
    assert "Reply:" in model.prompts[0][-1].content  # the pointing prompt, not the writing one
    first = answer.sentences[0]
    assert "41.4% to 86.4%" in first.text and first.supported
    assert not answer.warnings


def test_a_pointer_at_a_sentence_that_barely_answers_is_not_followed(make_shared):
    extractive = make_shared().ask(QUESTION)
    model = ScriptedChatModel.make(["[1] extensive MCTS rollouts"])  # off the point
    answer = make_shared(model, provider="local").ask(QUESTION)
    assert answer.text == extractive.text
    assert any("barely answers" in w for w in answer.warnings)


def test_an_invented_pointer_leaves_the_extractive_answer(make_shared):
    extractive = make_shared().ask(QUESTION)
    model = ScriptedChatModel.make(["[1] it improves by 12 points"])
    answer = make_shared(model, provider="local").ask(QUESTION)
    assert answer.text == extractive.text
    assert any("pointer" in w for w in answer.warnings)


def test_other_providers_write_their_answer(make_shared):
    model = ScriptedChatModel.make(["rStar-Math improves Qwen2.5-Math-7B from 58.8% to 90.0% [1]."])
    answer = make_shared(model, provider="scripted").ask(QUESTION)
    assert "Reply:" not in model.prompts[0][-1].content
    assert answer.text.startswith("rStar-Math improves")


def test_a_local_comparison_keeps_the_tables_checked_line_and_asks_the_model_nothing(make_shared):
    question = "Compare SPHERE and rStar-Math on how they make training data"
    extractive = make_shared().ask(question)
    model = ScriptedChatModel.make([])  # any call would fail the test
    answer = make_shared(model, provider="local").ask(question)
    assert answer.text == extractive.text
    written = ScriptedChatModel.make(["Both build their own training data [1][2]."])
    make_shared(written, provider="scripted").ask(question)
    assert len(written.prompts) == 1  # a model that writes is asked for the summary


def test_the_model_is_shown_the_budgeted_sentences_and_the_picks_read_the_whole_abstract(
        make_shared):
    model = ScriptedChatModel.make(["[1] from 41.4% to 86.4%"])
    answer = make_shared(model, provider="local").ask(QUESTION)
    prompt = model.prompts[0][-1].content
    shown = [e for e in answer.evidence if e.text in prompt]
    # The prompt holds the named paper's sentences that speak of the question (its size sets
    # the first-token time); the answer may quote any sentence of that paper's abstract.
    assert {e.paper_id for e in answer.evidence} == {shown[0].paper_id}
    assert 0 < len(shown) < len(answer.evidence)
    assert "41.4% to 86.4%" in answer.sentences[0].text


def test_a_pointer_without_the_asked_kind_of_name_leaves_the_sentence_naming_one_first(
        make_shared):
    question = "Which agent in SWE-Search explores the repository?"
    extractive = make_shared().ask(question)
    assert "SWE-Agent" in extractive.sentences[0].text
    # the opening claim names no agent: not what "which agent" asks for
    model = ScriptedChatModel.make(["[1] we propose SWE-Search, a multi-agent framework"])
    answer = make_shared(model, provider="local").ask(question)
    assert answer.text == extractive.text
    assert any("asked kind" in w for w in answer.warnings), answer.warnings
    pointed = ScriptedChatModel.make(["[1] a SWE-Agent for adaptive exploration"])
    followed = make_shared(pointed, provider="local").ask(question)
    assert "SWE-Agent" in followed.sentences[0].text and not followed.warnings
