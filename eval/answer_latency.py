"""Answer latency of the product path: `Assistant.stream` on the blind dev set's questions.

    .venv/bin/python -m eval.answer_latency --n 8       # extractive, then local: 8 per type
    .venv/bin/python -m eval.answer_latency --provider extractive --n 20 --types factual

Measures what a chat user waits for, retrieval and citation checks included: time to the
first sign of work (the first stream event: a stage), for comparisons to the table's skeleton
(its rows and columns), to the first streamed text and to the verified answer. One warm-up
question first (it starts the local server and fills caches), then medians per question type
over the rest, against the issue's targets. The machine is shared, so the load average before
and after is written next to the figures; compare runs by their ratio to the extractive
baseline measured in the same process, not by absolute seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from assistant.errors import ProviderError
from assistant.events import AnswerDelta, TableSkeleton
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.types import Answer
from eval.metrics import rounded_median
from eval.report import write_json_and_markdown

DATASET = Path(__file__).resolve().parent / "datasets" / "blind" / "answerable_dev.jsonl"
REPORTS = Path(__file__).resolve().parent / "reports"
TYPES = ("factual", "comparison")
# The targets for the local default on a quiet machine (medians, seconds).
TARGETS = {"first_progress": 1.0, "first_token": 3.0, "total": 10.0}
LABELS = {"first_progress": "first progress", "first_token": "first token",
          "total": "whole answer"}


def questions_of(kind: str, n: int, path: Path = DATASET) -> list[str]:
    """The first `n` questions of one type, in the file's order."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r["question"] for r in rows if r["type"] == kind][:n]


def single_paper_questions(path: Path = DATASET, n: int = 11) -> list[str]:
    return questions_of("factual", n, path)


def stream_timed(assistant: Assistant, question: str
                 ) -> tuple[Answer, dict[str, float | None]]:
    """The verified Answer of `assistant.stream(question)`, and seconds to the first event (the
    first sign of work), to a table's skeleton (None without one), to the first text and to
    the end."""
    started = time.perf_counter()
    first = None
    progress = None
    skeleton = None
    answer = None
    for event in assistant.stream(question):
        if progress is None:
            progress = time.perf_counter() - started  # the first visible sign of work
        if skeleton is None and isinstance(event, TableSkeleton):
            skeleton = round(time.perf_counter() - started, 3)
        if first is None and isinstance(event, AnswerDelta):
            first = time.perf_counter() - started
        if isinstance(event, Answer):
            answer = event
    total = time.perf_counter() - started
    if answer is None:
        raise ProviderError("the answer stream ended without an answer")
    return answer, {"first_progress_s": round(progress or total, 3), "skeleton_s": skeleton,
                    "first_token_s": round(first or total, 3), "total_s": round(total, 3)}


def time_stream(assistant: Assistant, question: str) -> dict[str, Any]:
    answer, seconds = stream_timed(assistant, question)
    return {"question": question, **seconds, "abstained": answer.abstained,
            "prompt_tokens": answer.tokens.prompt, "completion_tokens": answer.tokens.completion,
            "citations": len(answer.citations), "answer": answer.text}



def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    first = [r["first_token_s"] for r in runs]
    total = [r["total_s"] for r in runs]
    progress = [r["first_progress_s"] for r in runs]
    skeletons = [r["skeleton_s"] for r in runs if r.get("skeleton_s") is not None]
    return {"n": len(runs), "first_progress_median_s": rounded_median(progress),
            "first_progress_max_s": round(max(progress), 3) if progress else None,
            "skeleton_median_s": rounded_median(skeletons), "with_skeleton": len(skeletons),
            "first_token_median_s": rounded_median(first),
            "first_token_max_s": round(max(first), 3) if first else None,
            "total_median_s": rounded_median(total),
            "total_max_s": round(max(total), 3) if total else None,
            "prompt_tokens_median": rounded_median([r["prompt_tokens"] for r in runs]),
            "completion_tokens_median": rounded_median([r["completion_tokens"] for r in runs]),
            "abstained": sum(r["abstained"] for r in runs)}


def measure(settings: Settings, provider: str, warm_up: str, questions: dict[str, list[str]]
            ) -> dict[str, Any]:
    """One warm-up answer, then every question of each type; medians per type."""
    assistant = Assistant.from_settings(settings, provider=provider)
    try:
        assistant.ensure_indexed()
        started = time.perf_counter()
        warm = time_stream(assistant, warm_up)
        warm["startup_s"] = round(time.perf_counter() - started, 3)
        runs = {kind: [{**time_stream(assistant, q), "type": kind} for q in asked]
                for kind, asked in questions.items()}
    finally:
        assistant.close()
    return {"provider": provider, "warmup": warm,
            "summaries": {kind: summarize(done) for kind, done in runs.items()},
            "summary": summarize([r for done in runs.values() for r in done]),
            "runs": [r for done in runs.values() for r in done]}


def meets(summary: dict[str, Any]) -> dict[str, bool]:
    """Each target: is its median under it?"""
    return {name: (value := summary[f"{name}_median_s"]) is not None and value < limit
            for name, limit in TARGETS.items()}


def markdown(result: dict[str, Any]) -> str:
    targets = ", ".join(f"{LABELS[name]} < {limit:g} s"
                        for name, limit in TARGETS.items())
    lines = ["# Answer latency (Assistant.stream, blind dev questions)", "",
             f"`{result['command']}` — {result['cpus']} CPUs, load average "
             f"{result['load_before']} before / {result['load_after']} after, "
             f"llama.cpp threads {result['threads'] or 'all'}. Seconds, medians after a "
             f"warm-up answer (max in brackets). Targets (issue 16, medians): {targets}.", "",
             "| provider | questions | n | first progress | table skeleton | first token "
             "| whole answer | prompt tokens | answer tokens | abstained |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for entry in result["providers"]:
        for kind, s in [*entry["summaries"].items(), ("all", entry["summary"])]:
            skeleton = "—" if not s["with_skeleton"] else \
                f"{_s(s['skeleton_median_s'])} ({s['with_skeleton']} tables)"
            lines.append(
                f"| {entry['provider']} | {kind} | {s['n']} "
                f"| {_s(s['first_progress_median_s'])} ({_s(s['first_progress_max_s'])}) "
                f"| {skeleton} | {_s(s['first_token_median_s'])} ({_s(s['first_token_max_s'])}) "
                f"| {_s(s['total_median_s'])} ({_s(s['total_max_s'])}) "
                f"| {s['prompt_tokens_median']} | {s['completion_tokens_median']} "
                f"| {s['abstained']} |")
    lines.append("")
    for entry in result["providers"]:
        met = meets(entry["summary"])
        lines.append(f"- {entry['provider']}, all questions: " + ", ".join(
            f"{LABELS[name]} {'met' if ok else 'NOT met'}" for name, ok in met.items()))
    lines += ["", "Warm-up (server start + first answer, not in the medians): "
              + ", ".join(f"{e['provider']} {e['warmup']['startup_s']} s"
                          for e in result["providers"]), ""]
    return "\n".join(lines)


def _s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.answer_latency", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provider", action="append",
                        help="repeatable; default: extractive (baseline) then local")
    parser.add_argument("--n", type=int, default=8,
                        help="measured questions of each type (after one warm-up)")
    parser.add_argument("--types", default=",".join(TYPES),
                        help=f"question types of the dataset, comma-separated (default: "
                             f"{','.join(TYPES)})")
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--threads", type=int, default=None, help="llama.cpp threads")
    parser.add_argument("--home", type=Path, default=None,
                        help="PAPERCHAT_HOME to use (default: a temp index + your model files)")
    parser.add_argument("--out", type=Path, default=REPORTS / "answer-latency")
    args = parser.parse_args(argv)

    providers = args.provider or ["extractive", "local"]
    kinds = [k.strip() for k in args.types.split(",") if k.strip()]
    asked = {kind: questions_of(kind, args.n + (i == 0), args.dataset)
             for i, kind in enumerate(kinds)}
    warm_up = asked[kinds[0]].pop(0)  # the first type's first question warms each provider up
    with tempfile.TemporaryDirectory(prefix="paperchat-latency-") as tmp:
        settings = Settings()
        if args.home is None:
            # A fresh index, but the assembled model file is reused rather than rebuilt.
            home = Path(tmp)
            if settings.models_dir.exists():
                (home / "models").symlink_to(settings.models_dir.resolve())
            settings = settings.model_copy(update={"home": home})
        else:
            settings = settings.model_copy(update={"home": args.home})
        if args.threads is not None:
            settings.llm.threads = args.threads
        load_before = os.getloadavg()[0]
        results = [measure(settings, p, warm_up, asked) for p in providers]
    result = {"command": "python -m eval.answer_latency " + " ".join(argv or sys.argv[1:]),
              "cpus": os.cpu_count(), "threads": settings.llm.threads,
              "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
              "providers": results}
    write_json_and_markdown(args.out, result, markdown(result))
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
