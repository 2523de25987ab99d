"""The provider seam: the only module that imports chat SDKs or starts the local model server.

Core code sees a LangChain `BaseChatModel` (or None for the extractive provider, whose answers
are composed from the evidence sentences without any model). Every model returned here is a
`GuardedChatModel`: it builds the real client on each call, so the local server starts on the
first question rather than at start-up, and it turns SDK errors into `ProviderError`s whose
words a user can act on. API keys travel as `SecretStr` and never enter a message or a repr.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAuthenticationError,
    ModelConnectionError,
    ModelError,
    ModelNotFoundError,
    ModelPermissionDeniedError,
    ModelRateLimitError,
    ModelTimeoutError,
)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, Field, SecretStr

from assistant.errors import ConfigError, ProviderError
from assistant.local_model import (
    LOCAL_MODELS,
    LocalServer,
    ensure_model_file,
    installed_part,
)
from assistant.types import PROVIDERS

if TYPE_CHECKING:
    from assistant.settings import LLMSettings

DEFAULT_OPENAI_MODEL = "gpt-4o-mini"
LOCAL_BATCH_SIZE = 512
"""n_batch = n_ubatch for llama.cpp: fastest of 256/512/1024 in the sweep that
eval/reports/bench_llm.md recorded up to commit ca0a37e (`python -m eval.bench_llm --tune`)."""

SERVER_STOPPED = "the local model server stopped; restarting it — please ask again"

_servers: weakref.WeakSet[LocalServer] = weakref.WeakSet()
_servers_lock = threading.Lock()


_stop = threading.local()


def stop_streaming() -> None:
    """End the model stream running in this thread at its next chunk.

    Call it before closing an answer stream early (the UI's Stop): a closed LCEL stream reads
    its model's stream to the end (for tracing), so a local model would otherwise write the
    whole answer that nobody reads, and the close would wait for it.
    """
    _stop.requested = True


class GuardedChatModel(BaseChatModel):
    """Delegates each call to a client made by `connect()`; SDK errors become ProviderError.

    `connect` is called per request so a restarted local server (new port) is picked up;
    `on_connection_lost`, when set, is how the local provider restarts its server.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    provider: str
    model_name: str
    endpoint: str = Field(default="", description="Base URL shown in messages (never a key).")
    timeout_s: float = 120.0
    streaming: bool = False
    connect: Callable[[], BaseChatModel] = Field(exclude=True, repr=False)
    on_connection_lost: Callable[[], None] | None = Field(default=None, exclude=True, repr=False)
    secret: SecretStr | None = Field(default=None, exclude=True, repr=False)

    @property
    def _llm_type(self) -> str:
        return f"paperchat-{self.provider}"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"provider": self.provider, "model_name": self.model_name}

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with self._translated_errors():
            # Callbacks stay with this (outer) model so tokens are not reported twice.
            return self.connect()._generate(messages, stop=stop, **kwargs)

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        _stop.requested = False
        with self._translated_errors():
            chunks = self.connect()._stream(messages, stop=stop, **kwargs)
            try:
                for chunk in chunks:
                    if getattr(_stop, "requested", False):
                        break  # see stop_streaming()
                    yield chunk
            finally:
                close = getattr(chunks, "close", None)
                if close is not None:
                    close()  # closes the request: the server stops generating

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        import httpx
        import openai

        try:
            yield
        except ProviderError:
            raise
        except (ModelTimeoutError, openai.APITimeoutError, httpx.TimeoutException) as exc:
            raise ProviderError(
                f"the {self.provider} model did not answer within {self.timeout_s:.0f} s"
            ) from exc
        except (ModelConnectionError, openai.APIConnectionError, httpx.TransportError) as exc:
            if self.on_connection_lost is not None:
                try:
                    self.on_connection_lost()
                except ProviderError:
                    pass  # the next question retries the start and reports why it fails
                raise ProviderError(SERVER_STOPPED) from exc
            raise ProviderError(
                f"cannot reach the {self.provider} model at {self.endpoint or 'its endpoint'}"
            ) from exc
        except (ModelAuthenticationError, ModelPermissionDeniedError, openai.AuthenticationError):
            # No `from`: the SDK's message quotes part of the key.
            raise ProviderError(
                f"the {self.provider} endpoint rejected the API key "
                + ("(set OPENAI_API_KEY or PAPERCHAT_LLM__API_KEY)" if self.provider == "openai"
                   else "(set PAPERCHAT_LLM__API_KEY)")
            ) from None
        except ContextOverflowError as exc:
            raise ProviderError(
                f"the question and evidence are longer than the {self.model_name} context"
            ) from exc
        except ModelRateLimitError as exc:
            raise ProviderError(f"the {self.provider} endpoint is busy (rate limit)") from exc
        except ModelNotFoundError as exc:
            raise ProviderError(f"the {self.provider} endpoint has no {self.model_name!r}") from exc
        except (ModelError, openai.APIError) as exc:
            detail = _scrub(str(exc), self.secret)[:300]
            raise ProviderError(f"the {self.provider} model failed: {detail}") from exc


def _scrub(text: str, secret: SecretStr | None) -> str:
    value = secret.get_secret_value() if secret is not None else ""
    return text.replace(value, "***") if len(value) >= 4 else text


@dataclass(frozen=True)
class ProviderStatus:
    """What the UI and `paperchat doctor` show about the configured model. Never a key."""

    provider: str
    model: str
    ready: bool
    detail: str


def make_chat_model(
    llm: LLMSettings,
    models_dir: Path,
    *,
    local_server: LocalServer | None = None,
    env: Mapping[str, str] | None = None,
) -> BaseChatModel | None:
    """The chat model for `llm.provider`; None for "extractive" (no model writes answers).

    "local" assembles the GGUF now (a missing package fails here, clearly) but starts the
    server only on the first request. `env` defaults to os.environ and is read for
    OPENAI_API_KEY only.
    """
    provider = llm.provider
    if provider == "extractive":
        return None
    if provider == "local":
        from assistant.offline import keep_local

        keep_local()  # the client must reach 127.0.0.1 directly, never through a set proxy
        server = local_server or make_local_server(llm, models_dir)
        return _local_chat(llm, server)
    if provider == "openai":
        key = _openai_key(llm, os.environ if env is None else env)
        if key is None:
            raise ConfigError(
                "the openai provider needs an API key: set OPENAI_API_KEY or "
                "PAPERCHAT_LLM__API_KEY (or use provider 'local')"
            )
        return _remote_chat(llm, model=llm.model or DEFAULT_OPENAI_MODEL, base_url=None, key=key)
    if provider == "openai-compatible":
        if not llm.base_url:
            raise ConfigError(
                "the openai-compatible provider needs a base URL: set PAPERCHAT_LLM__BASE_URL, "
                "e.g. http://localhost:8000/v1"
            )
        if not llm.model:
            raise ConfigError(
                "the openai-compatible provider needs a model name: set PAPERCHAT_LLM__MODEL"
            )
        # Only the configured key: OPENAI_API_KEY is never sent to a third-party URL.
        key = llm.api_key or SecretStr("not-needed")
        return _remote_chat(llm, model=llm.model, base_url=llm.base_url, key=key)
    raise ConfigError(f"unknown LLM provider {provider!r}: choose one of {', '.join(PROVIDERS)}")


def make_local_server(llm: LLMSettings, models_dir: Path) -> LocalServer:
    """Assemble/verify the GGUF for `llm.local_model` and describe (not start) its server."""
    spec = LOCAL_MODELS.get(llm.local_model)
    if spec is None:
        raise ConfigError(
            f"unknown local model {llm.local_model!r}: choose one of {', '.join(LOCAL_MODELS)}"
        )
    path = ensure_model_file(spec, models_dir)
    server = LocalServer(
        path,
        alias=spec.name,
        context_tokens=llm.context_tokens,
        threads=llm.threads,
        batch_size=LOCAL_BATCH_SIZE,
    )
    with _servers_lock:
        _servers.add(server)
    return server


def shutdown_local_models() -> None:
    """Stop every local server this module made (the app calls it on exit).

    A model used afterwards starts its server again; `atexit` stops that one.
    """
    with _servers_lock:
        servers = list(_servers)
    for server in servers:
        server.stop()


def provider_status(
    llm: LLMSettings,
    models_dir: Path,
    *,
    local_server: LocalServer | None = None,
    env: Mapping[str, str] | None = None,
) -> ProviderStatus:
    """A cheap readiness check: no model file is built, no server started, no request sent."""
    provider = llm.provider
    if provider == "extractive":
        return ProviderStatus(provider, "", True, "answers are composed from evidence sentences")
    if provider == "local":
        spec = LOCAL_MODELS.get(llm.local_model)
        if spec is None:
            return ProviderStatus(provider, llm.local_model, False, "unknown local model")
        if local_server is not None and local_server.is_alive():
            detail = f"serving at {local_server.base_url}"
        elif (models_dir / spec.filename).is_file():
            detail = "model file ready; the server starts on the first question"
        else:
            try:
                for name in spec.parts:
                    installed_part(name, spec.version)
            except ProviderError as exc:
                return ProviderStatus(provider, spec.name, False, str(exc))
            detail = "model packages installed; assembled on first use"
        return ProviderStatus(provider, spec.name, True, detail)
    try:
        model = make_chat_model(llm, models_dir, env=env)
    except ConfigError as exc:
        return ProviderStatus(provider, llm.model, False, str(exc))
    name = getattr(model, "model_name", llm.model)
    return ProviderStatus(provider, name, True, f"endpoint {getattr(model, 'endpoint', '')}")


# --- builders -----------------------------------------------------------------------------


def _openai_key(llm: LLMSettings, env: Mapping[str, str]) -> SecretStr | None:
    if llm.api_key is not None and llm.api_key.get_secret_value():
        return llm.api_key
    value = env.get("OPENAI_API_KEY", "").strip()
    return SecretStr(value) if value else None


def _local_chat(llm: LLMSettings, server: LocalServer) -> GuardedChatModel:
    clients: dict[str, BaseChatModel] = {}
    lock = threading.Lock()

    def connect() -> BaseChatModel:
        base_url = server.ensure_running()
        with lock:
            if base_url not in clients:
                clients.clear()
                clients[base_url] = _chat_openai(
                    llm, model=server.alias, base_url=base_url, key=SecretStr("local"),
                    # A local server that refuses a connection is down, not busy: fail fast.
                    max_retries=0,
                )
            return clients[base_url]

    return GuardedChatModel(
        provider="local",
        model_name=server.alias,
        endpoint="http://127.0.0.1 (in-process llama.cpp)",
        timeout_s=llm.timeout_s,
        connect=connect,
        on_connection_lost=server.recover,
    )


def _remote_chat(
    llm: LLMSettings, *, model: str, base_url: str | None, key: SecretStr
) -> GuardedChatModel:
    client = _chat_openai(llm, model=model, base_url=base_url, key=key, max_retries=2)
    return GuardedChatModel(
        provider=llm.provider,
        model_name=model,
        endpoint=base_url or "https://api.openai.com/v1",
        timeout_s=llm.timeout_s,
        connect=lambda: client,
        secret=key,
    )


def _chat_openai(
    llm: LLMSettings, *, model: str, base_url: str | None, key: SecretStr, max_retries: int
) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    return ChatOpenAI(
        model=model,
        base_url=base_url,
        api_key=key,
        temperature=llm.temperature,
        max_completion_tokens=llm.max_tokens,
        timeout=llm.timeout_s,
        max_retries=max_retries,
        stream_usage=True,
    )
