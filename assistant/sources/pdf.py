"""One paper per PDF, from its text layer (pypdf): title, abstract, and the rest as full text.

The title is the document's metadata title when it is a real one, else the first substantial
line. The abstract is the text after an "Abstract" heading up to "Introduction"; without such a
heading, the first ~2000 characters. A PDF without a text layer is an error: no OCR here.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from assistant.errors import CorpusError
from assistant.sources import MAX_PDF_BYTES, check_file, extract_urls, pick_link
from assistant.types import Paper, slugify

MIN_TEXT_LETTERS = 20
FALLBACK_ABSTRACT_CHARS = 2000

# "Abstract" alone on its line, or followed by punctuation ("Abstract. We", "Abstract—We"); not
# a title that starts with the word ("Abstract Syntax Notation One").
_ABSTRACT_HEADING = re.compile(
    r"^[ \t]*abstract[ \t]*(?:[.:\u2014\u2013-][ \t]*|\n)", re.IGNORECASE | re.MULTILINE
)
_INTRO_HEADING = re.compile(r"^[ \t]*(?:(?:\d+|[IVX]+)\.?[ \t]*)?introduction\b", re.I | re.M)
_JUNK_TITLE = re.compile(
    r"^(?:untitled|microsoft word\b.*|.*\.(?:pdf|dvi|docx?|tex|ps))$|^[\W\d_]*$", re.I
)
_NOT_A_TITLE_LINE = re.compile(
    r"^(?:arxiv:|preprint|under review|published as|proceedings of|accepted |copyright|doi:)", re.I
)


def read_pdf(path: Path) -> list[Paper]:
    check_file(path, MAX_PDF_BYTES)
    with path.open("rb") as handle:
        # Real PDFs may have a few junk bytes before the marker; a text file has none at all.
        if b"%PDF-" not in handle.read(1024):
            raise CorpusError("not a PDF file (no %PDF- header)", path)
    pages, metadata = _extract(path)
    text = "\n".join(page.strip() for page in pages)
    if sum(char.isalpha() for char in text) < MIN_TEXT_LETTERS:
        raise CorpusError("no text layer (scanned PDF?); run OCR first", path)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    title, title_end = _title(text, metadata.get("title"))
    abstract, full_text = _split_abstract(text, title_end)
    if not title or not abstract:
        raise CorpusError("could not find a title and an abstract in the text", path)
    urls = extract_urls(text)
    return [
        Paper(
            id=slugify(title),
            title=title,
            abstract=abstract,
            url=pick_link(urls),
            urls=urls,
            authors=_authors(metadata.get("author")),
            date=metadata.get("date"),
            source=str(path),
            full_text=full_text,
        )
    ]


def _extract(path: Path) -> tuple[list[str], dict[str, str]]:
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every repaired xref as a warning; a bad file is reported once, below.
    pypdf_logger = logging.getLogger("pypdf")
    level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise CorpusError("encrypted PDF (it needs a password); save an unlocked copy", path)
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
        metadata = {}
        if info is not None:
            metadata = {
                "title": str(info.title or "").strip(),
                "author": str(info.author or "").strip(),
            }
            try:
                created = info.creation_date
            except (ValueError, TypeError):
                created = None  # a malformed date string is not worth refusing the file
            if created is not None:
                metadata["date"] = created.date().isoformat()
    except CorpusError:
        raise
    except PyPdfError as error:
        reason = "encrypted PDF" if "decrypt" in str(error).lower() else "unreadable PDF"
        raise CorpusError(f"{reason}: {error}", path) from None
    except Exception as error:  # pypdf raises many kinds on damaged files; all mean the same here
        raise CorpusError(f"corrupt PDF: {type(error).__name__}: {error}", path) from None
    finally:
        pypdf_logger.setLevel(level)
    return pages, metadata


def _title(text: str, metadata_title: str | None) -> tuple[str, int]:
    """The title and where the body starts: after the first substantial line in either case."""
    first_line, body_start = "", 0
    offset = 0
    for line in text.split("\n"):
        if _is_title_line(line.strip()):
            first_line, body_start = line.strip(), offset + len(line)
            break
        offset += len(line) + 1
    if metadata_title and not _JUNK_TITLE.match(metadata_title):
        return " ".join(metadata_title.split()), body_start
    return first_line, body_start


def _is_title_line(line: str) -> bool:
    letters = sum(char.isalpha() for char in line)
    return (
        letters >= 8
        and len(line.split()) >= 2
        and len(line) <= 300
        and not _NOT_A_TITLE_LINE.match(line)
    )


def _split_abstract(text: str, body_start: int) -> tuple[str, str | None]:
    heading = _ABSTRACT_HEADING.search(text, body_start)
    if heading is not None:
        start = heading.end()
        intro = _INTRO_HEADING.search(text, start)
        end = intro.start() if intro is not None else _sentence_cut(text, start)
    else:
        start = body_start
        end = _sentence_cut(text, start)
    abstract = " ".join(text[start:end].split())
    rest = text[end:].strip()
    return abstract, rest or None


def _sentence_cut(text: str, start: int) -> int:
    """End of the last sentence that fits in the fallback size, or the hard limit."""
    limit = start + FALLBACK_ABSTRACT_CHARS
    if limit >= len(text):
        return len(text)
    cut = max(text.rfind(". ", start, limit), text.rfind(".\n", start, limit))
    return cut + 1 if cut > start else limit


def _authors(value: str | None) -> list[str]:
    if not value:
        return []
    return [name.strip() for name in re.split(r";|,|\band\b", value) if name.strip()]
