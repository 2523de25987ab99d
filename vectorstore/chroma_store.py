"""The Chroma layer: one collection per index fingerprint, chunks upserted with our own vectors.

Each chunk record carries its paper's hash and chunk count, and chunk 0 carries the whole Paper
as JSON, so the store alone can say which papers are complete and current. That is what makes
indexing incremental and lets an interrupted run resume: a paper whose records disagree is
simply indexed again.

Chunk 0 also carries the paper's facets (JSON, with the extractor version that made them) and
their names as array fields (`facet_benchmarks`, `facet_models`, `facet_methods`, lower-cased,
for `where={"facet_models": {"$contains": ...}}`). Facets are derived from the paper and the
collection, so they are rewritten in place (`write_facets`) without re-embedding; the
vocabulary they were extracted with lives in the collection's metadata.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import IndexError_
from assistant.types import Chunk, Facets, Paper, Sentence

if TYPE_CHECKING:
    from assistant.settings import Settings, StoreSettings

GENERATION_KEY = "paperchat:generation"
VOCABULARY_KEY = "paperchat:facet_vocabulary"
_FACET_ARRAYS = ("benchmarks", "models", "methods")
_PAGE = 2000


@dataclass(frozen=True)
class PaperWrite:
    """One paper ready to store: its chunks and their vectors (rows aligned with chunks), and
    the version of the extractor that made `paper.facets`."""

    paper: Paper
    chunks: Sequence[Chunk]
    vectors: np.ndarray
    facets_version: str = ""


def make_client(store: StoreSettings, path: str) -> Any:
    """Embedded PersistentClient by default; HttpClient when a host is configured."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if store.host:
        headers = dict(store.headers)
        if store.token is not None:
            headers["Authorization"] = f"Bearer {store.token.get_secret_value()}"
        return chromadb.HttpClient(
            host=store.host, port=store.port, ssl=store.ssl, headers=headers,
            settings=chroma_settings,
        )
    return chromadb.PersistentClient(path=path, settings=chroma_settings)


class ChromaStore:
    """Papers and their chunks in one Chroma collection."""

    def __init__(self, client: Any, collection_name: str, fingerprint: str):
        self._client = client
        self.name = collection_name
        self._collection = client.get_or_create_collection(
            collection_name,
            embedding_function=None,  # we pass vectors; Chroma's default would download a model
            configuration={"hnsw": {"space": "cosine"}},
            metadata={"paperchat:fingerprint": fingerprint, GENERATION_KEY: "empty"},
        )

    @classmethod
    def open(cls, settings: Settings) -> ChromaStore:
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        try:
            client = make_client(settings.store, str(settings.index_dir / "chroma"))
        except Exception as exc:  # chromadb raises bare ValueError/ConnectionError here
            where = (f"the Chroma server at {settings.store.host}:{settings.store.port}"
                     if settings.store.host else f"the index at {settings.index_dir}")
            raise IndexError_(f"cannot open {where}: {exc}") from exc
        return cls(client, settings.collection_name(), settings.index_fingerprint())

    # --- state ---------------------------------------------------------------------------

    @property
    def generation(self) -> str:
        """Changes whenever the contents change; derived indexes compare against it.

        Read fresh each time: another process (or another store object) may have written.
        """
        metadata = self._client.get_collection(self.name).metadata or {}
        return str(metadata.get(GENERATION_KEY, "empty"))

    def _set_generation(self, value: str) -> None:
        metadata = dict(self._client.get_collection(self.name).metadata or {})
        metadata[GENERATION_KEY] = value
        self._collection.modify(metadata=metadata)

    def begin_write(self) -> None:
        """Mark the store dirty before writing, so a crash mid-run forces derived rebuilds."""
        self._set_generation("dirty-" + uuid.uuid4().hex)

    def end_write(self) -> None:
        self._set_generation(uuid.uuid4().hex)

    def count_chunks(self) -> int:
        return int(self._collection.count())

    def _iter_metadatas(self, include_documents: bool = False) -> Iterator[tuple[str, dict, str]]:
        include = ["metadatas", "documents"] if include_documents else ["metadatas"]
        offset = 0
        while True:
            page = self._collection.get(include=include, limit=_PAGE, offset=offset)
            ids = page["ids"]
            if not ids:
                return
            documents = page.get("documents") or [""] * len(ids)
            yield from zip(ids, page["metadatas"], documents, strict=True)
            offset += len(ids)

    def paper_hashes(self) -> dict[str, str]:
        """paper_id -> content hash for papers stored completely and consistently.

        A paper whose chunks carry different hashes or whose chunk count is short (an
        interrupted update) is reported with hash "" so the indexer writes it again.
        """
        seen: dict[str, set[str]] = {}
        counts: dict[str, int] = {}
        expected: dict[str, int] = {}
        for _, meta, _ in self._iter_metadatas():
            paper_id = str(meta["paper_id"])
            seen.setdefault(paper_id, set()).add(str(meta["paper_hash"]))
            counts[paper_id] = counts.get(paper_id, 0) + 1
            expected[paper_id] = int(meta["n_chunks"])
        result: dict[str, str] = {}
        for paper_id, hashes in seen.items():
            consistent = len(hashes) == 1 and counts[paper_id] == expected[paper_id]
            result[paper_id] = next(iter(hashes)) if consistent else ""
        return result

    # --- writes --------------------------------------------------------------------------

    def write(self, items: Sequence[PaperWrite]) -> None:
        """Upsert whole papers in one call, then drop chunks an update made stale."""
        if not items:
            return
        ids: list[str] = []
        vectors: list[np.ndarray] = []
        documents: list[str] = []
        metadatas: list[dict[str, Any]] = []
        for item in items:
            if len(item.chunks) != len(item.vectors):
                raise IndexError_(
                    f"{item.paper.id}: {len(item.chunks)} chunks, {len(item.vectors)} vectors"
                )
            for chunk, vector in zip(item.chunks, item.vectors, strict=True):
                ids.append(chunk.id)
                vectors.append(vector)
                documents.append(chunk.text)
                metadatas.append(chunk_metadata(item.paper, chunk, len(item.chunks),
                                                item.facets_version))
        self._collection.upsert(
            ids=ids, embeddings=np.asarray(vectors, dtype=np.float32), documents=documents,
            metadatas=metadatas,
        )
        # An updated paper may now have fewer chunks; one delete per distinct chunk count (not
        # per paper) keeps a batch of 64 new papers at one or two calls.
        by_count: dict[int, list[str]] = {}
        for item in items:
            by_count.setdefault(len(item.chunks), []).append(item.paper.id)
        for count, paper_ids in sorted(by_count.items()):
            self._collection.delete(
                where={"$and": [{"paper_id": {"$in": paper_ids}}, {"ordinal": {"$gte": count}}]}
            )

    def delete_papers(self, paper_ids: Sequence[str]) -> None:
        for start in range(0, len(paper_ids), 500):
            batch = list(paper_ids[start:start + 500])
            self._collection.delete(where={"paper_id": {"$in": batch}})

    def write_facets(self, facets: dict[str, Facets], version: str) -> None:
        """Replace stored papers' facets in place (chunk 0's metadata; vectors untouched).
        Ids the store does not have are ignored."""
        stored = set(self.facet_versions())
        ids = [paper_id for paper_id in facets if paper_id in stored]
        for start in range(0, len(ids), 500):
            batch = ids[start:start + 500]
            # Chroma merges metadata on update: a name list that became empty is set to None,
            # which removes it.
            cleared: dict[str, Any] = {f"facet_{kind}": None for kind in _FACET_ARRAYS}
            self._collection.update(
                ids=[f"{paper_id}#0" for paper_id in batch],
                metadatas=[{**cleared, **_facet_metadata(facets[pid], version)}
                           for pid in batch])

    def facet_versions(self) -> dict[str, str]:
        """paper_id -> the extractor version of its stored facets ("" when it has none)."""
        versions: dict[str, str] = {}
        offset = 0
        while True:
            page = self._collection.get(where={"ordinal": 0}, include=["metadatas"],
                                        limit=_PAGE, offset=offset)
            if not page["ids"]:
                return versions
            for meta in page["metadatas"]:
                versions[str(meta["paper_id"])] = str(meta.get("facets_version", ""))
            offset += len(page["ids"])

    @property
    def facet_vocabulary(self) -> str | None:
        """The JSON of the vocabulary the stored facets were extracted with, if any."""
        metadata = self._client.get_collection(self.name).metadata or {}
        value = metadata.get(VOCABULARY_KEY)
        return str(value) if value else None

    def set_facet_vocabulary(self, value: str) -> None:
        metadata = dict(self._client.get_collection(self.name).metadata or {})
        metadata[VOCABULARY_KEY] = value
        self._collection.modify(metadata=metadata)

    # --- reads ---------------------------------------------------------------------------

    def query(self, vector: np.ndarray, n: int, paper_ids: Sequence[str] | None = None
              ) -> list[tuple[Chunk, float]]:
        """Nearest chunks with cosine similarity (1 - distance), best first."""
        total = self.count_chunks()
        if total == 0:
            return []
        where = {"paper_id": {"$in": list(paper_ids)}} if paper_ids is not None else None
        if paper_ids is not None and not paper_ids:
            return []
        result = self._collection.query(
            query_embeddings=np.asarray([vector], dtype=np.float32), n_results=min(n, total),
            where=where, include=["metadatas", "documents", "distances"],
        )
        return [
            (chunk_from_record(chunk_id, meta, doc), 1.0 - float(distance))
            for chunk_id, meta, doc, distance in zip(
                result["ids"][0], result["metadatas"][0], result["documents"][0],
                result["distances"][0], strict=True,
            )
        ]

    def iter_chunks(self) -> Iterator[Chunk]:
        for chunk_id, meta, doc in self._iter_metadatas(include_documents=True):
            yield chunk_from_record(chunk_id, meta, doc)

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        if not chunk_ids:
            return []
        page = self._collection.get(ids=list(chunk_ids), include=["metadatas", "documents"])
        by_id = {
            chunk_id: chunk_from_record(chunk_id, meta, doc)
            for chunk_id, meta, doc in zip(page["ids"], page["metadatas"], page["documents"],
                                           strict=True)
        }
        return [by_id[c] for c in chunk_ids if c in by_id]

    def chunks_of(self, paper_id: str) -> list[Chunk]:
        page = self._collection.get(
            where={"paper_id": paper_id}, include=["metadatas", "documents"]
        )
        chunks = [chunk_from_record(cid, meta, doc) for cid, meta, doc in
                  zip(page["ids"], page["metadatas"], page["documents"], strict=True)]
        return sorted(chunks, key=lambda c: c.ordinal)

    def abstract_chunks(self) -> Iterator[Chunk]:
        """Every paper's first chunk (its abstract with its title), page by page."""
        offset = 0
        while True:
            page = self._collection.get(where={"ordinal": 0}, include=["metadatas", "documents"],
                                        limit=_PAGE, offset=offset)
            if not page["ids"]:
                return
            for chunk_id, meta, doc in zip(page["ids"], page["metadatas"], page["documents"],
                                           strict=True):
                yield chunk_from_record(chunk_id, meta, doc)
            offset += len(page["ids"])

    def papers(self) -> list[Paper]:
        """Every stored paper (from chunk 0 of each), in title order."""
        papers: list[Paper] = []
        offset = 0
        while True:
            page = self._collection.get(where={"ordinal": 0}, include=["metadatas"],
                                        limit=_PAGE, offset=offset)
            if not page["ids"]:
                break
            papers.extend(_paper_from_record(m) for m in page["metadatas"])
            offset += len(page["ids"])
        return sorted(papers, key=lambda p: p.title.lower())


def _facet_metadata(facets: Facets, version: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"facets": facets.model_dump_json(), "facets_version": version}
    for kind in _FACET_ARRAYS:
        names = sorted({name.lower() for name in getattr(facets, kind)})
        if names:  # Chroma refuses an empty array
            meta[f"facet_{kind}"] = names
    return meta


def _paper_from_record(meta: dict[str, Any]) -> Paper:
    paper = Paper.model_validate_json(meta["paper"])
    if meta.get("facets"):
        paper = paper.model_copy(update={"facets": Facets.model_validate_json(meta["facets"])})
    return paper


def chunk_metadata(paper: Paper, chunk: Chunk, n_chunks: int, facets_version: str = ""
                   ) -> dict[str, Any]:
    """What the store keeps beside a chunk's text (Chroma metadata: flat, scalar values)."""
    meta: dict[str, Any] = {
        "paper_id": paper.id,
        "ordinal": chunk.ordinal,
        "n_chunks": n_chunks,
        "title": chunk.title,
        "paper_hash": paper.content_hash,
        "token_count": chunk.token_count,
        "sentences": json.dumps([[s.start, s.end] for s in chunk.sentences]),
        "source": paper.source,
        "year": paper.year or 0,
    }
    if chunk.ordinal == 0:
        # Facets are kept beside the paper, not in it, so a reader that predates them still
        # reads the record.
        meta["paper"] = paper.model_dump_json(exclude={"content_hash", "facets"})
        if paper.facets is not None:
            meta.update(_facet_metadata(paper.facets, facets_version))
    # Full-text PDFs only: every other chunk's record stays exactly as it was.
    if chunk.section is not None:
        meta["section"] = chunk.section
    if any(s.page is not None for s in chunk.sentences):
        meta["pages"] = json.dumps([s.page for s in chunk.sentences])
    return meta


def chunk_from_record(chunk_id: str, meta: dict[str, Any], text: str) -> Chunk:
    """The Chunk that `chunk_metadata` and the text were written from."""
    spans = json.loads(meta["sentences"])
    pages = json.loads(meta["pages"]) if "pages" in meta else [None] * len(spans)
    section = meta.get("section")
    return Chunk(
        id=chunk_id,
        paper_id=str(meta["paper_id"]),
        ordinal=int(meta["ordinal"]),
        title=str(meta["title"]),
        text=text,
        sentences=[
            Sentence(index=i, start=s, end=e, text=text[s:e], page=page)
            for i, ((s, e), page) in enumerate(zip(spans, pages, strict=True))
        ],
        token_count=int(meta["token_count"]),
        paper_hash=str(meta["paper_hash"]),
        section=str(section) if section is not None else None,
    )
