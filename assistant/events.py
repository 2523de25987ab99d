"""What an answer stream says while it works, before its verified `Answer` arrives.

The engine decides every event; an interface only renders them. In order, an answer may send:
`Progress` (the stage it is in), for a table a `TableSkeleton` (its rows and columns, before
any cell is filled) then one `CellFilled` per cell as it is composed, `AnswerDelta` pieces of
text, and last the `Answer`, which replaces everything streamed before it.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from assistant.types import Answer, Evidence


@dataclass(frozen=True)
class AnswerDelta:
    """A piece of streamed answer text (shown while the model writes; the final Answer wins)."""

    text: str


@dataclass(frozen=True)
class Progress:
    """What stage an answer is in ("finding papers", "reading 3 papers", "writing")."""

    stage: str


@dataclass(frozen=True)
class TableSkeleton:
    """A table's shape before its cells: one row per paper, one column per aspect."""

    columns: tuple[str, ...]
    """Column labels after the papers' column."""
    rows: tuple[str, ...]
    """The name each row shows, in order."""
    papers: tuple[str, ...]
    """The paper id of each row, in the same order."""


@dataclass(frozen=True)
class CellFilled:
    """One cell of the table announced by the last `TableSkeleton`, as composed."""

    row: int
    column: int
    text: str
    """Markdown, with citation markers numbered as the final answer numbers them."""
    evidence: tuple[Evidence, ...] = ()
    """The evidence items the cell cites."""


StreamEvent = AnswerDelta | Progress | TableSkeleton | CellFilled | Answer


def without_repeated_stages(events: Iterable[StreamEvent]) -> Iterator[StreamEvent]:
    """`events` less any `Progress` that repeats the stage already shown. Closing this
    closes `events` (Stop must reach the model's stream at once, in the closing thread)."""
    shown = None
    try:
        for event in events:
            if isinstance(event, Progress):
                if event == shown:
                    continue
                shown = event
            yield event
    finally:
        close = getattr(events, "close", None)
        if close is not None:
            close()


_Result = TypeVar("_Result")


def run_to_end(events: Generator[Any, None, _Result]) -> _Result:
    """What a generator returns, its events unread (a table built for a caller that does not
    stream it)."""
    while True:
        try:
            next(events)
        except StopIteration as done:
            return done.value
