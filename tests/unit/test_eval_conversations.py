"""Conversation sets in the eval harness: history, leaks, per-kind scores; list/count metrics.

The fake assistant resolves "it" the way the engine's contract says: a turn that names a paper
is about that paper, one that names none takes the previous answer's subject papers from the
history. Variants break that contract in one way each, so every score below can fail.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant.types import ABSTAIN_SENTENCE, Answer, ChatTurn, Citation
from eval.configs import parse_config
from eval.runner import (
    check_gates,
    count_from_answer,
    detect_kind,
    load_dataset,
    parse_gates,
    run_cli,
    run_eval,
)

PAPERS = {
    "sphere": ("SPHERE: Self-Evolved Preference Optimization", "SPHERE trains on 8 math "
               "datasets and beats GPT-4o."),
    "longpo": ("LongPO: Long Context Self-Evolution", "LongPO adds a KL constraint to its "
               "objective."),
    "rstar": ("rStar-Math: Small LLMs Master Math", "rStar-Math uses Monte Carlo Tree Search."),
}
TITLE = {key: title for key, (title, _) in PAPERS.items()}


def _turn(question: str, kind: str, paper: str | None, facts: list[str]) -> dict:
    return {"question": question, "kind": kind,
            "type": "factual" if paper else "unanswerable",
            "gold_titles": [TITLE[paper]] if paper else [], "must_include": facts}


CONVERSATIONS = [
    {"id": "c1", "turns": [
        _turn("what is sphere about?", "first", "sphere", ["8 math datasets"]),
        _turn("and what does it beat?", "dependent", "sphere", ["GPT-4o"]),
        _turn("what does longpo add to its objective?", "new_subject", "longpo", ["KL"]),
        _turn("what learning rate did it use?", "unanswerable_followup", None, []),
    ]},
    {"id": "c2", "turns": [
        _turn("how does rstar search?", "first", "rstar", ["Tree Search"]),
        _turn("what does sphere beat?", "new_subject", "sphere", ["GPT-4o"]),
    ]},
]


class FakeAssistant:
    """Answers from one sentence per paper and records every history it is given.

    sticky: keeps the previous turn's papers even when a turn names a new one (a leak).
    never_abstains: answers an unknown detail from the previous subject's sentence.
    """

    def __init__(self, sticky: bool = False, never_abstains: bool = False):
        self.sticky = sticky
        self.never_abstains = never_abstains
        self.calls: list[tuple[str, list[ChatTurn]]] = []

    def papers(self) -> list[SimpleNamespace]:
        return [SimpleNamespace(id=key, title=title) for key, (title, _) in PAPERS.items()]

    def retrieve(self, question: str, k: int, mode: str = "hybrid") -> list[SimpleNamespace]:
        named = [key for key in PAPERS if key in question.lower()]
        return [SimpleNamespace(paper_id=key) for key in named + sorted(set(PAPERS) - set(named))]

    def ask(self, question: str, history: list[ChatTurn] = ()) -> Answer:
        self.calls.append((question, list(history)))
        previous = history[-1].papers if history else []
        named = [key for key in PAPERS if key in question.lower()]
        subjects = list(dict.fromkeys(previous + named)) if self.sticky and named else (
            named or previous)
        unknown = "learning rate" in question and not self.never_abstains
        if not subjects or unknown:
            return Answer(question=question, standalone_question=question, abstained=True,
                          text=ABSTAIN_SENTENCE)
        citations = [Citation(n=n, paper_id=key, title=PAPERS[key][0], quote=PAPERS[key][1],
                              support=1.0) for n, key in enumerate(subjects, start=1)]
        text = " ".join(f"{PAPERS[key][1]} [{n}]" for n, key in enumerate(subjects, start=1))
        standalone = f"{question} ({', '.join(subjects)})"
        return Answer(question=question, standalone_question=standalone, text=text,
                      citations=citations, subjects=subjects)


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def conversations(tmp_path) -> Path:
    return _write_jsonl(tmp_path / "conversations.jsonl", CONVERSATIONS)


def _run(path: Path, assistant: FakeAssistant) -> tuple[dict, dict]:
    result = run_eval(load_dataset(path), [parse_config("hybrid+extractive")],
                      lambda config: assistant)
    return result.metrics["hybrid+extractive"], {r["id"]: r for r in result.rows}


def test_conversation_file_is_detected_and_kept_in_turn_order(conversations):
    assert detect_kind(conversations) == "conversation"
    dataset = load_dataset(conversations)
    assert [i.id for i in dataset.items] == ["c1#1", "c1#2", "c1#3", "c1#4", "c2#1", "c2#2"]
    assert [i.kind for i in dataset.items][:4] == [
        "first", "dependent", "new_subject", "unanswerable_followup"]
    assert dataset.items[3].should_abstain
    limited = load_dataset(conversations, limit=1)  # whole conversations, not turns
    assert [i.conversation for i in limited.items] == ["c1"] * 4


def test_each_turn_is_asked_with_the_earlier_turns_and_their_answers_papers(conversations):
    assistant = FakeAssistant()
    metrics, rows = _run(conversations, assistant)

    history = dict(assistant.calls)
    assert history["what is sphere about?"] == []
    dependent = history["and what does it beat?"]
    assert [t.role for t in dependent] == ["user", "assistant"]
    assert dependent[0].content == "what is sphere about?"
    assert dependent[1].papers == ["sphere"]  # ChatTurn.from_answer carries the subjects
    assert len(history["what learning rate did it use?"]) == 6
    assert history["how does rstar search?"] == []  # a new conversation starts afresh

    assert rows["c1#2"]["correct"] and rows["c1#2"]["previous"] == ["what is sphere about?"]
    assert rows["c1#2"]["standalone"] == "and what does it beat? (sphere)"
    assert rows["c1#2"]["recall@10"] == 1.0  # retrieved by the standalone rewrite
    by_kind = metrics["by_kind"]
    assert list(by_kind) == ["first", "dependent", "new_subject", "unanswerable_followup"]
    assert {kind: scores["right"] for kind, scores in by_kind.items()} == {
        "first": 1.0, "dependent": 1.0, "new_subject": 1.0, "unanswerable_followup": 1.0}
    assert metrics["overall"]["new_subject_leak"] == 0.0
    assert metrics["overall"]["leak"] == 0.0


def test_without_history_a_dependent_turn_goes_wrong(conversations):
    class Forgetful(FakeAssistant):
        def ask(self, question, history=()):
            return super().ask(question, [])

    metrics, rows = _run(conversations, Forgetful())
    assert rows["c1#2"]["abstained"] and not rows["c1#2"]["correct"]
    assert metrics["by_kind"]["dependent"]["right"] == 0.0


def test_a_previous_paper_cited_on_a_new_subject_turn_is_a_leak(conversations):
    metrics, rows = _run(conversations, FakeAssistant(sticky=True))

    assert rows["c1#3"]["cited"] == ["sphere", "longpo"]
    assert rows["c1#3"]["leaked"] == ["sphere"] and rows["c1#3"]["leak"] is True
    assert rows["c2#2"]["leaked"] == ["rstar"]
    assert rows["c1#2"]["leak"] is False  # the same paper again, and it is this turn's gold
    assert metrics["by_kind"]["new_subject"]["leak"] == 1.0
    assert metrics["by_kind"]["new_subject"]["right"] == 1.0  # the facts are there all the same
    assert metrics["by_kind"]["dependent"]["leak"] == 0.0
    assert metrics["overall"]["leak"] == pytest.approx(2 / 6)


def test_an_answered_unanswerable_follow_up_is_wrong_and_leaks(conversations):
    metrics, rows = _run(conversations, FakeAssistant(never_abstains=True))

    assert rows["c1#4"]["abstained"] is False and rows["c1#4"]["correct"] is False
    assert rows["c1#4"]["leaked"] == ["longpo"]
    assert metrics["overall"]["unanswerable_followup_right"] == 0.0
    assert metrics["overall"]["unanswerable_followup_leak"] == 1.0
    assert metrics["overall"]["first_right"] == 1.0


def test_gates_and_report_name_the_turn_kinds(tmp_path, conversations, settings, monkeypatch,
                                              capsys):
    monkeypatch.setattr("eval.report.make_plots", lambda result, out_dir: [])
    out = tmp_path / "out"
    args = argparse.Namespace(
        dataset=conversations, config=["hybrid+extractive"], out=out, limit=None,
        min=["dependent_right=0.9", "unanswerable_followup_right=0.9"],
        max=["new_subject_leak=0"], no_progress=True)

    assert run_cli(args, assistants=lambda config: FakeAssistant(), settings=settings) == 0
    report = (out / "report.md").read_text()
    assert "## Conversation turns by kind" in report
    assert "| new_subject | leak | 0.000 |" in report
    assert "dependent_right" in capsys.readouterr().out

    code = run_cli(args, assistants=lambda config: FakeAssistant(sticky=True), settings=settings)
    assert code == 1
    err = capsys.readouterr().err
    assert "new_subject_leak<=0" in err and "dependent_right" not in err
    report = (out / "report.md").read_text()
    assert "leaked: sphere" in report  # the worst questions show what leaked


def test_gate_maximums_parse_and_fail_above_the_bound():
    gates = parse_gates(["new_subject_leak=0"], upper=True)
    metrics = {"c": {"overall": {"new_subject_leak": 0.25}}}
    assert check_gates(metrics, gates) == ["new_subject_leak<=0: c new_subject_leak = 0.250"]
    assert check_gates({"c": {"overall": {"new_subject_leak": 0.0}}}, gates) == []


# --- single-turn sets: intents, counts, lists -------------------------------------------

LIST_QA = [
    {"id": "l-1", "question": "how many papers use sphere or longpo?", "type": "count",
     "intent": "count", "count": 2, "gold_titles": [TITLE["sphere"], TITLE["longpo"]],
     "must_include": []},
    {"id": "l-2", "question": "which papers: rstar, sphere?", "type": "multi_paper",
     "intent": "list", "gold_titles": [TITLE["rstar"], TITLE["sphere"], TITLE["longpo"]],
     "must_include": []},
    {"id": "l-3", "question": "what is rstar about?", "type": "factual", "intent": "describe",
     "gold_titles": [TITLE["rstar"]], "must_include": ["Tree Search"]},
    {"id": "l-4", "question": "how many papers study protein folding?", "type": "count",
     "intent": "count", "count": 0, "gold_titles": [], "must_include": []},
]


class Counting(FakeAssistant):
    """States the number of papers it names, as the engine's count answers do."""

    def ask(self, question, history=()):
        answer = super().ask(question, history)
        if "how many" in question and not answer.abstained:
            answer.text = f"**{len(answer.citations)}** papers match: {answer.text}"
        return answer


def test_count_list_and_intent_metrics(tmp_path):
    path = _write_jsonl(tmp_path / "lists.jsonl", LIST_QA)
    assert detect_kind(path) == "qa"
    metrics, rows = _run(path, Counting())

    assert rows["l-1"]["count_said"] == 2 and rows["l-1"]["count_exact"] == 1.0
    assert rows["l-4"]["count_said"] == 0 and rows["l-4"]["count_exact"] == 1.0  # abstained
    assert (rows["l-2"]["list_recall"], rows["l-2"]["list_precision"]) == (
        pytest.approx(2 / 3), 1.0)
    assert "list_recall" not in rows["l-3"] and "count_exact" not in rows["l-3"]
    assert set(metrics["by_intent"]) == {"count", "list", "describe"}
    assert metrics["by_intent"]["count"]["count_exact"] == 1.0
    assert metrics["overall"]["list_recall"] == pytest.approx((1.0 + 2 / 3) / 2)
    assert "by_kind" not in metrics and "leak" not in metrics["overall"]

    class Miscounting(Counting):
        def ask(self, question, history=()):
            answer = super().ask(question, history)
            answer.text = answer.text.replace("**2**", "**3**")
            return answer

    metrics, _ = _run(path, Miscounting())
    assert metrics["by_intent"]["count"]["count_exact"] == 0.5


@pytest.mark.parametrize(("text", "abstained", "said"), [
    ("**7** papers match \u201cGSM8K\u201d:", False, 7),
    ("Among them, GPT-4o and Qwen2.5 score 12 points.", False, 12),
    ("No number here.", False, None),
    ("I can't answer that from these papers.", True, 0),
])
def test_count_from_answer(text, abstained, said):
    assert count_from_answer(text, abstained) == said


def test_a_set_without_intents_has_no_intent_breakdown(tmp_path):
    records = [{k: v for k, v in r.items() if k not in ("intent", "count")} for r in LIST_QA[1:3]]
    metrics, _ = _run(_write_jsonl(tmp_path / "plain.jsonl", records), Counting())
    assert "by_intent" not in metrics


def test_an_abstention_that_quotes_the_paper_asked_about_is_no_leak(tmp_path):
    """An unanswerable follow-up names its paper among its subjects; an abstention that quotes
    what that paper does report is right and leaks nothing, while quoting another earlier
    paper still leaks."""
    turns = [_turn("what does longpo add to its objective?", "first", "longpo", ["KL"]),
             {**_turn("what learning rate did it use?", "unanswerable_followup", None, []),
              "subjects": [TITLE["longpo"]]}]
    path = _write_jsonl(tmp_path / "c.jsonl", [{"id": "c9", "turns": turns}])

    class Quoting(FakeAssistant):
        def __init__(self, quoted: str):
            super().__init__()
            self.quoted = quoted

        def ask(self, question, history=()):
            answer = super().ask(question, history)
            if not answer.abstained:
                return answer
            quote = Citation(n=1, paper_id=self.quoted, title=PAPERS[self.quoted][0],
                             quote=PAPERS[self.quoted][1], support=1.0)
            return answer.model_copy(update={"citations": [quote]})

    _, rows = _run(path, Quoting("longpo"))
    assert rows["c9#2"]["correct"] and rows["c9#2"]["leaked"] == []
    _, rows = _run(path, Quoting("sphere"))
    assert rows["c9#2"]["leaked"] == []  # sphere was never cited earlier in this conversation
    turns.insert(0, _turn("what is sphere about?", "first", "sphere", ["8 math datasets"]))
    path = _write_jsonl(tmp_path / "c.jsonl", [{"id": "c9", "turns": turns}])
    _, rows = _run(path, Quoting("sphere"))
    assert rows["c9#3"]["leaked"] == ["sphere"]
