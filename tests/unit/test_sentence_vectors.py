"""Sentence vectors made at index time: kept for unchanged papers, made again for changed ones,
never read by another embedder, and read (not embedded) by list questions."""

from __future__ import annotations

import numpy as np
import pytest
from fakes import KeywordEmbeddings, jsonl_file

from assistant.service import Assistant
from assistant.types import Chunk, Sentence
from vectorstore.chroma_store import ChromaStore
from vectorstore.sentence_vectors import SentenceVectors, sync


def _chunk(paper_id: str, title: str, sentences: list[str]) -> Chunk:
    text = " ".join(sentences)
    spans, start = [], 0
    for i, sentence in enumerate(sentences):
        spans.append(Sentence(index=i, start=start, end=start + len(sentence), text=sentence))
        start += len(sentence) + 1
    return Chunk(id=f"{paper_id}#0", paper_id=paper_id, ordinal=0, title=title, text=text,
                 sentences=spans, token_count=len(text.split()), paper_hash=paper_id)


class CountingEmbedder:
    """Embeds with the keyword fake, records every text, and can be told to refuse."""

    def __init__(self) -> None:
        self.inner = KeywordEmbeddings()
        self.seen: list[str] = []
        self.refuse = False

    def __call__(self, texts):
        if self.refuse:
            raise AssertionError(f"embedded again: {list(texts)}")
        self.seen.extend(texts)
        return self.inner.embed(texts)


CHUNKS = [
    _chunk("p1", "Tree search for maths", ["We use MCTS to solve maths.", "It works well."]),
    _chunk("p2", "Robots that walk", ["A robot learns to walk.", "It falls less."]),
]


def test_unchanged_papers_are_never_embedded_again(tmp_path):
    embed = CountingEmbedder()
    first = sync(None, CHUNKS, embed, "fake-1", tmp_path / "s")
    assert first.embedded == 6 and sorted(embed.seen) == sorted(
        [c.title for c in CHUNKS] + [s.text for c in CHUNKS for s in c.sentences])
    embed.refuse = True  # any embedding now fails the test
    again = sync(SentenceVectors.load(tmp_path / "s", "fake-1"), CHUNKS, embed, "fake-1",
                 tmp_path / "s")
    assert (again.chunks, again.embedded, again.removed) == (2, 0, 0)
    stored = SentenceVectors.load(tmp_path / "s", "fake-1")
    assert stored is not None
    vector = stored.lookup(["A robot learns to walk."])[0]
    assert vector is not None
    np.testing.assert_allclose(vector, embed.inner.embed(["A robot learns to walk."])[0])


def test_a_changed_paper_gets_new_vectors_and_a_removed_one_goes(tmp_path):
    embed = CountingEmbedder()
    sync(None, CHUNKS, embed, "fake-1", tmp_path / "s")
    embed.seen.clear()
    changed = _chunk("p1", "Tree search for maths",
                     ["We use MCTS to solve harder maths.", "It works well."])
    report = sync(SentenceVectors.load(tmp_path / "s", "fake-1"), [changed], embed, "fake-1",
                  tmp_path / "s")
    # Only the new sentence: the title and the unchanged sentence keep their vectors.
    assert embed.seen == ["We use MCTS to solve harder maths."]
    assert (report.embedded, report.removed) == (1, 2)  # p1's old rows and p2 are gone
    stored = SentenceVectors.load(tmp_path / "s", "fake-1")
    assert stored is not None and len(stored) == 3
    new, old, gone = stored.lookup(["We use MCTS to solve harder maths.",
                                    "We use MCTS to solve maths.", "A robot learns to walk."])
    assert new is not None and old is None and gone is None
    assert float(new @ embed.inner.embed(["harder maths MCTS solve use"])[0]) > 0.9


def test_vectors_of_another_embedder_are_never_read(tmp_path):
    sync(None, CHUNKS, CountingEmbedder(), "fake-1", tmp_path / "s")
    assert SentenceVectors.load(tmp_path / "s", "fake-2") is None
    embed = CountingEmbedder()
    report = sync(SentenceVectors.load(tmp_path / "s", "fake-2"), CHUNKS, embed, "fake-2",
                  tmp_path / "s")
    assert report.embedded == 6  # everything again, for the new embedder


PAPERS = [
    {"id": "p1", "title": "Tree search for maths",
     "abstract": "We use MCTS to solve maths problems. It works well on olympiad sets."},
    {"id": "p2", "title": "Robots that walk",
     "abstract": "A legged robot learns to walk on rough ground. It falls less often."},
    {"id": "p3", "title": "Protein folding",
     "abstract": "We fold proteins with transformers. Accuracy rises on CASP targets."},
]


@pytest.fixture
def assistant(settings):
    embeddings = KeywordEmbeddings()
    built = Assistant(settings, ChromaStore.open(settings), embeddings, None,
                      provider="extractive")
    built.embeddings_fake = embeddings  # type: ignore[attr-defined]  # the test reads it
    return built


def test_indexing_embeds_sentences_of_changed_papers_only(assistant, tmp_path):
    fake = assistant.embeddings_fake
    source = jsonl_file(tmp_path / "a.jsonl", PAPERS)
    assert assistant.index([source]).sentences == 9  # three titles, six sentences
    fake.embedded.clear()
    assert assistant.index([source]).sentences == 0
    assert fake.embedded == []
    edited = [dict(PAPERS[1], abstract="A legged robot learns to run. It falls less often.")]
    report = assistant.index([jsonl_file(tmp_path / "b.jsonl", edited + PAPERS[::2])])
    assert report.sentences == 1
    assert "A legged robot learns to run." in fake.embedded
    assert not any("proteins" in text for text in fake.embedded)


def test_a_list_question_reads_the_stored_vectors(assistant, tmp_path):
    fake = assistant.embeddings_fake
    assistant.index([jsonl_file(tmp_path / "a.jsonl", PAPERS)])
    fake.embedded.clear()
    question = "Which papers are about robots that walk?"
    known = {s.rstrip(".") for p in PAPERS for s in p["abstract"].split(". ")} | \
        {p["title"] for p in PAPERS}

    def embedded_sentences() -> list[str]:
        return [t for t in fake.embedded if t.rstrip(".") in known]

    fresh = Assistant(assistant.settings, assistant.store, fake, None, provider="extractive")
    answer = fresh.ask(question)
    assert answer.plan is not None and answer.plan.intent == "list"
    assert embedded_sentences() == []
    # The same question without the stored file embeds the sentences itself.
    for path in (assistant.settings.index_dir / "sentences").iterdir():
        for item in path.iterdir():
            item.unlink()
    without = Assistant(assistant.settings, assistant.store, fake, None, provider="extractive")
    assert without.ask(question).text == answer.text
    assert len(embedded_sentences()) >= 9


def test_without_the_setting_nothing_is_stored(settings, tmp_path):
    off = settings.model_copy(update={"store": settings.store.model_copy(
        update={"sentence_vectors": False})})
    built = Assistant(off, ChromaStore.open(off), KeywordEmbeddings(), None,
                      provider="extractive")
    assert built.index([jsonl_file(tmp_path / "a.jsonl", PAPERS)]).sentences == 0
    assert not (off.index_dir / "sentences").exists()
