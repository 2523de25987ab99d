"""The web chat: `build_app(assistant)` wraps an Assistant it is given; `serve()` launches it.

The handlers (`respond`, `drain`, `add_papers`, `papers_table`, `export_file`,
`example_questions`) are plain functions of an Assistant, a `ChatSession` and their inputs, so
tests call them without a browser; `build_app` only wires them to components. Gradio is
imported inside functions, never at import time, after analytics are switched off.

Switching the provider in Settings uses `AssistantPool`: one Assistant per provider, all sharing
the store and embedder of the one given, created on first use and kept for the life of the
server (a local model starts once, not once per session).
"""

from __future__ import annotations

import ipaddress
import logging
import re
import tempfile
import threading
import uuid
from collections.abc import Callable, Generator, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError, CorpusError, PaperchatError, ProviderError
from assistant.events import AnswerDelta
from assistant.facets import facet_counts
from assistant.names import title_name
from assistant.offline import keep_local
from assistant.sources import SUPPORTED_SUFFIXES
from assistant.types import MODES, PROVIDERS, Answer, ChatTurn, Paper
from assistant.understanding import display_name
from ui.conversations import ConversationStore
from ui.evaluation import (
    CONFIG_CHOICES,
    bundled_datasets,
    friendly_eval_error,
    run_eval_in_app,
)
from ui.papers import ANY as ANY_FACET
from ui.papers import DEFAULT_COLUMNS as DEFAULT_TABLE_COLUMNS
from ui.papers import FILTERS as FACET_FILTERS
from ui.papers import (
    column_choices,
    facet_choices,
    filtered_papers,
    filtered_table,
    has_values,
    literature_table,
    narrowed_choices,
)
from ui.render import (
    Exchange,
    chat_messages,
    esc,
    export_json,
    export_markdown,
    filter_papers,
    papers_table_html,
    sources_html,
)
from ui.scope import merge, resolve_mentions, scope_choices, scope_label
from ui.session import Ask, ChatSession, Shown, Writing

if TYPE_CHECKING:
    import gradio as gr

    from assistant.service import Assistant

log = logging.getLogger(__name__)

MAX_K = 20
HISTORY_EXCHANGES = 3  # earlier questions and answers passed along for follow-ups
CHAT_CONCURRENCY = 4  # answers computed at once; more sessions wait in Gradio's queue
_STATIC = Path(__file__).parent

# Citation links live in the chat, their targets in the sources panel: open the panel section
# and flash the sentence instead of letting the browser follow the link. A Copy link puts its
# answer's Markdown on the clipboard. Gradio labels each message with its raw content (HTML
# included) for screen readers; the observer relabels them with the text a reader sees.
_PAGE_JS = """
<script>
(function () {
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByHand(text); });
    }
    return copyByHand(text);
  }
  function copyByHand(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } finally { document.body.removeChild(area); }
    return Promise.resolve();
  }
  document.addEventListener('click', function (event) {
    var copy = event.target.closest && event.target.closest('a.pc-copy');
    if (copy) {
      event.preventDefault();
      event.stopPropagation();
      var source = copy.parentElement && copy.parentElement.querySelector('.pc-md');
      copyText(source ? source.textContent : '').then(function () {
        copy.textContent = 'Copied';
        setTimeout(function () { copy.textContent = 'Copy'; }, 1500);
      });
      return;
    }
    var ask = event.target.closest && event.target.closest('a[href^="#pc-ask:"]');
    if (ask) {
      // "Ask about this paper": hand the id to the hidden pick box, whose change event scopes
      // the chat to it (the time makes a second click on the same paper a change too).
      event.preventDefault();
      event.stopPropagation();
      var box = document.querySelector('#pc-scope-pick textarea, #pc-scope-pick input');
      if (!box) return;
      box.value = decodeURIComponent(ask.getAttribute('href').slice(8)) + '\u001f' + Date.now();
      box.dispatchEvent(new Event('input', {bubbles: true}));
      return;
    }
    var link = event.target.closest && event.target.closest('a[href^="#pc-"]');
    if (!link) return;
    var target = document.getElementById(link.getAttribute('href').slice(1));
    if (!target) return;
    event.preventDefault();
    event.stopPropagation();
    var section = target.closest('details');
    if (section) section.open = true;
    // Scroll the sources panel, not the page: the answer being read stays where it is.
    var panel = target.closest('#pc-sources');
    if (panel && panel.scrollHeight > panel.clientHeight) {
      var box = target.getBoundingClientRect(), frame = panel.getBoundingClientRect();
      panel.scrollBy({top: box.top - frame.top - (panel.clientHeight - box.height) / 2,
                      behavior: 'smooth'});
      if (frame.top < 0 || frame.bottom > window.innerHeight) {
        panel.scrollIntoView({behavior: 'smooth', block: 'nearest'});
      }
    } else {
      target.scrollIntoView({behavior: 'smooth', block: 'center'});
    }
    target.classList.remove('pc-flash');
    void target.offsetWidth;
    target.classList.add('pc-flash');
  }, true);
  var queued = false;
  function relabel() {
    queued = false;
    document.querySelectorAll('#pc-chat [aria-label]').forEach(function (el) {
      var label = el.getAttribute('aria-label') || '';
      if (label.indexOf('<') < 0 && label.indexOf('&#') < 0) return;
      var role = /^user/i.test(label) ? "user's message: " : "bot's message: ";
      var copy = el.querySelector('a.pc-copy');
      var text = (el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim();
      if (copy) text = text.replace(/[\\s\\u00b7]*Cop(y|ied)\\s*$/, '');
      el.setAttribute('aria-label', role + text);
    });
  }
  new MutationObserver(function () {
    if (!queued) { queued = true; requestAnimationFrame(relabel); }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true,
                                          attributes: true, attributeFilter: ['aria-label']});
  // The stage line of an answer being written counts its seconds on from what the server
  // last sent (its pc-at-<tenths> class), so it moves while the server works and sends
  // nothing.
  setInterval(function () {
    document.querySelectorAll('#pc-chat .pc-elapsed').forEach(function (el) {
      var at = /(?:^|\\s)pc-at-(\\d+)/.exec(el.className);
      if (!at) return;
      var base = parseInt(at[1], 10) / 10;
      if (el.pcBase !== base) { el.pcBase = base; el.pcAt = performance.now(); }
      var seconds = Math.floor(base + (performance.now() - el.pcAt) / 1000);
      var text = seconds >= 1 ? '(' + seconds + ' s)' : '';
      if (el.textContent !== text) el.textContent = text;
    });
  }, 250);
})();
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
                found = self.base.with_provider(provider)
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
    """Words for the chat, never a stack trace; config problems say where to fix them."""
    if isinstance(exc, ProviderError):
        return (f"{exc}. The model may be starting or its server may be down; try again, "
                "or pick the extractive provider under Settings.")
    if isinstance(exc, ConfigError):
        return (f"{exc}. Keys, URLs and model names are read when the server starts (from the "
                "environment or paperchat.toml), never typed into this page: set them and "
                "restart `paperchat serve`, or pick another provider under Settings "
                "(extractive needs no model).")
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


def answer_stream(assistant: Assistant, ask: Ask, history: Sequence[ChatTurn]
                  ) -> Generator[Shown | Exchange, None, None]:
    """Stages, a table's skeleton and cells, text pieces as the model writes, then the
    finished Exchange (or an error).

    Closing this generator (Stop) closes the engine's stream, which closes the request to the
    model: a local model stops generating when its client goes away.
    """
    events: Iterator[Any] | None = None
    final: Answer | None = None
    try:
        events = assistant.stream(ask.question, history, mode=ask.mode, k=ask.k,
                                  papers=ask.papers)
        for event in events:
            if isinstance(event, Answer):
                final = event
            elif isinstance(event, AnswerDelta):
                yield event.text
            else:
                yield event
        if final is None:
            raise ProviderError("the answer stream ended without an answer")
        exchange = ask.exchange(answer=_kept(final))
    except PaperchatError as exc:
        exchange = ask.exchange(error=friendly_error(exc, assistant.provider))
    except Exception as exc:  # the page must survive anything; the log keeps the traceback
        log.exception("answering %r failed", ask.question[:200])
        exchange = ask.exchange(error=friendly_error(exc))
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            if final is None:  # closed early (Stop)
                _close_early(close)
            else:
                close()
    yield exchange


def _close_early(close: Callable[[], object]) -> None:
    """Close an answer stream nobody reads any more, without waiting for it.

    The model's stream is told to end at its next chunk (a closed LCEL stream would otherwise
    read it to the end), which closes the request, so a local model stops generating. That
    next chunk may be seconds away (a long prompt), and Gradio may close a cancelled answer
    from its event loop, so the close runs on a thread of its own.
    """
    def run() -> None:
        from assistant.providers import stop_streaming

        stop_streaming()  # marks the stream in *this* thread, where the close runs it
        try:
            close()
        except Exception:  # the answer was abandoned; only the log cares
            log.debug("closing a stopped answer stream failed", exc_info=True)

    threading.Thread(target=run, name="paperchat-stop", daemon=True).start()


def respond(assistant: Assistant, question: str, exchanges: Sequence[Exchange] | None, *,
            mode: str = "auto", k: int | None = None, papers: Sequence[str] = ()
            ) -> Iterator[tuple[list[dict[str, str]], list[Exchange], str | None]]:
    """Stream one answer: yields (chat messages, exchanges, sources panel HTML or None).

    The text grows while the model writes; the last yield shows the verified Answer, which
    replaces the streamed text, and the sources panel (None means "unchanged").
    """
    done = list(exchanges or [])
    ask = Ask(question or "", mode, k, papers=tuple(papers))
    asking = [*done, ask.exchange()]
    writing = Writing()
    yield chat_messages(asking, pending=writing.shown()), done, None
    for item in answer_stream(assistant, ask, history_turns(done)):
        if isinstance(item, Exchange):
            done.append(item)
        else:
            writing.add(item)
            yield chat_messages(asking, pending=writing.shown()), done, None
    yield chat_messages(done), done, sources_html(done, _lookup(assistant))


def drain(session: ChatSession, assistant_for: Callable[[str | None], Assistant]
          ) -> Iterator[bool]:
    """Answer the session's queued questions in order, recording progress in the session.

    Yields after every change: True when an exchange was finished (the sources panel and the
    exports change), False while text streams. Returns at once when another loop is already
    answering for this session (that loop takes the queued question next), and as soon as
    the answer it writes is stopped; leaving closes the model's stream.
    """
    while (claimed := session.claim()) is not None:
        run, ask = claimed
        yield False
        assistant = assistant_for(ask.provider)
        events = answer_stream(assistant, ask, history_turns(session.exchanges))
        try:
            for item in events:
                if isinstance(item, Exchange):
                    if not session.finish(run, item):
                        return
                    yield True
                    break
                if not session.record(run, item):
                    return
                yield False
        finally:
            events.close()


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


def export_file(exchanges: Sequence[Exchange] | None, directory: Path, *, kind: str = "md",
                name: str | None = None, title: str = "") -> str | None:
    """Write the conversation as Markdown ("md") or JSON ("json"); the path, or None when there
    is nothing to export. `name` (a conversation id) makes later exports overwrite this one."""
    if not exchanges:
        return None
    directory.mkdir(parents=True, exist_ok=True)
    stem = name or f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    path = directory / f"paperchat-{stem}.{kind}"
    if kind == "json":
        text = export_json(exchanges, title=title)
    else:
        text = export_markdown(exchanges, title=title or "paperchat conversation")
    path.write_text(text, encoding="utf-8")
    return str(path)


def export_dir() -> Path:
    """Where exports are written before Gradio serves them: a private folder in the system
    temp dir, which Gradio allows (a folder in the data dir raises its InvalidPathError)."""
    return Path(tempfile.mkdtemp(prefix="paperchat-exports-"))


_NAMEISH = re.compile(r"^[A-Za-z][\w.$^-]*$")


def example_questions(papers: Sequence[Paper]) -> list[str]:
    """First-screen examples drawn from the collection: what a named paper does, a comparison
    of the two most alike named papers, and which papers evaluate on the benchmark most of
    them share (from the papers' stored facets)."""
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
    shared = [(name, n) for name, n in facet_counts(papers, "benchmarks") if n >= 2]
    if shared:
        examples.append(f"Which papers evaluate on {shared[0][0]}?")
    return examples or ["What problems do these papers address?"]


# --- the app -----------------------------------------------------------------------------------


def _header_html(count: int) -> str:
    return ('<div class="pc-header"><div class="pc-brand">paperchat</div>'
            f'<div class="pc-tagline">Questions about {count} papers, answered from their '
            "abstracts. Every claim cites the sentence it comes from.</div></div>")


# System fonts only: nothing is fetched, and every glyph exists in the font that draws it.
SYSTEM_FONTS = ("ui-sans-serif", "system-ui", "-apple-system", "Segoe UI", "Roboto",
                "Helvetica Neue", "Noto Sans", "Liberation Sans", "DejaVu Sans", "Arial",
                "sans-serif")
SYSTEM_MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "Liberation Mono",
               "DejaVu Sans Mono", "monospace")


def launch_options() -> dict[str, Any]:
    """Theme, CSS and head script: Gradio 6 takes these in launch(), not in Blocks()."""
    import gradio as gr

    theme = gr.themes.Default(
        primary_hue="indigo", neutral_hue="slate", radius_size="md",
        font=list(SYSTEM_FONTS), font_mono=list(SYSTEM_MONO),
    )
    css = (_STATIC / "style.css").read_text(encoding="utf-8")
    return {"theme": theme, "css": css, "head": _PAGE_JS}


def restore_settings(saved: Any, default_provider: str, default_k: int
                     ) -> tuple[str, str, int]:
    """(provider, mode, k) from what the browser remembered, each checked; defaults otherwise."""
    saved = saved if isinstance(saved, dict) else {}
    provider = saved.get("provider")
    mode = saved.get("mode")
    k = saved.get("k")
    return (provider if provider in PROVIDERS else default_provider,
            mode if mode in MODES else "auto",
            int(k) if isinstance(k, (int, float)) and 1 <= k <= MAX_K else default_k)


def browser_secret(home: Path) -> str:
    """The key Gradio signs remembered settings with, kept in the data dir so they survive a
    server restart (a fresh key each start would make every browser forget them)."""
    path = home / "ui" / "browser-state-secret"
    try:
        return path.read_text(encoding="utf-8").strip() or _new_secret(path)
    except OSError:
        return _new_secret(path)


def _new_secret(path: Path) -> str:
    import secrets

    value = secrets.token_hex(16)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(value, encoding="utf-8")
        path.chmod(0o600)
    except OSError:
        log.warning("cannot keep the browser-state key in %s; settings last until restart",
                    path.parent)
    return value


def provider_note(settings: Any, provider: str) -> str:
    """Whether `provider` can answer, and if not, what to set and where. Never a key."""
    from assistant.providers import provider_status

    llm = settings.llm.model_copy(update={"provider": provider})
    try:
        status = provider_status(llm, settings.models_dir)
    except PaperchatError as exc:
        return f"**{esc(provider)}: not ready.** {esc(exc)}"
    if status.ready:
        name = f" ({esc(status.model)})" if status.model else ""
        return f"**{esc(provider)}{name}: ready.** {esc(status.detail)}."
    return (f"**{esc(provider)}: not ready.** {esc(status.detail)}. Set it in the environment "
            "or paperchat.toml of the server and restart `paperchat serve`; the page cannot "
            "set keys or URLs.")


def conversation_choices(store: ConversationStore) -> list[tuple[str, str]]:
    return [(f"{c.title} · {c.updated[:10]}", c.id) for c in store.list()]


def build_app(assistant: Assistant) -> gr.Blocks:
    keep_local()  # Gradio reads its analytics switch at import
    import gradio as gr

    pool = AssistantPool(assistant)
    lookup = _lookup(assistant)
    exports = export_dir()
    store = ConversationStore(Path(assistant.settings.home) / "conversations")
    max_chars = assistant.settings.answer.max_question_chars
    papers = assistant.papers()
    examples = example_questions(papers)

    def _view(session: ChatSession, *, panel: bool = True, status: Any = None,
              files: bool = True, relist: bool = False) -> tuple[Any, ...]:
        """(chat, sources, status, stop, export md, export json, conversation list)."""
        shown, streaming, queued = session.snapshot()
        messages = chat_messages(shown, pending=streaming, queued=queued)
        if status is None:
            status = _status_line(streaming is not None, len(queued))
        done = session.exchanges
        downloads: tuple[Any, Any] = (gr.skip(), gr.skip())
        if files:
            try:
                store.save(session.conversation_id, session.title, done)
                md = export_file(done, exports, name=session.conversation_id,
                                 title=session.title)
                js = export_file(done, exports, kind="json", name=session.conversation_id,
                                 title=session.title)
                downloads = (gr.DownloadButton(value=md, interactive=md is not None),
                             gr.DownloadButton(value=js, interactive=js is not None))
            except OSError as exc:  # a full or read-only disk must not break the chat
                log.warning("cannot save or export the conversation: %s", exc)
                status = (f"This conversation could not be saved or exported "
                          f"({exc.strerror or type(exc).__name__}); the chat goes on.")
        # The sidebar list is sent when what it shows for this tab changes (a new or renamed
        # conversation), not after every answer: every session keeps what it was last sent.
        listing: Any = gr.skip()
        key = f"{session.conversation_id}\x1f{session.title}\x1f{bool(done)}"
        if files and (relist or session.listed != key):
            session.listed = key
            listing = gr.Radio(choices=conversation_choices(store),
                               value=session.conversation_id if done else None)
        return (messages, sources_html(done, lookup) if panel else gr.skip(), status,
                gr.Button(interactive=session.busy), *downloads, listing)

    def _run(session: ChatSession) -> Iterator[tuple[Any, ...]]:
        ran = False
        for finished in drain(session, pool.get):
            ran = True
            yield _view(session, panel=finished, files=finished)
        # Nothing to answer (a refused question, or another loop answers): keep the status.
        yield _view(session, panel=False, files=False, status=None if ran else gr.skip())

    def _scope_label(papers: Sequence[str]) -> str:
        return scope_label(papers, lambda p: display_name(assistant.retriever, p))

    def _scope_update(papers: Sequence[str]) -> Any:
        return gr.Dropdown(choices=scope_choices(assistant.papers(), papers), value=list(papers))

    def _submit(question: str, session: ChatSession, provider: str, k: float, mode: str,
                papers: Sequence[str] | None) -> tuple[str | None, list[str] | None]:
        """Queue a question in the session, scoped to the chosen papers and those its "@names"
        name: (why it was refused or None, the new scope when an "@name" changed it)."""
        # The name index is read only when the question holds an "@" (a cold server builds
        # it on first use, which this instant handler should not wait for otherwise).
        found = resolve_mentions(question or "", lambda text: assistant.retriever.named(text))
        if found.unknown:
            return (f"No paper in the collection is called “{esc(found.unknown[0])}”. Check "
                    "the name in the Papers tab, or ask without the @."), None
        chosen = merge(papers or [], found.papers)
        why = session.submit(Ask(found.question, mode, int(k), provider, papers=tuple(chosen),
                                 scope=_scope_label(chosen)), max_chars)
        return why, (chosen if why is None and found.papers else None)

    def _ask(question: str, session: ChatSession, provider: str, k: float, mode: str,
             papers: list[str] | None = None) -> Iterator[tuple[Any, ...]]:
        """The `/ask` API: send a question and stream until the session's queue is done. The
        last update is whole (a client reads its chat and sources panel as the result)."""
        why, _ = _submit(question, session, provider, k, mode, papers)
        if why is None:
            yield from _run(session)
        yield _view(session, files=False, status=why or "")

    def _accept(question: str, session: ChatSession, provider: str, k: float, mode: str,
                papers: list[str] | None) -> tuple[Any, ...]:
        """Runs at once: queue the question in the session, empty the box and show it; a
        refused one stays in the box (with the reason) so nothing typed is lost. The answer
        loop (`_run`) follows. An "@name" adds its paper to the scope shown above the box."""
        why, scoped = _submit(question, session, provider, k, mode, papers)
        shown = _view(session, panel=False, files=False, status=why)
        return (("" if why is None else gr.skip()), shown[0], shown[2], shown[3],
                gr.skip() if scoped is None else _scope_update(scoped))

    def _example(session: ChatSession, provider: str, k: float, mode: str,
                 papers: list[str] | None, event: gr.SelectData) -> tuple[Any, ...]:
        text = str(event.value.get("text", "")) if isinstance(event.value, dict) else ""
        return _accept(text, session, provider, k, mode, papers)

    # Gradio finds the event argument by its annotation, which must be the class itself.
    _example.__annotations__ = {**_example.__annotations__, "event": gr.SelectData}

    def _stop(session: ChatSession) -> tuple[Any, ...]:
        stopped = session.stop()
        return _view(session, status="Stopped." if stopped else "Nothing to stop.")

    def _new(session: ChatSession) -> tuple[Any, ...]:
        session.reset()
        return _view(session)

    def _regenerate(session: ChatSession, provider: str, k: float, mode: str,
                    papers: list[str] | None) -> tuple[Any, ...]:
        last = session.take_last()
        if last is None:
            status = ("Wait for the answer to finish (or press Stop) first." if session.busy
                      else "Nothing to regenerate yet.")
            return _view(session, panel=False, files=False, status=status)
        # Asked again as it was asked (mode and papers), with the provider and k chosen now.
        session.submit(Ask(last.question, last.mode, int(k), provider, papers=last.papers,
                           scope=last.scope), max_chars)
        return _view(session, files=False)

    def _edit(session: ChatSession) -> tuple[Any, ...]:
        """The last question back in the box, with the papers it was scoped to."""
        last = session.take_last()
        if last is None:
            return (gr.skip(), gr.skip(), *_view(session, panel=False, files=False, status=(
                "Wait for the answer to finish (or press Stop) first." if session.busy
                else "Nothing to edit yet.")))
        return (last.question, _scope_update(last.papers),
                *_view(session, status="Edit the question and press Enter to ask again."))

    def _pick(picked: str, papers: list[str] | None) -> tuple[Any, Any]:
        """A paper chosen from its row in the Papers tab ("id<US>nonce"): add it to the
        scope and go to the chat."""
        paper_id = (picked or "").split("\x1f", 1)[0]
        if not paper_id or assistant.paper(paper_id) is None:
            return gr.skip(), gr.skip()
        return _scope_update(merge(papers or [], [paper_id])), gr.Tabs(selected="chat")

    def _scope_choices(papers: list[str] | None) -> Any:
        """Fresh choices when the picker opens (papers may have been added since)."""
        return gr.Dropdown(choices=scope_choices(assistant.papers(), papers or []))

    def _open(conversation_id: str | None, session: ChatSession) -> tuple[Any, ...]:
        loaded = store.load(conversation_id) if conversation_id else None
        if loaded is None:
            return (*_view(session, status="That conversation could not be opened.",
                           relist=True), "")
        title, saved = loaded
        session.load(conversation_id or "", title, saved)
        return (*_view(session, status=f"Opened “{title}”.", relist=True), title)

    def _rename(conversation_id: str | None, title: str, session: ChatSession
                ) -> tuple[Any, str]:
        if not conversation_id or not (title or "").strip():
            return gr.skip(), "Pick a conversation and type a new title."
        store.rename(conversation_id, title)
        if conversation_id == session.conversation_id:
            session.title = title.strip()[:120]
        return (gr.Radio(choices=conversation_choices(store), value=conversation_id),
                "Renamed.")

    def _delete(conversation_id: str | None, session: ChatSession) -> tuple[Any, ...]:
        if not conversation_id:
            return (*_view(session, panel=False, files=False,
                           status="Pick a conversation to delete."), gr.skip())
        store.delete(conversation_id)
        if conversation_id == session.conversation_id:
            session.reset()
        return (*_view(session, status="Deleted.", relist=True), "")

    def _loaded(saved: Any) -> tuple[Any, ...]:
        count = len(assistant.papers())
        provider, mode, k = restore_settings(saved, assistant.provider,
                                             assistant.settings.retrieval.k)
        return (_header_html(count), gr.Tab(label=f"Papers ({count})"), provider, mode, k,
                gr.Radio(choices=conversation_choices(store), value=None))

    def _remember(provider: str, mode: str, k: float) -> dict[str, Any]:
        return {"provider": provider, "mode": mode, "k": int(k)}

    def _provider_note(provider: str) -> str:
        return provider_note(assistant.settings, provider)

    def _filtered(query: str, *chosen: str | None) -> tuple[Any, ...]:
        """The table, and each filter's choices counted over what the other filters keep."""
        narrowed = narrowed_choices(assistant.papers(), query, chosen)
        dropdowns = [gr.Dropdown(choices=choices, value=value if value else ANY_FACET)
                     for choices, value in zip(narrowed, chosen, strict=True)]
        return (*dropdowns, filtered_table(assistant, query, *chosen))

    def _facets(query: str, *chosen: str | None) -> tuple[Any, ...]:
        """Fresh choices (the collection may have grown), the chosen values kept; a filter
        no paper of the collection has a value for is hidden."""
        current = assistant.papers()
        narrowed = narrowed_choices(current, query, chosen)
        dropdowns = [gr.Dropdown(choices=choices, value=value if value else ANY_FACET,
                                 visible=has_values(facet_choices(current, kind)))
                     for choices, value, (kind, _) in zip(narrowed, chosen, FACET_FILTERS,
                                                          strict=True)]
        return (*dropdowns, filtered_table(assistant, query, *chosen),
                gr.CheckboxGroup(choices=column_choices(current)))

    def _literature(query: str, columns: list[str], *chosen: str | None) -> tuple[Any, ...]:
        shown, csv_path, md_path = literature_table(
            assistant, filtered_papers(assistant, query, *chosen), columns, exports,
            focus=chosen[:2])  # the benchmark and model filtered on, not the year
        return (shown, gr.DownloadButton(value=csv_path, interactive=csv_path is not None),
                gr.DownloadButton(value=md_path, interactive=md_path is not None))

    # Gradio tracks progress through a gr.Progress default argument; it must be built here.
    def _upload(files: list[str] | None, query: str,
                progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        summary = add_papers(pool.base, files, progress)
        count = len(assistant.papers())
        return (summary, _header_html(count), gr.Tab(label=f"Papers ({count})"),
                papers_table(assistant, query))

    def _evaluate(chosen: str | None, uploaded: str | None, configs: list[str], limit: float,
                  progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        def report(done: int, total: int, what: str) -> None:
            progress((done, total), desc=what, unit="questions")

        try:
            run = run_eval_in_app(Path(assistant.settings.home), pool.base,
                                  uploaded or chosen or "", configs, exports,
                                  limit=int(limit or 0), progress=report)
        except Exception as exc:  # shown in the tab; the log keeps the traceback
            log.exception("evaluation failed")
            return friendly_eval_error(exc), gr.skip(), gr.skip(), gr.skip()
        return (eval_summary(run.metrics), run.plots,
                gr.DownloadButton(value=run.archive, interactive=True), run.summary_markdown)

    with gr.Blocks(title="paperchat", analytics_enabled=False,
                   delete_cache=(3600, 86400)) as app:
        # A plain default, deep-copied for each tab (ChatSession.__deepcopy__ makes a fresh
        # one). A callable default would run as a page-load event whose result replaces the
        # session: a question sent before it finished was queued in the replaced one and lost.
        session = gr.State(ChatSession())
        remembered = gr.BrowserState({}, storage_key="paperchat-settings",
                                     secret=browser_secret(Path(assistant.settings.home)))
        with gr.Sidebar(open=False, elem_id="pc-sidebar", label="Conversations"):
            gr.HTML('<div class="pc-panel-title">Conversations</div>')
            saved = gr.Radio(choices=[], show_label=False, elem_id="pc-conversations",
                             info="Saved in the data dir after every answer.")
            new_title = gr.Textbox(show_label=False, placeholder="New title for the chosen one",
                                   elem_id="pc-new-title", max_lines=1)
            with gr.Row():
                rename = gr.Button("Rename", size="sm", elem_id="pc-rename")
                delete = gr.Button("Delete", size="sm", variant="stop", elem_id="pc-delete")
            saved_note = gr.Markdown(elem_id="pc-saved-note")
        header = gr.HTML(_header_html(len(papers)))
        with gr.Tabs() as tabs:
            with gr.Tab("Chat", id="chat"):
                with gr.Row(equal_height=False):
                    with gr.Column(scale=3, min_width=320):
                        chatbot = gr.Chatbot(
                            value=[], show_label=False, elem_id="pc-chat", height=580,
                            placeholder="**Ask about the papers.** Answers quote the abstracts "
                                        "and cite them; click a citation to see its sentence.",
                            examples=[{"text": q} for q in examples],
                            latex_delimiters=[], feedback_options=None, allow_tags=False,
                            buttons=[], layout="panel",
                        )
                        with gr.Row(elem_id="pc-scope-row", equal_height=True):
                            scope = gr.Dropdown(
                                scope_choices(papers), value=[], multiselect=True,
                                label="Ask about", elem_id="pc-scope", scale=5,
                                info="Only these papers are used. Pick them here, in the "
                                     "Papers tab, or write @name in a question.")
                            scope_clear = gr.Button("All papers", size="sm", scale=0,
                                                    min_width=110, elem_id="pc-scope-clear")
                        # Set by a paper's "Ask about this paper" link in the Papers tab.
                        scope_pick = gr.Textbox(elem_id="pc-scope-pick", show_label=False,
                                                container=False, elem_classes="pc-offscreen")
                        box = gr.Textbox(
                            label="Question", show_label=False,
                            placeholder="Ask a question about the papers…",
                            lines=1, max_lines=6, submit_btn=True, autofocus=True,
                            elem_id="pc-question",
                        )
                        status = gr.Markdown(elem_id="pc-status")
                        with gr.Row(elem_classes="pc-actions"):
                            stop = gr.Button("Stop", size="sm", variant="stop",
                                             interactive=False, elem_id="pc-stop")
                            regenerate = gr.Button("Regenerate", size="sm",
                                                   variant="secondary", elem_id="pc-regenerate")
                            edit = gr.Button("Edit last question", size="sm",
                                             variant="secondary", elem_id="pc-edit")
                            clear = gr.Button("New conversation", size="sm",
                                              variant="secondary", elem_id="pc-new")
                        with gr.Row(elem_classes="pc-actions"):
                            export_md = gr.DownloadButton("Export Markdown", size="sm",
                                                          interactive=False,
                                                          elem_id="pc-export-md")
                            export_js = gr.DownloadButton("Export JSON", size="sm",
                                                          interactive=False,
                                                          elem_id="pc-export-json")
                        with gr.Accordion("Settings", open=False, elem_id="pc-settings"):
                            with gr.Row():
                                provider = gr.Dropdown(
                                    list(PROVIDERS), value=assistant.provider,
                                    label="Model provider", elem_id="pc-provider",
                                    info="extractive quotes the abstracts without a model")
                                mode = gr.Radio(
                                    list(MODES), value="auto", label="Answer mode",
                                    elem_id="pc-mode",
                                    info="auto spots comparisons and list questions")
                            provider_state = gr.Markdown(
                                provider_note(assistant.settings, assistant.provider),
                                elem_id="pc-provider-note", elem_classes="pc-hint")
                            k = gr.Slider(1, MAX_K, step=1, value=assistant.settings.retrieval.k,
                                          label="Papers retrieved (k)", elem_id="pc-k")
                            gr.Markdown("Remembered in this browser. API keys and server URLs "
                                        "are not set here: they come from the environment or "
                                        "paperchat.toml when the server starts.",
                                        elem_classes="pc-hint")
                    with gr.Column(scale=2, min_width=300, elem_id="pc-sources-col"):
                        gr.HTML('<div class="pc-panel-title">Sources</div>')
                        sources = gr.HTML(sources_html([], lookup), elem_id="pc-sources")
            with gr.Tab(f"Papers ({len(papers)})", id="papers") as papers_tab:
                search = gr.Textbox(show_label=False, elem_id="pc-search",
                                    placeholder="Filter by words in the title, abstract or id")
                with gr.Row(elem_id="pc-facets"):
                    facet_filters = [
                        gr.Dropdown(choices=choices, value=ANY_FACET, label=label,
                                    elem_id=f"pc-facet-{kind}", min_width=160,
                                    visible=has_values(choices))
                        for kind, label in FACET_FILTERS
                        for choices in [facet_choices(papers, kind)]]
                table = gr.HTML(papers_table_html(papers, len(papers)), elem_id="pc-table")
                with gr.Accordion("Literature table of the papers shown", open=False,
                                  elem_id="pc-lit"):
                    lit_columns = gr.CheckboxGroup(choices=column_choices(papers),
                                                   value=DEFAULT_TABLE_COLUMNS, label="Columns",
                                                   elem_id="pc-lit-columns")
                    lit_build = gr.Button("Build literature table", elem_id="pc-lit-build")
                    lit_view = gr.HTML(elem_id="pc-lit-table")
                    with gr.Row():
                        lit_csv = gr.DownloadButton("Download CSV", size="sm", interactive=False,
                                                    elem_id="pc-lit-csv")
                        lit_md = gr.DownloadButton("Download Markdown", size="sm",
                                                   interactive=False, elem_id="pc-lit-md")
                with gr.Accordion("Add papers", open=True):
                    gr.Markdown("Upload JSONL/JSON records, PDFs or a Daily Papers `.txt` page. "
                                "Papers are indexed incrementally: a re-uploaded paper is "
                                "updated, never duplicated.")
                    files = gr.File(file_count="multiple", label="Files", height=120,
                                    file_types=list(SUPPORTED_SUFFIXES), elem_id="pc-files")
                    add = gr.Button("Index these files", variant="primary", elem_id="pc-add")
                    summary = gr.Markdown(elem_id="pc-summary")

            with gr.Tab("Eval", id="eval"):
                gr.Markdown("Run a QA set through one or more configurations (retrieval + "
                            "answer provider) and read the report here. The set's papers are "
                            "indexed into their own store under the data dir, never the chat's. "
                            "The extractive provider needs no model and runs the dev set in "
                            "about a minute.", elem_classes="pc-hint")
                with gr.Row():
                    datasets = bundled_datasets()
                    eval_set = gr.Dropdown(datasets, label="QA set", elem_id="pc-eval-set",
                                           value=next((v for label, v in datasets
                                                       if label.startswith("dev")), None))
                    eval_file = gr.File(label="…or upload a QA .jsonl", file_types=[".jsonl"],
                                        height=90, elem_id="pc-eval-file")
                with gr.Row():
                    eval_configs = gr.CheckboxGroup(list(CONFIG_CHOICES),
                                                    value=["hybrid+extractive"],
                                                    label="Configurations",
                                                    elem_id="pc-eval-configs")
                    eval_limit = gr.Number(0, precision=0, minimum=0, label="Questions (0 = all)",
                                           elem_id="pc-eval-limit")
                eval_run = gr.Button("Run evaluation", variant="primary", elem_id="pc-eval-run")
                eval_status = gr.Markdown(elem_id="pc-eval-status")
                eval_plots = gr.Gallery(label="Plots", columns=3, height=320, object_fit="contain",
                                        elem_id="pc-eval-plots", interactive=False)
                eval_download = gr.DownloadButton("Download the report (zip)", interactive=False,
                                                  size="sm", elem_id="pc-eval-download")
                eval_report = gr.Markdown(elem_id="pc-eval-report")

        view = [chatbot, sources, status, stop, export_md, export_js, saved]
        private: dict[str, Any] = {"api_visibility": "private"}
        instant: dict[str, Any] = {"queue": False, "show_progress": "hidden", **private}
        # Accepting a question is instant (queued in the session, box emptied, question shown);
        # the answer loop follows. A loop started while another answers for the same tab
        # waits for it (always_last) and finds the queue done: nothing sent is ever dropped.
        chat: dict[str, Any] = {"show_progress": "hidden", "concurrency_limit": CHAT_CONCURRENCY,
                                "concurrency_id": "chat", "trigger_mode": "always_last",
                                **private}
        accepted = [box, chatbot, status, stop, scope]
        options = [session, provider, k, mode, scope]
        runs = [
            box.submit(_accept, [box, *options], accepted, **instant).then(
                _run, [session], view, **chat),
            chatbot.example_select(_example, options, accepted, **instant).then(
                _run, [session], view, **chat),
            regenerate.click(_regenerate, options, view, **instant).then(
                _run, [session], view, **chat),
        ]
        stop.click(_stop, [session], view, cancels=runs, **instant).then(
            _run, [session], view, **chat)
        for reset in (clear.click, chatbot.clear):
            # A new conversation starts on all papers: an "@name" scope belongs to the last one.
            reset(_new, [session], view, cancels=runs, **instant).then(
                lambda: gr.Dropdown(value=[]), None, [scope], **instant)
        # The HTTP/client API (`/ask`: question, provider, k, mode): one call sends a question
        # and returns when it is answered, in the caller's own session.
        api_trigger = gr.Button(visible=False, elem_id="pc-api-ask")
        api_trigger.click(_ask, [box, *options], view, api_name="ask",
                          show_progress="hidden", concurrency_limit=CHAT_CONCURRENCY,
                          concurrency_id="chat")
        edit.click(_edit, [session], [box, scope, *view], **instant)
        scope_clear.click(lambda: gr.Dropdown(value=[]), None, [scope], **instant)
        scope.focus(_scope_choices, [scope], [scope], **instant)
        scope_pick.change(_pick, [scope_pick, scope], [scope, tabs], **instant)
        saved.input(_open, [saved, session], [*view, new_title], cancels=runs, **instant)
        rename.click(_rename, [saved, new_title, session], [saved, saved_note], **instant)
        delete.click(_delete, [saved, session], [*view, new_title], **instant)
        provider.change(_provider_note, [provider], [provider_state], **instant)
        for control in (provider, mode, k):
            control.change(_remember, [provider, mode, k], [remembered], **instant)
        app.load(_loaded, [remembered], [header, papers_tab, provider, mode, k, saved],
                 **instant)
        # The table and the filters are answered one request at a time, in the order sent:
        # each update sets every filter's value and the table, so a slower earlier one (the
        # page load's refresh, the first of two quick choices) must not land after a later
        # one. Quietly: an overlay would grey the whole table on every page load.
        papers_view: dict[str, Any] = {"concurrency_id": "papers-view", "concurrency_limit": 1,
                                       "show_progress": "hidden", **private}
        search.change(_filtered, [search, *facet_filters], [*facet_filters, table],
                      **papers_view)
        for facet_filter in facet_filters:
            facet_filter.input(_filtered, [search, *facet_filters], [*facet_filters, table],
                               trigger_mode="always_last", **papers_view)
        app.load(_facets, [search, *facet_filters], [*facet_filters, table, lit_columns],
                 **papers_view)
        add.click(_upload, [files, search], [summary, header, papers_tab, table],
                  concurrency_limit=1, **private).then(
            _facets, [search, *facet_filters], [*facet_filters, table, lit_columns],
            **papers_view)
        lit_build.click(_literature, [search, lit_columns, *facet_filters],
                        [lit_view, lit_csv, lit_md], concurrency_limit=1, **private)
        eval_run.click(_evaluate, [eval_set, eval_file, eval_configs, eval_limit],
                       [eval_status, eval_plots, eval_download, eval_report],
                       concurrency_limit=1, concurrency_id="eval", **private)
    return app


def eval_summary(metrics: dict[str, dict[str, Any]]) -> str:
    """One line per configuration with the headline metrics."""
    from eval.metrics import HEADLINE as shown
    lines = []
    for name, result in metrics.items():
        overall = result.get("overall", {})
        parts = [f"{m} {overall[m]:.3f}" for m in shown if overall.get(m) is not None]
        lines.append(f"- **{name}** ({int(overall.get('n', 0))} questions): "
                     + ", ".join(parts))
    return "**Done.**\n\n" + "\n".join(lines)


def _status_line(writing: bool, queued: int) -> str:
    if queued:
        waiting = f"{queued} question{'s' if queued != 1 else ''} queued"
        return f"{waiting}: asked in turn when the current answer is finished."
    return "Writing the answer… press Stop to cancel it." if writing else ""


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
