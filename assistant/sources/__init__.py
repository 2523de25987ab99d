"""Readers that turn source files into `Paper`s, one module per format, and the dispatcher.

The helpers every reader shares (file checks, decoding, link extraction) live here. The reader
modules are imported inside `read_sources`, not at the top: they import these helpers from this
package, and reading a .txt corpus should not pay for importing pypdf.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlparse

from assistant.errors import CorpusError
from assistant.types import Paper

__all__ = [
    "OnSkip",
    "SourceBatch",
    "SUPPORTED_SUFFIXES",
    "bundled_corpus_path",
    "iter_sources",
    "read_sources",
    "scan_sources",
]

MB = 1024 * 1024
MAX_TEXT_BYTES = 200 * MB
MAX_PDF_BYTES = 100 * MB
# Streamed formats are never held in memory, so they may be much larger.
MAX_STREAM_BYTES = 20 * 1024 * MB
SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".json", ".pdf")


@dataclass
class SourceBatch:
    """Every paper read from a set of sources, first occurrence of each id kept."""

    papers: list[Paper] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def bundled_corpus_path() -> Path:
    """The Daily Papers page shipped inside the package (76 abstracts)."""
    resource = resources.files("assistant") / "data" / "daily_papers_self_evolving.txt"
    path = Path(str(resource))
    if not path.is_file():
        raise CorpusError("the bundled corpus is missing from the installed package", path)
    return path


def read_sources(paths: Iterable[Path | str]) -> SourceBatch:
    """Read every source in order; a later paper whose id was already seen is dropped and named."""
    batch = SourceBatch()
    for paper in iter_sources(paths, duplicates=batch.duplicates):
        batch.papers.append(paper)
    return batch


@dataclass
class SourceScan:
    """What a validating pass over the sources found, without keeping the papers."""

    papers: int = 0
    duplicates: list[str] = field(default_factory=list)


OnSkip = Callable[[Path, str], None]


@dataclass
class _Options:
    """How a pass treats PDFs: read them (strictly, or skipping unreadable ones), or only count
    them. Every other format is strict either way."""

    on_skip: OnSkip | None = None  # None: an unreadable PDF stops the run with CorpusError
    defer_pdfs: bool = False  # count PDF files (one paper each, at most) without reading them
    deferred: int = 0
    skipped: list[str] = field(default_factory=list)


def scan_sources(paths: Iterable[Path | str], *, defer_pdfs: bool = False) -> SourceScan:
    """Read everything once to validate it (CorpusError on the first bad record), keep counts
    only.

    With `defer_pdfs`, PDF files are counted but not read: a pass that skips unreadable PDFs
    (`iter_sources(..., on_skip=...)`) reads each of them once, later.
    """
    scan = SourceScan()
    options = _Options(defer_pdfs=defer_pdfs)
    for _ in _iter_papers(paths, scan.duplicates, options):
        scan.papers += 1
    scan.papers += options.deferred
    return scan


def iter_sources(paths: Iterable[Path | str], duplicates: list[str] | None = None,
                 on_skip: OnSkip | None = None) -> Iterator[Paper]:
    """Papers from every source in order, first occurrence of each id; streams JSONL and BEIR.

    Duplicate ids are appended to `duplicates` (each once). Zero papers overall is an error.
    With `on_skip`, a PDF that cannot be read (a scan without text, a locked or damaged file)
    is reported as `on_skip(path, reason)` and the run goes on; without it, it is an error.
    """
    return _iter_papers(paths, duplicates, _Options(on_skip=on_skip))


def _iter_papers(paths: Iterable[Path | str], duplicates: list[str] | None, options: _Options
                 ) -> Iterator[Paper]:
    seen: set[str] = set()
    named: set[str] = set()
    for raw in paths:
        for paper in _iter_one(Path(raw), options):
            if paper.id in seen:
                if paper.id not in named and duplicates is not None:
                    duplicates.append(paper.id)
                named.add(paper.id)
                continue
            seen.add(paper.id)
            yield paper
    if not seen and not options.deferred:
        unreadable = f" ({'; '.join(options.skipped)})" if options.skipped else ""
        raise CorpusError(f"no papers found in the given sources{unreadable}")


def _iter_one(path: Path, options: _Options) -> Iterable[Paper]:
    """Streaming for the formats that get large; whole-file readers for the rest."""
    if path.is_file() and path.suffix.lower() == ".jsonl":
        check_file(path, MAX_STREAM_BYTES)
        if _looks_like_beir(path):
            from assistant.sources.beir import iter_beir

            return _non_empty(iter_beir(path), path)
        from assistant.sources.jsonl import iter_jsonl

        return _non_empty(iter_jsonl(path, limit=MAX_STREAM_BYTES), path)
    if path.is_dir() and (path / "corpus.jsonl").is_file():
        from assistant.sources.beir import iter_beir

        return _non_empty(iter_beir(path), path / "corpus.jsonl")
    if path.is_dir():
        return _iter_directory(path, options)
    return _read_one(path, options)


def _non_empty(papers: Iterator[Paper], path: Path) -> Iterator[Paper]:
    count = 0
    for paper in papers:
        count += 1
        yield paper
    if count == 0:
        raise CorpusError("no records found", path)


def _read_one(path: Path, options: _Options | None = None) -> list[Paper]:
    options = options or _Options()
    if not path.exists():
        raise CorpusError("file not found", path)
    if path.is_dir():
        return list(_iter_directory(path, options))
    suffix = path.suffix.lower()
    if suffix == ".txt":
        from assistant.sources.daily_papers import read_daily_papers

        return read_daily_papers(path)
    if suffix == ".jsonl":
        if _looks_like_beir(path):
            from assistant.sources.beir import read_beir

            return read_beir(path)
        from assistant.sources.jsonl import read_jsonl

        return read_jsonl(path)
    if suffix == ".json":
        from assistant.sources.jsonl import read_json

        return read_json(path)
    if suffix == ".pdf":
        return _read_pdf(path, options)
    supported = ", ".join(SUPPORTED_SUFFIXES)
    raise CorpusError(f"unsupported file type {path.suffix or '(none)'!r}; use {supported}", path)


def _read_pdf(path: Path, options: _Options) -> list[Paper]:
    if options.defer_pdfs:
        check_file(path, MAX_PDF_BYTES)
        options.deferred += 1
        return []
    from assistant.sources.pdf import read_pdf

    if options.on_skip is None:
        return read_pdf(path)
    try:
        return read_pdf(path)
    except CorpusError as error:
        options.skipped.append(f"{path.name}: {error.reason}")
        options.on_skip(path, error.reason)
        return []


def _iter_directory(folder: Path, options: _Options, top: bool = True) -> Iterator[Paper]:
    """Each supported file in the folder and its subfolders, in name order, read when its turn
    comes (so a folder of PDFs streams, and progress can be shown as it goes). Only the folder
    given must hold sources: a subfolder of figures or notes is passed over."""
    if (folder / "corpus.jsonl").is_file():
        from assistant.sources.beir import read_beir

        yield from read_beir(folder)
        return
    found = False
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            continue
        # Inside a folder, files of other kinds (qrels.tsv, README.md) are simply not sources.
        if child.is_dir():
            found |= _has_sources(child)
            yield from _iter_directory(child, options, top=False)
        elif child.suffix.lower() in SUPPORTED_SUFFIXES:
            found = True
            yield from _read_one(child, options)
    if top and not found:
        raise CorpusError(f"no {', '.join(SUPPORTED_SUFFIXES)} files in this folder", folder)


def _has_sources(folder: Path) -> bool:
    return any(path.suffix.lower() in SUPPORTED_SUFFIXES or path.name == "corpus.jsonl"
               for path in folder.rglob("*") if path.is_file())


def _looks_like_beir(path: Path) -> bool:
    """BEIR marks ids as `_id`; a corpus.jsonl with `text` but no `abstract` is BEIR too."""
    check_file(path, MAX_STREAM_BYTES)
    with path.open("rb") as handle:
        for raw in handle:
            if raw.strip():
                try:
                    record = json.loads(raw)
                except ValueError:
                    return False  # let the JSONL reader report the bad line
                if not isinstance(record, dict):
                    return False
                if "_id" in record:
                    return True
                return path.name == "corpus.jsonl" and "text" in record and "abstract" not in record
    return False


# --- helpers shared by the readers ---------------------------------------------------------


def check_file(path: Path, limit: int) -> int:
    """Fail early on a missing, empty or oversized file; returns its size in bytes."""
    if not path.exists():
        raise CorpusError("file not found", path)
    if not path.is_file():
        raise CorpusError("not a regular file", path)
    size = path.stat().st_size
    if size == 0:
        raise CorpusError("empty file", path)
    if size > limit:
        raise CorpusError(
            f"file is {size / MB:.0f} MB, over the {limit // MB} MB limit for this format", path
        )
    return size


def read_text(path: Path, limit: int = MAX_TEXT_BYTES) -> str:
    """Whole file as text with '\\n' newlines; binary or non-UTF-8 content names its line."""
    check_file(path, limit)
    data = path.read_bytes()
    nul = data.find(b"\x00")
    if nul >= 0:
        raise CorpusError("binary content (NUL byte), not a text file", path, _line_of(data, nul))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CorpusError(
            "not UTF-8 text (save the file as UTF-8)", path, _line_of(data, error.start)
        ) from None
    if not text.strip():
        raise CorpusError("empty file", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


_URL_CHARS = r"""[^\s<>"'{}\\|^`]"""
_SCHEME_URL = re.compile(rf"(?:https?://|www\.){_URL_CHARS}+", re.IGNORECASE)
# Project pages are often written without a scheme ("see foo.github.io").
_BARE_URL = re.compile(
    rf"\b(?:[a-z0-9-]+\.)*(?:github\.io|github\.com|gitlab\.com|huggingface\.co)\b(?:/{_URL_CHARS}*)?",
    re.IGNORECASE,
)
_TRAILING = ".,;:!?'\""
_PAPER_HOSTS = (
    "arxiv.org",
    "doi.org",
    "aclanthology.org",
    "openreview.net",
    "semanticscholar.org",
    "ncbi.nlm.nih.gov",
    "pubmed.gov",
    "dl.acm.org",
    "ieeexplore.ieee.org",
)


def extract_urls(text: str) -> list[str]:
    """Every distinct link in the text, in order, without sentence punctuation glued to its end."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for match in _SCHEME_URL.finditer(text):
        found.append((match.start(), match.group()))
        taken.append(match.span())
    for match in _BARE_URL.finditer(text):
        if not any(start <= match.start() < end for start, end in taken):
            found.append((match.start(), "https://" + match.group()))
    urls: dict[str, None] = {}
    for _, url in sorted(found):
        url = _trim_url(url)
        if url.lower().startswith("www."):
            url = "https://" + url
        if urlparse(url).netloc:
            urls[url] = None
    return list(urls)


def _trim_url(url: str) -> str:
    while url:
        if url[-1] in _TRAILING:
            url = url[:-1]
        elif url[-1] == ")" and url.count("(") < url.count(")"):
            url = url[:-1]
        elif url[-1] == "]" and url.count("[") < url.count("]"):
            url = url[:-1]
        else:
            break
    return url


def pick_link(urls: Iterable[str]) -> str | None:
    """The first code or project link (anything but a paper host), else the first link."""
    urls = list(urls)
    for url in urls:
        host = urlparse(url).netloc.lower().split(":")[0]
        if not any(host == paper or host.endswith("." + paper) for paper in _PAPER_HOSTS):
            return url
    return urls[0] if urls else None
