"""Fakes that mean something, for fast unit tests.

hit_of: a retrieval hit on one abstract made of the given sentences, each a citable span.
KeywordEmbeddings: a bag of stemmed words hashed into a small vector, so texts that share words
land near each other (and a question about MCTS finds the MCTS abstract), deterministically.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.text import tokenize
from assistant.types import Chunk, Hit, Sentence


class KeywordEmbeddings(Embeddings):
    """Deterministic bag-of-words vectors; counts calls so tests can see what was embedded."""

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.embedded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in tokenize(text):
            slot = int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim
            vec[slot] += 1.0
        norm = float(np.linalg.norm(vec))
        if norm == 0.0:
            vec[0] = 1.0
            return vec
        return vec / norm

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text).tolist()


class ScriptedChatModel:
    """Factory for a LangChain chat model that replies from a script and records every prompt."""

    @staticmethod
    def make(replies: list[str]):  # type: ignore[no-untyped-def]  # a fake's factory
        from collections.abc import Iterator
        from typing import Any

        from langchain_core.language_models import BaseChatModel
        from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
        from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

        class _Scripted(BaseChatModel):
            script: list[str]
            prompts: list[list[BaseMessage]] = []

            @property
            def _llm_type(self) -> str:
                return "scripted"

            def _next(self, messages: list[BaseMessage]) -> str:
                self.prompts.append(list(messages))
                if not self.script:
                    raise AssertionError("the scripted model was called more times than scripted")
                return self.script.pop(0)

            def _generate(self, messages: list[BaseMessage], stop: Any = None,
                          run_manager: Any = None, **kwargs: Any) -> ChatResult:
                return ChatResult(generations=[ChatGeneration(message=AIMessage(
                    content=self._next(messages)))])

            def _stream(self, messages: list[BaseMessage], stop: Any = None,
                        run_manager: Any = None, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
                text = self._next(messages)
                for i in range(0, len(text), 7):
                    yield ChatGenerationChunk(message=AIMessageChunk(content=text[i:i + 7]))

        return _Scripted(script=list(replies), prompts=[])


def jsonl_file(path, papers):  # type: ignore[no-untyped-def]  # a test helper over plain dicts
    """Write paper dicts as a JSONL source file and return its path."""
    import json

    path.write_text("\n".join(json.dumps(p) for p in papers) + "\n")
    return path


def hit_of(paper_id: str, title: str, sentences: list[str]) -> Hit:
    """A hit on the abstract `sentences` make, joined by spaces, each sentence a span."""
    spans, text = [], ""
    for i, s in enumerate(sentences):
        start = len(text) + (1 if text else 0)
        text = f"{text} {s}" if text else s
        spans.append(Sentence(index=i, text=s, start=start, end=start + len(s)))
    chunk = Chunk(id=f"{paper_id}#0", paper_id=paper_id, ordinal=0, title=title, text=text,
                  sentences=spans, token_count=len(text.split()), paper_hash=paper_id)
    return Hit(paper_id=paper_id, title=title, url="", score=1.0, chunk=chunk)
