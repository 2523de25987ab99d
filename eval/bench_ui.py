"""Concurrent chat sessions against a running paperchat web app (127.0.0.1 only).

Each session is its own gradio_client Client (its own conversation state) and asks a few
questions in turn, follow-ups included, through the same `/ask` event the page uses. Reports
time to the first streamed update and to the final answer (median, p95), and errors: failed
requests and answers that came back as an error message. Stops by itself: every request has
a timeout and the whole run has a deadline.

    python -m eval.bench_ui --url http://127.0.0.1:7860/ --sessions 5
    python -m eval.bench_ui --serve --provider extractive     # start a throwaway app first
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

QUESTIONS = [
    "What does rStar-Math do?",
    "How does it compare to SPHERE?",
    "Which papers evaluate on AIME?",
    "Compare SPHERE and rStar-Math on how they make training data",
    "What does LongPO do?",
    "What is the capital of France?",
]
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Sample:
    session: int
    question: str
    first_update_s: float | None = None
    total_s: float | None = None
    error: str | None = None


@dataclass
class Report:
    url: str
    sessions: int
    questions: int
    errors: int
    wall_s: float
    total_median_s: float | None
    total_p95_s: float | None
    first_update_median_s: float | None
    first_update_p95_s: float | None
    samples: list[Sample] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _last_text(chat: Any) -> str:
    """The text of the last chat message, whatever shape the client hands back."""
    if not chat:
        return ""
    content = chat[-1].get("content") if isinstance(chat[-1], dict) else chat[-1]
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


def run_session(url: str, session: int, questions: list[str], options: dict[str, Any],
                timeout_s: float, deadline: float) -> list[Sample]:
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False, download_files=False,
                    httpx_kwargs={"timeout": timeout_s})
    samples = []
    try:
        for question in questions:
            sample = Sample(session=session, question=question)
            samples.append(sample)
            if time.monotonic() > deadline:
                sample.error = "skipped: run deadline reached"
                continue
            started = time.perf_counter()
            try:
                job = client.submit(question, api_name="/ask", **options)
                for _update in job:
                    if sample.first_update_s is None:
                        sample.first_update_s = time.perf_counter() - started
                    if time.perf_counter() - started > timeout_s:
                        job.cancel()
                        raise TimeoutError(f"no answer after {timeout_s:.0f} s")
                outputs = job.result(timeout=timeout_s)
                sample.total_s = time.perf_counter() - started
                text = _last_text(outputs[0] if isinstance(outputs, (list, tuple)) else None)
                if "Couldn't answer" in text or not text:
                    sample.error = f"error message in chat: {text[:160]}"
            except Exception as exc:  # a bench reports failures, it does not stop on them
                sample.error = f"{type(exc).__name__}: {str(exc)[:160]}"
    finally:
        client.close()
    return samples


def bench(url: str, sessions: int, turns: int, options: dict[str, Any], timeout_s: float,
          budget_s: float) -> Report:
    host = urlparse(url).hostname
    if host not in _LOOPBACK:
        raise SystemExit(f"bench_ui: only 127.0.0.1/localhost apps, not {host!r}")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # the client reads this, not just its flag
    started = time.monotonic()
    deadline = started + budget_s
    plans = [[QUESTIONS[(s + t) % len(QUESTIONS)] for t in range(turns)] for s in range(sessions)]
    samples: list[Sample] = []
    with ThreadPoolExecutor(max_workers=sessions) as pool:
        futures = [pool.submit(run_session, url, s, plan, options, timeout_s, deadline)
                   for s, plan in enumerate(plans)]
        for future in as_completed(futures):
            try:
                samples.extend(future.result())
            except Exception as exc:  # e.g. the app is not reachable at all
                samples.append(Sample(session=-1, question="(connect)",
                                      error=f"{type(exc).__name__}: {str(exc)[:160]}"))
    totals = [s.total_s for s in samples if s.total_s is not None and s.error is None]
    firsts = [s.first_update_s for s in samples if s.first_update_s is not None]
    return Report(
        url=url, sessions=sessions, questions=len(samples),
        errors=sum(s.error is not None for s in samples),
        wall_s=round(time.monotonic() - started, 2),
        total_median_s=_round(statistics.median(totals) if totals else None),
        total_p95_s=_round(percentile(totals, 95)),
        first_update_median_s=_round(statistics.median(firsts) if firsts else None),
        first_update_p95_s=_round(percentile(firsts, 95)),
        samples=sorted(samples, key=lambda s: (s.session, s.question)),
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _serve(provider: str | None) -> tuple[str, Any]:
    """A throwaway app on a free loopback port, with the configured settings."""
    import socket

    from assistant.service import Assistant
    from ui.app import serve

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assistant = Assistant.from_settings(provider=provider)
    app = serve(assistant, host="127.0.0.1", port=port, block=False)
    return f"http://127.0.0.1:{port}/", (app, assistant)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--serve", action="store_true", help="start a throwaway app first")
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--turns", type=int, default=3, help="questions per session")
    parser.add_argument("--provider", help="provider the app should answer with")
    parser.add_argument("--k", type=int)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per question")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds for the whole run")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 32 or not 1 <= args.turns <= 20:
        parser.error("--sessions must be 1..32 and --turns 1..20")

    options: dict[str, Any] = {}
    if args.provider:
        options["provider"] = args.provider
    if args.k:
        options["k"] = args.k
    url, served = _serve(args.provider) if args.serve else (args.url, None)
    # A watchdog: whatever hangs, the process ends after the budget plus a grace period.
    watchdog = threading.Timer(args.budget + 60, lambda: os._exit(3))
    watchdog.daemon = True
    watchdog.start()
    try:
        report = bench(url, args.sessions, args.turns, options, args.timeout, args.budget)
    finally:
        if served is not None:
            served[0].close()
            served[1].close()
    print(f"{report.sessions} sessions, {report.questions} questions in {report.wall_s:.1f} s; "
          f"{report.errors} errors")
    print(f"answer latency   median {report.total_median_s} s, p95 {report.total_p95_s} s")
    print(f"first update     median {report.first_update_median_s} s, "
          f"p95 {report.first_update_p95_s} s")
    for sample in report.samples:
        if sample.error:
            print(f"  session {sample.session}: {sample.question!r}: {sample.error}",
                  file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2))
    return 0 if report.errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
