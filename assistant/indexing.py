"""Incremental, resumable indexing: upsert by content hash, prune on request.

Sources are parsed (and so validated) before anything is written, so a malformed file leaves the
index as it was. Writes go in batches of whole papers; the store can tell a complete paper from a
half-written one, so an interrupted run resumes without re-embedding what was stored.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.chunking import chunk_paper
from assistant.types import Chunk, IndexReport, Paper
from vectorstore.chroma_store import ChromaStore, PaperWrite
from vectorstore.lexical import LexicalIndex

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.settings import ChunkingSettings

Progress = Callable[[int], None]


def embed_texts(embeddings: Embeddings, texts: Sequence[str]) -> np.ndarray:
    """Vectors as a float32 array; uses the embedder's numpy fast path when it has one."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    fast = getattr(embeddings, "embed", None)
    if callable(fast):
        return np.asarray(fast(list(texts)), dtype=np.float32)
    return np.asarray(embeddings.embed_documents(list(texts)), dtype=np.float32)


def index_papers(
    papers: Iterable[Paper],
    store: ChromaStore,
    embeddings: Embeddings,
    chunking: ChunkingSettings,
    *,
    prune: bool = False,
    batch_size: int = 64,
    duplicates: Sequence[str] = (),
    progress: Progress | None = None,
) -> IndexReport:
    """Bring the store in line with `papers`; returns what changed."""
    started = time.perf_counter()
    stored = store.paper_hashes()
    report = IndexReport(papers=0, duplicates=list(duplicates))
    seen: set[str] = set()
    pending: list[Paper] = []
    writing = False

    def flush() -> None:
        nonlocal writing
        if not pending:
            return
        if not writing:
            store.begin_write()
            writing = True
        _write_batch(pending, store, embeddings, chunking)
        if progress:
            progress(len(pending))
        pending.clear()

    for paper in papers:
        if paper.id in seen:
            continue
        seen.add(paper.id)
        report.papers += 1
        previous = stored.get(paper.id)
        if previous == paper.content_hash:
            report.unchanged += 1
            if progress:
                progress(1)
            continue
        if previous is None:
            report.added += 1
        else:
            report.updated += 1
        pending.append(paper)
        if len(pending) >= batch_size:
            flush()
    flush()

    if prune:
        gone = sorted(set(stored) - seen)
        if gone:
            if not writing:
                store.begin_write()
                writing = True
            store.delete_papers(gone)
            report.removed = len(gone)
    if writing:
        store.end_write()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _write_batch(papers: Sequence[Paper], store: ChromaStore, embeddings: Embeddings,
                 chunking: ChunkingSettings) -> None:
    chunked: list[list[Chunk]] = [chunk_paper(paper, chunking) for paper in papers]
    vectors = embed_texts(embeddings, [c.text for chunks in chunked for c in chunks])
    items: list[PaperWrite] = []
    row = 0
    for paper, chunks in zip(papers, chunked, strict=True):
        items.append(PaperWrite(paper, chunks, vectors[row:row + len(chunks)]))
        row += len(chunks)
    store.write(items)


def lexical_dir(index_dir: Path, collection_name: str) -> Path:
    return index_dir / "lexical" / collection_name


def sync_lexical(store: ChromaStore, directory: Path) -> LexicalIndex:
    """The BM25 index for the store's current contents: loaded if current, else rebuilt."""
    generation = store.generation
    loaded = LexicalIndex.load(directory)
    if loaded is not None and loaded[1] == generation and not generation.startswith("dirty-"):
        return loaded[0]
    index = LexicalIndex.build(store.iter_chunks())
    if not generation.startswith("dirty-"):
        index.save(directory, generation)
    return index
