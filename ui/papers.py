"""The Papers tab's facet filter and literature table: plain functions of an Assistant.

The filter offers the collection's own facet values (benchmarks, models, years stored with each
paper at index time) with how many papers have each; the table is `Assistant.literature_table`
over the filtered papers, written as CSV and Markdown files for download.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.composers.table import references_markdown, to_csv, to_markdown
from assistant.facets import facet_counts, filter_by_facets
from ui.render import esc, filter_papers, papers_table_html

if TYPE_CHECKING:
    from assistant.service import Assistant
    from assistant.types import Evidence, LiteratureTable, Paper

ANY = ""
FILTERS = (("benchmarks", "Benchmark"), ("models", "Model"), ("year", "Year"))
# (label shown, column asked for): facet kinds, and one free aspect filled from the sentences.
COLUMNS = (("Benchmarks", "benchmarks"), ("Models", "models"), ("Method", "methods"),
           ("Tasks", "tasks"), ("Code / links", "links"), ("Year", "year"),
           ("Results", "results"))
DEFAULT_COLUMNS = ["benchmarks", "models", "results"]
MAX_CHOICES = 200  # a dropdown of every value of a 100,000-paper collection helps nobody
MAX_TABLE_ROWS = 100  # a table is read, not scrolled for ever; the note says when it is cut


def facet_choices(papers: Sequence[Paper], kind: str) -> list[tuple[str, str]]:
    """("GSM8K (5)", "GSM8K") for each value, most papers first, after ("Any", "")."""
    counted = facet_counts(papers, kind)
    if kind == "year":
        counted.sort(key=lambda item: item[0], reverse=True)
    return [("Any", ANY)] + [(f"{name} ({n})", name) for name, n in counted[:MAX_CHOICES]]


def narrowed_choices(papers: Sequence[Paper], query: str,
                     chosen: Sequence[str | None]) -> list[list[tuple[str, str]]]:
    """Each filter's choices (in `FILTERS` order) counted over the papers that the search and
    the *other* filters keep, so a value that would leave no paper is not offered and every
    count says what choosing it would show. A chosen value stays offered (with 0 when the rest
    of the filter leaves none of its papers)."""
    searched = filter_papers(papers, query or "")
    offered = []
    for i, (kind, _) in enumerate(FILTERS):
        others: dict[str, str | None] = {
            other: value for j, ((other, _), value) in enumerate(zip(FILTERS, chosen, strict=True))
            if j != i}
        choices = facet_choices(filter_by_facets(searched, others), kind)
        value = chosen[i]
        if value and value not in [v for _, v in choices]:
            choices.append((f"{value} (0)", value))
        offered.append(choices)
    return offered


def has_values(choices: Sequence[tuple[str, str]]) -> bool:
    """Whether a filter offers anything but "Any" (a year filter of a corpus without dates
    does not, and is hidden)."""
    return len(choices) > 1


def column_choices(papers: Sequence[Paper]) -> list[tuple[str, str]]:
    """The literature table's columns to offer: a facet column no paper fills is left out
    (the year, when the source gives no dates)."""
    return [(label, column) for label, column in COLUMNS
            if column != "year" or any(p.facets and p.facets.year for p in papers)]


def filtered_papers(assistant: Assistant, query: str = "", benchmark: str | None = ANY,
                    model: str | None = ANY, year: str | None = ANY) -> list[Paper]:
    papers = filter_papers(assistant.papers(), query or "")
    return filter_by_facets(papers, {"benchmarks": benchmark, "models": model, "year": year})


def filtered_table(assistant: Assistant, query: str = "", benchmark: str | None = ANY,
                   model: str | None = ANY, year: str | None = ANY) -> str:
    total = len(assistant.papers())
    return papers_table_html(filtered_papers(assistant, query, benchmark, model, year), total)


def table_html(table: LiteratureTable, evidence: Sequence[Evidence], note: str) -> str:
    """The table as escaped HTML (paper text is never live markup), sources under it."""
    head = "".join(f"<th>{esc(c)}</th>" for c in ["Paper", *table.columns])
    rows = "".join(
        f'<tr><td class="pc-col-title">{esc(row.name)}</td>'
        + "".join(f"<td>{esc(cell.text)}</td>" for cell in row.cells) + "</tr>"
        for row in table.rows)
    sources = "".join(f'<li value="{e.n}"><b>{esc(e.title)}</b>: {esc(e.text)}</li>'
                      for e in evidence)
    return (f'<div class="pc-papers" id="pc-lit-result"><p class="pc-caption">{esc(note)}</p>'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            f'<ol class="pc-lit-sources">{sources}</ol></div>')


def literature_table(assistant: Assistant, papers: Sequence[Paper], columns: Sequence[str],
                     directory: Path, focus: Sequence[str | None] = ()
                     ) -> tuple[str, str | None, str | None]:
    """(HTML to show, CSV path, Markdown path) for a table of `papers`; `focus` are the
    values filtered on (a "Results" cell then prefers the sentence about them)."""
    if not papers:
        return ('<p class="pc-empty">No paper matches the filter: nothing to tabulate.</p>',
                None, None)
    chosen = [c for c in columns if c] or DEFAULT_COLUMNS
    rows = list(papers)[:MAX_TABLE_ROWS]
    answer = assistant.literature_table([p.id for p in rows], chosen,
                                        [f for f in focus if f])
    if answer.table is None:  # literature_table always sets it; guards a refactor
        raise RuntimeError("the literature table was not built")
    note = f"{len(rows)} papers" + (f" (the first {len(rows)} of {len(papers)} that match)"
                                    if len(papers) > len(rows) else "")
    body = to_markdown(answer.table)
    references = references_markdown(answer.evidence)
    document = (f"# Literature table\n\n_{note}; every cell cites the abstract sentence it "
                f"rests on._\n\n{body}\n\n## Sources\n\n{references}\n")
    directory.mkdir(parents=True, exist_ok=True)
    stem = f"literature-table-{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"
    csv_path = directory / f"{stem}.csv"
    md_path = directory / f"{stem}.md"
    csv_path.write_text(to_csv(answer.table, answer.evidence), encoding="utf-8")
    md_path.write_text(document, encoding="utf-8")
    shown = table_html(answer.table, answer.evidence,
                       f"{note}; every cell cites the abstract sentence it rests on.")
    return shown, str(csv_path), str(md_path)
