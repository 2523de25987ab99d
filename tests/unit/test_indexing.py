"""The hash-based upsert against a real Chroma store in a temp dir, with the keyword embedder."""

from __future__ import annotations

import json

import pytest
from fakes import jsonl_file

from assistant.errors import CorpusError
from vectorstore.chroma_store import ChromaStore

PAPERS = [
    {"id": "p1", "title": "Tree search for maths",
     "abstract": "We use MCTS to solve maths. It works well."},
    {"id": "p2", "title": "Robots that walk", "abstract": "A robot learns to walk. It falls less."},
    {"id": "p3", "title": "Protein folding",
     "abstract": "We fold proteins with transformers. Accuracy rises."},
]


def test_bundled_corpus_indexes_76_then_nothing_changes(make_assistant):
    assistant = make_assistant(index=False)
    first = assistant.index()
    assert (first.papers, first.added, first.unchanged) == (76, 76, 0)
    second = assistant.index()
    assert (second.papers, second.added, second.updated, second.unchanged) == (76, 0, 0, 76)
    assert len(assistant.papers()) == 76


def test_edit_one_abstract_updates_only_it(make_assistant, tmp_path, fake_embeddings):
    assistant = make_assistant(index=False)
    source = jsonl_file(tmp_path / "a.jsonl", PAPERS)
    assert assistant.index([source]).added == 3
    fake_embeddings.embedded.clear()
    edited = [dict(PAPERS[0], abstract="We use MCTS to solve harder maths. It works.")] + PAPERS[1:]
    report = assistant.index([jsonl_file(source, edited)])
    assert (report.updated, report.unchanged, report.added) == (1, 2, 0)
    # The edited paper's chunk, once, and its new sentences (for list questions); nothing of
    # the other papers.
    chunks = [t for t in fake_embeddings.embedded if t.startswith("Tree search for maths")]
    assert len(chunks) == 1 and "harder" in chunks[0]
    assert sorted(set(fake_embeddings.embedded) - set(chunks)) == [
        "It works.", "We use MCTS to solve harder maths."]
    assert "harder" in assistant.retrieve("harder maths", 1)[0].chunk.text


def test_prune_removes_papers_no_longer_in_sources(make_assistant, tmp_path):
    assistant = make_assistant(index=False)
    source = jsonl_file(tmp_path / "a.jsonl", PAPERS)
    assistant.index([source])
    assert assistant.index([jsonl_file(source, PAPERS[:2])]).removed == 0  # no prune: kept
    report = assistant.index([source], prune=True)
    assert report.removed == 1
    assert {p.id for p in assistant.papers()} == {"p1", "p2"}


def test_malformed_file_names_line_and_leaves_index_as_it_was(make_assistant, tmp_path):
    assistant = make_assistant(index=False)
    good = jsonl_file(tmp_path / "good.jsonl", PAPERS[:2])
    assistant.index([good])
    before = assistant.store.paper_hashes()
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(PAPERS[2]) + "\n{not json\n")
    with pytest.raises(CorpusError) as err:
        assistant.index([jsonl_file(tmp_path / "more.jsonl", [PAPERS[2]]), bad], prune=True)
    assert "bad.jsonl" in str(err.value) and "line 2" in str(err.value)
    assert assistant.store.paper_hashes() == before


def test_empty_corpus_is_an_error(make_assistant, tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    with pytest.raises(CorpusError):
        make_assistant(index=False).index([empty])


def test_duplicate_ids_across_sources_are_reported(make_assistant, tmp_path):
    a = jsonl_file(tmp_path / "a.jsonl", PAPERS[:2])
    b = jsonl_file(tmp_path / "b.jsonl", PAPERS[1:])
    report = make_assistant(index=False).index([a, b])
    assert report.papers == 3 and report.duplicates == ["p2"]


def test_half_written_paper_is_written_again(make_assistant, tmp_path):
    """A paper whose chunk records disagree (an interrupted update) is not 'unchanged'."""
    assistant = make_assistant(index=False)
    source = jsonl_file(tmp_path / "a.jsonl", PAPERS)
    assistant.index([source])
    collection = assistant.store._collection
    meta = collection.get(ids=["p1#0"], include=["metadatas"])["metadatas"][0]
    collection.update(ids=["p1#0"], metadatas=[dict(meta, n_chunks=2)])
    assert assistant.store.paper_hashes()["p1"] == ""
    report = assistant.index([source])
    assert (report.updated, report.unchanged) == (1, 2)


def test_collection_name_depends_on_embedder_and_chunking(settings):
    other = settings.model_copy(update={"chunking": settings.chunking.model_copy(
        update={"max_tokens": 123})})
    assert settings.collection_name() != other.collection_name()
    assert settings.collection_name() == settings.model_copy().collection_name()


def test_lexical_index_is_rebuilt_when_store_changed_behind_it(make_assistant, tmp_path):
    from assistant.indexing import lexical_dir, sync_lexical

    assistant = make_assistant(index=False)
    assistant.index([jsonl_file(tmp_path / "a.jsonl", PAPERS[:1])])
    directory = lexical_dir(assistant.settings.index_dir, assistant.store.name)
    assert len(sync_lexical(assistant.store, directory)) == 1
    # Another process adds papers: the generation moves, the saved BM25 index is stale.
    store2 = ChromaStore.open(assistant.settings)
    from assistant.indexing import index_papers
    from assistant.sources import read_sources

    index_papers(read_sources([jsonl_file(tmp_path / "b.jsonl", PAPERS)]).papers, store2,
                 assistant.embeddings, assistant.settings.chunking)
    assert len(sync_lexical(assistant.store, directory)) == 3
