"""Hybrid retrieval over the bundled corpus (real Chroma + BM25, keyword embedder)."""

from __future__ import annotations

import pytest

from assistant.errors import QuestionError
from assistant.retrieval import PaperFilter


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from conftest import BUNDLED
    from fakes import KeywordEmbeddings

    from assistant.service import Assistant
    from assistant.settings import Settings
    from vectorstore.chroma_store import ChromaStore

    settings = Settings(home=tmp_path_factory.mktemp("home"))
    built = Assistant(settings, ChromaStore.open(settings), KeywordEmbeddings(),
                      provider="extractive")
    built.index([BUNDLED])
    return built


@pytest.mark.parametrize(("query", "title_start"), [
    ("rstar math", "rStar-Math"),
    ("What does RSTAR-MATH do?", "rStar-Math"),
    ("b-star", "B-STaR"),
    ("MedS3", "MedS$^3$"),
    ("medical MedS$^3$ results", "MedS$^3$"),
    ("how does SPHERE build data", "Self-Evolved Preference Optimization"),
    ("What is MSTaR?", "Diving into Self-Evolving Training"),
    ("longpo", "LongPO"),
    ("darwin godel machine", "Darwin"),
])
def test_a_named_method_ranks_its_paper_first(assistant, query, title_start):
    assert assistant.retrieve(query, 5)[0].title.startswith(title_start)


def test_results_are_one_per_paper_with_marked_sentences(assistant):
    hits = assistant.retrieve("Which papers use Monte Carlo Tree Search?", 10)
    assert len({h.paper_id for h in hits}) == len(hits) == 10
    for hit in hits:
        assert hit.sentence_ids and all(i < len(hit.chunk.sentences) for i in hit.sentence_ids)
    assert any("Monte Carlo" in hits[0].chunk.sentences[i].text for i in hits[0].sentence_ids)


def test_modes_and_mmr_return_valid_rankings(assistant):
    for mode in ("lexical", "dense", "hybrid"):
        assert len(assistant.retrieve("self-evolving agents", 5, mode=mode)) == 5
    diverse = assistant.retrieve("self-evolving agents", 5, diversify=True)
    assert len({h.paper_id for h in diverse}) == 5


def test_filters_restrict_papers(assistant):
    none = assistant.retrieve("agents", 5, filters=PaperFilter(author="Nobody Atall"))
    assert none == []


def test_bad_k_and_empty_query_are_refused(assistant):
    with pytest.raises(QuestionError):
        assistant.retrieve("agents", 0)
    with pytest.raises(QuestionError):
        assistant.retrieve("   ", 5)
