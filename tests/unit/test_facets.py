"""Facet extraction: variants, cue patterns, the learned vocabulary, links, year, and a
biomedical abstract (a different field from the bundled corpus)."""

from __future__ import annotations

import re

import pytest

from assistant.facets import (
    Facets,
    FacetVocabulary,
    extract_facets,
    normalise_variant,
    paper_matches,
)
from assistant.sources import bundled_corpus_path, iter_sources
from assistant.types import Paper


def _paper(abstract: str, title: str = "A study", *, pid: str = "p", date: str | None = None,
           urls: list[str] | None = None, url: str | None = None) -> Paper:
    return Paper(id=pid, title=title, abstract=abstract, source="test", date=date,
                 urls=urls or [], url=url)


def _keys(names: list[str]) -> set[str]:
    return {normalise_variant(n) for n in names}


# --- variants ------------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [
    ("GSM8K", "GSM-8K"),
    ("MATH500", "MATH-500"),
    ("MATH500", "MATH 500"),
    ("Phi-3", "Phi3-mini"),
    ("Phi-3", "Phi3-mini-3.8B"),
    ("AIME2024", "AIME24"),
    ("Llama-3.1-8B", "Llama3.1-70B"),
    ("Qwen2.5-Math-7B", "Qwen2.5-Math-Instruct-72B"),
    ("Mistral-7B-Instruct-v0.2", "Mistral"),
])
def test_written_variants_share_a_key(a, b):
    assert normalise_variant(a) == normalise_variant(b)


@pytest.mark.parametrize("a, b", [
    ("GSM8K", "MATH"),
    ("MATH", "MATH500"),
    ("Llama-2", "Llama-3"),
    ("Qwen2.5", "Qwen2"),
    ("GPT-4", "GPT-4o"),
    ("Phi-3", "Phi-3.5-Vision"),
])
def test_different_names_keep_different_keys(a, b):
    assert normalise_variant(a) != normalise_variant(b)


def test_criteria_match_facets_with_variants_and_families():
    facets = Facets(benchmarks=["GSM8K", "MATH500", "AIME2024", "ZETA Hard"],
                    models=["Phi3-mini-3.8B", "Llama-3.1-8B", "Phi-3.5-Vision (4B)"],
                    methods=["STC"])
    for criterion in ("GSM-8K", "gsm8k", "MATH-500", "MATH 500", "AIME", "AIME24",
                      "a Phi-3 family model", "Phi-3", "Phi3-mini", "Llama", "llama 3.1",
                      "ZETA", "STC", "Llama on GSM8K"):
        assert paper_matches(facets, criterion), criterion
    for criterion in ("MATH-5", "HumanEval", "Qwen", "Llama-2", "Phi-4", "GPT-4",
                      "Llama on HumanEval", "S", "aimed"):
        assert not paper_matches(facets, criterion), criterion


def test_a_family_name_does_not_match_a_longer_word_or_an_own_name_by_prefix():
    facets = Facets(benchmarks=["MATH"], methods=["Self-Check Planner"])
    assert not paper_matches(facets, "MATH500")  # the subset is not the whole
    assert not paper_matches(facets, "SELF")  # an own name matches exactly, not by prefix
    assert paper_matches(facets, "Self-Check Planner")
    with pytest.raises(ValueError):
        paper_matches(facets, "   ")


# --- extraction by cues --------------------------------------------------------------------


ML_ABSTRACT = (
    "Large language models (LLMs) struggle with long proofs. We propose ProofWeaver, a "
    "search method that verifies each step. We fine-tune Llama-3.1-8B and "
    "Mistral-7B-Instruct-v0.2 with supervised fine-tuning (SFT) and compare with strong "
    "models such as GPT-4o and Claude-3-Opus. ProofWeaver is evaluated on GSM8K, MATH-500 "
    "and HumanEval, and reaches 71.2% accuracy on the ARC-Challenge benchmark. The SFT model "
    "alone gains 4-year-old skills. Code is at https://github.com/example/proofweaver."
)


def test_an_ml_abstract_yields_benchmarks_models_methods_and_links():
    paper = _paper(ML_ABSTRACT, title="ProofWeaver: Step-Verified Search for Proofs",
                   urls=["https://github.com/example/proofweaver",
                         "https://arxiv.org/abs/2401.00001"], date="2024-05-01")
    facets = extract_facets(paper)
    assert _keys(facets.benchmarks) == _keys(["GSM8K", "MATH-500", "HumanEval",
                                             "ARC-Challenge"])
    assert _keys(facets.models) == _keys(["Llama-3.1-8B", "Mistral-7B-Instruct-v0.2",
                                         "GPT-4o", "Claude-3-Opus"])
    assert facets.methods == ["ProofWeaver"]
    assert facets.links == ["https://github.com/example/proofweaver"]  # arXiv is the paper
    assert facets.year == 2024


def test_terms_and_plurals_are_not_names():
    facets = extract_facets(_paper(ML_ABSTRACT))
    everything = _keys(facets.benchmarks + facets.models + facets.methods)
    assert not everything & {"sft", "llms", "llm", "4yearold"}


def test_a_size_outranks_the_words_around_it():
    facets = extract_facets(_paper(
        "Gains hold on five reasoning benchmarks, as shown on Kite-V-2 (8B) and "
        "Lumo2 (2B)."))
    assert _keys(facets.models) == _keys(["Kite-V-2", "Lumo2"])
    assert facets.benchmarks == []


def test_an_abbreviation_shares_its_long_form_kind_and_own_names_are_methods():
    facets = extract_facets(_paper(
        "We introduce Step Critic (STC), a verifier. On the Open Logic Olympiad (OLO), STC "
        "solves 53% of problems."))
    assert {"openlogicolympiad", "olo"} <= _keys(facets.benchmarks)
    assert "stc" not in _keys(facets.benchmarks)
    assert {"stc", "stepcritic"} <= _keys(facets.methods)


def test_no_year_when_the_source_gives_none_and_no_links_to_papers_only():
    facets = extract_facets(_paper("Nothing named here.", urls=["https://doi.org/10.1/x"],
                                   url="https://arxiv.org/abs/1"))
    assert facets.year is None
    assert facets.links == []
    assert extract_facets(_paper("x", date="2019")).year == 2019


def test_project_pages_and_code_hosts_are_links():
    facets = extract_facets(_paper(
        "See the page.", urls=["https://demo.github.io/proj/", "https://huggingface.co/org/m",
                               "https://huggingface.co/papers/2401.1"]))
    assert facets.links == ["https://demo.github.io/proj", "https://huggingface.co/org/m"]


# --- the learned vocabulary ----------------------------------------------------------------


def _collection() -> list[Paper]:
    return [
        _paper("We report accuracy on the ZebraLogic benchmark. We fine-tune Orca-13B with "
               "supervised fine-tuning (SFT).", pid="a"),
        _paper("Our method is evaluated on ZebraLogic and TabFact datasets using Orca-7B.",
               pid="b"),
        _paper("A new prompting trick. It handles ZebraLogic puzzles and helps Orca 2 and the "
               "SFT model. Discrete Math puzzles and TabFact tables remain hard.", pid="c"),
    ]


def test_a_name_several_papers_evaluate_on_is_a_benchmark_everywhere():
    papers = _collection()
    alone = extract_facets(papers[2])
    assert "zebralogic" not in _keys(alone.benchmarks)
    vocabulary = FacetVocabulary.learn(papers)
    assert "zebralogic" in vocabulary.benchmarks
    learned = extract_facets(papers[2], vocabulary)
    assert "zebralogic" in _keys(learned.benchmarks)
    # TabFact was cued in one paper only: not known everywhere with min_papers=2
    assert "tabfact" not in _keys(learned.benchmarks)
    assert "tabfact" in _keys(extract_facets(papers[2], FacetVocabulary.learn(
        papers, min_papers=1)).benchmarks)


def test_a_family_seen_with_sizes_makes_its_members_models():
    papers = _collection()
    vocabulary = FacetVocabulary.learn(papers)
    assert "orca" in vocabulary.families
    facets = extract_facets(papers[2], vocabulary)
    assert "orca2" in _keys(facets.models)
    assert "sft" in vocabulary.terms
    assert "sft" not in _keys(facets.models)  # defined in another paper as a lowercase phrase


def test_the_vocabulary_round_trips_as_json():
    vocabulary = FacetVocabulary.learn(_collection())
    assert FacetVocabulary.model_validate_json(vocabulary.model_dump_json()) == vocabulary
    with pytest.raises(ValueError):
        FacetVocabulary.learn(_collection(), min_papers=0)


# --- a different field ---------------------------------------------------------------------


SCIFACT_STYLE = (
    "OBJECTIVE To examine whether statin use is associated with fracture risk. DESIGN, "
    "SETTING, AND PARTICIPANTS Prospective cohort analyses among 61,000 women in the Harbor "
    "Heart Study II and linkage to the Norwegian Stroke Registry; a second sample came from "
    "the National Survey of Families with Young Children (NSFYC). Plasma "
    "IL-6 and TNF-alpha were measured over a 4-year follow-up. In C57BL/6 mice and in "
    "C. elegans, knockdown of daf-2 extended lifespan. RESULTS Statin users had lower risk "
    "(HR, 0.73; 95% CI, 0.54-0.98). CONCLUSIONS Statins may lower fracture risk."
)


def test_a_biomedical_abstract_gets_cohorts_registries_and_model_organisms():
    facets = extract_facets(_paper(
        SCIFACT_STYLE, title="Statins and fracture risk in women: the role of inflammation."))
    benchmarks = _keys(facets.benchmarks)
    assert {"harborheartstudyii", "norwegianstrokeregistry", "nsfyc"} <= benchmarks
    assert normalise_variant("National Survey of Families with Young Children") \
        in benchmarks
    assert _keys(facets.models) == _keys(["C57BL/6", "C. elegans"])
    everything = _keys(facets.benchmarks + facets.models + facets.methods)
    # headings, genes, measures and numbers are none of these
    assert not everything & {"objective", "design", "setting", "results", "conclusions",
                             "il6", "tnfalpha", "hr", "ci", "4year", "daf2"}


# --- the bundled corpus: criteria find every paper whose abstract names them ---------------


@pytest.fixture(scope="module")
def bundled() -> list[tuple[Paper, Facets]]:
    papers = list(iter_sources([bundled_corpus_path()]))
    vocabulary = FacetVocabulary.learn(papers)
    return [(paper, extract_facets(paper, vocabulary)) for paper in papers]


@pytest.mark.parametrize("criterion, written", [
    ("a Phi-3 family model", r"Phi-?3"),
    ("MATH500", r"MATH[- ]?500|Math500"),
    ("GSM8K", r"GSM-?8K"),
    ("AIME", r"AIME"),
    ("Llama", r"(?i)\bllama"),
    ("SWE-bench", r"(?i)swe-bench"),
])
def test_facet_criteria_find_exactly_the_papers_that_name_them(bundled, criterion, written):
    named = {p.id for p, _ in bundled if re.search(written, p.title + " " + p.abstract)}
    matched = {p.id for p, facets in bundled if paper_matches(facets, criterion)}
    assert named and matched == named
