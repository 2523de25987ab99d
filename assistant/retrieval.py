"""Hybrid retrieval: BM25 and dense search fused, grouped by paper, names boosted.

Dense search misses names and numbers; BM25 misses paraphrase. Scores from each are min-max
normalised over their own candidates and mixed with a weight tuned on SciFact train (or fused
by reciprocal rank). Results are per paper: its best chunk, with the sentences in that chunk that
best match the question marked for citation.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol

import numpy as np

from assistant.errors import QuestionError
from assistant.names import NameIndex
from assistant.text import compound_parts, tokenize
from assistant.types import Chunk, Hit, Paper
from vectorstore.lexical import LexicalIndex

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.settings import RetrievalSettings
    from vectorstore.sentence_vectors import SentenceVectors

Mode = Literal["hybrid", "lexical", "dense"]
_RRF_K = 60


class Store(Protocol):
    """What search reads from a chunk store (the Chroma store is one; a test may pass its
    own). Writing and bookkeeping stay with the indexer."""

    def query(self, vector: np.ndarray, n: int, paper_ids: Sequence[str] | None = None
              ) -> list[tuple[Chunk, float]]:
        """The n nearest chunks (of `paper_ids` only, when given) with cosine similarity."""
        ...

    def get_chunks(self, chunk_ids: Sequence[str]) -> list[Chunk]:
        """The chunks with these ids that exist, in the order asked."""
        ...

    def chunks_of(self, paper_id: str) -> list[Chunk]:
        """Every chunk of a paper, in order."""
        ...


@dataclass(frozen=True)
class PaperFilter:
    """Metadata filters; None means 'any'."""

    source: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    author: str | None = None
    paper_ids: frozenset[str] | None = None

    def accepts(self, paper: Paper) -> bool:
        if self.paper_ids is not None and paper.id not in self.paper_ids:
            return False
        if self.source and self.source not in paper.source:
            return False
        year = paper.year
        if self.year_from is not None and (year is None or year < self.year_from):
            return False
        if self.year_to is not None and (year is None or year > self.year_to):
            return False
        if self.author:
            wanted = self.author.lower()
            if not any(wanted in a.lower() for a in paper.authors):
                return False
        return True


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,7}\b")


class HybridRetriever:
    """Searches one store + its lexical index. Built by the Assistant; cheap to call."""

    def __init__(self, store: Store, lexical: LexicalIndex, embeddings: Embeddings,
                 papers: Sequence[Paper], settings: RetrievalSettings, *,
                 sentence_vectors: SentenceVectors | None = None):
        self._store = store
        self._sentence_vectors = sentence_vectors
        self._lexical = lexical
        self._embeddings = embeddings
        self._settings = settings
        self.papers = {p.id: p for p in papers}
        self._names = NameIndex(papers, df=lexical.paper_df, knows=lexical.knows)

    def search(self, query: str, k: int | None = None, *, mode: Mode = "hybrid",
               filters: PaperFilter | None = None, diversify: bool = False,
               boost_names: bool = True) -> list[Hit]:
        k = self._settings.k if k is None else k
        if k <= 0:
            raise QuestionError("k must be a positive number of papers")
        if not query.strip():
            raise QuestionError("the question is empty")
        allowed = None
        if filters is not None:
            allowed = {pid for pid, p in self.papers.items() if filters.accepts(p)}
        n = max(self._settings.candidates, k * 4)

        lexical = self._lexical_candidates(query, n, allowed) if mode != "dense" else {}
        dense = self._dense_candidates(query, n, allowed) if mode != "lexical" else {}
        fused = self._fuse(lexical, dense, mode)
        fetched = _ChunkCache(self._store)  # one Chroma read serves phrase bonus, MMR and hits
        if mode == "hybrid" and self._settings.phrase_weight > 0:
            fused = self._phrase_bonus(query, fused, max(3 * k, 30), fetched)

        best: dict[str, tuple[float, str]] = {}
        for chunk_id, score in fused.items():
            paper_id = chunk_id.rsplit("#", 1)[0]
            if paper_id not in best or score > best[paper_id][0]:
                best[paper_id] = (score, chunk_id)

        named = self._names.papers_named_in(query) if boost_names else {}
        for paper_id in named:
            if paper_id in self.papers and (allowed is None or paper_id in allowed):
                score, chunk_id = best.get(paper_id, (0.0, f"{paper_id}#0"))
                best[paper_id] = (score + self._settings.name_boost, chunk_id)

        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        if diversify:
            ranked = self._mmr(ranked, k, fetched)
        ranked = ranked[:k]
        chunks = fetched.get([cid for _, (_, cid) in ranked])
        hits: list[Hit] = []
        for paper_id, (score, chunk_id) in ranked:
            chunk = chunks.get(chunk_id)
            if chunk is None:
                continue
            paper = self.papers.get(paper_id)
            hits.append(Hit(
                paper_id=paper_id,
                title=chunk.title,
                url=paper.url if paper else None,
                score=round(float(score), 6),
                chunk=chunk,
                sentence_ids=self.best_sentences(query, chunk),
                scores={"lexical": round(lexical.get(chunk_id, 0.0), 6),
                        "dense": round(dense.get(chunk_id, 0.0), 6),
                        "named": 1.0 if paper_id in named else 0.0},
            ))
        return hits

    # --- candidates ----------------------------------------------------------------------

    def _lexical_candidates(self, query: str, n: int, allowed: set[str] | None) -> dict[str, float]:
        scores = self._lexical.scores(query)
        if scores.size == 0:
            return {}
        if allowed is not None:
            mask = np.fromiter((pid in allowed for pid in self._lexical.paper_ids), dtype=bool,
                               count=len(self._lexical.paper_ids))
            scores = np.where(mask, scores, 0.0)
        top = np.argsort(-scores)[:n]
        return {self._lexical.chunk_ids[i]: float(scores[i]) for i in top if scores[i] > 0}

    def _dense_candidates(self, query: str, n: int, allowed: set[str] | None) -> dict[str, float]:
        vector = np.asarray(self._embeddings.embed_query(query), dtype=np.float32)
        ids = sorted(allowed) if allowed is not None else None
        return {chunk.id: score for chunk, score in self._store.query(vector, n, ids)}

    def _fuse(self, lexical: dict[str, float], dense: dict[str, float], mode: Mode
              ) -> dict[str, float]:
        if mode == "lexical":
            return _minmax(lexical)
        if mode == "dense":
            return dict(dense)
        if self._settings.fusion == "rrf":
            return _rrf([lexical, dense])
        w = self._settings.dense_weight
        lex_n, dense_n = _minmax(lexical), _minmax(dense)
        return {cid: (1 - w) * lex_n.get(cid, 0.0) + w * dense_n.get(cid, 0.0)
                for cid in lex_n.keys() | dense_n.keys()}

    def _phrase_bonus(self, query: str, fused: dict[str, float], top: int,
                      fetched: _ChunkCache) -> dict[str, float]:
        """Reward the best candidates for containing the query's word pairs in order.

        BM25 and dense search both ignore word order, so "process preference model" ranks
        every paper about preference optimisation alike; the paper that names the phrase
        should win.
        """
        pairs = _bigrams(tokenize(query))
        if not pairs:
            return fused
        best = sorted(fused, key=lambda cid: -fused[cid])[:top]
        boosted = dict(fused)
        for chunk in fetched.get(best).values():
            found = len(pairs & _bigrams(tokenize(chunk.text))) / len(pairs)
            boosted[chunk.id] += self._settings.phrase_weight * found
        return boosted

    def _mmr(self, ranked: list[tuple[str, tuple[float, str]]], k: int, fetched: _ChunkCache
             ) -> list[tuple[str, tuple[float, str]]]:
        """Maximal marginal relevance over the papers' best chunks (lexical similarity)."""
        pool = ranked[: max(k * 3, k)]
        chunks = fetched.get([cid for _, (_, cid) in pool])
        bags = {pid: set(tokenize(chunks[cid].text)) if cid in chunks else set()
                for pid, (_, cid) in pool}
        top = max((s for _, (s, _) in pool), default=1.0) or 1.0
        lam = self._settings.mmr_lambda
        chosen: list[tuple[str, tuple[float, str]]] = []
        while pool and len(chosen) < k:
            def gain(item: tuple[str, tuple[float, str]]) -> float:
                pid = item[0]
                overlap = max((_jaccard(bags[pid], bags[c[0]]) for c in chosen), default=0.0)
                return lam * item[1][0] / top - (1 - lam) * overlap
            pick = max(pool, key=gain)
            chosen.append(pick)
            pool.remove(pick)
        return chosen + [r for r in ranked if r not in chosen]

    # --- sentences -----------------------------------------------------------------------

    def best_sentences(self, query: str, chunk: Chunk) -> list[int]:
        """Sentence indexes in `chunk`, ranked by idf-weighted word overlap with the query."""
        wanted = set(tokenize(query))
        limit = self._settings.sentences_per_hit
        scored = []
        for sentence in chunk.sentences:
            words = set(tokenize(sentence.text))
            score = sum(self.idf(w) for w in wanted & words)
            scored.append((score, sentence.index))
        scored.sort(key=lambda s: (-s[0], s[1]))
        picked = [i for score, i in scored[:limit] if score > 0]
        return picked or [s.index for s in chunk.sentences[:1]]

    def idf(self, token: str) -> float:
        """Inverse document frequency of a tokenized word in this collection."""
        return self._lexical.idf(token)

    @functools.cached_property
    def title_tokens(self) -> dict[str, list[str]]:
        """paper id -> its title's tokens, made once (questions describe papers by them)."""
        return {pid: tokenize(p.title) for pid, p in self.papers.items()}

    @functools.cached_property
    def text_tokens(self) -> dict[str, list[str]]:
        """paper id -> the tokens of its title and abstract, made once."""
        return {pid: tokenize(f"{p.title}. {p.abstract}") for pid, p in self.papers.items()}

    def paper_share(self, token: str) -> float:
        """Share of the collection's papers that contain a tokenized word."""
        return self._lexical.paper_df(token) / max(len(self.papers), 1)

    @functools.cached_property
    def compound_parts(self) -> frozenset[str]:
        """The words the collection writes only inside compound names ("African" in
        "AfricanFaceSet-5M"), made once."""
        return frozenset(t for p in self.papers.values()
                         for t in compound_parts(f"{p.title} {p.abstract}"))

    @functools.cached_property
    def acronyms(self) -> frozenset[str]:
        """The words the collection writes in capitals ("AIME", "GAIA"), lower-cased, made
        once."""
        return frozenset(w.lower() for p in self.papers.values()
                         for w in _ACRONYM.findall(f"{p.title} {p.abstract}"))

    def knows(self, token: str) -> bool:
        """Whether a tokenized word occurs anywhere in the collection."""
        return self._lexical.knows(token)

    def named(self, query: str) -> dict[str, str]:
        """Papers the query names (paper_id -> the words it used)."""
        return {pid: name for pid, name in self._names.papers_named_in(query).items()
                if pid in self.papers}

    @property
    def embeddings(self) -> Embeddings:
        return self._embeddings

    def stored_vectors(self, texts: Sequence[str]) -> list[np.ndarray | None]:
        """The vectors the indexer stored for these abstract sentences or titles (None for a
        text it did not store; all None without stored vectors)."""
        if self._sentence_vectors is None:
            return [None] * len(texts)
        return self._sentence_vectors.lookup(texts)

    def abstract_chunks(self, paper_ids: Sequence[str]) -> dict[str, Chunk]:
        """paper id -> its first chunk (the abstract with its title), one store read."""
        chunks = self._store.get_chunks([f"{pid}#0" for pid in paper_ids])
        return {c.paper_id: c for c in chunks}

    def hits_for(self, query: str, paper_ids: Sequence[str]) -> list[Hit]:
        """One hit per given paper (in the given order), whatever its rank for the query."""
        if not paper_ids:
            return []
        found = {h.paper_id: h for h in self.search(
            query, len(paper_ids), filters=PaperFilter(paper_ids=frozenset(paper_ids)))}
        missing = [p for p in paper_ids if p not in found]
        for paper_id, chunk in self.abstract_chunks(missing).items():
            paper = self.papers.get(paper_id)
            found[paper_id] = Hit(paper_id=paper_id, title=chunk.title,
                                  url=paper.url if paper else None, score=0.0, chunk=chunk,
                                  sentence_ids=self.best_sentences(query, chunk))
        return [found[p] for p in paper_ids if p in found]

    def chunks_of(self, paper_id: str) -> list[Chunk]:
        """Every stored chunk of a paper, in order (the abstract first)."""
        return self._store.chunks_of(paper_id)


class _ChunkCache:
    """Chunks read from the store during one search, fetched in batches of the missing ids."""

    def __init__(self, store: Store):
        self._store = store
        self._chunks: dict[str, Chunk] = {}

    def get(self, chunk_ids: Sequence[str]) -> dict[str, Chunk]:
        missing = [cid for cid in dict.fromkeys(chunk_ids) if cid not in self._chunks]
        if missing:
            self._chunks.update((c.id, c) for c in self._store.get_chunks(missing))
        return {cid: self._chunks[cid] for cid in chunk_ids if cid in self._chunks}


def _minmax(scores: dict[str, float]) -> dict[str, float]:
    if not scores:
        return {}
    low, high = min(scores.values()), max(scores.values())
    if math.isclose(high, low):
        return {k: 1.0 for k in scores}
    return {k: (v - low) / (high - low) for k, v in scores.items()}


def _rrf(rankings: list[dict[str, float]]) -> dict[str, float]:
    fused: dict[str, float] = {}
    for scores in rankings:
        for rank, cid in enumerate(sorted(scores, key=lambda c: -scores[c]), start=1):
            fused[cid] = fused.get(cid, 0.0) + 1.0 / (_RRF_K + rank)
    return fused


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0
