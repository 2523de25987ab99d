"""Concurrent chat sessions against a running paperchat web app (127.0.0.1 only).

Each session is its own gradio_client Client (its own conversation state) and asks questions
through the same `/ask` event the page uses. Reports time to the first streamed update and to
the final answer (median, p95), and errors: failed requests and answers that came back as an
error message. Stops by itself: every request has a timeout and the whole run has a deadline.

With `--duration`, each session keeps asking for that long, in short conversations about its
own paper of the bundled corpus ("What does <name> do?", then follow-ups that only make sense
with that session's history). Every answer is checked to belong to the session that asked:
the chat it returns holds exactly this conversation's questions, and the sources panel shows
the asked question and cites the session's paper. Any other outcome is a mismatch. The served
app's memory (RSS) is sampled throughout, and JSON + Markdown reports are written.

    python -m eval.bench_ui --url http://127.0.0.1:7860/ --sessions 5
    python -m eval.bench_ui --serve --provider extractive     # start a throwaway app first
    python -m eval.bench_ui --serve --provider extractive --sessions 20 --duration 60
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack, nullcontext
from dataclasses import asdict, dataclass, field
from datetime import date
from itertools import cycle
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from eval.metrics import percentile

QUESTIONS = [
    "What does rStar-Math do?",
    "How does it compare to SPHERE?",
    "Which papers evaluate on AIME?",
    "Compare SPHERE and rStar-Math on how they make training data",
    "What does LongPO do?",
    "What is the capital of France?",
]
# Follow-ups name no paper: only the session's own history says which paper "it" is. The app
# joins a follow-up to the one question before it, so each comes straight after a question that
# names the paper. With these, every named paper of the bundled corpus is cited by each turn or
# the turn abstains (checked with the extractive provider); other wordings ("What problem does
# it address?", "How does <name> work?") pull in a neighbouring paper for one or two names.
FOLLOW_UPS = ["How is it evaluated?", "What are its main results?"]
REPORTS = Path(__file__).parent / "reports"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_POLL_S = 0.02  # gradio_client's own iterator spins at 1 ms; twenty of those starve two cores
_LATEST_TURN = re.compile(
    r'<details class="pc-turn" id="pc-turn-(\d+)"[^>]*><summary><span class="pc-q">Q\d+</span> '
    r"(.*?)</summary>(.*?)</details>", re.S)
_PAPER_ID = re.compile(r"<code>(.*?)</code>")


# --- what the sessions ask ---------------------------------------------------------------


@dataclass(frozen=True)
class Turn:
    """One question; `paper_id` is the paper its answer must cite (None: not checked)."""

    question: str
    paper_id: str | None = None
    new_conversation: bool = False


def marker_papers() -> list[tuple[str, str]]:
    """(short name, paper id) for bundled papers whose title names them uniquely, in file order."""
    from assistant.names import title_name
    from assistant.sources import bundled_corpus_path, iter_sources

    owners: dict[str, list[str]] = {}
    for paper in iter_sources([bundled_corpus_path()]):
        name = title_name(paper.title)
        if name:
            owners.setdefault(name, []).append(paper.id)
    return [(name, ids[0]) for name, ids in owners.items() if len(ids) == 1]


def conversation(name: str, paper_id: str, turns: int) -> list[Turn]:
    questions = [q for follow_up in FOLLOW_UPS for q in (f"What does {name} do?", follow_up)]
    questions = questions[:turns]
    return [Turn(q, paper_id, new_conversation=i == 0) for i, q in enumerate(questions)]


def timed_plan(session: int, papers: list[tuple[str, str]], turns: int) -> Iterator[Turn]:
    """Conversations about the session's own paper, forever (the caller stops on time)."""
    name, paper_id = papers[session % len(papers)]
    return cycle(conversation(name, paper_id, turns))


def fixed_plan(session: int, turns: int) -> list[Turn]:
    """The original bench: a few mixed questions, one conversation, answers not attributed."""
    return [Turn(QUESTIONS[(session + t) % len(QUESTIONS)], new_conversation=t == 0)
            for t in range(turns)]


# --- one session -------------------------------------------------------------------------


@dataclass
class Sample:
    session: int
    conversation: int
    question: str
    paper_id: str | None = None
    first_update_s: float | None = None
    total_s: float | None = None
    cited: list[str] = field(default_factory=list)
    error: str | None = None
    mismatch: str | None = None


def _message_text(message: Any) -> str:
    content = message.get("content") if isinstance(message, dict) else message
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content)


def _last_text(chat: Any) -> str:
    """The text of the last chat message, whatever shape the client hands back."""
    return _message_text(chat[-1]) if chat else ""


def check_delivery(outputs: Any, asked: list[str], paper_id: str | None
                   ) -> tuple[list[str], str | None]:
    """(papers the newest answer cites, why it is not this conversation's answer or None).

    The returned chat must hold exactly the questions this conversation asked, in order, and
    the newest sources section must be for the last of them and cite `paper_id` (an answer
    that cites nothing, an abstention, cannot be attributed and is not a mismatch).
    """
    chat, panel = (outputs[0], outputs[1]) if isinstance(outputs, (list, tuple)) else (None, None)
    users = [html.unescape(_message_text(m)) for m in chat or []
             if isinstance(m, dict) and m.get("role") == "user"]
    if users != asked:
        return [], f"chat holds questions {users[-3:]!r}, this conversation asked {asked[-3:]!r}"
    latest = _LATEST_TURN.search(panel or "")
    if latest is None:
        return [], "no sources section in the panel"
    turn, question, body = int(latest.group(1)), html.unescape(latest.group(2)), latest.group(3)
    if turn != len(asked) - 1 or question != asked[-1]:
        return [], f"sources panel is for Q{turn + 1} {question!r}, not {asked[-1]!r}"
    cited = list(dict.fromkeys(html.unescape(p) for p in _PAPER_ID.findall(body)))
    if paper_id is not None and cited and paper_id not in cited:
        return cited, f"cites {cited}, the session asked about {paper_id}"
    return cited, None


def _ask(client: Any, question: str, options: dict[str, Any], timeout_s: float
         ) -> tuple[Any, float, float]:
    """(final outputs, seconds to first update, seconds to the answer) of one /ask."""
    started = time.perf_counter()
    job = client.submit(question, api_name="/ask", **options)
    first: float | None = None
    while not job.done():
        if first is None and job.outputs():
            first = time.perf_counter() - started
        if time.perf_counter() - started > timeout_s:
            job.cancel()
            raise TimeoutError(f"no answer after {timeout_s:.0f} s")
        time.sleep(_POLL_S)
    outputs = job.result(timeout=5)
    total = time.perf_counter() - started
    return outputs, total if first is None else first, total


def run_session(url: str, session: int, plan: Iterable[Turn], options: dict[str, Any],
                timeout_s: float, stop_at: float, *, until_stopped: bool) -> list[Sample]:
    """Ask the plan's questions in order. `until_stopped`: the plan is endless and reaching
    `stop_at` ends the session; otherwise questions left at `stop_at` count as skipped."""
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False, download_files=False,
                    httpx_kwargs={"timeout": timeout_s})
    samples: list[Sample] = []
    asked: list[str] = []
    conversations = 0
    broken = False  # after a failed turn the server's history is unknown: start afresh
    try:
        for turn in plan:
            if turn.new_conversation:
                if asked:
                    client.reset_session()  # a new session hash: fresh, empty server state
                asked, broken = [], False
                conversations += 1
            elif broken:
                continue
            sample = Sample(session, conversations, turn.question, turn.paper_id)
            if time.monotonic() > stop_at:
                if until_stopped:
                    break
                sample.error = "skipped: run deadline reached"
                samples.append(sample)
                continue
            samples.append(sample)
            asked.append(turn.question)
            try:
                outputs, sample.first_update_s, sample.total_s = _ask(
                    client, turn.question, options, timeout_s)
            except Exception as exc:  # a bench reports failures, it does not stop on them
                sample.error = f"{type(exc).__name__}: {str(exc)[:160]}"
                broken = True
                continue
            chat = outputs[0] if isinstance(outputs, (list, tuple)) else None
            text = _last_text(chat)
            if "Couldn't answer" in text or not text:
                sample.error = f"error message in chat: {text[:160]}"
                broken = True
                continue
            sample.cited, sample.mismatch = check_delivery(outputs, asked, turn.paper_id)
    finally:
        client.close()
    return samples


# --- the served app and its memory -------------------------------------------------------


def read_rss_mb(pid: int) -> float | None:
    """Resident memory of a process from /proc (Linux), in MB; None once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    found = re.search(r"^VmRSS:\s+(\d+)\s+kB", status, re.M)
    return int(found.group(1)) / 1024 if found else None


@dataclass
class RssSummary:
    pid: int
    start_mb: float
    peak_mb: float
    end_mb: float
    second_half_slope_mb_per_min: float
    samples: list[tuple[float, float]]  # (seconds since start, MB)


def slope_per_min(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (seconds, MB) points, in MB per minute; 0 for fewer than 2."""
    if len(points) < 2:
        return 0.0
    mean_t = statistics.fmean(t for t, _ in points)
    mean_m = statistics.fmean(m for _, m in points)
    spread = sum((t - mean_t) ** 2 for t, _ in points)
    if spread == 0:
        return 0.0
    return 60 * sum((t - mean_t) * (m - mean_m) for t, m in points) / spread


class RssSampler:
    """Samples a process's RSS every few seconds on a daemon thread."""

    def __init__(self, pid: int, every_s: float):
        self.pid = pid
        self.every_s = every_s
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)
        self._started = 0.0

    def __enter__(self) -> RssSampler:
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every_s + 5)
        self._sample()  # the end figure is taken after the last answer

    def _sample(self) -> None:
        mb = read_rss_mb(self.pid)
        if mb is not None:
            self.samples.append((round(time.monotonic() - self._started, 2), round(mb, 1)))

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every_s)

    def summary(self) -> RssSummary | None:
        if not self.samples:
            return None
        half = self.samples[-1][0] / 2
        return RssSummary(
            pid=self.pid, start_mb=self.samples[0][1],
            peak_mb=max(mb for _, mb in self.samples), end_mb=self.samples[-1][1],
            second_half_slope_mb_per_min=round(
                slope_per_min([s for s in self.samples if s[0] >= half]), 2),
            samples=self.samples)


class ServedApp:
    """`paperchat serve` in a child process on a free loopback port, so its memory is its own.

    Without `home` it gets a throwaway data directory (indexed from the bundled corpus at
    start, removed at the end). Always stopped on exit.
    """

    def __init__(self, provider: str | None, home: Path | None, startup_s: float = 240.0):
        self.provider = provider
        self.home = home
        self.startup_s = startup_s
        self.url = ""
        self.process: subprocess.Popen[bytes] | None = None
        self._scratch: Path | None = None

    def __enter__(self) -> ServedApp:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}/"
        self._scratch = Path(tempfile.mkdtemp(prefix="paperchat-bench-"))
        env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", ANONYMIZED_TELEMETRY="False",
                   HF_HUB_OFFLINE="1", PAPERCHAT_HOME=str(self.home or self._scratch / "home"))
        command = [sys.executable, "-m", "ui.cli", "serve", "--host", "127.0.0.1",
                   "--port", str(port)]
        if self.provider:
            command += ["--provider", self.provider]
        log = (self._scratch / "serve.log").open("wb")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env,
                                        cwd=Path(__file__).resolve().parents[1])
        log.close()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None and self._scratch is not None  # set by __enter__
        deadline = time.monotonic() + self.startup_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                tail = (self._scratch / "serve.log").read_text(errors="replace")[-1500:]
                raise SystemExit(f"bench_ui: the app exited ({self.process.returncode}):\n{tail}")
            try:
                with urllib.request.urlopen(self.url, timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(1)
        raise SystemExit(f"bench_ui: the app did not answer within {self.startup_s:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --- the run -----------------------------------------------------------------------------


@dataclass
class SessionSummary:
    session: int
    paper_id: str | None
    questions: int
    answers: int
    conversations: int
    errors: int
    mismatches: int
    abstained: int
    total_median_s: float | None


@dataclass
class Report:
    url: str
    provider: str | None
    sessions: int
    duration_s: float | None
    questions: int
    answers: int
    conversations: int  # each one a fresh Gradio session
    errors: int
    mismatches: int
    abstained: int
    wall_s: float
    answers_per_s: float
    total_median_s: float | None
    total_p95_s: float | None
    first_update_median_s: float | None
    first_update_p95_s: float | None
    rss: RssSummary | None = None
    rss_growth_kb_per_answer: float | None = None
    per_session: list[SessionSummary] = field(default_factory=list)
    problems: list[Sample] = field(default_factory=list)  # every error and mismatch


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _answered(sample: Sample) -> bool:
    return sample.total_s is not None and sample.error is None


def summarise(url: str, provider: str | None, sessions: int, duration_s: float | None,
              samples: list[Sample], wall_s: float, rss: RssSummary | None) -> Report:
    totals = [s.total_s for s in samples if _answered(s) and s.total_s is not None]
    firsts = [s.first_update_s for s in samples if s.first_update_s is not None]
    per_session = []
    for session in sorted({s.session for s in samples}):
        mine = [s for s in samples if s.session == session]
        times = [s.total_s for s in mine if _answered(s) and s.total_s is not None]
        per_session.append(SessionSummary(
            session=session, paper_id=mine[0].paper_id, questions=len(mine),
            answers=len(times), conversations=max(s.conversation for s in mine),
            errors=sum(s.error is not None for s in mine),
            mismatches=sum(s.mismatch is not None for s in mine),
            abstained=sum(_answered(s) and not s.cited and s.mismatch is None for s in mine),
            total_median_s=_round(percentile(times, 50))))
    growth = (round((rss.end_mb - rss.start_mb) * 1024 / len(totals), 1)
              if rss is not None and totals else None)
    return Report(
        url=url, provider=provider, sessions=sessions, duration_s=duration_s,
        questions=len(samples), answers=len(totals),
        conversations=sum(p.conversations for p in per_session),
        errors=sum(s.error is not None for s in samples),
        mismatches=sum(s.mismatch is not None for s in samples),
        abstained=sum(p.abstained for p in per_session),
        wall_s=round(wall_s, 2), answers_per_s=round(len(totals) / wall_s, 2) if wall_s else 0.0,
        total_median_s=_round(percentile(totals, 50)),
        total_p95_s=_round(percentile(totals, 95)),
        first_update_median_s=_round(percentile(firsts, 50)),
        first_update_p95_s=_round(percentile(firsts, 95)),
        rss=rss, rss_growth_kb_per_answer=growth, per_session=per_session,
        problems=[s for s in samples if s.error is not None or s.mismatch is not None],
    )


def bench(url: str, sessions: int, turns: int, options: dict[str, Any], timeout_s: float,
          budget_s: float, *, duration_s: float | None = None, pid: int | None = None,
          rss_every_s: float = 2.0) -> Report:
    host = urlparse(url).hostname
    if host not in _LOOPBACK:
        raise SystemExit(f"bench_ui: only 127.0.0.1/localhost apps, not {host!r}")
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # the client reads this, not just its flag
    papers = marker_papers() if duration_s is not None else []
    plans: list[Iterable[Turn]] = [
        timed_plan(s, papers, turns) if duration_s is not None else fixed_plan(s, turns)
        for s in range(sessions)]
    sampler = RssSampler(pid, rss_every_s) if pid is not None else None
    started = time.monotonic()
    stop_at = started + (min(duration_s, budget_s) if duration_s is not None else budget_s)
    samples: list[Sample] = []
    with sampler or nullcontext(), ThreadPoolExecutor(max_workers=sessions) as pool:
        futures = [pool.submit(run_session, url, s, plan, options, timeout_s, stop_at,
                               until_stopped=duration_s is not None)
                   for s, plan in enumerate(plans)]
        for future in as_completed(futures):
            try:
                samples.extend(future.result())
            except Exception as exc:  # e.g. the app is not reachable at all
                samples.append(Sample(session=-1, conversation=0, question="(connect)",
                                      error=f"{type(exc).__name__}: {str(exc)[:160]}"))
    return summarise(url, options.get("provider"), sessions, duration_s, samples,
                     time.monotonic() - started, sampler.summary() if sampler else None)


def warm_up(url: str, options: dict[str, Any], timeout_s: float) -> None:
    """One answer before measuring, so first-use loading is not counted as growth."""
    from gradio_client import Client

    client = Client(url, verbose=False, analytics_enabled=False, download_files=False,
                    httpx_kwargs={"timeout": timeout_s})
    try:
        _ask(client, QUESTIONS[0], options, timeout_s)
    finally:
        client.close()


# --- reports -----------------------------------------------------------------------------


def markdown(report: Report, max_slope: float | None) -> str:
    ok = report.errors == 0 and report.mismatches == 0
    lines = [
        f"# Concurrency: {report.sessions} sessions for "
        f"{report.duration_s or report.wall_s:.0f} s",
        "",
        f"_{date.today().isoformat()}, provider `{report.provider or 'configured'}`, "
        f"`python -m eval.bench_ui`, app at {report.url}_",
        "",
        f"**Errors and attribution: {'PASS' if ok else 'FAIL'}**: {report.answers} answers, "
        f"{report.errors} errors, {report.mismatches} answers attributed to the wrong session.",
        "",
    ]
    if report.rss is not None:
        rss = report.rss
        verdict = ("not judged (no --max-rss-slope given)" if max_slope is None else
                   "PASS" if rss.second_half_slope_mb_per_min <= max_slope else "FAIL")
        lines += [f"**Memory: {verdict}**: server RSS {rss.start_mb} -> {rss.end_mb} MB, "
                  f"{rss.second_half_slope_mb_per_min} MB/min in the second half, "
                  f"{report.rss_growth_kb_per_answer} kB per answer.", ""]
    lines += [
        "| figure | value |",
        "| --- | --- |",
        f"| questions asked / answered | {report.questions} / {report.answers} |",
        f"| conversations (each a new Gradio session) | {report.conversations} |",
        f"| answers per second | {report.answers_per_s} |",
        f"| answer latency median / p95 | {report.total_median_s} s / {report.total_p95_s} s |",
        f"| first update median / p95 | {report.first_update_median_s} s / "
        f"{report.first_update_p95_s} s |",
        f"| errors | {report.errors} |",
        f"| wrong-session answers (mismatches) | {report.mismatches} |",
        f"| abstentions (nothing cited, not attributable) | {report.abstained} |",
        f"| wall time | {report.wall_s} s |",
    ]
    if report.rss is not None:
        rss = report.rss
        limit = f" (limit {max_slope} MB/min)" if max_slope is not None else ""
        lines += [
            f"| server RSS start / peak / end | {rss.start_mb} / {rss.peak_mb} / "
            f"{rss.end_mb} MB |",
            f"| server RSS slope, second half | {rss.second_half_slope_mb_per_min} MB/min"
            f"{limit} |",
            f"| server RSS growth per answer | {report.rss_growth_kb_per_answer} kB |",
        ]
    lines += ["", "## Sessions", "",
              "| session | paper | questions | conversations | answers | errors | mismatches "
              "| abstained | median |",
              "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for s in report.per_session:
        lines.append(f"| {s.session} | `{s.paper_id}` | {s.questions} | {s.conversations} | "
                     f"{s.answers} | {s.errors} | {s.mismatches} | {s.abstained} | "
                     f"{s.total_median_s} s |")
    if report.problems:
        lines += ["", "## Problems", ""]
        lines += [f"- session {p.session}, {p.question!r}: {p.error or p.mismatch}"
                  for p in report.problems[:50]]
    lines += ["", "A mismatch is an answer whose returned chat does not hold exactly the "
              "questions its own conversation asked, whose sources panel is for another "
              "question, or which cites papers but not the one the session asked about.",
              "", "RSS is the served app's, sampled every few seconds after one warm-up answer. "
              "Gradio keeps each session's state (the conversation, every Answer with its "
              "hits) until its session capacity (10,000) is exceeded or an hour after the "
              "session closes, so with a new session per conversation RSS grows with the "
              "number of conversations even when nothing leaks.", ""]
    return "\n".join(lines)


def write_reports(report: Report, stem: Path, max_slope: float | None) -> None:
    stem.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{stem}.json").write_text(json.dumps(asdict(report), indent=2) + "\n")
    Path(f"{stem}.md").write_text(markdown(report, max_slope))


def _print(report: Report) -> None:
    print(f"{report.sessions} sessions, {report.questions} questions, {report.answers} answers "
          f"in {report.wall_s:.1f} s; {report.errors} errors, {report.mismatches} mismatches, "
          f"{report.abstained} abstained")
    print(f"answer latency   median {report.total_median_s} s, p95 {report.total_p95_s} s")
    print(f"first update     median {report.first_update_median_s} s, "
          f"p95 {report.first_update_p95_s} s")
    if report.rss is not None:
        rss = report.rss
        print(f"server RSS       start {rss.start_mb} MB, peak {rss.peak_mb} MB, end "
              f"{rss.end_mb} MB, second-half slope {rss.second_half_slope_mb_per_min} MB/min, "
              f"{report.rss_growth_kb_per_answer} kB per answer over {report.conversations} "
              "conversations")
    for sample in report.problems:
        print(f"  session {sample.session}: {sample.question!r}: "
              f"{sample.error or sample.mismatch}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--serve", action="store_true",
                        help="start a throwaway app (child process, temporary data dir) first")
    parser.add_argument("--home", type=Path, help="with --serve: use this data dir instead")
    parser.add_argument("--pid", type=int, help="without --serve: the app's pid, to sample RSS")
    parser.add_argument("--sessions", type=int, default=5)
    parser.add_argument("--turns", type=int,
                        help="questions per session, default 3 (with --duration: per "
                             "conversation, default and at most 4)")
    parser.add_argument("--duration", type=float,
                        help="seconds each session keeps asking (attributed questions)")
    parser.add_argument("--provider", help="provider the app should answer with")
    parser.add_argument("--k", type=int)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per question")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds for the whole run")
    parser.add_argument("--rss-every", type=float, default=2.0, help="seconds between samples")
    parser.add_argument("--max-rss-slope", type=float,
                        help="fail when server RSS grows faster (MB/min) in the second half")
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument("--report", type=Path,
                        help="write <report>.json and .md (default with --duration: "
                             "eval/reports/concurrency-DATE)")
    args = parser.parse_args(argv)
    if args.turns is None:
        args.turns = 3 if args.duration is None else 2 * len(FOLLOW_UPS)
    if not 1 <= args.sessions <= 32 or not 1 <= args.turns <= 20:
        parser.error("--sessions must be 1..32 and --turns 1..20")
    if args.duration is not None and not 1 <= args.duration <= args.budget:
        parser.error("--duration must be between 1 s and --budget")

    options: dict[str, Any] = {}
    if args.provider:
        options["provider"] = args.provider
    if args.k:
        options["k"] = args.k
    served = ServedApp(args.provider, args.home) if args.serve else None
    # A watchdog: whatever hangs, the process ends (and takes the served app with it) after
    # start-up, the budget and the last question's timeout.
    grace = (served.startup_s if served else 0) + args.timeout + 60

    def give_up() -> None:
        if served is not None and served.process is not None:
            served.process.kill()
        os._exit(3)

    watchdog = threading.Timer(args.budget + grace, give_up)
    watchdog.daemon = True
    watchdog.start()
    with ExitStack() as stack:
        if served is not None:
            stack.enter_context(served)
        url = served.url if served else args.url
        pid = served.process.pid if served and served.process else args.pid
        if args.duration is not None:
            warm_up(url, options, args.timeout)
        report = bench(url, args.sessions, args.turns, options, args.timeout, args.budget,
                       duration_s=args.duration, pid=pid, rss_every_s=args.rss_every)
    _print(report)
    stem = args.report or (REPORTS / f"concurrency-{date.today().isoformat()}"
                           if args.duration is not None else None)
    if stem is not None:
        write_reports(report, stem, args.max_rss_slope)
        print(f"wrote {stem}.json and .md")
    if args.json:
        args.json.write_text(json.dumps(asdict(report), indent=2))
    growing = (args.max_rss_slope is not None and report.rss is not None
               and report.rss.second_half_slope_mb_per_min > args.max_rss_slope)
    return 0 if report.errors == 0 and report.mismatches == 0 and not growing else 1


if __name__ == "__main__":
    raise SystemExit(main())
