"""How well the understanding stage reads blind questions: intent and subjects, per file.

    .venv/bin/python -m eval.understanding_eval                 # blind dev and held-out files
    .venv/bin/python -m eval.understanding_eval FILE [FILE ...]

Every question with a labelled `intent` counts (off-topic ones are decided by answerability,
not by wording, so they are left out). describe and fact both answer from the named paper, so
one for the other counts as right. List and count questions' subjects are not scored (their
papers are what the answer finds).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.understanding import understand
from eval.loaders import QAItem, load_qa_jsonl

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "eval" / "datasets" / "blind"
SPLIT_FILES = ("answerable_{}.jsonl", "unanswerable_{}.jsonl", "lists_{}.jsonl")


@dataclass
class UnderstandingScore:
    n: int = 0
    intent_right: int = 0
    subjects_right: int = 0
    wrong: list[str] = field(default_factory=list)

    @property
    def intent(self) -> float:
        return self.intent_right / self.n if self.n else 0.0

    @property
    def subjects(self) -> float:
        return self.subjects_right / self.n if self.n else 0.0


def labelled(paths: Sequence[Path]) -> list[QAItem]:
    items = [item for path in paths for item in load_qa_jsonl(path) if item.intent]
    return [item for item in items if item.intent != "off_topic"]


def intent_ok(expected: str, got: str) -> bool:
    return expected == got or {expected, got} <= {"describe", "fact"}


def score(items: Sequence[QAItem], collection: Any, resolve: Any = None) -> UnderstandingScore:
    """`resolve`: the engine's resolver of described comparison sides (`sides.py`), as the
    product plans; None plans without it."""
    titles = {p.title: p.id for p in collection.papers.values()}
    result = UnderstandingScore(n=len(items))
    for item in items:
        plan = understand(item.question, [], collection, resolve)
        if intent_ok(item.intent or "", plan.intent):
            result.intent_right += 1
        else:
            result.wrong.append(f"{item.id} {item.intent}->{plan.intent}: {item.question}")
        expected = {titles[t] for t in item.subjects or []}
        got = set(plan.subjects) | set(plan.scope)
        if plan.intent in ("list", "count") or expected == got:
            result.subjects_right += 1
        else:
            result.wrong.append(f"{item.id} subjects {sorted(expected)} != {sorted(got)}: "
                                f"{item.question}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path)
    args = parser.parse_args(argv)
    from assistant.offline import keep_local
    from assistant.service import Assistant

    keep_local()
    assistant = Assistant.from_settings(provider="extractive")
    assistant.ensure_indexed()
    groups = ({str(f): [f] for f in args.files} if args.files else
              {split: [BLIND / name.format(split) for name in SPLIT_FILES]
               for split in ("dev", "heldout")})
    for label, paths in groups.items():
        result = score(labelled(paths), assistant.retriever, assistant.engine.sides.resolve)
        print(f"{label}: {result.n} questions, intent {result.intent:.3f}, "
              f"subjects {result.subjects:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
