"""Cheap stand-in vectors for the 100k retrieval run, built from real MiniLM vectors.

Embedding 100,000 abstracts with MiniLM takes over an hour on two shared cores, and retrieval
latency does not depend on where vectors came from, only on how many there are and how they
spread. So a text the 20k run embedded keeps its real vector, and any other text gets a real
vector picked by the hash of its text plus seeded Gaussian noise, renormalised: the same text
always gets the same vector, and the noise keeps copies of one vector from sitting on a point.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

_PAGE = 2000


class RecycledEmbeddings(Embeddings):
    def __init__(self, known: dict[str, np.ndarray], noise: float, seed: int):
        if not known:
            raise ValueError("no vectors to recycle")
        self._known = known
        self._pool = np.stack(list(known.values())).astype(np.float32)
        self._noise = noise
        self._seed = seed

    @classmethod
    def from_chroma(cls, chroma_dir: Path, collection: str, noise: float, seed: int
                    ) -> RecycledEmbeddings:
        """Every (document, vector) stored in a paperchat collection."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        client = chromadb.PersistentClient(path=str(chroma_dir),
                                           settings=ChromaSettings(anonymized_telemetry=False))
        stored = client.get_collection(collection)
        known: dict[str, np.ndarray] = {}
        offset = 0
        while True:
            page = stored.get(include=["documents", "embeddings"], limit=_PAGE, offset=offset)
            if not page["ids"]:
                break
            vectors = page["embeddings"] if page["embeddings"] is not None else []
            for text, vector in zip(page["documents"] or [], vectors, strict=True):
                known[text] = np.asarray(vector, dtype=np.float32)
            offset += len(page["ids"])
        return cls(known, noise, seed)

    def __len__(self) -> int:
        return len(self._known)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, 384))

    def _vector(self, text: str) -> np.ndarray:
        found = self._known.get(text)
        if found is not None:
            return found
        digest = int.from_bytes(hashlib.sha256(f"{self._seed}:{text}".encode()).digest()[:8], "big")
        rng = np.random.default_rng(digest)
        base = self._pool[digest % len(self._pool)]
        vector = base + rng.normal(0.0, self._noise, base.shape).astype(np.float32)
        return (vector / np.linalg.norm(vector)).astype(np.float32)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text).tolist()
