"""A comparison's described side resolved to one paper, or to none (`assistant/sides.py`)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from assistant.sides import SideResolver, SideWeights, described_span
from assistant.text import tokenize
from assistant.types import Chunk, Hit
from assistant.understanding import scaffold, understand

PAPERS = {
    "fim": ("Foundation Inference Models for Markov Jump Processes",
            "We infer Markov jump processes zero-shot from noisy observations."),
    "lmk": ("Language Models (Mostly) Know What They Know",
            "We study whether language models can evaluate the validity of their own claims."),
    "aitc": ("Adaptive Inference-Time Compute: LLMs Can Predict if They Can Do Better",
             "We train a model to predict mid-generation whether restarting helps."),
    "gym": ("Evolution Gym: A Large-Scale Benchmark for Evolving Soft Robots",
            "Soft robots are co-optimised in design and control."),
}


def _hit(pid: str) -> Hit:
    title, abstract = PAPERS[pid]
    chunk = Chunk(id=f"{pid}#0", paper_id=pid, ordinal=0, title=title, text=abstract,
                  token_count=len(abstract.split()), paper_hash="h")
    return Hit(paper_id=pid, title=title, score=1.0, chunk=chunk)


def _search(text: str, k: int) -> Sequence[Hit]:
    """Word overlap with title and abstract: a small retriever that ranks like BM25 would."""
    words = set(tokenize(text))
    ranked = sorted(PAPERS, key=lambda p: -len(words & set(tokenize(" ".join(PAPERS[p])))))
    return [_hit(p) for p in ranked[:k]]


def _resolver(threshold: float = 0.5) -> SideResolver:
    return SideResolver(_search, lambda t: 1.0, scaffold(),
                        SideWeights(weights={"title": 6.0, "text": 2.0, "lead": 3.0},
                                    bias=-5.0, threshold=threshold))


def test_a_side_described_by_title_words_and_an_acronym_the_title_spells_is_resolved():
    found = _resolver().resolve("how do  and the MJP foundation inference models generalise",
                                set())
    assert found == {"fim": "MJP foundation inference models"}


def test_a_quoted_title_counts_its_question_words():
    found = _resolver().resolve("how do  and 'LMs mostly know what they know' get at it?",
                                set())
    assert list(found) == ["lmk"]
    assert found["lmk"].startswith("LMs mostly know what they know")


def test_the_named_side_is_never_the_answer_and_words_no_title_writes_resolve_nothing():
    resolver = _resolver()
    assert "aitc" not in resolver.resolve("the adaptive inference-time compute paper", {"aitc"})
    assert resolver.resolve("what are its MATH and GSM8K scores?", set()) == {}


def test_the_threshold_decides():
    text = "and the adaptive inference-time compute paper get their training data"
    assert list(_resolver().resolve(text, set())) == ["aitc"]
    assert _resolver(threshold=0.999).resolve(text, set()) == {}


def test_the_span_is_the_describing_words_not_the_aspect():
    span = described_span("and the adaptive inference-time compute paper get their training data",
                          _hit("aitc"), scaffold())
    assert span == "adaptive inference-time compute"


@pytest.fixture(scope="module")
def collection(make_shared):
    return make_shared().retriever


def test_understanding_compares_a_named_paper_with_the_side_a_resolver_finds(collection):
    gym = next(p for p, paper in collection.papers.items()
               if paper.title.startswith("Evolution Gym"))
    asked: list[str] = []

    def resolve(text: str, exclude: set[str]) -> dict[str, str]:
        asked.append(text)
        return {gym: "the soft robot benchmark"} if "soft robot" in text else {}

    plan = understand("what evolves in AgentGym and the soft robot benchmark?", [], collection,
                      resolve)
    assert plan.intent == "comparison" and gym in plan.subjects and len(plan.subjects) == 2
    assert asked and "AgentGym" not in asked[0]
    alone = understand("what evolves in AgentGym and the soft robot benchmark?", [], collection)
    assert gym not in alone.subjects


def test_a_vs_between_a_paper_noun_and_a_determiner_weighs_no_two_notions():
    from assistant.understanding import _contrasts_notions

    assert _contrasts_notions("exploring vs exploiting in MC-NEST", lambda t: True)
    assert not _contrasts_notions("the calibration paper vs the survey", lambda t: True)


def test_an_and_opening_a_turn_joins_nothing():
    from assistant.understanding import _joins

    assert _joins("where do Self-J and the inference-time compute paper get data?")
    assert not _joins("and how does the calibration paper put it to use?")
    assert not _joins("which models did it train, e.g. Qwen2.5-1.5B?")


def test_two_described_sides_are_both_resolved_or_neither():
    from assistant.understanding import _both_described

    def resolve(text: str, exclude: set[str]) -> dict[str, str]:
        found = {"stream": {"a": "Sagittarius stream"}, "flow": {"b": "collisionless flow"}}
        return next((v for k, v in found.items() if k in text and set(v) - exclude), {})

    assert _both_described("compare the (Sagittarius stream vs collisionless flow) papers",
                           resolve) == {"a": "Sagittarius stream", "b": "collisionless flow"}
    assert _both_described("compare the Sagittarius stream vs the pruning paper", resolve) == {}


def test_the_fitted_threshold_keeps_a_wrong_paper_out_before_a_missed_one():
    import numpy as np

    from assistant.sides import SIDE_FEATURES
    from eval.fit_sides import Side, fit

    def side(title: float, gold: bool, group: str) -> Side:
        features = np.array([[title, title, title, title, 0.0, title],
                             [0.1, 0.1, -title, -title, 0.0, 0.0]])
        return Side("q", "t", set(), ["p", "o"], features, [gold, False], group)

    sides = [side(0.9, True, f"g{i}") for i in range(6)] + \
        [side(0.2, False, f"h{i}") for i in range(6)]
    weights = fit(sides, inner=1)
    assert weights.weights["title"] > 0
    top = {round(s.features[0, 0], 1): weights.score(dict(zip(SIDE_FEATURES, s.features[0],
                                                              strict=True))) for s in sides}
    assert top[0.9] >= weights.threshold > top[0.2]


def test_one_plain_word_describes_a_paper_only_when_the_question_calls_a_paper_by_it():
    # "robots" alone may be the aspect; "the robots paper" is a paper
    assert _resolver().resolve("and the robots paper: what evolves?", set()) == {"gym": "robots"}
    assert _resolver().resolve("how do they handle robots?", set()) == {}


def test_words_that_fit_two_papers_alike_single_out_neither():
    both = {"a": ("Tree Search for Math", "We match GPT-4o on MATH."),
            "b": ("Medical Small Models", "Our model rivals GPT-4o on MedQA."),
            "c": ("Soft Robots", "Design and control are co-optimised.")}

    def hit(pid: str) -> Hit:
        title, text = both[pid]
        return Hit(paper_id=pid, title=title, score=1.0, chunk=Chunk(
            id=f"{pid}#0", paper_id=pid, ordinal=0, title=title, text=text,
            token_count=len(text.split()), paper_hash="h"))

    def search(text: str, k: int) -> Sequence[Hit]:
        return [hit(p) for p in ("a", "b", "c")][:k]

    resolver = SideResolver(search, lambda t: 1.0, scaffold(),
                            SideWeights(weights={"text": 6.0, "names": 2.0}, bias=-3.0))
    ranked = resolver.candidates("how does it stack up against GPT-4o?", set())
    assert ranked[0].score >= 0.5 and ranked[0].score == ranked[1].score
    assert resolver.resolve("how does it stack up against GPT-4o?", set()) == {}
    # One paper alone writing the name: that one.
    assert list(resolver.resolve("how does it stack up against MedQA?", set())) == ["b"]


def test_a_joining_word_inside_a_phrase_the_paper_writes_joins_no_sides():
    hit = Hit(paper_id="m", title="Mobile-Agent-E: Self-Evolving Mobile Assistant", score=1.0,
              chunk=Chunk(id="m#0", paper_id="m", ordinal=0, title="t", paper_hash="h",
                          text="A long-term memory of Tips and Shortcuts.", token_count=7))
    def rare(t: str) -> float:
        return 3.0 if t in tokenize("tips shortcuts") else 1.0

    span = described_span("vs the phone assistant with Tips and Shortcuts: results?", hit,
                          scaffold(), rare)
    assert span == "Tips and Shortcuts"
    # A paper that does not write the phrase: the join parts it.
    other = hit.model_copy(update={"chunk": hit.chunk.model_copy(
        update={"text": "Tips help. Shortcuts too."})})
    assert described_span("vs the phone assistant with Tips and Shortcuts: results?", other,
                          scaffold(), rare) in {"Tips", "Shortcuts"}
