"""Scoping a question to chosen papers: the picker's choices and "@name" in a question.

A paper is chosen in the chat's picker, from its row in the Papers tab, or by writing "@" before
its name in the question. The name after "@" is resolved by the collection's own name index
(`named`, the matcher the understanding stage uses: written variants, small typos), never by a
matcher of its own. No gradio here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.types import Paper

Named = Callable[[str], Mapping[str, str]]
"""The papers a text names: paper id -> the words it used (`HybridRetriever.named`)."""

MAX_CHOICES = 500
"""Papers offered in the picker; a larger collection offers only the chosen ones (pick the rest
with "@name" or from the Papers tab), so the page does not carry every title."""
_MAX_NAME_WORDS = 6  # longest name tried after an "@" ("@Darwin Godel Machine")
_LABEL_CHARS = 90
# "@" that starts a word (not an e-mail address) followed by the name.
_MENTION = re.compile(r"(?<![\w@])@(?=\w)")


@dataclass(frozen=True)
class Mentions:
    """A question with its "@name" marks resolved."""

    question: str
    """The question as the engine should read it: the names kept, the "@" dropped."""
    papers: list[str] = field(default_factory=list)
    """The papers named after an "@", in the order written."""
    unknown: list[str] = field(default_factory=list)
    """What followed an "@" that names no paper (its first word)."""


def resolve_mentions(question: str, named: Named) -> Mentions:
    """Each "@" followed by a paper's name chooses that paper.

    The shortest run of words after the "@" that the name index knows is the name: "@rStar-Math
    and SPHERE" chooses rStar-Math only, "@Darwin Godel Machine" needs its first two words.
    A run naming several papers (a name they share) chooses all of them.
    """
    marks = list(_MENTION.finditer(question))
    if not marks:
        return Mentions(question=question)
    papers: list[str] = []
    unknown: list[str] = []
    for i, mark in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(question)
        words = question[mark.end():end].split()
        found: list[str] = []
        for n in range(1, min(len(words), _MAX_NAME_WORDS) + 1):
            found = list(named(" ".join(words[:n])))
            if found:
                break
        if found:
            papers.extend(p for p in found if p not in papers)
        elif words:
            unknown.append(words[0].strip(".,;:!?\"'()"))
    text = _MENTION.sub("", question)
    return Mentions(question=re.sub(r"\s{2,}", " ", text).strip(), papers=papers,
                    unknown=unknown)


def merge(chosen: Iterable[str], more: Iterable[str]) -> list[str]:
    """The chosen papers, then the new ones, each once, in order."""
    return list(dict.fromkeys([*chosen, *more]))


def choice_label(paper: Paper) -> str:
    title = " ".join(paper.title.split())
    return title if len(title) <= _LABEL_CHARS else title[:_LABEL_CHARS].rsplit(" ", 1)[0] + "…"


def scope_choices(papers: Sequence[Paper], chosen: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(label, paper id) for the picker: every paper in a collection of up to MAX_CHOICES,
    else only the chosen ones (a chosen paper is always a choice, or the picker drops it)."""
    by_id = {p.id: p for p in papers}
    offered = list(papers) if len(papers) <= MAX_CHOICES else \
        [by_id[c] for c in chosen if c in by_id]
    return [(choice_label(p), p.id) for p in offered]


def scope_label(papers: Sequence[str], name: Callable[[str], str], limit: int = 3) -> str:
    """'rStar-Math, SPHERE' (and 'and 2 more') for the chosen papers' short names."""
    names = [name(p) for p in papers]
    shown = ", ".join(names[:limit])
    if len(names) > limit:
        shown += f" and {len(names) - limit} more"
    return shown
