"""Speed and scale benchmarks: index build, retrieval and answer latency, memory, disk.

`python -m eval.bench` measures paperchat beside two baselines on the same documents in the
same run: plain BM25 (bm25s) and dense-only Chroma with the same MiniLM embedder (the usual
"embed, add, similarity_search" recipe). Each measurement runs in its own subprocess so its
peak RSS is its own (see `measure.run_worker`); generated corpora live in a work dir outside
the repository.
"""
