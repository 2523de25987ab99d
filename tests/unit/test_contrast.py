"""What sets compared papers apart: distinctive words, named terms, cells and the line under
the table, on invented abstracts."""

from __future__ import annotations

import math
import re
import zlib

from fakes import hit_of

from assistant.citations import verify
from assistant.comparison import (
    RUN_WORDS,
    SENTENCE_FEATURES,
    CellWeights,
    Focus,
    TableBuilder,
    phrase,
)
from assistant.contrast import apart_terms, distinct_words, terms
from assistant.text import tokenize
from assistant.types import Hit


def _idf(word: str) -> float:
    return {"model": 0.2, "languag": 0.2, "small": 0.5}.get(word, 2.0)


def test_a_word_both_papers_use_sets_neither_apart():
    first, second = distinct_words(["Small models plan with tree search.",
                                    "Small models learn from a shortcut memory."])
    assert "tree" in first and "shortcut" in second
    assert "small" not in first | second
    assert distinct_words(["one paper alone"]) == [frozenset()]


def test_terms_are_the_defined_named_quoted_and_measured_parts_of_a_sentence():
    sentence = ('Zephyrus keeps a persistent memory of Hints and Recipes, trains a '
                'step ranking model (SRM) with a "shadow critic", and cuts errors from 61% to 12% '
                'at 40 cm^2/g.')
    found = {t.text: t.kind for t in terms(sentence)}
    assert found["Hints and Recipes"] == "named"
    assert found["step ranking model (SRM)"] == "defined"
    assert found["shadow critic"] == "quoted"
    assert found["61% to 12%"] == "value" and found["40 cm^2/g"] == "value"
    assert "Zephyrus" not in found  # a sentence's first word is capitalised whatever it is
    assert all(text in sentence for text in found)


def test_a_capitalised_run_and_its_acronym_are_one_defined_term():
    found = [t.text for t in terms("We add Low-Rank Adapter (LRA) modules to the policy.")]
    assert "Low-Rank Adapter (LRA)" in found and "Low-Rank Adapter (LRA" not in found


def test_terms_setting_a_paper_apart_skip_what_the_other_abstract_writes_and_its_own_name():
    sentences = [(0, "Zephyrus uses Monte Carlo Tree Search (MCTS) with a step ranking model "
                     "(SRM)."),
                 (1, "Zephyrus reaches 88.5% on GSM8K.")]
    others = "Borealis also uses Monte Carlo Tree Search and reports GSM8K."
    picked = apart_terms(sentences, others, ["Zephyrus"], _idf, limit=2)
    assert [t for t, _ in picked] == ["step ranking model (SRM)", "88.5%"]
    assert [i for _, i in picked] == [0, 1]


def test_a_phrase_leaves_the_sentence_head_to_keep_the_named_parts_whole():
    sentence = ("Zephyrus also features a novel self-evolution module which maintains a "
                "persistent long-term memory comprising Hints and Recipes.")
    own = frozenset(tokenize("Zephyrus"))
    focus = Focus(frozenset(tokenize("self-evolve")),
                  frozenset(tokenize("persistent long-term Hints Recipes")), own)
    cell = phrase(sentence, focus, _idf, max_words=14, named_parts=0.3, distinct=1.0)
    assert "Hints and Recipes" in cell
    assert cell.replace("… ", "").replace(" …", "") in sentence
    assert len(cell.replace("…", "").split()) <= 14


def test_a_cut_phrase_does_not_end_on_a_joining_word():
    sentence = ("Zephyrus keeps a memory comprising Hints and Recipes that grow over many "
                "runs and many different tasks of the benchmark suite.")
    cell = phrase(sentence, {"memori"}, _idf, max_words=6)
    last = cell.replace(" …", "").split()[-1]
    assert last.lower() not in {"and", "of", "the", "a"}


def _rows() -> list[Hit]:
    return [
        hit_of("z", "Zephyrus: Small Models That Plan", [
            "Small language models struggle with long plans.",
            "We introduce Zephyrus, a framework that improves small language models.",
            "Zephyrus trains a step ranking model (SRM) on tree search rollouts.",
            "Zephyrus reaches 88.5% on GSM8K."]),
        hit_of("b", "Borealis: Small Models That Remember", [
            "Small language models forget what worked before.",
            "We introduce Borealis, a framework that improves small language models.",
            "Borealis keeps a persistent memory of Hints and Recipes.",
            "Borealis reaches 71.0% on GSM8K."]),
    ]


def test_the_line_under_the_table_says_what_each_paper_alone_names_and_cites_it():
    table = TableBuilder(_idf, None, CellWeights(apart_terms=1)).build(
        _rows(), {"approach": "approach method framework"})
    by_n = {e.n: e for e in table.evidence}
    apart = [s for s in table.summary if s.text.startswith("Only in ")]
    assert [s.text for s in apart] == ["Only in Zephyrus: step ranking model (SRM).",
                                       "Only in Borealis: Hints and Recipes."]
    for line in apart:  # each term is written in the sentence it cites, of its own paper
        term = line.text.split(": ", 1)[1].rstrip(".")
        assert any(term in by_n[n].text for n in line.citations)
        paper = "z" if "Zephyrus" in line.text else "b"
        assert all(by_n[n].paper_id == paper for n in line.citations)
    assert table.synthesis.count("[") == sum(len(s.citations) for s in table.summary)


def test_no_line_of_terms_when_the_fit_turns_it_off():
    table = TableBuilder(_idf, None, CellWeights(apart_terms=0)).build(
        _rows(), {"approach": "approach method framework"})
    assert not any(s.text.startswith("Only in ") for s in table.summary)


def test_sentences_that_set_a_paper_apart_win_its_cell_when_the_fit_weighs_them():
    rows = _rows()
    aspects = {"approach": "approach method framework improves trains"}
    plain = TableBuilder(_idf, None, CellWeights()).choose(rows, aspects, 1)
    weighs_apart = CellWeights(sentence={"lexical": 1.0, "meaning": 1.0, "distinct": 2.0})
    apart = TableBuilder(_idf, None, weighs_apart).choose(rows, aspects, 1)
    assert plain[0][0] == [1]  # "We introduce Zephyrus, a framework ..." names the aspect
    assert apart[0][0] == [2]  # the sentence with what only Zephyrus does


def test_every_cell_is_a_verbatim_piece_of_the_sentence_it_cites():
    table = TableBuilder(_idf, None, CellWeights(distinct=1.0)).build(
        _rows(), {"approach": "approach method framework", "results": "results reach"})
    by_n = {e.n: e for e in table.evidence}
    for sentence in table.sentences:
        quote = sentence.text.split(": ", 1)[1]
        for piece in re.split(r"\s*…\s*", quote):
            if piece:
                assert piece in by_n[sentence.citations[0]].text


def test_a_paper_s_own_name_written_out_or_abbreviated_sets_nothing_apart():
    sentences = [(0, "We propose Stepwise Ranking Expansion (SRE), built on the Hints and "
                     "Recipes memory; SRE reaches 80.1% on GSM8K.")]
    picked = apart_terms(sentences, "Another abstract on GSM8K.", ["SRE"], _idf, limit=3)
    assert [t for t, _ in picked] == ["Hints and Recipes", "80.1%"]
    # A name the row shows in part, abbreviated: "Ranking Expansion (RE)" for "Ranking
    # Expansion Net".
    sentences = [(0, "Our Ranking Expansion (RE) keeps Hints and Recipes.")]
    picked = apart_terms(sentences, "Another.", ["Ranking Expansion Net"], _idf, limit=3)
    assert [t for t, _ in picked] == ["Hints and Recipes"]


def test_names_joined_by_and_are_one_name_only_when_both_are_words():
    found = [t.text for t in terms("It keeps Hints and Recipes, and tests on GSM8K and MATH.")]
    assert "Hints and Recipes" in found
    assert "GSM8K" in found and "MATH" in found and "GSM8K and MATH" not in found


def test_what_a_paper_builds_comes_before_the_models_it_uses_even_from_a_lesser_sentence():
    sentences = [(0, "Zephyrus fine-tunes Qwen-7B on its own data."),
                 (1, "Its memory keeps Hints and Recipes.")]
    picked = apart_terms(sentences, "Another abstract.", ["Zephyrus"], _idf, limit=1)
    assert picked == [("Hints and Recipes", 1)]


def test_a_term_is_written_by_another_abstract_only_as_whole_words():
    sentences = [(0, "It adds a Hint Table and a Ranker.")]
    picked = apart_terms(sentences, "The other one tunes a cranker with a hint table.",
                         ["Zephyrus"], _idf, limit=2)
    assert [t for t, _ in picked] == ["Ranker"]


def test_the_line_under_the_table_passes_the_verifier_that_checks_model_answers():
    rows = _rows()
    rows = [rows[0], hit_of("b", "Borealis: Small Models That Remember", [
        "Borealis keeps a persistent memory of Hints and Recipes with tree search rollouts.",
        "Borealis reaches 71.0% on GSM8K."])]
    rare = {"tree": 3.0, "search": 3.0, "rollout": 3.0, "gsm8k": 3.0}
    table = TableBuilder(lambda w: rare.get(w, _idf(w)), None, CellWeights(apart_terms=2)).build(
        rows, {"approach": "approach method framework"})
    checked = verify(table.synthesis, table.evidence, min_support=0.3)
    assert [s.text for s in checked.sentences] == [s.text for s in table.summary]
    assert table.summary[0].text == "Both use tree search rollouts and GSM8K."
    assert all(s.supported for s in checked.sentences) and not checked.warnings


class _Concepts:
    """'supervision' and 'unsupervised' share a vector; every other text has its own, at
    right angles to theirs."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        out = []
        for text in texts:
            if text.lower() in ("supervision", "unsupervised"):
                out.append([1.0, 0.0, 0.0])
            else:
                angle = zlib.crc32(text.encode()) / 2**32 * 6.28
                out.append([0.0, math.cos(angle), math.sin(angle)])
        return out


def test_an_aspect_word_is_met_by_a_word_the_embedder_puts_near_it():
    rows = [hit_of("z", "Zephyrus: Small Models That Plan", [
        "Zephyrus reaches 88.5% on GSM8K.",
        "Zephyrus learns unsupervised from its own rollouts."])]
    aspects = {"supervision": "supervision"}
    builder = TableBuilder(_idf, _Concepts(), CellWeights(sentence={"near": 1.0}))
    features = builder.features(rows, aspects)[0][0]
    lexical, near = (SENTENCE_FEATURES.index(f) for f in ("lexical", "near"))
    assert features[1, lexical] == 0.0 and features[1, near] > 0.9
    assert features[0, near] == 0.0
    assert builder.choose(rows, aspects, 1) == [[[1]]]
    exact_only = TableBuilder(_idf, _Concepts(), CellWeights(sentence={"near": 1.0},
                                                             near_min=1.01))
    assert exact_only.features(rows, aspects)[0][0][1, near] == 0.0


def test_a_phrase_restating_the_aspect_loses_to_named_parts_when_the_aspect_weighs_less():
    sentence = ("On the supervision side Zephyrus needs no labelled supervision at all, and it "
                "instead trains a Step Ranking Model from its own rollouts on many tasks.")
    focus = Focus(frozenset(tokenize("supervision")), frozenset(), frozenset(tokenize("Zephyrus")))
    restating = phrase(sentence, focus, _idf, max_words=10, named_parts=0.3, aspect=1.0)
    naming = phrase(sentence, focus, _idf, max_words=10, named_parts=0.3, aspect=0.1)
    assert "supervision" in restating and "Step Ranking Model" not in restating
    assert "Step Ranking Model" in naming


def test_a_cut_phrase_keeps_a_name_or_a_measured_value_whole():
    # The budget reached from either side would cut into "Monte Carlo Tree Search" or part a
    # value from what it measures; the phrase's end moves out to keep each run whole.
    sentence = ("Specifically, the search is guided by Monte Carlo Tree Search (MCTS) to "
                "iteratively collect preference data, and it shows a 23% relative improvement "
                "in performance across five models.")
    focus = Focus(frozenset(tokenize("tree search preference improvement")))
    for budget in range(6, 16):
        cell = phrase(sentence, focus, _idf, budget)
        inner = cell.replace("… ", "").replace(" …", "")
        assert inner in sentence and len(inner.split()) <= budget + 2 * RUN_WORDS
        for run in ("Monte Carlo Tree Search", "23% relative improvement"):
            words = run.split()
            assert run in inner or not set(words) & set(inner.split()), (budget, cell)


def test_a_phrase_keeps_the_value_that_closes_a_long_clause():
    # No word inside the clause starts another, so only a window read back from its end
    # reaches the value.
    sentence = ("Experimental results show our method enables two small models to achieve "
                "performance comparable to much larger distilled reasoning models on every "
                "benchmark we tried and also cuts token length by over 80% across five "
                "benchmarks.")
    cell = phrase(sentence, Focus(frozenset(tokenize("token length"))), _idf, 25)
    assert "80%" in cell and len([w for w in cell.split() if w != "…"]) <= 25
    assert cell.replace("… ", "").replace(" …", "") in sentence


def test_the_line_names_terms_from_two_sentences_in_two_sentences_that_each_pass_the_verifier():
    rows = [
        hit_of("z", "Zephyrus: Small Models That Plan", [
            "We introduce Zephyrus, a framework that improves small language models.",
            "Zephyrus trains a Step Ranking Model on tree search rollouts.",
            "Zephyrus cuts errors from 61% to 12% on GSM8K."]),
        hit_of("b", "Borealis: Small Models That Remember", [
            "We introduce Borealis, a framework that improves small language models.",
            "Borealis reaches 71.0% on MATH."])]
    table = TableBuilder(_idf, None, CellWeights(apart_terms=3, apart_sentences=3)).build(
        rows, {"approach": "approach method framework"})
    zephyrus = [s for s in table.summary if "Zephyrus" in s.text]
    assert len(zephyrus) == 2 and zephyrus[0].text.startswith("Only in Zephyrus: ")
    assert zephyrus[1].text.startswith("Also in Zephyrus: ")
    checked = verify(table.synthesis, table.evidence, min_support=0.3)
    assert all(s.supported for s in checked.sentences) and not checked.warnings



def test_a_row_named_by_a_whole_typed_out_title_is_cut_to_a_short_name():
    from assistant.comparison import row_label

    title = "Monte Carlo Tree Search Boosts Reasoning via Iterative Preference Learning"
    hit = hit_of("mcts", title, ["We search."])
    label = row_label(hit, {"mcts": title})
    assert len(label) <= 42 and label.endswith("…") and label.startswith("Monte Carlo")
    # a short name the question used, or the title's own name, stays whole
    assert row_label(hit, {"mcts": "MCTS-DPO"}) == "MCTS-DPO"
    named = hit_of("r", "rStar-Math: Small LLMs Can Master Math Reasoning", ["We search."])
    assert row_label(named, {}) == "rStar-Math"
