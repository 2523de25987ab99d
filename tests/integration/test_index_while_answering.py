"""Indexing while answering: neither corrupts the other.

One Assistant (real Chroma in tmp, keyword embeddings slowed to a real embedder's pace) answers
questions on several threads (`ask` and `stream`, the web app's path) while it indexes a batch
of new papers, and while a second Assistant with its own store object on the same index
(another process's view) indexes a second batch. Every answer must complete and cite only
stored papers, and answers must not wait for a whole index run; afterwards every paper is
stored exactly once and completely, and a fresh Assistant finds the new papers.
"""

from __future__ import annotations

import json
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from fakes import KeywordEmbeddings

pytestmark = pytest.mark.integration

NEW_PAPERS = 32  # per batch
BATCH_SIZE = 4  # papers per write: many writes, so answers overlap each stage of a run
EMBED_BATCH_S = 0.25  # MiniLM takes about this for 4 papers on two cores
DEADLINE_S = 45
QUESTIONS = [
    "What does rStar-Math do?",
    "What does LongPO do?",
    "Which papers evaluate on AIME?",
    "Compare SPHERE and rStar-Math",
    "What does Quorvex-A3 do?",  # a paper being indexed: found or not, never a crash
]
_TOPICS = ["glacier", "lichen", "tidal", "basalt", "pollen", "plankton", "aurora", "dune"]


def _write_batch(path: Path, tag: str) -> list[str]:
    """NEW_PAPERS made-up papers, each with a unique name its abstract repeats; their ids."""
    ids = []
    with path.open("w", encoding="utf-8") as out:
        for n in range(NEW_PAPERS):
            name = f"Quorvex-{tag}{n}"
            topic = _TOPICS[n % len(_TOPICS)]
            ids.append(f"quorvex-{tag.lower()}{n}")
            out.write(json.dumps({
                "id": ids[-1],
                "title": f"{name}: Self-Evolving {topic.title()} Models from Sparse Sensors",
                "abstract": (
                    f"We introduce {name}, a self-evolving model of {topic} dynamics. "
                    f"{name} learns from sparse sensor readings and refines its own training "
                    f"data over rounds. On the {topic.upper()}-{n} benchmark {name} reduces "
                    f"forecast error by {10 + n} percent compared with static baselines."),
                "date": "2025",
            }) + "\n")
    return ids


class SlowKeywordEmbeddings(KeywordEmbeddings):
    """Document batches take as long as a real embedder's (questions stay fast)."""

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        time.sleep(EMBED_BATCH_S)
        return super().embed(texts)


class _Runs:
    """Collects failures from worker threads, with their tracebacks."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self._lock = threading.Lock()

    def thread(self, target: Callable[[], None]) -> threading.Thread:
        def run() -> None:
            try:
                target()
            except BaseException:  # the test reports every failure, not just the first
                with self._lock:
                    self.failures.append(traceback.format_exc())

        return threading.Thread(target=run, daemon=True)


def test_answers_and_two_indexers_at_once_leave_a_complete_index(settings, tmp_path,
                                                                 bundled_corpus):
    from assistant.answering import AnswerDelta, Progress
    from assistant.service import Assistant
    from assistant.types import Answer, ChatTurn
    from vectorstore.chroma_store import ChromaStore

    settings = settings.model_copy(update={
        "store": settings.store.model_copy(update={"batch_size": BATCH_SIZE})})

    def assistant() -> Assistant:
        return Assistant(settings, ChromaStore.open(settings), SlowKeywordEmbeddings(),
                         provider="extractive")

    answering = assistant()
    answering.index([bundled_corpus])
    bundled_ids = {p.id for p in answering.papers()}
    other = assistant()  # its own store object and lock: another process's view
    batch_a, batch_b = tmp_path / "batch_a.jsonl", tmp_path / "batch_b.jsonl"
    ids_a, ids_b = _write_batch(batch_a, "A"), _write_batch(batch_b, "B")

    runs = _Runs()
    start = threading.Barrier(5)
    indexers_done = threading.Event()
    stop_at = time.monotonic() + DEADLINE_S
    answers: list[tuple[float, float, Answer]] = []  # (started, finished, answer)
    windows: dict[str, tuple[float, float]] = {}  # index run: (started, finished)

    def index(who: Assistant, batch: Path, name: str) -> Callable[[], None]:
        def run() -> None:
            start.wait()
            began = time.monotonic()
            report = who.index([batch])
            assert report.added == NEW_PAPERS, report
            windows[name] = (began, time.monotonic())

        return run

    def answer_loop(offset: int, streaming: bool) -> Callable[[], None]:
        def run() -> None:
            start.wait()
            turn = offset
            # Keep asking until both indexers are done, then a few more (after the swap).
            extra = 3
            while extra and time.monotonic() < stop_at:
                if indexers_done.is_set():
                    extra -= 1
                question = QUESTIONS[turn % len(QUESTIONS)]
                history = [ChatTurn(role="user", content="What does rStar-Math do?"),
                           ChatTurn(role="assistant", content="It trains small models.")]
                began = time.monotonic()
                if streaming:
                    events = list(answering.stream("How is it evaluated?", history))
                    assert all(isinstance(e, AnswerDelta | Progress) for e in events[:-1])
                    final = events[-1]
                else:
                    final = answering.ask(question)
                assert isinstance(final, Answer)
                answers.append((began, time.monotonic(), final))
                turn += 1

        return run

    threads = [
        runs.thread(index(answering, batch_a, "same assistant")),
        runs.thread(index(other, batch_b, "other assistant")),
        runs.thread(answer_loop(0, streaming=False)),
        runs.thread(answer_loop(2, streaming=False)),
        runs.thread(answer_loop(0, streaming=True)),
    ]
    for t in threads:
        t.start()
    for t in threads[:2]:
        t.join(timeout=DEADLINE_S)
    indexers_done.set()
    for t in threads[2:]:
        t.join(timeout=DEADLINE_S)
    assert not any(t.is_alive() for t in threads), "a thread is still running"
    assert not runs.failures, "\n".join(runs.failures)

    # Answers ran while papers were being written, even during the answering Assistant's own
    # run (which once held the lock answers need until it ended), and cite stored papers only.
    assert len(windows) == 2
    own_start, own_end = windows["same assistant"]
    assert own_end - own_start > 4 * EMBED_BATCH_S, "the run was too short to overlap"
    inside = [a for s, e, a in answers if own_start < s and e < own_end]
    assert len(inside) >= 3, f"{len(inside)} answers completed inside the index run"
    expected = bundled_ids | set(ids_a) | set(ids_b)
    cited = {c.paper_id for _, _, a in answers for c in a.citations}
    assert cited and cited <= expected, cited - expected
    assert all(not a.abstained for _, _, a in answers if a.question.startswith("What does r"))

    # Every paper exactly once, complete and current, seen by both store objects.
    listed = [p.id for p in answering.papers()]
    assert len(listed) == len(set(listed))
    assert set(listed) == expected
    for store in (answering.store, other.store):
        hashes = store.paper_hashes()
        assert set(hashes) == expected
        assert all(hashes.values()), [pid for pid, h in hashes.items() if not h]
    assert answering.store.generation == other.store.generation
    assert not answering.store.generation.startswith("dirty-")

    # The answering Assistant and a fresh one both find a new paper from each batch.
    fresh = assistant()
    for who in (answering, fresh):
        for name, paper_id in (("Quorvex-A7", ids_a[7]), ("Quorvex-B12", ids_b[12])):
            hits = who.retrieve(f"What does {name} do?", k=3)
            assert hits and hits[0].paper_id == paper_id, (name, [h.paper_id for h in hits])
            reply = who.ask(f"What does {name} do?")
            assert paper_id in {c.paper_id for c in reply.citations}, reply.text
    assert len(fresh.papers()) == len(expected)


def test_assistants_sharing_a_store_refresh_at_once(settings, tmp_path, bundled_corpus):
    """The web app keeps one Assistant per provider on one store: when another process has
    written papers (and not yet saved a lexical index for them), their next questions rebuild
    and save the lexical index at the same moment. None of them may fail."""
    from assistant.indexing import index_papers
    from assistant.service import Assistant
    from assistant.sources import iter_sources
    from vectorstore.chroma_store import ChromaStore

    def assistant() -> Assistant:
        return Assistant(settings, ChromaStore.open(settings), KeywordEmbeddings(),
                         provider="extractive")

    assistant().index([bundled_corpus])
    writer = ChromaStore.open(settings)
    readers = [assistant() for _ in range(4)]
    batch = tmp_path / "batch.jsonl"
    ids = _write_batch(batch, "R")
    runs = _Runs()
    for round_no in range(8):
        # One new paper per round: a new generation, so every reader's retriever is stale.
        one = tmp_path / f"one-{round_no}.jsonl"
        one.write_text(batch.read_text().splitlines()[round_no] + "\n")
        index_papers(iter_sources([one]), writer, KeywordEmbeddings(), settings.chunking)
        name, paper_id = f"Quorvex-R{round_no}", ids[round_no]
        start = threading.Barrier(len(readers))

        def ask(reader: Assistant, name: str = name, paper_id: str = paper_id,
                start: threading.Barrier = start) -> None:
            start.wait()
            hits = reader.retrieve(f"What does {name} do?", k=3)
            assert hits and hits[0].paper_id == paper_id, [h.paper_id for h in hits]

        threads = [runs.thread(partial(ask, reader)) for reader in readers]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert not runs.failures, f"round {round_no}:\n" + "\n".join(runs.failures)
    assert {p.id for p in readers[0].papers()} >= set(ids[:8])
