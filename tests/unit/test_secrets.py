"""API keys come only from the env or settings and never reach an output.

Every test sets distinctive fake keys, drives one way out (the CLI, `ask --json`, settings
reprs, the log at DEBUG, the eval report, the web chat's handlers) and greps what came out for
them. The remote endpoints are a tiny HTTP server on 127.0.0.1 that echoes the key it was sent
back in its error message, as a careless provider might, so a leak has every chance to show;
a closed port stands for an endpoint that is down. The socket guard from tests/netguard.py is on
throughout: no test here can reach api.openai.com by mistake.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

import netguard
import pytest
from fakes import KeywordEmbeddings

OPENAI_KEY = "sk-test-SECRET123-openai-7c41d9e2"
LLM_KEY = "pc-test-SECRET456-llm-0b9f3a11"
EMBEDDER_KEY = "emb-test-SECRET789-4d2e"
STORE_TOKEN = "chroma-test-SECRET000-91ab"
UI_PASSWORD = "ui-test-SECRET321-pass"
SECRETS = (OPENAI_KEY, LLM_KEY, EMBEDDER_KEY, STORE_TOKEN, UI_PASSWORD)
QUESTION = "What does rStar-Math do?"
ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "assistant" / "data" / "daily_papers_self_evolving.txt"


def assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"a key leaked into {where}"
        # The SDKs quote keys as 'sk-test-****...e2': the distinctive middle must not show either.
    assert "SECRET123" not in text and "SECRET456" not in text, f"part of a key leaked into {where}"


# --- a provider that echoes keys ----------------------------------------------------------------


class EchoingProvider(http.server.ThreadingHTTPServer):
    """An OpenAI-style endpoint that fails every request and quotes the caller's key."""

    daemon_threads = True

    def __init__(self, status: int):
        super().__init__(("127.0.0.1", 0), _EchoHandler)
        self.status = status
        self.keys_seen: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _EchoHandler(http.server.BaseHTTPRequestHandler):
    server: EchoingProvider

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        key = self.headers.get("Authorization", "").removeprefix("Bearer ")
        self.server.keys_seen.append(key)
        body = json.dumps({"error": {
            "message": f"Incorrect API key provided: {key}. You passed {key!r}.",
            "type": "invalid_request_error", "code": "invalid_api_key", "param": key,
        }}).encode()
        self.send_response(self.server.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep pytest's output clean
        pass


@contextlib.contextmanager
def echoing_provider(status: int) -> Iterator[EchoingProvider]:
    server = EchoingProvider(status)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"  # nothing listens once the socket is closed


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def guarded_sockets():
    """Refuse anything but loopback while a test runs, and fail a test that tried."""
    netguard.install()
    before = len(netguard.attempts)
    try:
        yield
    finally:
        tried = netguard.attempts[before:]
        netguard.uninstall()
    assert tried == [], f"a test tried to leave the machine: {tried}"


@pytest.fixture(scope="module")
def indexed_home(tmp_path_factory) -> Path:
    """A home whose index holds the bundled corpus under the keyword embedder (fast)."""
    from assistant.service import Assistant
    from assistant.settings import Settings
    from vectorstore.chroma_store import ChromaStore

    home = tmp_path_factory.mktemp("secrets") / "home"
    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("PAPERCHAT_")]:
            mp.delenv(key)
        settings = Settings(home=home)
        Assistant(settings, ChromaStore.open(settings), KeywordEmbeddings(),
                  provider="extractive").index([BUNDLED])
    return home


@pytest.fixture
def keys(monkeypatch, tmp_path, indexed_home):
    """Keys where a user puts them: OPENAI_API_KEY and the PAPERCHAT_ settings env."""
    monkeypatch.chdir(tmp_path)  # no stray paperchat.toml
    for key in [k for k in os.environ if k.startswith(("PAPERCHAT_", "OPENAI_"))]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("PAPERCHAT_HOME", str(indexed_home))
    monkeypatch.setenv("OPENAI_API_KEY", OPENAI_KEY)
    monkeypatch.setenv("PAPERCHAT_LLM__API_KEY", LLM_KEY)
    monkeypatch.setenv("PAPERCHAT_LLM__MODEL", "test-model")
    monkeypatch.setenv("PAPERCHAT_LLM__TIMEOUT_S", "5")
    monkeypatch.setenv("PAPERCHAT_EMBEDDER__API_KEY", EMBEDDER_KEY)
    monkeypatch.setenv("PAPERCHAT_STORE__TOKEN", STORE_TOKEN)
    monkeypatch.setenv("PAPERCHAT_UI__PASSWORD", UI_PASSWORD)
    # The keyword embedder stands in for MiniLM wherever the product builds one from settings.
    monkeypatch.setattr("assistant.settings.Settings.make_embeddings",
                        lambda self: KeywordEmbeddings())
    return monkeypatch


def _endpoint(keys, provider: str, url: str) -> None:
    """Point `provider` at `url`: openai-compatible via settings, openai via the SDK's env."""
    keys.setenv("PAPERCHAT_LLM__PROVIDER", provider)
    if provider == "openai":
        keys.delenv("PAPERCHAT_LLM__API_KEY", raising=False)  # so OPENAI_API_KEY is sent
        keys.setenv("OPENAI_BASE_URL", url)
    else:
        keys.setenv("PAPERCHAT_LLM__API_KEY", LLM_KEY)
        keys.setenv("PAPERCHAT_LLM__BASE_URL", url)


def _assistant(provider: str | None = None):
    from assistant.service import Assistant
    from assistant.settings import Settings
    from vectorstore.chroma_store import ChromaStore

    settings = Settings()
    return Assistant(settings, ChromaStore.open(settings), KeywordEmbeddings(),
                     provider=provider)


FAILURES = [  # (provider, HTTP status or None for a closed port)
    ("openai-compatible", 401),
    ("openai-compatible", 400),
    ("openai-compatible", None),
    ("openai", 401),
    ("openai", 403),
]


@contextlib.contextmanager
def failing_endpoint(keys, provider: str, status: int | None) -> Iterator[EchoingProvider | None]:
    if status is None:
        _endpoint(keys, provider, closed_port_url())
        yield None
        return
    with echoing_provider(status) as server:
        _endpoint(keys, provider, server.base_url)
        yield server


def _check_key_was_sent(server: EchoingProvider | None, provider: str) -> None:
    """The leak checks mean something only if the key really travelled to the endpoint."""
    if server is not None:
        expected = OPENAI_KEY if provider == "openai" else LLM_KEY
        assert expected in server.keys_seen


# --- settings ----------------------------------------------------------------------------------


def test_settings_reprs_and_dumps_hide_every_key(keys):
    from assistant.settings import Settings
    from eval.configs import parse_config

    settings = Settings()
    assert settings.llm.api_key.get_secret_value() == LLM_KEY  # read from the env
    assert settings.ui.password.get_secret_value() == UI_PASSWORD
    shown = [repr(settings), str(settings), settings.model_dump_json(),
             json.dumps(settings.model_dump(mode="json")), repr(settings.model_dump()),
             repr(settings.llm), str(settings.store), repr(settings.embedder),
             json.dumps(parse_config("hybrid+openai").describe(settings), default=str)]
    for text in shown:
        assert_no_secret(text, "a settings dump")


@pytest.mark.parametrize("provider", ["openai", "openai-compatible"])
def test_chat_models_and_status_hide_the_key(keys, tmp_path, provider):
    from assistant.providers import make_chat_model, provider_status
    from assistant.settings import Settings

    _endpoint(keys, provider, "http://127.0.0.1:9/v1")
    llm = Settings().llm
    model = make_chat_model(llm, tmp_path)
    status = provider_status(llm, tmp_path)
    assert status.ready
    shown = [repr(model), str(model), repr(model.connect()), json.dumps(model.model_dump(),
             default=str), repr(status), str(model._identifying_params)]
    for text in shown:
        assert_no_secret(text, f"the {provider} model's repr")


def test_a_misspelled_key_variable_is_not_echoed_in_the_error(keys, capsys):
    """A user who types PAPERCHAT_LLM__APIKEY gets a validation error: it must name the
    variable, not print the key it holds, neither as an exception nor from the CLI."""
    from pydantic import ValidationError

    from assistant.settings import Settings

    keys.delenv("PAPERCHAT_LLM__API_KEY")
    keys.setenv("PAPERCHAT_LLM__APIKEY", LLM_KEY)
    with pytest.raises(ValidationError) as caught:
        Settings()
    assert "apikey" in str(caught.value)
    assert_no_secret(str(caught.value), "a settings validation error")
    code, shown = _run_cli(["ask", "--provider", "extractive", QUESTION], capsys)
    assert code != 0 and "apikey" in shown
    assert_no_secret(shown, "the CLI's report of a settings error")


# --- the command line --------------------------------------------------------------------------


def _run_cli(argv: list[str], capsys) -> tuple[int | str, str]:
    """main() in this process; an uncaught exception counts as output (it would be printed)."""
    from ui.cli import main

    try:
        code: int | str = main(argv)
    except BaseException:  # noqa: BLE001 (what a user would see is the point)
        code, crash = "crashed", traceback.format_exc()
    else:
        crash = ""
    out, err = capsys.readouterr()
    return code, out + err + crash


@pytest.mark.parametrize(("provider", "status"), FAILURES)
def test_cli_ask_failures_never_print_the_key(keys, capsys, provider, status):
    with failing_endpoint(keys, provider, status) as server:
        code, shown = _run_cli(["ask", "--provider", provider, QUESTION], capsys)
        code_json, shown_json = _run_cli(["ask", "--json", QUESTION], capsys)
    _check_key_was_sent(server, provider)
    assert code == 2 and code_json == 2, shown + shown_json  # a clean, explained failure
    assert "paperchat: " in shown and "paperchat: " in shown_json
    assert_no_secret(shown + shown_json, f"`paperchat ask` output ({provider}, {status})")


def test_cli_batch_errors_in_the_output_file_carry_no_key(keys, capsys, tmp_path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "q1", "question": QUESTION}) + "\n")
    answers = tmp_path / "answers.jsonl"
    with failing_endpoint(keys, "openai-compatible", 400) as server:
        code, shown = _run_cli(["ask", "--input", str(questions), "--output", str(answers)],
                               capsys)
    _check_key_was_sent(server, "openai-compatible")
    written = answers.read_text()
    assert code == 0 and "error" in json.loads(written)
    assert_no_secret(shown + written, "the batch answers file")


def test_debug_logging_never_records_the_key(keys, caplog):
    """Every logger at DEBUG (httpx, openai, langchain, ours) while the key travels and fails."""
    caplog.set_level(logging.DEBUG)
    from assistant.errors import ProviderError

    for provider, status in FAILURES:
        with failing_endpoint(keys, provider, status) as server:
            with pytest.raises(ProviderError):
                _assistant().ask(QUESTION)
        _check_key_was_sent(server, provider)
    assert "HTTP Request" in caplog.text or "Request options" in caplog.text  # DEBUG was on
    assert_no_secret(caplog.text, "the log")


@pytest.mark.slow
def test_python_m_cli_in_a_fresh_process_prints_no_key(keys, tmp_path):
    """The real `python -m ui.cli`: whatever its process prints, warnings included."""
    tests = str(ROOT / "tests")
    # `python -m ui.cli`, with the keyword embedder standing in for MiniLM (fast).
    wrapper = (f"import sys, runpy; sys.path.insert(0, {tests!r})\n"
               "from fakes import KeywordEmbeddings\n"
               "import assistant.settings as s\n"
               "s.Settings.make_embeddings = lambda self: KeywordEmbeddings()\n"
               "sys.argv = ['paperchat'] + sys.argv[1:]\n"
               "runpy.run_module('ui.cli', run_name='__main__')\n")
    log = tmp_path / "attempts.jsonl"
    env = {**os.environ, "PYTHONWARNINGS": "always", netguard.LOG_ENV: str(log),
           "PYTHONPATH": str(netguard.sitecustomize_dir(tmp_path / "site"))}
    runs = []
    with echoing_provider(401) as server:
        for url in (closed_port_url(), server.base_url):
            env["PAPERCHAT_LLM__BASE_URL"] = url
            runs.append(subprocess.run(
                [sys.executable, "-c", wrapper, "ask", "--provider", "openai-compatible",
                 "--json", QUESTION], env=env, capture_output=True, text=True, timeout=120))
    assert LLM_KEY in server.keys_seen
    for run in runs:
        assert run.returncode == 2, run.stderr
        assert_no_secret(run.stdout + run.stderr, "the CLI process output")
    assert netguard.read_log(log) == []


# --- the eval harness --------------------------------------------------------------------------


def test_eval_report_files_carry_no_key(keys, capsys, tmp_path):
    """An eval run whose provider and judge both fail against the key-echoing endpoint."""
    dataset = tmp_path / "qa.jsonl"
    dataset.write_text("\n".join(json.dumps(item) for item in [
        {"id": "s-1", "question": QUESTION, "type": "factual",
         "gold_titles": ["rStar-Math: Small LLMs Can Master Math Reasoning with Self-Evolved "
                         "Deep Thinking"], "must_include": ["MCTS"], "names_method": True},
        {"id": "s-2", "question": "Who won the 2018 FIFA World Cup?", "type": "unanswerable",
         "gold_titles": [], "must_include": [], "names_method": False},
    ]) + "\n")
    out, cache = tmp_path / "report", tmp_path / "cache"
    with failing_endpoint(keys, "openai-compatible", 400) as server:
        code, shown = _run_cli(["eval", "--dataset", str(dataset), "--no-progress",
                                "--config", "hybrid+openai-compatible",
                                "--config", "hybrid+extractive", "--judge", "openai-compatible",
                                "--out", str(out), "--cache", str(cache)], capsys)
    _check_key_was_sent(server, "openai-compatible")
    assert code == 0, shown
    rows = [json.loads(line) for line in (out / "per_question.jsonl").read_text().splitlines()]
    assert any(r.get("error") for r in rows) and any(r.get("judge_error") for r in rows)
    written = [p for d in (out, cache) for p in d.rglob("*") if p.is_file()]
    assert any(p.suffix == ".html" for p in written) and any(p.suffix == ".png" for p in written)
    for path in written:
        assert_no_secret(path.read_bytes().decode("latin-1"), str(path.relative_to(tmp_path)))
    assert_no_secret(shown, "the eval console output")


# --- the web chat ------------------------------------------------------------------------------


@pytest.mark.parametrize(("provider", "status"), FAILURES)
def test_chat_errors_and_rendered_html_never_show_the_key(keys, tmp_path, provider, status):
    from ui.app import AssistantPool, export_file, respond
    from ui.render import chat_messages, sources_html

    with failing_endpoint(keys, provider, status) as server:
        base = _assistant(provider="extractive")
        chosen = AssistantPool(base).get(provider)  # what the Settings dropdown does
        updates = list(respond(chosen, QUESTION, []))
    _check_key_was_sent(server, provider)
    messages, exchanges, panel = updates[-1]
    assert exchanges[-1].error, "the endpoint failed, so the chat must show an error"
    export = export_file(exchanges, tmp_path / "exports")
    shown = json.dumps([u[0] for u in updates]) + (panel or "") + exchanges[-1].error + \
        json.dumps(chat_messages(exchanges)) + sources_html(exchanges, lambda _: None) + \
        Path(export).read_text()
    assert_no_secret(shown, f"the chat ({provider}, {status})")
