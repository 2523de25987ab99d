"""The first list question in a fresh process, with and without sentence vectors stored at
index time, and what storing them adds to indexing.

    .venv/bin/python -m eval.bench_first_list --runs 3

Indexes the bundled corpus into a temporary home with `store.sentence_vectors` off (the
indexing time without them), then indexes again with it on: nothing else changed, so that
run's `sentence_seconds` is the cost the setting adds. Then, alternating between the two
settings, each run starts a fresh Python process that builds the Assistant and asks one
topical list question of the blind dev lists (one the stored facets do not decide, so the
paper's sentences are weighed by meaning); the child reports the seconds to its answer, the
embedder's model load included. The medians per setting are the before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval.metrics import rounded_median
from eval.report import write_json_and_markdown

DATASET = Path(__file__).resolve().parent / "datasets" / "blind" / "lists_dev.jsonl"
REPORTS = Path(__file__).resolve().parent / "reports"
_ENV = "PAPERCHAT_STORE__SENTENCE_VECTORS"


def _settings(home: Path, vectors: bool) -> Any:
    from assistant.settings import Settings

    base = Settings(home=home)
    return base.model_copy(update={"store": base.store.model_copy(
        update={"sentence_vectors": vectors})})


def topical_questions(home: Path, n: int, path: Path = DATASET) -> list[str]:
    """The first `n` list questions of the file that the text decides, not the facets."""
    from assistant.composers.collection import facet_names
    from assistant.service import Assistant

    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assistant = Assistant.from_settings(_settings(home, False), provider="extractive")
    try:
        found = []
        for row in rows:
            if row.get("intent") not in ("list", "count"):
                continue
            plan = assistant.engine.plan(row["question"], [])
            if plan.intent in ("list", "count") and \
                    not facet_names(plan, assistant.retriever.papers):
                found.append(row["question"])
            if len(found) == n:
                break
        return found
    finally:
        assistant.close()


def index(home: Path, vectors: bool) -> dict[str, Any]:
    from assistant.service import Assistant

    assistant = Assistant.from_settings(_settings(home, vectors), provider="extractive")
    try:
        report = assistant.index()
    finally:
        assistant.close()
    return {"sentence_vectors": vectors, "added": report.added, "seconds": report.seconds,
            "sentences": report.sentences, "sentence_seconds": report.sentence_seconds}


def child(home: Path, question: str) -> dict[str, Any]:
    """Run in the fresh process: build the Assistant, ask once, time both."""
    from assistant.service import Assistant
    from assistant.settings import Settings

    started = time.perf_counter()
    assistant = Assistant.from_settings(Settings(home=home), provider="extractive")
    built = time.perf_counter() - started
    asked = time.perf_counter()
    answer = assistant.ask(question)
    seconds = time.perf_counter() - asked
    assistant.close()
    return {"question": question, "build_s": round(built, 3), "ask_s": round(seconds, 3),
            "listed": len(answer.citations), "abstained": answer.abstained}


def fresh_process(home: Path, question: str, vectors: bool) -> dict[str, Any]:
    env = dict(os.environ, PAPERCHAT_HOME=str(home), **{_ENV: "true" if vectors else "false"})
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "eval.bench_first_list", "--child", question],
        env=env, capture_output=True, text=True, check=True,
        cwd=Path(__file__).resolve().parents[1])
    wall = time.perf_counter() - started
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return {**result, "sentence_vectors": vectors, "process_s": round(wall, 3)}



def markdown(result: dict[str, Any]) -> str:
    off, on = result["index"]
    lines = ["# First list question in a fresh process", "",
             f"`{result['command']}` — {result['cpus']} CPUs, load average "
             f"{result['load_before']} before / {result['load_after']} after.", "",
             "| sentence vectors stored | runs | first list question (median s) | max s "
             "| fresh process incl. start (median s) |",
             "|---|---:|---:|---:|---:|"]
    for vectors in (False, True):
        s = result["summary"]["on" if vectors else "off"]
        lines.append(f"| {'yes' if vectors else 'no (before)'} | {s['n']} | {s['ask_median_s']} "
                     f"| {s['ask_max_s']} | {s['process_median_s']} |")
    lines += ["", f"Indexing the bundled corpus ({off['added']} papers) without them: "
              f"{off['seconds']} s. Storing them afterwards ({on['sentences']} titles and "
              f"sentences embedded): **+{on['sentence_seconds']} s**.", "",
              "Questions: " + "; ".join(f"\u201c{q}\u201d" for q in result["questions"]), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_first_list", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per setting")
    parser.add_argument("--out", type=Path, default=REPORTS / "bench-first-list")
    parser.add_argument("--child", metavar="QUESTION", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(Path(os.environ["PAPERCHAT_HOME"]), args.child)))
        return 0

    load_before = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="paperchat-first-list-") as tmp:
        home = Path(tmp)
        indexed = [index(home, False), index(home, True)]
        questions = topical_questions(home, args.runs)
        runs = []
        for question in questions:
            for vectors in (False, True):
                runs.append(fresh_process(home, question, vectors))
                print(json.dumps(runs[-1]), file=sys.stderr)
    summary = {}
    for vectors in (False, True):
        mine = [r for r in runs if r["sentence_vectors"] == vectors]
        summary["on" if vectors else "off"] = {
            "n": len(mine), "ask_median_s": rounded_median([r["ask_s"] for r in mine]),
            "ask_max_s": max((r["ask_s"] for r in mine), default=None),
            "process_median_s": rounded_median([r["process_s"] for r in mine])}
    result = {"command": "python -m eval.bench_first_list " + " ".join(argv or sys.argv[1:]),
              "cpus": os.cpu_count(), "load_before": load_before,
              "load_after": round(os.getloadavg()[0], 2), "index": indexed,
              "questions": questions, "summary": summary, "runs": runs}
    write_json_and_markdown(args.out, result, markdown(result))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
