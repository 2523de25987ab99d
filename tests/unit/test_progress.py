"""Progress while an answer is written: the first stage before any work, a table's skeleton
(every row, every column) before any of its cells, cells as they are composed, and the chat
rendering exactly that. Fakes: the keyword embedder and a scripted model that records prompts."""

from __future__ import annotations

from fakes import ScriptedChatModel

from assistant.events import AnswerDelta, CellFilled, Progress, TableSkeleton
from assistant.types import Answer
from ui.render import (
    PENDING_CELL,
    Pending,
    elapsed_label,
    pending_text,
    skeleton_markdown,
    streaming_markdown,
)
from ui.session import Ask, ChatSession, Writing

COMPARISON = "Compare SPHERE and rStar-Math on how they make training data"
TABLE = "Make a table of the papers that evaluate on GSM8K with their base models and results"


def _paper(assistant, words: str) -> str:
    return next(p.id for p in assistant.papers() if words in p.title)


def test_the_first_event_is_a_stage_sent_before_any_model_call_or_engine_work(make_shared):
    make_shared()  # the module's store, indexed
    model = ScriptedChatModel.make(["rStar-Math uses Monte Carlo Tree Search [1]."])
    assistant = make_shared(model, provider="scripted")
    events = assistant.stream("What does rStar-Math do?")
    first = next(events)
    assert first == Progress("finding papers")
    assert model.prompts == []
    assert assistant._engine is None  # not even the retriever is (re)built yet
    rest = list(events)
    assert model.prompts, "the model writes this answer, after the first stage"
    stages = [e.stage for e in [first, *rest] if isinstance(e, Progress)]
    assert stages[:1] == ["finding papers"] and stages.count("finding papers") == 1
    assert "writing" in stages and isinstance(rest[-1], Answer)


def test_the_engine_alone_also_sends_its_first_stage_before_the_model(make_shared):
    model = ScriptedChatModel.make(["rStar-Math uses Monte Carlo Tree Search [1]."])
    engine = make_shared(model, provider="scripted").engine
    events = engine.stream("What does rStar-Math do?")
    assert next(events) == Progress("finding papers") and model.prompts == []
    assert isinstance(list(events)[-1], Answer) and model.prompts


def _check_table_stream(events, model=None):
    """(skeleton, {(row, column): text}, first text delta, answer), checking the order: the
    skeleton before any cell, every cell once and before any text, the model only after."""
    skeleton, cells, delta, answer = None, {}, None, None
    for event in events:
        if isinstance(event, TableSkeleton):
            assert skeleton is None and not cells and delta is None
            skeleton = event
        elif isinstance(event, CellFilled):
            assert skeleton is not None, "a cell came before the table's skeleton"
            assert delta is None and (event.row, event.column) not in cells
            assert 0 <= event.row < len(skeleton.rows)
            assert 0 <= event.column < len(skeleton.columns)
            cells[(event.row, event.column)] = event.text
        elif isinstance(event, AnswerDelta) and delta is None:
            delta = event.text
        elif isinstance(event, Answer):
            answer = event
        if model is not None and delta is None:
            assert model.prompts == [], "the model was called before the table was filled"
    assert skeleton is not None and answer is not None and delta is not None
    assert len(cells) == len(skeleton.rows) * len(skeleton.columns)
    return skeleton, cells, delta, answer


def test_a_comparison_sends_every_compared_paper_as_a_row_before_any_cell(make_shared):
    model = ScriptedChatModel.make(
        ["SPHERE and rStar-Math both generate their own training data [1][2]."])
    assistant = make_shared(model, provider="scripted")
    skeleton, cells, delta, answer = _check_table_stream(assistant.stream(COMPARISON), model)
    assert model.prompts, "the summary is written after the table"
    assert list(skeleton.papers) == answer.subjects and len(skeleton.papers) == 2
    assert {_paper(assistant, "Self-Evolved Preference"),
            _paper(assistant, "rStar-Math")} == set(skeleton.papers)
    assert skeleton.columns  # the asked aspect's (its label is the understanding's business)
    # The cells as streamed, in their skeleton, are the table the answer shows, numbered alike.
    assert delta == skeleton_markdown(skeleton, cells)
    assert answer.text.startswith(delta)


def test_a_three_paper_comparison_has_three_rows_before_its_cells(make_shared):
    assistant = make_shared()
    named = {_paper(assistant, words) for words in
             ("rStar-Math", "Self-Evolved Preference", "Mobile-Agent-E")}
    events = assistant.stream("Compare rStar-Math, SPHERE and Mobile-Agent-E")
    skeleton, cells, delta, answer = _check_table_stream(events)
    assert set(skeleton.papers) == named and len(skeleton.rows) == 3
    assert [h.paper_id for h in answer.hits] == list(skeleton.papers)
    assert delta == skeleton_markdown(skeleton, cells)


def test_a_literature_table_in_the_chat_streams_its_rows_then_its_cells(make_shared):
    assistant = make_shared()
    skeleton, cells, delta, answer = _check_table_stream(assistant.stream(TABLE))
    table = answer.table
    assert table is not None
    assert list(skeleton.papers) == [row.paper_id for row in table.rows]
    assert list(skeleton.columns) == table.columns
    assert skeleton_markdown(skeleton, cells) in delta  # between the count and the footer


def test_the_chat_shows_the_stage_then_the_skeleton_then_cells_then_text():
    skeleton = TableSkeleton(columns=("Data", "Approach"), rows=("rStar-Math", "SPHERE"),
                             papers=("a", "b"))
    writing = Writing(started=10.0)
    writing.add(Progress("reading 2 papers"))
    assert writing.shown(now=12.5) == Pending("", "reading 2 papers", 2.5)
    writing.add(skeleton)
    shown = writing.shown()
    assert shown.stage == "reading 2 papers" and not shown.streamed
    assert shown.body.startswith("| Paper | Data | Approach |")
    assert "| rStar-Math | \u2026 | \u2026 |" in shown.body
    assert "| SPHERE | \u2026 | \u2026 |" in shown.body
    html = streaming_markdown(shown)  # the stage line above the skeleton
    assert html.index("Reading 2 papers\u2026") < html.index("| Paper | Data |")
    writing.add(CellFilled(1, 0, "self-generated preference pairs [2]"))
    assert "| SPHERE | self-generated preference pairs [2] | \u2026 |" in writing.shown().body
    writing.add("| Paper | Data |")  # the table's text supersedes its skeleton and the stage
    assert (writing.shown().body, writing.shown().stage) == ("| Paper | Data |", "")
    writing.add(Progress("writing"))  # a stage after text (the summary) shows under it
    html = streaming_markdown(writing.shown())
    assert html.startswith("| Paper | Data |\n\n▍") and html.index("Writing\u2026") > 10
    assert pending_text("", "", skeleton, {}).body[:7] == "| Paper" and PENDING_CELL == "\u2026"


def test_the_stage_line_says_how_long_the_answer_has_been_at_work():
    writing = Writing(started=100.0)
    assert streaming_markdown(writing.shown(now=100.2)).startswith(
        '<span class="pc-pending pc-stage" role="status">Starting\u2026')
    writing.add(Progress("finding the answer"))
    early, late = writing.shown(now=100.4), writing.shown(now=112.7)
    assert elapsed_label(early.elapsed) == "" and elapsed_label(late.elapsed) == "(12 s)"
    html = streaming_markdown(late)
    assert "Finding the answer\u2026" in html and 'pc-at-127">(12 s)</span>' in html
    # The page script counts on from the pc-at-<tenths> class; the engine's words are escaped.
    writing.add(Progress("reading <b>3</b> papers"))
    assert "<b>" not in streaming_markdown(writing.shown(now=101.0))


def test_the_answer_loop_records_the_skeleton_before_any_cell(make_shared):
    from ui.app import drain

    assistant = make_shared()
    session = ChatSession()
    session.submit(Ask(COMPARISON), 2000)
    seen = []
    for _ in drain(session, lambda _: assistant):
        if session.current is not None:
            seen.append(session.snapshot()[1])
    skeletons = [i for i, shown in enumerate(seen) if "| Paper |" in shown.body]
    first = seen[skeletons[0]]
    assert first.stage == "reading 2 papers"
    rows = [line for line in first.body.splitlines()
            if line.startswith("| ") and "Paper" not in line and "---" not in line]
    assert len(rows) == 2 and all(line.count(PENDING_CELL) == 2 for line in rows)
    assert any("[1]" in s.body and PENDING_CELL in s.body for s in seen[skeletons[0]:])
    answer = session.exchanges[-1].answer
    assert answer is not None and answer.text.startswith("| Paper |")


def test_the_latency_eval_times_the_first_stage_the_skeleton_and_the_answer(make_shared):
    from eval.answer_latency import markdown, meets, stream_timed, summarize

    assistant = make_shared()
    _, compared = stream_timed(assistant, COMPARISON)
    _, single = stream_timed(assistant, "What does rStar-Math do?")
    assert single["skeleton_s"] is None
    assert 0 <= compared["first_progress_s"] <= compared["skeleton_s"] \
        <= compared["first_token_s"] <= compared["total_s"]
    runs = [{**seconds, "prompt_tokens": 0, "completion_tokens": 0, "abstained": False}
            for seconds in (compared, single)]
    summary = summarize(runs)
    assert summary["with_skeleton"] == 1 and summary["skeleton_median_s"] == compared["skeleton_s"]
    assert meets({**summary, "total_median_s": 12.0}) == {
        "first_progress": True, "first_token": True, "total": False}
    report = markdown({"command": "x", "cpus": 2, "threads": None, "load_before": 0.5,
                       "load_after": 0.6, "providers": [{
                           "provider": "extractive", "warmup": {"startup_s": 0.1},
                           "summaries": {"comparison": summarize(runs[:1])},
                           "summary": summary}]})
    assert "| extractive | comparison | 1 |" in report and "(1 tables)" in report
    assert "first progress met" in report
