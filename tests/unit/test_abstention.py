"""The answerability checks: the thing asked for must be in the evidence; names must exist."""

from assistant.abstention import asked_for, coverage, unknown_names
from vectorstore.lexical import tokenize


def test_asked_for_takes_the_noun_phrase_after_the_wh_word():
    assert asked_for("What batch size did LongPO use?") == tokenize("batch size")
    assert asked_for("How many GPU hours did it take?") == tokenize("GPU hours")
    assert asked_for("Who are the authors of rStar-Math?") == ["author"]
    assert asked_for("Which paper trains a process preference model?") == []
    assert asked_for("What does rStar-Math do?") == []
    assert asked_for("How does UPO estimate uncertainty?") == []


def test_coverage_weights_rare_words():
    idf = {"learn": 0.2, "rate": 3.0}.get
    assert coverage(["learn", "rate"], ["we learn to reason"], lambda t: idf(t) or 1.0) < 0.1
    assert coverage(["learn", "rate"], ["the learning rate is 1e-5"], lambda t: 1.0) == 1.0
    assert coverage([], ["anything"], lambda t: 1.0) == 1.0


def test_unknown_names_are_names_the_collection_never_uses():
    vocab = {"rstar", "math", "mct"}
    assert unknown_names(
        "How does Reflexion use verbal feedback?", vocab.__contains__
    ) == ["Reflexion"]
    assert unknown_names("What does rStar-Math do?", vocab.__contains__) == []
    assert unknown_names("Compare MedS3 and rStar", vocab.__contains__, ["MedS3"]) == []
