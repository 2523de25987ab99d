"""The benchmark plan: per size, paperchat and both baselines; then resumability and 100k.

Every step is one worker process (see `measure.run_worker`); results are written after each
step, so a run cut short still leaves what it measured.
"""

from __future__ import annotations

import os
import platform
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.bench.corpora import BUNDLED, BUNDLED_SIZE, SEED, Workload, workload
from eval.bench.measure import (
    WorkerFailed,
    WorkerRun,
    latency_summary,
    recall_at_k,
    run_worker,
)

MB = 2**20


@dataclass(frozen=True)
class Plan:
    sizes: list[int]
    work: Path
    scale: int = 100_000
    k: int = 10
    queries: int = 50
    answers: int = 20
    local_answers: int = 4
    dense_embed_max: int = 5183
    noise: float = 0.025
    resume: bool = True


def machine() -> dict[str, Any]:
    import chromadb

    return {"cpus": os.cpu_count(), "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
            "python": platform.python_version(), "chromadb": chromadb.__version__,
            "platform": platform.platform(), "started": time.strftime("%Y-%m-%d %H:%M:%S")}


def run(plan: Plan, save: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    results: dict[str, Any] = {"plan": {**plan.__dict__, "work": str(plan.work)},
                               "machine": machine(), "sizes": [], "resume": None, "scale": None}
    save(results)
    for size in sorted(plan.sizes):
        results["sizes"].append(bench_size(workload(size, plan.work, plan.queries), plan,
                                           keep_paperchat=size == keep_pool(plan)))
        save(results)
        if size == BUNDLED_SIZE and plan.resume:
            results["resume"] = bench_resume(plan.work)
            save(results)
    pool = max((s for s in plan.sizes if s > BUNDLED_SIZE), default=None)
    if plan.scale and pool is not None and plan.scale > pool:
        results["scale"] = bench_scale(plan, pool)
        save(results)
    results["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results["machine"]["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    results["projection"] = project(results, plan.scale)
    save(results)
    return results


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _index_record(run: WorkerRun, papers: int) -> dict[str, Any]:
    seconds = run.result["seconds"]
    return {**run.summary(), **run.result,
            "docs_per_s": round(papers / seconds, 2) if seconds else None,
            "disk_mb": round(run.result["disk_bytes"] / MB, 2)}


def _query_record(run: WorkerRun, load: Workload) -> dict[str, Any]:
    result = run.result
    cpu = latency_summary(result["cpu_seconds"])
    record = {**run.summary(), **latency_summary(result["seconds"]),
              "cpu_p50_ms": cpu["p50_ms"], "cpu_p95_ms": cpu["p95_ms"],
              "recall_at_k": recall_at_k(result["ranked"], load.relevant)}
    for key in ("embedder_load_seconds", "first_query_seconds", "load_seconds"):
        if key in result:
            record[key] = round(result[key], 3)
    return record


def _answer_record(answers: list[dict[str, Any]]) -> dict[str, Any]:
    if not answers:
        return {}
    first = latency_summary([a["first_token_seconds"] for a in answers])
    total = latency_summary([a["total_seconds"] for a in answers])
    return {"n": len(answers), "first_token_p50_ms": first["p50_ms"],
            "first_token_p95_ms": first["p95_ms"], "total_p50_ms": total["p50_ms"],
            "total_p95_ms": total["p95_ms"],
            "abstained": sum(a["abstained"] for a in answers),
            "completion_tokens_mean": round(sum(a["completion_tokens"] for a in answers)
                                            / len(answers), 1)}


def bench_size(load: Workload, plan: Plan, recycle: dict[str, Any] | None = None,
               tag: str | None = None, keep_paperchat: bool = False) -> dict[str, Any]:
    """paperchat, BM25 and dense-only Chroma over one corpus, each indexed from scratch."""
    base = plan.work / "runs" / (tag or str(load.size))
    source, work = str(load.source), plan.work
    print(f"[bench] {load.size:,} papers ({load.label})", flush=True)
    home = _fresh(base / "paperchat")
    index = run_worker({"task": "paperchat_index", "home": str(home), "source": source,
                        **({"recycle": recycle} if recycle else {})}, work)
    papers = index.result["papers"]
    query = run_worker({"task": "paperchat_query", "home": str(home), "queries": load.queries,
                        "warmup": load.warmup, "k": plan.k,
                        "answer_questions": load.queries[:plan.answers]}, work)
    record: dict[str, Any] = {
        "size": papers, "label": load.label, "source": source,
        "vectors": "recycled (see scale)" if recycle else "MiniLM",
        "systems": {"paperchat": {"index": _index_record(index, papers),
                                  "retrieval": _query_record(query, load),
                                  "answer_extractive": _answer_record(query.result["answers"])}},
    }
    print(f"[bench]   paperchat index {index.result['seconds']:.1f}s", flush=True)

    bm25_dir = _fresh(base / "bm25")
    bm25 = run_worker({"task": "bm25_index", "source": source, "directory": str(bm25_dir)}, work)
    bm25_q = run_worker({"task": "bm25_query", "directory": str(bm25_dir), "queries": load.queries,
                         "warmup": load.warmup, "k": plan.k}, work)
    record["systems"]["bm25"] = {"index": _index_record(bm25, papers),
                                 "retrieval": _query_record(bm25_q, load)}

    dense_dir = _fresh(base / "dense")
    task: dict[str, Any] = {"task": "dense_index", "source": source, "directory": str(dense_dir),
                            "cache": str(work / "cache")}
    if recycle or papers > plan.dense_embed_max:
        task.update(reuse_home=str(home),
                    embed_seconds=None if recycle else index.result["embed_seconds"])
    dense = run_worker(task, work)
    dense_q = run_worker({"task": "dense_query", "directory": str(dense_dir),
                          "cache": str(work / "cache"), "queries": load.queries,
                          "warmup": load.warmup, "k": plan.k}, work)
    record["systems"]["dense"] = {"index": _index_record(dense, papers),
                                  "retrieval": _query_record(dense_q, load)}

    if load.source == BUNDLED and plan.local_answers > 0:
        record["systems"]["paperchat"]["answer_local"] = _local_answers(
            home, load.queries[:plan.local_answers], work)
    # The numbers are kept; the indexes are not (except one the scale run reuses).
    for directory in (bm25_dir, dense_dir) if keep_paperchat else (base,):
        shutil.rmtree(directory, ignore_errors=True)
    return record


def _local_answers(home: Path, questions: list[str], work: Path,
                   timeout_s: float = 1200) -> dict[str, Any]:
    try:
        local = run_worker({"task": "paperchat_answer", "home": str(home), "provider": "local",
                            "questions": questions}, work, timeout_s=timeout_s)
    except WorkerFailed as exc:  # a crash or the time limit: reported, not fatal
        return {"skipped": str(exc)}
    if "skipped" in local.result:
        return {"skipped": local.result["skipped"]}
    return {**_answer_record(local.result["answers"]),
            "startup_seconds": round(local.result["startup_seconds"], 2), **local.summary()}


def bench_resume(work: Path, batch_size: int = 8, kill_after: int = 3) -> dict[str, Any]:
    """Kill an index run of the bundled corpus after `kill_after` batches, then run it again."""
    print("[bench] resumability", flush=True)
    home = _fresh(work / "runs" / "resume" / "paperchat")
    task = {"task": "paperchat_index", "home": str(home), "source": str(BUNDLED),
            "batch_size": batch_size}
    killed = run_worker(task, work, kill_after_progress=kill_after)
    rerun = run_worker(task, work)
    again = run_worker(task, work)
    result = rerun.result
    record = {
        "batch_size": batch_size, "killed_after_batches": killed.progress,
        "killed": killed.killed, "killed_after_seconds": round(killed.wall_seconds, 2),
        "rerun": {k: result[k] for k in ("papers", "added", "updated", "unchanged", "chunks",
                                          "embedded_texts")},
        "rerun_seconds": round(result["seconds"], 2),
        "third_run": {k: again.result[k] for k in ("added", "unchanged", "embedded_texts")},
        "third_run_seconds": round(again.result["seconds"], 2),
    }
    written = result["added"] + result["updated"]
    record["ok"] = (result["unchanged"] >= batch_size * kill_after
                    and result["embedded_texts"] == written
                    and result["unchanged"] + written == result["papers"]
                    and result["chunks"] == result["papers"]
                    and again.result["embedded_texts"] == 0)
    shutil.rmtree(home.parent, ignore_errors=True)
    return record


def bench_scale(plan: Plan, pool_size: int) -> dict[str, Any]:
    """Retrieval at `plan.scale` papers without embedding them all: real vectors for the first
    `pool_size` papers (read from a fresh paperchat index of that size), recycled ones for the
    rest (see `recycled.py`); BM25 is built over the real texts of all of them."""
    pool_load = workload(pool_size, plan.work, plan.queries)
    pool_home = _fresh(plan.work / "runs" / "scale-pool" / "paperchat")
    print(f"[bench] scale: pool of {pool_size:,} real vectors", flush=True)
    kept = plan.work / "runs" / str(pool_size) / "paperchat"
    if kept.is_dir():
        shutil.move(str(kept), str(pool_home))
        shutil.rmtree(kept.parent, ignore_errors=True)
    else:
        run_worker({"task": "paperchat_index", "home": str(pool_home),
                    "source": str(pool_load.source)}, plan.work)
    recycle = {"pool_home": str(pool_home), "noise": plan.noise, "seed": SEED}
    record = bench_size(workload(plan.scale, plan.work, plan.queries), plan, recycle,
                        tag=str(plan.scale))
    record["method"] = (
        f"first {pool_size:,} papers keep their real MiniLM vectors; each other paper gets the "
        f"real vector of a pool paper picked by its text's hash plus N(0, {plan.noise}^2) noise "
        "per dimension, renormalised. Index times here exclude embedding. BM25 indexes the real "
        "texts. Queries are embedded by the real MiniLM.")
    shutil.rmtree(pool_home.parent, ignore_errors=True)
    return record


def keep_pool(plan: Plan) -> int | None:
    """The size whose paperchat index the scale run reuses instead of embedding it again."""
    pool = max((s for s in plan.sizes if s > BUNDLED_SIZE), default=None)
    return pool if plan.scale and pool and plan.scale > pool else None


def project(results: dict[str, Any], target: int) -> dict[str, Any]:
    """A straight line through the measured paperchat index times of the largest two sizes."""
    points = [(r["size"], r["systems"]["paperchat"]["index"]) for r in results["sizes"]]
    points = [(n, i) for n, i in points if n > BUNDLED_SIZE]
    if len(points) < 2:
        return {}
    (n1, a), (n2, b) = points[-2], points[-1]
    out: dict[str, Any] = {"from_sizes": [n1, n2], "target": target,
                           "throughput_ratio": round(b["docs_per_s"] / a["docs_per_s"], 3)}
    for key in ("seconds", "cpu_seconds", "embed_seconds"):
        slope = (b[key] - a[key]) / (n2 - n1)
        out[f"{key}_per_doc"] = round(slope, 5)
        out[f"projected_{key}"] = round(b[key] + slope * (target - n2), 1)
    return out
