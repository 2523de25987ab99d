"""Run one measurement in a subprocess and read what it cost: wall time, CPU time, peak RSS.

Each worker is waited for with `os.wait4`, whose rusage belongs to that one child, so peak RSS
(ru_maxrss) is the worker's own and not the largest of every child so far, which is what
`getrusage(RUSAGE_CHILDREN)` would report after several runs.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.metrics import percentile

REPO = Path(__file__).resolve().parents[2]


@dataclass
class WorkerRun:
    result: dict[str, Any]
    peak_rss_bytes: int
    wall_seconds: float
    cpu_seconds: float
    progress: int
    killed: bool

    def summary(self) -> dict[str, Any]:
        return {"peak_rss_mb": round(self.peak_rss_bytes / 2**20, 1),
                "wall_seconds": round(self.wall_seconds, 3),
                "cpu_seconds": round(self.cpu_seconds, 3)}


class WorkerFailed(RuntimeError):
    pass


def worker_env(work: Path) -> dict[str, str]:
    """The caller's environment without PAPERCHAT_* (each task says its settings), offline."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERCHAT_")}
    env.update(ANONYMIZED_TELEMETRY="False", HF_HUB_OFFLINE="1", PYTHONUNBUFFERED="1",
               PAPERCHAT_CONFIG=str(work / "no-such-paperchat.toml"))
    return env


def run_worker(task: dict[str, Any], work: Path, *, kill_after_progress: int | None = None,
               timeout_s: float = 3 * 3600) -> WorkerRun:
    """Run `python -m eval.bench.worker TASK`; it prints PROGRESS lines and one RESULT line.

    With `kill_after_progress`, the worker is SIGKILLed once it has reported that many
    progress steps (an interrupted index run).
    """
    log = work / "logs" / f"{task['task']}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "eval.bench.worker", json.dumps(task)]
    started = time.perf_counter()
    with log.open("a", encoding="utf-8") as stderr:
        stderr.write(f"\n=== {time.strftime('%H:%M:%S')} {json.dumps(task)[:300]}\n")
        stderr.flush()
        proc = subprocess.Popen(command, cwd=REPO, env=worker_env(work), stdout=subprocess.PIPE,
                                stderr=stderr, text=True)
    timer = threading.Timer(timeout_s, lambda: os.kill(proc.pid, signal.SIGKILL))
    timer.start()
    result: dict[str, Any] | None = None
    progress, killed = 0, False
    try:
        assert proc.stdout is not None  # PIPE was asked for; not input validation
        for line in proc.stdout:
            if line.startswith("PROGRESS"):
                progress += 1
                if kill_after_progress is not None and progress >= kill_after_progress:
                    os.kill(proc.pid, signal.SIGKILL)
                    killed = True
                    break
            elif line.startswith("RESULT "):
                result = json.loads(line[len("RESULT "):])
        proc.stdout.close()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    finally:
        timer.cancel()
    wall = time.perf_counter() - started
    if not killed and (proc.returncode != 0 or result is None):
        raise WorkerFailed(f"{task['task']} exited with {proc.returncode}; see {log}")
    return WorkerRun(result or {}, usage.ru_maxrss * 1024, wall,
                     usage.ru_utime + usage.ru_stime, progress, killed)


def latency_summary(seconds: Sequence[float]) -> dict[str, float | None]:
    """n, p50, p95 and max in ms; None for each but n when nothing was timed."""
    ms = [s * 1000 for s in seconds]
    p50, p95 = percentile(ms, 50), percentile(ms, 95)
    return {"n": len(ms), "p50_ms": None if p50 is None else round(p50, 2),
            "p95_ms": None if p95 is None else round(p95, 2),
            "max_ms": round(max(ms), 2) if ms else None}


def disk_bytes(path: Path) -> int:
    """Bytes allocated on disk under `path` (what du reports; sparse files count as stored)."""
    if not path.exists():
        return 0
    if path.is_file():
        return path.stat().st_blocks * 512
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file())


def recall_at_k(ranked: dict[str, list[str]], relevant: dict[str, set[str]]) -> float | None:
    """Mean share of each query's relevant papers found in its ranked list."""
    scored = [len(set(ranked[q]) & wanted) / len(wanted)
              for q, wanted in relevant.items() if q in ranked and wanted]
    return round(sum(scored) / len(scored), 4) if scored else None
