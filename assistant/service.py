"""Assistant: the one facade the CLI, the web UI and the eval harness call.

It owns the store, the lexical index, the embedder and (lazily) the chat model, and rebuilds its
retriever whenever the index changes underneath it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import IndexError_
from assistant.events import Progress, StreamEvent, without_repeated_stages
from assistant.indexing import Progress as IndexProgress
from assistant.indexing import (
    index_papers,
    lexical_dir,
    sentences_dir,
    sync_lexical,
    sync_sentence_vectors,
)
from assistant.retrieval import HybridRetriever, Mode, PaperFilter
from assistant.settings import RetrievalSettings, Settings
from assistant.sources import OnSkip, bundled_corpus_path, iter_sources, scan_sources
from assistant.types import Answer, ChatTurn, Hit, IndexReport, Paper, SkippedSource
from vectorstore.sentence_vectors import SentenceVectors

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from langchain_core.language_models import BaseChatModel
    from langchain_core.retrievers import BaseRetriever
    from langchain_core.runnables import Runnable

    from assistant.answering import AnswerEngine
    from assistant.settings import LLMSettings
    from vectorstore.chroma_store import ChromaStore

# Assistants in one process that share a store (the web app keeps one per provider) would
# otherwise rebuild and save the same lexical index at once: the saves race on renaming its
# directory and the loser raises OSError in the middle of an answer. Serialised, the second
# one loads what the first saved.
_LEXICAL_SYNC = threading.Lock()


class _ChatModels:
    """The chat model of each provider, made on first use and shared by the Assistants derived
    from one another (the web app's provider switch, the eval's configurations)."""

    def __init__(self, llm: LLMSettings, models_dir: Path):
        self._llm = llm
        self._models_dir = models_dir
        self._made: dict[str, BaseChatModel | None] = {"extractive": None}
        self._lock = threading.Lock()

    def use(self, provider: str, model: BaseChatModel) -> None:
        with self._lock:
            self._made[provider] = model

    def get(self, provider: str) -> BaseChatModel | None:
        with self._lock:
            if provider not in self._made:
                from assistant.providers import make_chat_model

                llm = self._llm.model_copy(update={"provider": provider})
                self._made[provider] = make_chat_model(llm, self._models_dir)
            return self._made[provider]


class Assistant:
    """Index papers, search them, and answer questions about them with checked citations."""

    def __init__(self, settings: Settings, store: ChromaStore, embeddings: Embeddings,
                 chat_model: BaseChatModel | None = None, *, provider: str | None = None,
                 models_dir: Path | None = None):
        """Collaborators passed in (tests pass fakes); `from_settings` makes the real ones.

        `models_dir`: where local model files live, when not under `settings.home` (an eval
        keeps its own home but the user's assembled model).
        """
        self.settings = settings
        self.store = store
        self.embeddings = embeddings
        self.provider = provider or settings.llm.provider
        self._models = _ChatModels(settings.llm, models_dir or settings.models_dir)
        if chat_model is not None:
            self._models.use(self.provider, chat_model)
        self._lock = threading.RLock()
        # One index run at a time, held apart from `_lock` so answers go on during a run.
        # Shared by every Assistant derived with `with_provider`: they write one store.
        self._index_lock = threading.Lock()
        self._retriever: HybridRetriever | None = None
        self._retriever_generation: str | None = None
        self._engine: AnswerEngine | None = None

    @classmethod
    def from_settings(cls, settings: Settings | None = None, *, provider: str | None = None,
                      embeddings: Embeddings | None = None, models_dir: Path | None = None
                      ) -> Assistant:
        """Real collaborators, built here and only here. The chat model starts on first use.

        `embeddings`: an embedder already loaded (the web app's), or one wrapped for
        measurement; made from settings when None. Other providers over the same store and
        embedder come from `with_provider`.
        """
        from vectorstore.chroma_store import ChromaStore

        settings = settings or Settings()
        if provider is not None:
            settings = settings.model_copy(
                update={"llm": settings.llm.model_copy(update={"provider": provider})})
        return cls(settings, ChromaStore.open(settings), embeddings or settings.make_embeddings(),
                   models_dir=models_dir)

    def with_provider(self, provider: str, *, retrieval: RetrievalSettings | None = None
                      ) -> Assistant:
        """An Assistant answering with `provider` (and, if given, other retrieval settings) over
        this one's store and embedder. Chat models are shared too, one per provider, so a local
        model server is started once however many Assistants use it."""
        update: dict[str, object] = {
            "llm": self.settings.llm.model_copy(update={"provider": provider})}
        if retrieval is not None:
            update["retrieval"] = retrieval
        other = type(self)(self.settings.model_copy(update=update), self.store, self.embeddings,
                           provider=provider)
        other._models = self._models
        other._index_lock = self._index_lock
        return other

    # --- the collection ------------------------------------------------------------------

    def index(self, paths: Sequence[Path] | None = None, *, prune: bool = False,
              progress: IndexProgress | None = None, on_total: IndexProgress | None = None,
              on_skip: OnSkip | None = None) -> IndexReport:
        """Index `paths` (default: configured corpus, else the bundled one). Validates first.

        `on_total(n)` hears how many papers to expect (PDF files count as one each) before
        any is read; `progress(k)` then hears of k more done, skipped PDFs included.
        A PDF that cannot be read is skipped, reported to `on_skip(path, reason)` and listed
        in the report's `skipped`; every other bad source stops the run before any write.
        """
        sources = list(paths) if paths else (self.settings.corpus or [bundled_corpus_path()])
        # Two passes: the first validates everything (CorpusError before anything is
        # written), the second streams papers into the store, so memory stays flat. PDFs are
        # only counted in the first: they are read once, in the second, and skipped if bad.
        scan = scan_sources(sources, defer_pdfs=True)
        if on_total is not None:
            on_total(scan.papers)
        skipped: list[SkippedSource] = []
        duplicates: list[str] = []

        def skip(path: Path, reason: str) -> None:
            skipped.append(SkippedSource(path=str(path), reason=reason))
            if on_skip is not None:
                on_skip(path, reason)
            if progress is not None:
                progress(1)

        with self._index_lock:
            report = index_papers(
                iter_sources(sources, duplicates, on_skip=skip), self.store, self.embeddings,
                self.settings.chunking, prune=prune, batch_size=self.settings.store.batch_size,
                progress=progress,
            )
            report.duplicates = duplicates
            report.skipped = skipped
            if self.settings.store.sentence_vectors:
                started = time.perf_counter()
                synced = sync_sentence_vectors(self.store, self._sentences_dir,
                                               self.embeddings, self.settings.index_fingerprint())
                report.sentences = synced.embedded
                report.sentence_seconds = round(time.perf_counter() - started, 3)
                report.seconds = round(report.seconds + report.sentence_seconds, 3)
            with self._lock:
                self._refresh_retriever()
        return report

    def ensure_indexed(self) -> IndexReport | None:
        """Index the default corpus if the collection is empty (first start, no set-up)."""
        if self.store.count_chunks() > 0:
            return None
        return self.index()

    def papers(self) -> list[Paper]:
        return list(self.retriever.papers.values()) if self._retriever else self.store.papers()

    def paper(self, paper_id: str) -> Paper | None:
        return self.retriever.papers.get(paper_id)

    # --- search --------------------------------------------------------------------------

    @property
    def retriever(self) -> HybridRetriever:
        with self._lock:
            if self._retriever is None or self._retriever_generation != self.store.generation:
                self._refresh_retriever()
            assert self._retriever is not None  # set by _refresh_retriever; not input validation
            return self._retriever

    @property
    def _sentences_dir(self) -> Path:
        return sentences_dir(self.settings.index_dir, self.store.name)

    def _refresh_retriever(self) -> None:
        with _LEXICAL_SYNC:
            generation = self.store.generation
            lexical = sync_lexical(self.store,
                                   lexical_dir(self.settings.index_dir, self.store.name))
        stored = SentenceVectors.load(self._sentences_dir, self.settings.index_fingerprint()) \
            if self.settings.store.sentence_vectors else None
        self._retriever = HybridRetriever(self.store, lexical, self.embeddings,
                                          self.store.papers(), self.settings.retrieval,
                                          sentence_vectors=stored)
        self._retriever_generation = generation
        self._engine = None

    def retrieve(self, question: str, k: int | None = None, *, mode: Mode = "hybrid",
                 filters: PaperFilter | None = None, diversify: bool = False) -> list[Hit]:
        if self.store.count_chunks() == 0:
            raise IndexError_("the index is empty: run `paperchat index` first")
        return self.retriever.search(question, k, mode=mode, filters=filters,
                                     diversify=diversify)

    # --- answers -------------------------------------------------------------------------

    @property
    def engine(self) -> AnswerEngine:
        from assistant.answering import AnswerEngine

        with self._lock:
            retriever = self.retriever
            if self._engine is None:
                self._engine = AnswerEngine(retriever, self._models.get(self.provider),
                                            self.settings.answer, provider=self.provider)
            return self._engine

    def ask(self, question: str, history: Sequence[ChatTurn] = (), *, mode: str = "auto",
            k: int | None = None, papers: Sequence[str] = ()) -> Answer:
        """Answer with checked citations; `papers` (ids) restricts the answer to those papers."""
        return self.engine.answer(question, history, mode=mode, k=k, papers=papers)

    def stream(self, question: str, history: Sequence[ChatTurn] = (), *, mode: str = "auto",
               k: int | None = None, papers: Sequence[str] = ()) -> Iterator[StreamEvent]:
        """Stages, table cells and text as they are composed, then the verified Answer.

        The first stage is sent before the engine is touched: after an index run (or on the
        first question) the engine first rebuilds its retriever, which the reader should not
        wait on in silence."""
        return without_repeated_stages(self._stream(question, history, mode, k, papers))

    def _stream(self, question: str, history: Sequence[ChatTurn], mode: str, k: int | None,
                papers: Sequence[str]) -> Iterator[StreamEvent]:
        from assistant.answering import check_question

        check_question(question, self.settings.answer.max_question_chars)
        yield Progress("finding papers")
        yield from self.engine.stream(question, history, mode=mode, k=k, papers=papers)

    def literature_table(self, paper_ids: Sequence[str], columns: Sequence[str] = (),
                         focus: Sequence[str] = ()) -> Answer:
        """A literature table of chosen papers (rows, in this order): one column per facet kind
        ("benchmarks", "models", "methods", "tasks", "links", "year") or free aspect
        ("results"), every cell cited. `focus` names (the benchmark filtered on) steer free
        columns to the sentences that write them. Unknown ids are dropped; none left is a
        QuestionError."""
        from assistant.errors import QuestionError
        from assistant.types import QuestionPlan

        engine = self.engine
        papers = self.retriever.papers
        ids = [p for p in dict.fromkeys(paper_ids) if p in papers]
        if not ids:
            raise QuestionError("choose at least one paper of the collection for the table")
        question = f"Literature table of {len(ids)} papers"
        plan = QuestionPlan(question=question, standalone=question, intent="table",
                            aspects=list(columns), scope=ids, reasons=["chosen papers"])
        draft = Answer(question=question, standalone_question=question, text="", mode="list",
                       provider=engine.provider, plan=plan, considered=(len(ids), len(papers)))
        return engine.fill_table(draft, ids, columns, [n for n in focus if n])

    # --- LangChain ---------------------------------------------------------------------------

    def as_retriever(self, k: int | None = None) -> BaseRetriever:
        """This collection's hybrid search as a LangChain retriever (paper metadata on each doc)."""
        from assistant.interop import PaperRetriever

        return PaperRetriever(assistant=self, k=k or self.settings.retrieval.k)

    def as_runnable(self) -> Runnable:
        """The cited answer chain as a LangChain Runnable: invoke/batch -> Answer."""
        from assistant.interop import answer_runnable

        return answer_runnable(self)

    def close(self) -> None:
        from assistant.providers import shutdown_local_models

        shutdown_local_models()
