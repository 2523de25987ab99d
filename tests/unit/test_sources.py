"""Corpus readers: the bundled Daily Papers page, JSON(L), BEIR, PDF, and the dispatcher."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from assistant.errors import CorpusError
from assistant.sources import (
    MB,
    bundled_corpus_path,
    check_file,
    extract_urls,
    pick_link,
    read_sources,
)
from assistant.sources.beir import iter_beir, read_beir
from assistant.sources.daily_papers import read_daily_papers
from assistant.sources.jsonl import parse_authors, read_json, read_jsonl
from assistant.sources.pdf import read_pdf

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
SCIFACT = Path(__file__).resolve().parents[3] / "shared" / "benchmarks" / "scifact"

HEADER = (
    "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\n"
    "byAK and the research community\n\nJul 30\n\n"
)
ABSTRACT = (
    "We study how language models improve themselves from their own outputs. Our method "
    "reaches 91.3\\% accuracy on MATH, e.g. beating larger models, with code at "
    "https://github.com/example/repo. We release everything."
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_corpus_error(error: pytest.ExceptionInfo[CorpusError], path: Path, line: int | None):
    message = str(error.value)
    assert path.name in message
    assert error.value.line == line
    if line is not None:
        assert f"line {line}" in message


# --- Daily Papers -----------------------------------------------------------------------------


def test_bundled_corpus_has_76_papers_with_latex_and_links_intact():
    path = bundled_corpus_path()
    papers = read_daily_papers(path)

    assert path.name == "daily_papers_self_evolving.txt" and path.is_file()
    assert len(papers) == 76
    assert len({paper.id for paper in papers}) == 76
    assert {paper.source for paper in papers} == {str(path)}
    by_title = {paper.title.split(":")[0]: paper for paper in papers}
    meds = by_title["MedS$^3$"]
    assert meds.id == "meds-3-towards-medical-small-language-models-with-self-evolved-slow-thinking"
    assert meds.url == "https://github.com/pixas/MedSSS"
    assert any("\\%" in paper.abstract for paper in papers)
    assert any('\\"odel' in paper.abstract for paper in papers)
    assert sum(1 for paper in papers if paper.urls) >= 18
    assert by_title["rStar-Math"].url == "https://github.com/microsoft/rStar"
    assert "https://github.com/microsoft/rStar." in by_title["rStar-Math"].abstract
    # Code link wins over the project page that follows it; a bare project host gets a scheme.
    assert (
        by_title[
            "Learning Temporal Coherence via Self-Supervision for GAN-based Video Generation"
        ].url
        == "https://github.com/thunil/TecoGAN"
    )
    assert by_title["Mitigating Deceptive Alignment via Self-Monitoring"].url == (
        "https://cot-monitor-plus.github.io"
    )
    for paper in papers:
        assert paper.title == paper.title.strip() and paper.abstract == paper.abstract.strip()
        assert len(paper.abstract) > 500


def test_small_page_fixture():
    papers = read_daily_papers(FIXTURES / "daily_small.txt")

    assert [paper.title for paper in papers] == [
        "MedS$^3$: Towards Medical Small Language Models with Self-Evolved Slow Thinking",
        "Random Teachers are Good Teachers",
        "How to Boost Face Recognition with StyleGAN?",
    ]
    assert "6.45\\%" in papers[0].abstract
    # The arXiv link comes first in the text, but the code link is what `url` is for.
    assert papers[2].urls == [
        "https://arxiv.org/abs/2210.10090",
        "https://github.com/seva100/stylegan-for-facerec",
    ]
    assert papers[2].url == "https://github.com/seva100/stylegan-for-facerec"


def test_tolerates_missing_header_crlf_trailing_spaces_and_title_above_abstract(tmp_path):
    expected = read_daily_papers(FIXTURES / "daily_small.txt")
    text = (FIXTURES / "daily_small.txt").read_text(encoding="utf-8")
    body = text[len(HEADER) :]
    crlf = write(tmp_path, "crlf.txt", body.replace("\n", "  \r\n").encode())
    blocks = "\n\n".join(f"{p.title}\n{p.abstract}" for p in expected)
    compact = write(tmp_path, "compact.txt", blocks + "\n\n\n")

    for path in (crlf, compact):
        papers = read_daily_papers(path)
        assert [(p.title, p.abstract) for p in papers] == [(p.title, p.abstract) for p in expected]


def test_an_abstract_wrapped_over_several_lines_is_joined(tmp_path):
    path = write(
        tmp_path,
        "wrapped.txt",
        HEADER + "A Title\n\nFirst half of the abstract,\nand the second half which ends here.\n",
    )

    [paper] = read_daily_papers(path)

    assert paper.abstract == "First half of the abstract, and the second half which ends here."


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        # title, title, abstract: the first title has no abstract
        ("First Title\n\nSecond Title\n\n" + ABSTRACT + "\n", 13, "has no abstract"),
        # a title at the end of the file
        ("A Title\n\n" + ABSTRACT + "\n\nDangling Title\n", 17, "end of file"),
        # title, abstract, abstract: the second paragraph stands where a title should
        (
            "A Title\n\n" + ABSTRACT + "\n\n" + ABSTRACT + "\n\nNext Title\n\n" + ABSTRACT,
            17,
            "expected a title",
        ),
        # no title at all
        (ABSTRACT + "\n", 13, "ends with a period"),
        # a 400-character line where a title is expected
        ("x" * 400 + "\n\n" + ABSTRACT, 13, "400 characters"),
    ],
    ids=["title-without-abstract", "title-at-end", "three-paragraphs", "no-title", "long-title"],
)
def test_malformed_page_names_file_and_line(tmp_path, body, line, words):
    path = write(tmp_path, "bad_page.txt", HEADER + body)

    with pytest.raises(CorpusError, match=words) as error:
        read_daily_papers(path)

    assert_corpus_error(error, path, line)


def test_non_utf8_and_binary_content_name_the_line(tmp_path):
    page = HEADER + "Caf\xe9 Title\n\n" + ABSTRACT
    latin1 = write(tmp_path, "latin1.txt", page.encode("latin-1"))
    binary = write(tmp_path, "binary.txt", b"Title\n\nabc\n\x00\x01\x02 rest")

    with pytest.raises(CorpusError, match="UTF-8") as error:
        read_daily_papers(latin1)
    assert_corpus_error(error, latin1, 13)
    with pytest.raises(CorpusError, match="binary") as error:
        read_daily_papers(binary)
    assert_corpus_error(error, binary, 4)


def test_empty_and_header_only_pages_are_errors(tmp_path):
    empty = write(tmp_path, "empty.txt", "")
    blank = write(tmp_path, "blank.txt", "\n \n")
    header_only = write(tmp_path, "header.txt", HEADER)

    for path, words in ((empty, "empty"), (blank, "empty"), (header_only, "no papers")):
        with pytest.raises(CorpusError, match=words) as error:
            read_daily_papers(path)
        assert_corpus_error(error, path, None)


# --- links ------------------------------------------------------------------------------------


def test_extract_urls_strips_sentence_punctuation_and_latex_braces():
    text = (
        "See https://github.com/a/b{https://github.com/a/b}. Also \\href{https://x.org/p/.} "
        "and (https://en.wikipedia.org/wiki/Foo_(bar)), www.example.com, site.github.io."
    )

    assert extract_urls(text) == [
        "https://github.com/a/b",
        "https://x.org/p/",
        "https://en.wikipedia.org/wiki/Foo_(bar)",
        "https://www.example.com",
        "https://site.github.io",
    ]
    assert pick_link(["https://arxiv.org/abs/1", "https://doi.org/2"]) == "https://arxiv.org/abs/1"
    assert pick_link(["https://arxiv.org/abs/1", "https://proj.page/x"]) == "https://proj.page/x"
    assert pick_link([]) is None


# --- JSON and JSONL ---------------------------------------------------------------------------


def test_jsonl_fixture_reads_every_field():
    papers = read_jsonl(FIXTURES / "papers.jsonl")

    assert [paper.id for paper in papers] == [
        "p1",
        "42",
        "star-bootstrapping-reasoning-with-reasoning",
    ]
    first, second, third = papers
    assert first.authors == ["Aman Madaan", "Niket Tandon", "Prakhar Gupta"]
    assert first.url == "https://arxiv.org/abs/2303.17651" and first.date == "2023-03-30"
    assert second.abstract.startswith("Large language models")
    assert second.url == "https://github.com/noahshinn/reflexion"
    assert second.date == "2023" and second.year == 2023
    assert third.authors == [] and third.url is None


@pytest.mark.parametrize(
    ("second_line", "words"),
    [
        ('{"title": "T", "abstract": "A"', "invalid JSON"),
        ('{"abstract": "An abstract."}', "missing 'title'"),
        ('{"title": "T"}', "missing 'abstract'"),
        ('{"title": "T", "abstract": "   "}', "'abstract' is empty"),
        ('{"title": 7, "abstract": "A"}', "'title' must be a string, got a number"),
        ('{"title": "T", "abstract": "A", "authors": [1, 2]}', "'authors' must be a list"),
        ('{"title": "T", "abstract": "A", "id": true}', "'id' must be a string or an integer"),
        ('["not", "an", "object"]', "expected a JSON object"),
    ],
)
def test_malformed_jsonl_names_file_and_line(tmp_path, second_line, words):
    good = json.dumps({"title": "Good", "abstract": "Fine."})
    path = write(tmp_path, "bad.jsonl", f"{good}\n\n{second_line}\n{good}\n")

    with pytest.raises(CorpusError, match=words) as error:
        read_jsonl(path)

    assert_corpus_error(error, path, 3)


def test_json_list_and_papers_object():
    papers = read_json(FIXTURES / "papers.json")

    assert [paper.id for paper in papers] == ["j1", "j2"]
    assert papers[1].url == "https://voyager.github.io"


def test_json_wrapped_in_papers_key(tmp_path):
    path = write(tmp_path, "wrapped.json", json.dumps({"papers": [{"title": "T", "text": "A."}]}))

    assert [paper.title for paper in read_json(path)] == ["T"]


def test_malformed_json_names_record_or_line(tmp_path):
    bad_record = write(
        tmp_path,
        "records.json",
        json.dumps([{"title": "T", "abstract": "A."}, {"title": "T2", "abstract": ["A"]}]),
    )
    bad_syntax = write(tmp_path, "syntax.json", '[\n  {"title": "T",\n  "abstract": }\n]')
    not_a_list = write(tmp_path, "object.json", '{"title": "T"}')

    with pytest.raises(CorpusError, match=r"record #2 \(index 1\): 'abstract' must be a string"):
        read_json(bad_record)
    with pytest.raises(CorpusError, match="invalid JSON") as error:
        read_json(bad_syntax)
    assert_corpus_error(error, bad_syntax, 3)
    with pytest.raises(CorpusError, match="expected a list"):
        read_json(not_a_list)


def test_parse_authors_forms():
    assert parse_authors("A. Smith, B. Jones, and C. Wu") == ["A. Smith", "B. Jones", "C. Wu"]
    assert parse_authors("Ada Lovelace and Alan Turing") == ["Ada Lovelace", "Alan Turing"]
    assert parse_authors("X; Y & Z") == ["X", "Y", "Z"]
    assert parse_authors(["  Solo  "]) == ["Solo"]
    assert parse_authors(None) == []


# --- BEIR -------------------------------------------------------------------------------------


def test_beir_folder_and_file():
    from_folder = read_beir(FIXTURES / "beir")
    from_file = read_beir(FIXTURES / "beir" / "corpus.jsonl")

    assert [paper.id for paper in from_folder] == ["b1", "b2", "b3"]
    assert from_file == from_folder
    assert from_folder[1].title == ""  # BEIR allows untitled documents (PubMedQA has no titles)
    assert from_folder[2].url == "https://github.com/beir-cellar/beir"


def test_iter_beir_streams(tmp_path):
    path = write(
        tmp_path,
        "corpus.jsonl",
        "".join(
            json.dumps({"_id": str(i), "title": f"T{i}", "text": "x."}) + "\n" for i in range(3)
        )
        + "{broken\n",
    )
    papers = iter_beir(path)

    assert next(papers).id == "0"  # the broken last line is not read yet
    with pytest.raises(CorpusError, match="invalid JSON") as error:
        list(papers)
    assert_corpus_error(error, path, 4)


def test_beir_record_without_id_or_content(tmp_path):
    no_id = write(
        tmp_path, "corpus.jsonl", '{"_id": "1", "text": "t"}\n{"title": "T", "text": "t"}\n'
    )
    with pytest.raises(CorpusError, match="missing '_id'") as error:
        read_beir(no_id)
    assert_corpus_error(error, no_id, 2)

    empty = write(tmp_path, "other.jsonl", '{"_id": "1", "title": "", "text": ""}\n')
    with pytest.raises(CorpusError, match="neither") as error:
        read_beir(empty)
    assert_corpus_error(error, empty, 1)


@pytest.mark.skipif(not (SCIFACT / "corpus.jsonl").is_file(), reason="shared/ benchmarks absent")
def test_the_scifact_corpus_reads_whole():
    # How fast is the benchmarks' business (eval/bench.py), not a timed test's on a shared machine.
    batch = read_sources([SCIFACT / "corpus.jsonl"])

    assert len(batch.papers) == 5183 and batch.duplicates == []
    assert all(paper.title and paper.abstract for paper in batch.papers)


# --- PDF --------------------------------------------------------------------------------------


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal PDF whose pages show the given lines in Helvetica (a real text layer)."""
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    kids = []
    for i, lines in enumerate(pages):
        page, content = 4 + 2 * i, 5 + 2 * i
        kids.append(f"{page} 0 R")
        if lines:
            shown = "".join(f"({_pdf_escape(line)}) Tj T* " for line in lines)
            stream = f"BT /F1 10 Tf 12 TL 72 740 Td {shown}ET".encode("latin-1")
        else:
            stream = b"0 0 m 200 200 l S"  # a drawing, no text: what a scan looks like to pypdf
        objects[page] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        objects[content] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    objects[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    info = ""
    if title is not None:
        number = max(objects) + 1
        objects[number] = f"<< /Title ({_pdf_escape(title)}) /Author (Ada Lovelace) >>".encode()
        info = f" /Info {number} 0 R"
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, objects[number]))
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for number in range(1, size):
        out.write(f"{offsets[number]:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


PAPER_PAGES = [
    [
        "arXiv:2401.00001v1 [cs.CL] 1 Jan 2024",
        "Self-Rewarding Language Models",
        "Ada Lovelace, Alan Turing",
        "Abstract",
        "We posit that to achieve superhuman agents, future models require",
        "superhuman feedback. Code: https://github.com/example/srlm.",
        "1 Introduction",
        "Aligning large language models using human preference data is common.",
    ],
    ["2 Method", "We train the model to judge its own outputs. It improves each round."],
]


def test_pdf_title_abstract_and_full_text(tmp_path):
    path = write(tmp_path, "paper.pdf", make_pdf(PAPER_PAGES))

    [paper] = read_pdf(path)

    assert paper.title == "Self-Rewarding Language Models"
    assert paper.id == "self-rewarding-language-models"
    assert paper.abstract == (
        "We posit that to achieve superhuman agents, future models require superhuman "
        "feedback. Code: https://github.com/example/srlm."
    )
    # Headings are the sections' names, not text; the arXiv id is the paper's own link.
    assert paper.full_text is not None and paper.full_text.startswith("Aligning large")
    assert "It improves each round." in paper.full_text
    assert [(s.page, s.section) for s in paper.layout] == [(1, "Introduction"), (2, "Method")]
    assert paper.url == "https://arxiv.org/abs/2401.00001"
    assert "https://github.com/example/srlm" in paper.urls
    assert paper.source == str(path)


def test_pdf_metadata_title_wins_and_abstract_falls_back_to_first_chars(tmp_path):
    lines = ["A Study Of Things", "Some opening words about the study of things."]
    lines += [f"Sentence number {i} talks about the study in some detail." for i in range(60)]
    path = write(tmp_path, "noheading.pdf", make_pdf([lines], title="The Real Title"))

    [paper] = read_pdf(path)

    assert paper.title == "The Real Title"
    assert paper.authors == ["Ada Lovelace"]
    assert paper.abstract.startswith("Some opening words")
    assert paper.abstract.endswith(".") and 1500 < len(paper.abstract) <= 2000
    assert paper.full_text is not None and paper.full_text.startswith("Sentence number")


def test_pdf_without_text_layer_encrypted_or_corrupt(tmp_path):
    from pypdf import PdfReader, PdfWriter

    scanned = write(tmp_path, "scan.pdf", make_pdf([[]]))
    corrupt = write(tmp_path, "corrupt.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage")
    not_pdf = write(tmp_path, "text.pdf", "just some text\n")
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(make_pdf(PAPER_PAGES))).pages:
        writer.add_page(page)
    writer.encrypt("secret", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)

    for path, words in (
        (scanned, "no text layer"),
        (locked, "encrypted"),
        (corrupt, "PDF"),
        (not_pdf, "PDF"),
    ):
        with pytest.raises(CorpusError, match=words) as error:
            read_pdf(path)
        assert_corpus_error(error, path, None)


# --- dispatch ---------------------------------------------------------------------------------


def test_read_sources_dispatches_a_folder_in_sorted_order():
    batch = read_sources([FIXTURES])

    ids = [paper.id for paper in batch.papers]
    # beir/ (a BEIR folder: only corpus.jsonl), then daily_small.txt, papers.json, papers.jsonl
    assert ids[:3] == ["b1", "b2", "b3"]
    assert ids[3].startswith("meds-3")
    assert ids[6:] == ["j1", "j2", "p1", "42", "star-bootstrapping-reasoning-with-reasoning"]
    assert batch.duplicates == []


def test_read_sources_sniffs_beir_jsonl_and_accepts_strings(tmp_path):
    beir = write(tmp_path, "docs.jsonl", '{"_id": "d1", "title": "", "text": "Body only."}\n')

    batch = read_sources([str(beir)])

    assert [(p.id, p.title) for p in batch.papers] == [("d1", "")]


def test_duplicates_keep_the_first(tmp_path):
    copy = write(
        tmp_path,
        "copy.jsonl",
        (FIXTURES / "papers.jsonl").read_text()
        + json.dumps({"id": "new", "title": "New", "abstract": "New."})
        + "\n",
    )

    batch = read_sources([FIXTURES / "papers.jsonl", copy])

    assert [paper.id for paper in batch.papers][-1] == "new"
    assert len(batch.papers) == 4
    assert batch.duplicates == ["p1", "42", "star-bootstrapping-reasoning-with-reasoning"]
    assert batch.papers[0].source == str(FIXTURES / "papers.jsonl")


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("notes.md", "# hi", "unsupported file type '.md'"),
        ("empty.jsonl", "", "empty file"),
        ("missing.txt", None, "file not found"),
    ],
)
def test_read_sources_rejects_bad_paths(tmp_path, name, content, words):
    path = tmp_path / name if content is None else write(tmp_path, name, content)

    with pytest.raises(CorpusError, match=words) as error:
        read_sources([path])

    assert_corpus_error(error, path, None)


def test_read_sources_rejects_empty_folder_and_no_sources(tmp_path):
    (tmp_path / "README.md").write_text("not a source")

    with pytest.raises(CorpusError, match="no .txt"):
        read_sources([tmp_path])
    with pytest.raises(CorpusError, match="no papers"):
        read_sources([])


def test_jsonl_streams_but_refuses_a_giant_line(tmp_path):
    path = tmp_path / "huge.jsonl"
    with path.open("wb") as handle:
        handle.truncate(201 * MB)  # sparse: one 201 MB "line" of NUL bytes
    with pytest.raises(CorpusError, match="line 1.*longer than 16 MB"):
        read_sources([path])


@pytest.mark.parametrize("name", ["huge.txt", "huge.json"])
def test_oversized_text_files_are_refused_before_reading(tmp_path, name):
    path = tmp_path / name
    with path.open("wb") as handle:
        handle.truncate(201 * MB)  # sparse: no disk is used, and nothing is read

    with pytest.raises(CorpusError, match="over the 200 MB limit"):
        read_sources([path])
    with pytest.raises(CorpusError, match="limit"):
        check_file(FIXTURES / "papers.json", limit=10)
