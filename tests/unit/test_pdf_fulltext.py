"""Full-text PDFs as researchers have them (issue 19), on PDFs this suite prints itself.

Every paper is written by `eval/synthetic_pdf.py` (text runs with fonts, sizes and positions)
or printed by Debian's Chromium from HTML, so each sentence's page and section are known. The
reader must recover the title, the sections (numbered or not, as metadata, never as text), the
page of every sentence, leave out references, running heads and page numbers, join words
hyphenated at line ends, and read two columns in order.
"""

from __future__ import annotations

import hashlib
import io

import pytest
from pdf_papers import (
    ABSTRACT,
    CHROMIUM,
    COMPOUND,
    LEARNING_RATE,
    REFERENCES,
    SECTIONS,
    SPEED,
    TITLE,
    glimmernet,
    glimmernet_html,
    page_of,
    pdf_page_of,
    print_with_chromium,
    write,
)

from assistant.chunking import chunk_paper
from assistant.errors import CorpusError
from assistant.settings import ChunkingSettings
from assistant.sources.pdf import NO_TEXT_LAYER, dehyphenate, read_pdf, real_title
from assistant.types import PageSpan, Paper
from eval.synthetic_pdf import Page, PaperSpec, Run, layout_paper, scanned_pdf, write_pdf

SECTION_NAMES = [name for name, _ in SECTIONS]
JUNK = {"Title": "paper.html"}


def _section_at(paper: Paper, offset: int) -> PageSpan:
    return next(s for s in paper.layout if s.start <= offset < s.end)


def _sections(paper: Paper) -> list[str | None]:
    return list(dict.fromkeys(span.section for span in paper.layout))


def _normal(text: str) -> str:
    return " ".join(text.split())


def _check_glimmernet(paper: Paper, page_of_sentence) -> None:  # type: ignore[no-untyped-def]  # a test helper taking a lookup callable
    """What every layout of the GlimmerNet paper must give back."""
    assert paper.title == TITLE
    assert paper.id == "glimmernet-sparse-attention-heads-for-fast-mathematical-reasoning"
    assert paper.authors == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert paper.abstract == ABSTRACT[0]
    assert _sections(paper) == SECTION_NAMES
    text = paper.full_text or ""
    for name, paragraphs in SECTIONS:
        for paragraph in paragraphs:
            at = text.find(paragraph)
            assert at >= 0, f"{name}: {paragraph[:50]!r} not read back word for word"
            assert _section_at(paper, at).section == name
    for sentence, section in ((LEARNING_RATE, "Method"), (SPEED, "Results")):
        span = _section_at(paper, text.index(sentence))
        assert (span.page, span.section) == (page_of_sentence(sentence), section)
    # Headings are metadata, not sentence text; references and running heads are left out.
    for name in ("Related Work", "Experiments", "Acknowledgments"):
        assert name not in text
    assert "Attention is all you need" not in text and "not GlimmerNet's" not in text
    assert "GlimmerNet: Sparse Attention Heads" not in text


@pytest.mark.parametrize("columns", [1, 2])
def test_numbered_sections_pages_and_metadata_in_one_and_two_columns(tmp_path, columns):
    path, pages = write(tmp_path, "paper.pdf", glimmernet(columns=columns), JUNK)
    assert len(pages) >= 2

    [paper] = read_pdf(path)

    _check_glimmernet(paper, lambda sentence: page_of(pages, sentence))
    assert paper.url == "https://arxiv.org/abs/2501.01234"  # from the arXiv stamp
    assert "https://github.com/glimmer/glimmernet" in paper.urls
    assert paper.date == "2025-02-03"
    assert paper.layout[0].page == 1 and paper.layout[-1].page == len(pages)


def test_two_columns_read_in_the_same_order_as_one_column(tmp_path):
    one, _ = write(tmp_path, "one.pdf", glimmernet(columns=1))
    two, pages = write(tmp_path, "two.pdf", glimmernet(columns=2))
    # The second column really is beside the first: many lines at the same heights.
    left = [r.y for r in pages[0].runs if r.x < 200]
    right = [r.y for r in pages[0].runs if r.x > 300 and r.size == 10]
    assert sum(min(right) <= y <= max(right) for y in left) > 20

    [single], [double] = read_pdf(one), read_pdf(two)

    assert _normal(double.full_text or "") == _normal(single.full_text or "")


def test_unnumbered_and_capitalised_headings(tmp_path):
    path, pages = write(tmp_path, "paper.pdf", glimmernet(columns=2, numbered=False, caps=True))

    [paper] = read_pdf(path)

    _check_glimmernet(paper, lambda sentence: page_of(pages, sentence))


def test_numbered_subsections_roman_numerals_and_same_font_headings(tmp_path):
    body = "This sentence is part of the body text and says something plain."
    spec = PaperSpec(
        title="Head Pruning Revisited for Long Chains of Thought", authors=["Ada Lovelace"],
        abstract=["We revisit head pruning for long chains of thought in reasoning models."],
        sections=[("I. INTRODUCTION", [body * 3]), ("II. METHOD", [body]),
                  ("2.1 Training Details", ["The training details are given here in full."]),
                  ("2.2 Scoring", ["Scores are computed once per head."]),
                  ("III. RESULTS", [body])],
    )
    path, _ = write(tmp_path, "roman.pdf", spec)
    [paper] = read_pdf(path)
    assert _sections(paper) == ["Introduction", "Method", "Training Details", "Scoring",
                                "Results"]

    # A plain text export: every line in one font and size; numbered lines in sequence and the
    # usual unnumbered names are still headings, a numbered sentence fragment is not.
    lines = ["Sparse Heads for Reasoning Models", "Abstract",
             "We study sparse heads in reasoning models.", "1 Introduction",
             "Heads are many and most of them idle.", "2 Method",
             "We prune heads by their effect on the answer, and",
             "3 heads per layer are kept at least.", "Conclusion", "Few heads suffice."]
    page = Page([Run(72, 700 - 14 * i, 10, line, "sans") for i, line in enumerate(lines)])
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(write_pdf([page]))
    [paper] = read_pdf(plain)
    assert _sections(paper) == ["Introduction", "Method", "Conclusion"]
    assert "and 3 heads per layer are kept at least." in (paper.full_text or "")

    # Where headings are set in bold, a plain line starting with the next number is body text.
    fonts = {"1 Introduction": "sans-bold", "2 Method": "sans-bold", "Conclusion": "sans-bold"}
    lines[7] = "2 Heads Per Layer Are Kept"
    page = Page([Run(72, 700 - 14 * i, 10, line, fonts.get(line, "sans"))
                 for i, line in enumerate(lines)])
    plain.write_bytes(write_pdf([page]))
    [paper] = read_pdf(plain)
    assert _sections(paper) == ["Introduction", "Method", "Conclusion"]
    assert "and 2 Heads Per Layer Are Kept" in (paper.full_text or "")


def test_references_are_left_out_and_an_appendix_after_them_kept(tmp_path):
    path, pages = write(tmp_path, "paper.pdf", glimmernet(columns=2, appendix=True))

    [paper] = read_pdf(path)

    text = paper.full_text or ""
    for reference in REFERENCES:
        assert _normal(reference)[:40] not in text
    at = text.index("Scores concentrate in the middle layers")
    assert _section_at(paper, at).section == "Head Scores per Layer"
    assert _section_at(paper, at).page == page_of(pages, "Scores concentrate in")


@pytest.mark.parametrize("junk", [
    "paper.html", "Microsoft Word - draft3.docx", "untitled", "Untitled document",
    "10.1145/3580305.3599256", "main", "paper_final_v2", "arXiv:2501.01234",
])
def test_junk_metadata_titles_give_way_to_the_largest_text_on_page_one(tmp_path, junk):
    path, _ = write(tmp_path, "paper.pdf", glimmernet(), {"Title": junk})

    [paper] = read_pdf(path)

    assert paper.title == TITLE
    assert not real_title(junk)


def test_real_metadata_title_is_used_only_when_the_layout_has_no_clear_title(tmp_path):
    assert real_title("GlimmerNet: Sparse Attention Heads for Fast Mathematical Reasoning")
    lines = ["a draft with no title line", "Abstract", "We study sparse heads in models.",
             "1 Introduction", "Heads are many and most of them idle."]
    page = Page([Run(72, 700 - 14 * i, 10, line) for i, line in enumerate(lines)])
    path = tmp_path / "draft.pdf"
    path.write_bytes(write_pdf([page], info={"Title": "Sparse Heads in Practice"}))

    [paper] = read_pdf(path)

    assert paper.title == "Sparse Heads in Practice"
    assert paper.abstract == "We study sparse heads in models."


def test_a_scanned_pdf_has_no_text_layer(tmp_path):
    path = tmp_path / "scan0001.pdf"
    path.write_bytes(scanned_pdf(pages=3))

    with pytest.raises(CorpusError) as error:
        read_pdf(path)

    assert error.value.reason == NO_TEXT_LAYER == "no text layer: OCR it first"
    assert "scan0001.pdf" in str(error.value)


def test_words_hyphenated_at_line_ends_are_joined_and_compounds_kept(tmp_path):
    path, pages = write(tmp_path, "paper.pdf", glimmernet(columns=2))
    broken = [run.text for page in pages for run in page.runs if run.text.endswith("-")]
    assert len(broken) >= 5  # the layout really did hyphenate

    [paper] = read_pdf(path)

    assert COMPOUND in (paper.full_text or "")
    assert "- " not in (paper.full_text or "").replace(" - ", "")
    vocabulary = {"decoding", "answer-based"}
    assert dehyphenate("decod-", "ing and", vocabulary)  # joined: the word is in the paper
    assert dehyphenate("represen-", "tations", set())  # joined: a typesetter's break
    assert not dehyphenate("answer-", "based scores", vocabulary)  # written with a hyphen
    assert not dehyphenate("self-", "supervised", set())  # a compound prefix


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_a_page_printed_by_chromium_from_html(tmp_path):
    path = print_with_chromium(glimmernet_html(columns=2), tmp_path, "glimmernet.pdf")
    from pypdf import PdfReader

    assert PdfReader(path).metadata.title == "glimmernet.html"  # the junk title of issue 19

    [paper] = read_pdf(path)

    _check_glimmernet(paper, lambda sentence: pdf_page_of(path, sentence))


def test_the_plain_text_visitor_fallback_reads_the_same_paper(tmp_path, monkeypatch):
    from assistant.sources import pdf

    path, pages = write(tmp_path, "paper.pdf", glimmernet(columns=2))
    [exact] = read_pdf(path)
    monkeypatch.setattr(pdf, "_operator_runs", lambda *args: None)

    [fallback] = read_pdf(path)

    assert fallback.full_text == exact.full_text and fallback.layout == exact.layout
    _check_glimmernet(fallback, lambda sentence: page_of(pages, sentence))


# --- chunks -----------------------------------------------------------------------------------


def test_full_text_chunks_carry_their_section_and_each_sentence_its_page(tmp_path):
    path, pages = write(tmp_path, "paper.pdf", glimmernet(columns=2))
    [paper] = read_pdf(path)

    chunks = chunk_paper(paper, ChunkingSettings(max_tokens=120, overlap_tokens=16))

    assert chunks[0].section == "Abstract" and {s.page for s in chunks[0].sentences} == {1}
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert {c.section for c in chunks[1:]} == set(SECTION_NAMES)
    prefix = len(f"{paper.title}\n\n")
    text = paper.full_text or ""
    for chunk in chunks[1:]:
        base = text.index(chunk.text[prefix:])
        for sentence in chunk.sentences:
            span = _section_at(paper, base + sentence.start - prefix)
            # No window mixes sections, and every sentence knows its page.
            assert (span.section, span.page) == (chunk.section, sentence.page)
            assert sentence.text not in SECTION_NAMES
    cited = {s.text: (s.page, c.section) for c in chunks for s in c.sentences}
    assert cited[LEARNING_RATE] == (page_of(pages, LEARNING_RATE), "Method")
    assert cited[SPEED] == (page_of(pages, SPEED), "Results")


def test_abstract_only_papers_are_chunked_and_stored_exactly_as_before():
    from vectorstore.chroma_store import chunk_from_record, chunk_metadata

    paper = Paper(id="p1", title="A Title", abstract="One sentence. Another one here.",
                  full_text="Body text of the paper. It goes on.", source="x.jsonl",
                  url="https://example.org", authors=["A B"], date="2024")
    parts = [paper.title, paper.abstract, paper.full_text or "", paper.url or "",
             "|".join(paper.authors), paper.date or ""]
    assert paper.content_hash == hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    for chunk in chunk_paper(paper, ChunkingSettings()):
        assert chunk.section is None and all(s.page is None for s in chunk.sentences)
        meta = chunk_metadata(paper, chunk, 2)
        assert "section" not in meta and "pages" not in meta
        assert chunk_from_record(chunk.id, meta, chunk.text) == chunk


def test_pages_and_sections_survive_the_store(tmp_path):
    from vectorstore.chroma_store import chunk_from_record, chunk_metadata

    path, _ = write(tmp_path, "paper.pdf", glimmernet())
    [paper] = read_pdf(path)
    chunks = chunk_paper(paper, ChunkingSettings())
    for chunk in chunks:
        meta = chunk_metadata(paper, chunk, len(chunks))
        assert chunk_from_record(chunk.id, meta, chunk.text) == chunk
    stored = Paper.model_validate_json(chunk_metadata(paper, chunks[0], len(chunks))["paper"])
    assert stored.layout == paper.layout and stored.content_hash == paper.content_hash


def test_locked_and_damaged_pdfs_name_the_reason(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(layout_pdf_bytes())).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(layout_pdf_bytes()[:400])

    with pytest.raises(CorpusError, match="encrypted PDF") as error:
        read_pdf(locked)
    assert "locked.pdf" in str(error.value)
    with pytest.raises(CorpusError, match="PDF") as error:
        read_pdf(truncated)
    assert "truncated.pdf" in str(error.value)


def layout_pdf_bytes() -> bytes:
    return write_pdf(layout_paper(glimmernet()))
