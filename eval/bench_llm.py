"""Speed and citation samples of the local GGUF models served by xllamacpp.

    .venv/bin/python -m eval.bench_llm                 # every local model whose parts are installed
    .venv/bin/python -m eval.bench_llm --tune          # also sweep threads / batch / polling (0.5B)

Each model is measured in its own subprocess so its peak RSS is its own. Writes
eval/reports/bench_llm.json and bench_llm.md. Prompts come from the bundled corpus and the
real answer prompt (prompts/answer.yaml); the 2-core machine may be shared, so the load
average is recorded next to the numbers.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from assistant.errors import ProviderError
from assistant.local_model import LOCAL_MODELS, LocalServer, ensure_model_file, installed_part

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "assistant" / "data" / "daily_papers_self_evolving.txt"
ANSWER_PROMPT = ROOT / "prompts" / "answer.yaml"
REPORTS = Path(__file__).resolve().parent / "reports"

SAMPLE_QUESTIONS = [
    "How does rStar-Math let small language models rival OpenAI o1 at math reasoning?",
    "How does MobileSteward automate instructions that span several apps?",
    "How can a model improve its reasoning by training on its own outputs without human labels?",
]
PP_TARGET_CHARS = 3900  # about 900 Qwen tokens of abstract sentences
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the of to in on for and or by with how what does do can its their from is are as "
    "that this at be it without".split()
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[]|[a-z]+[A-Z])")  # "rStar-Math ..." starts one


# --- prompt material ------------------------------------------------------------------------


def read_papers(path: Path = CORPUS) -> list[tuple[str, list[str]]]:
    """(title, sentences) per paper: the saved page has 6 header lines, then title/abstract."""
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    body = blocks[6:]
    return [(body[i], _SENTENCE_END.split(body[i + 1])) for i in range(0, len(body) - 1, 2)]


def render(items: list[tuple[str, str]]) -> str:
    """Numbered evidence grouped by paper, the way assistant.citations renders it."""
    lines: list[str] = []
    current = None
    for n, (title, sentence) in enumerate(items, start=1):
        if title != current:
            current = title
            lines.append(f'Paper: "{title}"')
        lines.append(f"[{n}] {sentence}")
    return "\n".join(lines)


def long_evidence(papers: list[tuple[str, list[str]]], offset: int) -> list[tuple[str, str]]:
    """Consecutive abstract sentences from paper `offset` on, until ~900 tokens."""
    items: list[tuple[str, str]] = []
    size = 0
    for title, sentences in papers[offset:] + papers[:offset]:
        for sentence in sentences:
            items.append((title, sentence))
            size += len(sentence) + 6
            if size >= PP_TARGET_CHARS:
                return items
        size += len(title) + 10
    return items


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def cited_evidence(papers: list[tuple[str, list[str]]], question: str) -> list[tuple[str, str]]:
    """Six items: the two best sentences of the three best papers by word overlap."""
    asked = _words(question)
    ranked = sorted(papers, key=lambda p: -len(asked & _words(p[0] + " " + " ".join(p[1]))))
    items: list[tuple[str, str]] = []
    for title, sentences in ranked[:3]:
        best = sorted(sentences, key=lambda s: -len(asked & _words(s)))[:2]
        items.extend((title, s) for s in sorted(best, key=sentences.index))
    return items


def messages(evidence: str, question: str) -> list[dict[str, str]]:
    prompt = yaml.safe_load(ANSWER_PROMPT.read_text(encoding="utf-8"))
    return [
        {"role": "system", "content": prompt["system"].strip()},
        {"role": "user", "content": prompt["user"].format(evidence=evidence, question=question)},
    ]


def citation_check(text: str, evidence: str) -> dict[str, Any]:
    """How the answer cites: at sentence ends (wanted) or as list numbers; supported; copied."""
    items = {int(n): _words(t) for n, t in re.findall(r"^\[(\d+)\] (.*)$", evidence, re.M)}
    sentences: list[str] = []
    for piece in (p.strip() for line in text.splitlines() for p in _SENTENCE_END.split(line)):
        if re.search(r"[A-Za-z]", piece):
            sentences.append(piece)
        elif sentences and piece:  # "... frameworks. [1][2]": the markers close the sentence
            sentences[-1] += " " + piece
    counts = dict.fromkeys(["leading_number", "cited_at_end", "supported", "copied"], 0)
    numbers: list[int] = []
    for sentence in sentences:
        cited = [int(n) for g in re.findall(r"\[([\d,\s\-–]+)\]", sentence)
                 for n in re.findall(r"\d+", g)]
        numbers += cited
        words = _words(re.sub(r"\[[\d,\s\-–]+\]", " ", sentence))
        overlap = {n: len(words & w) / max(len(words), 1) for n, w in items.items()}
        counts["leading_number"] += bool(re.match(r"\[\d+\]", sentence))
        counts["cited_at_end"] += bool(re.search(r"\[\d[\d,\s\-–]*\]\W*$", sentence))
        counts["supported"] += any(overlap.get(n, 0) >= 0.5 for n in cited)
        counts["copied"] += max(overlap.values(), default=0) >= 0.9
    return {"sentences": len(sentences), **counts, "citations": sorted(set(numbers)),
            "out_of_range": sorted({n for n in numbers if n not in items})}


# --- raw HTTP against the server (timings are in llama.cpp's own response fields) ---------


def _connection(base_url: str) -> tuple[http.client.HTTPConnection, str]:
    parts = urlsplit(base_url)
    host = parts.hostname or "127.0.0.1"
    return http.client.HTTPConnection(host, parts.port, timeout=600), parts.path


def complete(base_url: str, body: dict[str, Any]) -> dict[str, Any]:
    conn, prefix = _connection(base_url)
    try:
        conn.request("POST", f"{prefix}/chat/completions", json.dumps(body),
                     {"Content-Type": "application/json"})
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def stream_ttft(base_url: str, body: dict[str, Any]) -> tuple[float, float, str]:
    """Seconds to the first content token, seconds to the end, and the text (SSE by hand)."""
    conn, prefix = _connection(base_url)
    began = time.perf_counter()
    first = None
    text: list[str] = []
    try:
        conn.request("POST", f"{prefix}/chat/completions", json.dumps({**body, "stream": True}),
                     {"Content-Type": "application/json"})
        response = conn.getresponse()
        for raw in response:
            line = raw.decode().strip()
            if not line.startswith("data:") or line == "data: [DONE]":
                continue
            for choice in json.loads(line[5:]).get("choices", []):
                piece = (choice.get("delta") or {}).get("content")
                if piece:
                    first = first if first is not None else time.perf_counter() - began
                    text.append(piece)
    finally:
        conn.close()
    return first or float("nan"), time.perf_counter() - began, "".join(text)


# --- the worker: one model, one process -----------------------------------------------------


class TunedServer(LocalServer):
    """LocalServer with llama.cpp's busy-wait polling exposed, for the sweep only."""

    def __init__(self, *args: Any, poll: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.poll = poll

    def _params(self, xllamacpp: Any) -> Any:
        params = super()._params(xllamacpp)
        if self.poll is not None:
            params.cpuparams.poll = self.poll
            params.cpuparams_batch.poll = self.poll
        return params


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 3) if values else float("nan")


def measure_pp_tg(base_url: str, papers: list, runs: int, offset: int = 0) -> dict[str, Any]:
    prompt_rates, gen_rates, prompt_tokens = [], [], []
    for i in range(runs):
        evidence = render(long_evidence(papers, offset + 7 * i))
        reply = complete(base_url, {
            "messages": messages(evidence, "Which of these papers use reinforcement learning?"),
            "max_tokens": 64, "temperature": 0, "cache_prompt": False, "ignore_eos": True,
        })
        timings = reply["timings"]
        prompt_rates.append(timings["prompt_per_second"])
        gen_rates.append(timings["predicted_per_second"])
        prompt_tokens.append(timings["prompt_n"])
    return {
        "prompt_tokens": int(statistics.median(prompt_tokens)),
        "prompt_tokens_per_s": _median(prompt_rates),
        "generation_tokens_per_s": _median(gen_rates),
    }


def worker(name: str, models_dir: Path, runs: int, tune: bool, threads: int | None,
           save: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Measure one model; `save` is called after each stage so a killed run keeps its data."""
    from assistant.providers import make_chat_model
    from assistant.settings import load_settings

    spec = LOCAL_MODELS[name]
    papers = read_papers()
    began = time.perf_counter()
    path = ensure_model_file(spec, models_dir)
    result: dict[str, Any] = {"model": name, "title": spec.title, "file_mb": spec.size // 2**20,
                              "assemble_or_reuse_s": round(time.perf_counter() - began, 2),
                              "runs": runs, "load_avg_1m_at_start": round(os.getloadavg()[0], 2)}

    configured = load_settings().llm
    llm = configured.model_copy(update={
        "provider": "local", "temperature": 0.0,
        "threads": configured.threads if threads is None else threads,
        "timeout_s": 1800,  # a shared 2-core box can be very slow
    })
    result["threads"] = llm.threads or "all cores"
    server = LocalServer(path, alias=name, context_tokens=llm.context_tokens, threads=llm.threads)
    began = time.perf_counter()
    base_url = server.ensure_running()
    result["server_start_s"] = round(time.perf_counter() - began, 2)
    complete(base_url, {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4})
    model = make_chat_model(llm, models_dir, local_server=server)
    if model is None:
        raise SystemExit("no chat model")

    # Citation quality first: it does not depend on how busy the machine is.
    samples = []
    for question in SAMPLE_QUESTIONS:
        items = cited_evidence(papers, question)
        began = time.perf_counter()
        reply = model.invoke(messages(render(items), question))
        text = str(reply.content)
        samples.append({"question": question, "evidence": render(items), "answer": text,
                        "seconds": round(time.perf_counter() - began, 2),
                        "check": citation_check(text, render(items))})
    result["samples"] = samples
    save(result)

    result.update(measure_pp_tg(base_url, papers, runs))
    save(result)

    # Through the real LangChain path: distinct evidence each time, shared system prompt.
    ttft, total, out_tokens = [], [], []
    for i in range(runs + 1):
        evidence = render(long_evidence(papers, 3 + 11 * i))
        began = time.perf_counter()
        first = None
        for chunk in model.stream(messages(evidence, SAMPLE_QUESTIONS[i % 3])):
            if chunk.content and first is None:
                first = time.perf_counter() - began
            if chunk.usage_metadata and i > 0:
                out_tokens.append(chunk.usage_metadata["output_tokens"])
        if i == 0:
            continue  # warm-up
        ttft.append(first or float("nan"))
        total.append(time.perf_counter() - began)
    result["first_token_s"] = _median(ttft)
    result["whole_answer_s"] = _median(total)
    result["answer_tokens"] = int(statistics.median(out_tokens)) if out_tokens else None
    save(result)

    # Follow-up questions on the same evidence: does llama.cpp's prompt cache pay?
    evidence = render(long_evidence(papers, 20))
    cache: dict[str, float] = {}
    for cached in (True, False):
        firsts = []
        for i in range(runs + 1):
            body = {"messages": messages(evidence, f"{SAMPLE_QUESTIONS[i % 3]} ({i})"),
                    "max_tokens": 8, "temperature": 0, "cache_prompt": cached}
            firsts.append(stream_ttft(base_url, body)[0])
        cache["cache_prompt_on" if cached else "cache_prompt_off"] = _median(firsts[1:])
    result["follow_up_first_token_s"] = cache
    result["peak_rss_mb"] = _peak_rss_mb()
    result["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
    server.stop()
    save(result)

    if tune:
        result["tuning"] = sweep(path, name, papers)
        save(result)
    return result


def sweep(path: Path, name: str, papers: list) -> list[dict[str, Any]]:
    rows = []
    for threads, batch, poll in [(1, 512, None), (2, 512, None), (1, 256, None), (1, 1024, None)]:
        server = TunedServer(path, alias=name, threads=threads, batch_size=batch, poll=poll)
        base_url = server.ensure_running()
        complete(base_url, {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 4})
        row = {"threads": threads, "batch": batch, "poll": 50 if poll is None else poll,
               "load_avg_1m": round(os.getloadavg()[0], 2)}
        row.update(measure_pp_tg(base_url, papers, 1, offset=30))
        server.stop()
        rows.append(row)
        print(f"  tune {row}", file=sys.stderr)
    return rows


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
               "--runs", str(args.runs), "--models-dir", str(args.models_dir)]
    command += ["--tune"] if args.tune and name == "qwen2.5-0.5b" else []
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
    """The brief's rule: the larger model only if it keeps the first token under 3 s here."""
    by_name = {r["model"]: r for r in results}
    small, large = by_name.get("qwen2.5-0.5b"), by_name.get("qwen2.5-1.5b")
    if small is None or large is None:
        return "qwen2.5-0.5b (the only one measured)" if small else "no 0.5B result"
    if large.get("first_token_s", 99.0) <= 3.0:
        return "qwen2.5-1.5b: first token within 3 s here, and it paraphrases instead of copying"
    return (f"qwen2.5-0.5b as the default: first token {small.get('first_token_s')} s vs "
            f"{large.get('first_token_s')} s for 1.5B under the same load, peak RSS "
            f"{small.get('peak_rss_mb')} vs {large.get('peak_rss_mb')} MB; offer 1.5B as an "
            "opt-in for better prose (see the samples)")


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


def markdown(report: dict[str, Any]) -> str:
    rows = [
        ("file (MB)", "file_mb"), ("llama.cpp threads", "threads"),
        ("load average at start / end", "load"), ("server start (s)", "server_start_s"),
        ("prompt tokens (pp run)", "prompt_tokens"), ("prompt tokens/s", "prompt_tokens_per_s"),
        ("generation tokens/s", "generation_tokens_per_s"),
        ("first streamed token (s, median)", "first_token_s"),
        ("whole answer (s, median)", "whole_answer_s"), ("answer tokens", "answer_tokens"),
        ("peak RSS (MB)", "peak_rss_mb"),
    ]
    models = report["models"]
    lines = [
        "# Local LLM benchmark", "",
        f"`{report['command']}` — {report['machine']['cpus']} CPUs, 1-min load average "
        f"{report['machine']['load_avg_1m_at_end']} at the end (the machine is shared).", "",
        "Prompt: the real answer prompt (prompts/answer.yaml) with ~900 tokens of numbered "
        "abstract sentences; temperature 0; median of the runs after a warm-up.", "",
        "| | " + " | ".join(m["model"] for m in models) + " |",
        "|---|" + "---|" * len(models),
    ]
    for m in models:
        m["load"] = f"{m.get('load_avg_1m_at_start')} / {m.get('load_avg_1m_at_end', '-')}"
        cache = m.get("follow_up_first_token_s") or {}
        m["cache"] = f"{cache.get('cache_prompt_on', '-')} / {cache.get('cache_prompt_off', '-')}"
    rows.append(("follow-up first token, cache_prompt on / off (s)", "cache"))
    for label, key in rows:
        lines.append(f"| {label} | " + " | ".join(str(m.get(key, "-")) for m in models) + " |")
    if any(m.get("incomplete") for m in models):
        lines += ["", "A '-' is a measurement the run did not reach (stopped for time)."]
    lines += ["", f"**Recommendation:** {report['recommendation']}", ""]
    for m in models:
        if m.get("tuning"):
            lines += [f"## Tuning ({m['model']}, 1 run each, ~990-token prompt)", "",
                      "| threads | batch | poll | pp tok/s | gen tok/s | load |",
                      "|---|---|---|---|---|---|"]
            lines += [f"| {t['threads']} | {t['batch']} | {t['poll']} "
                      f"| {t['prompt_tokens_per_s']} | {t['generation_tokens_per_s']} "
                      f"| {t['load_avg_1m']} |" for t in m["tuning"]]
            lines.append("")
    lines += ["## Sample cited answers", ""]
    for i, question in enumerate(SAMPLE_QUESTIONS):
        lines += [f"### Q{i + 1}. {question}", "", "Evidence:", "", "```",
                  models[0]["samples"][i]["evidence"], "```", ""]
        for m in models:
            sample = m["samples"][i]
            check = sample["check"]
            lines += [f"**{m['model']}** ({sample['seconds']} s; {check['sentences']} sentences: "
                      f"{check['cited_at_end']} cited at the end, {check['leading_number']} "
                      f"numbered like a list, {check['supported']} with a supporting citation, "
                      f"{check['copied']} copied; out of range {check['out_of_range']}):", "",
                      "> " + sample["answer"].strip().replace("\n", "\n> "), ""]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--models", nargs="*", default=list(LOCAL_MODELS))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tune", action="store_true", help="sweep threads/batch on 0.5B")
    parser.add_argument("--threads", type=int, default=None,
                        help="llama.cpp threads (default: settings, 0 = all cores)")
    parser.add_argument("--models-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=REPORTS)
    parser.add_argument("--render", action="store_true",
                        help="rewrite the .md (and checks) from the existing .json, no model run")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.render:
        report = json.loads((args.out / "bench_llm.json").read_text())
        for model in report["models"]:
            for sample in model.get("samples", []):
                sample["check"] = citation_check(sample["answer"], sample["evidence"])
        write_reports(report["models"], args.out, report["command"], report["machine"])
        return 0
    if args.models_dir is None:
        from assistant.settings import load_settings

        args.models_dir = load_settings().models_dir
    if args.worker:
        worker(args.worker, args.models_dir, args.runs, args.tune, args.threads,
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
