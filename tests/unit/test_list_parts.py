"""A list criterion that divides: what follows a negation is met by the papers left out;
"both X and Y", "X as well as Y" and a kind of paper asked for ("surveys on X", "benchmark
papers about Y") need each part met on its own, not the words of both pooled into one score."""

from __future__ import annotations

import pytest

from assistant.chunking import chunk_paper
from assistant.composers.collection import ListCalibration, describe_criterion, qualify
from assistant.criteria import exclusions, parts, without_exclusions
from assistant.facets import FacetVocabulary, extract_facets
from assistant.settings import ChunkingSettings
from assistant.text import tokenize
from assistant.types import Paper, QuestionPlan
from assistant.understanding import _criterion, criterion_text


@pytest.mark.parametrize(("question", "kept", "left_out"), [
    ("Which papers report GSM8K but not MATH?", "Which papers report GSM8K?", ["MATH"]),
    ("which of the surveys here are NOT about agents?", "which of the surveys here are?",
     ["about agents"]),
    ("which papers don't use LLMs?", "which papers?", ["use LLMs"]),
    ("which of them apply it outside maths, say?", "which of them apply it, say?", ["maths"]),
    ("papers on agents, excluding web agents", "papers on agents", ["web agents"]),
])
def test_a_negated_clause_is_left_out_of_the_criterion_and_kept_as_an_exclusion(
        question, kept, left_out):
    assert without_exclusions(question) == kept
    assert exclusions(question) == left_out


@pytest.mark.parametrize("question", [
    "papers that are not only fast but also accurate?",  # both, not a negation
    "which papers test whether or not models know what they know?",
    "papers on graph networks rather than transformers",  # a contrast frames (see framing)
    "Which papers evaluate on GSM8K?",
    # "without X", "no X" ask for papers saying they do without X: the abstract writes X
    "which of them gets by without training any reward model?",
    "which of them needs no supervision at all?",
])
def test_no_negation_no_exclusion(question):
    assert exclusions(question) == []


def test_the_criterion_words_leave_out_what_a_negation_governs():
    assert _criterion("Which papers use tree search but not preference learning?", []) == [
        "tree", "search"]
    assert criterion_text("which of the surveys are NOT about agents?") == \
        "which of the surveys are?"


@pytest.mark.parametrize(("question", "required"), [
    ("Which papers evaluate on both GSM8K and MATH?",
     ("Which papers evaluate on GSM8K", "Which papers evaluate on MATH")),
    ("Which papers use Llama as well as Qwen models?",
     ("Which papers use Llama", "Which papers use Qwen models?")),
    ("Which benchmark papers are about robots?",
     ("Which benchmark papers", "which papers are about robots?")),
    ("Which of the surveys cover agents?",
     ("Which of the surveys", "which papers cover agents?")),
    # one part: the noun ends the question, a kind joined by "or", a new sentence after it
    ("Dark matter papers, list them", ("Dark matter papers, list them",)),
    ("Which items are technical reports or a thesis?",
     ("Which items are technical reports or a thesis?",)),
    ("DPO papers? either using it or comparing against it",
     ("DPO papers? either using it or comparing against it",)),
    ("Which papers use GSM8K?", ("Which papers use GSM8K?",)),
])
def test_the_parts_every_paper_must_meet(question, required):
    assert parts(question, set(_criterion(question, []))).required == required


def _papers(texts: dict[str, str], titles: dict[str, str] | None = None) -> dict[str, Paper]:
    papers = [Paper(id=pid, title=(titles or {}).get(pid, pid.title()), abstract=text,
                    source="test") for pid, text in texts.items()]
    vocabulary = FacetVocabulary.learn(papers)
    return {p.id: p.model_copy(update={"facets": extract_facets(p, vocabulary)})
            for p in papers}


def _qualify(question: str, papers: dict[str, Paper], scope: list[str] | None = None,
             calibration: ListCalibration | None = None) -> set[str]:
    plan = QuestionPlan(question=question, standalone=question, intent="list",
                        constraints=_criterion(question, []), scope=scope or [])
    chunks = {pid: chunk_paper(p, ChunkingSettings())[0] for pid, p in papers.items()}
    found, _ = qualify(plan, papers, lambda ids: {i: chunks[i] for i in ids},
                       lambda token: 1.0, calibration or ListCalibration(),
                       lambda token: any(token in tokenize(f"{p.title} {p.abstract}")
                                         for p in papers.values()))
    return {q.paper_id for q in found}


def test_but_not_leaves_out_the_papers_naming_the_other_benchmark():
    papers = _papers({
        "both": "We reach 91% on GSM8K and 60% on MATH. It helps.",
        "gsm": "Accuracy on GSM8K rises from 84% to 91%. It is cheap.",
        "math": "Results on MATH improve. We search.",
    })
    assert _qualify("Which papers report GSM8K?", papers) == {"both", "gsm"}
    assert _qualify("Which papers report GSM8K but not MATH?", papers) == {"gsm"}
    assert _qualify("Which papers evaluate on both GSM8K and MATH?", papers) == {"both"}


def test_a_capitalised_name_that_is_also_a_word_is_not_met_by_the_word():
    """"math performance on GSM8K" names GSM8K, not the MATH benchmark."""
    papers = _papers({
        "bench": "We reach 60% on MATH and 91% on GSM8K. It helps.",
        "word": "Our math performance on GSM8K improves from 84% to 91%. It is cheap.",
    })
    assert _qualify("Which papers evaluate on both GSM8K and MATH?", papers) == {"bench"}
    assert _qualify("Which papers report GSM8K but not MATH?", papers) == {"word"}


def test_a_negated_topic_leaves_out_the_papers_on_it():
    papers = _papers({
        "agents": "A survey of agents that plan with tools. Agents act in the world.",
        "feedback": "A survey of self-feedback in language models. Consistency matters.",
        "method": "We propose a tool-using agent. It plans well.",
    })
    assert _qualify("which surveys are there?", papers) == {"agents", "feedback"}
    assert _qualify("which of the surveys are NOT about agents?", papers) == {"feedback"}


def test_a_negation_with_nothing_else_asked_keeps_every_other_paper_in_scope():
    papers = _papers({
        "prune": "We prune attention heads. Accuracy holds.",
        "quant": "We quantize weights to four bits. Memory drops.",
        "birds": "We count birds. They migrate.",
    })
    assert _qualify("which papers don't mention pruning?", papers) == {"quant", "birds"}
    assert _qualify("which of them are not about pruning?", papers,
                    scope=["prune", "quant"]) == {"quant"}


def test_a_paper_saying_it_does_without_the_excluded_thing_is_kept():
    """"papers that don't need labels": a paper writing "without any labels" meets it."""
    papers = _papers({
        "free": "We train without any labels. Accuracy rises.",
        "labels": "We train with labels from experts. Accuracy rises.",
        "birds": "We count birds. They migrate.",
    })
    assert _qualify("which papers don't need labels?", papers) == {"free", "birds"}


def test_a_kind_of_paper_and_a_topic_are_each_met():
    """With a score that lets half the criterion's words pass, pooled, a paper on robots
    alone would pass "benchmark papers about robots"; each part met on its own, it does not."""
    papers = _papers({
        "gym": "We introduce a benchmark of soft robots. Robots evolve their bodies.",
        "robot": "Robots learn to walk with robots and more robots. Robot control improves.",
        "bench": "We introduce a benchmark of math problems. Models fail.",
    })
    lenient = ListCalibration(weights={"lexical": 10.0}, bias=-4.0)
    assert _qualify("papers about robots", papers, calibration=lenient) == {"gym", "robot"}
    assert _qualify("Which benchmark papers are about robots?", papers,
                    calibration=lenient) == {"gym"}


def test_the_heading_names_what_the_list_leaves_out():
    question = "Which papers report GSM8K but not MATH?"
    plan = QuestionPlan(question=question, standalone=question, intent="list",
                        constraints=_criterion(question, []))
    assert describe_criterion(plan) == "GSM8K, not MATH"
