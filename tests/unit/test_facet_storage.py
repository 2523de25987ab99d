"""Facets stored with each paper at index time, and extracted again only where needed.

A real Chroma store in a temp dir with the keyword embedder; the extractor is counted by
wrapping it, so "only the changed paper was read again" is observed, not assumed.
"""

from __future__ import annotations

import json

import pytest
from fakes import jsonl_file

import assistant.indexing as indexing
from assistant.facets import FACETS_VERSION, FacetVocabulary, mentions_any, vocabulary_changes
from assistant.types import Facets, Paper

PAPERS = [
    {"id": "p1", "title": "Tree search for maths",
     "abstract": "We evaluate on GSM8K and MATH500 with Qwen2.5-Math-7B. It works well.",
     "url": "https://github.com/lab/treesearch"},
    {"id": "p2", "title": "Reasoning by voting",
     "abstract": "Experiments on GSM8K and AIME 2024 with Llama-3.1-8B show gains."},
    {"id": "p3", "title": "Robots that walk",
     "abstract": "A robot learns to walk with Qwen2.5-7B-Instruct. It falls less."},
    {"id": "p4", "title": "Protein folding", "abstract": "We fold proteins. Accuracy rises."},
]


@pytest.fixture
def extracted(monkeypatch):
    """The ids of the papers the indexer extracted facets from, in order."""
    seen: list[str] = []
    real = indexing.extract_facets

    def counting(paper, vocabulary=None):
        seen.append(paper.id)
        return real(paper, vocabulary)

    monkeypatch.setattr(indexing, "extract_facets", counting)
    return seen


def test_facets_are_stored_with_each_paper_and_in_chroma_metadata(make_assistant, tmp_path):
    assistant = make_assistant(index=False)
    report = assistant.index([jsonl_file(tmp_path / "a.jsonl", PAPERS)])
    assert report.facets == 4
    papers = {p.id: p for p in assistant.papers()}
    assert "GSM8K" in papers["p1"].facets.benchmarks
    assert any(m.startswith("Qwen2.5") for m in papers["p1"].facets.models)
    assert papers["p1"].facets.links == ["https://github.com/lab/treesearch"]
    assert any(m.startswith("Llama") for m in papers["p2"].facets.models)
    # Chroma: the names as array metadata on chunk 0, queryable with $contains
    store = assistant.store
    found = store._collection.get(where={"facet_benchmarks": {"$contains": "gsm8k"}},
                                  include=["metadatas"])
    assert sorted(m["paper_id"] for m in found["metadatas"]) == ["p1", "p2"]
    assert set(store.facet_versions().values()) == {FACETS_VERSION}
    assert FacetVocabulary.model_validate_json(store.facet_vocabulary).papers == 4
    # the paper JSON itself stays as an older reader expects it (no facets inside)
    record = store._collection.get(ids=["p1#0"], include=["metadatas"])["metadatas"][0]
    assert "facets" not in json.loads(record["paper"])


def test_unchanged_collection_extracts_nothing(make_assistant, tmp_path, extracted):
    assistant = make_assistant(index=False)
    source = jsonl_file(tmp_path / "a.jsonl", PAPERS)
    assistant.index([source])
    extracted.clear()
    report = assistant.index([source])
    assert report.facets == 0 and extracted == []


def test_an_edited_paper_is_the_only_one_extracted_again(make_assistant, tmp_path, extracted):
    assistant = make_assistant(index=False)
    source = jsonl_file(tmp_path / "a.jsonl", PAPERS)
    assistant.index([source])
    extracted.clear()
    edited = [*PAPERS[:3],
              dict(PAPERS[3], abstract="We evaluate on the CASP14 benchmark. It helps.")]
    report = assistant.index([jsonl_file(source, edited)])
    assert report.updated == 1
    assert report.facets == 1 and set(extracted) == {"p4"}
    paper = assistant.paper("p4")
    assert paper.facets is not None and "CASP14" in paper.facets.benchmarks
    # the others kept the facets they had
    assert "GSM8K" in assistant.paper("p1").facets.benchmarks


def test_a_vocabulary_change_reaches_papers_that_mention_the_name(make_assistant, tmp_path,
                                                                    extracted):
    """A name becomes a benchmark of the collection once a second paper evaluates on it;
    an unchanged paper that lists it without a cue then gets it too, and nobody else is read."""
    assistant = make_assistant(index=False)
    papers = [
        {"id": "a", "title": "Solver A", "abstract": "We evaluate on the ZETA benchmark."},
        {"id": "b", "title": "Solver B", "abstract": "Our model is strong; ZETA scores rise."},
        {"id": "c", "title": "Walking", "abstract": "A robot learns to walk. It falls less."},
    ]
    source = jsonl_file(tmp_path / "a.jsonl", papers)
    assistant.index([source])
    assert "ZETA" not in assistant.paper("b").facets.benchmarks
    extracted.clear()
    more = [*papers, {"id": "d", "title": "Solver D",
                      "abstract": "Results on the ZETA benchmark improve."}]
    report = assistant.index([jsonl_file(source, more)])
    assert report.added == 1
    assert "ZETA" in assistant.paper("b").facets.benchmarks
    assert "c" not in extracted and "b" in extracted
    assert report.facets == len(set(extracted))


def test_facets_from_an_older_extractor_are_replaced_without_re_embedding(
        make_assistant, tmp_path, fake_embeddings, monkeypatch):
    assistant = make_assistant(index=False)
    source = jsonl_file(tmp_path / "a.jsonl", PAPERS)
    assistant.index([source])
    fake_embeddings.embedded.clear()
    monkeypatch.setattr(indexing, "FACETS_VERSION", "next")
    report = assistant.index([source])
    assert (report.unchanged, report.facets) == (4, 4)
    assert fake_embeddings.embedded == []
    assert set(assistant.store.facet_versions().values()) == {"next"}


def test_write_facets_clears_a_name_list_that_became_empty(make_assistant, tmp_path):
    assistant = make_assistant(index=False)
    assistant.index([jsonl_file(tmp_path / "a.jsonl", PAPERS)])
    store = assistant.store
    store.write_facets({"p1": Facets(models=["Foo-7B"]), "missing": Facets()}, FACETS_VERSION)
    record = store._collection.get(ids=["p1#0"], include=["metadatas"])["metadatas"][0]
    assert "facet_benchmarks" not in record and record["facet_models"] == ["foo-7b"]
    assert {p.id: p for p in store.papers()}["p1"].facets == Facets(models=["Foo-7B"])


def test_vocabulary_changes_and_mentions():
    old = FacetVocabulary(benchmarks={"gsm8k": "GSM8K"}, families=["qwen"])
    new = FacetVocabulary(benchmarks={"gsm8k": "GSM8K", "aime24": "AIME24"}, families=[])
    assert vocabulary_changes(old, new) == {"aime24", "qwen"}
    assert vocabulary_changes(None, new) == {"gsm8k", "aime24"}
    paper = Paper(id="x", title="T", abstract="Results on AIME 2024.", source="t")
    assert mentions_any(paper, {"aime24"})
    assert not mentions_any(paper, {"gsm8k", "qwen"})
    assert not mentions_any(paper, set())
