"""The fitting steps of eval.calibrate on small made-up data: each can pick wrongly."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from assistant.comparison import CellWeights, TableBuilder
from assistant.types import Chunk, Hit, Sentence
from eval.calibrate import (
    _middle_of_best,
    batch_of,
    by_batch_rates,
    choose_l2,
    choose_threshold,
    cross_validate,
    folds_of,
    nested_rates,
    out_of_fold_scores,
    subject_group,
    unstable,
    weight_spread,
)
from eval.fit_comparison import Case, capture, fit_sentence_model, folds, where_missed


def _idf(word: str) -> float:
    return 2.0


def _hit(paper_id: str, sentences: list[str]) -> Hit:
    spans, text = [], ""
    for i, s in enumerate(sentences):
        start = len(text) + (1 if text else 0)
        text = f"{text} {s}" if text else s
        spans.append(Sentence(index=i, text=s, start=start, end=start + len(s)))
    title = f"{paper_id.title()}: A Paper"
    chunk = Chunk(id=f"{paper_id}#0", paper_id=paper_id, ordinal=0, title=title, text=text,
                  sentences=spans, token_count=len(text.split()), paper_hash=paper_id)
    return Hit(paper_id=paper_id, title=title, url="", score=1.0, chunk=chunk)


def _row(name: str, part: str) -> Hit:
    """The aspect's word is in the background sentence; the key fact, a part only this paper
    names, is in a later one that never writes the aspect's word."""
    return _hit(name.lower(), [
        "Current methods depend on costly supervision from human annotators.",
        f"We introduce {name}, a framework for small models.",
        f"{name} trains a {part} from its own rollouts.",
        f"{name} reports its results on several benchmarks."])


class _Alike:
    """An embedder that finds every text on the aspect: only the other signals decide."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] for _ in texts]


class _Engine:
    def table_builder(self, weights: CellWeights | None = None) -> TableBuilder:
        return TableBuilder(_idf, _Alike(), weights or CellWeights())


_PARTS = {"Zephyrus": "Step Ranking Model (SRM)", "Borealis": "Hint Recipe Store (HRS)",
          "Aurora": "Plan Critic Network (PCN)", "Nimbus": "Goal Memory Bank (GMB)"}


def _cases() -> list[Case]:
    rows = {name: _row(name, part) for name, part in _PARTS.items()}
    pairs = [("Zephyrus", "Borealis"), ("Aurora", "Nimbus"), ("Zephyrus", "Aurora")]
    return [Case(f"how do {a} and {b} get supervision", [_PARTS[a].split(" (")[0],
                                                        _PARTS[b].split(" (")[0]], "",
                 [rows[a], rows[b]], {"supervision": "supervision"}, {})
            for a, b in pairs]


def test_the_fitted_sentence_model_picks_the_sentence_with_the_fact_not_the_asked_word():
    cases = _cases()
    engine = _Engine()
    before = engine.table_builder().choose(cases[0].rows or [], {"supervision": "supervision"}, 1)
    assert before == [[[0]], [[0]]]  # the unfitted weights follow the question's word
    weights = fit_sentence_model(engine, cases, CellWeights())
    assert weights.sentence["apart_terms"] > 0 and weights.sentence["background"] < 0
    after = engine.table_builder(weights).choose(cases[0].rows or [],
                                                 {"supervision": "supervision"}, 1)
    assert after == [[[2]], [[2]]]


def test_capture_keeps_a_table_answer_s_inputs_and_only_the_text_of_any_other():
    rows = [_row("Zephyrus", "ranker"), _row("Borealis", "store")]
    answers = {"compare": SimpleNamespace(text="| Paper | Supervision |", hits=rows),
               "describe": SimpleNamespace(text="Zephyrus trains a ranker.", hits=rows[:1])}
    plans = {"compare": SimpleNamespace(intent="comparison", aspects=["supervision"],
                                        subject_names={"zephyrus": "Zephyrus"}),
             "describe": SimpleNamespace(intent="describe", aspects=[], subject_names={})}
    engine = SimpleNamespace(answer=answers.__getitem__, plan=plans.__getitem__)
    table, other = capture(engine, [("compare", ["ranker"]), ("describe", ["ranker"])])
    assert table.rows == rows and table.aspects and "supervision" in table.aspects
    assert table.names == {"zephyrus": "Zephyrus"}
    assert other.rows is None and other.text == "Zephyrus trains a ranker."


def test_shipped_comparison_weights_of_an_older_version_leave_its_unknown_keys_out():
    weights = CellWeights.from_json({"own_work": 0.1, "roomy_columns": 2, "bias": -1.0})
    assert weights.roomy_columns == 2 and weights.bias == -1.0
    assert CellWeights.from_json(weights.to_json()) == weights


def test_out_of_fold_scores_are_reproducible_and_unseen_questions_score_less_cleanly():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 5))
    y = (x[:, 0] + rng.normal(scale=1.5, size=200) > 0).astype(float)
    ids = [f"q{i}" for i in range(200)]
    first, again = out_of_fold_scores(x, y, ids), out_of_fold_scores(x, y, ids)
    assert np.array_equal(first, again)
    threshold, rates = choose_threshold(first, y, 0.05)
    assert rates["false_abstention"] <= 0.05
    assert 0.0 < rates["abstain_recall"] < 1.0  # noisy labels: no threshold separates them


def test_the_sentence_fit_prefers_key_facts_but_not_past_the_length_limit():
    from assistant.composers.extractive import SentenceWeights, compose_extractive
    from assistant.types import Evidence, QuestionPlan
    from eval.fit_extractive import MAX_MEDIAN_WORDS, Prepared, fit_sentences

    long = " ".join(["filler"] * (MAX_MEDIAN_WORDS // 2))
    texts = ["FooNet stores tips in a long-term memory.",
             f"It also writes shortcuts, {long}.",  # says it in other words: meaning finds it
             f"It reaches 48% with memory, {long}."]
    evidence = [Evidence(n=i + 1, paper_id="foo", title="FooNet", chunk_id="foo#0", text=t,
                         start=0, end=len(t)) for i, t in enumerate(texts)]
    plan = QuestionPlan(question="How does FooNet store what it learns?", standalone="q",
                        intent="fact", subjects=["foo"], topic_terms=["store", "memori"],
                        focus_terms=["store", "memori"])
    item = Prepared(plan, evidence, [0.9, 0.95, 0.1], ["long-term memory", "shortcuts"], {})
    weights, score = fit_sentences([item], idf=lambda term: 1.0)
    assert score == 1.0 and SentenceWeights().meaning < weights.meaning
    answer = compose_extractive(plan, evidence, lambda term: 1.0, weights=weights,
                                meaning=lambda q, t: item.cosines)
    assert "48%" not in answer  # all three sentences would pass the length limit


def test_the_two_fold_check_keeps_questions_on_the_same_papers_in_one_fold():
    questions = [f"q{i}" for i in range(6)]
    groups = {"q0": "A|B", "q1": "A|B", "q2": "C|D", "q3": "C|D", "q4": "E|F", "q5": "G|H"}
    fold = folds(questions, groups)
    assert fold == folds(questions, groups)  # reproducible
    assert fold[0] == fold[1] and fold[2] == fold[3]  # paper sets, not questions, are split
    assert set(fold) == {0, 1}


def test_a_missed_key_fact_is_told_apart_by_where_it_is_lost():
    case = _cases()[0]
    case.facts = ["Step Ranking Model", "costly supervision", "Hint Recipe Store", "Nowhere"]
    kinds = where_missed(_Engine(), case, CellWeights(apart_terms=0, roomy_columns=0))
    # The unfitted weights quote the background sentence (it writes the asked word).
    assert kinds["costly supervision"] == "cell"
    assert kinds["Step Ranking Model"] == "not chosen"
    assert kinds["Nowhere"] == "not written"
    other = Case("q", ["ranker", "store"], "Zephyrus trains a ranker.")
    assert where_missed(_Engine(), other, CellWeights()) == {"ranker": "cell",
                                                             "store": "no table"}


def _by_paper(papers: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Questions on `papers` papers; signal 0 says answerability for every paper, signal 1 is a
    quirk of each paper's wording: it separates the classes only within a paper."""
    rng = np.random.default_rng(seed)
    rows, labels, groups = [], [], []
    for paper in range(papers):
        quirk = rng.normal(scale=3.0)  # where this paper's wording puts signal 1
        for _ in range(8):
            answerable = rng.random() < 0.7
            general = (1.0 if answerable else -1.0) + rng.normal(scale=1.2)
            wording = quirk + (0.6 if answerable else -0.6) + rng.normal(scale=0.2)
            rows.append([general, wording])
            labels.append(1.0 if answerable else 0.0)
            groups.append(f"paper{paper}")
    return np.array(rows), np.array(labels), groups


def test_folds_by_paper_keep_every_paper_on_one_side():
    _, _, groups = _by_paper()
    fold = folds_of(groups)
    for paper in set(groups):
        assert len({fold[i] for i, g in enumerate(groups) if g == paper}) == 1
    assert len(set(fold)) == 5


def test_folds_by_paper_show_what_folds_by_question_hide():
    from eval.calibrate import log_loss

    x, y, groups = _by_paper()
    ids = [f"q{i}" for i in range(len(y))]
    by_question = log_loss(out_of_fold_scores(x, y, ids), y)
    by_paper = log_loss(out_of_fold_scores(x, y, groups), y)
    assert by_paper > by_question  # unseen papers score less cleanly than unseen questions


def test_a_signal_that_only_helps_within_a_paper_is_reported_unstable():
    x, y, groups = _by_paper()
    spread = weight_spread(cross_validate(x, y, groups).weights, ["general", "wording"])
    assert spread["general"][0] > 0  # positive in every fold
    assert unstable({"general": [1.0, 1.4], "wording": [-0.3, 0.5]}) == ["wording"]
    assert unstable({"steady": [0.8, 1.2], "swinging": [0.1, 1.5]}) == ["swinging"]


def test_the_nested_estimate_re_chooses_the_threshold_without_the_measured_papers():
    x, y, groups = _by_paper(papers=15)
    rates = nested_rates(x, y, groups, 0.05)
    assert 0.0 < rates["abstain_recall"] < 1.0
    # Not bounded by the target: the threshold was not picked on the questions measured.
    assert 0.0 <= rates["false_abstention"] <= 0.5


def test_a_batch_in_new_wording_is_measured_by_a_fit_on_the_other_batches():
    # Two authors' batches: signal 0 says answerability in both; signal 1 only in the way the
    # first author writes (the second author's answerable questions score low on it).
    rng = np.random.default_rng(3)
    rows, labels, ids, groups = [], [], [], []
    for batch, shift in (("old", 0.0), ("new", -2.5)):
        for i in range(200):
            answerable = rng.random() < 0.6
            general = (1.0 if answerable else -1.0) + rng.normal(scale=0.8)
            wording = (1.5 + shift if answerable else -1.5) + rng.normal(scale=0.5)
            rows.append([general, wording])
            labels.append(1.0 if answerable else 0.0)
            ids.append(f"{batch}-{i}")
            groups.append(f"{batch}-paper{i % 20}")
    x, y = np.array(rows), np.array(labels)
    assert batch_of("n7-un-026") == "n7" and batch_of("cv-003#3") == "cv"
    both = by_batch_rates(x, y, ids, groups, 0.05)
    general = by_batch_rates(x[:, :1], y, ids, groups, 0.05)
    # Fitted on the old batch, the wording signal abstains on the new batch's answerable
    # questions far beyond the 5% it was fitted to; the general signal alone does not.
    assert both["new"]["false_abstention"] > 0.3
    assert general["new"]["false_abstention"] < 0.15
    assert set(both) == {"old", "new"} and both["new"]["n"] == 200
    first = int(np.argmax(y))  # one answerable question in a batch of its own
    lone = by_batch_rates(x, y, [*ids[:first], "lone-0", *ids[first + 1:]], groups, 0.05)
    assert "abstain_recall" not in lone["lone"] and "false_abstention" in lone["lone"]


def test_the_l2_strength_is_chosen_on_papers_the_fit_has_not_seen():
    x, y, groups = _by_paper(papers=20)
    noisy = np.hstack([x, np.random.default_rng(1).normal(size=(len(y), 30))])
    assert choose_l2(noisy, y, groups, grid=(0.0, 0.3)) == 0.3  # 30 noise signals: pull in
    assert choose_l2(x[:, :1], y, groups, grid=(0.0, 3.0)) == 0.0  # one true signal: don't


def test_a_question_is_grouped_by_the_paper_it_is_about():
    from eval.loaders import QAItem

    def item(**fields: object) -> QAItem:
        return QAItem.model_validate({"id": "q", "question": "?", "type": "factual",
                                      "gold_titles": [], "must_include": [], **fields})

    assert subject_group(item(subjects=["A paper"], gold_titles=["B paper"])) == "A paper"
    assert subject_group(item(gold_titles=["B paper"])) == "B paper"
    assert subject_group(item(type="unanswerable", why="off_topic")) == "why:off_topic"
    assert subject_group(item()) == "q"


def test_the_list_floor_and_threshold_are_the_middle_of_the_best_not_its_edge():
    """Floors 0.25 to 0.45 all keep the dev lists right: an unseen list falls anywhere in that
    gap, so 0.35 is taken, not 0.25; then the middle of that floor's best thresholds."""
    grid = {(floor, threshold): 0.9 for floor in (0.25, 0.3, 0.35, 0.4, 0.45)
            for threshold in (0.6, 0.61, 0.62)}
    grid.update({(0.0, 0.6): 0.8, (0.5, 0.6): 0.85, (0.35, 0.7): 0.7})
    assert _middle_of_best(grid) == (0.35, 0.61)


def test_the_describe_fit_brings_the_result_sentence_when_key_facts_sit_there():
    from assistant.composers.extractive import SentenceWeights
    from assistant.types import Evidence, QuestionPlan
    from eval.fit_extractive import Prepared, fit_sentences

    texts = ["Agents forget.", "We propose FooNet, an agent.", "It plans first.",
             "It acts second.", "It reflects third.", "FooNet outperforms baselines on WebBench."]
    evidence = [Evidence(n=i + 1, paper_id="foo", title="FooNet", chunk_id="foo#0", text=t,
                         start=0, end=len(t)) for i, t in enumerate(texts)]
    plan = QuestionPlan(question="what is FooNet", standalone="what is FooNet",
                        intent="describe", subjects=["foo"])
    item = Prepared(plan, evidence, [0.5] * len(texts), ["FooNet, an agent", "WebBench"], {})
    weights, _ = fit_sentences([item], idf=lambda term: 1.0, base=SentenceWeights(),
                               grid=False)
    assert weights.result > 0.0 and weights.describe_sentences == 3  # no longer than needed
