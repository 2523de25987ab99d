"""The Hugging Face Daily Papers page saved as text: a title line, then an abstract paragraph.

The saved page starts with six header lines ("new", ..., a date such as "Jul 30"); after that,
paragraphs (runs of non-blank lines) alternate title, abstract. A title may also sit directly
above its abstract with no blank line between. Nothing in the format says which line is which,
so these shapes decide, and anything else is reported with its line number rather than guessed:

- a title is one line of at most 300 characters that does not end with a period;
- an abstract is a paragraph that does not look like a title, or is at least 200 characters.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import CorpusError
from assistant.sources import extract_urls, pick_link, read_text
from assistant.types import Paper, slugify

MAX_TITLE_CHARS = 300
MIN_UNPUNCTUATED_ABSTRACT_CHARS = 200

_HEADER_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "subscribe",
        "daily papers",
        "byak and the research community",
    }
)
_DATE_LINE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,?\s+\d{4})?",
    re.IGNORECASE,
)


def read_daily_papers(path: Path) -> list[Paper]:
    """Papers in file order; `CorpusError` names the line of the first block that does not fit."""
    lines = [line.rstrip() for line in read_text(path).split("\n")]
    papers: list[Paper] = []
    pending: tuple[int, str] | None = None  # a title line still waiting for its abstract
    for line_no, paragraph in _paragraphs(lines, _header_length(lines)):
        if pending is None:
            first = paragraph[0]
            if not _looks_like_title(first):
                raise CorpusError(
                    f"expected a title line, found one that {_why_not_title(first)}"
                    " (an abstract without a title, or a paper with two abstract paragraphs?)",
                    path,
                    line_no,
                )
            if len(paragraph) == 1:
                pending = (line_no, first)
                continue
            title_line, title, body = line_no, first, paragraph[1:]
        else:
            (title_line, title), body = pending, paragraph
        abstract = " ".join(part.strip() for part in body)
        if not _looks_like_abstract(abstract):
            raise CorpusError(
                f"the title {title[:80]!r} has no abstract: the next paragraph"
                f" (line {line_no}) looks like another title",
                path,
                title_line,
            )
        papers.append(_paper(title.strip(), abstract, path))
        pending = None
    if pending is not None:
        raise CorpusError(
            f"the title {pending[1][:80]!r} has no abstract (end of file)", path, pending[0]
        )
    if not papers:
        raise CorpusError("no papers found (only the page header?)", path)
    return papers


def _header_length(lines: list[str]) -> int:
    """How many leading lines are the page's header; 0 when the header was left out."""
    count = 0
    for line in lines:
        text = line.strip()
        if text and text.lower() not in _HEADER_LINES and not _DATE_LINE.fullmatch(text):
            break
        count += 1
    return count


def _paragraphs(lines: list[str], start: int) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines after `start`, each with the 1-based number of its first line."""
    paragraphs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for index in range(start, len(lines)):
        if lines[index].strip():
            if not current:
                paragraphs.append((index + 1, current))
            current.append(lines[index])
        else:
            current = []
    return paragraphs


def _looks_like_title(line: str) -> bool:
    text = line.strip()
    return (
        0 < len(text) <= MAX_TITLE_CHARS
        and not text.endswith(".")
        and any(char.isalpha() for char in text)
    )


def _looks_like_abstract(text: str) -> bool:
    return not _looks_like_title(text) or len(text) >= MIN_UNPUNCTUATED_ABSTRACT_CHARS


def _why_not_title(line: str) -> str:
    text = line.strip()
    shown = text if len(text) <= 60 else text[:57] + "..."
    if len(text) > MAX_TITLE_CHARS:
        reason = f"is {len(text)} characters long"
    elif text.endswith("."):
        reason = "ends with a period"
    else:
        reason = "has no letters"
    return f"{reason}: {shown!r}"


def _paper(title: str, abstract: str, path: Path) -> Paper:
    urls = extract_urls(abstract)
    return Paper(
        id=slugify(title),
        title=title,
        abstract=abstract,
        url=pick_link(urls),
        urls=urls,
        source=str(path),
    )
