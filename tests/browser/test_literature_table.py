"""The Papers tab in a real browser: filter by a facet, build the literature table of the
papers shown, download its CSV and read it."""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from ui.papers import facet_choices, filtered_papers

pytestmark = pytest.mark.browser


def _choose(page, elem_id: str, option: str) -> None:
    """Pick an option of a Gradio dropdown by the start of its label ("GSM8K (5)")."""
    page.click(f"#{elem_id} input")
    page.get_by_role("option", name=re.compile(rf"^{re.escape(option)} \(")).first.click()


def test_a_facet_filter_and_its_literature_table_as_csv(page, served, artifacts):
    assistant = served[2]
    gsm8k = [p for p in assistant.papers()
             if p.facets and any(b.upper().replace("-", "") == "GSM8K"
                                 for b in p.facets.benchmarks)]
    assert len(gsm8k) >= 2  # the bundled corpus: what the filter should show
    page.get_by_role("tab", name=re.compile(r"^Papers \(")).click()
    expect(page.locator("#pc-facet-benchmarks")).to_be_visible()
    _choose(page, "pc-facet-benchmarks", "GSM8K")
    expect(page.locator("#pc-table .pc-caption")).to_contain_text(
        f"Showing {len(gsm8k)} of {len(gsm8k)} matching")
    for paper in gsm8k:
        expect(page.locator("#pc-table")).to_contain_text(paper.title)
    # The model filter now offers only the models of those papers, each with its count.
    from ui.papers import narrowed_choices

    offered = [label for label, _ in
               narrowed_choices(assistant.papers(), "", ["GSM8K", "", ""])[1][1:]]
    assert 0 < len(offered) < len(facet_choices(assistant.papers(), "models")) - 1
    page.click("#pc-facet-models input")
    expect(page.get_by_role("option")).to_have_count(len(offered) + 1)  # and "Any"
    assert page.get_by_role("option").all_inner_texts()[1:] == offered
    page.keyboard.press("Escape")

    page.locator("#pc-lit").get_by_text("Literature table of the papers shown").click()
    expect(page.locator("#pc-lit-csv")).to_be_disabled()
    page.click("#pc-lit-build")
    result = page.locator("#pc-lit-result")
    expect(result).to_be_visible(timeout=60_000)
    expect(result.locator("tbody tr")).to_have_count(len(gsm8k))
    expect(result).to_contain_text("[1]")
    page.screenshot(path=artifacts / "ui-11-literature-table.png", full_page=True)

    expect(page.locator("#pc-lit-csv")).to_be_enabled()
    with page.expect_download() as download:
        page.click("#pc-lit-csv")
    path = artifacts / "ui-literature-table.csv"
    download.value.save_as(path)
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Paper", "Link", "Benchmarks", "Models", "Results", "Sources"]
    assert sorted(r[0] for r in rows[1:]) == sorted(p.title for p in gsm8k)
    for row in rows[1:]:
        assert "GSM8K" in row[2].upper().replace("-", "")  # the filtered benchmark, cited
        markers = set(re.findall(r"\[(\d+)\]", " ".join(row[2:5])))
        assert markers and all(f"[{n}] " in row[5] for n in markers)


def test_a_filter_chosen_while_the_page_still_loads_is_kept(browser, app_url, served):
    """The page's load refreshes the filters and the table; when that refresh is slow, a
    filter the reader picks meanwhile must not be undone by the refresh landing after it."""
    assistant, paced = served[2], served[1]
    gsm8k = filtered_papers(assistant, benchmark="GSM8K")
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    paced.load_pace = 3.0
    try:
        page = context.new_page()
        page.goto(app_url)
        page.get_by_role("tab", name=re.compile(r"^Papers \(")).click()
        _choose(page, "pc-facet-benchmarks", "GSM8K")
        expect(page.locator("#pc-table .pc-caption")).to_contain_text(
            f"Showing {len(gsm8k)} of {len(gsm8k)} matching")
        page.wait_for_timeout(4000)  # the slow refresh has answered by now
        expect(page.locator("#pc-table .pc-caption")).to_contain_text(
            f"Showing {len(gsm8k)} of {len(gsm8k)} matching")
        expect(page.locator("#pc-facet-benchmarks input")).to_have_value(
            re.compile(r"^GSM8K"))
    finally:
        paced.load_pace = 0.0
        context.close()
