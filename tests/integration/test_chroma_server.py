"""Client-server mode against a real Chroma server (`chroma run` from the chromadb package).

The server runs on a free loopback port for this module and is stopped in the fixture's
teardown. The store contract runs against it, and the whole assistant (index, BM25 beside
`settings.home`, hybrid retrieval, answers) must give exactly what the embedded store gives.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings
from store_contract import StoreContract

from assistant.indexing import lexical_dir
from assistant.service import Assistant
from assistant.sources import read_sources
from vectorstore.chroma_store import ChromaStore
from vectorstore.embeddings import MiniLMEmbeddings
from vectorstore.lexical import LexicalIndex

pytestmark = pytest.mark.integration

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0
QUESTIONS = [
    "What does rStar-Math use to train its policy?",
    "How do self-evolving agents keep long-term memory?",
    "Which papers use Monte Carlo tree search?",
    "self-rewarding language models preference data",
    "benchmarks for evaluating agents on mobile phones",
]


def _chroma_binary() -> str | None:
    beside = Path(sys.executable).with_name("chroma")
    return str(beside) if beside.is_file() else shutil.which("chroma")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _heartbeat(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory):
    binary = _chroma_binary()
    if binary is None:
        pytest.skip("the chroma CLI is not installed")
    port = _free_port()
    data = tmp_path_factory.mktemp("chroma-server")
    log_path = data.parent / f"{data.name}.log"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [binary, "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _heartbeat(port):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"chroma server did not start:\n{log_path.read_text()[-2000:]}")
            time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(STOP_TIMEOUT_S)


def _server_settings(settings, port: int, home: Path, prefix: str | None = None):
    store = settings.store.model_copy(update={
        "host": "127.0.0.1", "port": port,
        "collection_prefix": prefix or f"t{uuid.uuid4().hex[:10]}"})
    return settings.model_copy(update={"home": home, "store": store})


class TestServerStore(StoreContract):
    @pytest.fixture
    def open_store(self, settings, chroma_port, tmp_path):
        server = _server_settings(settings, chroma_port, tmp_path / "server-home")
        return lambda: ChromaStore.open(server)


def test_an_unreachable_server_is_a_clear_index_error(settings):
    from assistant.errors import IndexError_

    dead = _server_settings(settings, _free_port(), settings.home)
    with pytest.raises(IndexError_, match="Chroma server at 127.0.0.1"):
        ChromaStore.open(dead)


class CachedEmbeddings(Embeddings):
    """The real MiniLM, each text embedded once, so both stores get bit-identical vectors."""

    def __init__(self, inner: MiniLMEmbeddings):
        self.inner = inner
        self.cache: dict[str, np.ndarray] = {}
        self.calls = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.inner.embed(missing), strict=True))
        return np.stack([self.cache[t] for t in texts])

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()


def _jsonl(path: Path, papers) -> Path:
    rows = [{"id": p.id, "title": p.title, "abstract": p.abstract, "url": p.url,
             "authors": p.authors, "date": p.date} for p in papers]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def _ranking(assistant: Assistant, question: str, mode: str) -> list[tuple[str, float]]:
    return [(h.paper_id, h.score) for h in assistant.retrieve(question, 10, mode=mode)]


def test_server_mode_matches_embedded_mode_exactly(settings, chroma_port, bundled_corpus,
                                                    tmp_path):
    papers = read_sources([bundled_corpus]).papers
    first30 = _jsonl(tmp_path / "first30.jsonl", papers[:30])
    embeddings = CachedEmbeddings(MiniLMEmbeddings(cache_dir=tmp_path / "cache"))
    embedded_settings = settings.model_copy(update={"home": tmp_path / "embedded-home"})
    server_settings = _server_settings(settings, chroma_port, tmp_path / "server-home")
    embedded = Assistant(embedded_settings, ChromaStore.open(embedded_settings), embeddings,
                         provider="extractive")
    served = Assistant(server_settings, ChromaStore.open(server_settings), embeddings,
                       provider="extractive")

    assert embedded.index([first30]).added == 30
    assert served.index([first30]).added == 30
    assert served.store.count_chunks() == embedded.store.count_chunks() == 30
    for question in QUESTIONS:
        for mode in ("hybrid", "dense", "lexical"):
            want, got = _ranking(embedded, question, mode), _ranking(served, question, mode)
            assert [p for p, _ in got] == [p for p, _ in want], (question, mode)
            np.testing.assert_allclose([s for _, s in got], [s for _, s in want], atol=1e-5)
    answer_e, answer_s = embedded.ask(QUESTIONS[0]), served.ask(QUESTIONS[0])
    assert answer_s.text == answer_e.text and answer_s.citations == answer_e.citations
    assert answer_s.citations, "the extractive answer should cite the rStar-Math abstract"

    # The BM25 index lives on local disk beside the home, tagged with the server's generation.
    loaded = LexicalIndex.load(lexical_dir(server_settings.index_dir, served.store.name))
    assert loaded is not None and loaded[1] == served.store.generation
    assert len(loaded[0]) == 30

    # Nothing changed: a second run embeds nothing.
    calls = embeddings.calls
    report = served.index([first30])
    assert (report.unchanged, report.added) == (30, 0) and embeddings.calls == calls

    # Another client with its own home (another machine) adds papers: this one sees them on
    # its next query and rebuilds its local BM25 from the server's contents.
    other_settings = server_settings.model_copy(update={"home": tmp_path / "other-home"})
    other = Assistant(other_settings, ChromaStore.open(other_settings), embeddings,
                      provider="extractive")
    more = _jsonl(tmp_path / "more.jsonl", papers[30:35])
    assert other.index([more]).added == 5
    target = papers[32]
    assert served.retrieve(target.title, 3)[0].paper_id == target.id
    assert len(served.papers()) == 35
    rebuilt = LexicalIndex.load(lexical_dir(server_settings.index_dir, served.store.name))
    assert rebuilt is not None and len(rebuilt[0]) == 35
