"""How a comparison is read: which papers it compares, what it asks of them, and what the
line under its table may name. Invented wordings over the shared test collection and
invented abstracts."""

from __future__ import annotations

import pytest
from fakes import hit_of

from assistant.comparison import CellWeights, TableBuilder, title_head
from assistant.understanding import understand


@pytest.fixture(scope="module")
def collection(make_shared):
    return make_shared().retriever


# --- the scene before the part that asks ------------------------------------------------------


@pytest.mark.parametrize(("question", "aspects"), [
    # What both papers share is said before the question; the question asks something else.
    ("rStar-Math and SPHERE both use tree search - how do they differ in their training data?",
     ["training data"]),
    ("SPHERE and rStar-Math both target small models: how do their results compare?",
     ["results"]),
    # No scene: the aspect is read from the whole question as before.
    ("Compare SPHERE and rStar-Math on how they make training data", ["make training data"]),
])
def test_a_comparison_asks_what_its_asking_part_asks_not_what_its_scene_says(
        collection, question, aspects):
    plan = understand(question, [], collection)
    assert plan.intent == "comparison"
    assert plan.aspects == aspects


def test_a_scene_with_nothing_asked_after_it_keeps_its_own_aspects(collection):
    # The asking part ("how do they compare?") asks no aspect of its own: the aspect is the
    # scene's, not none at all.
    plan = understand("rStar-Math vs SPHERE on training data - how do they compare?", [],
                      collection)
    assert plan.intent == "comparison"
    assert plan.aspects == ["training data"]


@pytest.mark.parametrize(("question", "aspects"), [
    # What the first paper's possessive owns, when nothing is asked after or before them.
    ("Is RAIN's way of avoiding training similar to SPO's?", ["way avoiding training"]),
    # Quantifiers shape the question; what they quantify is the aspect.
    ("SELF vs B-STaR: does either need human-labelled data?", ["need human-labelled data"]),
])
def test_the_aspect_is_what_is_asked_of_both_papers(collection, question, aspects):
    plan = understand(question, [], collection)
    assert plan.intent == "comparison" and len(plan.subjects) == 2
    assert plan.aspects == aspects


def test_a_count_asked_of_two_papers_named_together_compares_it(collection):
    plan = understand("MedS3 vs rStar-Math: how many problems or instances does each start "
                      "from?", [], collection)
    assert plan.intent == "comparison" and plan.aspects == ["problems instances start"]
    # one paper: a count inside it
    assert understand("how many problems does rStar-Math start from?", [],
                      collection).intent == "fact"


@pytest.mark.parametrize("question", [
    # "each report": each paper reports, not "each report" of the collection
    "SPHERE or rStar-Math: which benchmarks does each report?",
    "Which benchmarks do SPHERE and rStar-Math each report?",
])
def test_each_then_a_verb_after_named_papers_compares_them(collection, question):
    plan = understand(question, [], collection)
    assert plan.intent == "comparison" and len(plan.subjects) == 2


def test_each_before_a_paper_noun_still_asks_the_collection(collection):
    assert understand("does each paper report results on GSM8K?", [], collection).intent == "list"
    assert understand("which datasets appear in each study?", [], collection).intent == "list"


# --- "which of them" after the papers it names -------------------------------------------------


def test_which_of_them_after_named_papers_compares_those_papers(collection):
    plan = understand("rStar-Math, SPHERE and Mobile-Agent-E: which of them needs human "
                      "labels?", [], collection)
    assert plan.intent == "comparison"
    assert len(plan.subjects) == 3


def test_which_of_them_naming_no_paper_still_asks_the_collection(collection):
    assert understand("which of them needs human labels?", [], collection).intent == "list"


# --- the line under the table: a title without a name part ------------------------------------


def _idf(word: str) -> float:
    return 2.0


def test_only_a_title_s_head_before_a_colon_is_a_paper_s_name():
    assert title_head("rStar-Math: Small LLMs Can Master Math Reasoning") == ["rStar-Math"]
    assert title_head("Effects of dark matter self-interactions on Sagittarius") == []


def test_a_term_of_a_title_without_a_name_part_may_set_its_paper_apart():
    rows = [
        hit_of("s", "Effects of dark matter self-interactions on Sagittarius and its stream", [
            "We simulate the infall of the Sagittarius dwarf galaxy with self interactions.",
            "The stream loses most of its dark matter."]),
        hit_of("c", "Statistics of collisionless dark matter flow", [
            "We reconstruct the density field with a Delaunay tessellation.",
            "The dark matter flow is self-similar."]),
    ]
    names = {"s": "the self-interacting paper", "c": "the flow statistics paper"}
    table = TableBuilder(_idf, None, CellWeights(apart_terms=1)).build(
        rows, {"approach": "simulate reconstruct method"}, names)
    apart = [s.text for s in table.summary if s.text.startswith("Only in ")]
    assert any("Sagittarius" in line for line in apart), apart
    assert any("Delaunay" in line for line in apart), apart


# --- a narrow table's cells: more phrases, the same words ----------------------------------------


def test_a_narrow_cell_with_three_phrases_keeps_to_about_a_cell_s_words():
    from assistant.comparison import CELL_WORDS, RUN_WORDS

    filler = "the method then improves a further step of the pipeline with care and detail"
    rows = [hit_of(p, f"{p}: a pipeline", [
        f"We propose {p}, a data pipeline that {filler} over many rounds of data.",
        f"{p} builds data from seed problems so that {filler} over rounds.",
        f"Its data comes from a crawl in which {filler} and more data."])
        for p in ("Alpha", "Beta")]
    weights = CellWeights(sentence={"lexical": 1.0}, roomy_columns=1, roomy_phrases=3,
                          next_ratio=0.1, apart_terms=0)
    table = TableBuilder(_idf, None, weights).build(rows, {"data": "data"})
    cells = [line.split(" | ")[1] for line in table.markdown.splitlines()[2:]]
    for cell in cells:
        assert cell.count("[") == 3, cell  # three sentences quoted
        words = [w for w in cell.split() if w != "…" and not w.startswith("[")]
        # each phrase leaves the next its least, so the whole cell stays near one phrase's
        # words; a phrase may end up to RUN_WORDS past its budget to keep a name whole
        assert len(words) <= CELL_WORDS + 2 + 3 * RUN_WORDS, cell


# --- names and descriptions on both sides ------------------------------------------------------


def test_a_name_also_written_inside_a_hyphenated_word_still_names_its_paper(collection):
    # "self-correction" starts with SELF, but "SELF" is written on its own too
    plan = understand("SELF vs SPHERE: how does each one's self-correction work?", [],
                      collection)
    assert plan.intent == "comparison" and len(plan.subjects) == 2
    assert "SELF" in plan.subject_names.values()


def test_a_survey_described_by_common_words_is_the_one_whose_title_says_survey(collection):
    plan = understand("the internal consistency survey vs the self-evolving agents survey: "
                      "how is each organised?", [], collection)
    assert plan.intent == "comparison" and len(plan.subjects) == 2
    titles = [collection.papers[p].title for p in plan.subjects]
    assert any(t.startswith("A Survey of Self-Evolving Agents") for t in titles), titles
