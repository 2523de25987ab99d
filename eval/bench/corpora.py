"""The corpora and queries each benchmark size runs on.

76 is the bundled Daily Papers page, 5,183 is SciFact, and any larger size is SciFact followed by
made-up abstracts: sentences recombined from different SciFact abstracts (each taken from the same
relative position as in its own abstract, so openings stay openings), under new ids and titles.
Each made-up abstract is seeded by its own index, so a smaller corpus is always a prefix of a
larger one; that is what lets the 100k retrieval run reuse the 20k run's real vectors.
Generated files go to the work dir (a cache), never into the repository.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass, field
from pathlib import Path

from assistant.chunking import split_sentences

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SCIFACT_DIR = SHARED / "benchmarks" / "scifact"
BUNDLED = REPO / "assistant" / "data" / "daily_papers_self_evolving.txt"
BUNDLED_SIZE = 76
SCIFACT_SIZE = 5183
SEED = 20250730


@dataclass(frozen=True)
class Workload:
    """What one size indexes and asks."""

    size: int
    label: str
    source: Path
    queries: list[str]
    warmup: list[str]
    # query text -> relevant paper ids; a sanity check that every system really retrieves.
    relevant: dict[str, set[str]] = field(default_factory=dict)


def workload(size: int, work: Path, n_queries: int = 50, n_warmup: int = 5) -> Workload:
    if size == BUNDLED_SIZE:
        questions = _dev_questions()
        return Workload(size, "bundled Daily Papers", BUNDLED,
                        questions[n_warmup:n_warmup + n_queries], questions[:n_warmup])
    source = corpus_file(size, work)
    label = ("SciFact" if size == SCIFACT_SIZE else
             f"SciFact, first {size}" if size < SCIFACT_SIZE else
             f"SciFact + {size - SCIFACT_SIZE:,} synthetic")
    test = _scifact_queries("queries.jsonl")
    relevant = _scifact_qrels("qrels.tsv")
    measured = [text for qid, text in test if qid in relevant][:n_queries]
    warmup = [text for _, text in _scifact_queries("queries_train.jsonl")[:n_warmup]]
    by_text = {text: relevant[qid] for qid, text in test if qid in relevant}
    return Workload(size, label, source, measured, warmup, {q: by_text[q] for q in measured})


def corpus_file(size: int, work: Path, seed: int = SEED) -> Path:
    """The BEIR JSONL paperchat and the baselines read for `size` (written once, then reused)."""
    scifact = SCIFACT_DIR / "corpus.jsonl"
    if size == SCIFACT_SIZE:
        return scifact
    name = (f"scifact-first-{size}.jsonl" if size < SCIFACT_SIZE
            else f"synthetic-{size}-seed{seed}.jsonl")
    path = work / "corpora" / name
    if path.is_file():
        return path
    records = _read_jsonl(scifact)
    if size < SCIFACT_SIZE:
        rows = [{"_id": r["id"], "title": r["title"], "text": r["text"]} for r in records[:size]]
    else:
        rows = [{"_id": r["id"], "title": r["title"], "text": r["text"]} for r in records]
        rows.extend(synthetic_records(records, size - len(records), seed))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with partial.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row) + "\n")
    partial.replace(path)
    return path


def synthetic_records(records: list[dict], count: int, seed: int = SEED) -> list[dict]:
    """`count` made-up abstracts recombined from `records` (dicts with title and text)."""
    abstracts = [[record["text"][s:e] for s, e in split_sentences(record["text"])]
                 for record in records]
    abstracts = [sentences for sentences in abstracts if sentences]
    titles = [record["title"].split() for record in records if record["title"].strip()]
    out = []
    for index in range(count):
        rng = random.Random(f"{seed}:{index}")
        length = len(rng.choice(abstracts))
        sentences = []
        for position in range(length):
            donor = rng.choice(abstracts)
            relative = position / (length - 1) if length > 1 else 0.0
            sentences.append(donor[round(relative * (len(donor) - 1))])
        head, tail = rng.choice(titles), rng.choice(titles)
        title = " ".join(head[: max(1, len(head) // 2)] + tail[len(tail) // 2:])
        out.append({"_id": f"syn{index:06d}", "title": title, "text": " ".join(sentences)})
    return out


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _dev_questions() -> list[str]:
    rows = _read_jsonl(REPO / "eval" / "datasets" / "dev.jsonl")
    return [row["question"] for row in rows]


def _scifact_queries(name: str) -> list[tuple[str, str]]:
    return [(str(row["id"]), row["text"]) for row in _read_jsonl(SCIFACT_DIR / name)]


def _scifact_qrels(name: str) -> dict[str, set[str]]:
    relevant: dict[str, set[str]] = {}
    lines = (SCIFACT_DIR / name).read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        qid, doc_id, score = line.split("\t")
        if int(score) > 0:
            relevant.setdefault(qid, set()).add(doc_id)
    return relevant
