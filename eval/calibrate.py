"""Fit the answerability decision and the list threshold on labelled dev questions.

    .venv/bin/python -m eval.calibrate            # writes assistant/data/answerability.json
    .venv/bin/python -m eval.calibrate --check    # refits and compares with the shipped file

Dev files only (the held-out files are never read here). Every question goes through the
product's own stages: `understand` -> retrieval -> the answerability signals, with conversation
turns asked after their earlier turns (and the extractive answers) as history. A logistic
regression on the signals gives the score; the threshold is the one that abstains on the most
unanswerable questions while abstaining on at most `--max-false` of the answerable ones, on
out-of-fold scores with folds by the paper asked about (new questions are about other papers,
in other words), and the L2 strength is the one with the lowest grouped out-of-fold log-loss.
The fit block reports folds by question beside folds by paper, the whole procedure re-run per
fold of papers (`by_paper_nested`: what held-out questions should see), the same per batch
of questions fitted on the other batches (`by_batch`: an author's wording the fit has not
seen), and each signal's weight range over the folds. For
lists decided by text, a logistic regression over each paper's signals gives the
qualification score, and its threshold is the one with the best mean F1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answerability import CALIBRATION_FILE, FEATURES, Calibration
from assistant.composers.collection import (
    TEXT_FEATURES,
    ListCalibration,
    facet_names,
    qualify,
    text_evidence,
)
from assistant.types import ChatTurn
from eval.fit_comparison import comparison_items, fit_cells
from eval.fit_extractive import fit_sentences, prepare
from eval.fit_sides import collect as collect_sides
from eval.fit_sides import decisions as side_decisions
from eval.fit_sides import fit as fit_sides
from eval.loaders import QAItem, is_conversation_file, load_conversations, load_qa_jsonl

ROOT = Path(__file__).resolve().parent.parent
DEV_FILES = (
    "eval/datasets/dev.jsonl",
    "eval/datasets/blind/answerable_dev.jsonl",
    "eval/datasets/blind/unanswerable_dev.jsonl",
    "eval/datasets/blind/lists_dev.jsonl",
    "eval/datasets/blind/conversations_dev.jsonl",
)
OUTPUT = ROOT / "assistant" / "data" / CALIBRATION_FILE
SINGLE_INTENTS = ("describe", "fact", "which_paper")


@dataclass
class Sample:
    id: str
    answerable: bool
    signals: dict[str, float]
    group: str = ""  # the paper it is about: grouped folds keep a paper's questions together
    named: bool = False  # the question names a paper of the collection


def subject_group(item: QAItem) -> str:
    """The paper a question is about, for grouped folds: its (first) subject, else its first
    gold paper. Questions about no paper of the collection are grouped by why they cannot be
    answered (an off-topic request, a paper the collection lacks), as their author wrote them
    in runs; other questions stand alone."""
    papers = item.subjects or item.gold_titles
    if papers:
        return papers[0]
    return f"why:{item.why}" if item.why else item.id


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 4000,
                 rate: float = 0.5) -> tuple[np.ndarray, float]:
    """Weights and bias by gradient descent on the mean log-loss with a small L2 penalty.

    Classes are weighted equally, so the larger class does not decide the slope alone.
    """
    n, d = x.shape
    w = np.zeros(d)
    b = 0.0
    positive = y.sum()
    weight = np.where(y == 1, n / (2 * max(positive, 1)), n / (2 * max(n - positive, 1)))
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        error = (p - y) * weight
        w -= rate * (x.T @ error / n + l2 * w)
        b -= rate * error.mean()
    return w, float(b)


L2_GRID = (0.003, 0.01, 0.03, 0.1, 0.3)


def folds_of(keys: Sequence[str], folds: int = 5) -> np.ndarray:
    """A fold per key by a hash of it, so the split is the same on every run; questions that
    share a key (a paper) share a fold."""
    return np.array([int(hashlib.sha256(k.encode()).hexdigest(), 16) % folds for k in keys])


@dataclass
class CrossValidation:
    """Each question's score from a model fitted without its fold, and each fold's weights."""

    scores: np.ndarray
    weights: list[np.ndarray]


def cross_validate(x: np.ndarray, y: np.ndarray, keys: Sequence[str], folds: int = 5,
                   l2: float = 0.01) -> CrossValidation:
    """Out-of-fold scores with folds by `keys`: by question id, or by the paper asked about.

    By id, questions on the same paper (often in the same wording) sit on both sides of a
    split and the score flatters the model; new questions come about other papers, in other
    words, which is what folds by paper measure."""
    fold = folds_of(keys, folds)
    scores = np.zeros(len(y))
    weights = []
    for k in range(folds):
        held = fold == k
        if not held.any() or held.all():
            continue
        w, b = fit_logistic(x[~held], y[~held], l2)
        weights.append(w)
        scores[held] = 1 / (1 + np.exp(-(x[held] @ w + b)))
    return CrossValidation(scores, weights)


def out_of_fold_scores(x: np.ndarray, y: np.ndarray, keys: Sequence[str], folds: int = 5,
                       l2: float = 0.01) -> np.ndarray:
    """Each question's score from a model fitted without its fold (see `cross_validate`). A
    threshold chosen on in-sample scores is optimistic: the model has seen those questions,
    and new ones score less cleanly."""
    return cross_validate(x, y, keys, folds, l2).scores


def log_loss(scores: np.ndarray, y: np.ndarray) -> float:
    """Mean log-loss with both classes weighted equally (as `fit_logistic` weighs them)."""
    p = np.clip(scores, 1e-6, 1 - 1e-6)
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float((losses[y == 1].mean() + losses[y == 0].mean()) / 2)


def choose_l2(x: np.ndarray, y: np.ndarray, groups: Sequence[str],
              grid: Sequence[float] = L2_GRID) -> float:
    """The L2 strength whose grouped out-of-fold log-loss is lowest: how strongly to pull the
    weights in is decided on papers the fit has not seen."""
    return min(grid, key=lambda l2: log_loss(out_of_fold_scores(x, y, groups, l2=l2), y))


def nested_rates(x: np.ndarray, y: np.ndarray, groups: Sequence[str], max_false: float,
                 l2: float = 0.01, forced: np.ndarray | None = None) -> dict[str, float]:
    """What the whole procedure (fit, then a threshold from grouped out-of-fold scores) does
    on papers it has not seen: per fold of papers, both are chosen on the other folds alone
    and applied to this one. This, not the rates at the chosen threshold, predicts held-out
    questions: there the threshold was picked on the very scores it is measured on."""
    forced = np.zeros(len(y), dtype=bool) if forced is None else forced
    keys = np.array(groups)
    fold = folds_of(groups)
    abstains = np.zeros(len(y), dtype=bool)
    for k in np.unique(fold):
        held = fold == k
        rest = ~held
        inner = out_of_fold_scores(x[rest], y[rest], [f"inner:{g}" for g in keys[rest]], l2=l2)
        threshold, _ = choose_threshold(inner, y[rest], max_false, forced[rest])
        w, b = fit_logistic(x[rest], y[rest], l2)
        abstains[held] = (1 / (1 + np.exp(-(x[held] @ w + b))) < threshold) | forced[held]
    return _rates(abstains, y)


def batch_of(question_id: str) -> str:
    """The batch a dev question came in, from its id's prefix ("n7-un-026" -> "n7", "bu-001"
    -> "bu"): each batch was written by one author at one time, in their own wording."""
    return question_id.split("-", 1)[0].split("#", 1)[0]


def by_batch_rates(x: np.ndarray, y: np.ndarray, ids: Sequence[str], groups: Sequence[str],
                   max_false: float, l2: float = 0.01, forced: np.ndarray | None = None
                   ) -> dict[str, dict[str, float]]:
    """Per batch of questions: the whole procedure (fit, then a threshold from grouped
    out-of-fold scores) run on the other batches alone and applied to this one. Folds by paper
    still share authors, and an author's wording with them; a held-out batch is new wording,
    as held-out questions are, so a batch far below the others says the signals lean on how
    the dev authors write."""
    forced = np.zeros(len(y), dtype=bool) if forced is None else forced
    batches = np.array([batch_of(i) for i in ids])
    keys = np.array(groups)
    out: dict[str, dict[str, float]] = {}
    for batch in sorted(set(batches)):
        held = batches == batch
        rest = ~held
        if len(set(y[rest])) < 2:
            continue
        inner = out_of_fold_scores(x[rest], y[rest], list(keys[rest]), l2=l2)
        threshold, _ = choose_threshold(inner, y[rest], max_false, forced[rest])
        w, b = fit_logistic(x[rest], y[rest], l2)
        abstains = (1 / (1 + np.exp(-(x[held] @ w + b))) < threshold) | forced[held]
        rates = _rates(abstains, y[held])
        # A batch of answerable questions only has a false abstention and no recall.
        present = {"abstain_recall": (y[held] == 0).any(), "false_abstention": y[held].any()}
        out[str(batch)] = {"n": int(held.sum()), "n_unanswerable": int((y[held] == 0).sum()),
                           **{k: v for k, v in rates.items() if present[k]}}
    return out


def _rates(abstains: np.ndarray, y: np.ndarray) -> dict[str, float]:
    return {"abstain_recall": round(float(abstains[y == 0].mean()), 4) if (y == 0).any() else 0.0,
            "false_abstention": round(float(abstains[y == 1].mean()), 4) if y.any() else 0.0}


def weight_spread(weights: Sequence[np.ndarray], names: Sequence[str]
                  ) -> dict[str, list[float]]:
    """Each signal's smallest and largest weight over the folds: a signal whose weight
    changes sign, or swings by more than its own size, is fitted to the questions, not to
    what answerability is."""
    stacked = np.array(weights)
    return {name: [round(float(stacked[:, i].min()), 3), round(float(stacked[:, i].max()), 3)]
            for i, name in enumerate(names)}


def unstable(spread: dict[str, list[float]]) -> list[str]:
    """The signals whose fold weights change sign or differ by more than their mean."""
    return [name for name, (low, high) in spread.items()
            if low < 0 < high or high - low > abs(low + high) / 2]


def choose_threshold(scores: np.ndarray, answerable: np.ndarray, max_false: float,
                     forced: np.ndarray | None = None) -> tuple[float, dict[str, float]]:
    """The highest-recall threshold whose false abstention stays within `max_false`
    (`forced`: questions abstained on anyway, by the outside-the-collection rule)."""
    best = (0.0, {"abstain_recall": 0.0, "false_abstention": 0.0})
    forced = np.zeros(len(scores), dtype=bool) if forced is None else forced
    for threshold in np.unique(np.concatenate([scores, [0.0]])):
        abstains = (scores < threshold) | forced
        false = abstains[answerable == 1].mean() if answerable.any() else 0.0
        recall = abstains[answerable == 0].mean() if (answerable == 0).any() else 0.0
        if false <= max_false and recall >= best[1]["abstain_recall"]:
            best = (float(threshold), {"abstain_recall": float(recall),
                                       "false_abstention": float(false)})
    return best


def _items(path: Path) -> list[tuple[QAItem, list[QAItem]]]:
    """(item, earlier turns of its conversation) for every question of a dev file."""
    if is_conversation_file(path):
        out: list[tuple[QAItem, list[QAItem]]] = []
        for conversation in load_conversations(path):
            turns = conversation.items()
            out.extend((turn, turns[:i]) for i, turn in enumerate(turns))
        return out
    return [(item, []) for item in load_qa_jsonl(path)]


def collect(assistant: Any, files: Sequence[Path],
            keep: Callable[[Sample, Any, list[Any]], None] | None = None
            ) -> tuple[list[Sample], list[tuple[Any, set]]]:
    """Signals of every single-paper dev question, and the plans of every list question.

    `keep(sample, plan, hits)`, when given, sees each single-paper question's plan and hits
    too (an experiment that adds a signal needs the evidence the signals were computed on)."""
    engine = assistant.engine
    titles = {p.title: p.id for p in assistant.papers()}
    samples: list[Sample] = []
    lists: list[tuple[Any, set]] = []
    answers: dict[str, Any] = {}
    for path in files:
        for item, earlier in _items(path):
            history: list[ChatTurn] = []
            for turn in earlier:
                answer = answers.get(turn.id) or engine.answer(turn.question, history)
                answers[turn.id] = answer
                history += [ChatTurn(role="user", content=turn.question),
                            ChatTurn.from_answer(answer)]
            plan = engine.plan(item.question, history)
            gold = {titles[t] for t in item.gold_titles if t in titles}
            if plan.intent in ("list", "count"):
                if item.collection_wide:
                    lists.append((plan, gold))
                continue
            if plan.intent not in SINGLE_INTENTS:
                continue
            hits, verdict = engine.assess(plan)
            samples.append(Sample(item.id, item.answerable, verdict.signals,
                                  subject_group(item), bool(plan.subjects)))
            if keep is not None:
                keep(samples[-1], plan, hits)
    return samples, lists


def fit_lists(assistant: Any, lists: list[tuple[Any, set]]) -> tuple[ListCalibration, float]:
    """The list qualification score and threshold with the best mean F1 over the dev lists.

    Lists decided by the stored facets take no score. For the others, every considered paper
    gives one row of signals (TEXT_FEATURES), labelled by whether it is in the gold list; a
    logistic regression weighs the signals, and the threshold on its score is the one with the
    best mean F1 per list (a list with no gold paper scores 1 when nothing qualifies)."""
    retriever = assistant.retriever
    engine = assistant.engine
    rows: list[tuple[int, bool, list[float]]] = []  # (list, in gold, signals)
    covered: list[float] = []  # per text-decided list: the best paper's coverage
    decided: list[tuple[set, set]] = []  # (found, gold) for the lists facets decide
    text_lists: list[set] = []
    for plan, gold in lists:
        if facet_names(plan, retriever.papers):
            found, _ = qualify(plan, retriever.papers, retriever.abstract_chunks,
                               retriever.idf, ListCalibration(), retriever.knows)
            decided.append(({q.paper_id for q in found}, gold))
            continue
        evidence = text_evidence(plan, retriever.papers, retriever.abstract_chunks,
                                 retriever.idf, retriever.knows, engine.meaning)
        for paper_id, row in evidence.items():
            if plan.scope and paper_id not in plan.scope:
                continue  # a list asked of chosen papers keeps only them
            rows.append((len(text_lists), paper_id in gold,
                         [row.features[f] for f in TEXT_FEATURES]))
        text_lists.append(gold)
        covered.append(max((r.features["coverage"] for r in evidence.values()), default=0.0))
    if not rows:
        return ListCalibration(), 0.0
    x = np.array([r[2] for r in rows])
    y = np.array([1.0 if r[1] else 0.0 for r in rows])
    w, b = fit_logistic(x, y)
    weights = {f: round(float(v), 4) for f, v in zip(TEXT_FEATURES, w, strict=True)}
    fitted = ListCalibration(weights=weights, bias=round(b, 4))
    scores = np.array([fitted.score(dict(zip(TEXT_FEATURES, r[2], strict=True))) for r in rows])
    fixed = [_f1(found, gold) for found, gold in decided]
    members = [[i for i, r in enumerate(rows) if r[0] == which] for which in range(len(text_lists))]
    grid: dict[tuple[float, float], float] = {}  # (floor, threshold) -> mean F1
    for floor in np.arange(0.0, 0.61, 0.05):
        for threshold in np.arange(0.05, 0.96, 0.01):
            f1s = list(fixed)
            for which, gold in enumerate(text_lists):
                open_ = covered[which] >= floor
                got = {i for i in members[which] if open_ and scores[i] >= threshold}
                want = {i for i in members[which] if rows[i][1]}
                f1s.append(_f1(got, want) if gold or got else 1.0)
            grid[(round(float(floor), 2), round(float(threshold), 2))] = \
                float(np.mean(f1s)) if f1s else 0.0
    floor, threshold = _middle_of_best(grid)
    return ListCalibration(weights=weights, bias=round(b, 4), threshold=threshold,
                           min_coverage=floor), grid[(floor, threshold)]


def _middle_of_best(grid: dict[tuple[float, float], float]) -> tuple[float, float]:
    """The floor, then the threshold, in the middle of the values that score best, not at the
    lowest of them: dev lists leave a gap between the lists that should stay empty and those
    that should not, and the edge of that gap is where an unseen list falls on the wrong side
    (fitted on four fifths of the dev text lists and scored on the rest, the middle raised
    their precision from 0.92 to 0.95 at the same recall)."""
    best = max(grid.values())
    tops = [key for key, score in grid.items() if score >= best - 1e-9]
    floors = sorted({floor for floor, _ in tops})
    floor = floors[len(floors) // 2]
    thresholds = sorted(t for f, t in tops if f == floor)
    return floor, thresholds[len(thresholds) // 2]


def _close(a: Any, b: Any, tolerance: float = 1e-3) -> bool:
    """Whether two fitted values (numbers, or dicts of them) agree within `tolerance`."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k], tolerance) for k in a)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= tolerance
    return bool(a == b)


def _f1(got: set, gold: set) -> float:
    if not got and not gold:
        return 1.0
    return 2 * len(got & gold) / (len(got) + len(gold))


def dev_index(names: Sequence[str | Path], cache: Path | None) -> tuple[Any, list[Path]]:
    """The extractive assistant on the index `paperchat eval --cache` answers from (brought up
    to date: facets, sentence vectors), not the user's own, and the dev files resolved from
    the repo root. Fitted on one index and measured on another, the list score was fitted on
    lists decided by text that the eval decides by stored facets. Raises ValueError for a
    held-out file: those are never read by a fitting step."""
    files = [ROOT / f if not Path(f).is_absolute() else Path(f) for f in names]
    if any("heldout" in f.name for f in files):
        raise ValueError("held-out files are never used for fitting")

    from assistant.offline import keep_local
    from assistant.settings import Settings
    from eval.runner import EvalAssistants, dataset_home, default_cache_dir, load_dataset

    keep_local()
    dataset = load_dataset(files[0])
    assistant = EvalAssistants(Settings(), dataset_home(cache or default_cache_dir(), dataset),
                               dataset.corpus).base
    assistant.index(dataset.corpus)
    return assistant, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="*", default=list(DEV_FILES))
    parser.add_argument("--max-false", type=float, default=0.05,
                        help="largest share of answerable dev questions it may abstain on")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--samples", type=Path, help="also write each question's signals here")
    parser.add_argument("--cache", type=Path,
                        help="eval indexes (default ~/.cache/paperchat-eval): the fit reads "
                             "the very index `paperchat eval --cache` measures on")
    parser.add_argument("--check", action="store_true",
                        help="refit and compare with the shipped file instead of writing it")
    args = parser.parse_args(argv)
    try:
        assistant, files = dev_index(args.files, args.cache)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # First: which described sides name a paper decides what every later question is about.
    sides = collect_sides(assistant, files)
    side_weights = fit_sides(sides)
    assistant.engine.sides.weights = side_weights
    samples, lists = collect(assistant, files)
    if args.samples:
        args.samples.write_text("\n".join(json.dumps(s.__dict__) for s in samples) + "\n")
    x = np.array([[s.signals[f] for f in FEATURES] for s in samples])
    y = np.array([1.0 if s.answerable else 0.0 for s in samples])
    groups = [s.group for s in samples]
    l2 = choose_l2(x, y, groups)
    w, b = fit_logistic(x, y, l2)
    calibration = Calibration(weights=dict(zip(FEATURES, map(float, w), strict=True)), bias=b,
                              threshold=0.5)
    # Outside the collection: a question naming no paper whose best sentence match is below
    # what 99% of answerable unnamed dev questions reach.
    unnamed = sorted(s.signals["meaning"] for s in samples
                     if s.answerable and not s.named)
    off_topic = unnamed[len(unnamed) // 100] if unnamed else 0.0
    forced = np.array([not s.named and s.signals["meaning"] < off_topic
                       for s in samples])
    # The threshold is chosen on out-of-fold scores with folds by paper: what questions on
    # papers the model has not seen score, which is what it will meet. Folds by question are
    # reported beside them: the gap between the two is how much the fit leans on the papers.
    grouped = cross_validate(x, y, groups, l2=l2)
    threshold, rates = choose_threshold(grouped.scores, y, args.max_false, forced)
    by_question = out_of_fold_scores(x, y, [s.id for s in samples], l2=l2)
    _, question_rates = choose_threshold(by_question, y, args.max_false, forced)
    nested = nested_rates(x, y, groups, args.max_false, l2, forced)
    batches = by_batch_rates(x, y, [s.id for s in samples], groups, args.max_false, l2, forced)
    spread = weight_spread(grouped.weights, FEATURES)
    list_calibration, list_f1 = fit_lists(assistant, lists)
    comparisons = comparison_items(files)
    cell_weights, comparison_key_facts = fit_cells(assistant, comparisons)
    facts = prepare(assistant, files)
    sentence_weights, fact_key_facts = fit_sentences(facts, assistant.retriever.idf)
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()[:12]
    data = {
        "version": f"fitted by eval.calibrate on dev data {digest}",
        "features": list(FEATURES),
        "weights": {k: round(v, 4) for k, v in calibration.weights.items()},
        "bias": round(b, 4),
        "threshold": round(threshold, 4),
        "off_topic_below": round(off_topic, 4),
        "list": {"weights": dict(list_calibration.weights), "bias": list_calibration.bias,
                 "threshold": list_calibration.threshold,
                 "min_coverage": list_calibration.min_coverage},
        "verify": {"supported_min": 0.5},
        "comparison": cell_weights.to_json(),
        "extractive": sentence_weights.to_json(),
        "sides": side_weights.to_json(),
        "fit": {"n": len(samples), "n_unanswerable": int((y == 0).sum()),
                "dev_abstain_recall": round(rates["abstain_recall"], 4),
                "dev_false_abstention": round(rates["false_abstention"], 4),
                "l2": l2, "n_groups": len(set(groups)),
                "cross_validation": {
                    "by_question": {k: round(v, 4) for k, v in question_rates.items()},
                    "by_paper": {k: round(v, 4) for k, v in rates.items()},
                    "by_paper_nested": nested,
                    "by_batch": batches,
                    "weight_range_by_paper": spread,
                    "unstable_signals": unstable(spread)},
                "n_lists": len(lists), "dev_list_f1": round(list_f1, 4),
                "n_comparisons": len(comparisons),
                "dev_comparison_key_facts": round(comparison_key_facts, 4),
                "n_facts": len(facts), "dev_fact_key_facts": round(fact_key_facts, 4),
                "n_sides": len(sides), "dev_sides": side_decisions(sides, side_weights),
                "files": [str(f.relative_to(ROOT)) for f in files]},
    }
    print(json.dumps(data, indent=2))
    if args.check:
        shipped = json.loads(args.out.read_text())
        same = shipped.get("version") == data["version"] and \
            abs(shipped["threshold"] - data["threshold"]) < 1e-3 and \
            all(_close(shipped.get(block, {}), data[block])
                for block in ("weights", "list", "comparison", "extractive", "sides"))
        print("matches the shipped file" if same else "DIFFERS from the shipped file")
        return 0 if same else 1
    args.out.write_text(json.dumps(data, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
