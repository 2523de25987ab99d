"""The web chat: `build_app(assistant)` wraps an Assistant it is given; `serve()` launches it.

The handlers (`respond`, `add_papers`, `papers_table`, `export_file`, `example_questions`) are
plain functions of an Assistant and their inputs, so tests call them without a browser;
`build_app` only wires them to components. Gradio is imported inside functions, never at import
time, after analytics are switched off.

Switching the provider in Settings uses `AssistantPool`: one Assistant per provider, all sharing
the store and embedder of the one given, created on first use and kept for the life of the
server (a local model starts once, not once per session).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import threading
import uuid
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.answering import AnswerDelta
from assistant.errors import ConfigError, CorpusError, PaperchatError, ProviderError
from assistant.names import title_name
from assistant.offline import keep_local
from assistant.sources import SUPPORTED_SUFFIXES
from assistant.types import Answer, ChatTurn, Paper
from ui.render import (
    Exchange,
    chat_messages,
    esc,
    export_markdown,
    filter_papers,
    papers_table_html,
    sources_html,
)

if TYPE_CHECKING:
    import gradio as gr

    from assistant.service import Assistant

log = logging.getLogger(__name__)

PROVIDERS = ("local", "openai", "openai-compatible", "extractive")
MODES = ("auto", "single", "comparison", "list")
HISTORY_EXCHANGES = 3  # earlier questions and answers passed along for follow-ups
CHAT_CONCURRENCY = 4  # answers computed at once; more sessions wait in Gradio's queue
_STATIC = Path(__file__).parent

# Citation links live in the chat, their targets in the sources panel: open the panel section
# and flash the sentence instead of letting the browser follow the link.
_CITE_JS = """
<script>
document.addEventListener('click', function (event) {
  var link = event.target.closest && event.target.closest('a[href^="#pc-"]');
  if (!link) return;
  var target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  var section = target.closest('details');
  if (section) section.open = true;
  target.scrollIntoView({behavior: 'smooth', block: 'center'});
  target.classList.remove('pc-flash');
  void target.offsetWidth;
  target.classList.add('pc-flash');
}, true);
</script>
"""


# --- providers ---------------------------------------------------------------------------------


class AssistantPool:
    """The Assistant for each provider, sharing the given one's store and embedder."""

    def __init__(self, base: Assistant):
        self.base = base
        self._by_provider: dict[str, Assistant] = {base.provider: base}
        self._lock = threading.Lock()

    def get(self, provider: str | None) -> Assistant:
        if not provider:
            return self.base
        with self._lock:
            found = self._by_provider.get(provider)
            if found is None:
                found = type(self.base)(self.base.settings, self.base.store,
                                        self.base.embeddings, provider=provider)
                self._by_provider[provider] = found
            return found


# --- handlers ----------------------------------------------------------------------------------


def history_turns(exchanges: Sequence[Exchange]) -> list[ChatTurn]:
    """The last few answered exchanges as ChatTurns, so a follow-up can refer back."""
    turns: list[ChatTurn] = []
    for exchange in [e for e in exchanges if e.answer is not None][-HISTORY_EXCHANGES:]:
        assert exchange.answer is not None  # filtered above; not input validation
        turns.append(ChatTurn(role="user", content=exchange.question))
        turns.append(ChatTurn.from_answer(exchange.answer))
    return turns


def friendly_error(exc: Exception, provider: str = "") -> str:
    """Words for the chat, never a stack trace."""
    if isinstance(exc, ProviderError):
        return (f"{exc}. The model may be starting or its server may be down; try again, "
                "or pick the extractive provider under Settings.")
    if isinstance(exc, ConfigError):
        return f"{exc}. Check the settings for the {provider or 'chosen'} provider."
    if isinstance(exc, PaperchatError):
        return str(exc)
    return (f"something unexpected went wrong ({type(exc).__name__}). "
            "The app is still running; please try again.")


def _lookup(assistant: Assistant):  # type: ignore[no-untyped-def]  # returns a closure Gradio inspects
    def paper(paper_id: str) -> Paper | None:
        try:
            return assistant.paper(paper_id)
        except PaperchatError:
            return None

    return paper


def respond(assistant: Assistant, question: str, exchanges: Sequence[Exchange] | None, *,
            mode: str = "auto", k: int | None = None
            ) -> Iterator[tuple[list[dict[str, str]], list[Exchange], str | None]]:
    """Stream an answer: yields (chat messages, exchanges, sources panel HTML or None).

    The text grows while the model writes; the last yield shows the verified Answer, which
    replaces the streamed text, and the sources panel (None means "unchanged").
    """
    done = list(exchanges or [])
    asking = [*done, Exchange(question=question or "")]
    yield chat_messages(asking, pending=""), done, None
    streamed = ""
    final: Answer | None = None
    try:
        for event in assistant.stream(question or "", history_turns(done), mode=mode, k=k):
            if isinstance(event, Answer):
                final = event
            elif isinstance(event, AnswerDelta):
                streamed += event.text
                yield chat_messages(asking, pending=streamed), done, None
            elif not streamed:  # a stage ("finding papers") until the first words arrive
                yield chat_messages(asking, pending=f"_{event.stage} …_"), done, None
        if final is None:
            raise ProviderError("the answer stream ended without an answer")
        exchange = Exchange(question=question, answer=_kept(final))
    except PaperchatError as exc:
        exchange = Exchange(question=question or "", error=friendly_error(exc, assistant.provider))
    except Exception as exc:  # the page must survive anything; the log keeps the traceback
        log.exception("answering %r failed", question)
        exchange = Exchange(question=question or "", error=friendly_error(exc))
    done.append(exchange)
    yield chat_messages(done), done, sources_html(done, _lookup(assistant))


def _kept(answer: Answer) -> Answer:
    """The answer as the session keeps it: only the hits its citations point to.

    Gradio holds every session's state for an hour; a list answer carries a hit (with its
    chunk text) for every paper considered, which the sources panel and export never show.
    """
    cited = {c.paper_id for c in answer.citations}
    return answer.model_copy(update={"hits": [h for h in answer.hits if h.paper_id in cited]})


def papers_table(assistant: Assistant, query: str = "") -> str:
    papers = assistant.papers()
    return papers_table_html(filter_papers(papers, query or ""), len(papers))


def add_papers(assistant: Assistant, files: Sequence[str | Path] | None,
               progress: Any = None) -> str:
    """Index uploaded files; a Markdown summary line, or a readable message on bad input."""
    paths = [Path(f) for f in files or []]
    if not paths:
        return "Choose one or more files first: `.jsonl`, `.json`, `.pdf` or a Daily Papers `.txt`."
    unsupported = [p.name for p in paths if p.suffix.lower() not in SUPPORTED_SUFFIXES]
    if unsupported:
        return (f"**Can't read** {esc(', '.join(unsupported))}: supported files are "
                f"{', '.join(SUPPORTED_SUFFIXES)}.")
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress((done, None), desc="Indexing", unit="papers")

    try:
        report = assistant.index(paths, progress=tick)
    except CorpusError as exc:
        where = Path(exc.path).name if exc.path else ", ".join(p.name for p in paths)
        if exc.line is not None:
            where += f", line {exc.line}"
        return f"**Nothing was indexed.** {esc(where)}: {esc(exc.reason)}"
    except PaperchatError as exc:
        return f"**Nothing was indexed:** {esc(exc)}"
    names = ", ".join(p.name for p in paths)
    line = (f"**Indexed.** Read {_count(report.papers, 'paper')} from {esc(names)}: "
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged "
            f"({report.seconds:.1f} s). The collection now has "
            f"{_count(len(assistant.papers()), 'paper')}.")
    if report.duplicates:
        line += f" Skipped duplicate ids: {esc(', '.join(report.duplicates))}."
    return line


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def export_file(exchanges: Sequence[Exchange] | None, directory: Path) -> str | None:
    """Write the conversation as Markdown; the path, or None when there is nothing to export."""
    if not exchanges:
        return None
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    path = directory / f"paperchat-{stamp}-{uuid.uuid4().hex[:6]}.md"
    path.write_text(export_markdown(exchanges), encoding="utf-8")
    return str(path)


_BENCHMARKS = ("AIME", "GSM8K", "MATH", "SWE-bench", "HumanEval", "MMLU")
_NAMEISH = re.compile(r"^[A-Za-z][\w.$^-]*$")


def example_questions(papers: Sequence[Paper]) -> list[str]:
    """First-screen examples drawn from the collection: what a named paper does, a comparison
    of the two most alike named papers, and which papers evaluate on a common benchmark."""
    named = [(n, p) for p in papers if (n := title_name(p.title)) and _NAMEISH.match(n)
             and any(c.isupper() for c in n[1:])][:12]
    examples = [f"What does {name} do?" for name, _ in named[:2]]
    if len(named) >= 2:
        words = {p.id: set(re.findall(r"[a-z]{4,}", p.abstract.lower())) for _, p in named}

        def overlap(a: Paper, b: Paper) -> float:
            return len(words[a.id] & words[b.id]) / (len(words[a.id] | words[b.id]) or 1)

        pairs = [(overlap(a, b), x, y) for i, (x, a) in enumerate(named)
                 for y, b in named[i + 1:]]
        _, first, second = max(pairs)
        examples.append(f"Compare {first} and {second}")
    for benchmark in _BENCHMARKS:
        if sum(benchmark in p.abstract for p in papers) >= 2:
            examples.append(f"Which papers evaluate on {benchmark}?")
            break
    return examples or ["What problems do these papers address?"]


# --- the app -----------------------------------------------------------------------------------


def _header_html(count: int) -> str:
    return ('<div class="pc-header"><div class="pc-brand">paperchat</div>'
            f'<div class="pc-tagline">Questions about {count} papers, answered from their '
            "abstracts. Every claim cites the sentence it comes from.</div></div>")


def launch_options() -> dict[str, Any]:
    """Theme, CSS and head script: Gradio 6 takes these in launch(), not in Blocks()."""
    import gradio as gr

    theme = gr.themes.Default(
        primary_hue="indigo",
        neutral_hue="slate",
        radius_size="md",
        # Fonts shipped inside gradio or on the system: the page requests nothing elsewhere.
        font=[gr.themes.LocalFont("Source Sans Pro"), "ui-sans-serif", "system-ui",
              "sans-serif"],
        font_mono=[gr.themes.LocalFont("IBM Plex Mono"), "ui-monospace", "monospace"],
    )
    css = (_STATIC / "style.css").read_text(encoding="utf-8")
    return {"theme": theme, "css": css, "head": _CITE_JS}


def build_app(assistant: Assistant) -> gr.Blocks:
    keep_local()  # Gradio reads its analytics switch at import
    import gradio as gr

    pool = AssistantPool(assistant)
    lookup = _lookup(assistant)
    exports = Path(assistant.settings.cache_dir) / "exports"
    papers = assistant.papers()
    examples = example_questions(papers)

    def _respond(question: str, exchanges: list[Exchange], provider: str, k: float, mode: str
                 ) -> Iterator[tuple[Any, ...]]:
        for messages, done, panel in respond(pool.get(provider), question, exchanges,
                                             mode=mode, k=int(k)):
            yield messages, done, gr.skip() if panel is None else panel

    def _export(exchanges: list[Exchange]) -> Any:
        path = export_file(exchanges, exports)
        return gr.DownloadButton(value=path, interactive=path is not None)

    def _clear() -> tuple[Any, ...]:
        return [], [], sources_html([], lookup), gr.DownloadButton(value=None, interactive=False)

    def _example(event: gr.SelectData) -> str:
        return str(event.value.get("text", "")) if isinstance(event.value, dict) else ""

    # Gradio finds the event argument by its annotation, which must be the class itself.
    _example.__annotations__ = {"event": gr.SelectData, "return": str}

    def _table(query: str) -> str:
        return papers_table(assistant, query)

    # Gradio tracks progress through a gr.Progress default argument; it must be built here.
    def _upload(files: list[str] | None,
                progress: gr.Progress = gr.Progress()) -> tuple[str, str]:  # noqa: B008
        summary = add_papers(pool.base, files, progress)
        return summary, _header_html(len(assistant.papers()))

    with gr.Blocks(title="paperchat", analytics_enabled=False) as app:
        exchanges = gr.State([])
        header = gr.HTML(_header_html(len(papers)))
        with gr.Tabs():
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=420):
                        chatbot = gr.Chatbot(
                            value=[], show_label=False, elem_id="pc-chat", height=580,
                            placeholder="**Ask about the papers.** Answers quote the abstracts "
                                        "and cite them; click a citation to see its sentence.",
                            examples=[{"text": q} for q in examples],
                            latex_delimiters=[], feedback_options=None, allow_tags=False,
                            buttons=["copy"], layout="panel",
                        )
                        box = gr.Textbox(
                            show_label=False, placeholder="Ask a question about the papers…",
                            lines=1, max_lines=6, submit_btn=True, autofocus=True,
                            elem_id="pc-question",
                        )
                        with gr.Row(elem_classes="pc-actions"):
                            clear = gr.Button("New conversation", size="sm", variant="secondary")
                            download = gr.DownloadButton("Export Markdown", size="sm",
                                                         interactive=False)
                        with gr.Accordion("Settings", open=False, elem_id="pc-settings"):
                            with gr.Row():
                                provider = gr.Dropdown(
                                    list(PROVIDERS), value=assistant.provider,
                                    label="Model provider", elem_id="pc-provider",
                                    info="extractive quotes the abstracts without a model")
                                mode = gr.Radio(
                                    list(MODES), value="auto", label="Answer mode",
                                    info="auto spots comparisons and list questions")
                            k = gr.Slider(1, 20, step=1, value=assistant.settings.retrieval.k,
                                          label="Papers retrieved (k)")
                    with gr.Column(scale=2, min_width=340, elem_id="pc-sources-col"):
                        gr.HTML('<div class="pc-panel-title">Sources</div>')
                        sources = gr.HTML(sources_html([], lookup), elem_id="pc-sources")
            with gr.Tab("Papers", id="papers"):
                search = gr.Textbox(show_label=False, elem_id="pc-search",
                                    placeholder="Filter by words in the title, abstract or id")
                table = gr.HTML(papers_table_html(papers, len(papers)), elem_id="pc-table")
                with gr.Accordion("Add papers", open=True):
                    gr.Markdown("Upload JSONL/JSON records, PDFs or a Daily Papers `.txt` page. "
                                "Papers are indexed incrementally: a re-uploaded paper is "
                                "updated, never duplicated.")
                    files = gr.File(file_count="multiple", label="Files", height=120,
                                    file_types=list(SUPPORTED_SUFFIXES), elem_id="pc-files")
                    add = gr.Button("Index these files", variant="primary", elem_id="pc-add")
                    summary = gr.Markdown(elem_id="pc-summary")

        answer: dict[str, Any] = {"fn": _respond, "inputs": [box, exchanges, provider, k, mode],
                  "outputs": [chatbot, exchanges, sources], "show_progress": "hidden",
                  "concurrency_limit": CHAT_CONCURRENCY, "concurrency_id": "chat"}
        # Each trigger starts the answer and, in parallel, empties the textbox: inputs are
        # read when the event fires, so the answer still sees the question.
        asked = box.submit(api_name="ask", **answer)
        box.submit(lambda: "", None, [box], queue=False, api_visibility="private")
        asked.then(_export, [exchanges], [download], api_visibility="private")
        picked = chatbot.example_select(_example, None, [box], queue=False,
                                        api_visibility="private")
        picked.then(api_visibility="private", **answer).then(
            _export, [exchanges], [download], api_visibility="private")
        picked.then(lambda: "", None, [box], queue=False, api_visibility="private")
        for reset in (clear.click, chatbot.clear):
            reset(_clear, None, [chatbot, exchanges, sources, download], queue=False,
                  api_visibility="private")
        search.change(_table, [search], [table], show_progress="hidden",
                      api_visibility="private")
        add.click(_upload, [files], [summary, header], concurrency_limit=1,
                  api_visibility="private").then(
            _table, [search], [table], api_visibility="private")
    return app


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(assistant: Assistant, host: str | None = None, port: int | None = None, *,
          block: bool = True) -> gr.Blocks:
    """Index if needed, then serve the app (blocks until Ctrl-C unless block=False).

    Anything but a loopback host needs a password (PAPERCHAT_UI__PASSWORD): the app can
    read and index files, so it must not be open to a network by accident.
    """
    ui = assistant.settings.ui
    host = host or ui.host
    port = ui.port if port is None else port
    password = ui.password.get_secret_value() if ui.password else None
    if not is_loopback(host) and not password:
        raise ConfigError(f"refusing to serve on {host} without a password: set "
                          "PAPERCHAT_UI__PASSWORD, or serve on 127.0.0.1")
    assistant.ensure_indexed()
    app = build_app(assistant)
    app.queue(default_concurrency_limit=1)
    app.launch(
        server_name=host, server_port=port,
        auth=(ui.username, password) if password else None,
        prevent_thread_lock=not block, share=False, inbrowser=False, show_error=False,
        ssr_mode=False, pwa=False, mcp_server=False, run_history=False,
        enable_monitoring=False, footer_links=["api", "settings"], max_file_size="200mb",
        state_session_capacity=ui.max_sessions,
        **launch_options(),
    )
    return app
