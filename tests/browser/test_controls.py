"""The chat's controls in a real browser: stop, queue, new conversation, refusals, copy,
export, saved conversations, remembered settings and the papers tab at 1400 and 400 px.

`slow_answers` makes the served (extractive) Assistant stream one word every 0.25 s, like a
slow model, and records when each stream is closed.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BOT = "#pc-chat [data-testid='bot']"
USER = "#pc-chat [data-testid='user']"


def _send(page, question: str) -> None:
    page.fill("#pc-question textarea", question)
    page.keyboard.press("Enter")


def _wait_streaming(page) -> None:
    """Until the newest bot message shows streamed words (the cursor after some text)."""
    page.wait_for_function(
        "sel => { const m = document.querySelectorAll(sel); const t = m.length ? "
        "m[m.length - 1].innerText : ''; return t.includes('▍') && t.length > 12; }",
        arg=BOT, timeout=20_000)


def test_stop_ends_the_answer_within_a_second_and_the_chat_goes_on(page, ask, slow_answers,
                                                                    artifacts):
    _send(page, "What does rStar-Math do?")
    expect(page.locator("#pc-question textarea")).to_have_value("")  # cleared on send
    _wait_streaming(page)
    expect(page.locator("#pc-stop")).to_be_enabled()
    page.screenshot(path=artifacts / "ui-5-streaming-1400.png")
    clicked = time.monotonic()
    page.click("#pc-stop")
    expect(page.locator(BOT).last).to_contain_text("Stopped", timeout=1_000)
    shown_after = time.monotonic() - clicked
    assert shown_after < 1.0, f"the page showed Stopped after {shown_after:.2f} s"
    # The stream feeding the answer was closed too (the model stops writing), within 1 s.
    deadline = time.monotonic() + 3
    while not [t for t in slow_answers.closed if t >= clicked] and time.monotonic() < deadline:
        time.sleep(0.05)
    closed = [t for t in slow_answers.closed if t >= clicked]
    assert closed and closed[0] - clicked < 1.0, "the answer stream was not closed within 1 s"
    text = page.locator(BOT).last.inner_text()
    time.sleep(1.0)
    assert page.locator(BOT).last.inner_text() == text  # nothing more was written
    assert "▍" not in text
    expect(page.locator("#pc-stop")).to_be_disabled()

    slow_answers.pace = 0.0
    ask(page, "Which papers evaluate on AIME?")
    expect(page.locator(BOT).last.locator("a.pc-cite").first).to_be_visible()
    assert page.locator(USER).count() == 2


def test_a_question_sent_during_an_answer_is_queued_then_answered(page, slow_answers,
                                                                   artifacts):
    _send(page, "What does rStar-Math do?")
    _wait_streaming(page)
    _send(page, "Which papers evaluate on AIME?")
    expect(page.locator("#pc-question textarea")).to_have_value("")
    expect(page.locator("#pc-chat")).to_contain_text("Queued: asked when the answer above")
    expect(page.locator("#pc-status")).to_contain_text("1 question queued")
    page.screenshot(path=artifacts / "ui-6-queued-1400.png")
    slow_answers.pace = 0.0
    page.wait_for_function("() => document.querySelectorAll('#pc-chat .pc-note').length >= 2",
                           timeout=30_000)
    users = [t.strip() for t in page.locator(USER).all_inner_texts()]
    assert users == ["What does rStar-Math do?", "Which papers evaluate on AIME?"]
    expect(page.locator("#pc-chat")).not_to_contain_text("Queued")
    expect(page.locator("#pc-status")).not_to_contain_text("queued")


def test_new_conversation_works_mid_answer(page, slow_answers):
    _send(page, "What does rStar-Math do?")
    _wait_streaming(page)
    clicked = time.monotonic()
    page.click("#pc-new")
    expect(page.locator(USER)).to_have_count(0, timeout=1_000)
    assert time.monotonic() - clicked < 1.5
    expect(page.locator("#pc-chat button:has-text('What does')").first).to_be_visible()
    time.sleep(0.8)
    assert page.locator(BOT).count() == 0  # the abandoned answer does not come back


def test_empty_and_over_long_questions_add_no_turn(page):
    page.click("#pc-question textarea")
    page.keyboard.press("Enter")
    expect(page.locator("#pc-status")).to_contain_text("Type a question first")
    long_question = "Why does self-evolution work? " * 80  # 2,400 characters
    _send(page, long_question)
    expect(page.locator("#pc-status")).to_contain_text("the limit is 2,000")
    status = page.locator("#pc-status").inner_text()
    assert len(status) < 400  # not echoed in full
    expect(page.locator("#pc-question textarea")).to_have_value(long_question)  # not lost
    assert page.locator(USER).count() == 0 and page.locator(BOT).count() == 0


def test_copy_puts_markdown_with_references_on_the_clipboard(page, ask):
    ask(page, "What does rStar-Math do?")
    page.locator(BOT).last.locator("a.pc-copy").click()
    expect(page.locator(BOT).last.locator("a.pc-copy")).to_have_text("Copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "rStar-Math" in copied and "**References**" in copied
    assert "- [1] *rStar-Math: Small LLMs" in copied
    for html_bit in ("<a", "</", "&#", "pc-cite", "class="):
        assert html_bit not in copied, html_bit
    label = page.locator(BOT).last.get_attribute("aria-label") or ""
    assert "rStar-Math" in label and "<" not in label and "&#" not in label


def test_exports_download_markdown_and_json_with_citations(page, ask, artifacts):
    ask(page, "What does rStar-Math do?")
    expect(page.locator("#pc-export-md")).to_be_enabled()
    with page.expect_download() as download:
        page.click("#pc-export-md")
    md_path = artifacts / "ui-export.md"
    download.value.save_as(md_path)
    text = md_path.read_text()
    assert "## 1. What does rStar-Math do?" in text and "**References**" in text
    assert "- [1] *rStar-Math: Small LLMs" in text and "<a" not in text
    with page.expect_download() as download:
        page.click("#pc-export-json")
    json_path = artifacts / "ui-export.json"
    download.value.save_as(json_path)
    data = json.loads(json_path.read_text())
    first = data["exchanges"][0]
    assert first["question"] == "What does rStar-Math do?" and first["status"] == "answered"
    assert first["citations"] and all(c["quote"] and c["paper_id"] for c in first["citations"])
    assert "[1]" in first["answer"]


def test_a_saved_conversation_reopens_after_reload(page, ask, artifacts):
    question = "How does rStar-Math train its policy model?"
    ask(page, question)
    answer = page.locator(BOT).last.inner_text()
    page.reload()
    page.wait_for_selector("#pc-question textarea")
    assert page.locator(USER).count() == 0
    page.get_by_role("button", name="Toggle Sidebar").click()
    option = page.locator("#pc-conversations label", has_text=question[:40]).first
    expect(option).to_be_visible()
    page.wait_for_timeout(500)  # the sidebar slides in
    page.screenshot(path=artifacts / "ui-7-conversations-1400.png")
    option.click()
    expect(page.locator(USER).last).to_have_text(question)
    page.wait_for_function(
        "([sel, text]) => { const m = document.querySelectorAll(sel); "
        "return m.length && m[m.length - 1].innerText === text; }", arg=[BOT, answer])
    expect(page.locator("#pc-sources .pc-title").first).to_contain_text("rStar-Math")
    page.fill("#pc-new-title input, #pc-new-title textarea", "Policy training in rStar-Math")
    page.click("#pc-rename")
    expect(page.locator("#pc-conversations")).to_contain_text("Policy training in rStar-Math")
    # The reopened conversation goes on: a follow-up is added to it.
    ask(page, "How does it compare to SPHERE?")
    assert page.locator(USER).count() == 2


def test_settings_are_remembered_after_reload(page):
    page.get_by_text("Settings", exact=True).first.click()
    page.locator("#pc-mode").get_by_text("single", exact=True).click()
    expect(page.locator("#pc-mode input[value='single']")).to_be_checked()
    time.sleep(0.5)  # the browser stores it on change
    page.reload()
    page.wait_for_selector("#pc-question textarea")
    page.get_by_text("Settings", exact=True).first.click()
    expect(page.locator("#pc-mode input[value='single']")).to_be_checked()
    page.locator("#pc-mode").get_by_text("auto", exact=True).click()
    time.sleep(0.5)


def test_papers_tab_counts_previews_and_fits_400px(browser, page, app_url, served, artifacts,
                                                   tmp_path):
    before = len(served[2].papers())  # earlier tests may have added papers
    expect(page.locator(".pc-tagline")).to_contain_text(f"{before} papers")
    expect(page.get_by_role("tab", name=f"Papers ({before})")).to_be_visible()
    source = tmp_path / "okapi.jsonl"
    source.write_text(json.dumps({
        "id": "2501.00001", "title": "Okapi: Agents that Learn to Forage",
        "abstract": "We present Okapi, a foraging agent. It improves on ForageBench.",
        "url": "https://github.com/example/okapi", "date": "2025-01-02",
        "authors": ["Ada Lovelace", "Alan Turing"]}) + "\n")
    page.get_by_role("tab", name=f"Papers ({before})").click()
    page.set_input_files("#pc-files input[type=file]", str(source))
    expect(page.locator("#pc-files a[href$='/okapi.jsonl']")).to_be_visible()
    page.click("#pc-add")
    expect(page.locator("#pc-summary")).to_contain_text("1 added", timeout=60_000)
    expect(page.locator(".pc-tagline")).to_contain_text(f"{before + 1} papers")
    expect(page.get_by_role("tab", name=f"Papers ({before + 1})")).to_be_visible()
    expect(page.locator("#pc-table .pc-caption")).to_contain_text(f"{before + 1} papers")
    row = page.locator("#pc-table tr", has_text="Okapi: Agents")
    expect(row.locator(".pc-col-date")).to_have_text("2025-01-02")
    row.locator("summary").click()
    expect(row).to_contain_text("We present Okapi, a foraging agent.")
    expect(row).to_contain_text("Ada Lovelace")
    expect(row.locator("a[href='https://arxiv.org/abs/2501.00001']").first).to_be_visible()
    expect(row.locator("a[href='https://github.com/example/okapi']").first).to_be_visible()
    page.screenshot(path=artifacts / "ui-8-papers-1400.png")

    # A new session (another tab) sees the new count too.
    narrow = browser.new_context(viewport={"width": 400, "height": 900})
    other = narrow.new_page()
    other.goto(app_url)
    other.wait_for_selector("#pc-question textarea")
    expect(other.locator(".pc-tagline")).to_contain_text(f"{before + 1} papers")
    other.screenshot(path=artifacts / "ui-9-chat-400.png", full_page=True)
    other.get_by_role("tab", name=f"Papers ({before + 1})").click()
    other.locator("#pc-table tr", has_text="Okapi: Agents").locator("summary").click()
    expect(other.locator("#pc-table")).to_contain_text("We present Okapi")
    width = other.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the papers tab is {width} px wide at a 400 px viewport"
    title_width = other.locator("#pc-table td.pc-col-title").first.bounding_box()["width"]
    assert title_width > 180, "the title column collapsed"
    other.screenshot(path=artifacts / "ui-10-papers-400.png", full_page=True)
    narrow.close()


def test_the_chat_at_400px(browser, app_url, ask, artifacts):
    context = browser.new_context(viewport={"width": 400, "height": 900})
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#pc-question textarea")
    ask(page, "What does rStar-Math do?")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"the chat is {width} px wide at a 400 px viewport"
    expect(page.locator("#pc-stop")).to_be_visible()
    page.screenshot(path=artifacts / "ui-11-answer-400.png", full_page=True)
    context.close()


def test_eval_tab_runs_the_dev_set_and_shows_its_plots(page, artifacts):
    import zipfile

    page.get_by_role("tab", name="Eval").click()
    expect(page.locator("#pc-eval-set input")).to_have_value("dev (96 questions)")
    page.click("#pc-eval-run")
    expect(page.locator("#pc-eval-status")).to_contain_text("Done.", timeout=240_000)
    expect(page.locator("#pc-eval-status")).to_contain_text("hybrid+extractive (96 questions)")
    expect(page.locator("#pc-eval-plots img").first).to_be_visible()
    assert page.locator("#pc-eval-plots img").count() >= 2
    expect(page.locator("#pc-eval-report")).to_contain_text("Worst questions")
    page.screenshot(path=artifacts / "ui-12-eval-1400.png", full_page=True)
    with page.expect_download() as download:
        page.click("#pc-eval-download")
    path = artifacts / "ui-eval-report.zip"
    download.value.save_as(path)
    names = set(zipfile.ZipFile(path).namelist())
    assert {"report.md", "metrics.json", "metrics.png", "per_question.jsonl"} <= names
    page.set_viewport_size({"width": 400, "height": 900})
    page.screenshot(path=artifacts / "ui-13-eval-400.png", full_page=True)


def test_regenerate_and_edit_the_last_question(page, ask):
    ask(page, "What does rStar-Math do?")
    # Regenerate asks the same question again with the current settings: here a provider
    # that cannot start, so the new answer visibly replaces the old one.
    page.get_by_text("Settings", exact=True).first.click()
    page.click("#pc-provider input")
    page.get_by_role("option", name="openai-compatible").click()
    expect(page.locator("#pc-provider-note")).to_contain_text("openai-compatible: not ready")
    expect(page.locator("#pc-provider-note")).to_contain_text("PAPERCHAT_LLM__BASE_URL")
    page.click("#pc-regenerate")
    expect(page.locator(BOT).last).to_contain_text("needs a base URL")
    assert page.locator(USER).count() == 1
    page.click("#pc-provider input")
    page.get_by_role("option", name="extractive").click()
    page.click("#pc-regenerate")
    expect(page.locator(BOT).last.locator("a.pc-cite").first).to_be_visible()
    assert page.locator(USER).count() == 1

    page.click("#pc-edit")
    expect(page.locator("#pc-question textarea")).to_have_value("What does rStar-Math do?")
    expect(page.locator(USER)).to_have_count(0)
    page.fill("#pc-question textarea", "What does SPHERE do?")
    page.keyboard.press("Enter")
    expect(page.locator(BOT).last.locator(".pc-note")).to_be_visible(timeout=30_000)
    expect(page.locator(USER)).to_have_text(["What does SPHERE do?"])
    expect(page.locator(BOT).last).to_contain_text("SPHERE")


def test_a_question_scoped_to_one_paper_cites_only_that_paper(page, ask, artifacts):
    sphere = "Self-Evolved Preference Optimization for Enhancing Mathematical Reasoning"
    page.get_by_role("tab", name="Papers").click()
    page.fill("#pc-search textarea", "Self-Evolved Preference Optimization")
    row = page.locator("#pc-table tr", has_text=sphere)
    row.locator("summary").click()
    row.get_by_text("Ask about this paper").click()
    # Back in the chat, the scope shows the paper, with a way back to all papers.
    expect(page.locator("#pc-question textarea")).to_be_visible()
    chips = page.locator("#pc-scope .token")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text(sphere[:30])
    expect(page.locator("#pc-scope-clear")).to_be_visible()
    # The question names another paper; the scope decides what is answered from.
    ask(page, "What does rStar-Math do?")
    expect(page.locator(USER).last).to_contain_text("about SPHERE")
    titles = page.locator("#pc-turn-0 .pc-card .pc-title").all_inner_texts()
    assert titles and all(sphere in t for t in titles), titles
    page.screenshot(path=artifacts / "ui-14-scoped-1400.png")

    page.click("#pc-scope-clear")
    expect(chips).to_have_count(0)
    # "@" before a name scopes the question to that paper and shows it in the scope.
    ask(page, "What does @rStar-Math do?")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("rStar-Math")
    expect(page.locator(USER).last).to_contain_text("about rStar-Math")
    titles = page.locator("#pc-turn-1 .pc-card .pc-title").all_inner_texts()
    assert titles and all("rStar-Math" in t for t in titles), titles
    # An "@" that names no paper is refused with the reason, and the question stays.
    _send(page, "What does @Quuxformer do?")
    expect(page.locator("#pc-status")).to_contain_text("No paper in the collection is called")
    expect(page.locator("#pc-question textarea")).to_have_value("What does @Quuxformer do?")
    # Edit brings back the last question with the papers it was asked about.
    page.click("#pc-scope-clear")
    expect(chips).to_have_count(0)
    page.click("#pc-edit")
    expect(page.locator("#pc-question textarea")).to_have_value("What does rStar-Math do?")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("rStar-Math")
    # The picker itself: type part of a title, choose it.
    page.click("#pc-scope input")
    page.keyboard.type("LongPO")
    page.locator("[role=option]", has_text="LongPO").first.click()
    expect(chips).to_have_count(2)
    # A new conversation starts on all papers.
    page.click("#pc-new")
    expect(chips).to_have_count(0)


def test_citation_numbers_seen_while_streaming_are_the_final_ones(page, slow_answers):
    import re

    slow_answers.pace = 0.05
    _send(page, "Compare SPHERE and rStar-Math on how they make training data")
    _wait_streaming(page)
    seen: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = page.locator(BOT).last.inner_text()
        if "▍" not in text:
            break
        seen = re.findall(r"\[(\d+)\]", text)
        time.sleep(0.1)
    expect(page.locator(BOT).last.locator(".pc-note")).to_be_visible()
    final = re.findall(r"\[(\d+)\]", page.locator(BOT).last.inner_text())
    assert len(seen) >= 2, seen  # several citations were seen mid-stream
    assert final[:len(seen)] == seen, (seen, final)
    # One number per paper: as many numbers as papers in the sources panel, in order.
    cards = page.locator("#pc-turn-0 .pc-card").count()
    assert sorted(set(final), key=int) == [str(n) for n in range(1, cards + 1)] == \
        list(dict.fromkeys(final))
