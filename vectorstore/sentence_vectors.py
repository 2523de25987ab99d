"""Sentence vectors of every abstract, made at index time and kept in a file beside the index.

A list question weighs every paper's sentences by meaning. Embedding all of them when the first
such question comes is the slow part of that answer, so the indexer embeds each abstract's
title and sentences once, and answers read the vectors from here.

Layout of the directory (one per collection, so per embedder and chunking):

    manifest.json   format, the embedder fingerprint, the store generation it matches, and for
                    each abstract chunk the hash of its texts and its rows
    vectors.npy     float32, one row per text (memory-mapped when read)
    keys.npy        uint64, a hash of each row's text

Rows are found by their text's hash, so a vector is only ever read for the very text it was
made from. An update keeps the rows of chunks whose texts did not change and embeds only the
texts it has no row for. A manifest written by another embedder (or format) is never read.
The directory is replaced whole (write beside, then rename), so a reader never sees half of it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.types import Chunk
from vectorstore.atomic_dir import replacing

FORMAT = 1
_MANIFEST = "manifest.json"
_VECTORS = "vectors.npy"
_KEYS = "keys.npy"

Embed = Callable[[Sequence[str]], np.ndarray]


def text_key(text: str) -> int:
    """A 64-bit hash of a text: the key its vector is found by."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def chunk_texts(chunk: Chunk) -> list[str]:
    """What is embedded for an abstract chunk: its title, then each sentence."""
    return [chunk.title, *(s.text for s in chunk.sentences)]


def texts_hash(texts: Sequence[str]) -> str:
    return hashlib.sha256(json.dumps(list(texts)).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class SyncReport:
    chunks: int  # abstract chunks covered
    embedded: int  # texts embedded in this sync (the rest were kept)
    removed: int  # chunks whose rows were dropped (the paper was removed or changed)


class SentenceVectors:
    """Stored vectors of abstract sentences, looked up by text."""

    def __init__(self, embedder: str, keys: np.ndarray, vectors: np.ndarray,
                 chunks: dict[str, tuple[str, int, int]], generation: str = ""):
        self.embedder = embedder
        self.generation = generation
        self._keys = keys
        self._vectors = vectors
        self._chunks = chunks  # chunk id -> (hash of its texts, first row, rows)
        self._order = np.argsort(keys, kind="stable")
        self._sorted = keys[self._order]

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def chunks(self) -> dict[str, tuple[str, int, int]]:
        return dict(self._chunks)

    @classmethod
    def empty(cls, embedder: str) -> SentenceVectors:
        return cls(embedder, np.zeros(0, dtype=np.uint64), np.zeros((0, 0), dtype=np.float32),
                   {})

    def lookup(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        """The stored vector of each text, None for a text without one."""
        if not len(self._keys) or not texts:
            return [None] * len(texts)
        wanted = np.array([text_key(t) for t in texts], dtype=np.uint64)
        at = np.searchsorted(self._sorted, wanted)
        at = np.minimum(at, len(self._sorted) - 1)
        found = self._sorted[at] == wanted
        rows = self._order[at]
        return [np.asarray(self._vectors[row], dtype=np.float32) if hit else None
                for row, hit in zip(rows.tolist(), found.tolist(), strict=True)]

    # --- files ---------------------------------------------------------------------------

    @classmethod
    def load(cls, directory: Path, embedder: str) -> SentenceVectors | None:
        """The stored vectors, or None when absent, unreadable, or made by another embedder."""
        try:
            manifest = json.loads((directory / _MANIFEST).read_text(encoding="utf-8"))
            if manifest.get("format") != FORMAT or manifest.get("embedder") != embedder:
                return None
            keys = np.load(directory / _KEYS)
            vectors = np.load(directory / _VECTORS, mmap_mode="r") if len(keys) \
                else np.zeros((0, 0), dtype=np.float32)
            chunks = {cid: (str(h), int(start), int(n))
                      for cid, (h, start, n) in manifest["chunks"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if len(keys) != len(vectors):
            return None
        return cls(embedder, keys, vectors, chunks, str(manifest.get("generation", "")))

    def save(self, directory: Path) -> None:
        """Write atomically: the old directory stays readable until the new one replaces it."""
        width = self._vectors.shape[1] if len(self._keys) else 0
        _write(directory, self.embedder, self.generation, self._chunks, self._keys, width,
               lambda out: out.__setitem__(slice(None), self._vectors))


def sync(previous: SentenceVectors | None, chunks: Iterable[Chunk], embed: Embed,
         embedder: str, directory: Path, generation: str = "",
         batch: int = 256) -> SyncReport:
    """Bring the stored vectors in line with `chunks` (every abstract chunk of the collection)
    and save them: rows of unchanged chunks are kept, texts stored before are reused (a changed
    abstract keeps most of its sentences), only new texts are embedded, and chunks no longer
    given are dropped."""
    old = previous if previous is not None and previous.embedder == embedder \
        else SentenceVectors.empty(embedder)
    stored = old.chunks
    layout: dict[str, tuple[str, int, int]] = {}
    keys: list[int] = []
    copies: list[tuple[int, int, int]] = []  # (new first row, old first row, rows)
    reused: list[tuple[int, np.ndarray]] = []  # (row, vector) of texts stored elsewhere
    missing: dict[int, tuple[str, list[int]]] = {}  # text key -> (text, rows wanting it)
    for chunk in chunks:
        texts = chunk_texts(chunk)
        digest = texts_hash(texts)
        first = len(keys)
        layout[chunk.id] = (digest, first, len(texts))
        keys.extend(text_key(t) for t in texts)
        was = stored.get(chunk.id)
        if was is not None and was[0] == digest:
            copies.append((first, was[1], len(texts)))
            continue
        for offset, (text, vector) in enumerate(zip(texts, old.lookup(texts), strict=True)):
            if vector is not None:
                reused.append((first + offset, vector))
            else:
                missing.setdefault(text_key(text), (text, []))[1].append(first + offset)
    removed = sum(1 for cid, (digest, _, _) in stored.items()
                  if layout.get(cid, ("",))[0] != digest)
    pending = list(missing.values())
    batches = [pending[i:i + batch] for i in range(0, len(pending), batch)]
    first_batch = np.asarray(embed([t for t, _ in batches[0]]), dtype=np.float32) \
        if batches else None
    width = first_batch.shape[1] if first_batch is not None else \
        (old._vectors.shape[1] if len(old) else 0)

    def fill(out: np.ndarray) -> None:
        for new_first, old_first, n in copies:
            out[new_first:new_first + n] = old._vectors[old_first:old_first + n]
        for row, vector in reused:
            out[row] = vector
        for number, part in enumerate(batches):
            vectors = first_batch if number == 0 and first_batch is not None else \
                np.asarray(embed([t for t, _ in part]), dtype=np.float32)
            for (_, rows), vector in zip(part, vectors, strict=True):
                out[rows] = vector

    _write(directory, embedder, generation, layout, np.array(keys, dtype=np.uint64), width,
           fill)
    return SyncReport(chunks=len(layout), embedded=len(pending), removed=removed)


def _write(directory: Path, embedder: str, generation: str,
           chunks: dict[str, tuple[str, int, int]], keys: np.ndarray, width: int,
           fill: Callable[[np.ndarray], None]) -> None:
    with replacing(directory, "sentences") as tmp:
        np.save(tmp / _KEYS, keys)
        if len(keys):
            # Written in place on disk: a large collection's vectors never sit in memory twice.
            out = np.lib.format.open_memmap(tmp / _VECTORS, mode="w+", dtype=np.float32,
                                            shape=(len(keys), width))
            fill(out)
            out.flush()
            del out
        else:
            np.save(tmp / _VECTORS, np.zeros((0, 0), dtype=np.float32))
        manifest = {"format": FORMAT, "embedder": embedder, "generation": generation,
                    "chunks": {cid: list(v) for cid, v in chunks.items()}}
        (tmp / _MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
