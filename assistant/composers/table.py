"""Literature tables: one row per paper, one column per facet or asked aspect, every cell cited.

"Make a table of the papers that evaluate on GSM8K with their base models and results" is a
list question (its criterion decides the rows, paper by paper over the collection, as
`collection.qualify` does) with columns. A column whose words name a facet ("base models",
"datasets", "code") shows the paper's stored facet values, each cited with the abstract sentence
that writes it; any other column ("results", "how they make training data") is filled the way a
comparison table is, with the sentences chosen for it by words and meaning. A value the abstract
never writes is left out rather than shown uncited; a cell with nothing is "—".

The table is a typed `LiteratureTable` (on `Answer.table`), so the UI can offer it as CSV and
Markdown without parsing the answer text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass

from assistant.comparison import DEFAULT_ASPECTS, TableBuilder, short_title, shorten, table_cell
from assistant.events import CellFilled, TableSkeleton, run_to_end
from assistant.facets import normalise_variant
from assistant.text import squash, squashed_words, variant_match
from assistant.types import (
    AnswerSentence,
    Chunk,
    Evidence,
    Facets,
    Hit,
    LiteratureTable,
    Paper,
    TableCell,
    TableRow,
)

# --- the request -----------------------------------------------------------------------------

_CUE = re.compile(r"\b(?:tables?|tabulate[sd]?|tabulating|tabular)\b", re.I)
# "Make a table of", "Create a comparison table for", "Tabulate": the request, not the criterion.
_REQUEST = re.compile(
    r"^\W*(?:(?:please|can you|could you)\s+)*(?:(?:make|create|build|give|show|produce|draw|"
    r"generate|prepare|put together)\s+(?:me\s+)?(?:an?\s+|the\s+)?(?:\w+\s+)?tables?"
    r"(?:\s+(?:of|for|with|listing|over|on|about))?|tabulate)\b\s*", re.I)
# "... with their base models and results", "... showing the datasets", "columns: X, Y"
_COLUMNS = re.compile(
    r"(?:\b(?:with|showing|listing|giving|including|and)\s+(?:their|its|each(?:\s+one)?'s|"
    r"the(?:ir)?)\s+|(?:\bwith\s+)?\bcolumns?\s*(?:for|:)\s*)(?P<columns>[^?.!]+)[?.!]*\s*$",
    re.I)

# Words that say which facet a column shows (English, not a corpus's names).
FACET_COLUMNS: dict[str, tuple[str, ...]] = {
    "models": ("model", "models", "llm", "llms", "backbone", "backbones", "base", "checkpoint"),
    "benchmarks": ("benchmark", "benchmarks", "dataset", "datasets", "evaluation", "evaluations",
                   "eval", "evals", "testbed", "testbeds"),
    "methods": ("method", "methods", "name", "names", "approach", "system", "framework"),
    "tasks": ("task", "tasks", "domain", "domains", "area", "areas", "topic", "topics"),
    "links": ("code", "link", "links", "repo", "repository", "github", "url", "urls",
              "project"),
    "year": ("year", "years", "date", "dates", "published"),
}
DEFAULT_COLUMNS = ("methods", "benchmarks", "models", "results")
FACET_LABELS = {"models": "Models", "benchmarks": "Benchmarks", "methods": "Method",
                "tasks": "Tasks", "links": "Code / links", "year": "Year"}
EMPTY = "\u2014"
_SENTENCES_PER_CELL = 1  # a table of many papers stays readable


@dataclass(frozen=True)
class TableRequest:
    criterion: str  # the question without the request and the columns: what decides the rows
    columns: tuple[str, ...]  # facet kinds or free aspects, as asked


def table_request(question: str) -> TableRequest | None:
    """The criterion and the columns of a table request, or None when nothing asks for one."""
    if not _CUE.search(question):
        return None
    rest = _REQUEST.sub("", question, count=1)
    columns: tuple[str, ...] = ()
    match = _COLUMNS.search(rest)
    if match:
        columns = parse_columns(match.group("columns"))
        rest = rest[:match.start()]
    rest = " ".join(_CUE.sub(" ", rest).split()).strip(" ,;:")
    return TableRequest(criterion=rest or question, columns=columns)


def parse_columns(text: str) -> tuple[str, ...]:
    """"base models, datasets and results" -> ("models", "benchmarks", "results")."""
    parts = [p.strip() for p in re.split(r",|;|/|\band\b|\bor\b|&", text) if p.strip()]
    columns: list[str] = []
    for part in parts:
        words = re.findall(r"[a-z0-9]+", part.lower())
        kind = next((k for k, cue in FACET_COLUMNS.items() if set(words) & set(cue)), None)
        columns.append(kind or " ".join(words))
    return tuple(dict.fromkeys(c for c in columns if c))


# --- the table --------------------------------------------------------------------------------


@dataclass
class Built:
    table: LiteratureTable
    evidence: list[Evidence]
    sentences: list[AnswerSentence]


class LiteratureTableBuilder:
    """Fills a literature table for chosen papers (rows) and columns."""

    def __init__(self, idf: Callable[[str], float], embeddings: object | None):
        self._cells = TableBuilder(idf, embeddings)  # type: ignore[arg-type]  # Embeddings or None

    def build(self, paper_ids: Sequence[str], columns: Sequence[str],
              papers: Mapping[str, Paper], chunks: Mapping[str, Chunk],
              names: Sequence[str] = ()) -> Built:
        """`names` are the criterion's names (e.g. "GSM8K"): a free column prefers sentences
        that write them (a "results" cell is the result on what the question asked about)."""
        return run_to_end(self.fill(paper_ids, columns, papers, chunks, names))

    @staticmethod
    def skeleton(paper_ids: Sequence[str], columns: Sequence[str],
                 papers: Mapping[str, Paper], chunks: Mapping[str, Chunk]) -> TableSkeleton:
        """The rows and columns `build` fills, known before any cell is."""
        rows_ids = [pid for pid in paper_ids if pid in chunks and pid in papers]
        return TableSkeleton(
            columns=tuple(table_cell(_label(c)) for c in list(columns) or DEFAULT_COLUMNS),
            rows=tuple(table_cell(row_name(chunks[pid].title)) for pid in rows_ids),
            papers=tuple(rows_ids))

    def fill(self, paper_ids: Sequence[str], columns: Sequence[str],
             papers: Mapping[str, Paper], chunks: Mapping[str, Chunk],
             names: Sequence[str] = ()) -> Generator[CellFilled, None, Built]:
        """`build`, sending each cell (as `to_markdown` shows it) as it is composed."""
        columns = list(columns) or list(DEFAULT_COLUMNS)
        rows_ids = [pid for pid in paper_ids if pid in chunks and pid in papers]
        evidence: list[Evidence] = []
        sentences: list[AnswerSentence] = []
        free = [c for c in columns if c not in FACET_COLUMNS]
        hits = [Hit(paper_id=pid, title=chunks[pid].title, url=papers[pid].url, score=1.0,
                    chunk=chunks[pid]) for pid in rows_ids]
        picked = self._cells.choose(hits, {c: _aspect_query(c, names) for c in free},
                                    per_cell=_SENTENCES_PER_CELL) if free and hits else []
        rows: list[TableRow] = []
        for row, pid in enumerate(rows_ids):
            chunk, paper = chunks[pid], papers[pid]

            def cite(index: int, pid: str = pid, chunk: Chunk = chunk) -> int:
                for item in evidence:
                    if item.chunk_id == chunk.id and item.start == chunk.sentences[index].start:
                        return item.n
                sentence = chunk.sentences[index]
                item = Evidence(n=len(evidence) + 1, paper_id=pid, title=chunk.title,
                                chunk_id=chunk.id, text=sentence.text, start=sentence.start,
                                end=sentence.end, page=sentence.page, section=chunk.section)
                evidence.append(item)
                return item.n

            cells: list[TableCell] = []
            for place, column in enumerate(columns):
                if column in FACET_COLUMNS:
                    cell = _facet_cell(column, paper.facets, chunk, cite)
                else:
                    indexes = picked[row][free.index(column)] if picked else []
                    quotes = [(shorten(chunk.sentences[i].text, 40), cite(i)) for i in indexes]
                    cell = TableCell(text=" ".join(f"{q} [{n}]" for q, n in quotes) or EMPTY,
                                     citations=[n for _, n in quotes],
                                     quotes=[q for q, _ in quotes])
                cells.append(cell)
                yield CellFilled(row, place, table_cell(cell.text),
                                 tuple(e for e in evidence if e.n in cell.citations))
                for quote, n in zip(cell.quotes, cell.citations, strict=False):
                    sentences.append(AnswerSentence(text=f"{_label(column)}: {quote}",
                                                    citations=[n], supported=True,
                                                    support=1.0))
            rows.append(TableRow(paper_id=pid, title=chunk.title, name=row_name(chunk.title),
                                 url=paper.url, cells=cells))
        table = LiteratureTable(columns=[_label(c) for c in columns], rows=rows)
        return Built(table, evidence, sentences)


_NAME_CHARS = 32  # the chat keeps a table's first column on one line


def row_name(title: str) -> str:
    """A row's short name: the title's own name ("rStar-Math"), else its first words."""
    name = short_title(title)
    if len(name) <= _NAME_CHARS:
        return name
    return name[:_NAME_CHARS].rsplit(" ", 1)[0].rstrip(",:;-") + " \u2026"


def _facet_cell(kind: str, facets: Facets | None, chunk: Chunk,
                cite: Callable[[int], int]) -> TableCell:
    """The paper's values of one facet, each with the sentence that writes it."""
    values = _facet_values(kind, facets)
    written = [squashed_words(s.text) for s in chunk.sentences]
    by_sentence: dict[int, list[str]] = {}
    for value in values:
        key = squash(value) if kind != "links" else ""
        index = next((s.index for s, words in zip(chunk.sentences, written, strict=True)
                      if (kind == "links" and _link_written(value, s.text))
                      or (key and (variant_match(key, words) or _variant_in(value, s.text)))),
                     None)
        if index is not None:
            by_sentence.setdefault(index, []).append(value)
    if not by_sentence:
        return TableCell(text=EMPTY)
    parts, citations, quotes = [], [], []
    for index in sorted(by_sentence):
        n = cite(index)
        parts.append(f"{', '.join(by_sentence[index])} [{n}]")
        citations.append(n)
        quotes.append(shorten(chunk.sentences[index].text, 40))
    return TableCell(text="; ".join(parts), citations=citations, quotes=quotes)


def _facet_values(kind: str, facets: Facets | None) -> list[str]:
    if facets is None:
        return []
    if kind == "year":
        return [str(facets.year)] if facets.year else []
    return list(getattr(facets, kind))


def _variant_in(value: str, text: str) -> bool:
    key = normalise_variant(value)
    return bool(key) and key in normalise_variant(text.replace(" ", "-"))


def _link_written(url: str, text: str) -> bool:
    bare = re.sub(r"^https?://(?:www\.)?", "", url).rstrip("/").lower()
    return bool(bare) and bare in text.lower()


def _aspect_query(column: str, names: Sequence[str]) -> str:
    hints = " ".join(v for k, v in DEFAULT_ASPECTS.items() if k in column)
    return " ".join([column, hints, *names]).strip()


def _label(column: str) -> str:
    return FACET_LABELS.get(column, column[:1].upper() + column[1:])


# --- rendering ------------------------------------------------------------------------------


def to_markdown(table: LiteratureTable) -> str:
    header = "| Paper | " + " | ".join(table_cell(c) for c in table.columns) + " |"
    lines = [header, "|" + " --- |" * (len(table.columns) + 1)]
    for row in table.rows:
        cells = [table_cell(c.text) for c in row.cells]
        lines.append(f"| {table_cell(row.name)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def to_csv(table: LiteratureTable, evidence: Sequence[Evidence]) -> str:
    """One row per paper: its title, link, a column per table column (with its [n] markers),
    and the sources those markers cite, so each row stands on its own."""
    quotes = {e.n: e.text for e in evidence}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Paper", "Link", *table.columns, "Sources"])
    for row in table.rows:
        cited = sorted({n for c in row.cells for n in c.citations})
        sources = " ".join(f"[{n}] {quotes[n]}" for n in cited if n in quotes)
        writer.writerow([row.title, row.url or "", *[c.text for c in row.cells], sources])
    return out.getvalue()


def references_markdown(evidence: Sequence[Evidence]) -> str:
    return "\n".join(f"[{e.n}] {e.title}: \u201c{e.text}\u201d" for e in evidence)
