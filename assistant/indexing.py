"""Incremental, resumable indexing: upsert by content hash, prune on request.

Sources are parsed (and so validated) before anything is written, so a malformed file leaves the
index as it was. Writes go in batches of whole papers; the store can tell a complete paper from a
half-written one, so an interrupted run resumes without re-embedding what was stored.

Facets (`assistant.facets`) are stored with each paper. A new or changed paper gets them when
it is written, from the vocabulary stored with the collection; after the run the vocabulary is
learned again from every stored paper, and only the papers that mention a name whose treatment
changed (or whose facets an older extractor made) are extracted again, in place, without
re-embedding.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.chunking import chunk_paper
from assistant.facets import (
    FACETS_VERSION,
    FacetVocabulary,
    extract_facets,
    mentions_any,
    vocabulary_changes,
)
from assistant.types import Chunk, IndexReport, Paper
from vectorstore.chroma_store import ChromaStore, PaperWrite
from vectorstore.lexical import LexicalIndex
from vectorstore.sentence_vectors import SentenceVectors, SyncReport, sync

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
    vocabulary = stored_vocabulary(store)
    report = IndexReport(papers=0, duplicates=list(duplicates))
    seen: set[str] = set()
    pending: list[Paper] = []
    extracted: set[str] = set()
    writing = False

    def start_writing() -> None:
        nonlocal writing
        if not writing:
            store.begin_write()
            writing = True

    def flush() -> None:
        if not pending:
            return
        start_writing()
        # Without a stored vocabulary (a new collection) facets wait for the one learned
        # after the run, so each paper is read once.
        if vocabulary is not None:
            extracted.update(p.id for p in pending)
        _write_batch(pending, store, embeddings, chunking, vocabulary)
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
            start_writing()
            store.delete_papers(gone)
            report.removed = len(gone)
    extracted |= refresh_facets(store, vocabulary, changed=writing, on_write=start_writing)
    report.facets = len(extracted)
    if writing:
        store.end_write()
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _write_batch(papers: Sequence[Paper], store: ChromaStore, embeddings: Embeddings,
                 chunking: ChunkingSettings, vocabulary: FacetVocabulary | None) -> None:
    chunked: list[list[Chunk]] = [chunk_paper(paper, chunking) for paper in papers]
    vectors = embed_texts(embeddings, [c.text for chunks in chunked for c in chunks])
    items: list[PaperWrite] = []
    row = 0
    for paper, chunks in zip(papers, chunked, strict=True):
        if vocabulary is not None:
            paper = paper.model_copy(update={"facets": extract_facets(paper, vocabulary)})
        items.append(PaperWrite(paper, chunks, vectors[row:row + len(chunks)],
                                FACETS_VERSION if vocabulary is not None else ""))
        row += len(chunks)
    store.write(items)


def stored_vocabulary(store: ChromaStore) -> FacetVocabulary | None:
    raw = store.facet_vocabulary
    return FacetVocabulary.model_validate_json(raw) if raw else None


def refresh_facets(store: ChromaStore, vocabulary: FacetVocabulary | None, *, changed: bool,
                   on_write: Callable[[], None] = lambda: None) -> set[str]:
    """Bring stored facets in line with the collection; returns the ids extracted again.

    The vocabulary is learned again from every stored paper when papers were written or
    removed (or some lack current facets); a paper is extracted again only when it mentions
    a name the new vocabulary treats differently, or its facets are missing or stale.
    `on_write` is called before the first write (the indexer marks the store dirty).
    """
    versions = store.facet_versions()
    stale = {pid for pid, version in versions.items() if version != FACETS_VERSION}
    if not changed and not stale and vocabulary is not None:
        return set()
    papers = store.papers()
    learned = FacetVocabulary.learn(papers)
    keys = vocabulary_changes(vocabulary, learned)
    targets = [p for p in papers if p.id in stale or mentions_any(p, keys)]
    if not targets and learned == vocabulary:
        return set()
    on_write()
    if targets:
        store.write_facets({p.id: extract_facets(p, learned) for p in targets}, FACETS_VERSION)
    if learned != vocabulary:
        store.set_facet_vocabulary(learned.model_dump_json())
    return {p.id for p in targets}


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


def sentences_dir(index_dir: Path, collection_name: str) -> Path:
    return index_dir / "sentences" / collection_name


def sync_sentence_vectors(store: ChromaStore, directory: Path, embeddings: Embeddings,
                          embedder: str) -> SyncReport:
    """Bring the abstracts' sentence vectors beside the index in line with the store: only
    the texts of new or changed papers are embedded. Nothing is read when the store has not
    changed since the last sync."""
    generation = store.generation
    previous = SentenceVectors.load(directory, embedder)
    if previous is not None and previous.generation == generation \
            and not generation.startswith("dirty-"):
        return SyncReport(chunks=len(previous.chunks), embedded=0, removed=0)
    return sync(previous, store.abstract_chunks(), lambda texts: embed_texts(embeddings, texts),
                embedder, directory, generation)
