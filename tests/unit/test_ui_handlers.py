"""The web chat's handlers and render helpers, without a browser.

One extractive Assistant over the bundled corpus is shared by the module (indexing it per test
would cost most of a second each); tests that change the index build their own.
"""

from __future__ import annotations

import html
import json
import re
import time
from pathlib import Path

import pytest
from fakes import KeywordEmbeddings, ScriptedChatModel

from assistant.errors import ConfigError, ProviderError
from assistant.types import Answer, Chunk, Citation, Evidence, Hit, Paper, Sentence
from ui.app import (
    AssistantPool,
    add_papers,
    drain,
    example_questions,
    export_dir,
    export_file,
    friendly_error,
    history_turns,
    is_loopback,
    papers_table,
    respond,
    restore_settings,
    serve,
)
from ui.conversations import ConversationStore
from ui.render import (
    Exchange,
    answer_markdown,
    chat_messages,
    copy_markdown,
    export_markdown,
    highlight,
    paper_links,
    safe_url,
    sources_html,
)
from ui.session import Ask, ChatSession

BUNDLED = Path(__file__).resolve().parents[1].parent / "assistant" / "data" / \
    "daily_papers_self_evolving.txt"


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    from assistant.service import Assistant
    from assistant.settings import Settings
    from vectorstore.chroma_store import ChromaStore

    with pytest.MonkeyPatch.context() as mp:
        for key in [k for k in __import__("os").environ if k.startswith("PAPERCHAT_")]:
            mp.delenv(key)
        settings = Settings(home=tmp_path_factory.mktemp("ui") / "home")
    assistant = Assistant(settings, ChromaStore.open(settings), KeywordEmbeddings(),
                          provider="extractive")
    assistant.index([BUNDLED])
    return assistant


def _final(assistant, question, exchanges=None, **kw):
    *_, last = respond(assistant, question, exchanges, **kw)
    return last


# --- streaming and the chat ------------------------------------------------------------------


def test_streaming_yields_growing_text_then_the_verified_answer(shared):
    from assistant.service import Assistant

    model = ScriptedChatModel.make([
        "rStar-Math exercises deep thinking through Monte Carlo Tree Search (MCTS) [2]. "
        "The moon is made of cheese [1]."
    ])
    assistant = Assistant(shared.settings, shared.store, shared.embeddings, model,
                          provider="scripted")
    updates = list(respond(assistant, "What does rStar-Math do?", []))
    streamed = [messages[-1]["content"] for messages, _, _ in updates[1:-1]
                if "…" not in messages[-1]["content"]]  # stage notes come first
    assert len(streamed) > 3
    lengths = [len(text) for text in streamed]
    assert lengths == sorted(lengths) and "▍" in streamed[-1]
    assert all(panel is None for _, _, panel in updates[:-1])  # panel unchanged mid-stream
    messages, exchanges, panel = updates[-1]
    final = exchanges[-1].answer
    assert final is not None and final.citations
    assert "cheese" in streamed[-1] and "cheese" not in messages[-1]["content"]
    assert messages[-1]["content"] == answer_markdown(final, 0)
    assert 'href="#pc-0-' in messages[-1]["content"] and "<mark" in panel


def test_extractive_answer_links_citations_to_highlighted_sentences(shared):
    messages, exchanges, panel = _final(shared, "What does rStar-Math do?")
    answer = exchanges[0].answer
    assert [m["role"] for m in messages] == ["user", "assistant"]
    for citation in answer.citations:
        assert f'href="#pc-0-{citation.n}"' in messages[-1]["content"]
        assert f'id="pc-0-{citation.n}"' in panel
    # Each <mark> holds exactly the evidence sentence its citation points to.
    marks = dict(re.findall(r'<mark id="pc-0-(\d+)" class="pc-mark">(.*?)</mark>', panel, re.S))
    evidence = {e.n: e.text for e in answer.evidence}
    assert marks and all(html.unescape(text) == evidence[int(n)] for n, text in marks.items())
    assert "rStar-Math: Small LLMs" in panel and "github.com/microsoft/rStar" in panel


def test_comparison_is_a_table_and_list_is_ranked(shared):
    messages, _, _ = _final(shared, "Compare SPHERE and rStar-Math on how they make training data")
    table = messages[-1]["content"]
    assert table.startswith("| Paper |") and "| --- |" in table and "rStar-Math" in table
    messages, _, _ = _final(shared, "Which papers evaluate on AIME?")
    assert re.search(r"^1\. \*\*", messages[-1]["content"], re.M)


def test_abstained_answer_is_shown_plainly(shared):
    messages, exchanges, panel = _final(shared, "What is the capital of France?")
    assert exchanges[0].answer.abstained
    assert messages[-1]["content"].startswith("I can&#x27;t answer that from these papers.")
    assert "No sources" in panel


def test_follow_up_sends_earlier_turns_as_history(shared):
    _, exchanges, _ = _final(shared, "What does rStar-Math do?")
    turns = history_turns(exchanges)
    assert [t.role for t in turns] == ["user", "assistant"]
    assert turns[0].content == "What does rStar-Math do?"
    assert turns[1].content == exchanges[0].answer.text
    messages, exchanges, panel = _final(shared, "How does it compare to SPHERE?", exchanges)
    assert len(exchanges) == 2 and len(messages) == 4
    assert exchanges[1].answer.standalone_question == "How does rStar-Math compare to SPHERE?"
    assert exchanges[1].answer.mode == "comparison"
    assert 'id="pc-turn-1" open' in panel and 'id="pc-turn-0">' in panel


# --- errors ------------------------------------------------------------------------------------


class _Failing:
    provider = "local"

    def __init__(self, exc):
        self.exc = exc

    def stream(self, question, history, *, mode, k, papers=()):
        yield from ()
        raise self.exc

    def paper(self, paper_id):
        return None


@pytest.mark.parametrize("exc, words", [
    (ProviderError("the local model server is not responding"), "not responding"),
    (ConfigError("no API key for openai"), "no API key"),
    (RuntimeError("boom <b>"), "something unexpected went wrong (RuntimeError)"),
])
def test_errors_become_messages_in_the_chat(exc, words):
    messages, exchanges, _ = _final(_Failing(exc), "What does rStar-Math do?")
    text = messages[-1]["content"]
    assert "Couldn't answer" in text and words in text
    assert "Traceback" not in text and "<b>" not in text
    assert exchanges[-1].error and exchanges[-1].answer is None


def test_bad_questions_are_refused_and_the_chat_keeps_working(shared):
    messages, exchanges, _ = _final(shared, "   ")
    assert "Please type a question" in messages[-1]["content"]
    messages, exchanges, _ = _final(shared, "x" * 5000, exchanges)
    assert "please keep it under" in messages[-1]["content"]
    messages, exchanges, _ = _final(shared, "What does rStar-Math do?", exchanges)
    assert len(exchanges) == 3 and exchanges[-1].answer is not None
    assert 'href="#pc-2-1"' in messages[-1]["content"]
    assert history_turns(exchanges)[0].content == "What does rStar-Math do?"  # errors skipped


# --- escaping and highlighting -----------------------------------------------------------------


def _hostile_answer() -> Answer:
    title = 'Evil <img src=x onerror="alert(1)"> paper'
    body = ("We hack <script>alert('x')</script> things. See [click](http://evil.example/x) "
            "and ![pic](http://evil.example/p.png). It works.")
    text = f"{title}\n\n{body}"
    first = text.index("We hack")
    second = text.index("It works.")
    sentences = [Sentence(index=0, start=first, end=second - 1, text=text[first:second - 1]),
                 Sentence(index=1, start=second, end=len(text), text="It works.")]
    chunk = Chunk(id="evil#0", paper_id="evil", ordinal=0, title=title, text=text,
                  sentences=sentences, token_count=40, paper_hash="h")
    evidence = [Evidence(n=i + 1, paper_id="evil", title=title, chunk_id="evil#0", text=s.text,
                         start=s.start, end=s.end) for i, s in enumerate(sentences)]
    return Answer(
        question="q", standalone_question="q", provider="extractive",
        text=f"{sentences[0].text} [1]. <b>bold</b> [2].",
        evidence=evidence,
        citations=[Citation(n=1, paper_id="evil", title=title, url="javascript:alert(1)",
                            quote=sentences[0].text, support=1.0),
                   Citation(n=2, paper_id="evil", title=title, quote="It works.", support=1.0)],
        hits=[Hit(paper_id="evil", title=title, url="javascript:alert(1)", score=1.0,
                  chunk=chunk)],
    )


def test_paper_html_is_escaped_in_chat_and_sources():
    answer = _hostile_answer()
    chat = answer_markdown(answer, 0)
    panel = sources_html([Exchange("q", answer)], lambda _: None)
    for rendered in (chat, panel):
        assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
        assert "javascript:" not in rendered
    assert "&lt;script&gt;" in chat and "&lt;img src=x" in panel
    assert "](http" not in chat  # Markdown link and image syntax is defused
    assert chat.count('class="pc-cite"') == 2
    assert '<mark id="pc-0-1" class="pc-mark">We hack &lt;script&gt;' in panel


def test_highlight_offsets_and_overlaps():
    text = "Alpha beta. Gamma <delta>. Epsilon."
    out = highlight(text, [(12, 26, 2), (0, 11, 1)], turn=3)
    assert out == ('<mark id="pc-3-1" class="pc-mark">Alpha beta.</mark><sup class="pc-n">1</sup>'
                   ' <mark id="pc-3-2" class="pc-mark">Gamma &lt;delta&gt;.</mark>'
                   '<sup class="pc-n">2</sup> Epsilon.')
    clipped = highlight("abcdef", [(1, 4, 1), (2, 99, 2)], turn=0)
    assert clipped.count("<mark") == 2 and clipped.endswith('ef</mark><sup class="pc-n">2</sup>')


def test_only_http_links_are_kept():
    assert safe_url("https://github.com/x") == "https://github.com/x"
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url(None) is None


# --- export ------------------------------------------------------------------------------------


def test_export_markdown_has_references(shared, tmp_path):
    _, exchanges, _ = _final(shared, "What does rStar-Math do?")
    exchanges.append(Exchange("broken?", error="the model server is down"))
    path = Path(export_file(exchanges, tmp_path))
    text = path.read_text()
    assert path.suffix == ".md" and text.startswith("# paperchat conversation")
    assert "## 1. What does rStar-Math do?" in text and "**References**" in text
    assert "- [1] *rStar-Math: Small LLMs" in text
    assert "<https://github.com/microsoft/rStar>" in text
    assert "## Papers cited" in text and "> Error: the model server is down" in text
    assert export_file([], tmp_path) is None
    assert "javascript" not in export_markdown([Exchange("q", _hostile_answer())])


# --- papers and uploads ------------------------------------------------------------------------


def test_papers_table_filters_and_escapes(shared):
    everything = papers_table(shared, "")
    assert "76 papers" in everything and everything.count("<tr>") == 77
    found = papers_table(shared, "rstar math")
    assert "rStar-Math: Small LLMs" in found and "Showing 1 of 1" in found
    assert "No paper matches" in papers_table(shared, "zzzz-nothing")


def test_upload_good_jsonl_then_bad_jsonl(make_assistant, tmp_path):
    assistant = make_assistant(index=False)
    good = tmp_path / "new.jsonl"
    good.write_text(json.dumps({
        "id": "zebra-1", "title": "ZebraNet: <b>Striped</b> Agents",
        "abstract": "We propose ZebraNet, agents with stripes. It evolves itself."}) + "\n")
    ticks = []
    summary = add_papers(assistant, [str(good)], lambda p, **kw: ticks.append(p))
    assert summary.startswith("**Indexed.**") and "1 added" in summary
    assert "now has 1 paper." in summary
    assert ticks and ticks[-1][0] == 1
    table = papers_table(assistant, "zebranet")
    assert "ZebraNet: &lt;b&gt;Striped&lt;/b&gt; Agents" in table

    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"id": "ok", "title": "Fine", "abstract": "Fine."}) + "\n{oops\n")
    message = add_papers(assistant, [str(bad)])
    assert message.startswith("**Nothing was indexed.** bad.jsonl, line 2: ")
    assert len(assistant.papers()) == 1  # validated before anything was written
    assert "supported files" in add_papers(assistant, [str(tmp_path / "x.docx")])
    assert "Choose one or more files" in add_papers(assistant, [])


# --- set-up pieces -----------------------------------------------------------------------------


def test_examples_come_from_the_corpus(shared):
    examples = example_questions(shared.papers())
    assert sum(q.startswith("What does ") for q in examples) == 2
    assert any(q.startswith("Compare ") for q in examples)
    # the benchmark most papers' stored facets share, not a list written for this corpus
    assert "Which papers evaluate on GSM8K?" in examples
    paper = Paper(id="p", title="Plain title", abstract="Nothing.", source="x")
    assert example_questions([paper]) == ["What problems do these papers address?"]


def test_pool_shares_the_store_across_providers(shared):
    pool = AssistantPool(shared)
    assert pool.get("extractive") is shared and pool.get(None) is shared
    other = pool.get("openai")
    assert other is pool.get("openai") and other.store is shared.store
    assert other.provider == "openai" and other.embeddings is shared.embeddings


def test_serve_refuses_a_public_host_without_a_password(shared):
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    with pytest.raises(ConfigError, match="password"):
        serve(shared, host="0.0.0.0", port=0)


# --- the session: queue, stop, new conversation, regenerate ------------------------------------


class _Paced:
    """An assistant whose stream is driven by the test: each step lets one piece through."""

    provider = "extractive"

    def __init__(self, pieces, answer):
        self.pieces, self.answer, self.closed = pieces, answer, False

    def stream(self, question, history, *, mode, k, papers=()):
        from assistant.answering import AnswerDelta

        try:
            for piece in self.pieces:
                yield AnswerDelta(piece)
            yield self.answer.model_copy(update={"question": question})
        finally:
            self.closed = True

    def paper(self, paper_id):
        return None


def test_questions_sent_while_answering_are_queued_and_answered_in_order(shared):
    session = ChatSession()
    assert session.submit(Ask("What does rStar-Math do?"), 2000) is None
    loop = drain(session, lambda _: shared)
    next(loop)  # the first question is being answered
    assert session.submit(Ask("Which papers evaluate on AIME?"), 2000) is None
    shown, streaming, queued = session.snapshot()
    assert [e.question for e in shown] == ["What does rStar-Math do?"]
    assert streaming is not None and not streaming.body
    assert queued == ["Which papers evaluate on AIME?"]
    messages = chat_messages(shown, pending=streaming, queued=queued)
    assert "Queued" in messages[-1]["content"] and messages[-2]["content"].startswith("Which")
    # A second loop for the same tab does nothing while the first one answers.
    assert list(drain(session, lambda _: shared)) == []
    list(loop)
    assert [e.question for e in session.exchanges] == [
        "What does rStar-Math do?", "Which papers evaluate on AIME?"]
    assert all(e.answer is not None for e in session.exchanges) and not session.busy


def test_empty_and_over_long_questions_add_no_turn():
    session = ChatSession()
    assert session.submit(Ask("   "), 2000) == "Type a question first."
    long_question = "why " * 4999 + "why?"
    why = session.submit(Ask(long_question), 2000)
    assert "20,000 characters" in why and "limit is 2,000" in why
    assert len(why) < 300  # the question is not echoed in full
    assert not session.pending and not session.exchanges and session.title == ""


def test_stop_keeps_the_partial_text_closes_the_stream_and_the_queue_goes_on(shared):
    answer = _final(shared, "What does rStar-Math do?")[1][0].answer
    paced = _Paced(["rStar-Math ", "trains ", "small ", "models"], answer)
    session = ChatSession()
    session.submit(Ask("What does rStar-Math do?"), 2000)
    loop = drain(session, lambda _: paced)
    next(loop), next(loop), next(loop)  # claimed, then two pieces streamed
    session.submit(Ask("Which papers evaluate on AIME?"), 2000)
    assert session.stop()
    assert session.exchanges[-1].stopped and session.exchanges[-1].partial == "rStar-Math trains "
    assert list(loop) == []  # the stopped loop ends and closes the stream
    deadline = time.monotonic() + 5
    while not paced.closed and time.monotonic() < deadline:
        time.sleep(0.01)
    assert paced.closed
    assert "Stopped" in chat_messages(session.exchanges)[-1]["content"]
    assert not session.stop()  # nothing left to stop; the queued question is still there
    list(drain(session, lambda _: shared))
    assert session.exchanges[-1].question == "Which papers evaluate on AIME?"
    assert session.exchanges[-1].answer is not None
    text = export_markdown(session.exchanges)
    assert "rStar-Math trains" in text and "Stopped by the user" in text


def test_new_conversation_while_answering_abandons_the_answer(shared):
    session = ChatSession()
    first_id = session.conversation_id
    session.submit(Ask("What does rStar-Math do?"), 2000)
    session.submit(Ask("Which papers evaluate on AIME?"), 2000)
    loop = drain(session, lambda _: shared)
    next(loop)
    session.reset()
    assert list(loop) == []
    assert session.exchanges == [] and not session.busy and session.conversation_id != first_id


def test_regenerate_and_edit_take_the_last_exchange_only_when_idle(shared):
    session = ChatSession()
    session.submit(Ask("What does rStar-Math do?", mode="single"), 2000)
    loop = drain(session, lambda _: shared)
    next(loop)
    assert session.take_last() is None  # busy: nothing is taken
    list(loop)
    last = session.take_last()
    assert last.question == "What does rStar-Math do?" and last.mode == "single"
    assert session.exchanges == []


# --- copy and export ---------------------------------------------------------------------------


def test_copy_is_markdown_with_references_and_no_html(shared):
    _, exchanges, _ = _final(shared, "What does rStar-Math do?")
    answer = exchanges[0].answer
    text = copy_markdown(answer)
    assert text.startswith(answer.text.strip()) and "**References**" in text
    assert "- [1] *rStar-Math: Small LLMs" in text
    assert "<a" not in text and "&#91;" not in text and "pc-cite" not in text
    chat = answer_markdown(answer, 0)
    copied = html.unescape(re.search(r'<span class="pc-md">([^<]*)</span>', chat).group(1))
    assert copied == text
    hostile = copy_markdown(_hostile_answer())
    assert "javascript" not in hostile


def test_exports_are_markdown_and_json_with_citations_in_an_allowed_folder(shared):
    import tempfile

    _, exchanges, _ = _final(shared, "What does rStar-Math do?")
    exchanges.append(Exchange("stopped one", stopped=True, partial="Half an"))
    folder = export_dir()
    assert folder.is_relative_to(Path(tempfile.gettempdir()))  # Gradio serves files from here
    md = Path(export_file(exchanges, folder, name="conv-1", title="My chat"))
    data = json.loads(Path(export_file(exchanges, folder, kind="json", name="conv-1")).read_text())
    assert md.name == "paperchat-conv-1.md" and md.read_text().startswith("# My chat")
    first = data["exchanges"][0]
    assert first["status"] == "answered" and first["question"] == "What does rStar-Math do?"
    answer = exchanges[0].answer
    assert [c["n"] for c in first["citations"]] == sorted(c.n for c in answer.citations)
    assert all(c["quote"] and c["title"] for c in first["citations"])
    assert data["exchanges"][1] == {"question": "stopped one", "status": "stopped",
                                    "partial_answer": "Half an"}


# --- conversations and settings ----------------------------------------------------------------


def test_conversations_are_saved_listed_renamed_reopened_and_deleted(shared, tmp_path):
    _, exchanges, _ = _final(shared, "What does rStar-Math do?")
    store = ConversationStore(tmp_path / "conversations")
    assert store.list() == []
    store.save("c1", "rStar", exchanges)
    store.save("c2", "Other", [Exchange("q", error="down")])
    assert {c.id for c in store.list()} == {"c1", "c2"}
    assert store.rename("c1", "  Renamed  ")
    title, loaded = store.load("c1")
    assert title == "Renamed" and loaded[0].answer == exchanges[0].answer
    assert sources_html(loaded, lambda _: None) == sources_html(exchanges, lambda _: None)
    assert store.delete("c2") and [c.id for c in store.list()] == ["c1"]
    with pytest.raises(ValueError):
        store.load("../../etc/passwd")
    (tmp_path / "conversations" / "broken.json").write_text("{not json")
    assert [c.id for c in store.list()] == ["c1"]


def test_remembered_settings_are_checked():
    assert restore_settings({"provider": "openai", "mode": "list", "k": 9}, "local", 6) == \
        ("openai", "list", 9)
    assert restore_settings({"provider": "evil", "mode": "x", "k": 500}, "local", 6) == \
        ("local", "auto", 6)
    assert restore_settings(None, "extractive", 4) == ("extractive", "auto", 4)


def test_a_missing_key_says_where_to_set_it():
    message = friendly_error(ConfigError("the openai provider needs an API key: set "
                                         "OPENAI_API_KEY or PAPERCHAT_LLM__API_KEY"), "openai")
    assert "OPENAI_API_KEY" in message and "restart `paperchat serve`" in message
    assert "extractive" in message


# --- papers tab --------------------------------------------------------------------------------


def test_paper_rows_open_to_the_abstract_and_sort_links():
    paper = Paper(id="2401.01234", title="T", abstract="See arXiv:2402.00001 and 10.1000/xyz.",
                  url="https://github.com/a/b", urls=["https://example.org/project"],
                  authors=["A. One"], date="2024-01-02", source="/tmp/x/new.jsonl")
    kinds = [kind for kind, _ in paper_links(paper)]
    assert kinds == ["paper", "paper", "paper", "code", "project"]
    urls = [url for _, url in paper_links(paper)]
    assert "https://arxiv.org/abs/2401.01234" in urls and "https://doi.org/10.1000/xyz" in urls
    from ui.render import paper_row_html

    row = paper_row_html(paper)
    assert "<details" in row and "See arXiv:2402.00001" in row and "2024-01-02" in row
    assert "A. One" in row and "from new.jsonl" in row
    assert "pc-paper-facets" not in row  # nothing extracted: no empty facet list

    from assistant.types import Facets

    tagged = paper.model_copy(update={"facets": Facets(benchmarks=["GSM8K", "MATH500"],
                                                       models=["Qwen2.5-7B"])})
    row = paper_row_html(tagged)
    assert "Evaluated on</dt><dd>GSM8K, MATH500" in row and "Qwen2.5-7B" in row


class _NoModel:
    """A provider whose model cannot even be made: stream() raises before it yields."""

    provider = "openai"

    def stream(self, question, history, *, mode, k, papers=()):
        raise ConfigError("the openai provider needs an API key: set OPENAI_API_KEY")

    def paper(self, paper_id):
        return None


def test_a_provider_failing_before_streaming_is_an_error_turn():
    session = ChatSession()
    session.submit(Ask("What does rStar-Math do?"), 2000)
    list(drain(session, lambda _: _NoModel()))
    assert "OPENAI_API_KEY" in session.exchanges[-1].error and not session.busy


# --- the eval tab ------------------------------------------------------------------------------


def test_eval_in_the_app_writes_a_report_with_plots(shared, tmp_path):
    import zipfile

    from ui.app import eval_summary
    from ui.evaluation import bundled_datasets, run_eval_in_app

    datasets = dict((label.split(" ")[0], path) for label, path in bundled_datasets())
    ticks = []
    run = run_eval_in_app(tmp_path / "home", shared, datasets["dev"],
                          ["hybrid+extractive", "bm25+extractive"], tmp_path / "out", limit=6,
                          progress=lambda done, total, what: ticks.append((done, total)))
    assert ticks[-1] == (12, 12)  # 6 questions x 2 configurations
    assert set(run.metrics) == {"hybrid+extractive", "bm25+extractive"}
    assert [Path(p).name for p, _ in run.plots][0] == "metrics.png"
    assert "## Worst questions" in run.summary_markdown and "## Plots" not in \
        run.summary_markdown
    names = zipfile.ZipFile(run.archive).namelist()
    assert {"report.md", "report.html", "metrics.json", "metrics.png"} <= set(names)
    assert "key_fact" in eval_summary(run.metrics)
    # The chat's index is untouched: the eval indexed into its own home.
    assert len(shared.papers()) == 76


def test_eval_in_the_app_explains_a_bad_file(shared, tmp_path):
    from ui.evaluation import friendly_eval_error, run_eval_in_app

    bad = tmp_path / "notes.txt"
    bad.write_text("hello")
    with pytest.raises(Exception) as caught:
        run_eval_in_app(tmp_path / "home", shared, bad, ["hybrid+extractive"], tmp_path)
    assert friendly_eval_error(caught.value).startswith("**Can't read the QA file.**")


def test_stop_ends_the_model_stream_instead_of_reading_it_out(shared):
    """A closed LCEL stream reads its model's stream to the end; Stop must not let it (a local
    model would go on writing the whole answer, and the close would wait for it)."""
    from collections.abc import Iterator
    from typing import Any

    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessageChunk
    from langchain_core.outputs import ChatGenerationChunk, ChatResult

    from assistant.providers import GuardedChatModel
    from assistant.service import Assistant

    class Endless(BaseChatModel):
        produced: int = 0
        closed: bool = False

        @property
        def _llm_type(self) -> str:
            return "endless"

        def _generate(self, *args: Any, **kwargs: Any) -> ChatResult:
            raise AssertionError("the UI streams")

        def _stream(self, *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
            try:
                for _ in range(2000):
                    self.produced += 1
                    yield ChatGenerationChunk(message=AIMessageChunk(content="rStar-Math "))
            finally:
                self.closed = True

    endless = Endless()
    model = GuardedChatModel(provider="local", model_name="endless", connect=lambda: endless)
    # A model that writes (a pointing one says too little to need stopping).
    settings = shared.settings.model_copy(update={"answer": shared.settings.answer.model_copy(
        update={"model_role": "write"})})
    assistant = Assistant(settings, shared.store, shared.embeddings, model, provider="local")
    session = ChatSession()
    session.submit(Ask("What does rStar-Math do?", mode="single"), 2000)
    loop = drain(session, lambda _: assistant)
    for _ in range(50):  # past the stage notes, into the model's text
        next(loop)
        if session.streamed.count("rStar-Math") >= 3:
            break
    assert session.stop()
    assert list(loop) == []
    deadline = time.monotonic() + 5
    while not endless.closed and time.monotonic() < deadline:
        time.sleep(0.01)  # the stream is closed on a thread of its own
    assert endless.closed and endless.produced < 20, endless.produced
    assert session.exchanges[-1].stopped and "rStar-Math" in session.exchanges[-1].partial


def test_provider_note_says_what_is_missing_and_where(shared, monkeypatch):
    from ui.app import provider_note

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    assert "extractive: ready." in provider_note(shared.settings, "extractive")
    note = provider_note(shared.settings, "openai")
    assert "not ready" in note and "OPENAI_API_KEY" in note and "restart" in note
    assert "base URL" in provider_note(shared.settings, "openai-compatible")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-0123456789abcdef")
    note = provider_note(shared.settings, "openai")
    assert "openai (gpt-4o-mini): ready." in note and "sk-test" not in note


# --- scope: answers from chosen papers ---------------------------------------------------------

RSTAR = "rstar-math-small-llms-can-master-math-reasoning-with-self-evolved-deep-thinking"
SPHERE = "self-evolved-preference-optimization-for-enhancing-mathematical-reasoning-in"


def test_an_at_name_chooses_its_paper_through_the_name_index(shared):
    from ui.scope import resolve_mentions

    named = shared.retriever.named
    found = resolve_mentions("Compare @rStar-Math and @SPHERE on data", named)
    assert found.papers == [RSTAR, SPHERE] and not found.unknown
    assert found.question == "Compare rStar-Math and SPHERE on data"
    # The shortest run of words after the @ that names a paper: a later name is not chosen.
    assert resolve_mentions("@rStar-Math versus SPHERE?", named).papers == [RSTAR]
    missing = resolve_mentions("What does @Quuxformer do?", named)
    assert missing.papers == [] and missing.unknown == ["Quuxformer"]
    plain = resolve_mentions("Mail a@b.org about rStar-Math", named)
    assert plain.papers == [] and plain.unknown == [] and plain.question.startswith("Mail a@b")


def test_a_scoped_question_cites_only_the_chosen_paper(shared):
    # The question names rStar-Math; the scope (SPHERE) decides what is answered from.
    _, exchanges, panel = _final(shared, "What does rStar-Math do?", papers=[SPHERE])
    answer = exchanges[0].answer
    assert answer.citations and {c.paper_id for c in answer.citations} == {SPHERE}
    assert exchanges[0].papers == (SPHERE,)
    free = _final(shared, "What does rStar-Math do?")[1][0].answer
    assert {c.paper_id for c in free.citations} == {RSTAR}


def test_the_scope_is_shown_kept_on_regenerate_and_saved(shared, tmp_path):
    session = ChatSession()
    session.submit(Ask("What does it do?", papers=(SPHERE,), scope="SPHERE"), 2000)
    list(drain(session, lambda _: shared))
    shown = chat_messages(session.exchanges)
    assert 'class="pc-scope-tag">about SPHERE<' in shown[0]["content"]
    assert {c.paper_id for c in session.exchanges[0].answer.citations} == {SPHERE}
    store = ConversationStore(tmp_path / "conversations")
    store.save("c1", "scoped", session.exchanges)
    _, loaded = store.load("c1")
    assert loaded[0].papers == (SPHERE,) and loaded[0].scope == "SPHERE"
    last = session.take_last()
    assert (last.papers, last.scope) == ((SPHERE,), "SPHERE")  # what Regenerate asks again


def test_the_picker_offers_every_paper_of_a_small_collection_only(shared):
    from ui import scope

    papers = shared.papers()
    assert len(scope.scope_choices(papers)) == len(papers)
    many = [Paper(id=f"p{i}", title=f"Paper {i}", abstract="x", source="t")
            for i in range(scope.MAX_CHOICES + 1)]
    assert scope.scope_choices(many, ["p7"]) == [("Paper 7", "p7")]
    assert scope.scope_label(["a", "b", "c", "d"], str.upper) == "A, B, C and 1 more"


def test_no_page_load_event_replaces_the_chat_session(shared):
    """A question sent while a fresh page's load events ran was lost: a State with a callable
    default is filled by a load event of its own, whose result replaced the session the
    question had been queued in. Each tab still gets its own session."""
    import copy

    from ui.app import build_app

    app = build_app(shared)
    states = {b._id: b for b in app.blocks.values() if type(b).__name__ == "State"}
    session = next(b for b in states.values() if isinstance(b.value, ChatSession))
    for fn in app.fns.values():
        if any(event == "load" for _, event in fn.targets):
            assert not {o._id for o in fn.outputs} & set(states), fn.name
    first, second = copy.deepcopy(session.value), copy.deepcopy(session.value)
    assert first is not second and first.conversation_id != second.conversation_id


def test_tex_accents_and_digit_scripts_read_as_letters_in_the_chat():
    from ui.render import readable_tex

    assert readable_tex('the Darwin G\\"odel Machine, na\\"ive, Schr\\"{o}dinger') == \
        "the Darwin G\u00f6del Machine, na\u00efve, Schr\u00f6dinger"
    assert readable_tex("MedS$^3$ and H$_2$O, 10$^{12}$") == \
        "MedS\u00b3 and H\u2082O, 10\u00b9\u00b2"
    # other TeX, and a table cell's escaped pipe, stay as written
    assert readable_tex("a \\mone b \\| c $x^2$") == "a \\mone b \\| c $x^2$"
    answer = Answer(question="q", standalone_question="q",
                    text='We introduce the Darwin G\\"odel Machine [1].',
                    citations=[Citation(n=1, paper_id="p", title="t", quote="q", support=1.0)])
    assert "G\u00f6del" in answer_markdown(answer, 0)


def test_hovering_a_citation_shows_the_quote_behind_the_sentence_it_closes():
    import html as html_lib
    import re as re_lib

    from assistant.types import Answer, Citation

    first = "rStar-Math trains a process preference model."
    second = "On MATH it improves Qwen2.5-Math-7B from 58.8% to 90.0%."
    answer = Answer(
        question="q", standalone_question="q", provider="extractive",
        text="It trains a process preference model [1]. It lifts Qwen2.5-Math-7B to 90.0% "
             "on MATH [1][2]. <b>x</b> [2].",
        citations=[Citation(n=1, evidence=1, paper_id="r", title="rStar-Math", quote=first,
                            support=1.0),
                   Citation(n=1, evidence=2, paper_id="r", title="rStar-Math", quote=second,
                            support=1.0),
                   Citation(n=2, evidence=3, paper_id="s", title="SPHERE <i>",
                            quote='We build "pairs" & <script>x</script>', support=1.0)])
    chat = answer_markdown(answer, 0)
    titles = [html_lib.unescape(t) for t in re_lib.findall(r'class="pc-cite"[^>]*title="([^"]*)"',
                                                           chat)]
    assert titles[0] == f"rStar-Math: \u201c{first}\u201d"
    assert titles[1] == f"rStar-Math: \u201c{second}\u201d"  # the quote its sentence rests on
    assert titles[2] == titles[3] == 'SPHERE <i>: \u201cWe build "pairs" & <script>x</script>\u201d'
    assert "<script" not in chat and "<i>" not in chat  # escaped inside the attribute


def test_a_tex_title_reads_as_printed_in_the_papers_table_sources_and_tooltips(shared):
    from ui.render import papers_table_html

    meds = next(p for p in shared.papers() if p.title.startswith("MedS$^3$"))
    assert "MedS\u00b3: " in papers_table_html([meds], 1)
    answer = _final(shared, "What does MedS3 do?")[1][0].answer
    assert answer is not None and any(c.paper_id == meds.id for c in answer.citations)
    panel = sources_html([Exchange("q", answer)], lambda _: meds)
    assert "MedS\u00b3: " in panel and "MedS$^3$:" not in panel
    assert 'title="MedS\u00b3&#58; ' in answer_markdown(answer, 0)
