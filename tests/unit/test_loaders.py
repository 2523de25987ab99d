"""Loaders on small files under tmp_path, the shared benchmarks when present, and the
dataset checker on our own QA files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import CorpusError
from eval import check_dataset
from eval.loaders import load_beir, load_pubmedqa, load_qa_jsonl

REPO = Path(__file__).resolve().parents[2]
DATASETS = REPO / "eval" / "datasets"
SHARED = REPO.parent / "shared" / "benchmarks"

GOOD_ITEM = {
    "id": "dev-001",
    "question": "What does rStar-Math search with?",
    "type": "factual",
    "gold_titles": ["A title"],
    "must_include": ["MCTS"],
    "names_method": True,
}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_qa_jsonl_reads_items(tmp_path):
    second = {
        **GOOD_ITEM,
        "id": "dev-002",
        "type": "unanswerable",
        "gold_titles": [],
        "must_include": [],
    }
    path = write_lines(tmp_path / "qa.jsonl", [json.dumps(GOOD_ITEM), "", json.dumps(second)])
    items = load_qa_jsonl(path)
    assert [item.id for item in items] == ["dev-001", "dev-002"]
    assert items[0].answerable and not items[1].answerable


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (json.dumps({**GOOD_ITEM, "id": "dev-009", "type": "trivia"}), "type"),
        (json.dumps({k: v for k, v in GOOD_ITEM.items() if k != "question"}), "question"),
        (json.dumps({**GOOD_ITEM, "id": "dev-009", "extra": 1}), "extra"),
        (json.dumps(GOOD_ITEM), "duplicate id"),
    ],
)
def test_load_qa_jsonl_names_the_bad_line(tmp_path, bad_line, reason):
    path = write_lines(tmp_path / "qa.jsonl", [json.dumps(GOOD_ITEM), "", bad_line])
    with pytest.raises(CorpusError) as caught:
        load_qa_jsonl(path)
    assert caught.value.line == 3
    assert caught.value.path == str(path)
    assert reason in str(caught.value)


def test_missing_file_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_qa_jsonl(tmp_path / "nope.jsonl")


def make_beir(folder: Path) -> Path:
    folder.mkdir()
    write_lines(
        folder / "corpus.jsonl",
        [
            json.dumps({"id": "d1", "title": "One", "text": "first"}),
            json.dumps({"id": 2, "title": None, "text": "second"}),
        ],
    )
    write_lines(
        folder / "queries.jsonl",
        [
            json.dumps({"id": "q1", "text": "which?", "evidence": {"d1": []}}),
            json.dumps({"id": "q2", "text": "never judged"}),
        ],
    )
    write_lines(folder / "qrels.tsv", ["query-id\tcorpus-id\tscore", "q1\td1\t1", "q1\t2\t2"])
    write_lines(folder / "queries_train.jsonl", [json.dumps({"id": "t1", "text": "train q"})])
    write_lines(folder / "qrels_train.tsv", ["query-id\tcorpus-id\tscore", "t1\td1\t1"])
    return folder


def test_load_beir_test_and_train(tmp_path):
    folder = make_beir(tmp_path / "tiny")
    test = load_beir(folder)
    assert test.name == "tiny" and test.split == "test"
    assert set(test.corpus) == {"d1", "2"} and test.corpus["2"].title == ""
    assert set(test.queries) == {"q1"}  # q2 has no qrels, as in BEIR's loader
    assert test.queries["q1"].extra == {"evidence": {"d1": []}}
    assert test.qrels == {"q1": {"d1": 1, "2": 2}}
    train = load_beir(folder, split="train")
    assert set(train.queries) == {"t1"} and train.qrels == {"t1": {"d1": 1}}


@pytest.mark.parametrize(
    ("line", "reason"), [("q1\td1", "3 tab-separated"), ("q1\td1\thigh", "not an integer")]
)
def test_load_beir_bad_qrels_line(tmp_path, line, reason):
    folder = make_beir(tmp_path / "tiny")
    write_lines(folder / "qrels.tsv", ["query-id\tcorpus-id\tscore", "q1\td1\t1", line])
    with pytest.raises(CorpusError, match=reason) as caught:
        load_beir(folder)
    assert caught.value.line == 3


def test_load_beir_bad_corpus_line(tmp_path):
    folder = make_beir(tmp_path / "tiny")
    write_lines(
        folder / "corpus.jsonl", [json.dumps({"id": "d1", "text": "x"}), json.dumps({"id": "d2"})]
    )
    with pytest.raises(CorpusError) as caught:
        load_beir(folder)
    assert caught.value.line == 2


def test_load_pubmedqa_joins_abstracts(tmp_path):
    folder = tmp_path / "pqa"
    folder.mkdir()
    write_lines(
        folder / "corpus.jsonl",
        [
            json.dumps(
                {
                    "id": "7",
                    "title": "",
                    "text": "Abstract.",
                    "sections": ["RESULTS"],
                    "year": "2011",
                    "meshes": ["Humans"],
                }
            )
        ],
    )
    write_lines(
        folder / "queries.jsonl",
        [
            json.dumps(
                {
                    "id": "7",
                    "text": "Does it?",
                    "answer": "yes",
                    "long_answer": "It does.",
                    "split": "test",
                }
            )
        ],
    )
    [item] = load_pubmedqa(folder)
    assert (item.question, item.answer, item.context, item.year) == (
        "Does it?",
        "yes",
        "Abstract.",
        "2011",
    )
    assert load_pubmedqa(folder, split="dev/train") == []


def test_load_pubmedqa_bad_answer(tmp_path):
    folder = tmp_path / "pqa"
    folder.mkdir()
    write_lines(folder / "corpus.jsonl", [json.dumps({"id": "7", "text": "A."})])
    write_lines(
        folder / "queries.jsonl",
        [json.dumps({"id": "7", "text": "Does it?", "answer": "perhaps", "split": "test"})],
    )
    with pytest.raises(CorpusError, match="answer") as caught:
        load_pubmedqa(folder)
    assert caught.value.line == 1


@pytest.mark.skipif(not (SHARED / "scifact").is_dir(), reason="shared benchmarks not present")
def test_shared_benchmarks_load():
    scifact = load_beir(SHARED / "scifact")
    assert (len(scifact.corpus), len(scifact.queries)) == (5183, 300)
    assert len(load_beir(SHARED / "scifact", split="train").queries) == 809
    pubmedqa = load_pubmedqa(SHARED / "pubmedqa")
    assert len(pubmedqa) == 1000
    assert len([item for item in pubmedqa if item.split == "test"]) == 500


def test_our_qa_files_pass_the_checker(capsys):
    files = [DATASETS / "dev.jsonl", DATASETS / "heldout.jsonl"]
    code = check_dataset.main([str(path) for path in files])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "0 errors" in out
    total = sum(len(load_qa_jsonl(path)) for path in files)
    assert total >= 100


def test_checker_reports_errors(tmp_path):
    corpus = {"Real Title": "We use MCTS to search. " * 3}
    items = [
        {**GOOD_ITEM, "gold_titles": ["Fake Title"]},
        {**GOOD_ITEM, "id": "dev-002", "gold_titles": ["Real Title"], "must_include": ["DPO"]},
        {**GOOD_ITEM, "id": "dev-003", "type": "unanswerable", "gold_titles": ["Real Title"]},
        {
            **GOOD_ITEM,
            "id": "dev-004",
            "question": "Do they use mcts to search we use?",
            "gold_titles": ["Real Title"],
        },
    ]
    path = write_lines(tmp_path / "qa.jsonl", [json.dumps(item) for item in items])
    report = check_dataset.check_files([path], corpus)
    text = "\n".join(report.errors)
    assert "not in corpus" in text and "'DPO'" in text and "unanswerable" in text
    assert "same question" in text  # dev-002/003 reuse dev-001's question
    assert any("dev-004" in warning for warning in report.warnings)
    assert report.counts[str(path)]["factual"] == 3


def test_read_corpus_pairs_titles_and_abstracts(tmp_path):
    header = "\n\n".join(["new", "Get trending", "Subscribe", "Daily Papers", "byAK", "Jul 30"])
    blocks = [header, "", "T1", "", "A  one.", "", "T2", "", "A two."]
    path = write_lines(tmp_path / "c.txt", blocks)
    assert check_dataset.read_corpus(path) == {"T1": "A one.", "T2": "A two."}
    write_lines(path, [header, "", "T1", "", "A one.", "", "T2"])
    with pytest.raises(CorpusError, match="pair"):
        check_dataset.read_corpus(path)
