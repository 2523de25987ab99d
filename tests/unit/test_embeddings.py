"""The local embedder's logic without the model: batching by length, order restored,
padding masked out, sha256 checked once, providers chosen by name.

The real shipped tokenizer runs here (it is small and fast); the ONNX session is replaced
by `FakeSession`, whose token vectors depend only on the token id, so a text's pooled vector
is the same whatever it was batched or padded with.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigError, ProviderError
from assistant.settings import EmbedderSettings
from vectorstore import embeddings as emb
from vectorstore.embeddings import (
    DIM,
    MiniLMEmbeddings,
    length_batches,
    load_tokenizer,
    make_embeddings,
    mean_pool,
    verify_sha256,
)


class FakeSession:
    """Stands in for onnxruntime: each token id maps to a fixed random vector; records feeds."""

    def __init__(self) -> None:
        self.table = np.random.default_rng(0).normal(size=(31000, DIM)).astype(np.float32)
        self.feeds: list[dict[str, np.ndarray]] = []

    def run(self, outputs, feeds):
        assert outputs == ["last_hidden_state"]
        self.feeds.append(feeds)
        hidden = self.table[feeds["input_ids"]]
        hidden[feeds["attention_mask"] == 0] = 100.0  # pad positions must not leak into a mean
        return [hidden]


@pytest.fixture(scope="module")
def tokenizer():
    return load_tokenizer(emb.default_tokenizer_path(), max_length=256)


def faked(tokenizer, batch_size: int = 8) -> tuple[MiniLMEmbeddings, FakeSession]:
    embedder = MiniLMEmbeddings(batch_size=batch_size, model_path=Path("/nonexistent/model.onnx"))
    session = FakeSession()
    embedder._loaded = emb._Loaded(
        tokenizer=tokenizer,
        session=session,
        input_names=frozenset({"input_ids", "attention_mask", "token_type_ids"}),
    )
    return embedder, session


TEXTS = [
    "short",
    "a somewhat longer sentence about retrieval augmented generation",
    "mid length text here",
    "x " * 60,
    "tiny",
    "another sentence of moderate length for the batch",
    "a",
    "graph neural networks for molecules and proteins",
    "one more",
    "the last text, which is also rather long compared with the short ones around it",
]


def test_length_batches_covers_every_index_once_longest_first():
    lengths = [3, 9, 1, 7, 7, 2, 8]
    batches = list(length_batches(lengths, batch_size=3))
    assert [len(b) for b in batches] == [3, 3, 1]
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    flat = [lengths[i] for b in batches for i in b]
    assert flat == sorted(lengths, reverse=True)


def test_length_batches_empty_and_invalid():
    assert list(length_batches([], batch_size=8)) == []
    with pytest.raises(ValueError):
        list(length_batches([1], batch_size=0))


def test_mean_pool_ignores_masked_tokens_and_normalises():
    hidden = np.array([[[3.0, 4.0], [0.0, 0.0], [99.0, 99.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    pooled = mean_pool(hidden, mask)
    np.testing.assert_allclose(pooled, [[0.6, 0.8]], rtol=1e-6)


def test_batched_vectors_equal_one_at_a_time_in_the_callers_order(tokenizer):
    embedder, session = faked(tokenizer, batch_size=3)
    together = embedder.embed(TEXTS)
    alone = np.stack([embedder.embed([t])[0] for t in TEXTS])
    np.testing.assert_allclose(together, alone, atol=1e-5)
    assert together.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, rtol=1e-5)
    assert len({tuple(np.round(row, 4)) for row in together}) == len(TEXTS)


def test_batches_are_small_and_padded_only_to_their_longest(tokenizer):
    embedder, session = faked(tokenizer, batch_size=3)
    embedder.embed(TEXTS)
    batches = session.feeds
    assert [f["input_ids"].shape[0] for f in batches] == [3, 3, 3, 1]
    for feeds in batches:
        mask = feeds["attention_mask"]
        assert mask.sum(axis=1).max() == mask.shape[1]  # no all-pad column
        assert feeds["token_type_ids"].shape == feeds["input_ids"].shape
        assert not feeds["token_type_ids"].any()
    widths = [f["input_ids"].shape[1] for f in batches]
    assert widths == sorted(widths, reverse=True)
    # Sorting by length wastes less padding than batching in the given order would.
    lengths = [len(e.ids) for e in tokenizer.encode_batch(TEXTS)]
    padded_sorted = sum(f["input_ids"].size for f in batches)
    padded_unsorted = sum(max(lengths[i:i + 3]) * len(lengths[i:i + 3]) for i in range(0, 10, 3))
    assert padded_sorted < padded_unsorted


def test_tokenizer_truncates_at_max_length_not_the_files_128(tokenizer):
    long_text = "word " * 400
    assert len(tokenizer.encode(long_text).ids) == 256
    assert len(tokenizer.encode("two words").ids) == 4  # [CLS] two words [SEP], no padding


def test_langchain_interface_returns_float_lists(tokenizer):
    embedder, _ = faked(tokenizer)
    docs = embedder.embed_documents(["alpha", "beta"])
    query = embedder.embed_query("alpha")
    assert len(docs) == 2 and len(docs[0]) == DIM and isinstance(docs[0][0], float)
    np.testing.assert_allclose(query, docs[0], atol=1e-6)


def test_nothing_loads_for_no_texts_or_at_construction():
    embedder = MiniLMEmbeddings(model_path=Path("/nonexistent/model.onnx"))
    assert embedder.embed([]).shape == (0, DIM)
    assert embedder._loaded is None


def test_bad_constructor_values_are_config_errors():
    for kwargs in ({"max_length": 1000}, {"batch_size": 0}, {"threads": -1}):
        with pytest.raises(ConfigError):
            MiniLMEmbeddings(**kwargs)


def test_sha_mismatch_raises_provider_error(tmp_path):
    fake_model = tmp_path / "model.onnx"
    fake_model.write_bytes(b"not a model")
    embedder = MiniLMEmbeddings(model_path=fake_model, cache_dir=tmp_path / "cache")
    with pytest.raises(ProviderError, match="sha256"):
        embedder.embed(["hello"])
    assert not (tmp_path / "cache").exists()  # a failed check is never remembered


def test_missing_model_raises_provider_error(tmp_path):
    with pytest.raises(ProviderError, match="not found"):
        verify_sha256(tmp_path / "absent.onnx", "0" * 64, tmp_path)


def test_sha_is_hashed_once_then_again_when_the_file_changes(tmp_path, monkeypatch):
    model = tmp_path / "model.onnx"
    model.write_bytes(b"weights")
    good = hashlib.sha256(b"weights").hexdigest()
    cache = tmp_path / "cache"
    verify_sha256(model, good, cache)
    assert (cache / "minilm-sha256.json").is_file()

    def no_hashing(*_args):
        raise AssertionError("hashed again although the stamp matched")

    with monkeypatch.context() as patch:
        patch.setattr(emb.hashlib, "sha256", no_hashing)
        verify_sha256(model, good, cache)

    model.write_bytes(b"tampered weights")
    with pytest.raises(ProviderError):
        verify_sha256(model, good, cache)


def test_make_embeddings_minilm_carries_the_settings(tmp_path):
    settings = EmbedderSettings(provider="minilm", max_length=128, batch_size=4, threads=1)
    embedder = make_embeddings(settings, cache_dir=tmp_path)
    assert isinstance(embedder, MiniLMEmbeddings)
    assert (embedder.max_length, embedder.batch_size, embedder.threads) == (128, 4, 1)
    assert embedder.cache_dir == tmp_path
    assert embedder._loaded is None


def test_make_embeddings_openai_compatible(tmp_path):
    settings = EmbedderSettings(provider="openai-compatible", base_url="http://127.0.0.1:9/v1",
                                model="nomic-embed", api_key="local")
    embedder = make_embeddings(settings, cache_dir=tmp_path)
    assert type(embedder).__name__ == "OpenAIEmbeddings"
    assert embedder.model == "nomic-embed"
    assert embedder.check_embedding_ctx_length is False


def test_make_embeddings_unknown_provider_is_a_config_error(tmp_path):
    settings = EmbedderSettings.model_construct(provider="word2vec")
    with pytest.raises(ConfigError, match="word2vec"):
        make_embeddings(settings, cache_dir=tmp_path)
