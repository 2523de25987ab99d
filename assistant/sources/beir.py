"""BEIR corpora: `corpus.jsonl` with `_id` (or `id`), `title`, `text`, optional `metadata`.

BEIR titles may be empty (PubMedQA has none), so only `text` is required here; an empty text
is accepted when the title carries the content. `iter_beir` streams, for 100k-paper corpora.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.errors import CorpusError
from assistant.sources import MAX_TEXT_BYTES, check_file, extract_urls, pick_link
from assistant.sources.jsonl import iter_json_lines
from assistant.types import Paper


def read_beir(path: Path) -> list[Paper]:
    """A BEIR corpus file, or a BEIR folder holding corpus.jsonl."""
    corpus = corpus_file(path)
    check_file(corpus, MAX_TEXT_BYTES)
    papers = list(iter_beir(corpus))
    if not papers:
        raise CorpusError("no records found", corpus)
    return papers


def iter_beir(path: Path) -> Iterator[Paper]:
    """Papers one at a time, without holding the file or the list in memory (no size limit)."""
    corpus = corpus_file(path)
    for line_no, record in iter_json_lines(corpus, limit=None):
        try:
            yield _paper(record, corpus)
        except ValueError as error:
            raise CorpusError(str(error), corpus, line_no) from None


def corpus_file(path: Path) -> Path:
    if path.is_dir():
        path = path / "corpus.jsonl"
    if not path.is_file():
        raise CorpusError("file not found (a BEIR folder holds corpus.jsonl)", path)
    return path


def _paper(record: dict[str, Any], corpus: Path) -> Paper:
    raw_id = record.get("_id", record.get("id"))
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or not str(raw_id).strip():
        raise ValueError("missing '_id' (a non-empty string or integer)")
    title = _string(record, "title")
    text = _string(record, "text")
    if not text and not title:
        raise ValueError(f"record {raw_id!r} has neither 'title' nor 'text'")
    metadata = record.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    urls = extract_urls(text)
    url = metadata.get("url") if isinstance(metadata.get("url"), str) else None
    if url and url not in urls:
        urls.insert(0, url)
    return Paper(
        id=str(raw_id).strip(),
        title=title,
        abstract=text,
        url=url or pick_link(urls),
        urls=urls,
        source=str(corpus),
    )


def _string(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string, got {type(value).__name__}")
    return value.strip()
