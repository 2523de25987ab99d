"""One measurement per process: `python -m eval.bench.worker '{"task": ..., ...}'`.

Prints `PROGRESS n` after each indexed batch and a final `RESULT {json}` line; the parent
(`measure.run_worker`) reads those and the process's own rusage. Timings here are wall-clock
`perf_counter` around exactly the step named.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from eval.bench.measure import disk_bytes

DENSE_COLLECTION = "dense"


class TimedEmbeddings(Embeddings):
    """Counts texts and seconds spent embedding, so index time can be split."""

    def __init__(self, inner: Embeddings):
        self.inner = inner
        self.seconds = 0.0
        self.texts = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        started = time.perf_counter()
        fast = getattr(self.inner, "embed", None)
        vectors = (np.asarray(fast(list(texts)), dtype=np.float32) if callable(fast)
                   else np.asarray(self.inner.embed_documents(list(texts)), dtype=np.float32))
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        return vectors

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(text)


def _settings(home: str, batch_size: int = 64, provider: str = "extractive") -> Any:
    from assistant.settings import Settings

    return Settings(home=Path(home), llm={"provider": provider},  # type: ignore[arg-type]  # pydantic validates the nested dict
                    store={"batch_size": batch_size})  # type: ignore[arg-type]  # pydantic validates the nested dict


def _progress(count: int) -> None:
    print(f"PROGRESS {count}", flush=True)


def _doc_text(title: str, abstract: str) -> str:
    """What paperchat embeds for an abstract (its chunk 0), so every system sees the same text."""
    return f"{title}\n\n{abstract}" if title.strip() else abstract


def _papers(source: str) -> Iterator[tuple[str, str]]:
    from assistant.sources import iter_sources

    for paper in iter_sources([Path(source)]):
        yield paper.id, _doc_text(paper.title, paper.abstract)


def _chroma(path: Path) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=str(path),
                                     settings=ChromaSettings(anonymized_telemetry=False))


def _minilm(cache: Path) -> Embeddings:
    from assistant.settings import EmbedderSettings
    from vectorstore.embeddings import make_embeddings

    return make_embeddings(EmbedderSettings.model_validate({}), cache_dir=cache)


def _timed_queries(search: Callable[[str], list[str]], queries: Sequence[str],
                   warmup: Sequence[str]) -> dict[str, Any]:
    for query in warmup:
        search(query)
    seconds, cpu, ranked = [], [], {}
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        ranked[query] = search(query)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    # CPU time (all threads of this process) shows the work itself when other jobs share the cores.
    return {"seconds": seconds, "cpu_seconds": cpu, "ranked": ranked}


# --- paperchat ---------------------------------------------------------------------------


def paperchat_index(home: str, source: str, batch_size: int = 64,
                    recycle: dict[str, Any] | None = None) -> dict[str, Any]:
    """`Assistant.index`: validating pass, chunk + embed + upsert by batch, BM25 build."""
    from assistant.service import Assistant

    settings = _settings(home, batch_size)
    if recycle is None:
        inner = settings.make_embeddings()
    else:
        from eval.bench.recycled import RecycledEmbeddings

        pool = _settings(recycle["pool_home"])
        inner = RecycledEmbeddings.from_chroma(pool.index_dir / "chroma", pool.collection_name(),
                                               recycle["noise"], recycle["seed"])
    embeddings = TimedEmbeddings(inner)
    assistant = Assistant.from_settings(settings, provider="extractive", embeddings=embeddings)
    store = assistant.store
    started = time.perf_counter()
    report = assistant.index([Path(source)], progress=_progress)
    total = time.perf_counter() - started
    return {
        "papers": report.papers, "added": report.added, "updated": report.updated,
        "unchanged": report.unchanged, "chunks": store.count_chunks(),
        "seconds": total, "store_phase_seconds": report.seconds,
        "embed_seconds": embeddings.seconds, "embedded_texts": embeddings.texts,
        "disk_bytes": disk_bytes(settings.index_dir),
        "disk_lexical_bytes": disk_bytes(settings.index_dir / "lexical"),
    }


def paperchat_query(home: str, queries: list[str], warmup: list[str], k: int = 10,
                    answer_questions: Sequence[str] = ()) -> dict[str, Any]:
    """Hybrid retrieval latency (query embedding, BM25, Chroma, fusion), then extractive answers."""
    from assistant.service import Assistant

    assistant = Assistant.from_settings(_settings(home), provider="extractive")
    started = time.perf_counter()
    assistant.embeddings.embed_query("warm up the embedder")
    model_load = time.perf_counter() - started
    started = time.perf_counter()
    assistant.retrieve(warmup[0], k)
    first_query = time.perf_counter() - started
    measured = _timed_queries(lambda q: [h.paper_id for h in assistant.retrieve(q, k)],
                              queries, warmup[1:])
    return {"embedder_load_seconds": model_load, "first_query_seconds": first_query,
            **measured, "answers": _answer_latency(assistant, answer_questions)}


def _answer_latency(assistant: Any, questions: Sequence[str]) -> list[dict[str, Any]]:
    from eval.answer_latency import time_stream

    timed = (time_stream(assistant, question) for question in questions)
    return [{"question": t["question"], "first_token_seconds": t["first_token_s"],
             "total_seconds": t["total_s"], "abstained": t["abstained"],
             "completion_tokens": t["completion_tokens"]} for t in timed]


def paperchat_answer(home: str, provider: str, questions: list[str]) -> dict[str, Any]:
    """Answer latency with a model provider; the first question also starts its server."""
    from assistant.errors import PaperchatError
    from assistant.service import Assistant

    assistant = Assistant.from_settings(_settings(home, provider=provider), provider=provider)
    try:
        started = time.perf_counter()
        warm = _answer_latency(assistant, questions[:1])
        startup = time.perf_counter() - started
        return {"startup_seconds": startup, "startup_answer": warm,
                "answers": _answer_latency(assistant, questions[1:])}
    except PaperchatError as exc:
        return {"skipped": f"{type(exc).__name__}: {exc}"}
    finally:
        assistant.close()


# --- baseline (a): plain BM25 ------------------------------------------------------------


def bm25_index(source: str, directory: str) -> dict[str, Any]:
    """bm25s as its README shows it: tokenize (English stopwords, Snowball stemmer), index, save."""
    import bm25s
    import Stemmer

    started = time.perf_counter()
    ids, texts = zip(*_papers(source), strict=True)
    tokens = bm25s.tokenize(list(texts), stopwords="en", stemmer=Stemmer.Stemmer("english"),
                            show_progress=False)
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    retriever.save(directory)
    (Path(directory) / "ids.json").write_text(json.dumps(list(ids)))
    return {"papers": len(ids), "seconds": time.perf_counter() - started,
            "disk_bytes": disk_bytes(Path(directory))}


def bm25_query(directory: str, queries: list[str], warmup: list[str], k: int = 10
               ) -> dict[str, Any]:
    import bm25s
    import Stemmer

    started = time.perf_counter()
    retriever = bm25s.BM25.load(directory)
    ids = json.loads((Path(directory) / "ids.json").read_text())
    load = time.perf_counter() - started
    stemmer = Stemmer.Stemmer("english")

    def search(query: str) -> list[str]:
        tokens = bm25s.tokenize([query], stopwords="en", stemmer=stemmer, show_progress=False,
                                return_ids=False)
        known = [[t for t in tokens[0] if t in retriever.vocab_dict]]
        if not known[0]:
            return []
        rows, _ = retriever.retrieve(known, k=min(k, len(ids)), show_progress=False)
        return [ids[int(i)] for i in rows[0]]

    return {"load_seconds": load, **_timed_queries(search, queries, warmup)}


# --- baseline (b): dense-only Chroma, the LangChain + Chroma recipe ----------------------


def dense_index(source: str, directory: str, cache: str, reuse_home: str | None = None,
                embed_seconds: float | None = None) -> dict[str, Any]:
    """What `Chroma.from_texts(texts, embeddings)` does: embed every text, then upsert in
    batches of the client's max batch size (documents and a title as metadata).

    With `reuse_home`, the vectors are read from the paperchat store of the same run (same
    texts, same embedder) and `embed_seconds` is the time paperchat spent embedding them;
    only the Chroma writes are timed here.
    """
    embedder = _minilm(Path(cache))
    embedder.embed_query("load the model, as the recipe's process would")
    started = time.perf_counter()
    ids, texts = (list(column) for column in zip(*_papers(source), strict=True))
    read = time.perf_counter() - started
    if reuse_home is None:
        started = time.perf_counter()
        vectors = embedder.embed_documents(texts)
        embed_seconds = time.perf_counter() - started
    else:
        vectors = _vectors_from_paperchat(reuse_home, ids)
    client = _chroma(Path(directory))
    collection = client.get_or_create_collection(
        DENSE_COLLECTION, embedding_function=None, configuration={"hnsw": {"space": "cosine"}})
    started = time.perf_counter()
    step = client.get_max_batch_size()
    for start in range(0, len(ids), step):
        end = start + step
        collection.upsert(ids=ids[start:end], embeddings=vectors[start:end],
                          documents=texts[start:end],
                          metadatas=[{"title": t.split("\n\n", 1)[0]} for t in texts[start:end]])
    add = time.perf_counter() - started
    return {"papers": len(ids), "seconds": read + float(embed_seconds or 0.0) + add,
            "read_seconds": read, "embed_seconds": embed_seconds, "add_seconds": add,
            "vectors": "reused from paperchat" if reuse_home else "embedded here",
            "disk_bytes": disk_bytes(Path(directory))}


def _vectors_from_paperchat(home: str, ids: list[str]) -> list[list[float]]:
    settings = _settings(home)
    stored = _chroma(settings.index_dir / "chroma").get_collection(settings.collection_name())
    found: dict[str, list[float]] = {}
    for start in range(0, len(ids), 1000):
        wanted = [f"{paper_id}#0" for paper_id in ids[start:start + 1000]]
        page = stored.get(ids=wanted, include=["embeddings"])
        for chunk_id, vector in zip(page["ids"], page["embeddings"], strict=True):
            found[chunk_id.rsplit("#", 1)[0]] = np.asarray(vector, dtype=np.float32).tolist()
    return [found[paper_id] for paper_id in ids]


def dense_query(directory: str, cache: str, queries: list[str], warmup: list[str], k: int = 10
                ) -> dict[str, Any]:
    """`similarity_search(query, k)`: embed the query, ask Chroma for the k nearest."""
    embedder = _minilm(Path(cache))
    collection = _chroma(Path(directory)).get_collection(DENSE_COLLECTION)

    def search(query: str) -> list[str]:
        vector = embedder.embed_query(query)
        result = collection.query(query_embeddings=[vector], n_results=k,
                                  include=["documents", "metadatas", "distances"])
        return list(result["ids"][0])

    return _timed_queries(search, queries, warmup)


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "paperchat_index": paperchat_index,
    "paperchat_query": paperchat_query,
    "paperchat_answer": paperchat_answer,
    "bm25_index": bm25_index,
    "bm25_query": bm25_query,
    "dense_index": dense_index,
    "dense_query": dense_query,
}


def main(argv: Sequence[str]) -> int:
    task = json.loads(argv[1])
    result = TASKS[task.pop("task")](**task)
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
