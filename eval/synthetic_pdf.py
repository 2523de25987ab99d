"""Papers as PDFs, written by hand: text runs with fonts, sizes and positions, no PDF library.

The tests and `eval/bench_pdf.py` need PDFs that look like the ones researchers have (a large
title, authors, an "Abstract" block, numbered or plain section headings in bold, one or two
columns, running headers, page numbers, words hyphenated at line ends, a references section, an
arXiv stamp in the margin) and whose every line is known, so that what the reader recovers can
be checked exactly. `layout_paper` flows a `PaperSpec` onto pages of `Run`s; `write_pdf` turns
runs into a PDF with the standard Times and Helvetica fonts (WinAnsi-encoded, so pypdf decodes
them the way it decodes a real LaTeX or Word export).
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass, field

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0

FONTS = {
    "body": "Times-Roman",
    "bold": "Times-Bold",
    "italic": "Times-Italic",
    "sans": "Helvetica",
    "sans-bold": "Helvetica-Bold",
}


@dataclass(frozen=True)
class Run:
    """One line of text at (x, y) (baseline, points from the bottom-left corner)."""

    x: float
    y: float
    size: float
    text: str
    font: str = "body"
    rotated: bool = False  # turned 90 degrees, as arXiv stamps its id in the left margin


@dataclass
class Page:
    runs: list[Run] = field(default_factory=list)
    scanned: bool = False  # only an image: what a scan without OCR looks like


def write_pdf(pages: list[Page], info: dict[str, str] | None = None,
              compress: bool = True) -> bytes:
    """A PDF 1.4 file showing every run; `info` becomes the document information dictionary."""
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    font_ids: dict[str, int] = {}
    for offset, (key, base) in enumerate(FONTS.items()):
        font_ids[key] = 3 + offset
        objects[3 + offset] = (f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} "
                               f"/Encoding /WinAnsiEncoding >>").encode()
    image = 3 + len(FONTS)
    pixels = bytes((x * 7 + y * 3) % 256 for y in range(32) for x in range(32))
    objects[image] = _stream(b"/Type /XObject /Subtype /Image /Width 32 /Height 32 "
                             b"/ColorSpace /DeviceGray /BitsPerComponent 8", pixels, compress)
    fonts = " ".join(f"/F{n} {n} 0 R" for n in font_ids.values())
    kids = []
    number = image + 1
    for page in pages:
        page_id, content_id = number, number + 1
        number += 2
        kids.append(f"{page_id} 0 R")
        objects[content_id] = _stream(b"", _content(page, font_ids), compress)
        objects[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}] "
            f"/Resources << /Font << {fonts} >> /XObject << /Im1 {image} 0 R >> >> "
            f"/Contents {content_id} 0 R >>"
        ).encode()
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    trailer_info = ""
    if info:
        entries = " ".join(f"/{key} ({_escape(value).decode('latin-1')})"
                           for key, value in info.items())
        objects[number] = f"<< {entries} >>".encode("latin-1")
        trailer_info = f" /Info {number} 0 R"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number_ in sorted(objects):
        offsets[number_] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number_, objects[number_]))
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for number_ in range(1, size):
        out.write(f"{offsets[number_]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R{trailer_info} >>\nstartxref\n{xref}\n"
              f"%%EOF\n".encode())
    return out.getvalue()


def _stream(entries: bytes, data: bytes, compress: bool) -> bytes:
    if compress:
        data = zlib.compress(data)
        entries += b" /Filter /FlateDecode"
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (entries.strip(), len(data), data)


def _content(page: Page, font_ids: dict[str, int]) -> bytes:
    if page.scanned:
        return b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    parts = []
    for run in page.runs:
        font = f"/F{font_ids[run.font]} {run.size:g} Tf"
        if run.rotated:
            place = f"0 1 -1 0 {run.x:.2f} {run.y:.2f} Tm"
        else:
            place = f"1 0 0 1 {run.x:.2f} {run.y:.2f} Tm"
        parts.append(f"BT {font} {place} (".encode() + _escape(run.text) + b") Tj ET")
    return b"\n".join(parts)


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


# --- laying out a paper --------------------------------------------------------------------

# Approximate Times-Roman advance widths (em fractions); only used to wrap lines so they fit.
_NARROW, _WIDE = set("ijlt.,;:'!|()[]f"), set("mwMW@%")


def text_width(text: str, size: float, font: str = "body") -> float:
    scale = 1.1 if "bold" in font or font.startswith("sans") else 1.0
    em = 0.0
    for char in text:
        if char == " ":
            em += 0.25
        elif char in _NARROW:
            em += 0.28
        elif char in _WIDE:
            em += 0.8
        elif char.isupper():
            em += 0.68
        else:
            em += 0.48
    return em * size * scale


@dataclass
class PaperSpec:
    """What a paper says; `layout_paper` decides where it goes."""

    title: str
    authors: list[str]
    abstract: list[str]  # paragraphs
    sections: list[tuple[str, list[str]]]  # (heading as printed, paragraphs); "" = no heading
    references: list[str] = field(default_factory=list)
    affiliation: str = ""
    columns: int = 1
    running_header: str | None = None
    page_numbers: bool = True
    arxiv_stamp: str | None = None
    hyphenate: bool = True
    body_size: float = 10.0
    appendix: list[tuple[str, list[str]]] = field(default_factory=list)


class _Flow:
    """A cursor that fills columns top to bottom and starts pages as needed."""

    def __init__(self, spec: PaperSpec):
        self.spec = spec
        self.margin = 72.0 if spec.columns == 1 else 54.0
        self.gutter = 20.0
        self.top, self.bottom = PAGE_HEIGHT - 72.0, 72.0
        self.pages: list[Page] = [Page()]
        self.column = 0
        self.y = self.top
        self.column_top = self.top
        self.hyphen = 0

    @property
    def width(self) -> float:
        full = PAGE_WIDTH - 2 * self.margin
        if self.spec.columns == 1:
            return full
        return (full - self.gutter) / 2

    @property
    def x(self) -> float:
        return self.margin + self.column * (self.width + self.gutter)

    def full_width_line(self, text: str, size: float, font: str, gap: float = 0.0) -> None:
        """Centred across the page (title, authors); only before the columns start."""
        self.y -= gap + size * 1.25
        width = text_width(text, size, font)
        self.pages[-1].runs.append(Run((PAGE_WIDTH - width) / 2, self.y, size, text, font))
        self.column_top = self.y - 6

    def need(self, height: float) -> None:
        if self.y - height >= self.bottom:
            return
        if self.column + 1 < self.spec.columns:
            self.column += 1
            self.y = self.column_top
            return
        self.pages.append(Page())
        self.column = 0
        self.y = self.column_top = self.top

    def heading(self, text: str, size: float, font: str = "bold", centred: bool = False) -> None:
        # Keep a heading with the first lines of its section, as typesetters do.
        self.need(size * 1.25 + 8 + 3 * self.spec.body_size * 1.2)
        self.y -= 8 + size * 1.25
        x = self.x
        if centred:
            x += (self.width - text_width(text, size, font)) / 2
        self.pages[-1].runs.append(Run(x, self.y, size, text, font))
        self.y -= 2

    def paragraph(self, text: str, size: float, font: str = "body", indent: float = 12.0,
                  space: float = 4.0) -> None:
        lines = self._wrap(text, size, font, indent)
        self.y -= space
        for number, line in enumerate(lines):
            self.need(size * 1.2)
            self.y -= size * 1.2
            x = self.x + (indent if number == 0 else 0.0)
            self.pages[-1].runs.append(Run(x, self.y, size, line, font))

    def _wrap(self, text: str, size: float, font: str, indent: float) -> list[str]:
        lines: list[str] = []
        current = ""
        limit = self.width * 0.97 - indent
        words = text.split()
        i = 0
        while i < len(words):
            word = words[i]
            candidate = f"{current} {word}".strip()
            if text_width(candidate, size, font) <= limit:
                current = candidate
                i += 1
                continue
            head, tail = self._split(word, current, size, font, limit)
            if head:
                lines.append(f"{current} {head}".strip())
                words[i] = tail
            elif current:
                lines.append(current)
            else:  # one word wider than the line: let it overflow
                lines.append(word)
                i += 1
            current = ""
            limit = self.width * 0.97
        if current:
            lines.append(current)
        return lines

    def _split(self, word: str, current: str, size: float, font: str, limit: float
               ) -> tuple[str, str]:
        """Break a long word at a hyphen it has, or hyphenate it, so the line stays full."""
        if not self.spec.hyphenate or not current:
            return "", word
        if "-" in word.strip("-"):
            cut = word.index("-", 1) + 1
            if text_width(f"{current} {word[:cut]}", size, font) <= limit:
                return word[:cut], word[cut:]
        core = word.rstrip(".,;:)")
        if len(core) < 8 or not core.isalpha():
            return "", word
        for cut in range(len(core) - 3, 3, -1):
            if text_width(f"{current} {word[:cut]}-", size, font) <= limit:
                return word[:cut] + "-", word[cut:]
        return "", word


def layout_paper(spec: PaperSpec) -> list[Page]:
    flow = _Flow(spec)
    body = spec.body_size
    flow.y -= 10
    title_lines = _balance(spec.title, 17.0, PAGE_WIDTH - 2 * 72.0)
    for number, line in enumerate(title_lines):
        flow.full_width_line(line, 17.0, "bold", gap=6 if number else 0)
    flow.full_width_line(", ".join(spec.authors), 11.0, "body", gap=10)
    if spec.affiliation:
        flow.full_width_line(spec.affiliation, 9.0, "italic", gap=2)
    flow.column_top -= 12
    flow.y = flow.column_top
    flow.heading("Abstract", 11.0, centred=True)
    for paragraph in spec.abstract:
        flow.paragraph(paragraph, body - 0.5, indent=0.0)
    for heading, paragraphs in spec.sections:
        if heading:
            numbered = heading[:1].isdigit()
            sub = numbered and "." in heading.split()[0].rstrip(".")
            flow.heading(heading, body + (1.0 if sub else 2.0))
        for number, paragraph in enumerate(paragraphs):
            flow.paragraph(paragraph, body, indent=0.0 if number == 0 else 12.0)
    if spec.references:
        flow.heading("References", body + 2.0)
        for entry in spec.references:
            flow.paragraph(entry, body - 1.0, indent=0.0, space=2.0)
    for heading, paragraphs in spec.appendix:
        flow.heading(heading, body + 2.0)
        for paragraph in paragraphs:
            flow.paragraph(paragraph, body, indent=0.0)
    pages = flow.pages
    for number, page in enumerate(pages, start=1):
        if spec.running_header and number > 1:
            width = text_width(spec.running_header, 8.0, "italic")
            page.runs.insert(0, Run((PAGE_WIDTH - width) / 2, PAGE_HEIGHT - 40, 8.0,
                                    spec.running_header, "italic"))
        if spec.page_numbers:
            label = str(number)
            page.runs.append(Run((PAGE_WIDTH - text_width(label, 9.0)) / 2, 36.0, 9.0, label))
    if spec.arxiv_stamp:
        pages[0].runs.insert(0, Run(36.0, 220.0, 20.0, spec.arxiv_stamp, "sans", rotated=True))
    return pages


def _balance(text: str, size: float, width: float) -> list[str]:
    """A long title on two lines of similar length."""
    if text_width(text, size, "bold") <= width:
        return [text]
    words = text.split()
    best = min(range(1, len(words)), key=lambda cut: abs(
        text_width(" ".join(words[:cut]), size, "bold")
        - text_width(" ".join(words[cut:]), size, "bold")))
    return [" ".join(words[:best]), " ".join(words[best:])]


def scanned_pdf(pages: int = 2) -> bytes:
    return write_pdf([Page(scanned=True) for _ in range(pages)], info={"Title": "scan0001.pdf"})


def where(pages: list[Page], text: str) -> int:
    """The 1-based page whose runs contain `text` (the first such page); 0 when none does."""
    for number, page in enumerate(pages, start=1):
        if any(text in run.text for run in page.runs):
            return number
    return 0
