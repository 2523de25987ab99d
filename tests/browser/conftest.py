"""The real page in Debian's Chromium: one app per session, served on 127.0.0.1.

The app wraps a real Assistant (real Chroma in a temp dir, the MiniLM embedder when it loads,
else the keyword fake) with the extractive provider, so answers are deterministic and no model
runs. Every page records its requests; a request to any other host fails the test.
"""

from __future__ import annotations

import dataclasses
import os
import re
import socket
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BUNDLED = Path(__file__).resolve().parents[2] / "assistant" / "data" / \
    "daily_papers_self_evolving.txt"

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make browser`) to run the "
                "browser tests", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _embeddings(settings):
    """MiniLM from its PyPI package when it loads here; the keyword fake otherwise."""
    try:
        embeddings = settings.make_embeddings()
        embeddings.embed_query("warm up")
        return embeddings
    except Exception:  # not installed or not ready: the page is what is under test
        from fakes import KeywordEmbeddings

        return KeywordEmbeddings()


def _paced_assistant_class():
    from assistant.answering import AnswerDelta
    from assistant.service import Assistant
    from assistant.types import Answer

    class PacedAssistant(Assistant):
        """The real extractive Assistant, slowed down on demand: with `pace` > 0 each streamed
        word waits that long, like a slow model; with `stage_pace` > 0 each other event after
        the first (a stage, a table's skeleton, a cell) waits that long before it is sent,
        like a loaded machine. `closed` records when each stream was closed (by finishing or
        by Stop)."""

        pace = 0.0
        stage_pace = 0.0
        load_pace = 0.0
        paced_frame = None
        closed: list[float] = []

        def papers(self):
            # With `load_pace` > 0, each page-load refresh of the Papers tab (`_facets`) is
            # that much slower, like a loaded server; every other reader gets the papers at
            # once.
            if PacedAssistant.load_pace:
                frame = sys._getframe(1)
                while frame is not None and frame.f_code.co_name != "_facets":
                    frame = frame.f_back
                if frame is not None and frame is not PacedAssistant.paced_frame:
                    PacedAssistant.paced_frame = frame  # once per refresh, however it reads
                    time.sleep(PacedAssistant.load_pace)
            return super().papers()

        def stream(self, question, history=(), *, mode="auto", k=None, papers=()):
            return self._paced(super().stream(question, history, mode=mode, k=k, papers=papers))

        def _paced(self, events):
            try:
                for index, event in enumerate(events):
                    if index and PacedAssistant.stage_pace \
                            and not isinstance(event, AnswerDelta | Answer):
                        time.sleep(PacedAssistant.stage_pace)
                    if not isinstance(event, AnswerDelta) or not PacedAssistant.pace:
                        yield event
                        continue
                    for word in re.findall(r"\S+\s*", event.text):
                        time.sleep(PacedAssistant.pace)
                        yield dataclasses.replace(event, text=word)
            finally:
                PacedAssistant.closed.append(time.monotonic())

    return PacedAssistant


@pytest.fixture(scope="session")
def served(tmp_path_factory):
    """(url, the Assistant class serving it, the Assistant)."""
    from assistant.settings import Settings
    from ui.app import serve
    from vectorstore.chroma_store import ChromaStore

    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in os.environ if k.startswith("PAPERCHAT_")]:
            mp.delenv(key)
        mp.setenv("GRADIO_TEMP_DIR", str(tmp_path_factory.mktemp("gradio")))
        settings = Settings(home=tmp_path_factory.mktemp("browser") / "home",
                            corpus=[BUNDLED])
        paced = _paced_assistant_class()
        assistant = paced(settings, ChromaStore.open(settings), _embeddings(settings),
                          provider="extractive")
        port = _free_port()
        app = serve(assistant, host="127.0.0.1", port=port, block=False)
        try:
            yield f"http://127.0.0.1:{port}/", paced, assistant
        finally:
            app.close()


@pytest.fixture(scope="session")
def app_url(served):
    return served[0]


@pytest.fixture
def slow_answers(served):
    """Answers stream one word every `pace` seconds for this test."""
    paced = served[1]
    paced.pace = 0.25
    paced.closed.clear()
    yield paced
    paced.pace = 0.0


@pytest.fixture
def slow_stages(served):
    """Stages, table skeletons and cells arrive `stage_pace` seconds apart for this test."""
    paced = served[1]
    paced.stage_pace = 0.4
    yield paced
    paced.stage_pace = 0.0


@pytest.fixture
def stalled_stages(served):
    """Each stage, skeleton or cell after the first waits 2.5 s: a machine under load."""
    paced = served[1]
    paced.stage_pace = 2.5
    yield paced
    paced.stage_pace = 0.0


@pytest.fixture(scope="session")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(20_000)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(app_url)
    page.wait_for_selector("#pc-question textarea")
    yield page
    context.close()
    outside = sorted({u for u in requested if urlparse(u).hostname != "127.0.0.1"
                      and not u.startswith(("data:", "blob:"))})
    assert not outside, f"the page requested other hosts: {outside}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("ui-*.png"):
        old.unlink()
    return ARTIFACTS


@pytest.fixture
def ask():
    """Type a question, press Enter, wait until its final answer (with its note) is shown."""
    def ask(page, question: str) -> None:
        before = page.locator("#pc-chat .pc-note").count()
        page.fill("#pc-question textarea", question)
        page.keyboard.press("Enter")
        page.wait_for_function("n => document.querySelectorAll('#pc-chat .pc-note').length > n",
                               arg=before, timeout=30_000)

    return ask
