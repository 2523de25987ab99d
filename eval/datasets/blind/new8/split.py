"""Append the n8 batch to the blind dev / held-out files.

Every third item of each source file (index % 3 == 2, i.e. items 3, 6, 9, ...) goes to
held-out, the rest to dev. Run once:

    python eval/datasets/blind/new7/split.py

Refuses to run again if an n8- id is already in a target file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BLIND = HERE.parent
SOURCES = ("answerable", "unanswerable", "lists", "conversations")


def main() -> int:
    plan: dict[Path, list[str]] = {}
    for name in SOURCES:
        lines = [line for line in (HERE / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
        for index, line in enumerate(lines):
            split = "heldout" if index % 3 == 2 else "dev"
            plan.setdefault(BLIND / f"{name}_{split}.jsonl", []).append(line)
    for target in plan:
        existing = {json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines()
                    if line.strip()}
        if any(i.startswith("n8-") for i in existing):
            print(f"{target.name} already holds n8 items; not appending again", file=sys.stderr)
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
    sys.exit(main())
