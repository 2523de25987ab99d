"""Papers as JSON records: one object per line (.jsonl) or a list of objects (.json).

Fields: `title` and `abstract` (or `text`) are required; `id`, `url`, `authors` (a list, or one
"A, B and C" string), `date` (string or year) and `full_text` are optional; others are ignored.
Errors name the line (JSONL) or the record's position (JSON).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.errors import CorpusError
from assistant.sources import MAX_TEXT_BYTES, MB, check_file, extract_urls, pick_link, read_text
from assistant.types import Paper, slugify

# One record per line: a longer "line" is a broken or binary file, not a paper.
MAX_LINE_BYTES = 16 * MB
_AUTHOR_SEPARATORS = re.compile(r"\s*(?:;|,\s*and\s+|,|\s+and\s+|&)\s*")


class RecordError(ValueError):
    """A record that cannot be a paper; the caller adds where it is."""


def read_jsonl(path: Path) -> list[Paper]:
    papers = list(iter_jsonl(path))
    if not papers:
        raise CorpusError("no records found", path)
    return papers


def iter_jsonl(path: Path, limit: int | None = MAX_TEXT_BYTES) -> Iterator[Paper]:
    """Papers one line at a time (large files are never held in memory)."""
    for line_no, record in iter_json_lines(path, limit):
        try:
            yield paper_from_record(record, path)
        except RecordError as error:
            raise CorpusError(str(error), path, line_no) from None


def read_json(path: Path) -> list[Paper]:
    try:
        data = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise CorpusError(f"invalid JSON: {error.msg}", path, error.lineno) from None
    if isinstance(data, dict) and isinstance(data.get("papers"), list):
        data = data["papers"]
    if not isinstance(data, list):
        raise CorpusError('expected a list of paper objects (or {"papers": [...]})', path)
    papers = []
    for index, record in enumerate(data):
        try:
            if not isinstance(record, dict):
                raise RecordError(f"expected an object, got {_json_type(record)}")
            papers.append(paper_from_record(record, path))
        except RecordError as error:
            raise CorpusError(f"record #{index + 1} (index {index}): {error}", path) from None
    if not papers:
        raise CorpusError("the list of papers is empty", path)
    return papers


def iter_json_lines(path: Path, limit: int | None = MAX_TEXT_BYTES) -> Iterator[tuple[int, dict]]:
    """Streams (line number, object) pairs; blank lines are skipped, anything else must parse."""
    if limit is not None:
        check_file(path, limit)
    with path.open("rb") as handle:
        line_no = 0
        while raw := handle.readline(MAX_LINE_BYTES + 1):
            line_no += 1
            if len(raw) > MAX_LINE_BYTES:
                raise CorpusError(f"line longer than {MAX_LINE_BYTES // MB} MB", path, line_no)
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8-sig" if line_no == 1 else "utf-8"))
            except UnicodeDecodeError:
                raise CorpusError("not UTF-8 text", path, line_no) from None
            except json.JSONDecodeError as error:
                raise CorpusError(f"invalid JSON: {error.msg}", path, line_no) from None
            if not isinstance(record, dict):
                raise CorpusError(
                    f"expected a JSON object per line, got {_json_type(record)}", path, line_no
                )
            yield line_no, record


def paper_from_record(record: dict[str, Any], path: Path) -> Paper:
    title = _text(record, "title", required=True)
    key = "abstract" if record.get("abstract") is not None else "text"
    if record.get(key) is None:
        raise RecordError("missing 'abstract' (or 'text')")
    abstract = _text(record, key, required=True)
    urls = extract_urls(abstract)
    url = _text(record, "url") or None
    if url and url not in urls:
        urls.insert(0, url)
    return Paper(
        id=_identifier(record.get("id"), "id") or slugify(title),
        title=title,
        abstract=abstract,
        url=url or pick_link(urls),
        urls=urls,
        authors=parse_authors(record.get("authors")),
        date=_identifier(record.get("date"), "date"),
        source=str(path),
        full_text=_text(record, "full_text") or None,
    )


def parse_authors(value: object) -> list[str]:
    """A list of names, or one string such as "Ada Lovelace, Alan Turing and Grace Hopper"."""
    if value is None:
        return []
    if isinstance(value, str):
        names = _AUTHOR_SEPARATORS.split(value)
    elif isinstance(value, list) and all(isinstance(name, str) for name in value):
        names = value
    else:
        raise RecordError(
            f"'authors' must be a list of strings or a string, got {_json_type(value)}"
        )
    return [name.strip() for name in names if name.strip()]


def _text(record: dict[str, Any], key: str, required: bool = False) -> str:
    value = record.get(key)
    if value is None:
        if required:
            raise RecordError(f"missing {key!r}")
        return ""
    if not isinstance(value, str):
        raise RecordError(f"{key!r} must be a string, got {_json_type(value)}")
    if required and not value.strip():
        raise RecordError(f"{key!r} is empty")
    return value.strip()


def _identifier(value: object, key: str) -> str | None:
    """Ids and dates may come as numbers (a PubMed id, a year); booleans and objects may not."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(f"{key!r} must be a string or an integer, got {_json_type(value)}")
    return str(value).strip() or None


def _json_type(value: object) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }
    return names.get(type(value), type(value).__name__)
