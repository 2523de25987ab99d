"""The GlimmerNet example of issue 19, end to end: a folder of PDFs indexed next to the bundled
corpus (real Chroma in tmp, keyword embeddings, extractive answers), then two different
questions that must each quote their own sentence with its page and section, in the answer, the
sources panel, the export and the CLI; unreadable PDFs are skipped by name."""

from __future__ import annotations

import html
import io
import json
from pathlib import Path

import pytest
from pdf_papers import (
    CHROMIUM,
    LEARNING_RATE,
    SPEED,
    TITLE,
    glimmernet,
    glimmernet_html,
    page_of,
    pdf_page_of,
    print_with_chromium,
    write,
)

from assistant.errors import CorpusError
from eval.synthetic_pdf import layout_paper, scanned_pdf, write_pdf

LEARNING_RATE_QUESTION = "What learning rate does GlimmerNet use?"
# The keyword fake embedder does not know that "fast" and "faster" are one idea, so here the
# speed question says "faster"; the issue's own wording ("How fast is it on MATH500 compared
# with the dense model?") runs with the real MiniLM in tests/integration/test_pdf_minilm.py.
SPEED_QUESTION = "How much faster than the dense model is it on MATH500?"


def _pdf(kind: str, folder: Path):  # type: ignore[no-untyped-def]  # a test helper
    """The GlimmerNet paper in one layout, and a function giving each sentence's page."""
    junk = {"Title": "paper.html"}
    if kind == "chromium":
        if not CHROMIUM.exists():
            pytest.skip("Debian's chromium is not installed")
        path = print_with_chromium(glimmernet_html(columns=2), folder, "glimmernet.pdf")
        return lambda sentence: pdf_page_of(path, sentence)
    spec = {"one column": glimmernet(columns=1),
            "two columns": glimmernet(columns=2),
            "unnumbered": glimmernet(columns=2, numbered=False, caps=True)}[kind]
    _, pages = write(folder, "paper.pdf", spec, junk)
    return lambda sentence: page_of(pages, sentence)


@pytest.fixture
def indexed(tmp_path, make_assistant, bundled_corpus):
    def build(kind: str):  # type: ignore[no-untyped-def]  # a test helper
        folder = tmp_path / "papers"
        folder.mkdir()
        page = _pdf(kind, folder)
        assistant = make_assistant(index=False)
        report = assistant.index([bundled_corpus, folder])
        assert report.papers == 77 and not report.skipped
        return assistant, page

    return build


@pytest.mark.parametrize("kind", ["one column", "two columns", "unnumbered",
                                  pytest.param("chromium", marks=pytest.mark.browser)])
def test_two_questions_quote_two_different_sentences_with_page_and_section(indexed, kind):
    assistant, page = indexed(kind)
    assert TITLE in {paper.title for paper in assistant.papers()}

    by_rate = assistant.ask(LEARNING_RATE_QUESTION)
    by_speed = assistant.ask(SPEED_QUESTION)

    for answer, sentence, section in ((by_rate, LEARNING_RATE, "Method"),
                                      (by_speed, SPEED, "Results")):
        assert not answer.abstained, answer.warnings
        [citation] = [c for c in answer.citations if c.quote == sentence]
        assert (citation.title, citation.page, citation.section) == (TITLE, page(sentence),
                                                                     section)
        assert citation.location == f"p. {page(sentence)}, {section}"
        assert f"{sentence[:-1]} [{citation.n}]." in answer.text  # quoted, then cited
        for other in answer.citations:  # sentences, never a heading or a section dump
            assert other.quote not in ("Method", "Results") and len(other.quote) < 300
    assert by_rate.text != by_speed.text
    assert not {c.quote for c in by_rate.citations} & {c.quote for c in by_speed.citations}


def test_page_and_section_reach_the_sources_panel_export_and_cli(indexed, monkeypatch, capsys):
    from ui import cli
    from ui.render import Exchange, answer_markdown, export_markdown, sources_html

    assistant, page = indexed("two columns")
    answer = assistant.ask(LEARNING_RATE_QUESTION)
    [citation] = [c for c in answer.citations if c.quote == LEARNING_RATE]
    where = f"p. {page(LEARNING_RATE)}, Method"

    panel = sources_html([Exchange(LEARNING_RATE_QUESTION, answer)], assistant.paper)
    assert f'<span class="pc-where">{where}</span>' in panel
    # The card shows the section's passage with the sentence highlighted.
    assert f'class="pc-mark">{LEARNING_RATE}</mark>' in panel
    # A citation's tooltip (an attribute, entity-encoded) names the paper and where.
    assert f"GlimmerNet: Sparse Attention Heads for Fast Mathematical Reasoning, {where}: " in \
        html.unescape(answer_markdown(answer, 0))
    assert f"*{TITLE}*, {where}" in export_markdown([Exchange(LEARNING_RATE_QUESTION, answer)])

    record = cli.answer_json(answer)
    [cited] = [c for c in record["citations"] if c["quote"] == LEARNING_RATE]  # type: ignore[union-attr]  # JSON output read back in a test
    assert (cited["page"], cited["section"]) == (page(LEARNING_RATE), "Method")

    monkeypatch.setattr(cli, "_assistant", lambda provider=None: assistant)
    assert cli.main(["ask", LEARNING_RATE_QUESTION]) == 0
    assert f"[{citation.n}] {TITLE}, {where}" in capsys.readouterr().out


def test_an_abstract_citation_keeps_its_old_shape(make_assistant):
    from ui import cli

    answer = make_assistant().ask("What does rStar-Math do?")

    assert answer.citations and all(c.page is None and c.section is None and c.location == ""
                                    for c in answer.citations)
    assert all(set(c) == {"n", "paper_id", "title", "quote"}
               for c in cli.answer_json(answer)["citations"])  # type: ignore[union-attr]  # JSON output read back in a test


def _unreadable(folder: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    (folder / "b-scan.pdf").write_bytes(scanned_pdf())
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(write_pdf(layout_paper(glimmernet())))).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    with (folder / "c-locked.pdf").open("wb") as handle:
        writer.write(handle)
    (folder / "d-corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage")


def test_a_folder_indexes_with_progress_and_skips_unreadable_pdfs_by_name(tmp_path,
                                                                          make_assistant):
    folder = tmp_path / "papers"
    folder.mkdir()
    write(folder, "a-glimmernet.pdf", glimmernet(columns=2))
    _unreadable(folder)
    (folder / "figures").mkdir()  # a subfolder without papers is passed over
    (folder / "figures" / "plot.png").write_bytes(b"\x89PNG")
    (folder / "2024").mkdir()  # one with papers is read
    other = glimmernet(columns=1)
    other.title = "Dense Heads for Slow Reasoning"
    write(folder / "2024", "e-one-column.pdf", other)
    assistant = make_assistant(index=False)
    totals: list[int] = []
    done: list[int] = []
    skipped: list[tuple[str, str]] = []

    report = assistant.index([folder], progress=done.append, on_total=totals.append,
                             on_skip=lambda path, reason: skipped.append((path.name, reason)))

    assert totals == [5] and sum(done) == 5  # the bar counts every file, skipped ones too
    assert (report.papers, report.added) == (2, 2)
    assert [name for name, _ in skipped] == ["b-scan.pdf", "c-locked.pdf", "d-corrupt.pdf"]
    reasons = dict(skipped)
    assert reasons["b-scan.pdf"] == "no text layer: OCR it first"
    assert reasons["c-locked.pdf"].startswith("encrypted PDF")
    assert reasons["d-corrupt.pdf"].startswith("corrupt PDF")
    assert [(Path(s.path).name, s.reason) for s in report.skipped] == skipped
    assert {p.title for p in assistant.papers()} == {TITLE, "Dense Heads for Slow Reasoning"}

    again = assistant.index([folder])
    assert (again.unchanged, again.added, len(again.skipped)) == (2, 0, 3)


def test_a_folder_of_only_unreadable_pdfs_is_an_error_naming_them(tmp_path, make_assistant):
    folder = tmp_path / "scans"
    folder.mkdir()
    _unreadable(folder)

    with pytest.raises(CorpusError, match=r"no papers found.*b-scan\.pdf: no text layer"):
        make_assistant(index=False).index([folder])


def test_cli_index_names_each_skipped_file_and_its_reason(tmp_path, make_assistant,
                                                          monkeypatch, capsys):
    from ui import cli

    folder = tmp_path / "papers"
    folder.mkdir()
    write(folder, "a-glimmernet.pdf", glimmernet())
    _unreadable(folder)
    assistant = make_assistant(index=False)
    monkeypatch.setattr(cli, "_assistant", lambda provider=None: assistant)

    assert cli.main(["index", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("1 paper: 1 added")
    assert f"{folder / 'b-scan.pdf'}: no text layer: OCR it first" in out
    assert "3 file(s) skipped" in out
    assert f"paperchat: skipped {folder / 'b-scan.pdf'}: no text layer: OCR it first" in err

    assert cli.main(["index", "--json", str(folder)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["unchanged"] == 1
    assert [Path(s["path"]).name for s in summary["skipped"]] == [
        "b-scan.pdf", "c-locked.pdf", "d-corrupt.pdf"]
