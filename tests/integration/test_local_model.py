"""The real 0.5B model behind the real xllamacpp server (needs `.[local-model]`).

About 20 s on a quiet 2-core machine, plus ~35 s for the one `slow` test.
"""

from __future__ import annotations

import json
import threading
import urllib.request

import pytest

from assistant.errors import ProviderError
from assistant.local_model import LOCAL_MODELS, LocalServer, ensure_model_file, installed_part
from assistant.providers import SERVER_STOPPED, make_chat_model
from assistant.settings import LLMSettings

pytestmark = pytest.mark.integration

SPEC = LOCAL_MODELS["qwen2.5-0.5b"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    try:
        for name in SPEC.parts:
            installed_part(name, SPEC.version)
    except ProviderError as exc:
        pytest.skip(str(exc))
    path = ensure_model_file(SPEC, tmp_path_factory.mktemp("models"))
    # One thread: on a busy 2-core box two llama.cpp threads wait on each other (10x slower).
    local = LocalServer(path, alias=SPEC.name, context_tokens=1024, threads=1)
    yield local
    local.stop()


@pytest.fixture(scope="module")
def model(server, tmp_path_factory):
    llm = LLMSettings(max_tokens=12, context_tokens=1024, timeout_s=60)
    return make_chat_model(llm, tmp_path_factory.mktemp("unused"), local_server=server)


def test_server_listens_on_loopback_with_the_model_alias(server):
    base_url = server.ensure_running()
    assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/v1")
    assert server.is_alive()
    with urllib.request.urlopen(f"{base_url}/models", timeout=5) as response:
        models = json.load(response)
    assert [m["id"] for m in models["data"]] == [SPEC.name]


def test_a_short_completion_returns_text(model):
    reply = model.invoke("Reply with one word: the colour of the sky on a clear day.")
    assert isinstance(reply.content, str) and reply.content.strip()
    assert reply.usage_metadata["output_tokens"] <= 12


def test_streaming_yields_several_chunks(model):
    chunks = [str(c.content) for c in model.stream("Count from 1 to 5.")]
    assert sum(1 for c in chunks if c) >= 2
    assert "1" in "".join(chunks)


def test_a_stopped_server_is_restarted_by_the_next_question(server, model):
    old = server.ensure_running()
    server.stop()
    assert not server.is_alive()
    assert model.invoke("Say hi.").content  # ensure_running() brings it back
    assert server.is_alive() and server.base_url.startswith("http://127.0.0.1:")
    assert old  # the port may differ after a restart; the model follows it


@pytest.mark.slow  # llama.cpp's teardown waits ~30 s for an answer in flight
def test_server_lost_mid_answer_gives_a_clear_error_then_recovers(server, model):
    server.ensure_running()
    stopper = threading.Thread(target=server.stop)  # as an app shutting down would
    with pytest.raises(ProviderError) as caught:
        for i, _ in enumerate(model.stream("Write a long poem about the sea.", max_tokens=200)):
            if i == 2:
                stopper.start()
    stopper.join(timeout=30)
    assert str(caught.value) == SERVER_STOPPED
    assert model.invoke("Say hi.").content
