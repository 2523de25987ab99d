"""The extractive composer's picks: both halves of a two-part question, enumerations written as
sentences of their own, a summary that carries the paper's components and result, and the
cosine of what is asked rather than of the paper's name."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.composers.extractive import SentenceWeights, asked_part, pick_extractive
from assistant.types import Evidence, QuestionPlan


def _evidence(texts: Sequence[str]) -> list[Evidence]:
    return [Evidence(n=i, paper_id="p1", title="FooNet", chunk_id="p1#0", text=t, start=0,
                     end=len(t)) for i, t in enumerate(texts, 1)]


def _plan(question: str, intent: str = "fact", focus: Sequence[str] = (),
          names: dict[str, str] | None = None) -> QuestionPlan:
    return QuestionPlan(question=question, standalone=question,
                        intent=intent,  # type: ignore[arg-type]  # an Intent literal
                        subjects=["p1"], subject_names=names or {"p1": "FooNet"},
                        topic_terms=list(focus), focus_terms=list(focus))


TWO_PART = ["FooNet is built on Gemini.",
            "Training uses a large corpus of web pages and code.",
            "A tournament between hypotheses improves them over rounds.",
            "Code is released."]


def test_a_two_part_question_gets_a_sentence_for_each_part_when_cover_is_fitted():
    plan = _plan("What is FooNet built on, and how does it improve its hypotheses?",
                 focus=["built", "improv", "hypothes"])
    idf = {"built": 1.0, "improv": 1.0, "hypothes": 2.0}.get
    without = pick_extractive(plan, _evidence(TWO_PART), lambda t: idf(t) or 0.0,
                              weights=SentenceWeights(own_work=0.0, runner_up=0.9))
    assert [e.n for e in without] == [3]  # the rarer words' sentence alone
    both = pick_extractive(plan, _evidence(TWO_PART), lambda t: idf(t) or 0.0,
                           weights=SentenceWeights(own_work=0.0, runner_up=0.9, cover=0.2))
    assert sorted(e.n for e in both) == [1, 3]
    # Words that weigh less than the fitted share of the question's do not bring a sentence.
    small = pick_extractive(plan, _evidence(TWO_PART), lambda t: idf(t) or 0.0,
                            weights=SentenceWeights(own_work=0.0, runner_up=0.9, cover=0.5))
    assert [e.n for e in small] == [3]


def test_items_written_as_sentences_of_their_own_come_with_the_sentence_announcing_them():
    texts = ["We identify three criteria for good data.", "First, broad scope matters.",
             "Second, alignment matters.", "Third, fidelity matters.", "We train FooNet."]
    plan = _plan("Which three criteria does FooNet set for good data?",
                 focus=["three", "criteria", "good", "data"])
    picked = pick_extractive(plan, _evidence(texts), lambda t: 1.0,
                             weights=SentenceWeights(sentences=1))
    assert [e.n for e in picked] == [1, 2, 3, 4]
    # A "First, ..." sentence that no picked sentence announces stays alone.
    alone = pick_extractive(_plan("What is second?", focus=["align"]), _evidence(texts),
                            lambda t: 1.0, weights=SentenceWeights(sentences=1))
    assert [e.n for e in alone] == [3]


SUMMARY = ["Agents forget what they learn.",
           "We propose FooNet, a hierarchical agent.",
           "By hierarchical, we mean planning apart from acting.",
           "It keeps a long-term memory of Tips and Shortcuts.",
           "It also has a Manager and a Notetaker.",
           "FooNet outperforms prior agents by 22% on MobileBench."]


def test_a_summary_starts_at_the_papers_claim_and_by_default_reads_on_from_it():
    picked = pick_extractive(_plan("what is FooNet", "describe"), _evidence(SUMMARY),
                             lambda t: 1.0)
    assert [e.n for e in picked] == [2, 3, 4]


def test_fitted_describe_cues_bring_the_named_components_and_the_result():
    weights = SentenceWeights(follow=0.5, named_terms=1.0, result=1.0)
    picked = pick_extractive(_plan("what is FooNet", "describe"), _evidence(SUMMARY),
                             lambda t: 1.0, weights=weights)
    # The claim, the sentence naming most components (two beat one), the result.
    assert [e.n for e in picked] == [2, 5, 6]
    four = pick_extractive(_plan("what is FooNet", "describe"), _evidence(SUMMARY),
                           lambda t: 1.0, weights=SentenceWeights(
                               follow=0.5, named_terms=1.0, result=1.0, describe_sentences=4))
    assert [e.n for e in four] == [2, 4, 5, 6]


def test_what_is_asked_is_the_question_without_its_subjects_names():
    plan = _plan("in Evolution Gym, what are the robots built from",
                 names={"p1": "Evolution Gym"})
    assert asked_part(plan) == "in , what are the robots built from"
    assert asked_part(_plan("FooNet?")) == "FooNet?"  # nothing left: the question itself


def test_the_asked_parts_cosine_is_a_fitted_feature():
    texts = ["We propose FooNet, a benchmark for soft robots.",
             "Each robot is composed of voxels."]
    plan = _plan("in FooNet, what are the robots built from", focus=["built"])

    def meaning(question: str, sentences: Sequence[str]) -> list[float]:
        # The whole question is nearest the sentence repeating the name; what is asked,
        # nearest the one answering it.
        return [0.8, 0.4] if "FooNet" in question else [0.3, 0.7]

    plain = pick_extractive(plan, _evidence(texts), lambda t: 1.0, meaning=meaning,
                            weights=SentenceWeights(own_work=0.0, sentences=1))
    asked = pick_extractive(plan, _evidence(texts), lambda t: 1.0, meaning=meaning,
                            weights=SentenceWeights(own_work=0.0, sentences=1, asked_meaning=2.0))
    assert [e.n for e in plain] == [1] and [e.n for e in asked] == [2]


AGENTS = ["Coding agents repeat ineffective actions.",
          "We propose FooNet, a multi-agent framework with tree search for repository-level "
          "software tasks.",
          "The framework includes a Scout-Agent for adaptive exploration, a Value Agent for "
          "feedback, and a Judge Agent for debate.",
          "FooNet improves results by 23% relative."]


def _asking(question: str, slot: str, asked: Sequence[str], focus: Sequence[str]
            ) -> QuestionPlan:
    return _plan(question, focus=focus).model_copy(
        update={"asked_for": slot, "asked_terms": list(asked)})


def test_a_name_of_the_asked_kind_carries_the_asked_noun_in_it_or_beside_it():
    from assistant.composers.extractive import names_asked_kind

    plan = _asking("Which agent in FooNet explores the repository?", "name", ["agent"],
                   ["explor", "repositori"])
    assert names_asked_kind(plan, AGENTS[2], "FooNet")  # "Scout-Agent", "a Value Agent"
    optimizer = _asking("Which optimizer does FooNet use?", "name", ["optim"], [])
    assert names_asked_kind(optimizer, "It is trained with the optimizer AdamW.", "FooNet")
    # a multi-agent framework and other names (the paper's own, a method's) are not agents
    assert not names_asked_kind(plan, AGENTS[1], "FooNet")
    assert not names_asked_kind(plan, "Agents use Monte Carlo Tree Search (MCTS).", "FooNet")
    loss = _asking("What loss does FooNet add?", "name", ["loss"], ["add"])
    assert names_asked_kind(loss, "We add the Ping-Pong loss for consistency.", "FooNet")
    assert not names_asked_kind(loss, "We add a loss to the PPO objective.", "FooNet")


def test_a_fact_answer_opens_with_the_plausible_sentence_giving_the_asked_kind():
    # The opening claim shares the question's rarest word ("repository-level") and scores
    # best; the sentence naming the agents is what "which agent" asks for.
    plan = _asking("Which agent in FooNet explores the repository?", "name", ["agent"],
                   ["explor", "repositori"])
    idf = {"repositori": 4.0, "explor": 1.3}.get
    weights = SentenceWeights(own_work=1.0, slot=1.0, runner_up=0.2, sentences=2)
    picked = pick_extractive(plan, _evidence(AGENTS), lambda t: idf(t) or 0.0, weights=weights)
    assert picked[0].n == 3
    # Without a plausible sentence of the asked kind, the best-scoring one still leads.
    other = plan.model_copy(update={"asked_for": "other", "asked_terms": []})
    assert pick_extractive(other, _evidence(AGENTS), lambda t: idf(t) or 0.0,
                           weights=weights)[0].n == 2
    strict = SentenceWeights(own_work=1.0, slot=1.0, runner_up=0.9, sentences=2)
    assert pick_extractive(plan, _evidence(AGENTS), lambda t: idf(t) or 0.0,
                           weights=strict)[0].n == 2


def test_a_count_written_as_a_word_answers_how_many():
    texts = ["FooNet improves math reasoning.", "FooNet runs in three stages of training."]
    plan = _asking("How many stages does FooNet have?", "number", ["stage"], ["stage"]
                   ).model_copy(update={"counts": True})
    picked = pick_extractive(plan, _evidence(texts), lambda t: 1.0,
                             weights=SentenceWeights(slot=3.0, sentences=1))
    assert [e.n for e in picked] == [2]


def test_a_description_keeps_to_the_number_of_sentences_asked_for():
    plan = _plan("what is FooNet in two sentences", "describe").model_copy(
        update={"answer_sentences": 2})
    picked = pick_extractive(plan, _evidence(SUMMARY), lambda t: 1.0)
    assert [e.n for e in picked] == [2, 3]


def test_a_contribution_stated_with_an_adverb_still_opens_the_description():
    sentences = ["Culture changes over time.", "Models of it are hard to build.",
                 "We here present a framework for simulating culture with LLM agents.",
                 "It is open-source."]
    picked = pick_extractive(_plan("what is FooNet", "describe"), _evidence(sentences),
                             lambda t: 1.0)
    # from the contribution on; the field's opening is left out
    assert [e.n for e in picked] == [2, 3, 4]
