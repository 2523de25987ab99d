"""python -m eval.bench_pdf [--pdfs 50] [--runs 3] [--embedder minilm|keyword] [--out DIR]

Indexing throughput for a folder of multi-page full-text PDFs.

The PDFs are written by `eval/synthetic_pdf.py`: each takes the title of one bundled paper and
fills a numbered, sectioned body (with running heads, page numbers, hyphenation and a references
section) with sentences drawn, seeded, from the bundled abstracts; every other paper is set in two
columns. Each run indexes the folder into a fresh home with `Assistant.index` (read, chunk by
section, embed, store), the product path `paperchat index FOLDER` takes; a separate pass times
the reading alone (`read_pdf` on every file). Medians over the runs are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import tempfile
import time
from pathlib import Path

from eval.metrics import percentile
from eval.synthetic_pdf import PaperSpec, layout_paper, write_pdf

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "assistant" / "data" / "daily_papers_self_evolving.txt"
SECTIONS = ["Introduction", "Related Work", "Method", "Experiments", "Results", "Discussion",
            "Conclusion"]


def make_pdfs(folder: Path, count: int, seed: int = 19) -> dict[str, int]:
    """`count` PDFs in `folder`; returns their page and byte totals."""
    from assistant.chunking import split_sentences
    from assistant.sources import read_sources

    papers = read_sources([BUNDLED]).papers
    sentences = [p.abstract[s:e] for p in papers for s, e in split_sentences(p.abstract)]
    rng = random.Random(seed)
    totals = {"pdfs": 0, "pages": 0, "bytes": 0}
    for number in range(count):
        source = papers[number % len(papers)]
        title = source.title if number < len(papers) else f"{source.title} (part {number})"

        def paragraph(n: int) -> str:
            return " ".join(rng.choice(sentences) for _ in range(n))

        sections = [(f"{i} {name}",
                     [paragraph(rng.randint(4, 7)) for _ in range(rng.randint(2, 4))])
                    for i, name in enumerate(SECTIONS, start=1)]
        spec = PaperSpec(
            title=title, authors=source.authors[:4] or ["A. Author"],
            abstract=[source.abstract], sections=sections,
            references=[f"[{i}] A. Author and B. Author. A cited paper number {i}. In Venue, "
                        f"20{10 + i % 15}." for i in range(1, 25)],
            columns=2 if number % 2 else 1, running_header=title[:60],
            arxiv_stamp=f"arXiv:2501.{10000 + number:05d}v1 [cs.CL] 3 Jan 2025",
        )
        pages = layout_paper(spec)
        data = write_pdf(pages, info={"Title": f"paper{number}.pdf"})
        (folder / f"paper-{number:03d}.pdf").write_bytes(data)
        totals["pdfs"] += 1
        totals["pages"] += len(pages)
        totals["bytes"] += len(data)
    return totals


def _embeddings(kind: str, settings):  # type: ignore[no-untyped-def]  # returns one of two Embeddings classes
    if kind == "keyword":
        import sys

        sys.path.insert(0, str(REPO / "tests"))
        from fakes import KeywordEmbeddings

        return KeywordEmbeddings()
    return settings.make_embeddings()


def run(pdfs: int, runs: int, embedder: str, work: Path) -> dict[str, object]:
    from assistant.offline import keep_local
    from assistant.service import Assistant
    from assistant.settings import Settings
    from assistant.sources.pdf import read_pdf

    keep_local()
    folder = work / "pdfs"
    folder.mkdir(parents=True, exist_ok=True)
    totals = make_pdfs(folder, pdfs)
    files = sorted(folder.glob("*.pdf"))
    read_seconds, index_seconds, chunks = [], [], 0
    for _ in range(runs):
        started = time.perf_counter()
        for path in files:
            read_pdf(path)
        read_seconds.append(time.perf_counter() - started)
    for number in range(runs):
        home = work / f"home-{number}"
        shutil.rmtree(home, ignore_errors=True)
        settings = Settings(home=home)
        embeddings = _embeddings(embedder, settings)
        embeddings.embed_query("warm up")  # model load is not indexing
        assistant = Assistant.from_settings(settings, provider="extractive",
                                            embeddings=embeddings)
        started = time.perf_counter()
        report = assistant.index([folder])
        index_seconds.append(time.perf_counter() - started)
        if report.added != len(files) or report.skipped:
            raise SystemExit(f"run {number}: {report}")
        chunks = assistant.store.count_chunks()
        shutil.rmtree(home, ignore_errors=True)
    read_median, index_median = percentile(read_seconds, 50), percentile(index_seconds, 50)
    if read_median is None or index_median is None:
        raise SystemExit("--runs must be at least 1")
    return {
        **totals,
        "chunks": chunks,
        "runs": runs,
        "embedder": embedder,
        "read_seconds": [round(s, 2) for s in read_seconds],
        "index_seconds": [round(s, 2) for s in index_seconds],
        "read_median_s": round(read_median, 2),
        "index_median_s": round(index_median, 2),
        "read_pages_per_s": round(totals["pages"] / read_median, 1),
        "index_pdfs_per_s": round(totals["pdfs"] / index_median, 2),
        "index_pages_per_s": round(totals["pages"] / index_median, 1),
        "machine": f"{platform.machine()}, {os.cpu_count()} cpus, load average "
                   f"{os.getloadavg()[0]:.1f} at the end",
    }


def markdown(result: dict[str, object]) -> str:
    return "\n".join([
        "# Indexing throughput: full-text PDFs",
        "",
        f"{result['pdfs']} generated PDFs, {result['pages']} pages, "
        f"{int(result['bytes']) / 1e6:.1f} MB; {result['chunks']} chunks stored "  # type: ignore[call-overload]  # a value read back from JSON
        f"(embedder: {result['embedder']}); {result['runs']} runs, medians.",
        "",
        "| what | median | per run (s) | throughput |",
        "| --- | --- | --- | --- |",
        f"| read only (`read_pdf` on every file) | {result['read_median_s']} s | "
        f"{result['read_seconds']} | {result['read_pages_per_s']} pages/s |",
        f"| index (`Assistant.index(folder)`: read, chunk, embed, store) | "
        f"{result['index_median_s']} s | {result['index_seconds']} | "
        f"{result['index_pdfs_per_s']} PDFs/s, {result['index_pages_per_s']} pages/s |",
        "",
        f"Machine: {result['machine']}.",
        "",
        f"Command: `python -m eval.bench_pdf --pdfs {result['pdfs']} --runs {result['runs']} "
        f"--embedder {result['embedder']}`",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_pdf", description=__doc__)
    parser.add_argument("--pdfs", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--embedder", choices=["minilm", "keyword"], default="minilm",
                        help="minilm: the product's embedder; keyword: the tests' fake, to see "
                             "the cost of everything but embedding")
    parser.add_argument("--out", type=Path,
                        default=Path("eval/reports") / f"bench-pdf-{time.strftime('%Y-%m-%d')}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="paperchat-bench-pdf-") as work:
        result = run(args.pdfs, args.runs, args.embedder, Path(work))
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "" if args.embedder == "minilm" else f"-{args.embedder}"
    (args.out / f"bench_pdf{suffix}.json").write_text(json.dumps(result, indent=2) + "\n")
    text = markdown(result)
    (args.out / f"bench_pdf{suffix}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
