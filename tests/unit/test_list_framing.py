"""Words of a list question that frame the asking rather than restrict the papers: the scene
set before it, a manner adverb of its verb, a phrase widening its scope, the other side of a
contrast, a word naming the wording, and examples in parentheses. None of them is a word a
paper must write; the part that states the criterion decides."""

from __future__ import annotations

import pytest

from assistant.chunking import chunk_paper
from assistant.composers.collection import ListCalibration, facet_names, qualify
from assistant.facets import FacetVocabulary, extract_facets, has_name, names_only_a_site
from assistant.settings import ChunkingSettings
from assistant.text import tokenize
from assistant.types import Facets, Paper, QuestionPlan
from assistant.understanding import _criterion, criterion_text


@pytest.mark.parametrize(("question", "criterion"), [
    # a scene before the question: a sentence, or a lead ended by a colon
    ("We run a reading group on protein folding. Which papers use graph networks?",
     ["graph", "networks"]),
    ("For my thesis on robot control: which works use imitation learning?",
     ["imitation", "learning"]),
    # a manner adverb of the verb that relates the papers to the criterion
    ("Which papers specifically discuss catastrophic forgetting?",
     ["catastrophic", "forgetting"]),
    ("list works that actually mention pruning", ["pruning"]),
    # a phrase that widens the scope, and a clause saying how little is enough
    ("papers that mention quantization in some way, even if only in passing?",
     ["quantization"]),
    ("which abstracts bring up sparsity at all?", ["sparsity"]),
    ("how many abstracts mention pruning in any role?", ["pruning"]),
    ("papers that so much as mention pruning", ["pruning"]),
    ("Which works cite sparsity in one way or another?", ["cite", "sparsity"]),
    ("Which works cite sparsity (even in a footnote)?", ["cite", "sparsity"]),
    # a manner adverb ending the question; a noun ending in -ly stays
    ("Which papers talk about sparsity specifically?", ["sparsity"]),
    ("papers on anomaly?", ["anomaly"]),
    ("papers about a model family?", ["model", "family"]),
    ("Short question for a talk - which papers use graph networks?", ["graph", "networks"]),
    # a lead that names the criterion the asking part only points back to stays
    ("Self-distillation: which papers use it?", ["Self-distillation"]),
    ("Mamba models - which papers train them on audio?", ["Mamba", "models", "train", "audio"]),
    # the other side of a contrast is no part of what a paper must write
    ("Which papers train graph networks rather than transformers?",
     ["train", "graph", "networks"]),
    ("papers on image generation as opposed to image editing", ["image", "generation"]),
    # a word naming the wording
    ("which papers use the phrase world model?", ["world", "model"]),
    # examples in parentheses describe the criterion; they are not required words
    ("papers about robot manipulation (grasping, pouring)?", ["robot", "manipulation"]),
    ("papers on model compression (e.g. pruning, distilling)?", ["model", "compression"]),
])
def test_framing_words_are_no_part_of_the_criterion(question, criterion):
    assert _criterion(question, []) == criterion


@pytest.mark.parametrize("question", [
    "Which papers use supervised fine-tuning (SFT)?",  # an abbreviation is another form
    "papers on preference learning (including DPO)?",  # so is one named example
    "papers on math benchmarks (GSM8K, MATH500)?",  # a list of names is what is asked
    "papers that rely on RLHF?",  # a verb ending in -ly is no adverb
    "Which papers evaluate on GSM8K?",
    "Which papers report results on MATH500? I need them for a table.",  # the scene after
])
def test_a_question_without_framing_is_left_as_written(question):
    assert criterion_text(question) == question


def test_reading_the_criterion_twice_changes_nothing():
    question = "As background: which papers explicitly study pruning in any form?"
    once = criterion_text(question)
    assert once == "which papers study pruning?"
    assert criterion_text(once) == once


def _qualify(question: str, papers: dict[str, Paper]) -> list[str]:
    plan = QuestionPlan(question=question, standalone=question, intent="list",
                        constraints=_criterion(question, []))
    chunks = {pid: chunk_paper(p, ChunkingSettings())[0] for pid, p in papers.items()}
    found, _ = qualify(plan, papers, lambda ids: {i: chunks[i] for i in ids},
                       lambda token: 1.0, ListCalibration(),
                       lambda token: any(token in tokenize(p.abstract) for p in papers.values()))
    return [q.paper_id for q in found]


def _topical(texts: dict[str, str]) -> dict[str, Paper]:
    return {pid: Paper(id=pid, title=pid.title(), abstract=text, source="test")
            for pid, text in texts.items()}


def test_a_framed_question_lists_every_paper_writing_its_criterion():
    """The scene's words ("survey", "vision"), the adverb and the widening clause are written
    by no qualifying paper; only "pruning" decides."""
    papers = _topical({
        "prune": "We prune attention heads. Accuracy holds.",
        "avoid": "Unlike pruning methods, we keep every weight. It is faster.",
        "survey": "A survey of vision models. Many exist.",
        "other": "We count birds. They migrate.",
    })
    question = ("I am writing a survey on vision models. Which papers explicitly mention "
                "pruning in any form, even just to say they avoid it?")
    assert set(_qualify(question, papers)) == {"prune", "avoid"}


def test_examples_in_parentheses_do_not_narrow_or_widen_the_list():
    papers = _topical({
        "grasp": "Robot manipulation of cups. Grasping improves.",
        "manip": "We study robot manipulation in kitchens. It works.",
        "pour": "Pouring water is hard for people. We model fluids.",
    })
    assert set(_qualify("papers about robot manipulation (grasping, pouring)?", papers)) == {
        "grasp", "manip"}


def test_a_site_written_as_its_host_names_the_site_of_code_links():
    """"github.com" and "huggingface.co" name the site a link is on, as "GitHub" does."""
    linked = Facets(links=["https://github.com/lab/tool"])
    hub = Facets(links=["https://huggingface.co/org/model"])
    assert has_name(linked, "github.com") and has_name(linked, "GitHub")
    assert has_name(hub, "huggingface.co") and not has_name(hub, "github.com")
    # a page under someone's subdomain is theirs, not the host's
    assert not has_name(Facets(links=["https://lab.github.io/page"]), "github.com")
    assert names_only_a_site("github.com", [linked, hub])


def test_a_count_of_papers_linking_a_host_is_decided_by_their_links():
    papers = [
        Paper(id="a", title="Tool", abstract="We build a tool. Code is at github.com/lab/tool.",
              source="test", url="https://github.com/lab/tool"),
        Paper(id="b", title="Fixer", abstract="Agents resolve GitHub issues in a repository.",
              source="test"),
        Paper(id="c", title="Birds", abstract="We count birds. They migrate.", source="test"),
    ]
    vocabulary = FacetVocabulary.learn(papers)
    collection = {p.id: p.model_copy(update={"facets": extract_facets(p, vocabulary)})
                  for p in papers}
    question = "how many papers link to a github.com repository?"
    plan = QuestionPlan(question=question, standalone=question, intent="count",
                        constraints=_criterion(question, []))
    assert [n.written for n in facet_names(plan, collection)] == ["github.com"]
    assert _qualify(question, collection) == ["a"]


def test_a_list_of_names_in_parentheses_offers_alternatives():
    papers = [
        Paper(id="a", title="Voting", abstract="We reach 91% on GSM8K. It helps.", source="test"),
        Paper(id="b", title="Search", abstract="Results on MATH500 rise. We search.",
              source="test"),
        Paper(id="c", title="Birds", abstract="We count birds. They migrate.", source="test"),
    ]
    vocabulary = FacetVocabulary.learn(papers)
    collection = {p.id: p.model_copy(update={"facets": extract_facets(p, vocabulary)})
                  for p in papers}
    assert set(_qualify("papers on math benchmarks (GSM8K, MATH500)?", collection)) == {
        "a", "b"}


def test_a_paper_kind_noun_counts_only_in_a_phrase_some_paper_writes():
    """"user studies" is a phrase a paper writes: a paper that only mentions a user does not
    meet it. "robotics studies" is no written phrase: the papers on robotics are asked for,
    and "studies" decides nothing."""
    papers = _topical({
        "study": "We run user studies with forty people. They prefer our tool.",
        "user": "The user types a query. We answer it quickly.",
        "robot": "A robot arm learns to stack blocks. It succeeds.",
        "other": "We count birds. They migrate.",
    })
    assert _criterion("how many papers run user studies?", []) == ["user", "studies"]
    assert _qualify("how many papers run user studies?", papers) == ["study"]
    assert _qualify("which robotics studies are there?", papers) == ["robot"]
