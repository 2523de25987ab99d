"""How a conversation's later turns pick their answer among the discussed paper's sentences.

The phrasings and papers here are invented; they are not eval questions.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.composers.extractive import SentenceWeights, compose_extractive
from assistant.text import tokenize
from assistant.types import Evidence, QuestionPlan

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
