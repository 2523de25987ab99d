"""Fact answers where the model points and the app quotes.

Asked to write, a small local model paraphrases the asked number away or adds a neighbouring
fact. Asked only to copy the shortest words of the evidence that answer, it is a useful judge
of *which* sentence answers, and its reply can be checked: the copied words must really be in
the evidence. The answer is then that sentence first, followed by the extractive picks, every
sentence verbatim; a reply that is not in the evidence leaves the extractive answer as it was.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.composers.extractive import with_enumeration
from assistant.text import tokenize
from assistant.types import Evidence

_MARKER = re.compile(r"\[\s*(\d+)\s*\]")
_WORD = re.compile(r"\w+(?:[.,]\w+)*%?")
_LABEL = re.compile(r"^\s*(\w+\s+){0,2}\w+\s*:\s+")  # "Answer: ", "The paper: "


@dataclass(frozen=True)
class Pointer:
    """The evidence sentence a model's copied words come from."""

    evidence: Evidence
    span: str


def read_pointer(reply: str, evidence: Sequence[Evidence],
                 picks: Sequence[Evidence] = ()) -> Pointer | None:
    """The sentence holding the words the model copied, or None when they are not in the
    evidence (or carry no content word).

    Words are compared in order, ignoring case, spacing and punctuation between them (the model
    may drop a LaTeX backslash, a quote mark or a few words, never add or reorder one). The
    sentence the reply numbers is tried first, then every other one in order; words from a
    title point at that paper's first pick. A reply of numbers alone ("[3]") points at that
    sentence; one copying from several ("[1] A, [2] B") at the first whose words check out.
    """
    line = reply.strip().splitlines()[0] if reply.strip() else ""
    by_n = {e.n: e for e in evidence}
    segments = _segments(line)
    if segments and not any(words for _, words in segments):
        first = segments[0][0]
        return Pointer(evidence=by_n[first], span="") if first in by_n else None
    for number, span in segments:
        if not _words(span) or not tokenize(span):
            continue
        ordered = ([by_n[number]] if number in by_n else []) + \
            [e for e in evidence if e.n != number]
        found = _find(_words(span), ordered, [*picks, *evidence])
        if found is not None:
            return Pointer(evidence=found, span=span)
    return None


def _segments(line: str) -> list[tuple[int | None, str]]:
    """(number, copied words) for each marker in the line; words before any marker have none."""
    parts = _MARKER.split(line)
    segments: list[tuple[int | None, str]] = []
    if _clean(parts[0]):
        segments.append((None, _clean(parts[0])))
    for number, text in zip(parts[1::2], parts[2::2], strict=True):
        segments.append((int(number), _clean(text)))
    return segments


def _clean(text: str) -> str:
    return _LABEL.sub("", text.strip(" ,;")).strip(" \"'`\u201c\u201d.:;,")


def _find(words: list[str], ordered: Sequence[Evidence],
          preferred: Sequence[Evidence]) -> Evidence | None:
    for item in ordered:
        if _contains(_words(item.text), words):
            return item
    # Words copied from a paper's title point at the paper: its best pick, else its first
    # sentence given.
    for item in ordered:
        if _contains(_words(item.title), words):
            return next(e for e in preferred if e.paper_id == item.paper_id)
    return None


def lead_with(pointer: Pointer, picks: Sequence[Evidence],
              evidence: Sequence[Evidence]) -> list[Evidence]:
    """The pointed sentence (with its enumeration's items) first, then every extractive pick:
    the model may add the sentence that answers, never take away one the picks hold."""
    head = with_enumeration([pointer.evidence], evidence)
    head.sort(key=lambda e: e.n != pointer.evidence.n)  # the pointed one first, items after
    return head + [e for e in picks if e not in head]


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text.replace("\\", ""))]


def _contains(text: list[str], span: list[str]) -> bool:
    """`span`'s words in order within a window of `text` at most half as long again: a
    dropped "and" or "(MC)" is still a copy, a reworded or reordered phrase is not."""
    room = len(span) + len(span) // 2
    for start, word in enumerate(text):
        if word != span[0]:
            continue
        i = 1
        for position in range(start + 1, min(len(text), start + room)):
            if i < len(span) and text[position] == span[i]:
                i += 1
        if i == len(span):
            return True
    return False
