"""List, count and table questions answered completely on the real store (Chroma + MiniLM,
facets stored by the indexer, extractive answers).

The expected papers are not the code's: each question's set is every bundled abstract (or
title) that writes the name in one of its written forms, found here by a plain regular
expression over the text.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def assistant(indexed_assistant):
    return indexed_assistant


def _writing(assistant, pattern: str) -> set[str]:
    return {p.id for p in assistant.papers()
            if re.search(pattern, f"{p.title} {p.abstract}")}


def test_every_paper_has_facets_stored_at_index_time(assistant):
    papers = assistant.papers()
    assert len(papers) == 76 and all(p.facets is not None for p in papers)
    assert sum(bool(p.facets.benchmarks) for p in papers) >= 20


@pytest.mark.parametrize(("question", "pattern"), [
    # the examples, word for word
    ("Which papers report evaluations on AIME competition problems?", r"\bAIME"),
    ("Which papers run experiments with a Phi-3 family model?", r"(?i)\bPhi-?3"),
    ("Which papers evaluate on MATH500?", r"(?i)\bMATH[- ]?500"),
    ("Papers that report GSM8K results?", r"(?i)\bGSM-?8K"),
    ("Which papers are survey articles?", r"(?i)\bsurvey\b"),
    # written variants of the same names
    ("which papers evaluate on GSM-8K", r"(?i)\bGSM-?8K"),
    ("papers evaluating on math-500?", r"(?i)\bMATH[- ]?500"),
    ("Which works use Phi3-mini?", r"(?i)\bPhi-?3"),
])
def test_list_questions_are_answered_completely(assistant, question, pattern):
    expected = _writing(assistant, pattern)
    assert expected
    answer = assistant.ask(question)
    assert not answer.abstained
    assert {c.paper_id for c in answer.citations} == expected
    assert answer.text.startswith(f"{len(expected)} papers match")
    assert "Considered 76 of 76 papers" in answer.text
    for citation in answer.citations:  # each listed paper is cited with its own sentence
        assert citation.quote in assistant.paper(citation.paper_id).abstract


def test_a_count_question_says_the_number_and_lists_the_papers(assistant):
    expected = _writing(assistant, r"(?i)\bLlama")
    answer = assistant.ask("How many papers mention Llama?")
    assert answer.plan.intent == "count"
    assert answer.text.startswith(f"**{len(expected)}** papers match")
    assert {c.paper_id for c in answer.citations} == expected


def test_the_literature_table_question_has_a_cited_row_per_paper(assistant):
    expected = _writing(assistant, r"(?i)\bGSM-?8K")
    answer = assistant.ask("Make a table of the papers that evaluate on GSM8K with their base "
                           "models and results")
    assert answer.table is not None and answer.table.columns == ["Models", "Results"]
    assert {row.paper_id for row in answer.table.rows} == expected
    for row in answer.table.rows:
        results = row.cells[1]
        assert results.citations, f"{row.name}: the results cell cites nothing"
        # the result quoted is the one on the benchmark asked about
        assert re.search(r"GSM-?8K", " ".join(results.quotes))
