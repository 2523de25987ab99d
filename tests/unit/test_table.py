"""Literature tables: the request, the rows and columns, a citation in every filled cell, CSV.

The end-to-end tests run on the bundled corpus indexed once per module (real Chroma, keyword
embedder, facets stored by the indexer).
"""

from __future__ import annotations

import csv
import io
import re

import pytest

from assistant.composers.table import EMPTY, parse_columns, table_request, to_csv, to_markdown
from assistant.errors import QuestionError
from assistant.facets import has_name


@pytest.mark.parametrize(("question", "criterion", "columns"), [
    ("Make a table of the papers that evaluate on GSM8K with their base models and results",
     "the papers that evaluate on GSM8K", ("models", "results")),
    ("Tabulate the papers that use Qwen models", "the papers that use Qwen models", ()),
    ("Create a table of the Llama papers with columns: datasets, code, year",
     "the Llama papers", ("benchmarks", "links", "year")),
    ("robotics papers in a table, showing the tasks and how they train",
     "robotics papers in a", ("tasks", "how they train")),
])
def test_table_request(question, criterion, columns):
    request = table_request(question)
    assert request is not None
    assert request.criterion == criterion
    assert request.columns == columns


def test_no_table_cue_no_table():
    assert table_request("Which papers evaluate on GSM8K?") is None


def test_columns_name_facets_by_their_words():
    assert parse_columns("backbone LLMs, evaluation datasets & GitHub repo") == (
        "models", "benchmarks", "links")


def _markers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"\[(\d+)\]", text)]


def test_a_table_question_lists_every_qualifying_paper_with_cited_cells(make_shared):
    assistant = make_shared()
    answer = assistant.ask("Make a table of the papers that evaluate on GSM8K with their base "
                           "models and results")
    assert answer.plan.intent == "table" and not answer.abstained
    table = answer.table
    assert table is not None and table.columns == ["Models", "Results"]
    listed = assistant.ask("Which papers evaluate on GSM8K?")
    assert [r.paper_id for r in table.rows] == [c.paper_id for c in listed.citations]
    evidence = {e.n: e for e in answer.evidence}
    for row in table.rows:
        for column, cell in zip(table.columns, row.cells, strict=True):
            if cell.text == EMPTY:
                assert cell.citations == []
                continue
            assert cell.citations and _markers(cell.text) == cell.citations
            for n in cell.citations:  # each marker cites a sentence of that row's paper
                assert evidence[n].paper_id == row.paper_id
            if column == "Models":  # every model shown is written in the sentence it cites
                paper = assistant.paper(row.paper_id)
                for value in re.sub(r"\s*\[\d+\]", "", cell.text).replace(";", ",").split(","):
                    assert has_name(paper.facets, value.strip())
    assert {c.n for c in answer.citations} == set(evidence)
    assert answer.text.count("\n| ") == len(table.rows) + 2  # header, rule, a line a paper
    assert "Considered 76 of 76 papers" in answer.text


def test_the_table_downloads_as_csv_and_markdown(make_shared):
    assistant = make_shared()
    ids = [p.id for p in assistant.papers()[:4]]
    answer = assistant.literature_table(ids, ["benchmarks", "models", "results"])
    rows = list(csv.reader(io.StringIO(to_csv(answer.table, answer.evidence))))
    assert rows[0] == ["Paper", "Link", "Benchmarks", "Models", "Results", "Sources"]
    assert [r[0] for r in rows[1:]] == [assistant.paper(i).title for i in ids]
    for row in rows[1:]:  # every marker in a row is resolved in the row's own Sources cell
        for n in {n for cell in row[2:5] for n in _markers(cell)}:
            assert f"[{n}] " in row[5]
    markdown = to_markdown(answer.table)
    assert markdown.splitlines()[0] == "| Paper | Benchmarks | Models | Results |"
    assert len(markdown.splitlines()) == 2 + len(ids)


def test_a_table_of_no_known_paper_is_refused(make_shared):
    with pytest.raises(QuestionError):
        make_shared().literature_table(["no-such-paper"])
