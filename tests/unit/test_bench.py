"""The benchmark's pure parts: percentiles, recall, synthetic corpora, recycled vectors, report."""

from __future__ import annotations

import numpy as np
import pytest

from eval.bench.corpora import synthetic_records
from eval.bench.measure import disk_bytes, latency_summary, recall_at_k
from eval.bench.recycled import RecycledEmbeddings
from eval.bench.report import markdown

RECORDS = [
    {"title": "Aspirin lowers fever in adults",
     "text": "Aspirin was given. Fever fell. We conclude it works."},
    {"title": "Sleep and memory in mice",
     "text": "Mice slept less. Memory declined. Sleep matters."},
    {"title": "Gene X drives tumour growth", "text": "Gene X was knocked out. Tumours shrank."},
]


def test_latency_summary_in_ms_and_none_when_nothing_was_timed():
    assert latency_summary([0.010, 0.020, 0.030])["p50_ms"] == 20.0
    assert latency_summary([]) == {"n": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}


def test_recall_is_the_mean_share_of_relevant_papers_found():
    ranked = {"q1": ["a", "b"], "q2": ["c"]}
    assert recall_at_k(ranked, {"q1": {"a", "z"}, "q2": {"c"}}) == 0.75
    assert recall_at_k(ranked, {}) is None


def test_synthetic_corpus_is_seeded_and_prefix_stable():
    small, large = synthetic_records(RECORDS, 4, seed=1), synthetic_records(RECORDS, 9, seed=1)
    assert large[:4] == small
    assert synthetic_records(RECORDS, 9, seed=2) != large
    assert len({r["_id"] for r in large}) == 9
    pool = {s for r in RECORDS for s in r["text"].replace(". ", ".|").split("|")}
    for record in large:
        assert record["title"] and record["text"]
        assert all(sentence in pool for sentence in record["text"].replace(". ", ".|").split("|"))


def test_recycled_vectors_are_real_when_known_and_seeded_noise_otherwise():
    rng = np.random.default_rng(0)
    pool = rng.normal(size=(3, 384)).astype(np.float32)
    pool /= np.linalg.norm(pool, axis=1, keepdims=True)
    recycled = RecycledEmbeddings({f"t{i}": v for i, v in enumerate(pool)}, noise=0.025, seed=7)
    assert np.array_equal(recycled.embed(["t1"])[0], pool[1])
    new = recycled.embed(["unseen text", "unseen text"])
    assert np.array_equal(new[0], new[1])
    assert np.linalg.norm(new[0]) == pytest.approx(1.0, abs=1e-5)
    assert 0.8 < float(np.max(pool @ new[0])) < 0.999


def test_disk_bytes_counts_files_below_a_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "f").write_bytes(b"x" * 10_000)
    assert disk_bytes(tmp_path) >= 10_000 and disk_bytes(tmp_path / "missing") == 0


def test_markdown_reports_every_system_and_the_targets():
    index = {"seconds": 10.0, "cpu_seconds": 8.0, "docs_per_s": 7.6, "peak_rss_mb": 600.0,
             "disk_mb": 2.0}
    retrieval = {"p50_ms": 20.0, "p95_ms": 30.0, "cpu_p50_ms": 15.0, "recall_at_k": None}
    systems = {key: {"index": index, "retrieval": retrieval}
               for key in ("paperchat", "bm25", "dense")}
    results = {"plan": {"queries": 50, "k": 10, "dense_embed_max": 5183},
               "machine": {"cpus": 2, "loadavg_at_start": [1.0], "python": "3.11",
                           "chromadb": "1", "started": "now"},
               "sizes": [{"size": 76, "label": "bundled", "systems": systems}]}
    text = markdown(results, "python -m eval.bench --sizes 76")
    assert "`python -m eval.bench --sizes 76`" in text
    assert all(f"| 76 | {key} |" in text for key in systems)
    assert "peak RSS while indexing < 4 GB: at most 600 MB, met" in text


def test_bench_llm_medians_count_only_what_the_model_wrote():
    from eval.bench_llm import markdown, summarize

    def sample(first, total, called, supported):
        return {"id": "q", "question": "What?", "first_token_s": first, "total_s": total,
                "mode": "single", "abstained": not called, "model_called": called,
                "prompt_tokens": 400 if called else 0, "completion_tokens": 30 if called else 0,
                "answer": "A [1].", "warnings": [], "key_fact": 1.0 if called else None,
                "citation_precision": 1.0, "faithfulness": 1.0 if supported else 0.0,
                "sentences": [{"text": "A", "citations": [1], "supported": supported}]}

    samples = [sample(2.0, 5.0, True, True), sample(4.0, 7.0, True, False),
               sample(0.1, 0.1, False, True)]
    summary = summarize(samples)
    assert summary["first_token_s"] == 3.0 and summary["whole_answer_s"] == 6.0
    assert summary["all_answers_s"] == 5.0 and summary["answer_tokens_per_s"] == 10.0
    assert (summary["sentences"], summary["supported_sentences"]) == (3, 2)
    assert summary["key_fact"] == 1.0 and summary["faithfulness"] == pytest.approx(0.667)
    assert summarize([])["first_token_s"] is None
    report = {"command": "x", "machine": {"cpus": 2, "load_avg_1m_at_end": 1.0},
              "recommendation": "r", "models": [{"model": "m", "samples": samples, **summary}]}
    assert "NOT supported" in markdown(report) and "| first streamed token (s, median) | 3.0 |" \
        in markdown(report)
