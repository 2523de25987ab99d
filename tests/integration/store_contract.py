"""What every ChromaStore must do, whatever Chroma it talks to (after haystack's DocumentStore
test suite): subclass `StoreContract` and provide an `open_store` fixture that returns a
function `open_store() -> ChromaStore`; each call opens the same fresh collection again (so a
test can see what a second process would).

Vectors come from the keyword embedder, so "nearest" means "shares the most words".
"""

from __future__ import annotations

import numpy as np
import pytest
from fakes import KeywordEmbeddings

from assistant.chunking import chunk_paper
from assistant.settings import ChunkingSettings
from assistant.types import Paper
from vectorstore.chroma_store import PaperWrite

EMBEDDER = KeywordEmbeddings()
CHUNKING = ChunkingSettings(max_tokens=40, overlap_tokens=0)


def make_paper(paper_id: str, title: str, abstract: str, full_text: str | None = None) -> Paper:
    return Paper(id=paper_id, title=title, abstract=abstract, source="contract",
                 full_text=full_text, date="2024")


def paper_write(paper: Paper) -> PaperWrite:
    chunks = chunk_paper(paper, CHUNKING)
    return PaperWrite(paper, chunks, EMBEDDER.embed([c.text for c in chunks]))


MCTS = make_paper("mcts", "Tree search for maths", "We use Monte Carlo tree search to solve maths. "
                  "It beats greedy decoding.")
ROBOT = make_paper("robot", "Robots that walk", "A robot learns to walk on rough ground. "
                   "It falls less often.")
LONG_BODY = " ".join(f"Section {i} studies protein folding with transformers in detail." for i in
                     range(12))
PROTEIN = make_paper("protein", "Protein folding", "We fold proteins with transformers.",
                     full_text=LONG_BODY)


class StoreContract:
    @pytest.fixture
    def store(self, open_store):
        return open_store()

    def test_a_new_store_is_empty(self, store):
        assert store.count_chunks() == 0
        assert store.paper_hashes() == {}
        assert store.papers() == []
        assert list(store.iter_chunks()) == []
        assert store.query(EMBEDDER.embed(["maths"])[0], 5) == []
        assert store.generation == "empty"

    def test_written_papers_are_complete_and_listed_by_title(self, store):
        writes = [paper_write(p) for p in (ROBOT, MCTS, PROTEIN)]
        store.write(writes)
        assert PROTEIN.full_text and len(writes[2].chunks) > 1  # a multi-chunk paper is covered
        assert store.paper_hashes() == {p.id: p.content_hash for p in (ROBOT, MCTS, PROTEIN)}
        assert store.count_chunks() == sum(len(w.chunks) for w in writes)
        assert [p.id for p in store.papers()] == ["protein", "robot", "mcts"]
        assert store.papers()[0] == PROTEIN
        assert {c.id for c in store.iter_chunks()} == {c.id for w in writes for c in w.chunks}

    def test_chunks_come_back_exactly(self, store):
        write = paper_write(PROTEIN)
        store.write([write])
        assert store.chunks_of("protein") == list(write.chunks)
        wanted = [write.chunks[2].id, "nope#0", write.chunks[0].id]
        assert store.get_chunks(wanted) == [write.chunks[2], write.chunks[0]]
        assert store.get_chunks([]) == []

    def test_an_update_replaces_the_paper_and_drops_its_stale_chunks(self, store):
        store.write([paper_write(PROTEIN), paper_write(MCTS)])
        shorter = PROTEIN.model_copy(update={"full_text": "One short section on folding."})
        store.write([paper_write(shorter)])
        assert store.paper_hashes()["protein"] == shorter.content_hash
        assert [c.ordinal for c in store.chunks_of("protein")] == [0, 1]
        assert store.paper_hashes()["mcts"] == MCTS.content_hash

    def test_upserting_the_same_paper_twice_changes_nothing(self, store):
        store.write([paper_write(MCTS)])
        before = store.count_chunks()
        store.write([paper_write(MCTS)])
        assert store.count_chunks() == before
        assert store.paper_hashes() == {"mcts": MCTS.content_hash}

    def test_delete_removes_only_the_named_papers(self, store):
        store.write([paper_write(p) for p in (ROBOT, MCTS, PROTEIN)])
        store.delete_papers(["protein", "robot", "never-stored"])
        assert set(store.paper_hashes()) == {"mcts"}
        assert {c.paper_id for c in store.iter_chunks()} == {"mcts"}

    def test_query_ranks_by_cosine_similarity_and_filters_by_paper(self, store):
        store.write([paper_write(p) for p in (ROBOT, MCTS, PROTEIN)])
        mcts_chunk = store.chunks_of("mcts")[0]
        results = store.query(EMBEDDER.embed([mcts_chunk.text])[0], 3)
        assert results[0][0] == mcts_chunk
        assert results[0][1] == pytest.approx(1.0, abs=1e-5)
        scores = [score for _, score in results]
        assert scores == sorted(scores, reverse=True) and len(results) == 3
        robot_only = store.query(EMBEDDER.embed(["tree search maths"])[0], 5, ["robot"])
        assert {c.paper_id for c, _ in robot_only} == {"robot"}
        assert store.query(EMBEDDER.embed(["maths"])[0], 5, []) == []

    def test_query_asks_for_more_than_stored(self, store):
        store.write([paper_write(MCTS)])
        assert len(store.query(np.asarray(EMBEDDER.embed(["robot"])[0]), 50)) == 1

    def test_generation_marks_writes_and_is_read_fresh(self, store, open_store):
        assert store.generation == "empty"
        store.begin_write()
        dirty = store.generation
        assert dirty.startswith("dirty-")
        other = open_store()  # a second process opening the same collection
        assert other.generation == dirty
        store.write([paper_write(MCTS)])
        store.end_write()
        done = other.generation
        assert not done.startswith("dirty-") and done not in ("empty", dirty)
        assert other.paper_hashes() == {"mcts": MCTS.content_hash}
        store.begin_write()
        store.end_write()
        assert other.generation != done
