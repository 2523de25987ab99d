"""How well the fitted list score carries to list questions it was not fitted on.

    .venv/bin/python -m eval.list_folds --cache <the eval's index>

Dev files only. The dev list and count questions are split in two halves, twice: by a hash of
their id, and by kind (asked as a list or as a count). For each split the list score and
threshold are fitted (`eval.calibrate.fit_lists`) on one half and measured on the other, then
the other way round, so every question is answered by a fit that never saw it. Lists decided by
stored facets take no fitted value; they are measured the same way and reported apart. Dev
scores near 1 with a much lower figure here mean the fit learned dev's wording.
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

from assistant.composers.collection import ListCalibration, facet_names, qualify
from assistant.types import QuestionPlan
from eval.calibrate import DEV_FILES, dev_index, fit_lists
from eval.loaders import QAItem, is_conversation_file, load_qa_jsonl


@dataclass(frozen=True)
class ListCase:
    id: str
    intent: str  # the intent the dataset gives: "list" or "count"
    plan: QuestionPlan
    gold: frozenset[str]
    count: int | None


@dataclass(frozen=True)
class Measured:
    id: str
    recall: float | None
    precision: float | None
    count_exact: float | None
    by_facets: bool


def cases(assistant: Any, files: Sequence[Path]) -> list[ListCase]:
    """Every single-turn list or count question of `files` (conversation files are skipped:
    their list turns depend on earlier answers)."""
    titles = {p.title: p.id for p in assistant.papers()}
    out = []
    for path in files:
        if is_conversation_file(path):
            continue
        for item in load_qa_jsonl(path):
            if not item.collection_wide:
                continue
            plan = assistant.engine.plan(item.question, [])
            out.append(ListCase(item.id, _kind(item), plan,
                                frozenset(titles[t] for t in item.gold_titles if t in titles),
                                item.count))
    return out


def _kind(item: QAItem) -> str:
    return "count" if item.type == "count" or item.intent == "count" else "list"


def measure(assistant: Any, case: ListCase, calibration: ListCalibration) -> Measured:
    retriever = assistant.retriever
    by_facets = bool(facet_names(case.plan, retriever.papers))
    if case.plan.intent not in ("list", "count"):
        found: set[str] = set()  # not answered as a list: nothing listed
    else:
        qualified, _ = qualify(case.plan, retriever.papers, retriever.abstract_chunks,
                               retriever.idf, calibration, retriever.knows,
                               assistant.engine.meaning)
        found = {q.paper_id for q in qualified}
    hit = len(found & case.gold)
    return Measured(
        id=case.id,
        recall=hit / len(case.gold) if case.gold else None,
        precision=(hit / len(found) if found else 0.0) if case.gold else None,
        count_exact=None if case.count is None else float(len(found) == case.count),
        by_facets=by_facets)


def summary(rows: Sequence[Measured]) -> dict[str, Any]:
    def mean(values: list[float | None]) -> float | None:
        kept = [v for v in values if v is not None]
        return round(sum(kept) / len(kept), 3) if kept else None
    return {"n": len(rows), "recall": mean([r.recall for r in rows]),
            "precision": mean([r.precision for r in rows]),
            "count_exact": mean([r.count_exact for r in rows]),
            "n_counts": sum(r.count_exact is not None for r in rows)}


def cross_fitted(assistant: Any, all_cases: Sequence[ListCase],
                 half: Callable[[ListCase], int]) -> list[Measured]:
    """Each case measured with the list score fitted on the other half only."""
    out: list[Measured] = []
    for side in (0, 1):
        train = [(c.plan, set(c.gold)) for c in all_cases
                 if half(c) != side and c.plan.intent in ("list", "count")]
        calibration, _ = fit_lists(assistant, train)
        out += [measure(assistant, c, calibration) for c in all_cases if half(c) == side]
    return out


def _by_hash(case: ListCase) -> int:
    return int(hashlib.sha256(case.id.encode()).hexdigest(), 16) % 2


def _by_kind(case: ListCase) -> int:
    return 0 if case.intent == "list" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="*", default=[
        f for f in DEV_FILES if not f.endswith("conversations_dev.jsonl")])
    parser.add_argument("--cache", type=Path, help="eval indexes (as `paperchat eval --cache`)")
    parser.add_argument("--out", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args(argv)
    try:
        assistant, files = dev_index(args.files, args.cache)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    found = cases(assistant, files)
    shipped = assistant.engine._lists  # the fitted file's list block, as answers use it
    report: dict[str, Any] = {"n_cases": len(found)}
    fitted_on_all = [measure(assistant, c, shipped) for c in found]
    report["shipped_fit (seen every case)"] = _parts(fitted_on_all)
    for name, half in (("hash halves", _by_hash), ("list vs count", _by_kind)):
        report[f"cross-fitted, {name}"] = _parts(cross_fitted(assistant, found, half))
    print(json.dumps(report, indent=2))
    if args.out:
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    return 0


def _parts(rows: Sequence[Measured]) -> dict[str, Any]:
    return {"all": summary(rows),
            "decided by facets": summary([r for r in rows if r.by_facets]),
            "decided by text": summary([r for r in rows if not r.by_facets]),
            "per case": {r.id: [r.recall, r.precision, r.count_exact] for r in rows}}


if __name__ == "__main__":
    sys.exit(main())
