"""bench.json (everything measured), bench.md (tables) and bench.png (scaling plot)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SYSTEMS = {"paperchat": "paperchat (hybrid: MiniLM + Chroma + BM25)",
           "bm25": "baseline (a): plain BM25 (bm25s)",
           "dense": "baseline (b): dense-only Chroma, same MiniLM"}


def write(results: dict[str, Any], out: Path, command: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps({"command": command, **results}, indent=1) + "\n")
    (out / "bench.md").write_text(markdown(results, command))
    if results["sizes"]:
        plot(results, out / "bench.png")


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _rows(records: list[dict[str, Any]]) -> list[str]:
    lines = ["| papers | system | index s (wall) | of which embedding s | index CPU s | docs/s "
             "| peak RSS MB (indexing) | disk MB | retrieval p50 ms | p95 ms | CPU p50 ms "
             "| recall@10 |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for record in records:
        for key, system in record["systems"].items():
            index, retrieval = system["index"], system["retrieval"]
            reused = index.get("vectors") == "reused from paperchat"
            # A reused-vector row's own process did not embed: its CPU and RSS leave that out.
            cpu = f"{_fmt(index['cpu_seconds'])} (no embedding)" if reused else _fmt(
                index["cpu_seconds"])
            lines.append(
                f"| {_fmt(record['size'])} | {key} | {_fmt(index['seconds'])} "
                f"| {_fmt(index.get('embed_seconds'))} "
                f"| {cpu} | {_fmt(index['docs_per_s'])} "
                f"| {_fmt(index['peak_rss_mb'], 0)} | {_fmt(index['disk_mb'])} "
                f"| {_fmt(retrieval['p50_ms'], 2)} | {_fmt(retrieval['p95_ms'], 2)} "
                f"| {_fmt(retrieval['cpu_p50_ms'], 2)} | {_fmt(retrieval['recall_at_k'], 3)} |")
    return lines


def markdown(results: dict[str, Any], command: str) -> str:
    plan, machine = results["plan"], results["machine"]
    lines = [
        "# Speed and scale benchmark",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {machine['cpus']} cores (shared with other jobs during the run: load average "
        f"{machine['loadavg_at_start']} at start, {machine.get('loadavg_at_end', '?')} at end), "
        f"Python {machine['python']}, chromadb {machine['chromadb']}; "
        f"{machine['started']} to {machine.get('finished', '(unfinished)')}.",
        "Wall times are inflated by the other jobs; CPU seconds (user + system of the measuring "
        "process, from its rusage) are the steadier figure.",
        "",
        "Systems, all over the same documents (title + abstract, as paperchat embeds them):",
        "",
    ]
    lines += [f"- **{key}**: {label}" for key, label in SYSTEMS.items()]
    lines += [
        "",
        "Each index step and each query step runs in its own process; peak RSS is that "
        "process's `ru_maxrss` (via `os.wait4`). Index time for paperchat is `Assistant.index`: "
        "a validating pass over the sources, then chunk, embed and upsert in batches of 64 "
        "papers, then the BM25 index. The dense baseline follows `Chroma.from_texts`: embed "
        "every text, then upsert in the client's max batch size. Retrieval latency is "
        f"{plan['queries']} queries (k={plan['k']}) after "
        "warm-up, each in a warm process; paperchat's includes embedding the query, BM25, "
        "Chroma, fusion and sentence marking. recall@10 is over SciFact's test claims (a check "
        "that each system retrieves for real; not reported for the bundled corpus).",
        "",
    ]
    if any(r["systems"].get("dense", {}).get("index", {}).get("vectors") == "reused from paperchat"
           for r in results["sizes"]):
        lines += [
            f"Above {plan['dense_embed_max']:,} papers the dense baseline does not embed again: "
            "it reads the same vectors from the paperchat index of the same run and adds the "
            "time paperchat spent embedding those very texts with the same embedder; its Chroma "
            "writes are timed for real. This halves the CPU the run takes on a shared machine. "
            "Its CPU seconds and peak RSS are then those of reading, upserting and one query "
            "embedding (the model is loaded), without embedding the corpus; at the size where it "
            "embeds for real, compare the two.",
            "",
        ]
    lines += ["## Index build and retrieval", "", *_rows(results["sizes"]), ""]
    if results.get("scale"):
        lines += _scale_section(results["scale"])
    lines += _cold_open(results)
    if results.get("projection"):
        lines += _projection_section(results["projection"], results)
    lines += _answer_section(results)
    if results.get("resume"):
        lines += _resume_section(results["resume"])
    lines += _checks(results)
    lines += ["", "![time and memory vs corpus size](bench.png)", ""]
    return "\n".join(lines)


def _scale_section(scale: dict[str, Any]) -> list[str]:
    return [f"## Retrieval at {scale['size']:,} papers", "",
            f"How: {scale['method']}", "", *_rows([scale]), ""]


def _cold_open(results: dict[str, Any]) -> list[str]:
    records = results["sizes"] + ([results["scale"]] if results.get("scale") else [])
    opened = [(r["size"], r["systems"]["paperchat"]["retrieval"].get("first_query_seconds"))
              for r in records]
    if not any(seconds is not None for _, seconds in opened):
        return []
    listed = ", ".join(f"{size:,} papers {seconds:.1f} s" for size, seconds in opened
                       if seconds is not None)
    return ["The first query in a fresh paperchat process (not in the latencies above) also "
            "loads the BM25 index, lists the stored papers and builds the name index: "
            f"{listed}.", ""]


def _projection_section(projection: dict[str, Any], results: dict[str, Any]) -> list[str]:
    n1, n2 = projection["from_sizes"]
    return [
        "## Scaling", "",
        f"paperchat's indexing throughput at {n2:,} papers is "
        f"{projection['throughput_ratio']:.2f}x its throughput at {n1:,} (1.00 = linear). "
        f"A straight line through those two points gives, for {projection['target']:,} papers: "
        f"{_fmt(projection['projected_seconds'] / 60)} min wall "
        f"({_fmt(projection['seconds_per_doc'] * 1000, 1)} ms per paper, under this run's load), "
        f"{_fmt(projection['projected_cpu_seconds'] / 60)} CPU-min, of which embedding "
        f"{_fmt(projection['projected_embed_seconds'] / 60)} min wall.", "",
    ]


def _answer_section(results: dict[str, Any]) -> list[str]:
    lines = ["## Answer latency", "",
             "Time to the first streamed piece of the answer and to the verified answer, "
             "retrieval included.", "",
             "| papers | provider | n | first token p50 ms | p95 ms | whole answer p50 ms "
             "| p95 ms | abstained | note |", "|---:|---|---:|---:|---:|---:|---:|---:|---|"]
    records = results["sizes"] + ([results["scale"]] if results.get("scale") else [])
    for record in records:
        system = record["systems"]["paperchat"]
        for key, provider in (("answer_extractive", "extractive"), ("answer_local", "local")):
            answer = system.get(key)
            if not answer:
                continue
            if "skipped" in answer:
                lines.append(f"| {_fmt(record['size'])} | {provider} | – | – | – | – | – | – "
                             f"| skipped: {answer['skipped']} |")
                continue
            note = (f"server start + first answer {answer['startup_seconds']} s; "
                    f"{answer['completion_tokens_mean']} tokens/answer"
                    if "startup_seconds" in answer else "composed from evidence, no model")
            lines.append(
                f"| {_fmt(record['size'])} | {provider} | {answer['n']} "
                f"| {_fmt(answer['first_token_p50_ms'])} | {_fmt(answer['first_token_p95_ms'])} "
                f"| {_fmt(answer['total_p50_ms'])} | {_fmt(answer['total_p95_ms'])} "
                f"| {answer['abstained']} | {note} |")
    return [*lines, ""]


def _resume_section(resume: dict[str, Any]) -> list[str]:
    rerun = resume["rerun"]
    return [
        "## Resumability", "",
        f"An index run of the bundled corpus (batches of {resume['batch_size']}) was SIGKILLed "
        f"after it reported {resume['killed_after_batches']} stored batches "
        f"({resume['killed_after_seconds']} s). The rerun found {rerun['unchanged']} papers "
        f"already stored and skipped them, embedded {rerun['embedded_texts']} texts for the "
        f"{rerun['added'] + rerun['updated']} others, and ended with {rerun['chunks']} chunks for "
        f"{rerun['papers']} papers ({resume['rerun_seconds']} s). A third run embedded "
        f"{resume['third_run']['embedded_texts']} texts ({resume['third_run_seconds']} s). "
        f"{'OK' if resume['ok'] else 'NOT OK'}.", "",
    ]


def _checks(results: dict[str, Any]) -> list[str]:
    lines = ["## Targets", ""]
    scale = results.get("scale")
    if scale:
        p50 = scale["systems"]["paperchat"]["retrieval"]["p50_ms"]
        lines.append(f"- retrieval p50 at {scale['size']:,} papers < 100 ms: {p50:.1f} ms, "
                     f"{'met' if p50 < 100 else 'NOT met'}")
    records = results["sizes"] + ([scale] if scale else [])
    if not records:
        return lines
    peak = max(r["systems"]["paperchat"]["index"]["peak_rss_mb"] for r in records)
    lines.append(f"- peak RSS while indexing < 4 GB: at most {peak:,.0f} MB, "
                 f"{'met' if peak < 4096 else 'NOT met'}")
    return lines


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    records = results["sizes"]
    scale = results.get("scale")
    figure, (ax_time, ax_mem, ax_lat) = plt.subplots(1, 3, figsize=(15, 4.6))
    styles = {"paperchat": "o-", "bm25": "s-", "dense": "^-"}
    for key in SYSTEMS:
        sizes = [r["size"] for r in records if key in r["systems"]]
        index = [r["systems"][key]["index"] for r in records if key in r["systems"]]
        ax_time.plot(sizes, [i["seconds"] for i in index], styles[key], label=key)
        ax_mem.plot(sizes, [i["peak_rss_mb"] for i in index], styles[key], label=key)
        latency = [r["systems"][key]["retrieval"]["p50_ms"] for r in records if key in r["systems"]]
        if scale:
            sizes, latency = sizes + [scale["size"]], latency + [
                scale["systems"][key]["retrieval"]["p50_ms"]]
        ax_lat.plot(sizes, latency, styles[key], label=key)
    projection = results.get("projection")
    if projection:
        last = records[-1]["systems"]["paperchat"]["index"]["seconds"]
        ax_time.plot([records[-1]["size"], projection["target"]],
                     [last, projection["projected_seconds"]], "o--", color="C0", alpha=0.5,
                     label="paperchat, projected")
    if scale:
        ax_mem.plot([scale["size"]], [scale["systems"]["paperchat"]["index"]["peak_rss_mb"]],
                    "o", mfc="none", color="C0", label="paperchat, recycled vectors")
        ax_lat.axhline(100, color="grey", ls=":", lw=1)
    ax_mem.axhline(4096, color="grey", ls=":", lw=1)
    for axis, title, unit in ((ax_time, "index build time", "seconds (wall)"),
                              (ax_mem, "peak RSS while indexing", "MB"),
                              (ax_lat, "retrieval latency p50", "ms")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_title(title)
        axis.set_xlabel("papers")
        axis.set_ylabel(unit)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def main(argv: list[str]) -> int:
    """Render bench.md and bench.png again from a bench.json (same numbers, newer layout)."""
    path = Path(argv[1])
    data = json.loads(path.read_text())
    command = data.pop("command")
    write(data, path.parent, command)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv))
