"""A fact question asking for a model or a benchmark is answered by the sentence holding one of
the names the paper's facets list, not by any name-shaped word; a paper is shown by its own
method name, not by a common term it abbreviates."""

from __future__ import annotations

from assistant.composers.extractive import SentenceWeights, asked_values, pick_extractive
from assistant.names import own_names
from assistant.types import Evidence, Facets, Paper, QuestionPlan

ABSTRACT = (
    "Small language models (SLMs) can rival large ones with chain-of-thought (CoT) search. "
    "We propose TinySearch, which trains a policy SLM with a CoT process reward model. "
    "On MATH, it improves Qwen2.5-Math-7B from 58.8% to 90.0% and Phi3-mini-3.8B to 86.4%.")
SENTENCES = ABSTRACT.split(". ")


def _paper(facets: Facets | None) -> Paper:
    return Paper(id="p1", title="Tree Search for Small Models", abstract=ABSTRACT,
                 source="test", facets=facets)


def _evidence() -> list[Evidence]:
    return [Evidence(n=i, paper_id="p1", title="Tree Search for Small Models",
                     chunk_id="p1#0", text=t, start=0, end=len(t))
            for i, t in enumerate(SENTENCES, 1)]


def _plan(question: str, slot: str) -> QuestionPlan:
    return QuestionPlan(question=question, standalone=question, intent="fact",
                        subjects=["p1"], asked_for=slot,  # type: ignore[arg-type]  # a Slot literal
                        topic_terms=["base", "model"], focus_terms=["base", "model"])


FACETS = Facets(models=["Qwen2.5-Math-7B", "Phi3-mini-3.8B"], benchmarks=["MATH"],
                methods=["TinySearch"])


def test_the_asked_kind_comes_from_the_facets_less_what_the_question_gives():
    plan = _plan("What base models does TinySearch use?", "model")
    assert asked_values(plan, {"p1": _paper(FACETS)}) == {
        "p1": ["Qwen2.5-Math-7B", "Phi3-mini-3.8B"]}
    given = _plan("Which model besides Qwen2.5-Math-7B does it use?", "model")
    assert asked_values(given, {"p1": _paper(FACETS)}) == {"p1": ["Phi3-mini-3.8B"]}
    assert asked_values(_plan("What is its accuracy?", "number"), {"p1": _paper(FACETS)}) == {}
    assert asked_values(plan, {"p1": _paper(None)}) == {}  # no facets: nothing known


def test_the_sentence_holding_a_listed_model_answers_not_a_name_shaped_word():
    plan = _plan("What base models does TinySearch use?", "model")
    weights = SentenceWeights(meaning=0.0, own_work=0.0, slot=3.0, runner_up=0.9, sentences=1)
    with_facets = pick_extractive(plan, _evidence(), lambda t: 1.0, weights=weights,
                                  values=asked_values(plan, {"p1": _paper(FACETS)}))
    assert [e.n for e in with_facets] == [3]
    # Without facets every sentence with "SLMs"/"CoT" looks like it names a model, and one
    # sharing the question's words ("model") wins.
    without = pick_extractive(plan, _evidence(), lambda t: 1.0, weights=weights)
    assert [e.n for e in without] in ([1], [2])


def test_a_paper_goes_by_its_own_method_name_not_an_abbreviated_common_term():
    abstract = ("Models rely on chain-of-thought (CoT) reasoning. We present a framework that "
                "embeds a monitor inside the reasoning, named CoT Monitor+.")
    read = Paper(id="p2", title="Self-Monitoring", abstract=abstract, source="test")
    indexed = read.model_copy(update={"facets": Facets(methods=["CoT Monitor+"])})
    assert own_names(indexed) == ["CoT Monitor+"]
    assert "CoT" in own_names(read)  # as read from a source, before the index extracts facets
