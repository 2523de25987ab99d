"""Append one blind batch to the blind dev / held-out files.

Every third item of each of the batch's source files (index % 3 == 2, i.e. items 3, 6, 9, ...)
goes to held-out, the rest to dev. Run once per batch, with the batch's folder:

    python eval/datasets/blind/split_batch.py eval/datasets/blind/new8

The batch's ids start with "n" and the folder's number ("new8" -> "n8-"). Refuses to run again
if an id of the batch is already in a target file. An item whose question (case and spacing
aside) an earlier batch already asks is left out and named: authors who never saw each other's
questions do sometimes write the same one, and `check_dataset` refuses duplicates.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

BLIND = Path(__file__).resolve().parent
SOURCES = ("answerable", "unanswerable", "lists", "conversations")


def _lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _same(question: str) -> str:
    return " ".join(question.split()).casefold()


def split(batch: Path) -> int:
    prefix = "n" + batch.name.removeprefix("new") + "-"
    plan: dict[Path, list[str]] = {}
    asked = {_same(json.loads(line).get("question", "")) for source in SOURCES
             for which in ("dev", "heldout") for line in _lines(BLIND / f"{source}_{which}.jsonl")}
    for name in SOURCES:
        for index, line in enumerate(_lines(batch / f"{name}.jsonl")):
            item = json.loads(line)
            if "question" in item and _same(item["question"]) in asked:
                print(f"left out {item['id']}: an earlier batch asks the same question",
                      file=sys.stderr)
                continue
            which = "heldout" if index % 3 == 2 else "dev"
            plan.setdefault(BLIND / f"{name}_{which}.jsonl", []).append(line)
    for target in plan:
        existing = {json.loads(line)["id"] for line in _lines(target)}
        if any(i.startswith(prefix) for i in existing):
            print(f"{target.name} already holds {prefix} items; not appending again",
                  file=sys.stderr)
            return 1
    for target, lines in plan.items():
        text = target.read_text(encoding="utf-8")
        with target.open("a", encoding="utf-8") as handle:
            if text and not text.endswith("\n"):
                handle.write("\n")
            handle.write("\n".join(lines) + "\n")
        print(f"{target.name}: +{len(lines)}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(split(Path(sys.argv[1]).resolve()))
