"""The provider seam and model assembly, with fake parts and fake clients (no server, no net)."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import langchain_openai  # noqa: F401  (imported at collection: ~0.7 s that no test should pay)
import pytest
from langchain_core.exceptions import (
    ModelAuthenticationError,
    ModelConnectionError,
    ModelError,
)
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import SecretStr

from assistant.errors import ConfigError, ProviderError
from assistant.local_model import (
    LOCAL_MODELS,
    LocalModelSpec,
    LocalServer,
    ensure_model_file,
    installed_part,
)
from assistant.providers import (
    SERVER_STOPPED,
    GuardedChatModel,
    make_chat_model,
    provider_status,
)
from assistant.settings import LLMSettings

KEY = "sk-test-DO-NOT-LEAK-1234567890"
SLICES = [b"GGUF-head-", b"middle-bytes-", b"tail"]


def _spec(slices: list[bytes] = SLICES, *, sha: str | None = None) -> LocalModelSpec:
    whole = b"".join(slices)
    return LocalModelSpec(
        name="tiny",
        title="a fake model",
        parts=tuple(f"tiny-part{i}" for i in range(1, len(slices) + 1)),
        version="1.0",
        sha256=sha or hashlib.sha256(whole).hexdigest(),
        size=len(whole),
    )


@pytest.fixture
def parts(tmp_path: Path) -> dict[str, Path]:
    """Each fake distribution's slice, written in reverse so order comes from the spec."""
    found = {}
    for i, data in reversed(list(enumerate(SLICES, start=1))):
        path = tmp_path / "site" / f"part{i:02d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        found[f"tiny-part{i}"] = path
    return found


class Locator:
    def __init__(self, parts: dict[str, Path]):
        self.parts = parts
        self.calls: list[tuple[str, str]] = []

    def __call__(self, name: str, version: str) -> Path:
        self.calls.append((name, version))
        return self.parts[name]


# --- assembly ------------------------------------------------------------------------------


def test_assembles_parts_in_spec_order_and_stamps_the_hash(tmp_path, parts):
    spec = _spec()
    locate = Locator(parts)
    path = ensure_model_file(spec, tmp_path / "models", locate=locate)
    assert path == tmp_path / "models" / "tiny.gguf"
    assert path.read_bytes() == b"".join(SLICES)
    assert [name for name, _ in locate.calls] == ["tiny-part1", "tiny-part2", "tiny-part3"]
    assert {version for _, version in locate.calls} == {"1.0"}
    assert (tmp_path / "models" / "tiny.gguf.sha256").read_text().strip() == spec.sha256


def test_checksum_mismatch_raises_and_leaves_nothing_behind(tmp_path, parts):
    spec = _spec(sha="0" * 64)
    models = tmp_path / "models"
    with pytest.raises(ProviderError, match="checksum"):
        ensure_model_file(spec, models, locate=Locator(parts))
    assert list(models.iterdir()) == []


def test_a_verified_file_is_reused_without_reading_the_parts(tmp_path, parts):
    spec = _spec()
    models = tmp_path / "models"
    ensure_model_file(spec, models, locate=Locator(parts))

    def must_not_run(name: str, version: str) -> Path:
        raise AssertionError("parts were read again")

    assert ensure_model_file(spec, models, locate=must_not_run).read_bytes() == b"".join(SLICES)


def test_a_truncated_or_unstamped_file_is_rebuilt(tmp_path, parts):
    spec = _spec()
    models = tmp_path / "models"
    models.mkdir()
    (models / "tiny.gguf").write_bytes(b"GGUF-head-")  # an earlier copy cut short
    (models / "tiny.gguf.sha256").write_text(spec.sha256)
    locate = Locator(parts)
    assert ensure_model_file(spec, models, locate=locate).read_bytes() == b"".join(SLICES)
    assert len(locate.calls) == 3


def test_missing_part_package_tells_the_user_the_setup_command():
    with pytest.raises(ProviderError, match="make run") as caught:
        installed_part("paperchat-no-such-model-part1", "1.0")
    assert "paperchat-no-such-model-part1" in str(caught.value)


def _fake_distribution(site: Path, name: str, version: str, payload: bytes) -> None:
    package = name.replace("-", "_")
    (site / package / "data").mkdir(parents=True)
    (site / package / "data" / "part01.bin").write_bytes(payload)
    info = site / f"{package}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    record = f"{package}/data/part01.bin,,{len(payload)}\n{package}/__init__.py,,0\n"
    (info / "RECORD").write_text(record)


def test_installed_part_is_found_through_package_metadata(tmp_path, monkeypatch):
    site = tmp_path / "site-packages"
    _fake_distribution(site, "paperchat-fake-part1", "2.0", b"slice")
    monkeypatch.syspath_prepend(str(site))
    assert installed_part("paperchat-fake-part1", "2.0").read_bytes() == b"slice"
    with pytest.raises(ProviderError, match="2.0 is installed but paperchat needs 3.0"):
        installed_part("paperchat-fake-part1", "3.0")


def test_pinned_specs_are_consistent():
    for name, spec in LOCAL_MODELS.items():
        assert spec.name == name
        assert len(spec.sha256) == 64 and spec.size > 100_000_000
        assert len(set(spec.parts)) == len(spec.parts)


def test_local_server_does_nothing_until_asked(tmp_path):
    server = LocalServer(tmp_path / "absent.gguf", alias="tiny")
    assert not server.is_alive()
    with pytest.raises(ProviderError, match="not running"):
        _ = server.base_url
    with pytest.raises(ProviderError, match="model file is missing"):
        server.ensure_running()
    server.stop()  # stopping a server that never started is harmless


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_refusing_server_is_restarted_but_a_stopped_one_is_not_recovered(tmp_path, monkeypatch):
    server = LocalServer(tmp_path / "m.gguf", alias="tiny")
    starts: list[str] = []

    def fake_start() -> None:
        starts.append("start")
        server._server, server._address = object(), "http://127.0.0.1:1"

    monkeypatch.setattr(server, "_start_locked", fake_start)
    server.recover()  # never started: recovering must not start it
    assert starts == []

    server._server, server._address = object(), f"http://127.0.0.1:{_closed_port()}"
    assert not server.is_alive()
    assert server.ensure_running() == "http://127.0.0.1:1/v1"
    assert starts == ["start"]


# --- the factory ----------------------------------------------------------------------------


def _llm(**values: Any) -> LLMSettings:
    return LLMSettings().model_copy(update=values)


def test_unknown_provider_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="unknown LLM provider 'nope'"):
        make_chat_model(_llm(provider="nope"), tmp_path, env={})


def test_extractive_needs_no_model(tmp_path):
    assert make_chat_model(_llm(provider="extractive"), tmp_path, env={}) is None


def test_openai_without_a_key_says_where_to_put_one(tmp_path):
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        make_chat_model(_llm(provider="openai"), tmp_path, env={})


def test_openai_key_from_env_or_settings_never_shows(tmp_path):
    from_env = make_chat_model(_llm(provider="openai"), tmp_path, env={"OPENAI_API_KEY": KEY})
    from_settings = make_chat_model(
        _llm(provider="openai", api_key=SecretStr(KEY), model="gpt-4.1-mini"), tmp_path, env={}
    )
    assert isinstance(from_env, GuardedChatModel) and isinstance(from_settings, GuardedChatModel)
    assert from_env.model_name == "gpt-4o-mini"
    assert from_settings.model_name == "gpt-4.1-mini"
    for model in (from_env, from_settings):
        client = model.connect()
        shown = [repr(model), str(model), repr(client), str(client), str(model.model_dump())]
        assert not any(KEY in text for text in shown)


def test_openai_compatible_needs_a_url_and_a_model(tmp_path):
    with pytest.raises(ConfigError, match="BASE_URL"):
        make_chat_model(_llm(provider="openai-compatible", model="m"), tmp_path, env={})
    with pytest.raises(ConfigError, match="MODEL"):
        make_chat_model(
            _llm(provider="openai-compatible", base_url="http://127.0.0.1:9/v1"), tmp_path, env={}
        )
    model = make_chat_model(
        _llm(provider="openai-compatible", base_url="http://127.0.0.1:9/v1", model="m"),
        tmp_path,
        env={"OPENAI_API_KEY": KEY},
    )
    assert isinstance(model, GuardedChatModel) and model.endpoint == "http://127.0.0.1:9/v1"
    # The OpenAI key is not sent to somebody else's server.
    assert model.secret is not None and model.secret.get_secret_value() != KEY


def test_status_reports_without_building_anything(tmp_path):
    assert provider_status(_llm(provider="extractive"), tmp_path, env={}).ready
    missing = provider_status(_llm(provider="openai"), tmp_path, env={})
    assert not missing.ready and "OPENAI_API_KEY" in missing.detail
    ok = provider_status(_llm(provider="openai"), tmp_path, env={"OPENAI_API_KEY": KEY})
    assert ok.ready and KEY not in repr(ok)


class FakeServer:
    """Stands in for LocalServer: records starts and recoveries."""

    alias = "tiny"

    def __init__(self) -> None:
        self.starts = 0
        self.recovered = 0

    def ensure_running(self) -> str:
        self.starts += 1
        return "http://127.0.0.1:9/v1"

    def recover(self) -> None:
        self.recovered += 1


def test_local_model_starts_nothing_when_made(tmp_path):
    server = FakeServer()
    model = make_chat_model(
        _llm(provider="local"), tmp_path, local_server=server, env={}  # type: ignore[arg-type]  # a fake server stands in for the real one
    )
    assert isinstance(model, GuardedChatModel) and model.model_name == "tiny"
    assert server.starts == 0


# --- error translation ----------------------------------------------------------------------


class Scripted(BaseChatModel):
    """Answers with `reply`, or raises `error` (after streaming one chunk, when streaming)."""

    reply: str = "ok [1]"
    error: Any = None

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:
        if self.error is not None:
            raise self.error
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply))])

    def _stream(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        yield ChatGenerationChunk(message=AIMessageChunk(content="ok "))
        if self.error is not None:
            raise self.error
        yield ChatGenerationChunk(message=AIMessageChunk(content="[1]"))


def _guarded(inner: BaseChatModel, **extra: Any) -> GuardedChatModel:
    return GuardedChatModel(provider="openai", model_name="m", connect=lambda: inner, **extra)


def test_guarded_model_passes_answers_and_chunks_through():
    model = _guarded(Scripted())
    assert model.invoke("hi").content == "ok [1]"
    assert "".join(str(c.content) for c in model.stream("hi")) == "ok [1]"


def test_errors_never_carry_the_key():
    leaky = Scripted(error=ModelError(f"upstream said: bad request for key {KEY}"))
    with pytest.raises(ProviderError) as caught:
        _guarded(leaky, secret=SecretStr(KEY)).invoke("hi")
    assert KEY not in str(caught.value) and "***" in str(caught.value)

    rejected = Scripted(error=ModelAuthenticationError(f"Incorrect API key provided: {KEY}"))
    with pytest.raises(ProviderError, match="rejected the API key") as caught:
        _guarded(rejected, secret=SecretStr(KEY)).invoke("hi")
    assert caught.value.__cause__ is None and KEY not in str(caught.value)


def test_lost_local_server_is_recovered_once_and_explained():
    server = FakeServer()
    model = _guarded(Scripted(error=ModelConnectionError("Connection error.")),
                     on_connection_lost=server.recover)
    with pytest.raises(ProviderError) as caught:
        list(model.stream("hi"))
    assert str(caught.value) == SERVER_STOPPED
    assert server.recovered == 1


def test_unreachable_remote_names_the_endpoint():
    model = _guarded(Scripted(error=ModelConnectionError("Connection error.")),
                     endpoint="http://10.0.0.1:8000/v1")
    with pytest.raises(ProviderError, match="cannot reach the openai model at http://10.0.0.1"):
        model.invoke("hi")


def test_every_provider_name_is_accepted_by_settings_cli_and_eval():
    from assistant.settings import LLMSettings
    from assistant.types import PROVIDERS
    from eval.configs import parse_config
    from ui.cli import build_parser

    for provider in PROVIDERS:
        assert LLMSettings(provider=provider).provider == provider
        assert parse_config(f"bm25+{provider}").provider == provider
        assert build_parser().parse_args(["ask", "q", "--provider", provider]).provider == provider
    with pytest.raises(ValueError):
        LLMSettings(provider="nope")
