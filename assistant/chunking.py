"""Papers -> chunks: the abstract as one chunk, long full texts as token windows.

Every chunk starts with the paper's title (so a window read alone still says what it is from)
and carries its sentences as character offsets into its own text: citations point at those.
"""

from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING

import tiktoken

from assistant.tokens import count_tokens, get_encoding
from assistant.types import Chunk, PageSpan, Paper, Sentence

if TYPE_CHECKING:
    from assistant.settings import ChunkingSettings

Span = tuple[int, int]

# Sentence-final punctuation, any closing quotes or brackets, then whitespace. Citation markers
# written after the period ("... improves. [1] Next") stay with the sentence they cite for.
_CANDIDATE = re.compile(
    r"""[.!?]+["'\u201d\u2019)\]]*(?:[ \t]*\[\d+(?:\s*[,;\u2013-]\s*\d+)*\])*(?=\s)"""
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_DOTTED_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_ENUMERATOR = re.compile(r"\(?\d{1,2}|\(?[ivx]{1,4}|\(?[a-h]", re.IGNORECASE)
_ABBREVIATIONS = frozenset(
    """e.g i.e al vs cf fig figs eq eqs eqn sec secs ch vol pp approx resp viz avg incl
    ref refs tab thm ca w.r.t a.k.a u.s u.k ph.d""".split()
)
# Matched with their case, so that "MS." (multiple sclerosis) and "NO." (nitric oxide) still
# end sentences while "Ms." and "No. 5" do not.
_CAPITALIZED_ABBREVIATIONS = frozenset(
    """Dr Mr Mrs Ms Prof Inc Ltd Jr Sr St No Nos Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov
    Dec""".split()
)


def split_sentences(text: str) -> list[Span]:
    """Sentence spans (start, end exclusive) over `text`, trimmed of surrounding whitespace.

    A period ends a sentence only when whitespace follows and the next word could start one;
    abbreviations (e.g., et al., vs., Fig.), initials (U.S.), decimals, URLs and list markers
    at the start of a line do not end sentences, nor does a lone word. Blank lines always do.
    """
    spans: list[Span] = []
    for start, end in _paragraphs(text):
        cursor = start
        for match in _CANDIDATE.finditer(text, start, end):
            # A lone word ("Methods." in a structured abstract) is a heading, not a sentence.
            lone_word = not any(char.isspace() for char in text[cursor : match.end()].strip())
            if not lone_word and _ends_sentence(text, match, start, end):
                spans.append((cursor, match.end()))
                cursor = match.end()
        spans.append((cursor, end))
    return [trimmed for span in spans if (trimmed := _trim(text, span))]


def _paragraphs(text: str) -> list[Span]:
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _ends_sentence(text: str, match: re.Match[str], start: int, end: int) -> bool:
    following = _next_word(text, match.end(), end)
    if not following:
        return False  # the paragraph's end closes the sentence anyway
    first = following[0]
    if first in ",;:)]}.":
        return False  # "." next: an ellipsis spaced out (". . .") or a table of contents
    if first.islower() and not any(char.isupper() or char.isdigit() for char in following):
        return False  # "e.g. the", "approx. three"; but "rStar-Math" or "mmE5" may start one
    if not match.group().startswith("."):
        return True
    word = _previous_word(text, match.start(), start)
    bare = word.lstrip("([{\"'")
    if bare.lower() in _ABBREVIATIONS or bare in _CAPITALIZED_ABBREVIATIONS:
        return False
    if _DOTTED_INITIALS.fullmatch(bare):
        return False
    line_start = text.rfind("\n", start, match.start()) + 1
    first_on_line = not text[max(line_start, start) : match.start() - len(word)].strip()
    return not (first_on_line and _ENUMERATOR.fullmatch(word))


def _previous_word(text: str, position: int, floor: int) -> str:
    begin = position
    while begin > floor and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:position]


def _next_word(text: str, position: int, ceiling: int) -> str:
    while position < ceiling and text[position].isspace():
        position += 1
    finish = position
    while finish < ceiling and not text[finish].isspace():
        finish += 1
    return text[position:finish]


def _trim(text: str, span: Span) -> Span | None:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def chunk_paper(
    paper: Paper, settings: ChunkingSettings, encoding: tiktoken.Encoding | None = None
) -> list[Chunk]:
    """Chunk 0 is the title and abstract; chunks 1.. are windows over the full text, if any.

    A paper with a layout (a full-text PDF) is windowed section by section, so no window mixes
    two sections; each chunk then carries its section and each sentence its page.
    """
    codec = encoding or get_encoding(settings.encoding)
    prefix = f"{paper.title}\n\n" if paper.title.strip() else ""
    chunks = [_abstract_chunk(paper, prefix, codec)]
    if paper.full_text and paper.full_text.strip():
        # Each window repeats the title, so the title's tokens come out of the window's budget.
        budget = max(settings.max_tokens - count_tokens(prefix, codec), settings.max_tokens // 2)
        parts: list[tuple[str | None, Span | None]] = (
            _sections(paper.layout) if paper.layout else [(None, None)])
        for section, bounds in parts:
            windows = _windows(paper.full_text, prefix, budget, settings.overlap_tokens, codec,
                               bounds)
            for units in windows:
                base = units[0][0]
                text = prefix + paper.full_text[base : units[-1][1]]
                shift = len(prefix) - base
                pages = [_page_at(paper.layout, s) for s, _ in units] if paper.layout else None
                chunks.append(_chunk(paper, len(chunks), text,
                                     [(s + shift, e + shift) for s, e in units], codec,
                                     section=section, pages=pages))
    return chunks


def _sections(layout: list[PageSpan]) -> list[tuple[str | None, Span | None]]:
    """(section, (start, end)) for each run of a layout that stays in one section."""
    parts: list[tuple[str | None, Span | None]] = []
    for span in layout:
        if parts and parts[-1][0] == span.section and parts[-1][1] is not None:
            parts[-1] = (span.section, (parts[-1][1][0], span.end))
        else:
            parts.append((span.section, (span.start, span.end)))
    return parts


def _page_at(layout: list[PageSpan], offset: int) -> int | None:
    """The page of the layout span holding `offset` in the full text."""
    index = bisect.bisect_right([span.start for span in layout], offset) - 1
    return layout[max(index, 0)].page if layout else None


def _abstract_chunk(paper: Paper, prefix: str, codec: tiktoken.Encoding) -> Chunk:
    text = prefix + paper.abstract
    spans = [
        (start + len(prefix), end + len(prefix)) for start, end in split_sentences(paper.abstract)
    ]
    if not spans and prefix:
        spans = [(0, len(paper.title))]  # a title-only record: the title is what can be cited
    if paper.layout:  # a full-text PDF: its abstract is read from the first page
        return _chunk(paper, 0, text, spans, codec, section="Abstract", pages=[1] * len(spans))
    return _chunk(paper, 0, text, spans, codec)


def _chunk(
    paper: Paper, ordinal: int, text: str, spans: list[Span], codec: tiktoken.Encoding,
    section: str | None = None, pages: list[int | None] | None = None,
) -> Chunk:
    sentences = [
        Sentence(index=i, start=s, end=e, text=text[s:e], page=pages[i] if pages else None)
        for i, (s, e) in enumerate(spans)
    ]
    return Chunk(
        id=f"{paper.id}#{ordinal}",
        paper_id=paper.id,
        ordinal=ordinal,
        title=paper.title,
        text=text,
        sentences=sentences,
        token_count=count_tokens(text, codec),
        paper_hash=paper.content_hash,
        section=section,
    )


def _windows(
    text: str, prefix: str, budget: int, overlap: int, codec: tiktoken.Encoding,
    bounds: Span | None = None,
) -> list[list[Span]]:
    """Sentences packed greedily into windows of <= budget tokens (plus the prefix's); each
    window after the first starts with the previous one's last sentences, up to `overlap`
    tokens of them. `bounds` limits the windows to one stretch of the text (a section)."""
    limit = budget + count_tokens(prefix, codec)
    low, high = bounds or (0, len(text))
    units = [piece for s, e in split_sentences(text[low:high])
             for piece in _fit(text, (s + low, e + low), budget, codec)]
    if not units:
        return []
    # A unit's size includes the whitespace before it, so that sizes add up to a window's size.
    sizes = [
        count_tokens(text[units[i - 1][1] if i else s : e], codec) for i, (s, e) in enumerate(units)
    ]
    windows: list[list[Span]] = []
    first = 0
    while first < len(units):
        last, used = first + 1, sizes[first]
        while last < len(units) and used + sizes[last] <= budget:
            used += sizes[last]
            last += 1
        # Tokens merge differently across unit joins; trust the real count of the window.
        while (
            last - first > 1
            and count_tokens(prefix + text[units[first][0] : units[last - 1][1]], codec) > limit
        ):
            last -= 1
        windows.append(units[first:last])
        if last == len(units):
            break
        back, shared = last, 0
        while back - 1 > first and shared + sizes[back - 1] <= overlap:
            back -= 1
            shared += sizes[back]
        first = back
    return windows


def _fit(text: str, span: Span, budget: int, codec: tiktoken.Encoding) -> list[Span]:
    """A sentence longer than the budget (a table, a formula dump) cut at token boundaries."""
    start, end = span
    tokens = codec.encode(text[start:end], disallowed_special=())
    if len(tokens) <= budget:
        return [span]
    _, offsets = codec.decode_with_offsets(tokens)
    cuts = [start + offsets[i] for i in range(0, len(tokens), budget)] + [end]
    pieces = [_trim(text, (a, b)) for a, b in zip(cuts, cuts[1:], strict=False)]
    return [piece for piece in pieces if piece]
