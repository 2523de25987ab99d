"""The chat page in a real browser: answers with citations, highlights, tables, uploads, export.

Screenshots land in test-artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ZEBRA = {
    "id": "zebranet",
    "title": "ZebraNet: Striped Agents that Evolve Themselves",
    "abstract": (
        "We propose ZebraNet, a self-evolving agent that grows new stripes after each round. "
        'Its planner <img src=x onerror="window.__pwned=1"> rewrites <script>window.__pwned=2'
        "</script> its own tools. ZebraNet doubles the success rate on StripeBench."
    ),
    "url": "https://example.org/zebranet",
}


def test_first_screen_offers_examples_from_the_corpus(page, artifacts):
    examples = page.locator("#pc-chat button:has-text('What does')")
    expect(examples.first).to_be_visible()
    expect(page.locator("#pc-chat").get_by_text("Which papers evaluate on GSM8K?")).to_be_visible()
    expect(page.locator(".pc-tagline")).to_contain_text("76 papers")
    page.screenshot(path=artifacts / "ui-1-first-screen.png")
    # Clicked at once, while a cold page's load events may still run: none of them may
    # replace the chat session the click queues its question in.
    page.locator("#pc-chat").get_by_text("Which papers evaluate on GSM8K?").click()
    # The first answer of a cold server also loads the embedder and builds the lexical index.
    expect(page.locator("#pc-chat ol li").nth(1)).to_be_visible(timeout=90_000)
    expect(page.locator("#pc-chat ol li").first).to_contain_text("[1]")


def test_answer_cites_and_a_citation_opens_its_highlighted_sentence(page, ask, artifacts):
    ask(page, "What does rStar-Math do?")
    answer = page.locator("#pc-chat .message").last
    expect(answer).to_contain_text("rStar-Math")
    citations = page.locator("#pc-chat a.pc-cite")
    assert citations.count() >= 2
    # One paper, one number: every citation of this answer is [1], linked to its sentences.
    assert set(citations.all_inner_texts()) == {"[1]"}
    citations.nth(1).click()
    mark = page.locator("#pc-0-1")
    expect(mark).to_be_in_viewport()
    expect(mark).to_have_class("pc-mark pc-flash")
    assert page.locator("#pc-turn-0 mark.pc-mark").count() >= 2  # each cited sentence lit
    expect(page.locator("#pc-turn-0")).to_have_attribute("open", "")
    expect(page.locator("#pc-sources .pc-title").first).to_contain_text("rStar-Math")
    page.screenshot(path=artifacts / "ui-2-answer-with-highlight.png")

    # A follow-up uses the conversation: its sources panel section comes first and opens.
    ask(page, "How does it compare to SPHERE?")
    expect(page.locator("#pc-turn-1")).to_have_attribute("open", "")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export Markdown").click()
    path = artifacts / "ui-conversation.md"
    download.value.save_as(path)
    text = path.read_text()
    assert "## 1. What does rStar-Math do?" in text and "**References**" in text


def test_comparison_is_rendered_as_a_table(page, ask, artifacts):
    ask(page, "Compare SPHERE and rStar-Math on how they make training data")
    table = page.locator("#pc-chat table").last
    expect(table.locator("th").first).to_have_text("Paper")
    expect(table).to_contain_text("rStar-Math")
    expect(table).to_contain_text("SPHERE")
    assert table.locator("tbody tr").count() == 2
    expect(table.locator("a.pc-cite").first).to_be_visible()
    page.screenshot(path=artifacts / "ui-3-comparison.png")


def test_a_provider_that_cannot_start_is_explained_and_the_chat_goes_on(page, ask):
    page.get_by_text("Settings", exact=True).first.click()
    page.click("#pc-provider input")
    page.get_by_role("option", name="openai-compatible").click()
    page.fill("#pc-question textarea", "What does rStar-Math do?")
    page.keyboard.press("Enter")
    error = page.locator("#pc-chat .pc-error")
    expect(error).to_be_visible()
    expect(page.locator("#pc-chat .message").last).to_contain_text("needs a base URL")
    page.click("#pc-provider input")
    page.get_by_role("option", name="extractive").click()
    ask(page, "What does rStar-Math do?")
    expect(page.locator("#pc-chat a.pc-cite").first).to_be_visible()


def test_uploaded_paper_is_searchable_and_its_html_stays_text(page, ask, artifacts, tmp_path):
    source = tmp_path / "zebra.jsonl"
    source.write_text(json.dumps(ZEBRA) + "\n")
    page.get_by_role("tab", name="Papers").click()
    page.set_input_files("#pc-files input[type=file]", str(source))
    expect(page.locator("#pc-files a[href$='/zebra.jsonl']")).to_be_visible()  # uploaded
    page.click("#pc-add")
    expect(page.locator("#pc-summary")).to_contain_text("1 added", timeout=60_000)
    expect(page.locator(".pc-tagline")).to_contain_text("77 papers")
    page.fill("#pc-search textarea", "zebranet")
    expect(page.locator("#pc-table tbody tr")).to_have_count(1)
    expect(page.locator("#pc-table")).to_contain_text("ZebraNet: Striped Agents")
    page.screenshot(path=artifacts / "ui-4-papers-after-upload.png")

    page.get_by_role("tab", name="Chat").click()
    ask(page, "What does ZebraNet do?")
    expect(page.locator("#pc-sources")).to_contain_text("<script>window.__pwned=2</script>")
    expect(page.locator("#pc-sources .pc-title").first).to_contain_text("ZebraNet")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#pc-sources img, #pc-chat img[src='x']").count() == 0


def test_a_bad_upload_is_explained(page, tmp_path):
    source = tmp_path / "broken.jsonl"
    source.write_text('{"title": "Fine", "abstract": "Fine."}\n{not json\n')
    page.get_by_role("tab", name="Papers").click()
    page.set_input_files("#pc-files input[type=file]", str(source))
    expect(page.locator("#pc-files a[href$='/broken.jsonl']")).to_be_visible()
    page.click("#pc-add")
    expect(page.locator("#pc-summary")).to_contain_text("broken.jsonl, line 2")
    expect(page.locator("#pc-summary")).to_contain_text("Nothing was indexed")
