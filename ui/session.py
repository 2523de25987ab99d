"""One browser tab's chat: answered exchanges, questions waiting their turn, the answer being
written, and how Stop and "New conversation" interrupt it. No gradio here.

The web app keeps one `ChatSession` per tab (in a `gr.State`) and mutates it in place, so the
Stop button, which runs outside the queue, sees the answer its tab is writing. Every change
goes through the lock; a run number tells a stale answer loop (one the user stopped while it
was blocked waiting for the model) that its results are no longer wanted.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field, replace
from datetime import datetime

from assistant.events import CellFilled, Progress, TableSkeleton
from assistant.types import Answer
from ui.render import Exchange, Pending, pending_text

PREVIEW_CHARS = 80  # how much of a refused, over-long question a message may quote


@dataclass(frozen=True)
class Ask:
    """A question as sent, with the answer options chosen when it was sent."""

    question: str
    mode: str = "auto"
    k: int | None = None
    provider: str | None = None
    papers: tuple[str, ...] = ()
    """Paper ids the answer is restricted to (empty: the whole collection)."""
    scope: str = ""
    """Their short names, shown with the question."""

    def exchange(self, answer: Answer | None = None, error: str | None = None, *,
                 stopped: bool = False, partial: str = "") -> Exchange:
        """The exchange this question becomes: answered, failed, stopped or still open."""
        return Exchange(self.question, answer=answer, error=error, stopped=stopped,
                        partial=partial, mode=self.mode, papers=self.papers, scope=self.scope)


Shown = str | Progress | TableSkeleton | CellFilled
"""What the chat shows of an answer being written: text pieces, stages, a table's skeleton and
its cells (the engine's events, its text deltas as plain strings)."""


@dataclass
class Writing:
    """An answer being written, as the chat shows it."""

    text: str = ""
    stage: str = ""  # what the answer is doing ("finding papers"), until more text arrives
    table: TableSkeleton | None = None  # a table's rows and columns, until its text arrives
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> text
    started: float = field(default_factory=time.monotonic)  # when the answer was taken up

    def add(self, item: Shown) -> None:
        if isinstance(item, Progress):
            self.stage = item.stage
        elif isinstance(item, TableSkeleton):
            self.table, self.cells = item, {}
        elif isinstance(item, CellFilled):
            self.cells[(item.row, item.column)] = item.text
        else:  # text supersedes the stage shown, and the skeleton (the text carries the table)
            self.text += item
            self.stage, self.table, self.cells = "", None, {}

    def shown(self, now: float | None = None) -> Pending:
        """What the chat shows of it, `now` (monotonic) giving its elapsed seconds."""
        elapsed = (time.monotonic() if now is None else now) - self.started
        return pending_text(self.text, self.stage, self.table, self.cells, max(0.0, elapsed))


def refusal(question: str | None, max_chars: int) -> str | None:
    """Why a question is not sent, or None when it is fine. Never quotes it in full."""
    text = (question or "").strip()
    if not text:
        return "Type a question first."
    if len(text) > max_chars:
        return (f"That question is {len(text):,} characters long; the limit is {max_chars:,}. "
                "Please shorten it (it starts “" + text[:PREVIEW_CHARS].rstrip() + "…”).")
    return None


def new_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]


class _Lock:
    """A re-entrant lock that copies as a new lock: Gradio deep-copies a State's default (every
    field of it, when it builds the page's config)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()

    def __enter__(self) -> bool:
        return self._lock.__enter__()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()

    def __deepcopy__(self, memo: dict[int, object]) -> _Lock:
        return _Lock()


@dataclass
class ChatSession:
    """The conversation a tab shows, and the work queued for it."""

    conversation_id: str = field(default_factory=new_id)
    title: str = ""
    exchanges: list[Exchange] = field(default_factory=list)
    pending: deque[Ask] = field(default_factory=deque)
    current: Ask | None = None
    writing: Writing = field(default_factory=Writing)
    run: int = 0
    listed: str = ""
    """What this tab's conversation list was last sent for (the page's own bookkeeping)."""
    _lock: _Lock = field(default_factory=lambda: _Lock(), repr=False)

    def __deepcopy__(self, memo: dict[int, object]) -> ChatSession:
        # gradio deep-copies a State's initial value for each new tab: a fresh session.
        return ChatSession()

    # --- sending ---------------------------------------------------------------------------

    def submit(self, ask: Ask, max_chars: int) -> str | None:
        """Queue a question; the refusal message instead when it cannot be sent."""
        why = refusal(ask.question, max_chars)
        if why is not None:
            return why
        with self._lock:
            self.pending.append(replace(ask, question=ask.question.strip()))
            if not self.title:
                self.title = title_from(ask.question)
        return None

    def claim(self) -> tuple[int, Ask] | None:
        """The next question to answer and its run number, unless one is being answered."""
        with self._lock:
            if self.current is not None or not self.pending:
                return None
            self.current = self.pending.popleft()
            self.writing = Writing()
            self.run += 1
            return self.run, self.current

    @property
    def streamed(self) -> str:
        """The text of the answer being written, so far."""
        with self._lock:
            return self.writing.text

    def record(self, run: int, item: Shown) -> bool:
        """Record a stage, a table's skeleton or cell, or streamed text of the answer being
        written; False when that run was stopped (the loop should end)."""
        with self._lock:
            if run != self.run or self.current is None:
                return False
            self.writing.add(item)
            return True

    def finish(self, run: int, exchange: Exchange) -> bool:
        """Keep the finished exchange; False when that run was stopped meanwhile."""
        with self._lock:
            if run != self.run or self.current is None:
                return False
            self.exchanges.append(exchange)
            self.current = None
            self.writing = Writing()
            return True

    # --- interrupting ----------------------------------------------------------------------

    def stop(self) -> bool:
        """Stop the answer being written: its text so far is kept, marked stopped. Questions
        still queued stay queued. False when nothing was being answered."""
        with self._lock:
            if self.current is None:
                return False
            self.exchanges.append(self.current.exchange(stopped=True,
                                                        partial=self.writing.text))
            self.current = None
            self.writing = Writing()
            self.run += 1
            return True

    def reset(self) -> None:
        """A new, empty conversation (any answer being written is abandoned)."""
        with self._lock:
            self.run += 1
            self.current = None
            self.writing = Writing()
            self.pending.clear()
            self.exchanges = []
            self.title = ""
            self.conversation_id = new_id()

    def load(self, conversation_id: str, title: str, exchanges: list[Exchange]) -> None:
        """Show a saved conversation (abandoning whatever this tab was doing)."""
        self.reset()
        with self._lock:
            self.conversation_id = conversation_id
            self.title = title
            self.exchanges = list(exchanges)

    # --- regenerate and edit ---------------------------------------------------------------

    def take_last(self) -> Exchange | None:
        """Remove the last exchange (to ask it again) unless an answer is being written."""
        with self._lock:
            if self.current is not None or self.pending or not self.exchanges:
                return None
            return self.exchanges.pop()

    # --- what the page shows ---------------------------------------------------------------

    def snapshot(self) -> tuple[list[Exchange], Pending | None, list[str]]:
        """(exchanges incl. the one being written, what is shown of it or None, the questions
        waiting behind it)."""
        with self._lock:
            shown = list(self.exchanges)
            streaming = None
            waiting = list(self.pending)
            if self.current is not None:
                shown.append(self.current.exchange())
                streaming = self.writing.shown()
            elif waiting:  # about to be claimed: shown as started, not as waiting
                shown.append(waiting.pop(0).exchange())
                streaming = Pending()
            queued = [a.question for a in waiting]
            return shown, streaming, queued

    @property
    def busy(self) -> bool:
        with self._lock:
            return self.current is not None or bool(self.pending)


def title_from(question: str, limit: int = 60) -> str:
    text = " ".join(question.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"
