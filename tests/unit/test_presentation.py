"""Words that shape the answer (length, register, reader) are not what is asked."""

from __future__ import annotations

import pytest

from assistant.presentation import split_shape


@pytest.mark.parametrize(("question", "asked", "shape", "sentences"), [
    ("summarise FooNet in two sentences?", "summarise FooNet?", "in two sentences", 2),
    ("summarise FooNet with one paragraph", "summarise FooNet", "with one paragraph", 0),
    ("give me the gist of FooNet in 3 bullet points", "give me the gist of FooNet",
     "in 3 bullet points", 3),
    ("give me a two-sentence summary of FooNet", "give me a summary of FooNet",
     "two-sentence", 2),
    ("explain FooNet in plain English", "explain FooNet", "in plain English", 0),
    ("FooNet in a nutshell", "FooNet", "in a nutshell", 0),
    ("explain FooNet like I'm five", "explain FooNet", "like I'm five", 0),
    ("explain FooNet to a beginner", "explain FooNet", "to a beginner", 0),
    ("Describe FooNet for a sociologist who doesn't follow ML.", "Describe FooNet.",
     "for a sociologist who doesn't follow ML", 0),
    ("describe FooNet for someone new to RL", "describe FooNet", "for someone new to RL", 0),
])
def test_the_shape_is_taken_out_and_kept(question, asked, shape, sentences):
    shaped = split_shape(question)
    assert (shaped.asked, shaped.shape, shaped.sentences) == (asked, shape, sentences)


@pytest.mark.parametrize("question", [
    # "for a ..." is content unless an explanation is asked and it names a reader
    "what is the reward for a math problem in FooNet?",
    "explain how FooNet relates to the Gaussian distribution",
    # counting sentences is not shaping an answer
    "which papers use fewer than 3 sentences",
    # nothing but shape: the words are the question
    "in two sentences",
])
def test_content_stays_the_question(question):
    assert split_shape(question).asked == question and not split_shape(question).shaped


def test_a_reader_described_to_the_end_of_the_clause_is_all_shape():
    shaped = split_shape("explain FooNet to me like im new to rl")
    assert (shaped.asked, shaped.shape) == ("explain FooNet to me", "like im new to rl")
