"""The lexical (BM25) index, kept beside the Chroma store and derived from it.

It is saved with the store generation it was built from; when the two disagree (a crash mid-run,
an index written by another process) the index is rebuilt from the store, never trusted stale.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from assistant.text import TOKENIZER_VERSION, tokenize
from assistant.types import Chunk
from vectorstore.atomic_dir import replacing

_WORD = re.compile(r"[A-Za-z0-9]+")
_MANIFEST = "paperchat.json"


class LexicalIndex:
    """BM25 over chunk texts; row i belongs to chunk_ids[i]."""

    def __init__(self, bm25: object, chunk_ids: list[str], paper_ids: list[str]):
        self._bm25 = bm25
        self.chunk_ids = chunk_ids
        self.paper_ids = paper_ids

    @classmethod
    def build(cls, chunks: Iterable[Chunk]) -> LexicalIndex:
        import bm25s

        chunk_ids: list[str] = []
        paper_ids: list[str] = []
        corpus_tokens: list[list[str]] = []
        for chunk in chunks:
            chunk_ids.append(chunk.id)
            paper_ids.append(chunk.paper_id)
            corpus_tokens.append(tokenize(chunk.text) or ["_empty_"])
        bm25 = bm25s.BM25()
        if corpus_tokens:
            bm25.index(corpus_tokens, show_progress=False)
        return cls(bm25, chunk_ids, paper_ids)

    def __len__(self) -> int:
        return len(self.chunk_ids)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for `query` (zeros when no query word is known)."""
        if not self.chunk_ids:
            return np.zeros(0, dtype=np.float32)
        vocab = self._bm25.vocab_dict  # type: ignore[attr-defined]  # bm25s ships no type hints
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens:
            return np.zeros(len(self.chunk_ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]  # bm25s ships no type hints

    def knows(self, token: str) -> bool:
        """Whether a tokenized word occurs anywhere in the collection."""
        return token in self._bm25.vocab_dict  # type: ignore[attr-defined]  # bm25s ships no type hints

    def _rows_with(self, token: str) -> np.ndarray:
        """Rows (chunks) whose text contains an already-tokenized word."""
        vocab = self._bm25.vocab_dict if self.chunk_ids else {}  # type: ignore[attr-defined]  # bm25s ships no type hints
        column = vocab.get(token)
        if column is None:
            return np.zeros(0, dtype=np.int64)
        matrix = self._bm25.scores  # type: ignore[attr-defined]  # bm25s ships no type hints
        return matrix["indices"][matrix["indptr"][column]:matrix["indptr"][column + 1]]

    def df(self, token: str) -> int:
        """How many chunks contain an already-tokenized word."""
        return len(self._rows_with(token))

    def paper_df(self, token: str) -> int:
        """How many papers (not chunks: a full text has many) contain an already-tokenized word."""
        return len({self.paper_ids[int(row)] for row in self._rows_with(token)})

    def idf(self, token: str) -> float:
        """BM25 idf of an already-tokenized word; unknown words get the idf of a singleton."""
        n = len(self.chunk_ids)
        if n == 0:
            return 0.0
        df = max(1, self.df(token))
        return math.log(1 + (n - df + 0.5) / (df + 0.5))

    def save(self, directory: Path, generation: str) -> None:
        """Write atomically: a half-written index is never left where load() looks."""
        with replacing(directory, "lexical") as tmp:
            if self.chunk_ids:
                self._bm25.save(str(tmp), show_progress=False)  # type: ignore[attr-defined]  # bm25s ships no type hints
            manifest = {"generation": generation, "chunk_ids": self.chunk_ids,
                        "paper_ids": self.paper_ids, "tokenizer": TOKENIZER_VERSION}
            (tmp / _MANIFEST).write_text(json.dumps(manifest))

    @classmethod
    def load(cls, directory: Path) -> tuple[LexicalIndex, str] | None:
        """The saved index and the generation it was built from, or None if absent/unreadable."""
        import bm25s

        try:
            manifest = json.loads((directory / _MANIFEST).read_text())
            bm25 = (
                bm25s.BM25.load(str(directory), show_progress=False)
                if manifest["chunk_ids"]
                else bm25s.BM25()
            )
        except (OSError, ValueError, KeyError):
            return None
        if manifest.get("tokenizer") != TOKENIZER_VERSION:
            return None  # built with other tokens: the words it holds are not the ones asked
        return cls(bm25, manifest["chunk_ids"], manifest["paper_ids"]), str(manifest["generation"])
