"""Pure render helpers: answers, sources, papers and exports as Markdown or HTML strings.

No gradio here. Every piece of paper text is HTML-escaped before it reaches the page: a paper
may contain `<script>` or `<img src=...>`, and nothing from a paper is ever rendered as live
HTML (and Markdown link/image syntax from a paper is defused too, so it cannot fetch a URL).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlparse

from assistant.events import TableSkeleton
from assistant.types import Answer, Chunk, Citation, Evidence, Paper

PaperLookup = Callable[[str], Paper | None]

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_MAX_TABLE_ROWS = 500


@dataclass(frozen=True)
class Exchange:
    """One question and what came back: a verified Answer, a message saying why not, or the
    text written before the user stopped it."""

    question: str
    answer: Answer | None = None
    error: str | None = None
    stopped: bool = False
    partial: str = ""
    mode: str = "auto"
    """The answer mode asked for, so a regenerated answer is asked the same way."""
    papers: tuple[str, ...] = ()
    """The papers the question was scoped to (ids; empty: the whole collection)."""
    scope: str = ""
    """Their short names, as the chat shows them under the question."""


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_url(url: str | None) -> str | None:
    """Only http(s) links become hrefs; `javascript:` and friends are dropped."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def cite_anchor(turn: int, n: int) -> str:
    return f"pc-{turn}-{n}"


_BACKSLASH = re.compile(r"\\(?!\|)")


# Abstracts keep their authors' TeX: an accent on a letter ('G\\"odel', "Schr\\"odinger") and a
# small math super- or subscript ("MedS$^3$") read as the letters they stand for.
_TEX_ACCENT = re.compile(r"""\\(["'`^~=.])\{?([A-Za-z])\}?""")
_COMBINING = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
              "=": "\u0304", ".": "\u0307"}
_TEX_SCRIPT = re.compile(r"\$([\^_])\{?(\d{1,3})\}?\$")
_SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3"
                                               "\u2074\u2075\u2076\u2077\u2078\u2079")
_SUBSCRIPT = str.maketrans("0123456789", "".join(chr(0x2080 + d) for d in range(10)))


def readable_tex(text: str) -> str:
    """TeX accents and digit scripts as the characters they typeset; other TeX as written."""
    text = _TEX_ACCENT.sub(
        lambda m: unicodedata.normalize("NFC", m.group(2) + _COMBINING[m.group(1)]), text)
    return _TEX_SCRIPT.sub(lambda m: m.group(2).translate(
        _SUPERSCRIPT if m.group(1) == "^" else _SUBSCRIPT), text)


def _defuse(text: str) -> str:
    """Escaped text whose brackets cannot start a Markdown link or image, TeX accents read
    (`readable_tex`).

    Other backslashes become entities so they show as written; `\\|` stays, it is how a
    table cell keeps a pipe.
    """
    escaped = _BACKSLASH.sub("&#92;", esc(readable_tex(text)))
    return escaped.replace("[", "&#91;").replace("]", "&#93;")


_PLAIN = frozenset(" ,;'?-=+%")


def _attr(text: str) -> str:
    """Text kept verbatim inside inline HTML in Markdown: every character but letters, digits,
    spaces and a little harmless punctuation as an entity, so no newline ends the element and
    no Markdown syntax (emphasis, links, autolinked URLs, tables) in it is parsed; the browser
    decodes it back to `text`."""
    return "".join(c if c.isalnum() or c in _PLAIN else f"&#{ord(c)};" for c in text)


def _markers(text: str, render: Callable[[int, str], str]) -> str:
    """Escape `text`, turning each [n] / [n, m] marker into render(n, said) pieces, `said`
    being the text the marker closes (since the previous marker; for markers side by side,
    the text before the first)."""
    out: list[str] = []
    last = 0
    said = ""
    for match in _MARKER.finditer(text):
        before = text[last:match.start()]
        out.append(_defuse(before))
        if any(c.isalnum() for c in before):
            said = before
        numbers = [int(x) for x in match.group(1).split(",")]
        out.append("".join(render(n, said) for n in numbers))
        last = match.end()
    out.append(_defuse(text[last:]))
    return "".join(out)


def _plain(n: int, said: str = "") -> str:
    """A marker shown but not linked (streamed or unchecked text)."""
    return f"&#91;{n}&#93;"


_WORD = re.compile(r"[^\W_]+")
_HINT_WORDS = 45  # a tooltip holds a sentence, not a paragraph


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def citation_hint(quotes: Sequence[Citation], said: str) -> str:
    """A marker's tooltip: its paper and the quote behind the text it closes (of the paper's
    quotes in this answer, the one sharing most words with that text)."""
    words = _words(said)
    best = max(quotes, key=lambda c: len(words & _words(c.quote)))  # the first on a tie
    quote = best.quote.split()
    shown = " ".join(quote[:_HINT_WORDS]) + (" …" if len(quote) > _HINT_WORDS else "")
    where = f", {best.location}" if best.location else ""
    return f"{readable_tex(best.title)}{where}: \u201c{shown}\u201d"


# --- the chat ------------------------------------------------------------------------------


def answer_markdown(answer: Answer, turn: int) -> str:
    """The final answer for the chat: escaped Markdown, [n] linked to the sources panel, and a
    note with a Copy link that puts `copy_markdown(answer)` (no HTML) on the clipboard."""
    cited: dict[int, list[Citation]] = {}
    for c in answer.citations:
        cited.setdefault(c.n, []).append(c)

    def link(n: int, said: str) -> str:
        if n not in cited:
            return _plain(n)
        hint = citation_hint(cited[n], said)
        return (f'<a class="pc-cite" href="#{cite_anchor(turn, n)}" '
                f'title="{_attr(hint)}">&#91;{n}&#93;</a>')

    # The Markdown rides along in a hidden span (the chat's sanitizer drops data-attributes).
    copy = ('<a class="pc-copy" href="#pc-copy" title="Copy this answer as Markdown, with its '
            f'references">Copy</a><span class="pc-md">{_attr(copy_markdown(answer))}</span>')
    if answer.abstained:
        why = "No passage in the indexed papers supports an answer to this question."
        return (f"{_defuse(answer.text)}\n\n<span class=\"pc-note\">{esc(why)} · {copy}"
                "</span>")
    body = _markers(answer.text, link)
    papers = len({c.paper_id for c in answer.citations})
    seconds = answer.timings.get("total")
    meta = [answer.provider or "", f"{papers} paper{'s' if papers != 1 else ''} cited"]
    if seconds is not None:
        meta.append(f"{seconds:.1f} s")
    note = " · ".join([*(esc(m) for m in meta if m), copy])
    return f"{body}\n\n<span class=\"pc-note\">{note}</span>"


PENDING_CELL = "\u2026"  # a table cell not composed yet


@dataclass(frozen=True)
class Pending:
    """What the chat shows of an answer being written: the Markdown so far (streamed text, or
    a table's skeleton with the cells composed so far; raw `[n]` markers), the stage the
    answer is in, and how long it has been at work."""

    body: str = ""
    stage: str = ""
    elapsed: float = 0.0
    """Seconds since the answer was started; the page counts on from it between updates."""
    streamed: bool = False
    """Whether `body` is streamed text (the stage shows under it) or a skeleton (above it)."""


def pending_text(text: str, stage: str = "", table: TableSkeleton | None = None,
                 cells: Mapping[tuple[int, int], str] | None = None,
                 elapsed: float = 0.0) -> Pending:
    """An answer being written: its text so far, else the table skeleton (cells composed so
    far, the rest "…"); the stage it is in above a skeleton and below text (a stage sent
    after text: the model writes a summary under the table)."""
    if text:
        return Pending(text, stage, elapsed, streamed=True)
    skeleton = skeleton_markdown(table, cells or {}) if table is not None else ""
    return Pending(skeleton, stage, elapsed)


def skeleton_markdown(table: TableSkeleton, cells: Mapping[tuple[int, int], str]) -> str:
    """A Markdown table of the skeleton's rows and columns with the cells filled so far."""
    width = len(table.columns)
    lines = ["| Paper | " + " | ".join(table.columns) + " |", "|" + " --- |" * (width + 1)]
    for row, name in enumerate(table.rows):
        filled = [cells.get((row, column), PENDING_CELL) for column in range(width)]
        lines.append(f"| {name} | " + " | ".join(filled) + " |")
    return "\n".join(lines)


def elapsed_label(seconds: float) -> str:
    """"(12 s)" once an answer has worked a second; nothing before."""
    return f"({int(seconds)} s)" if seconds >= 1 else ""


def stage_html(stage: str, elapsed: float = 0.0) -> str:
    """The stage line: what the answer is doing ("Reading 3 papers…") and for how long. The
    page script counts the seconds on from the `pc-at-<tenths>` class while the server is
    busy, so the line never sits still even when no event arrives for a while (a class, since
    the chat's sanitizer drops data-attributes)."""
    words = stage.strip() or "starting"
    words = words[:1].upper() + words[1:]
    return (f'<span class="pc-pending pc-stage" role="status">{_defuse(words)}\u2026 '
            f'<span class="pc-elapsed pc-at-{round(elapsed * 10)}">'
            f"{elapsed_label(elapsed)}</span></span>")


def streaming_markdown(pending: Pending) -> str:
    """Partial output while it streams: escaped, markers shown but not yet linked, with the
    stage line (above a skeleton, below streamed text, alone before either)."""
    if not pending.body:
        return stage_html(pending.stage, pending.elapsed)
    body = _markers(pending.body, _plain)
    if not pending.streamed:
        return f"{stage_html(pending.stage, pending.elapsed)}\n\n{body}" if pending.stage \
            else body
    # After a table row the cursor needs a line of its own: a row's trailing text is dropped.
    cursor = "\n\n▍" if pending.body.rstrip().endswith("|") else " ▍"
    if not pending.stage:
        return body + cursor
    return f"{body}{cursor}\n\n{stage_html(pending.stage, pending.elapsed)}"


def stopped_markdown(partial: str) -> str:
    """An answer the user stopped: what was written, marked unfinished and unchecked."""
    if not partial.strip():
        return '<span class="pc-note">Stopped before any text was written.</span>'
    return (_markers(partial, _plain) + "\n\n<span class=\"pc-note\">"
            "Stopped: this answer is unfinished and its citations were not checked.</span>")


def error_markdown(message: str) -> str:
    return f"<span class=\"pc-error\">Couldn't answer:</span> {_defuse(message)}"


def question_markdown(exchange: Exchange) -> str:
    """The question as sent, with the papers it was scoped to under it."""
    text = _defuse(exchange.question) or "…"
    if exchange.scope:
        text += f'\n\n<span class="pc-scope-tag">about {_defuse(exchange.scope)}</span>'
    return text


QUEUED_NOTE = '<span class="pc-pending">Queued: asked when the answer above is finished.</span>'


def chat_messages(exchanges: Sequence[Exchange], pending: Pending | None = None,
                  queued: Sequence[str] = ()) -> list[dict[str, str]]:
    """Chatbot messages for the whole conversation; `pending` is the answer being streamed
    (for the last exchange), `queued` the questions waiting their turn."""
    messages: list[dict[str, str]] = []
    for turn, exchange in enumerate(exchanges):
        messages.append({"role": "user", "content": question_markdown(exchange)})
        if exchange.answer is not None:
            messages.append({"role": "assistant",
                             "content": answer_markdown(exchange.answer, turn)})
        elif exchange.error is not None:
            messages.append({"role": "assistant", "content": error_markdown(exchange.error)})
        elif exchange.stopped:
            messages.append({"role": "assistant", "content": stopped_markdown(exchange.partial)})
        elif turn == len(exchanges) - 1 and pending is not None:
            messages.append({"role": "assistant", "content": streaming_markdown(pending)})
    for question in queued:
        messages.append({"role": "user", "content": _defuse(question)})
        messages.append({"role": "assistant", "content": QUEUED_NOTE})
    return messages


# --- copy and export ---------------------------------------------------------------------------


def _reference_lines(answer: Answer) -> list[str]:
    """One line per number (a paper), with every sentence of it the answer quotes."""
    by_number: dict[int, list[Citation]] = {}
    for c in sorted(answer.citations, key=lambda c: (c.n, c.evidence or 0)):
        by_number.setdefault(c.n, []).append(c)
    lines = []
    for n, quoted in by_number.items():
        first = quoted[0]
        link = f" <{first.url}>" if safe_url(first.url) else ""
        places = list(dict.fromkeys(c.location for c in quoted if c.location))
        where = f", {'; '.join(places)}" if places else ""
        quotes = " … ".join(f"“{c.quote.strip()}”" for c in quoted)
        lines.append(f"- [{n}] *{first.title}*{where}{link} — {quotes}")
    return lines


def copy_markdown(answer: Answer) -> str:
    """The answer as plain Markdown for the clipboard: the text with its [n] markers, then the
    references (title, link, supporting sentence). Never HTML."""
    text = answer.text.strip()
    references = _reference_lines(answer)
    if not references:
        return text
    return "\n".join([text, "", "**References**", "", *references])


# --- the sources panel ---------------------------------------------------------------------


def highlight(text: str, spans: Iterable[tuple[int, int, int]], turn: int,
              anchored_numbers: set[int] | None = None) -> str:
    """`text` escaped, with each (start, end, n) span wrapped in a <mark>; [n] links to the
    first of n's marks (a paper's number may quote several sentences).

    Overlapping spans are merged into the first; offsets outside the text are clipped.
    """
    out: list[str] = []
    cursor = 0
    anchored = anchored_numbers if anchored_numbers is not None else set()
    for start, end, n in sorted(spans):
        start, end = max(start, cursor), min(end, len(text))
        if end <= start:
            continue
        out.append(esc(text[cursor:start]))
        anchor = "" if n in anchored else f' id="{cite_anchor(turn, n)}"'
        anchored.add(n)
        out.append(f'<mark{anchor} class="pc-mark">{esc(text[start:end])}'
                   f'</mark><sup class="pc-n">{n}</sup>')
        cursor = end
    out.append(esc(text[cursor:]))
    return "".join(out)


@dataclass
class _Card:
    paper_id: str
    title: str
    url: str | None
    text: str
    spans: list[tuple[int, int, int]]
    shift: int | None = None  # where `text` starts in the chunk; None: no offsets, find quotes
    excerpt: bool = False
    section: str | None = None  # full-text PDFs: the chunk's section and the cited pages
    pages: list[int] = field(default_factory=list)


def _strip_title(text: str, title: str) -> tuple[str, int]:
    """A chunk starts with its paper's title; the panel shows the title once, as a heading."""
    if title and text.startswith(title):
        rest = text[len(title):]
        body = rest.lstrip()
        return body, len(text) - len(body)
    return text, 0


def _cards(answer: Answer, lookup: PaperLookup) -> list[_Card]:
    chunks = {h.chunk.id: h.chunk for h in answer.hits}
    urls = {h.paper_id: h.url for h in answer.hits} | {
        c.paper_id: c.url for c in answer.citations if c.url}
    evidence: dict[int, Evidence] = {e.n: e for e in answer.evidence}
    cards: dict[str, _Card] = {}
    for citation in sorted(answer.citations, key=lambda c: (c.n, c.evidence or 0)):
        # Answers saved before numbers were per paper numbered citations by evidence item.
        item = evidence.get(citation.evidence if citation.evidence is not None else citation.n)
        chunk = chunks.get(item.chunk_id) if item else None
        key = item.chunk_id if item else citation.paper_id
        card = cards.get(key)
        if card is None:
            if chunk is not None:
                text, shift = _strip_title(chunk.text, chunk.title)
                card = _Card(citation.paper_id, chunk.title, urls.get(citation.paper_id), text,
                             [], shift=shift, excerpt=chunk.ordinal > 0, section=chunk.section)
            else:
                paper = lookup(citation.paper_id)
                text = paper.abstract if paper else citation.quote
                card = _Card(citation.paper_id, citation.title,
                             urls.get(citation.paper_id) or (paper.url if paper else None),
                             text, [])
            cards[key] = card
        page = citation.page or (item.page if item else None) or _page_of(chunk, item)
        if page is not None and page not in card.pages:
            card.pages.append(page)
        if item is not None and card.shift is not None:
            card.spans.append((item.start - card.shift, item.end - card.shift, citation.n))
        else:
            # No offsets into this text: find the quoted sentence in it instead.
            quote = (item.text if item else citation.quote).strip()
            at = card.text.find(quote) if quote else -1
            if at >= 0:
                card.spans.append((at, at + len(quote), citation.n))
    return list(cards.values())


def _page_of(chunk: Chunk | None, item: Evidence | None) -> int | None:
    """The page of a cited sentence, from the chunk it sits in (any answer mode)."""
    if chunk is None or item is None:
        return None
    return next((s.page for s in chunk.sentences if s.start == item.start), None)


def _pages_label(pages: Sequence[int]) -> str:
    ordered = sorted(pages)
    if not ordered:
        return ""
    if len(ordered) == 1:
        return f"p. {ordered[0]}"
    return f"pp. {', '.join(str(p) for p in ordered)}"


def _card_html(card: _Card, turn: int, lookup: PaperLookup, anchored: set[int]) -> str:
    numbers = sorted({n for _, _, n in card.spans})
    chips = "".join(f'<a class="pc-chip" href="#{cite_anchor(turn, n)}">{n}</a>'
                    for n in numbers)
    url = safe_url(card.url)
    title = esc(readable_tex(card.title))  # a name, not a quote: read as the paper prints it
    heading = (f'<a class="pc-title" href="{esc(url)}" target="_blank" '
               f'rel="noopener noreferrer">{title}</a>' if url else
               f'<span class="pc-title">{title}</span>')
    paper = lookup(card.paper_id)
    meta = [f"<code>{esc(card.paper_id)}</code>"]
    if paper is not None and paper.date:
        meta.append(esc(paper.date))
    if paper is not None and paper.authors:
        more = " et al." if len(paper.authors) > 3 else ""
        meta.append(esc(", ".join(paper.authors[:3]) + more))
    where = [part for part in (_pages_label(card.pages), card.section or "") if part]
    if where:
        meta.append(f'<span class="pc-where">{esc(", ".join(where))}</span>')
    elif card.excerpt:
        meta.append("excerpt")
    return (f'<div class="pc-card"><div class="pc-card-head"><span class="pc-chips">{chips}'
            f'</span>{heading}</div><div class="pc-meta">{" · ".join(meta)}</div>'
            f'<p class="pc-abstract">{highlight(card.text, card.spans, turn, anchored)}</p></div>')


def sources_html(exchanges: Sequence[Exchange], lookup: PaperLookup) -> str:
    """The panel beside the chat: newest question first (open), each cited paper as a card."""
    sections: list[str] = []
    for turn in range(len(exchanges) - 1, -1, -1):
        exchange = exchanges[turn]
        answer = exchange.answer
        if answer is None:
            continue
        if answer.abstained or not answer.citations:
            body = '<p class="pc-empty">No sources: nothing in the papers supports an answer.</p>'
        else:
            anchored: set[int] = set()  # one anchor per number, on its first mark
            body = "".join(_card_html(c, turn, lookup, anchored) for c in _cards(answer, lookup))
        is_open = " open" if not sections else ""
        question = exchange.question if len(exchange.question) <= 120 else \
            exchange.question[:120].rsplit(" ", 1)[0] + " …"
        sections.append(
            f'<details class="pc-turn" id="pc-turn-{turn}"{is_open}><summary>'
            f'<span class="pc-q">Q{turn + 1}</span> {esc(question)}</summary>{body}</details>')
    if not sections:
        return ('<div class="pc-sources"><p class="pc-empty">Sources appear here. Click a '
                'citation such as <span class="pc-chip">1</span> in an answer to see the '
                'sentence that supports it, highlighted in the abstract.</p></div>')
    return '<div class="pc-sources">' + "".join(sections) + "</div>"


# --- the papers tab ------------------------------------------------------------------------


def filter_papers(papers: Iterable[Paper], query: str) -> list[Paper]:
    """Papers whose id, title or abstract contain every word of `query` (case-insensitive)."""
    words = query.lower().split()
    found = []
    for paper in papers:
        haystack = f"{paper.id} {paper.title} {paper.abstract}".lower()
        if all(w in haystack for w in words):
            found.append(paper)
    return found


_ARXIV_ID = re.compile(r"\b(?:arXiv:\s*)?(\d{4}\.\d{4,5})(?:v\d+)?\b", re.I)
_ARXIV_IN_TEXT = re.compile(r"\barXiv:\s*(\d{4}\.\d{4,5})(?:v\d+)?\b", re.I)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>()\[\]]+[^\s\"<>()\[\].,;])")
_PAPER_HOSTS = ("arxiv.org", "doi.org", "openreview.net", "aclanthology.org",
                "semanticscholar.org", "dl.acm.org", "proceedings.", "papers.nips.cc")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org")


def link_kind(url: str) -> str:
    """'paper' (arXiv, DOI, Hugging Face papers, ...), 'code' (GitHub, ...) or 'project'."""
    parsed = urlparse(url)
    host = parsed.netloc.lower().removeprefix("www.")
    if host == "huggingface.co" and parsed.path.startswith("/papers/"):
        return "paper"
    if any(host == h or host.endswith("." + h) for h in _CODE_HOSTS):
        return "code"
    if any(h in host for h in _PAPER_HOSTS) or parsed.path.lower().endswith(".pdf"):
        return "paper"
    return "project"


def paper_links(paper: Paper) -> list[tuple[str, str]]:
    """(kind, url) for every safe link of a paper: the source's own, then arXiv ids and DOIs
    named in its id or text; paper links first, then code, then project pages."""
    found: list[str] = [u for u in [paper.url, *paper.urls] if u]
    id_match = _ARXIV_ID.fullmatch(paper.id.strip())
    arxiv_ids = [id_match.group(1)] if id_match else []
    arxiv_ids += _ARXIV_IN_TEXT.findall(paper.abstract)
    found += [f"https://arxiv.org/abs/{a}" for a in arxiv_ids]
    found += [f"https://doi.org/{d}" for d in _DOI.findall(paper.abstract)]
    links: dict[str, str] = {}
    for url in found:
        safe = safe_url(url)
        if safe and safe.rstrip("/") not in links:
            links[safe.rstrip("/")] = link_kind(safe)
    order = {"paper": 0, "code": 1, "project": 2}
    return sorted(((kind, url) for url, kind in links.items()), key=lambda kl: order[kl[0]])


def _link_html(kind: str, url: str) -> str:
    host = urlparse(url).netloc.removeprefix("www.")
    return (f'<a class="pc-link pc-link-{kind}" href="{esc(url)}" target="_blank" '
            f'rel="noopener noreferrer" title="{esc(url)}">{esc(kind)}'
            f'<span class="pc-host"> · {esc(host)}</span></a>')


def ask_about_html(paper_id: str) -> str:
    """A link that scopes the chat to this paper (the page script handles `#pc-ask:<id>`)."""
    return (f'<a class="pc-ask-about" href="#pc-ask:{esc(quote(paper_id, safe=""))}">'
            "Ask about this paper</a>")


def paper_row_html(paper: Paper, dated: bool = True) -> str:
    """A row whose title opens the abstract, authors, id, source and every link; `dated`:
    with a Date cell."""
    links = paper_links(paper)
    first = _link_html(*links[0]) if links else '<span class="pc-dim">–</span>'
    facets = [f"<code>{esc(paper.id)}</code>"]
    if paper.date:
        facets.append(esc(paper.date))
    if paper.authors:
        more = " et al." if len(paper.authors) > 6 else ""
        facets.append(esc(", ".join(paper.authors[:6]) + more))
    if paper.source and paper.source != "bundled":
        facets.append("from " + esc(paper.source.replace("\\", "/").rsplit("/", 1)[-1]))
    else:
        facets.append("bundled corpus")
    all_links = " ".join(_link_html(k, u) for k, u in links)
    detail = (f'<div class="pc-paper-meta">{" · ".join(facets)}</div>'
              + _extracted_facets_html(paper)
              + f'<p class="pc-paper-abstract">{esc(paper.abstract)}</p>'
              + (f'<div class="pc-paper-links">{all_links}</div>' if links else "")
              + ask_about_html(paper.id))
    return (f'<tr><td class="pc-col-title"><details class="pc-paper"><summary>'
            f'{esc(readable_tex(paper.title))}</summary>{detail}</details></td>'
            + (f'<td class="pc-col-date">{esc(paper.date or "")}</td>' if dated else "")
            + f'<td class="pc-col-link">{first}</td></tr>')


def _extracted_facets_html(paper: Paper) -> str:
    """What indexing extracted: benchmarks, models and the paper's own names, when any."""
    if paper.facets is None:
        return ""
    rows = [(label, values) for label, values in (
        ("Evaluated on", paper.facets.benchmarks), ("Models", paper.facets.models),
        ("Its names", paper.facets.methods)) if values]
    if not rows:
        return ""
    items = "".join(f"<dt>{esc(label)}</dt><dd>{esc(', '.join(values))}</dd>"
                    for label, values in rows)
    return f'<dl class="pc-paper-facets">{items}</dl>'


def papers_table_html(papers: Sequence[Paper], total: int) -> str:
    if not papers:
        return f'<p class="pc-empty">No paper matches (of {total}).</p>'
    # A Date column only when a paper shown has a date (some sources give none).
    dated = any(p.date for p in papers[:_MAX_TABLE_ROWS])
    rows = [paper_row_html(p, dated) for p in papers[:_MAX_TABLE_ROWS]]
    shown = min(len(papers), _MAX_TABLE_ROWS)
    caption = f"Showing {shown} of {len(papers)} matching" if len(papers) != total else \
        f"{total} papers"
    if shown < len(papers):
        caption += " (refine the search to see the rest)"
    caption += ". Click a title to read its abstract."
    return (f'<div class="pc-papers"><p class="pc-caption">{esc(caption)}</p><table>'
            "<thead><tr><th>Title</th>"
            + ('<th class="pc-col-date">Date</th>' if dated else "")
            + f"<th>Link</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


# --- export --------------------------------------------------------------------------------


def export_markdown(exchanges: Sequence[Exchange], now: datetime | None = None,
                    title: str = "paperchat conversation") -> str:
    """The conversation as a Markdown document: each answer with its numbered references,
    then every cited paper once."""
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    lines = [f"# {title.strip() or 'paperchat conversation'}", "", f"_Exported {stamp}._", ""]
    cited: dict[str, tuple[str, str | None]] = {}
    for number, exchange in enumerate(exchanges, start=1):
        lines += [f"## {number}. {exchange.question.strip()}", ""]
        if exchange.scope:
            lines += [f"_Asked about: {exchange.scope}._", ""]
        answer = exchange.answer
        if answer is None:
            if exchange.stopped:
                lines += [exchange.partial.strip() or "_(stopped before any text)_", "",
                          "> Stopped by the user: unfinished, citations not checked.", ""]
            else:
                lines += [f"> Error: {exchange.error or 'no answer'}", ""]
            continue
        lines += [answer.text.strip(), ""]
        if answer.citations:
            lines += ["**References**", "", *_reference_lines(answer)]
            for c in answer.citations:
                cited.setdefault(c.paper_id, (c.title, c.url))
            lines.append("")
    if cited:
        lines += ["## Papers cited", ""]
        for paper_id, (paper_title, url) in cited.items():
            link = f" — <{url}>" if safe_url(url) else ""
            lines.append(f"- {paper_title} (`{paper_id}`){link}")
        lines.append("")
    return "\n".join(lines)


def exchange_record(exchange: Exchange) -> dict[str, Any]:
    """One exchange for the JSON export: the answer with every citation and its quote."""
    record: dict[str, Any] = {"question": exchange.question}
    if exchange.papers:
        record["papers"] = list(exchange.papers)
    answer = exchange.answer
    if answer is None:
        if exchange.stopped:
            record |= {"status": "stopped", "partial_answer": exchange.partial}
        else:
            record |= {"status": "error", "error": exchange.error or "no answer"}
        return record
    record |= {
        "status": "abstained" if answer.abstained else "answered",
        "answer": answer.text,
        "mode": answer.mode,
        "provider": answer.provider,
        "standalone_question": answer.standalone_question,
        "citations": [{"n": c.n, "paper_id": c.paper_id, "title": c.title,
                       "url": c.url if safe_url(c.url) else None, "quote": c.quote,
                       "support": round(c.support, 4)}
                      for c in sorted(answer.citations, key=lambda c: (c.n, c.evidence or 0))],
        "sentences": [{"text": s.text, "citations": s.citations, "supported": s.supported}
                      for s in answer.sentences],
        "warnings": answer.warnings,
        "seconds": answer.timings.get("total"),
    }
    return record


def export_json(exchanges: Sequence[Exchange], now: datetime | None = None,
                title: str = "") -> str:
    """The conversation as JSON: every exchange with its citations and quotes."""
    document = {
        "format": "paperchat-conversation/1",
        "title": title,
        "exported": (now or datetime.now()).isoformat(timespec="seconds"),
        "exchanges": [exchange_record(e) for e in exchanges],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
