"""A batch of questions (by id prefix) is reported apart from the rest of a report."""

from __future__ import annotations

import json

from eval.by_batch import main, split_report


def _row(id_: str, *, abstain: bool, abstained: bool, intent: str = "fact",
         key_fact: float | None = None, **more: object) -> dict[str, object]:
    return {"id": id_, "should_abstain": abstain, "abstained": abstained, "intent": intent,
            "key_fact": key_fact, **more}


def test_the_batch_and_the_rest_are_counted_apart(tmp_path, capsys):
    rows = [_row("n7-1", abstain=False, abstained=True, key_fact=0.0),
            _row("n7-2", abstain=False, abstained=False, key_fact=1.0),
            _row("n7-3", abstain=True, abstained=True),
            _row("bq-1", abstain=False, abstained=False, key_fact=1.0),
            _row("bq-2", abstain=True, abstained=False),
            _row("bl-1", abstain=False, abstained=False, intent="list", list_recall=0.5,
                 list_precision=1.0)]
    (tmp_path / "per_question.jsonl").write_text("\n".join(map(json.dumps, rows)))
    figures = split_report(tmp_path, "n7-")
    batch, rest = figures["batch"], figures["rest"]
    assert batch["false_abstention"]["k"] == 1 and batch["false_abstention"]["n"] == 2
    assert batch["unanswerable_abstained"]["rate"] == 1.0
    assert batch["key_facts"]["fact"] == {"n": 2, "mean": 0.5}
    assert rest["unanswerable_abstained"]["rate"] == 0.0
    assert rest["false_abstention"]["n"] == 1  # a list question is not counted as answerable
    assert rest["list_recall"] == 0.5 and "list_recall" not in batch
    lo, hi = batch["false_abstention"]["ci95"]
    assert lo < 0.5 < hi
    assert main([str(tmp_path)]) == 0
    assert '"prefix": "n7-"' in capsys.readouterr().out


def test_conversation_turns_are_scored_by_kind(tmp_path):
    rows = [_row("n7-cv-1#1", abstain=False, abstained=False, kind="first", correct=True),
            _row("n7-cv-1#2", abstain=False, abstained=False, kind="new_subject",
                 correct=False, leaked=True),
            _row("n7-cv-1#3", abstain=True, abstained=True, kind="unanswerable_followup",
                 correct=True)]
    (tmp_path / "per_question.jsonl").write_text("\n".join(map(json.dumps, rows)))
    batch = split_report(tmp_path, "n7-")["batch"]
    assert batch["turns_right"]["new_subject"] == {"n": 1, "rate": 0.0}
    assert batch["new_subject_leak"] == 1.0
    assert "unanswerable_abstained" not in batch  # turns are scored by kind, not pooled


def test_a_missing_or_empty_report_is_an_error_not_a_figure(tmp_path):
    assert main([str(tmp_path / "nowhere")]) == 1
    (tmp_path / "per_question.jsonl").write_text("")
    assert main([str(tmp_path)]) == 1
