"""BM25-only, dense-only and hybrid retrieval side by side, and the fusion tuning that set the
defaults in RetrievalSettings.

    .venv/bin/python -m eval.retrieval_bench --beir ../shared/benchmarks/scifact --split test
    .venv/bin/python -m eval.retrieval_bench --qa eval/datasets/dev.jsonl
    .venv/bin/python -m eval.retrieval_bench --beir ../shared/benchmarks/scifact --tune

Reports nDCG@10, Recall@10/100, MRR, query latency (median, p95) and indexing throughput.
`--tune` grids dense_weight (0.2..0.7, weighted fusion) against reciprocal-rank fusion on the
TRAIN split only, so the test numbers stay honest. The corpus is indexed once under the eval
cache (~/.cache/paperchat-eval) and reused; the MiniLM embedding of SciFact's 5,183 abstracts
takes minutes on two cores, so the throughput of that first build is stored beside the index.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError, PaperchatError
from eval import metrics as m
from eval.configs import EvalConfig
from eval.runner import (
    INDEX_STATS,
    EvalAssistants,
    EvalDataset,
    dataset_home,
    default_cache_dir,
    load_dataset,
    resolve_gold,
    score_retrieval,
)

if TYPE_CHECKING:
    from assistant.service import Assistant
    from assistant.settings import Settings

K = 100
TUNE_K = 10
"""Tuning ranks the top 10 only: the product asks for ~6 papers, so its candidate pool (and the
min-max normalisation over it) is the one k=10 gives, and it runs 7 variants x 809 queries."""
MODES = ("bm25", "dense", "hybrid")
DENSE_WEIGHTS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)


class MemoQueryEmbeddings(Embeddings):
    """Embeds each query once: the tuning grid asks the same questions many times."""

    def __init__(self, inner: Embeddings):
        self._inner = inner
        self._memo: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        if text not in self._memo:
            self._memo[text] = self._inner.embed_query(text)
        return self._memo[text]


def score_run(assistant: Assistant, dataset: EvalDataset, mode: str, progress: bool = False,
              k: int = K) -> dict[str, float]:
    """Mean retrieval metrics over the answerable questions, and query latency."""
    from tqdm import tqdm

    titles = {p.title: p.id for p in assistant.papers()}
    gold, missing = resolve_gold(dataset.items, titles)
    if missing:
        print(f"warning: {len(missing)} gold titles not in the index", file=sys.stderr)
    per_query: list[dict[str, float]] = []
    latencies: list[float] = []
    items = [i for i in dataset.items if not i.should_abstain and gold[i.id]]
    for item in tqdm(items, desc=mode, unit="q", file=sys.stderr, disable=not progress,
                     leave=False):
        started = time.perf_counter()
        hits = assistant.retrieve(item.question, k, mode=mode)  # type: ignore[arg-type]  # mode strings come from the CLI's choices
        latencies.append(time.perf_counter() - started)
        per_query.append(score_retrieval([h.paper_id for h in hits], gold[item.id], k))
    result = {key: m.mean(q[key] for q in per_query) for key in per_query[0]} if per_query else {}
    result["queries"] = float(len(per_query))
    for p in (50, 95):
        value = m.percentile(latencies, p)
        if value is not None:
            result[f"latency_p{p}_ms"] = 1000 * value
    return result


def index_throughput(assistants: EvalAssistants) -> dict[str, Any]:
    """Papers per second of the build that embedded the corpus (this run's or a cached one's)."""
    path = assistants.settings.home / INDEX_STATS
    stats = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    written = assistants.index_report.added + assistants.index_report.updated
    return stats | {"cached": written == 0}


def compare(assistants: EvalAssistants, dataset: EvalDataset, modes: Sequence[str],
            progress: bool) -> dict[str, dict[str, float]]:
    return {mode: score_run(assistants(EvalConfig(mode)), dataset, EvalConfig(mode).mode,
                            progress) for mode in modes}


def tune(assistants: EvalAssistants, dataset: EvalDataset, progress: bool
         ) -> dict[str, dict[str, float]]:
    """nDCG@10 etc. for each fusion variant (hybrid retrieval), query embeddings memoised."""
    from assistant.service import Assistant

    assistants(EvalConfig("hybrid"))  # indexes on first use
    store, memo = assistants.base.store, MemoQueryEmbeddings(assistants.base.embeddings)
    variants: dict[str, dict[str, object]] = {
        f"weighted w={w:.1f}": {"fusion": "weighted", "dense_weight": w} for w in DENSE_WEIGHTS}
    variants["rrf"] = {"fusion": "rrf"}
    results = {}
    for name, update in variants.items():
        base: Settings = assistants.settings
        settings = base.model_copy(
            update={"retrieval": base.retrieval.model_copy(update=update)})
        assistant = Assistant(settings, store, memo, None, provider="extractive")
        results[name] = score_run(assistant, dataset, "hybrid", progress, TUNE_K)
    return results


def format_table(rows: dict[str, dict[str, float]], first: str) -> str:
    columns = ("ndcg@10", "recall@10", "recall@100", "mrr", "latency_p50_ms", "latency_p95_ms")
    lines = [f"| {first} | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    for name, values in rows.items():
        cells = ["–" if c not in values else f"{values[c]:.1f}" if c.endswith("_ms") else
                 f"{values[c]:.3f}" for c in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval.retrieval_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--beir", type=Path, help="a BEIR folder (corpus.jsonl, queries, qrels)")
    source.add_argument("--qa", type=Path, help="one of our QA sets (over the bundled corpus)")
    parser.add_argument("--split", help="BEIR split (default test; train with --tune)")
    parser.add_argument("--modes", default=",".join(MODES),
                        help="comma-separated: bm25,dense,hybrid,rrf")
    parser.add_argument("--tune", action="store_true", help="grid the fusion on the train split")
    parser.add_argument("--limit", type=int, help="first n queries only")
    parser.add_argument("--name-boost", type=float,
                        help="override retrieval.name_boost (0 = off: benchmark claims name no "
                             "paper, but gene and drug names look like method names)")
    parser.add_argument("--cache", type=Path, help="index cache (default ~/.cache/paperchat-eval)")
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except PaperchatError as exc:
        print(f"retrieval_bench: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from assistant.settings import load_settings

    split = args.split or ("train" if args.tune else "test")
    if args.tune and (args.qa or split != "train"):
        raise ConfigError("--tune runs on a BEIR train split only (tuning on test leaks)")
    dataset = load_dataset(args.beir or args.qa, split, args.limit)
    home = dataset_home(args.cache or default_cache_dir(), dataset)
    progress = sys.stderr.isatty()
    settings = load_settings()
    if args.name_boost is not None:
        retrieval = settings.retrieval.model_copy(update={"name_boost": args.name_boost})
        settings = settings.model_copy(update={"retrieval": retrieval})
    assistants = EvalAssistants(settings, home, dataset.corpus, progress)
    try:
        if args.tune:
            rows = tune(assistants, dataset, progress)
            first = "fusion (train)"
        else:
            modes = [m.strip() for m in args.modes.split(",") if m.strip()]
            rows = compare(assistants, dataset, modes, progress)
            first = "mode"
    finally:
        assistants.close()
    indexing = index_throughput(assistants)
    print(f"# {dataset.name} ({dataset.kind}{', ' + dataset.split if dataset.split else ''}), "
          f"{int(next(iter(rows.values()))['queries'])} queries, "
          f"k={TUNE_K if args.tune else K}, name_boost={settings.retrieval.name_boost}\n")
    print(format_table(rows, first))
    rate = indexing.get("papers_per_s")
    print(f"\nindexing: {indexing.get('papers')} papers, "
          f"{rate if rate is not None else '?'} papers/s"
          f"{' (from the cached build)' if indexing.get('cached') else ''}")
    if args.tune:
        best = max(rows, key=lambda name: (rows[name]["ndcg@10"], rows[name]["mrr"]))
        print(f"best on {split}: {best} (nDCG@10 {rows[best]['ndcg@10']:.3f})")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        record = {"dataset": dataset.name, "kind": dataset.kind, "split": dataset.split,
                  "k": TUNE_K if args.tune else K, "results": rows, "indexing": indexing,
                  "retrieval": settings.retrieval.model_dump()}
        args.out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
