"""An optional LLM judge that grades an answer against a reference: 0 wrong, 1 partly, 2 correct.

Every call is cached on disk under sha256(model + rendered prompt), so a rerun with the same
answers and the same judge gives the same grades without calling the model again.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import ConfigError, ProviderError
from assistant.types import PROVIDERS
from prompts import load_prompt

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings

JUDGES = tuple(p for p in PROVIDERS if p != "extractive")
"""Providers with a model to judge with."""
_SCORE = re.compile(r"SCORE\s*[:=]?\s*([012])\b", re.I)
_BARE_DIGIT = re.compile(r"^\s*([012])\b")


@dataclass(frozen=True)
class Verdict:
    score: int | None
    """0, 1 or 2; None when the judge's reply could not be read."""
    reason: str
    cached: bool


def parse_verdict(reply: str) -> tuple[int | None, str]:
    """Score and the rest of the reply; tolerant of small models that drop the 'SCORE:' label."""
    match = _SCORE.search(reply) or _BARE_DIGIT.search(reply)
    if match is None:
        return None, reply.strip()[:300]
    reason = (reply[:match.start()] + reply[match.end():]).strip(" \n.-:")
    return int(match.group(1)), reason[:300]


class Judge:
    """Grades answers with `chat_model`; `model_name` is part of the cache key."""

    def __init__(self, chat_model: BaseChatModel, model_name: str, cache_dir: Path):
        self._model = chat_model
        self.model_name = model_name
        self._cache_dir = cache_dir
        self._prompt = load_prompt("judge", {"question", "reference", "answer"})
        self.calls = 0

    def grade(self, question: str, reference: str, answer: str) -> Verdict:
        messages = self._prompt.format_messages(question=question, reference=reference,
                                                answer=answer)
        rendered = "\n\n".join(f"{m.type}: {m.content}" for m in messages)
        key = hashlib.sha256(f"{self.model_name}\n{rendered}".encode()).hexdigest()
        path = self._cache_dir / f"{key}.json"
        if path.is_file():
            record = json.loads(path.read_text(encoding="utf-8"))
            return Verdict(record["score"], record["reason"], cached=True)
        try:
            reply = self._model.invoke(messages)
        except ProviderError:
            raise
        except Exception as exc:  # SDK errors vary by provider; the run needs one message
            raise ProviderError(f"the judge model failed: {type(exc).__name__}") from exc
        self.calls += 1
        text = reply.content if isinstance(reply.content, str) else str(reply.content)
        score, reason = parse_verdict(text)
        self._cache_dir.mkdir(parents=True, exist_ok=True)
        record = {"model": self.model_name, "score": score, "reason": reason, "reply": text}
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        return Verdict(score, reason, cached=False)


def make_judge(provider: str, settings: Settings, cache_dir: Path) -> Judge:
    """A judge on `provider` with the answer model's settings, at temperature 0."""
    from assistant.providers import DEFAULT_OPENAI_MODEL, make_chat_model

    if provider not in JUDGES:
        raise ConfigError(f"unknown judge {provider!r}: choose one of {', '.join(JUDGES)}")
    llm = settings.llm.model_copy(update={"provider": provider, "temperature": 0.0,
                                          "max_tokens": 80})
    model = make_chat_model(llm, settings.models_dir)
    if model is None:  # not reachable for JUDGES, but a judge without a model is meaningless
        raise ConfigError(f"the {provider} judge has no model")
    name = {"local": llm.local_model, "openai": llm.model or DEFAULT_OPENAI_MODEL}.get(
        provider, llm.model)
    return Judge(model, f"{provider}:{name}", cache_dir)
