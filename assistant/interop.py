"""LangChain interop: paperchat's retrieval as a `BaseRetriever`, its cited answers as a `Runnable`.

    retriever = assistant.as_retriever(k=4)   # hybrid search; paper metadata on each Document
    docs = retriever.invoke("which papers use MCTS?")
    chain = assistant.as_runnable()            # str | {"question", "history"} -> Answer
    answer = chain.invoke("What does rStar-Math do?")

Both are ordinary LangChain components: they compose with `|`, stream and batch.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from langchain_core.runnables import RunnableConfig, RunnableGenerator, RunnableLambda
from pydantic import ConfigDict

from assistant.types import Answer, ChatTurn, Hit

if TYPE_CHECKING:
    from assistant.service import Assistant


class PaperRetriever(BaseRetriever):
    """Hybrid (BM25 + dense) search over the indexed papers, one Document per paper."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    assistant: Any
    k: int = 6

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [hit_document(hit) for hit in self.assistant.retrieve(query, self.k)]


def hit_document(hit: Hit) -> Document:
    paper_id = hit.paper_id
    return Document(
        id=hit.chunk.id,
        page_content=hit.chunk.text,
        metadata={"paper_id": paper_id, "title": hit.title, "url": hit.url, "score": hit.score,
                  "chunk_id": hit.chunk.id, "section": hit.chunk.section,
                  "best_sentences": [hit.chunk.sentences[i].text for i in hit.sentence_ids
                                     if i < len(hit.chunk.sentences)]},
    )


def _inputs(value: Any) -> tuple[str, Sequence[ChatTurn]]:
    if isinstance(value, str):
        return value, ()
    if isinstance(value, dict):
        history = [t if isinstance(t, ChatTurn) else ChatTurn.model_validate(t)
                   for t in value.get("history", ())]
        return str(value.get("question", "")), history
    raise TypeError("expected a question string or {'question': ..., 'history': [...]}")


def answer_runnable(assistant: Assistant) -> RunnableLambda:
    """The cited answer chain: invoke/batch return the typed Answer; stream yields text deltas
    and ends with the Answer."""
    from assistant.answering import AnswerDelta

    def answer(value: Any) -> Answer:
        question, history = _inputs(value)
        return assistant.ask(question, history)

    def stream(values: Iterator[Any], config: RunnableConfig | None = None
               ) -> Iterator[str | Answer]:
        for value in values:
            question, history = _inputs(value)
            for event in assistant.stream(question, history):
                if isinstance(event, AnswerDelta):
                    yield event.text
                elif isinstance(event, Answer):
                    yield event

    return _StreamingLambda(answer, RunnableGenerator(stream))


class _StreamingLambda(RunnableLambda):
    """A RunnableLambda whose `stream` goes through the engine's own stream."""

    def __init__(self, func: Any, streamer: RunnableGenerator):
        super().__init__(func)
        self._streamer = streamer

    def stream(self, input: Any, config: RunnableConfig | None = None,  # noqa: A002
               **kwargs: Any) -> Iterator[Any]:
        yield from self._streamer.stream(input, config, **kwargs)
