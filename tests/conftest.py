"""Shared fixtures: every path under tmp_path, a fresh store per test, meaningful fakes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).parent))

BUNDLED = (
    Path(__file__).resolve().parents[1] / "assistant" / "data" / "daily_papers_self_evolving.txt"
)
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture
def settings(tmp_path, monkeypatch):
    from assistant.settings import Settings

    monkeypatch.chdir(tmp_path)  # no stray paperchat.toml is read
    for key in list(os.environ):
        if key.startswith("PAPERCHAT_"):
            monkeypatch.delenv(key)
    return Settings(home=tmp_path / "home")


@pytest.fixture
def fake_embeddings():
    from fakes import KeywordEmbeddings

    return KeywordEmbeddings()


@pytest.fixture
def make_assistant(settings, fake_embeddings):
    """An Assistant over a real Chroma store in tmp, with the keyword embedder and a given model."""
    from assistant.service import Assistant
    from vectorstore.chroma_store import ChromaStore

    def make(chat_model=None, provider="extractive", index=True):
        assistant = Assistant(settings, ChromaStore.open(settings), fake_embeddings,
                              chat_model, provider=provider)
        if index:
            assistant.index([BUNDLED])
        return assistant

    return make


@pytest.fixture(scope="session")
def bundled_corpus() -> Path:
    return BUNDLED


@pytest.fixture(scope="module")
def make_shared(tmp_path_factory):
    """Like make_assistant, but the bundled corpus is indexed once per test module.

    For tests that only read (ask, retrieve, understand): indexing 76 papers per test is most
    of the unit suite's time.
    """
    from fakes import KeywordEmbeddings

    from assistant.service import Assistant
    from assistant.settings import Settings
    from vectorstore.chroma_store import ChromaStore

    home = tmp_path_factory.mktemp("module-home")
    settings = Settings(home=home)
    store = ChromaStore.open(settings)
    embeddings = KeywordEmbeddings()
    indexed: list[Assistant] = []

    def make(chat_model=None, provider="extractive"):
        assistant = Assistant(settings, store, embeddings, chat_model, provider=provider)
        if not indexed:
            assistant.index([BUNDLED])
            indexed.append(assistant)
        return assistant

    return make


@pytest.fixture(scope="module")
def indexed_assistant(tmp_path_factory):
    """The real product (Chroma, MiniLM, extractive answers) over the bundled corpus, indexed
    once per test module."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    built = Assistant.from_settings(Settings(home=tmp_path_factory.mktemp("home")),
                                    provider="extractive")
    built.ensure_indexed()
    yield built
    built.close()
