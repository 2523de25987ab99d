"""The answerability signals on hand-made evidence: each can fail."""

from __future__ import annotations

import pytest

from assistant.answerability import FEATURES, signals
from assistant.types import Chunk, Hit, Paper, QuestionPlan, Sentence

SENTENCES = [
    "We train FooNet with a learning rate of 3e-4 on one node.",
    "Training runs for 12 epochs.",
    "FooNet reaches 48.1% on GSM8K and learns to rate its own answers.",
    "DeceptionBench is a five-category benchmark.",
]


def _hit(sentences: list[str]) -> tuple[Hit, Paper]:
    text = " ".join(sentences)
    spans, start = [], 0
    for i, sentence in enumerate(sentences):
        spans.append(Sentence(index=i, start=start, end=start + len(sentence), text=sentence))
        start += len(sentence) + 1
    paper = Paper(id="foo", title="FooNet: Learning Things", abstract=text, source="test")
    chunk = Chunk(id="foo#0", paper_id="foo", ordinal=0, title=paper.title, text=text,
                  sentences=spans, token_count=len(text.split()), paper_hash="h")
    return Hit(paper_id="foo", title=paper.title, score=1.0, chunk=chunk), paper


def _asked_near(asked: list[str], sentences: list[str], slot: str = "number") -> float:
    hit, paper = _hit(sentences)
    plan = QuestionPlan(question="q", standalone="q", intent="fact", subjects=["foo"],
                        asked_for=slot, asked_terms=asked, topic_terms=asked, focus_terms=asked)
    return signals(plan, [hit], {"foo": paper}, idf=lambda term: 1.0)["asked_near"]


@pytest.mark.parametrize(("asked", "near"), [
    (["learn", "rate"], 1.0),      # "learning rate of 3e-4": scientific notation is a value
    (["epoch"], 1.0),              # "for 12 epochs"
    (["categori"], 1.0),           # "five-category": a count written out
    (["gpu", "hour"], 0.0),        # never said
])
def test_asked_words_count_only_next_to_a_value(asked, near):
    assert _asked_near(asked, SENTENCES) == near


def test_the_asked_words_far_from_any_value_do_not_count():
    # "learns" and "rate" are in the abstract, and so is a number, but not together.
    far = ["FooNet learns to rate its own answers without any teacher or any reward model at "
           "all, which the authors argue is the key to the method.", "It reaches 48.1% on GSM8K."]
    assert _asked_near(["learn", "rate"], far) == 0.0


def test_an_acronym_is_found_where_its_words_are_spelled_out():
    from assistant.text import spelled_acronyms

    spelled = spelled_acronyms("an algorithm for reinforcement learning from human feedback")
    assert "rlhf" in spelled
    assert "rlaif" not in spelled


def test_british_and_american_spellings_are_the_same_word():
    from assistant.text import tokenize

    assert tokenize("minimise the optimisation") == tokenize("minimize the optimization")
    assert tokenize("analysis") != tokenize("analyze")  # not every "-is" is a spelling
    assert tokenize("deceptive behaviour, colour centre") == tokenize(
        "deceptive behaviors, color center")
    assert tokenize("dialogue programme fibre") == tokenize("dialog program fiber")
    for word in ("four", "hour", "contour", "flour", "genre", "hatred"):  # not British endings
        assert tokenize(word) != tokenize(word.replace("our", "or").replace("re", "er"))


def test_a_kept_sentence_opening_an_enumeration_keeps_its_items():
    from assistant.composers.extractive import enumeration_siblings

    hit, _ = _hit(["We design three modules: (1) Recruitment plans the tasks.",
                   "(2) Execution runs them.", "(3) Evaluation checks them.", "It works."])
    assert enumeration_siblings(hit, {0}, [0, 1, 2, 3]) == {0, 1, 2}
    assert enumeration_siblings(hit, {3}, [0, 1, 2, 3]) == {3}


def test_a_model_or_benchmark_is_named_the_way_names_are_written():
    from assistant.answerability import holds_value
    from assistant.types import QuestionPlan

    plan = QuestionPlan(question="Which model does TinyTree fine-tune?",
                        standalone="Which model does TinyTree fine-tune?", intent="fact",
                        asked_for="model")
    assert holds_value(plan, "We fine-tune Vicuna-13B with tree search.", "TinyTree")
    assert holds_value(plan, "The policy is initialised from GPT-J.", "TinyTree")
    assert holds_value(plan, "It is built on Gemini 2.0.", "TinyTree")  # a version, with its name
    # capitalised words that are not names of a model
    assert not holds_value(plan, "A Bayesian estimate guides the Monte Carlo search.", "TinyTree")
    # a kind of model, a score and a dimension are not the model asked for
    assert not holds_value(plan, "Large language models (LLMs) can improve themselves.",
                           "TinyTree")
    assert not holds_value(plan, "It rises from 20.0% to 50.0% on 3D scenes.", "TinyTree")
    benchmark = plan.model_copy(update={"asked_for": "benchmark"})
    assert holds_value(benchmark, "It reaches 75.15% on it.", "TinyTree")  # a score: reported
    named = plan.model_copy(update={"asked_for": "name"})
    assert holds_value(named, "Its memory stores Tips and Shortcuts.", "TinyTree")


def test_a_kind_of_model_an_acronym_or_an_enumeration_is_no_model_name():
    from assistant.answerability import holds_value
    from assistant.types import QuestionPlan

    plan = QuestionPlan(question="Which base model does TinyTree tune?",
                        standalone="Which base model does TinyTree tune?", intent="fact",
                        asked_for="model")
    assert not holds_value(plan, "We tune LLMs and SLMs on hard problems.", "TinyTree")
    assert not holds_value(plan, "The LLM is guided by MCTS.", "TinyTree")
    assert not holds_value(plan, "It has three parts: (1) a policy, (2) a critic.", "TinyTree")
    assert holds_value(plan, "It improves Qwen2.5-Math-7B and Phi3-mini-3.8B.", "TinyTree")
    bench = plan.model_copy(update={"asked_for": "benchmark"})
    assert holds_value(bench, "TinyTree tops GAIA.", "TinyTree")  # a benchmark in capitals


def test_a_narrower_kind_of_the_model_kind_asked_for_is_a_value():
    # "LLMs" names a kind, not a model; "PLRNNs" answers "which RNN architecture", even as
    # the paper's own, while it still answers no question about another kind.
    from assistant.answerability import holds_value

    plan = QuestionPlan(question="Which RNN architecture does TinyTree use?",
                        standalone="Which RNN architecture does TinyTree use?", intent="fact",
                        asked_for="model", entities=["RNN"])
    assert holds_value(plan, "It pairs with piecewise-linear RNNs (PLRNNs).", "TinyTree PLRNNs")
    assert not holds_value(plan, "It pairs with RNNs and LLMs.", "TinyTree")
    other = plan.model_copy(update={"entities": ["GNN"]})
    assert not holds_value(other, "It pairs with piecewise-linear RNNs (PLRNNs).",
                           "TinyTree PLRNNs")


def test_the_slot_signal_reads_the_window_giving_the_value_when_no_window_covers_more():
    hit, paper = _hit(["It is a tree search method.", "Training is cheap.",
                       "It is shown with Vicuna-13B."])
    plan = QuestionPlan(question="which models is it shown with?", standalone="q",
                        intent="fact", subjects=["foo"], asked_for="model",
                        topic_terms=["zebra"], focus_terms=["zebra"])  # in no window
    assert signals(plan, [hit], {"foo": paper}, idf=lambda term: 1.0)["slot"] == 1.0


def test_a_two_letter_acronym_is_found_where_its_words_are_spelled_out():
    hit, paper = _hit(["We discover reinforcement learning objectives that adapt to the horizon.",
                       "FooNet reaches 48.1% on GSM8K."])
    plan = QuestionPlan(question="q", standalone="q", intent="fact", subjects=["foo"],
                        entities=["RL"], topic_terms=["rl", "object"], focus_terms=["object"])
    found = signals(plan, [hit], {"foo": paper}, idf=lambda term: 1.0)
    assert found["entity_doc"] == found["entity_near"] == 1.0
    absent = plan.model_copy(update={"entities": ["SL"]})
    assert signals(absent, [hit], {"foo": paper}, idf=lambda term: 1.0)["entity_doc"] == 0.0


def test_a_calibration_fitted_on_other_signals_is_refused():
    from assistant.answerability import FEATURES, calibration_from_json

    fitted = {"weights": dict.fromkeys(FEATURES, 1.0), "bias": -1.0, "threshold": 0.5}
    assert calibration_from_json(fitted).threshold == 0.5
    stale = {**fitted, "weights": {**fitted["weights"], "cover_sent": 0.5}}
    with pytest.raises(ValueError, match="eval.calibrate"):
        calibration_from_json(stale)


def test_a_name_in_the_plural_is_found_in_the_singular_and_back():
    from assistant.text import squashed_words, variant_match

    assert variant_match("tdocs", squashed_words("technical documents (Tdoc) from 2009"))
    assert variant_match("16sample", squashed_words("16 samples per query"))
    assert not variant_match("tdocs", squashed_words("technical documents"))
    assert not variant_match("aime", squashed_words("it aimed high"))  # still no longer word
    # a compound name holds its words; a short piece ("Lo" of "LoRA") is no word
    assert variant_match("african", squashed_words("we collect AfricanFaceSet-5M"))
    assert not variant_match("lo", squashed_words("with LoRA adapters"))
    assert variant_match("7b", squashed_words("improves Qwen2.5-Math-7B to 90%"))  # a size part
    assert not variant_match("math", squashed_words("improves Qwen2.5-Math-7B to 90%"))


def test_a_numeral_a_count_word_scales_is_a_quantity_not_a_version_or_an_enumeration():
    from assistant.answerability import holds_value

    plan = QuestionPlan(question="How many images are in FaceSet?",
                        standalone="How many images are in FaceSet?", intent="fact",
                        asked_for="number")
    assert holds_value(plan, "We collect FaceSet-3M (3 million images of people).", "FooNet")
    assert not holds_value(plan, "It has parts: (1) a policy, (2) a critic.", "FooNet")
    assert not holds_value(plan, "It is built on Llama 2 for the images.", "FooNet")
    hit, paper = _hit(["We collect FaceSet-3M (3 million images of people).", "It works."])
    asked = plan.model_copy(update={"subjects": ["foo"], "topic_terms": ["imag"],
                                    "focus_terms": ["imag"], "entities": ["FaceSet"]})
    found = signals(asked, [hit], {"foo": paper}, idf=lambda term: 1.0)
    assert found["slot"] == found["value_entity"] == 1.0


@pytest.mark.parametrize(("sentence", "holds"), [
    ("The system has three agents that share one memory.", True),   # a count written out
    ("DeceptionBench is a five-category benchmark.", True),          # the first part of one
    ("It runs twice as fast as before.", True),                      # a multiplier
    ("It trains one agent per task.", True),                         # "one" counting a noun
    ("It is trained on a dozen tasks.", True),
    ("This is one of the first agents.", False),                     # "one" as a pronoun
    ("The agent is the one that explores.", False),
    ("Agents cooperate without a leader.", False),
    ("Early exits prune 50-75% of samples.", True),                  # a range is one value
])
def test_a_count_may_be_written_as_a_word(sentence, holds):
    from assistant.answerability import holds_value

    plan = QuestionPlan(question="How many agents does FooNet use?",
                        standalone="How many agents does FooNet use?", intent="fact",
                        asked_for="number", counts=True)
    assert holds_value(plan, sentence, "FooNet") is holds
    hit, paper = _hit([sentence, "It works."])
    asked = plan.model_copy(update={"subjects": ["foo"]})
    assert signals(asked, [hit], {"foo": paper}, idf=lambda term: 1.0)["slot"] == float(holds)


def test_a_measure_is_written_in_digits_so_a_count_word_does_not_give_one():
    from assistant.answerability import holds_value

    plan = QuestionPlan(question="What mutation rates does FooNet test?",
                        standalone="What mutation rates does FooNet test?", intent="fact",
                        asked_for="number")
    assert not holds_value(plan, "FooNet compares two mutation operators.", "FooNet")
    assert holds_value(plan, "FooNet tests mutation rates of 0.1 and 0.5.", "FooNet")


def test_a_count_the_question_gives_is_not_the_answer():
    from assistant.answerability import holds_value

    plan = QuestionPlan(question="How many agents beside two critics does FooNet use?",
                        standalone="How many agents beside two critics does FooNet use?",
                        intent="fact", asked_for="number", counts=True)
    assert not holds_value(plan, "FooNet uses two critics.", "FooNet")
    assert holds_value(plan, "FooNet uses three agents and two critics.", "FooNet")


def test_a_name_asked_for_is_read_like_any_other_question_by_the_signals():
    # "which regularisation": the answer may be plain words ("self-distillation"), so the
    # signals do not ask for a name's capitals; only the composer prefers a sentence naming one
    hit, paper = _hit(["FooNet applies self-distillation during training.", "It works."])
    plan = QuestionPlan(question="What regularisation does FooNet apply?", standalone="q",
                        intent="fact", subjects=["foo"], asked_for="name",
                        asked_terms=["regular"], topic_terms=["regular"],
                        focus_terms=["regular"])
    found = signals(plan, [hit], {"foo": paper}, idf=lambda term: 1.0)
    other = signals(plan.model_copy(update={"asked_for": "other", "asked_terms": []}), [hit],
                    {"foo": paper}, idf=lambda term: 1.0)
    # (whether the paper uses the asked word itself is another signal, `asked_found`)
    found.pop("asked_found"), other.pop("asked_found")
    assert found == other and found["slot"] == found["asked_near"] == 1.0


def test_a_reason_names_what_is_missing_and_whose_abstract_it_is():
    from assistant.answerability import assess, explain, shipped_calibration
    from assistant.types import Facets

    hit, paper = _hit(["FooNet fine-tunes Llama-3-8B on code.", "It reaches 41.0% on HumanEval."])
    paper = paper.model_copy(update={"facets": Facets(models=["Llama-3-8B"])})

    def plan(question: str, **fields: object) -> QuestionPlan:
        return QuestionPlan(question=question, standalone=question, intent="fact",
                            subjects=["foo"], subject_names={"foo": "FooNet"}, **fields)

    # a detail of the named paper that no paper mentions: its abstract, not "no paper on"
    reason = explain(plan("How many GPUs did FooNet use?", unknown_names=["GPUs"]), {},
                     shipped_calibration(), {"foo": paper})
    assert reason.startswith("FooNet's abstract does not mention GPUs")
    unnamed = QuestionPlan(question="What does Voyager do?", standalone="x", intent="fact",
                           unknown_names=["Voyager"])
    assert explain(unnamed, {}, shipped_calibration(), {}) == \
        "The collection has no paper on Voyager."
    # a pronoun with no paper to stand for: ask for the paper
    dangling = QuestionPlan(question="what about its results?", standalone="x",
                            intent="fact", dangling="its")
    found = assess(dangling, [hit], {"foo": paper}, idf=lambda term: 1.0)
    assert found.verdict == "abstain" and "\u201cits\u201d" in found.reason
    # the facets hold a model of the asked kind: the signal says so; none, it does not
    asked = plan("Which model does FooNet tune?", asked_for="model")
    assert signals(asked, [hit], {"foo": paper}, idf=lambda term: 1.0)["facet_kind"] == 1.0
    bare = paper.model_copy(update={"facets": Facets()})
    assert signals(asked, [hit], {"foo": bare}, idf=lambda term: 1.0)["facet_kind"] == 0.0


def test_a_paper_the_collection_lacks_is_said_to_be_missing_with_its_mentions():
    from assistant.answerability import assess

    hit, paper = _hit(["FooNet beats DeepSeek-R1 on AIME.", "It is small."])
    plan = QuestionPlan(question="What does the DeepSeek-R1 paper report?", standalone="x",
                        intent="fact", absent=["DeepSeek-R1"])
    found = assess(plan, [hit], {"foo": paper}, idf=lambda term: 1.0)
    assert found.verdict == "abstain"
    assert found.reason == ("The collection has no DeepSeek-R1 paper; 1 of its abstracts "
                            "mentions DeepSeek-R1.")
    plan = plan.model_copy(update={"absent": ["Voyager"]})
    assert assess(plan, [hit], {"foo": paper}, idf=lambda term: 1.0).reason == \
        "The collection has no Voyager paper."


@pytest.mark.parametrize(("sentences", "named"), [
    (["We attack the models' uncertainty.", "The attack succeeds in four models."], 0.0),
    (["We study four models: Llama-2, Mistral, Qwen and Gemma."], 1.0),
    (["Four models (Llama-2, Mistral, Qwen, Gemma) are attacked."], 1.0),
    # the count written in digits, the items numbered sentence by sentence
    (["We design 4 models: (1) A reads.", "(2) B writes.", "(3) C checks.", "(4) D ranks."],
     1.0),
    (["We evaluate four models, chiefly Llama-2 and Qwen."], 0.5),
    # the count of something else ("four tasks") says nothing about the models
    (["FooNet is tested on four tasks.", "It beats every baseline."], 1.0),
])
def test_a_counted_set_asked_by_name_must_be_named_where_its_count_is(sentences, named):
    hit, paper = _hit(sentences)
    plan = QuestionPlan(question="Which four models does FooNet attack?", standalone="q",
                        intent="fact", subjects=["foo"], asked_for="model", asked_count=4,
                        counted_terms=["model"], topic_terms=["model", "attack"],
                        focus_terms=["attack"])
    assert signals(plan, [hit], {"foo": paper}, idf=lambda term: 1.0)["set_named"] == named


@pytest.mark.parametrize(("question", "asked", "sentence", "near"), [
    # a model's size is written with its scale, not beside the word "size"
    ("What sizes does FooNet come in?", ["size"], "We release FooNet-1.5B/7B/72B.", 1.0),
    ("How big is FooNet?", ["size"], "FooNet has only 0.2 billion parameters.", 1.0),
    ("How big is FooNet?", ["size"], "FooNet improves accuracy by 4.1 points.", 0.0),
    ("What learning rate does FooNet use?", ["learn", "rate"], "FooNet-7B is tuned.", 0.0),
])
def test_a_size_is_near_whatever_states_a_scaled_count(question, asked, sentence, near):
    hit, paper = _hit([sentence])
    plan = QuestionPlan(question=question, standalone=question, intent="fact",
                        subjects=["foo"], asked_for="number", asked_terms=asked,
                        topic_terms=asked, focus_terms=asked)
    assert signals(plan, [hit], {"foo": paper}, idf=lambda term: 1.0)["asked_near"] == near


@pytest.mark.parametrize(("asked", "sentences", "found"), [
    (["licenc"], ["FooNet is released on GitHub.", "It is fast."], 0.0),
    (["licenc"], ["FooNet is released under the MIT licence."], 1.0),
    (["learn", "rate"], ["FooNet learns to rate answers."], 1.0),  # the words, not the value
    (["size"], ["We release FooNet-7B."], 1.0),  # a size is written with its scale
    ([], ["Anything at all."], 1.0),
])
def test_the_paper_must_use_the_word_for_what_is_asked(asked, sentences, found):
    hit, paper = _hit(sentences)
    plan = QuestionPlan(question="q", standalone="q", intent="fact", subjects=["foo"],
                        asked_for="name", asked_terms=asked, topic_terms=asked,
                        focus_terms=asked)
    assert signals(plan, [hit], {"foo": paper}, idf=lambda term: 1.0)["asked_found"] == found


def test_a_question_naming_what_the_papers_use_is_not_outside_the_collection():
    from assistant.answerability import OUTSIDE, Calibration, assess

    hit, paper = _hit(["FooNet runs 3x faster on MATH500.", "It is small."])
    weights = {name: 0.0 for name in FEATURES}
    calibration = Calibration(weights=weights, bias=-5.0, threshold=0.5, off_topic_below=0.9)
    plan = QuestionPlan(question="How much faster is it on MATH500?", standalone="x",
                        intent="fact", entities=["MATH500"])
    # far in meaning (no scorer: 0), but MATH500 is the papers' word: the score decides, and
    # the reason is not "outside"
    assert assess(plan, [hit], {"foo": paper}, idf=lambda t: 1.0,
                  calibration=calibration).reason != OUTSIDE
    unnamed = plan.model_copy(update={"entities": [], "question": "Any good pasta recipes?"})
    assert assess(unnamed, [hit], {"foo": paper}, idf=lambda t: 1.0,
                  calibration=calibration).reason == OUTSIDE
