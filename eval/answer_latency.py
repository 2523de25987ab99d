"""Answer latency of the product path: `Assistant.stream` on single-paper questions.

    .venv/bin/python -m eval.answer_latency                      # local model, 10 dev questions
    .venv/bin/python -m eval.answer_latency --provider extractive --n 20

Measures what a chat user waits for, retrieval and citation checks included: time to the
first streamed text and to the verified answer. One warm-up question first (it starts the
local server and fills caches), then medians over the rest. The machine is shared, so the
load average before and after is written next to the figures; compare runs by their ratio
to the extractive baseline measured in the same process, not by absolute seconds.
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

from assistant.answering import AnswerDelta
from assistant.errors import ProviderError
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.types import Answer
from eval.metrics import percentile

DATASET = Path(__file__).resolve().parent / "datasets" / "dev.jsonl"
REPORTS = Path(__file__).resolve().parent / "reports"


def single_paper_questions(path: Path = DATASET, n: int = 11) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [r["question"] for r in rows if r["type"] == "factual"][:n]


def stream_timed(assistant: Assistant, question: str) -> tuple[Answer, dict[str, float]]:
    """The verified Answer of `assistant.stream(question)`, and seconds to the first event (the
    first sign of work), to the first text and to the end."""
    started = time.perf_counter()
    first = None
    progress = None
    answer = None
    for event in assistant.stream(question):
        if progress is None:
            progress = time.perf_counter() - started  # the first visible sign of work
        if first is None and isinstance(event, AnswerDelta):
            first = time.perf_counter() - started
        if isinstance(event, Answer):
            answer = event
    total = time.perf_counter() - started
    if answer is None:
        raise ProviderError("the answer stream ended without an answer")
    return answer, {"first_progress_s": round(progress or total, 3),
                    "first_token_s": round(first or total, 3), "total_s": round(total, 3)}


def time_stream(assistant: Assistant, question: str) -> dict[str, Any]:
    answer, seconds = stream_timed(assistant, question)
    return {"question": question, **seconds, "abstained": answer.abstained,
            "prompt_tokens": answer.tokens.prompt, "completion_tokens": answer.tokens.completion,
            "citations": len(answer.citations), "answer": answer.text}


def summarize(runs: list[dict[str, Any]]) -> dict[str, Any]:
    first = [r["first_token_s"] for r in runs]
    total = [r["total_s"] for r in runs]
    def median(values: list[float]) -> float | None:
        found = percentile(values, 50)
        return None if found is None else round(found, 3)

    return {"n": len(runs), "first_token_median_s": median(first),
            "first_token_max_s": round(max(first), 3) if first else None,
            "total_median_s": median(total),
            "total_max_s": round(max(total), 3) if total else None,
            "prompt_tokens_median": median([r["prompt_tokens"] for r in runs]),
            "completion_tokens_median": median([r["completion_tokens"] for r in runs]),
            "abstained": sum(r["abstained"] for r in runs)}


def measure(settings: Settings, provider: str, questions: list[str]) -> dict[str, Any]:
    assistant = Assistant.from_settings(settings, provider=provider)
    try:
        assistant.ensure_indexed()
        started = time.perf_counter()
        warm = time_stream(assistant, questions[0])
        warm["startup_s"] = round(time.perf_counter() - started, 3)
        runs = [time_stream(assistant, q) for q in questions[1:]]
    finally:
        assistant.close()
    return {"provider": provider, "warmup": warm, "summary": summarize(runs), "runs": runs}


def markdown(result: dict[str, Any]) -> str:
    lines = ["# Answer latency (Assistant.stream, single-paper dev questions)", "",
             f"`{result['command']}` — {result['cpus']} CPUs, load average "
             f"{result['load_before']} before / {result['load_after']} after, "
             f"llama.cpp threads {result['threads'] or 'all'}.", "",
             "| provider | n | first token median s | max | whole answer median s | max "
             "| prompt tokens | answer tokens | abstained |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for entry in result["providers"]:
        s = entry["summary"]
        lines.append(f"| {entry['provider']} | {s['n']} | {s['first_token_median_s']} "
                     f"| {s['first_token_max_s']} | {s['total_median_s']} | {s['total_max_s']} "
                     f"| {s['prompt_tokens_median']} | {s['completion_tokens_median']} "
                     f"| {s['abstained']} |")
    lines += ["", "Warm-up (server start + first answer, not in the medians): "
              + ", ".join(f"{e['provider']} {e['warmup']['startup_s']} s"
                          for e in result["providers"]), ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.answer_latency", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provider", action="append",
                        help="repeatable; default: extractive (baseline) then local")
    parser.add_argument("--n", type=int, default=10, help="measured questions (after warm-up)")
    parser.add_argument("--threads", type=int, default=None, help="llama.cpp threads")
    parser.add_argument("--home", type=Path, default=None,
                        help="PAPERCHAT_HOME to use (default: a temp index + your model files)")
    parser.add_argument("--out", type=Path, default=REPORTS / "answer-latency")
    args = parser.parse_args(argv)

    providers = args.provider or ["extractive", "local"]
    questions = single_paper_questions(n=args.n + 1)
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
        results = [measure(settings, p, questions) for p in providers]
    result = {"command": "python -m eval.answer_latency " + " ".join(argv or sys.argv[1:]),
              "cpus": os.cpu_count(), "threads": settings.llm.threads,
              "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
              "providers": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
