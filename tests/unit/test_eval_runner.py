"""The eval harness end to end on tiny datasets: keyword embedder, extractive answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.errors import ConfigError, CorpusError
from assistant.types import Answer, AnswerSentence, Citation
from eval.configs import EvalConfig, parse_config, parse_configs
from eval.judge import Judge, parse_verdict
from eval.runner import (
    EvalItem,
    check_gates,
    detect_kind,
    label_from_answer,
    load_dataset,
    parse_gates,
    run_cli,
    score_answer,
    score_retrieval,
)
from ui.cli import build_parser

RSTAR = "rStar-Math: Small LLMs Can Master Math Reasoning with Self-Evolved Deep Thinking"
MOBILE = "Mobile-Agent-E: Self-Evolving Mobile Assistant for Complex Tasks"
TINY_QA = [
    {"id": "t-1", "question": "What does rStar-Math use to guide its search at test time?",
     "type": "factual", "gold_titles": [RSTAR], "must_include": ["MCTS"], "names_method": True},
    {"id": "t-2", "question": "What does Mobile-Agent-E keep in long-term memory?",
     "type": "factual", "gold_titles": [MOBILE], "must_include": ["Tips", "Shortcuts"],
     "names_method": True},
    {"id": "t-3", "question": "Which paper evaluates protein folding on cryo-electron maps?",
     "type": "unanswerable", "gold_titles": [], "must_include": [], "names_method": False},
]


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _args(*argv: str):
    return build_parser().parse_args(["eval", *argv, "--no-progress"])


@pytest.fixture
def qa_file(tmp_path) -> Path:
    return _write_jsonl(tmp_path / "tiny.jsonl", TINY_QA)


@pytest.fixture
def no_plots(monkeypatch):
    """matplotlib costs a second per run; only the first test needs the PNGs."""
    monkeypatch.setattr("eval.report.make_plots", lambda result, out_dir: [])


@pytest.fixture
def one_assistant(make_assistant):
    """Every configuration shares one indexed assistant (modes differ per retrieve call)."""
    assistant = make_assistant()
    return lambda config: assistant


def test_tiny_qa_run_writes_every_output(tmp_path, qa_file, one_assistant, settings, capsys):
    out = tmp_path / "out"
    args = _args("--dataset", str(qa_file), "--config", "hybrid+extractive",
                 "--config", "bm25+extractive", "--out", str(out))

    code = run_cli(args, assistants=one_assistant, settings=settings)

    assert code == 0
    for name in ("metrics.json", "per_question.jsonl", "report.md", "report.html",
                 "metrics.png", "by_type.png", "latency.png"):
        assert (out / name).stat().st_size > 0, name
    metrics = json.loads((out / "metrics.json").read_text())
    assert list(metrics["configs"]) == ["hybrid+extractive", "bm25+extractive"]
    overall = metrics["configs"]["hybrid+extractive"]["overall"]
    assert overall["n"] == 3 and overall["n_answerable"] == 2
    assert overall["recall@5"] == 1.0  # both questions name their paper
    assert set(metrics["configs"]["bm25+extractive"]["by_type"]) == {"factual", "unanswerable"}
    rows = [json.loads(line) for line in (out / "per_question.jsonl").read_text().splitlines()]
    assert len(rows) == 6
    assert "Worst questions" in (out / "report.md").read_text()
    assert "hybrid+extractive" in capsys.readouterr().out


def test_scores_of_a_hand_checked_answer():
    item = EvalItem(id="x", question="q", type="factual", gold={"g": 1},
                    must_include=("MCTS", "process reward model"))
    retrieval = score_retrieval(["a", "b", "g"], item.gold, k_max=10)
    assert retrieval == {"recall@5": 1.0, "recall@10": 1.0, "mrr": pytest.approx(1 / 3),
                         "ndcg@10": pytest.approx(0.5)}  # 1/log2(4) over an ideal of 1
    answer = Answer(
        question="q", standalone_question="q", text="It searches with MCTS [1]. It is fast [2].",
        sentences=[AnswerSentence(text="It searches with MCTS.", citations=[1], supported=True),
                   AnswerSentence(text="It is fast.", citations=[2], supported=False)],
        citations=[Citation(n=1, paper_id="g", title="G", quote="MCTS", support=1.0),
                   Citation(n=2, paper_id="other", title="O", quote="fast", support=0.3)],
    )
    scores = score_answer(item, {"g"}, answer)
    assert scores["key_fact"] == 0.5
    assert scores["citation_precision"] == 0.5
    assert scores["citation_recall"] == 1.0
    assert scores["faithfulness"] == 0.5
    assert scores["cited"] == ["g", "other"]


def test_real_run_resolves_gold_titles_to_paper_ids(tmp_path, qa_file, one_assistant, settings,
                                                    no_plots):
    out = tmp_path / "out"
    run_cli(_args("--dataset", str(qa_file), "--out", str(out)), assistants=one_assistant,
            settings=settings)
    rows = {r["id"]: r for r in map(json.loads, (out / "per_question.jsonl").open())}
    assert rows["t-1"]["config"] == "hybrid+extractive"  # the default for QA sets
    assert rows["t-1"]["ranked"][0] in rows["t-1"]["gold"]
    assert rows["t-1"]["mrr"] == 1.0
    assert "recall@5" not in rows["t-3"]  # unanswerables stay out of retrieval means
    assert rows["t-3"]["should_abstain"] is True


def test_failed_gate_exits_non_zero_and_names_it(tmp_path, qa_file, one_assistant, settings,
                                                 capsys, no_plots):
    args = _args("--dataset", str(qa_file), "--out", str(tmp_path / "out"),
                 "--min", "recall@5=0.5", "--min", "key_fact=1.01", "--min", "no_such=0.1")

    code = run_cli(args, assistants=one_assistant, settings=settings)

    assert code != 0
    err = capsys.readouterr().err
    assert "key_fact>=1.01" in err and "no metric 'no_such'" in err
    assert "recall@5" not in err  # that one passed


def test_gates_parse_and_check_per_configuration():
    gates = parse_gates(["bm25:recall@10=0.9", "mrr=0.5"])
    metrics = {"bm25": {"overall": {"recall@10": 0.8, "mrr": 0.6}},
               "hybrid": {"overall": {"recall@10": 0.5, "mrr": 0.4}}}
    failures = check_gates(metrics, gates)
    assert failures == ["bm25:recall@10>=0.9: bm25 recall@10 = 0.800",
                        "mrr>=0.5: hybrid mrr = 0.400"]
    with pytest.raises(ConfigError):
        parse_gates(["recall@5"])


def test_malformed_dataset_line_names_its_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(TINY_QA[0]) + "\n\n{not json\n", encoding="utf-8")
    with pytest.raises(CorpusError) as error:
        load_dataset(path)
    assert error.value.line == 3 and "bad.jsonl, line 3" in str(error.value)

    _write_jsonl(path, [TINY_QA[0], {**TINY_QA[1], "type": "opinion"}])
    with pytest.raises(CorpusError) as error:
        load_dataset(path)
    assert error.value.line == 2


def test_no_secret_reaches_any_output(tmp_path, qa_file, make_assistant, settings, monkeypatch,
                                      no_plots):
    from fakes import ScriptedChatModel

    secret = "sk-test-FAKE0123456789abcdef"
    monkeypatch.setenv("OPENAI_API_KEY", secret)

    class LeakyModel:  # a provider error that quotes the key, as some SDKs do
        @staticmethod
        def make():
            model = ScriptedChatModel.make([])

            def fail(*args, **kwargs):
                raise RuntimeError(f"401 incorrect API key provided: {secret}")

            object.__setattr__(model, "_generate", fail)
            object.__setattr__(model, "_stream", fail)
            return model

    assistant = make_assistant(chat_model=LeakyModel.make(), provider="openai")
    out = tmp_path / "out"
    run_cli(_args("--dataset", str(qa_file), "--config", "hybrid+openai", "--out", str(out)),
            assistants=lambda config: assistant, settings=settings)

    rows = [json.loads(line) for line in (out / "per_question.jsonl").open()]
    assert any("[redacted]" in r.get("error", "") for r in rows)  # the leak was real
    for path in out.iterdir():
        assert secret.encode() not in path.read_bytes(), path.name


def test_beir_folder_is_scored_on_retrieval_only(tmp_path, make_assistant, settings, no_plots):
    folder = tmp_path / "mini"
    folder.mkdir()
    _write_jsonl(folder / "corpus.jsonl", [
        {"id": "d1", "title": "Monte Carlo tree search for math", "text": "MCTS guides search."},
        {"id": "d2", "title": "Protein folding", "text": "Cryo-EM maps of proteins."},
        {"id": "d3", "title": "Mobile agents", "text": "Agents on phones keep tips."},
    ])
    _write_jsonl(folder / "queries.jsonl", [{"id": "q1", "text": "tree search math"},
                                            {"id": "q2", "text": "protein cryo maps"}])
    (folder / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\n")
    assert detect_kind(folder) == "beir"
    assistant = make_assistant(index=False)
    assistant.index([folder])
    out = tmp_path / "out"

    code = run_cli(_args("--dataset", str(folder), "--config", "bm25+extractive",
                         "--config", "dense", "--out", str(out), "--min", "recall@100=1"),
                   assistants=lambda config: assistant, settings=settings)

    assert code == 0
    metrics = json.loads((out / "metrics.json").read_text())
    assert list(metrics["configs"]) == ["bm25", "dense"]
    assert metrics["configs"]["bm25"]["overall"]["ndcg@10"] == 1.0
    assert "key_fact" not in metrics["configs"]["bm25"]["overall"]
    assert any("retrieval only" in note for note in metrics["notes"])


def test_pubmedqa_folder_is_detected(tmp_path):
    folder = tmp_path / "pqa"
    folder.mkdir()
    _write_jsonl(folder / "corpus.jsonl", [{"id": "1", "title": "", "text": "Abstract."}])
    _write_jsonl(folder / "queries.jsonl", [
        {"id": "1", "text": "Does it?", "answer": "no", "long_answer": "No.", "split": "test"}])
    assert detect_kind(folder) == "pubmedqa"
    dataset = load_dataset(folder)
    assert dataset.items[0].label == "no" and dataset.items[0].gold == {"1": 1}


@pytest.mark.parametrize(("text", "abstained", "label"), [
    ("Yes, it does [1].", False, "yes"),
    ("The drug did not reduce mortality [1].", False, "no"),
    ("It may reduce pain, but results are inconclusive [1].", False, "maybe"),
    ("Mortality fell by 20% [1].", False, "yes"),
    ("I can't answer that from these papers.", True, "maybe"),
])
def test_pubmedqa_labels_from_answers(text, abstained, label):
    assert label_from_answer(text, abstained) == label


def test_configs_parse_and_apply(settings):
    assert parse_config("hybrid+extractive") == EvalConfig("hybrid", "extractive")
    assert parse_config("extractive") == EvalConfig("hybrid", "extractive")
    assert parse_config("BM25").answers is False
    assert [c.name for c in parse_configs([], ("bm25", "dense"))] == ["bm25", "dense"]
    applied = parse_config("bm25+local").apply(settings)
    assert applied.retrieval.dense_weight == 0.0 and applied.llm.provider == "local"
    assert parse_config("dense").mode == "dense"
    for bad in ("bm25+dense", "fast", "extractive+local"):
        with pytest.raises(ConfigError):
            parse_config(bad)


def test_judge_calls_are_cached_on_disk(tmp_path):
    from fakes import ScriptedChatModel

    model = ScriptedChatModel.make(["SCORE: 2\nStates MCTS."])
    judge = Judge(model, "scripted", tmp_path / "judge")
    first = judge.grade("q", "Key facts: MCTS", "It uses MCTS.")
    again = Judge(model, "scripted", tmp_path / "judge").grade("q", "Key facts: MCTS",
                                                              "It uses MCTS.")
    assert (first.score, first.cached) == (2, False)
    assert (again.score, again.cached) == (2, True)  # the script is empty: no second call
    assert parse_verdict("1 - partly right") == (1, "partly right")
    assert parse_verdict("no idea")[0] is None


def test_judge_grades_answered_questions_and_decides_correctness(tmp_path, qa_file,
                                                                 one_assistant):
    from fakes import ScriptedChatModel

    from eval.runner import run_eval

    judge = Judge(ScriptedChatModel.make(["SCORE: 1\nHalf of it."] * 5), "scripted",
                  tmp_path / "judge")
    result = run_eval(load_dataset(qa_file), [parse_config("hybrid+extractive")], one_assistant,
                      judge=judge)

    rows = {r["id"]: r for r in result.rows}
    answered = [r for r in rows.values() if not r["should_abstain"] and not r["abstained"]]
    assert answered and all(r["judge"] == 1 and r["correct"] is False for r in answered)
    assert "judge" not in rows["t-3"]  # unanswerables are scored by their abstention alone
    assert result.metrics["hybrid+extractive"]["overall"]["judge"] == 1.0


def test_retrieval_bench_scores_each_mode(qa_file, one_assistant):
    from eval.retrieval_bench import format_table, score_run

    dataset = load_dataset(qa_file)
    assistant = one_assistant(parse_config("bm25"))
    rows = {mode: score_run(assistant, dataset, mode) for mode in ("lexical", "hybrid")}

    assert rows["lexical"]["queries"] == 2  # the unanswerable question is left out
    assert rows["hybrid"]["recall@100"] == 1.0
    assert "| hybrid | 1.000 |" in format_table(rows, "mode")
