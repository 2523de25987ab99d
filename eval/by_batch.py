"""A report's figures for one batch of questions beside the rest, by id prefix.

    .venv/bin/python -m eval.by_batch eval/reports/2026-12-02-blind-answerable-heldout-extractive
    .venv/bin/python -m eval.by_batch REPORT [REPORT ...] --prefix n7-

The blind files hold questions from more than one author; a batch written after the code
(the `n7-` items) says how the engine does on wording it has never met, which the pooled
figure hides. Reads the report's `per_question.jsonl` (one config) and prints, for the batch
and for the rest: unanswerable abstained and false abstention (with 95% Wilson intervals), key
facts by intent, list recall/precision and, for conversations, right answers by turn kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.metrics import wilson

_COLLECTION_INTENTS = ("list", "count", "table")


def batch_figures(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The figures of a set of per-question rows (see the module docstring)."""
    out: dict[str, Any] = {"n": len(rows)}
    single = [r for r in rows if not r.get("kind")]
    unanswerable = [r for r in single if r["should_abstain"]]
    answerable = [r for r in single if not r["should_abstain"]
                  and r.get("intent") not in _COLLECTION_INTENTS]
    for name, group in (("unanswerable_abstained", unanswerable),
                        ("false_abstention", answerable)):
        if group:
            hits = sum(bool(r["abstained"]) for r in group)
            out[name] = {"k": hits, "n": len(group), "rate": round(hits / len(group), 3),
                         "ci95": [round(x, 3) for x in wilson(hits, len(group))]}
    facts: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        if not r["should_abstain"] and r.get("key_fact") is not None and \
                r.get("intent") not in _COLLECTION_INTENTS:
            facts[r["intent"]].append(float(r["key_fact"]))
    if facts:
        out["key_facts"] = {i: {"n": len(v), "mean": round(sum(v) / len(v), 3)}
                            for i, v in sorted(facts.items())}
    listed = [r for r in rows if r.get("list_recall") is not None and not r["should_abstain"]]
    if listed:
        out["list_recall"] = round(sum(r["list_recall"] for r in listed) / len(listed), 3)
        out["list_precision"] = round(
            sum(r.get("list_precision") or 0.0 for r in listed) / len(listed), 3)
    kinds: dict[str, list[bool]] = defaultdict(list)
    for r in rows:
        if r.get("kind"):
            kinds[r["kind"]].append(bool(r["correct"]))
    if kinds:
        out["turns_right"] = {k: {"n": len(v), "rate": round(sum(v) / len(v), 3)}
                              for k, v in sorted(kinds.items())}
        new = [r for r in rows if r.get("kind") == "new_subject"]
        if new:
            out["new_subject_leak"] = round(sum(bool(r.get("leaked")) for r in new) / len(new),
                                            3)
    return out


def split_report(report: Path, prefix: str) -> dict[str, dict[str, Any]]:
    """{"batch": figures of the rows whose id starts with `prefix`, "rest": the others}."""
    path = report / "per_question.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    if not rows:
        raise ValueError(f"{path}: no rows")
    batch = [r for r in rows if r["id"].startswith(prefix)]
    rest = [r for r in rows if not r["id"].startswith(prefix)]
    return {"batch": batch_figures(batch), "rest": batch_figures(rest)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--prefix", default="n7-", help="id prefix of the batch (default n7-)")
    args = parser.parse_args(argv)
    for report in args.reports:
        try:
            figures = split_report(report, args.prefix)
        except (OSError, ValueError) as exc:
            print(f"{report}: {exc}", file=sys.stderr)
            return 1
        print(json.dumps({"report": str(report), "prefix": args.prefix, **figures}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
