"""One paper per PDF, read from its text layer and its layout, section by section.

pypdf's plain extractor walks each page's content stream and hands every text run to a visitor
with its matrices, font and size; from those we know where each line sits, how large and how
bold it is, and (from the font's own widths) where it ends. That is enough to

- put the lines in reading order: a page whose lines leave a vertical gutter free is read in
  bands, left column then right column, with lines that cross the gutter (a title, a wide
  figure caption) closing a band;
- drop running headers and footers (a line repeated at the same height on several pages, with
  its digits ignored) and page numbers;
- take the title from the largest text near the top of the first page (the metadata title only
  when the layout gives no clear one and the metadata looks like a real title), the authors from
  the lines between title and abstract, and the abstract from the block after "Abstract";
- recognise section headings (numbered "2", "2.1", "III.", "A.1" in a heading font, and the
  common unnamed ones such as "Introduction" or "Related Work" on a line of their own), keep them
  as metadata of the text that follows rather than as text, and leave out the references (up to
  an appendix, if one follows);
- join words hyphenated at line ends ("decod-" + "ing"), unless the document itself writes the
  word with its hyphen ("self-" + "supervised").

The result is a `Paper` whose `full_text` is the body without headings and whose `layout` says
which page and section each stretch of it comes from. A PDF without a text layer (a scan) or
one that is locked or damaged raises `CorpusError` naming the file and the reason.
"""

from __future__ import annotations

import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import CorpusError
from assistant.sources import MAX_PDF_BYTES, check_file, extract_urls, pick_link
from assistant.types import PageSpan, Paper, slugify

MIN_TEXT_LETTERS = 20
FALLBACK_ABSTRACT_CHARS = 2000
MAX_ABSTRACT_CHARS = 2500
NO_TEXT_LAYER = "no text layer: OCR it first"

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|medi|[.,+-]b$|cmbx|\.B\b", re.I)
# "Abstract" alone on its line, or followed by punctuation ("Abstract. We", "Abstract—We"); not
# a title that starts with the word ("Abstract Syntax Notation One").
_ABSTRACT = re.compile(r"^abstract\s*(?:[.:\u2014\u2013-]\s*(?P<rest>\S.*))?$", re.I)
_AFTER_ABSTRACT = re.compile(
    r"^(?:key\s*words|index terms|ccs concepts|acm reference format|general terms)\b", re.I)
_JUNK_TITLE = re.compile(
    r"^(?:untitled\b.*|title|document\d*|microsoft (?:word|powerpoint)\b.*|slide \d+"
    r"|.*\.(?:pdf|dvi|docx?|tex|ps|html?|rtf|odt|pages|txt))$"
    r"|^[\W\d_]*$|^(?:doi:?\s*)?10\.\d{4,9}/\S+$|^(?:arxiv:\s*)?\d{4}\.\d{4,5}(?:v\d+)?$"
    r"|^[\w.-]+$",  # one token: a file or template name ("paper_final_v2", "main")
    re.I,
)
_JUNK_AUTHOR = re.compile(r"^(?:administrator|admin|user|owner|author|unknown|\W*)$", re.I)
_NOT_A_TITLE_LINE = re.compile(
    r"^(?:arxiv:|preprint|under review|published as|proceedings of|accepted |copyright|doi:"
    r"|journal of|vol\.|volume \d|https?://|www\.|\d+(?:st|nd|rd|th) conference)", re.I
)
_AFFILIATION = re.compile(
    r"universit|institut|laborator|\blab\b|college|school|department|\bdept\b|\binc\b|\bltd\b"
    r"|corporation|research|center|centre|academy|hospital|foundation|google|microsoft|meta\b"
    r"|deepmind|openai|@|\.edu|\.com|\.org|correspond|equal contribution", re.I)
_NAME_PARTICLES = frozenset("de van von der den da di la le du del dos bin al".split())
_NUMBERED = re.compile(
    r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,6}|[A-H](?:\.\d{1,2}){0,3})\.?\s+"
    r"(?P<name>[A-Z\u00c0-\u00de][^\n]{1,90})$"
)
_KNOWN_HEADINGS = frozenset("""
abstract|introduction|background|related work|related works|prior work|preliminaries
|problem formulation|problem setup|problem statement|method|methods|methodology|approach
|our approach|proposed method|model|framework|materials and methods|experiments|experiment
|experimental setup|experimental settings|experimental results|setup|evaluation|results
|results and discussion|main results|discussion|analysis|ablation study|ablation studies
|ablations|case study|limitations|limitations and future work|future work|conclusion
|conclusions|conclusion and future work|conclusions and future work|summary|acknowledgments
|acknowledgements|acknowledgment|acknowledgement|references|bibliography|works cited
|literature cited|appendix|appendices|supplementary material|supplementary materials
|ethics statement|ethical considerations|broader impact|broader impacts|impact statement
|reproducibility statement|data availability|code availability|author contributions
|funding|declarations|competing interests
""".replace("\n", "").split("|"))
_REFERENCE_HEADINGS = frozenset({"references", "bibliography", "works cited", "literature cited"})
_APPENDIX = re.compile(r"^(?:appendix|appendices|supplementary)\b|^[A-H](?:\.\d{1,2}){0,3}$",
                       re.I)
# Hyphenated compounds whose hyphen survives a line break ("self-" / "supervised").
_COMPOUND_PREFIXES = frozenset("""self non multi semi cross co pre post anti inter intra sub
super meta zero few one two three four five well state end long short high low large small
fine open real hand human task domain data model fully""".split())
_ARXIV_ID = re.compile(r"arxiv[:\s]*(?:abs/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7})"
                       r"(v\d+)?", re.I)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}|[a-z-]+/\d{7})", re.I)
_DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+)")
_STAMP_DATE = re.compile(
    r"\b(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{4})\b")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_PAGE_NUMBER = re.compile(r"(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|[ivxlc]{1,6}", re.I)
_VENUE = re.compile(r"\b(?:preprint|under review|conference|workshop|proceedings|journal|"
                    r"published|copyright|licen[cs]e[ds]?|arxiv)\b|\u00a9", re.I)
_FOOTNOTE = re.compile(r"^(?:[\d*\u2020\u2021\u00a7\u00b6]|https?://|www\.)")


@dataclass
class _Line:
    """One line of text on a page, in points from the page's bottom-left corner."""

    page: int
    x0: float
    x1: float
    y: float
    size: float
    bold: bool
    text: str
    column: int = 0  # 0: the only or left column, 1: right column, -1: crosses the gutter


@dataclass
class _Run:
    x0: float
    x1: float
    y: float
    size: float
    bold: bool
    text: str


@dataclass
class _Layout:
    """Every page's lines in reading order, plus what is not body text."""

    pages: list[list[_Line]]
    margins: list[str] = field(default_factory=list)  # running headers, footers, side stamps
    widths: list[float] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)


def read_pdf(path: Path) -> list[Paper]:
    check_file(path, MAX_PDF_BYTES)
    with path.open("rb") as handle:
        # Real PDFs may have a few junk bytes before the marker; a text file has none at all.
        if b"%PDF-" not in handle.read(1024):
            raise CorpusError("not a PDF file (no %PDF- header)", path)
    layout, metadata = _extract(path)
    letters = 0
    for line in (line for page in layout.pages for line in page):
        letters += sum(char.isalpha() for char in line.text)
        if letters >= MIN_TEXT_LETTERS:
            break
    if letters < MIN_TEXT_LETTERS:
        raise CorpusError(NO_TEXT_LAYER, path)
    paper = _Reader(layout, metadata, path).paper()
    if paper is None:
        raise CorpusError("could not find a title and an abstract in the text", path)
    return [paper]


# --- extraction: pypdf runs -> lines in reading order -----------------------------------------


def _extract(path: Path) -> tuple[_Layout, dict[str, str]]:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every repaired xref as a warning; a bad file is reported once, below.
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    encrypted = False
    try:
        reader = PdfReader(path)
        encrypted = reader.is_encrypted
        if encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise CorpusError("encrypted PDF (it needs a password); save an unlocked copy", path)
        layout = _Layout(pages=[])
        widths = _FontWidths()
        for number, page in enumerate(reader.pages, start=1):
            lines, margin_text, width, height = _page_lines(page, number, widths)
            layout.pages.append(lines)
            layout.margins.extend(margin_text)
            layout.widths.append(width)
            layout.heights.append(height)
        metadata = _metadata(reader)
    except CorpusError:
        raise
    except PyPdfError as error:
        # An AES-locked file without the `cryptography` package fails here too, as encrypted.
        reason = "encrypted PDF" if encrypted or "decrypt" in str(error).lower() else \
            "corrupt PDF"
        raise CorpusError(f"{reason}: {error}", path) from None
    except Exception as error:  # pypdf raises many kinds on damaged files; all mean the same here
        if encrypted:  # e.g. AES without the `cryptography` package (pypdf's DependencyError)
            raise CorpusError(f"encrypted PDF ({error}); save an unlocked copy", path) from None
        raise CorpusError(f"corrupt PDF: {type(error).__name__}: {error}", path) from None
    finally:
        pypdf_logger.setLevel(level)
    _drop_running_lines(layout)
    return layout, metadata


def _metadata(reader: Any) -> dict[str, str]:
    info = reader.metadata
    if info is None:
        return {}
    metadata = {"title": str(info.title or "").strip(), "author": str(info.author or "").strip()}
    try:
        created = info.creation_date
    except (ValueError, TypeError):
        created = None  # a malformed date string is not worth refusing the file
    if created is not None:
        metadata["date"] = created.date().isoformat()
    return metadata


class _FontWidths:
    """Glyph advance widths (per 1000 units of font size) for the text pypdf decoded.

    pypdf reads them from the font's /Widths, /W or the standard-14 metrics; its `Font` class
    lives in a private module, so any failure falls back to an average glyph width.
    """

    def __init__(self) -> None:
        self._fonts: dict[int, tuple[dict[str, float], float]] = {}

    def width(self, font: Any, text: str, size: float) -> float:
        table, default = self._table(font)
        return sum(table.get(char, default) for char in text) * size / 1000

    def _table(self, font: Any) -> tuple[dict[str, float], float]:
        key = id(font)
        if key not in self._fonts:
            table: dict[str, float] = {}
            default = 500.0
            try:
                from pypdf.generic._font import Font

                parsed = Font.from_font_resource(font)
                widths = parsed.character_widths
                default = float(widths.get("default", 500) or 500)
                table = {char: float(value) for char, value in widths.items()
                         if char != "default" and len(char) == 1}
                for code, char in parsed.character_map.items():  # codes -> decoded text
                    if isinstance(char, str) and len(char) == 1 and code in widths:
                        table[char] = float(widths[code])
                if " " not in table:
                    table[" "] = float(parsed.space_width or 250)
            except Exception:  # a font pypdf cannot parse still has text worth reading
                table = {" ": 250.0}
            self._fonts[key] = (table, default)
        return self._fonts[key]


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    aa, bb, cc, dd, ee, ff = n
    return [a * aa + b * cc, a * bb + b * dd, c * aa + d * cc, c * bb + d * dd,
            e * aa + f * cc + ee, e * bb + f * dd + ff]


def _page_lines(page: Any, number: int, widths: _FontWidths
                ) -> tuple[list[_Line], list[str], float, float]:
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    found = _operator_runs(page, left, bottom)
    runs, sideways = found if found is not None else _visitor_runs(page, widths, left, bottom)
    lines = _order(_join_runs(runs, number), width)
    return lines, sideways, width, height


def _operator_runs(page: Any, left: float, bottom: float
                   ) -> tuple[list[_Run], list[str]] | None:
    """Runs from the text state of every text-showing operator, as pypdf's layout mode tracks
    it: where each piece of text starts and ends, its size and font.

    Exact even when a PDF draws a line of the left column and the line beside it in the right
    column one after the other (Chromium prints glyph by glyph, row by row); the plain
    extractor glues those into one run. The machinery sits in a private pypdf module (pypdf is
    pinned in pyproject.toml); if it moves, None sends the caller to the public text visitor.
    """
    try:
        from pypdf._text_extraction._layout_mode._fixed_width_page import recurse_to_target_op
        from pypdf._text_extraction._layout_mode._text_state_manager import TextStateManager
        from pypdf.generic import ArrayObject, ContentStream, StreamObject
    except ImportError:
        return None
    try:
        contents = page.get("/Contents")
        contents = contents.get_object() if contents is not None else None
        if not isinstance(contents, (ArrayObject, StreamObject)):
            return [], []
        operations = ContentStream(contents, page.pdf, "bytes").operations
        # The whole page as one q...Q block, so that a page-level `cm` (Chromium scales the
        # page with one) applies to the text after it.
        stream = iter(operations + [([], b"Q")])
        _, states = recurse_to_target_op(stream, TextStateManager(), b"Q",
                                         page._layout_mode_fonts(), False)
    except Exception:  # a damaged stream or font: the plain extractor may still cope
        return None
    runs: list[_Run] = []
    sideways: list[str] = []
    for state in states:
        text = unicodedata.normalize("NFKC", state.text)
        if not text or not state.font.interpretable:
            continue
        if state.rotated:
            if sideways and not text.startswith(" ") and len(sideways[-1]) < 200:
                sideways[-1] += text
            else:
                sideways.append(text)
            continue
        size = float(state.font_height)
        if size < 1.0:
            continue
        x0, x1 = state.tx - left, state.displaced_tx - left
        y = state.ty - bottom
        bold = bool(_BOLD_FONT.search(state.font.name))
        run = runs[-1] if runs else None
        if (run is not None and abs(run.y - y) <= 0.2 * size and bold == run.bold
                and abs(run.size - size) < 0.5 and -0.5 * size <= x0 - run.x1 <= 1.2 * size):
            if x0 - run.x1 > 0.15 * size and not run.text.endswith(" ") and \
                    not text.startswith(" "):
                run.text += " "  # a word gap made by positioning, not by a space glyph
            run.text += text
            run.x1 = max(run.x1, x1)
        else:
            runs.append(_Run(x0, x1, y, size, bold, text))
    runs = [run for run in runs if run.text.strip()]
    for run in runs:
        run.text = " ".join(run.text.split())
    return runs, [" ".join(text.split()) for text in sideways if text.strip()]


def _visitor_runs(page: Any, widths: _FontWidths, left: float, bottom: float
                  ) -> tuple[list[_Run], list[str]]:
    """Runs from pypdf's public text visitor: position, size and font of each piece of text it
    hands over, and where it ends from the font's widths."""
    runs: list[_Run] = []
    sideways: list[str] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text or not text.strip() or not size:
            return
        a, b, c, d, e, f = _multiply(list(tm), list(cm))
        vertical = math.hypot(c, d)
        effective = abs(size) * vertical
        if effective < 1.0:
            return  # invisible or degenerate text
        if abs(b) > 0.2 * abs(a) or a <= 0 or d <= 0:
            sideways.append(text.strip())  # a rotated arXiv stamp or an upside-down label
            return
        bold = bool(_BOLD_FONT.search(str(font.get("/BaseFont", "")))) if font else False
        horizontal = math.hypot(a, b) / (vertical or 1.0)
        for offset, piece in enumerate(text.split("\n")):
            if not piece.strip():
                continue
            piece = unicodedata.normalize("NFKC", piece)
            advance = widths.width(font, piece, effective * horizontal) if font else \
                0.5 * effective * len(piece)
            y = f - bottom - offset * effective * 1.2
            runs.append(_Run(e - left, e - left + advance, y, effective, bold, piece))

    page.extract_text(visitor_text=visit)
    return runs, sideways


def _join_runs(runs: list[_Run], page: int) -> list[_Line]:
    """Runs on one baseline, close enough to be one line of one column, become a `_Line`."""
    runs = sorted(runs, key=lambda r: (-round(r.y, 1), r.x0))
    rows: list[list[_Run]] = []
    for run in runs:
        row = rows[-1] if rows else None
        if row is not None and abs(row[0].y - run.y) <= 0.35 * max(row[0].size, run.size):
            row.append(run)
        elif row is not None and _is_raised(run, row):
            row.append(run)  # a superscript footnote mark belongs to the line below it
        else:
            rows.append([run])
    lines: list[_Line] = []
    for row in rows:
        row.sort(key=lambda r: r.x0)
        main = max(row, key=lambda r: len(r.text))
        current: list[_Run] = []
        for run in row:
            if current and run.x0 - current[-1].x1 > max(1.2 * main.size, 9.0):
                lines.append(_make_line(current, page))
                current = []
            current.append(run)
        if current:
            lines.append(_make_line(current, page))
    return lines


def _is_raised(run: _Run, row: list[_Run]) -> bool:
    base = row[0]
    return run.size < 0.8 * base.size and 0 < run.y - base.y <= 0.7 * base.size


def _make_line(runs: list[_Run], page: int) -> _Line:
    main = max(runs, key=lambda r: len(r.text.strip()))
    text = ""
    previous: _Run | None = None
    for run in runs:
        piece = run.text
        if run.size < 0.8 * main.size and run.y - main.y > 0.15 * main.size:
            continue  # superscript marks: footnotes, affiliations, starred authors
        if previous is not None and text and not text.endswith((" ", "(", "/")) and not \
                piece.startswith((" ", ".", ",", ";", ":", ")", "'", "\u2019")) and \
                run.x0 - previous.x1 > 0.12 * main.size:
            text += " "
        text += piece
        previous = run
    bold = all(r.bold for r in runs if r.text.strip())
    return _Line(page, runs[0].x0, max(r.x1 for r in runs), main.y, main.size, bold,
                 " ".join(text.split()))


def _gutter(lines: list[_Line], width: float) -> float | None:
    """The x of a vertical gap that splits the page's lines into two columns, if there is one."""
    if len(lines) < 8:
        return None
    best: tuple[int, float] | None = None
    for step in range(int(0.35 * width), int(0.65 * width) + 1, 2):
        x = float(step)
        crossing = sum(1 for line in lines if line.x0 < x < line.x1)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    assert best is not None  # the range is never empty; not input validation
    crossing, x = best
    left = sum(1 for line in lines if line.x1 <= x)
    right = sum(1 for line in lines if line.x0 >= x)
    # A free strip with text on both sides; the right side may be short (a last page).
    if crossing > 0.25 * len(lines) or left < 3 or right < 2 or left + right < 0.5 * len(lines):
        return None
    # Centre the cut in the free strip around x.
    low = max((line.x1 for line in lines if line.x1 <= x), default=x)
    high = min((line.x0 for line in lines if line.x0 >= x), default=x)
    return (low + high) / 2


def _order(lines: list[_Line], width: float) -> list[_Line]:
    """Reading order: top to bottom, and in two-column stretches, left column then right."""
    lines.sort(key=lambda line: (-line.y, line.x0))
    gutter = _gutter(lines, width)
    if gutter is None:
        return lines
    for line in lines:
        line.column = -1 if line.x0 < gutter < line.x1 else (0 if line.x1 <= gutter else 1)
    pitch = _pitch(lines)
    ordered: list[_Line] = []
    band: list[_Line] = []
    for line in lines:
        # A line crossing the gutter, or a gap with no text in either column, ends a band.
        gap = bool(band) and band[-1].y - line.y > 2.2 * pitch
        if line.column == -1 or gap:
            ordered.extend(_read_band(band))
            band = []
        if line.column == -1:
            ordered.append(line)
        else:
            band.append(line)
    ordered.extend(_read_band(band))
    return ordered


def _read_band(band: list[_Line]) -> list[_Line]:
    return [line for line in band if line.column == 0] + [
        line for line in band if line.column == 1]


def _pitch(lines: list[_Line]) -> float:
    """Typical distance between consecutive baselines in one column."""
    steps = []
    for column in (0, 1, -1):
        ys = [line.y for line in lines if line.column == column]
        steps += [a - b for a, b in zip(ys, ys[1:], strict=False) if 0 < a - b < 40]
    return statistics.median(steps) if steps else 12.0


def _drop_running_lines(layout: _Layout, title: str = "", first_page: int = 0) -> None:
    """Move what is not body text from the pages to `layout.margins`:

    - near the top or bottom edge: a line repeated at the same height on several pages
      (digits ignored: "Page 3 of 9"), or a bare page number;
    - a line set apart at the top or bottom of a page by a gap: a venue or preprint notice,
      a footnote in a smaller font, or (with `title`, from page 2 on) a running head made of
      the title's words or "Author et al.".
    """
    count = len(layout.pages)
    lines = [line for page in layout.pages for line in page]
    body = _body_size(lines)
    title_words = set(_words(title))

    def key(line: _Line) -> tuple[str, int]:
        return re.sub(r"\d+", "#", line.text.lower()), round(line.y / 4)

    seen: Counter[tuple[str, int]] = Counter()
    for page in layout.pages:
        for line_key in {key(line) for line in page}:
            seen[line_key] += 1
    for number in range(first_page, count):
        page = layout.pages[number]
        height = layout.heights[number] or 792.0
        isolated = {i for group in _edge_groups(page, height, body) for i in group}
        kept = []
        for i, line in enumerate(page):
            text = line.text.strip()
            edge = line.y > 0.88 * height or line.y < 0.12 * height
            repeated = count >= 2 and seen[key(line)] >= max(2, math.ceil(0.3 * count))
            page_number = _PAGE_NUMBER.fullmatch(text)
            notice = i in isolated and (
                (_VENUE.search(text) and len(text.split()) <= 16)
                or (line.size < 0.9 * body and _FOOTNOTE.match(text))
                or (number > 0 and bool(title_words) and _running_head(text, title_words)))
            if (edge and (repeated or page_number)) or notice:
                layout.margins.append(line.text)
            else:
                kept.append(line)
        layout.pages[number] = kept


def _edge_groups(page: list[_Line], height: float, body: float) -> list[list[int]]:
    """Indexes of the top line and of the bottom lines of a page, when a gap sets them apart
    from the body (a running head, a page number, a footnote block)."""
    order = sorted(range(len(page)), key=lambda i: -page[i].y)
    if len(order) < 2:
        return []
    gap = 1.8 * 1.2 * body
    groups = []
    if page[order[0]].y > 0.85 * height and page[order[0]].y - page[order[1]].y > gap:
        groups.append([order[0]])
    group = [order[-1]]
    for k in range(len(order) - 2, -1, -1):
        upper, lower = page[order[k]], page[order[k + 1]]
        if upper.y - lower.y > gap:
            if all(page[i].y < 0.15 * height for i in group):
                groups.append(group)
            break
        group.append(order[k])
    return groups


def _running_head(text: str, title_words: set[str]) -> bool:
    words = _words(text)
    if len(words) >= 2 and set(words) <= title_words:
        return True
    return bool(re.fullmatch(r"[A-Z][\w'-]+(?: et al\.?| and [A-Z][\w'-]+)", text))


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


# --- reading: lines -> title, authors, abstract, sections ------------------------------------


class _Reader:
    def __init__(self, layout: _Layout, metadata: dict[str, str], path: Path):
        self.layout = layout
        self.metadata = metadata
        self.path = path
        self.lines = [line for page in layout.pages for line in page]
        self.body_size = _body_size(self.lines)
        self.vocabulary = _vocabulary(self.lines)
        self._last_number = 0
        # A paper that sets its numbered headings in a heading font has them all that way: a
        # plain line that happens to start with a number ("2 We show ...") is body text there.
        self._styled_numbers = any(
            (line.bold or line.size >= self.body_size + 0.8) and _NUMBERED.match(line.text)
            for line in self.lines)

    def paper(self) -> Paper | None:
        title, title_end, confident = self._title()
        if title:
            # Running heads repeat the title's words from page 2 on; only now do we know them.
            last = self.lines[title_end - 1] if title_end else None
            _drop_running_lines(self.layout, title, first_page=1)
            self.lines = [line for page in self.layout.pages for line in page]
            title_end = next((i + 1 for i, line in enumerate(self.lines) if line is last), 0)
        lines = self.lines
        abstract_at = self._abstract_heading(title_end)
        authors = self._authors(title_end, abstract_at)
        if abstract_at is not None:
            abstract, body_start = self._abstract(abstract_at)
        else:
            abstract, body_start = self._fallback_abstract(title_end)
        if not confident:
            meta_title = " ".join(self.metadata.get("title", "").split())
            if meta_title and real_title(meta_title):
                title = meta_title
        if not title or not abstract:
            return None
        full_text, layout = self._body(lines[body_start:])
        first_page = [line.text for line in lines[:body_start] if line.page == 1]
        link = _paper_link(self.layout.margins + first_page)
        urls = extract_urls("\n".join([abstract, full_text] + self.layout.margins))
        if link and link not in urls:
            urls.insert(0, link)
        return Paper(
            id=slugify(title),
            title=title,
            abstract=abstract,
            url=link or pick_link(urls),
            urls=urls,
            authors=authors,
            date=_stamp_date(self.layout.margins) or self.metadata.get("date"),
            source=str(self.path),
            full_text=full_text or None,
            layout=layout if full_text else [],
        )

    # --- the first page ------------------------------------------------------------------

    def _title(self) -> tuple[str, int, bool]:
        """The title, the index of the first line after it, and whether the layout is sure.

        The layout is sure when the largest text in the top half of page 1 is clearly larger
        than the body text; otherwise the first substantial line stands in (the caller may
        prefer a real metadata title).
        """
        height = self.layout.heights[0] if self.layout.heights else 792.0
        candidates = [i for i, line in enumerate(self.lines)
                      if line.page == 1 and line.y > 0.45 * height and _is_title_line(line.text)]
        if candidates:
            largest = max(self.lines[i].size for i in candidates)
            if largest >= 1.15 * self.body_size:
                first = next(i for i in candidates if self.lines[i].size >= largest - 0.6)
                end = first + 1
                while (end < len(self.lines) and end - first < 4
                       and abs(self.lines[end].size - self.lines[first].size) <= 0.6
                       and self.lines[end].page == 1):
                    end += 1
                title = _join_lines([line.text for line in self.lines[first:end]])
                return title.strip(), end, True
        for i, line in enumerate(self.lines):
            if _is_title_line(line.text):
                return line.text.strip(), i + 1, False
        return "", 0, False

    def _abstract_heading(self, start: int) -> int | None:
        for i in range(start, len(self.lines)):
            line = self.lines[i]
            if line.page > 2:
                return None
            if _ABSTRACT.match(line.text.strip()):
                return i
        return None

    def _authors(self, title_end: int, abstract_at: int | None) -> list[str]:
        meta = self.metadata.get("author", "")
        if meta and not _JUNK_AUTHOR.match(meta):
            return [n.strip() for n in re.split(r";|,|\band\b", meta) if n.strip()]
        stop = abstract_at if abstract_at is not None else min(title_end + 6, len(self.lines))
        names: list[str] = []
        for line in self.lines[title_end:stop]:
            if line.page != 1 or self._heading(line) is not None:
                break
            names += _names(line.text)
        return list(dict.fromkeys(names))[:40]

    def _abstract(self, at: int) -> tuple[str, int]:
        """The abstract block and the index of the first line after it."""
        match = _ABSTRACT.match(self.lines[at].text.strip())
        texts = [match.group("rest")] if match and match.group("rest") else []
        end = at + 1
        size = 0
        while end < len(self.lines):
            line = self.lines[end]
            if self._heading(line) is not None or _AFTER_ABSTRACT.match(line.text):
                break
            texts.append(line.text)
            size += len(line.text) + 1
            end += 1
            if size > MAX_ABSTRACT_CHARS and line.text.endswith("."):
                break  # no heading after it: an abstract is rarely longer than this
        return _join_lines(texts, self.vocabulary), end

    def _fallback_abstract(self, start: int) -> tuple[str, int]:
        """No "Abstract" heading: the first ~2000 characters, cut after a sentence."""
        texts: list[str] = []
        used, end = 0, start
        while end < len(self.lines) and used < FALLBACK_ABSTRACT_CHARS:
            line = self.lines[end]
            if self._heading(line) is not None and texts:
                break
            if used + len(line.text) + 1 > FALLBACK_ABSTRACT_CHARS:
                cut = _last_sentence_end(line.text, FALLBACK_ABSTRACT_CHARS - used - 1)
                if cut:
                    texts.append(line.text[:cut])
                    self.lines[end] = _Line(**{**line.__dict__, "text": line.text[cut:].strip()})
                break
            texts.append(line.text)
            used += len(line.text) + 1
            end += 1
        return _join_lines(texts, self.vocabulary), end

    # --- the body ------------------------------------------------------------------------

    def _heading(self, line: _Line) -> str | None:
        """The section name if `line` is a heading ("2.1 Training Details" -> "Training
        Details", "RELATED WORK" -> "Related Work"), else None."""
        text = line.text.strip()
        if len(text) > 100 or len(text.split()) > 12 or text.endswith((",", ";")):
            return None
        styled = line.bold or line.size >= self.body_size + 0.8
        bare = text.rstrip(".:").strip()
        if bare.lower() in _KNOWN_HEADINGS and (styled or bare[:1].isupper()):
            return _tidy_heading(bare)
        if styled and re.match(r"(?:appendix|appendices|supplementary)\b", bare, re.I):
            return _tidy_heading(bare)  # "Appendix A: Proofs"
        match = _NUMBERED.match(text)
        if match is None:
            return None
        number, name = match.group("number"), match.group("name").rstrip(".:").strip()
        if name.endswith(".") or not any(c.isalpha() for c in name) or name.lower().split()[
                -1] in ("and", "of", "the", "for", "to", "in", "with", "a", "on"):
            return None
        known = name.lower() in _KNOWN_HEADINGS
        if number[0].isdigit():
            top = int(number.split(".")[0])
            in_sequence = top in (self._last_number, self._last_number + 1)
            plain_ok = not self._styled_numbers and in_sequence and len(name.split()) <= 6
            if not (styled or known or plain_ok):
                return None
            self._last_number = top
        elif not styled:
            return None  # "A" or "IV" followed by words is only a heading in a heading font
        return _tidy_heading(name)

    def _body(self, lines: list[_Line]) -> tuple[str, list[PageSpan]]:
        text = ""
        spans: list[PageSpan] = []
        section: str | None = None
        skipping = False
        previous: _Line | None = None
        for line in lines:
            name = self._heading(line)
            if name is not None:
                if name.lower() in _REFERENCE_HEADINGS:
                    skipping = True
                    continue
                styled = line.bold or line.size >= self.body_size + 0.8
                appendix = _APPENDIX.match(name) or _APPENDIX.match(
                    line.text.split()[0].rstrip("."))
                if skipping and not (styled and appendix):
                    continue  # still in the references
                skipping = False
                section, previous = name, None
                continue
            if skipping or not line.text:
                continue
            joiner = self._joiner(previous, line, text)
            if text.endswith("-") and line.text[:1].islower() and previous is not None:
                joiner = ""  # a word broken at the line end: "decod-" + "ing", "self-" + "..."
                if dehyphenate(text, line.text, self.vocabulary):
                    text = text[:-1]  # the hyphen was the typesetter's
                    if spans and spans[-1].end > len(text):
                        spans[-1] = spans[-1].model_copy(update={"end": len(text)})
            text += joiner
            start = len(text)
            text += line.text
            last = spans[-1] if spans else None
            if last is not None and last.page == line.page and last.section == section:
                spans[-1] = last.model_copy(update={"end": len(text)})
            else:
                spans.append(PageSpan(start=start, end=len(text), page=line.page,
                                      section=section))
            previous = line
        return text, spans

    def _joiner(self, previous: _Line | None, line: _Line, text: str) -> str:
        if not text:
            return ""
        if previous is None:
            return "\n\n"  # a new section starts a new paragraph
        same_column = previous.page == line.page and previous.column == line.column
        if same_column:
            pitch = max(previous.size, line.size) * 1.2
            if previous.y - line.y > 1.7 * pitch:
                return "\n\n"  # vertical space: a new paragraph, a caption, a table
            if previous.text.endswith((".", "!", "?", ":")) and line.x0 > previous.x0 + 0.8 * \
                    line.size:
                return "\n\n"  # an indented first line
        return " "


def _body_size(lines: list[_Line]) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _vocabulary(lines: list[_Line]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", line.text))
    return words


def dehyphenate(text: str, following: str, vocabulary: set[str]) -> bool:
    """Whether "decod-" + "ing" is one word broken by the typesetter (True) or a hyphenated
    compound such as "self-" + "supervised" (False)."""
    head = re.search(r"([A-Za-z]+)-$", text[-80:])  # the tail only: `text` may be the body
    tail = re.match(r"[A-Za-z]+", following)
    if head is None or tail is None:
        return False
    left, right = head.group(1).lower(), tail.group(0).lower()
    if left + right in vocabulary:
        return True
    if f"{left}-{right}" in vocabulary or left in _COMPOUND_PREFIXES:
        return False
    return True


def _join_lines(texts: list[str], vocabulary: set[str] | None = None) -> str:
    out = ""
    for piece in texts:
        piece = piece.strip()
        if not piece:
            continue
        if out.endswith("-") and piece[:1].islower():
            keep = not dehyphenate(out, piece, vocabulary or set())
            out = (out if keep else out[:-1]) + piece
        else:
            out = f"{out} {piece}" if out else piece
    return out


def _last_sentence_end(text: str, limit: int) -> int:
    cut = text.rfind(". ", 0, max(limit, 0))
    return cut + 1 if cut > 0 else 0


def _is_title_line(text: str) -> bool:
    letters = sum(char.isalpha() for char in text)
    return (letters >= 8 and len(text.split()) >= 2 and len(text) <= 300
            and not _NOT_A_TITLE_LINE.match(text.strip()) and not _ABSTRACT.match(text.strip()))


def real_title(title: str) -> bool:
    """A metadata title worth showing: not a file or template name, a DOI or "untitled"."""
    return not _JUNK_TITLE.match(title.strip()) and sum(c.isalpha() for c in title) >= 4


def _tidy_heading(name: str) -> str:
    """'RELATED WORK' -> 'Related Work'; other headings are kept as printed."""
    name = " ".join(name.split())
    if name.isupper() and len(name) > 3:
        return " ".join(w if len(w) <= 3 and w in ("LLM", "AI", "RL") else w.capitalize()
                        for w in name.split())
    return name


def _names(text: str) -> list[str]:
    """Person names on an author line; affiliations, e-mails and markers are left out."""
    if _AFFILIATION.search(text):
        return []
    text = re.sub(r"[\d*\u2217\u2020\u2021\u00a7\u00b6\u22c6\u2660\u2663\u2665\u2666]+", ",",
                  text)
    names = []
    for part in re.split(r",|;|\band\b|&|\s{2,}", text):
        words = part.strip(" .").split()
        if not 2 <= len(words) <= 4:
            continue
        if all(w[:1].isupper() or w.lower() in _NAME_PARTICLES for w in words) and all(
                any(c.isalpha() for c in w) for w in words):
            names.append(" ".join(words))
    return names


def _paper_link(texts: list[str]) -> str | None:
    """The paper's own arXiv or DOI link, from its side stamp, margins or first page."""
    for text in texts:
        match = _ARXIV_ID.search(text) or _ARXIV_URL.search(text)
        if match:
            return f"https://arxiv.org/abs/{match.group(1)}"
    for text in texts:
        match = _DOI.search(text)
        if match:
            return f"https://doi.org/{match.group(1).rstrip('.,;)]')}"
    return None


def _stamp_date(texts: list[str]) -> str | None:
    """The date of an arXiv stamp ("arXiv:2501.01234v2 [cs.LG] 3 Feb 2025") as ISO."""
    for text in texts:
        if "arxiv" in text.lower():
            match = _STAMP_DATE.search(text)
            if match:
                day, month, year = match.groups()
                return f"{year}-{_MONTHS.index(month[:3].title()) + 1:02d}-{int(day):02d}"
    return None
