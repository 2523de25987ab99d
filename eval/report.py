"""Write an evaluation run to disk: metrics.json, per_question.jsonl, report.md, report.html and
the PNG plots they show (metric bars per configuration, per-type breakdown, latency histogram).
Tables break the metrics down per question type, per labelled intent and, for a conversation
set, per turn kind (first, dependent, new subject, unanswerable follow-up).

Every file passes through one redaction step, so a configured key never reaches an output,
even when a provider error message quoted it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval import metrics as m

if TYPE_CHECKING:
    from eval.runner import EvalResult

BAR_METRICS = m.SCORES
TABLE_METRICS = m.SCORES + m.ANSWER_EXTRA + m.COUNTS + m.LATENCY + m.TOKENS
TYPE_METRICS = ("recall@10", "ndcg@10", "key_fact", "citation_recall", "faithfulness",
                "accuracy", "label_accuracy")
INTENT_METRICS = ("recall@10", "key_fact", "citation_recall", "count_exact", "list_precision",
                  "list_recall", "accuracy")
KIND_COLUMNS = ("n", "right", "leak", "key_fact", "citation_precision", "citation_recall",
                "n_abstained")
KIND_NOTE = ("right: answered with at least half the key facts (or citing a gold paper when "
             "there are none), or abstained on an unanswerable turn. leak: share of turns citing "
             "a paper an earlier turn of the conversation cited that is not this turn's gold.")
WORST_PER_CONFIG = 8
REDACTED = "[redacted]"


class Redactor:
    def __init__(self, secrets: Sequence[str]):
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


def write_json_and_markdown(stem: Path, result: dict[str, Any], text: str) -> None:
    """A benchmark's result beside its Markdown report: `stem`.json and `stem`.md."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    stem.with_suffix(".md").write_text(text, encoding="utf-8")


def write_report(result: EvalResult, out_dir: Path, secrets: Sequence[str] = ()
                 ) -> dict[str, Path]:
    """All outputs of a run under `out_dir`; returns them by name."""
    out_dir.mkdir(parents=True, exist_ok=True)
    redact = Redactor(secrets)
    paths = {name: out_dir / name for name in
             ("metrics.json", "per_question.jsonl", "report.md", "report.html")}
    summary = result.summary()
    paths["metrics.json"].write_text(redact(json.dumps(summary, indent=2)) + "\n",
                                     encoding="utf-8")
    lines = [redact(json.dumps(row, ensure_ascii=False)) for row in result.rows]
    paths["per_question.jsonl"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    plots = make_plots(result, out_dir)
    paths.update({name: out_dir / name for name, _ in plots})
    worst = worst_questions(result.rows, WORST_PER_CONFIG)
    paths["report.md"].write_text(redact(render_markdown(result, plots, worst)), encoding="utf-8")
    paths["report.html"].write_text(redact(render_html(result, plots, worst)), encoding="utf-8")
    return paths


# --- which questions went worst ------------------------------------------------------------


def quality(row: dict[str, Any]) -> float:
    """0..1 for ranking questions: right abstention, retrieval, key facts, citations."""
    if row.get("error"):
        return 0.0
    if row.get("leak"):
        return 0.0
    if row["should_abstain"]:
        return 1.0 if row.get("abstained") else 0.0
    parts = [row[key] for key in ("recall@10", "key_fact", "citation_recall")
             if row.get(key) is not None]
    if "correct" in row:
        parts.append(1.0 if row["correct"] else 0.0)
    return sum(parts) / len(parts) if parts else 1.0


def worst_questions(rows: Sequence[dict[str, Any]], n: int) -> dict[str, list[dict[str, Any]]]:
    """Per configuration: the n weakest answerable questions, then a few missed abstentions
    (kept apart, or unanswerables, all scoring 0 when missed, would fill the list)."""
    by_config: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_config.setdefault(row["config"], []).append(row)
    worst = {}
    for name, group in by_config.items():
        weak = sorted((r for r in group if quality(r) < 1.0), key=lambda r: (quality(r), r["id"]))
        answerable = [r for r in weak if not r["should_abstain"]][:n]
        missed = [r for r in weak if r["should_abstain"]][: max(2, n // 3)]
        worst[name] = answerable + missed
    return worst


# --- plots ---------------------------------------------------------------------------------


def make_plots(result: EvalResult, out_dir: Path) -> list[tuple[str, str]]:
    """(file name, caption) of each PNG written."""
    import matplotlib

    matplotlib.use("Agg")  # no display: reports are written on servers and in CI
    import matplotlib.pyplot as plt

    names = list(result.metrics)
    plots: list[tuple[str, str]] = []
    overall = {n: result.metrics[n]["overall"] for n in names}
    shown = [k for k in BAR_METRICS if any(k in overall[n] for n in names)]
    if shown:
        fig, ax = plt.subplots(figsize=(max(6.0, 0.9 * len(shown) + 2), 4))
        _grouped_bars(ax, shown, names, lambda n, k: overall[n].get(k))
        plots.append(_save(fig, out_dir, "metrics.png", "Metrics per configuration"))

    by_type = {n: result.metrics[n]["by_type"] for n in names}
    panels = []
    for metric in TYPE_METRICS:
        types = sorted({t for n in names for t, values in by_type[n].items()
                        if values.get(metric) is not None})
        if len(types) > 1:
            panels.append((metric, types))
    if panels:
        fig, axes = plt.subplots(len(panels), 1, squeeze=False,
                                 figsize=(max(6.0, 1.1 * len(panels[0][1]) + 2),
                                          0.6 + 2.4 * len(panels)))
        for ax, (metric, types) in zip(axes[:, 0], panels, strict=True):
            _grouped_bars(ax, types, names,
                          lambda n, t, metric=metric: by_type[n].get(t, {}).get(metric))
            ax.set_title(metric, fontsize=10)
        plots.append(_save(fig, out_dir, "by_type.png", "Per question type"))

    scored = [r for r in result.rows if r.get("answerability") is not None]
    if scored and any(r["should_abstain"] for r in scored):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for label, should in (("answerable", False), ("unanswerable", True)):
            values = [r["answerability"] for r in scored if r["should_abstain"] == should]
            if values:
                ax.hist(values, bins=[i / 20 for i in range(21)], alpha=0.55, label=label)
        for threshold in sorted({r["answerability_threshold"] for r in scored}):
            ax.axvline(threshold, color="black", linestyle="--", linewidth=1)
        ax.set_xlabel("answerability score (dashed: the shipped threshold)")
        ax.set_ylabel("questions")
        plots.append(_save(fig, out_dir, "answerability.png",
                           "Answerability scores: answerable vs unanswerable questions"))

    key = "latency_s" if any("latency_s" in r for r in result.rows) else "retrieval_latency_s"
    series = {n: [r[key] for r in result.rows if r["config"] == n and key in r] for n in names}
    if any(series.values()):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        for name, values in series.items():
            if values:
                ax.hist(values, bins=20, alpha=0.55, label=name)
        ax.set_xlabel("answer latency (s)" if key == "latency_s" else "retrieval latency (s)")
        ax.set_ylabel("questions")
        plots.append(_save(fig, out_dir, "latency.png", "Latency histogram"))
    return plots


def _grouped_bars(ax: Any, groups: Sequence[str], names: Sequence[str], value: Any) -> None:
    width = 0.8 / max(len(names), 1)
    for i, name in enumerate(names):
        heights = [value(name, g) or 0.0 for g in groups]
        xs = [j + (i - (len(names) - 1) / 2) * width for j in range(len(groups))]
        ax.bar(xs, heights, width=width, label=name)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups, rotation=30, ha="right", fontsize=8)
    ax.set_ylim(0, 1.05)


def _save(fig: Any, out_dir: Path, name: str, caption: str) -> tuple[str, str]:
    """One legend above the panels, where it cannot hide a bar."""
    import matplotlib.pyplot as plt

    handles, labels = fig.axes[0].get_legend_handles_labels()
    top = 1 - 0.35 / fig.get_figheight()
    fig.legend(handles, labels, loc="upper center", ncol=min(len(labels), 4), fontsize=8,
               frameon=False)
    fig.tight_layout(rect=(0, 0, 1, top))
    fig.savefig(out_dir / name, dpi=100)
    plt.close(fig)
    return name, caption


# --- markdown ------------------------------------------------------------------------------


def _fmt(value: Any, metric: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        counted = metric == "n" or metric.startswith(("n_", "predicted_", "tokens_"))
        return f"{value:.0f}" if counted else f"{value:.3f}"
    return str(value)


def _table_rows(result: EvalResult) -> list[tuple[str, list[str]]]:
    names = list(result.metrics)
    rows = []
    for metric in TABLE_METRICS:
        values = [result.metrics[n]["overall"].get(metric) for n in names]
        if any(v is not None for v in values):
            shown = [_fmt(v, metric) for v in values]
            if metric in m.INTERVALS:
                shown = [f"{text} [{_fmt(overall.get(f'{metric}_low'), metric)}, "
                         f"{_fmt(overall.get(f'{metric}_high'), metric)}]"
                         if overall.get(f"{metric}_low") is not None else text
                         for text, overall in zip(
                             shown, (result.metrics[n]["overall"] for n in names), strict=True)]
            rows.append((metric, shown))
    return rows


def _group_rows(result: EvalResult, section: str, metrics: Sequence[str]
                ) -> list[tuple[str, str, list[str]]]:
    """(group, metric, a value per configuration) for one breakdown of metrics.json."""
    names = list(result.metrics)
    groups = list(dict.fromkeys(g for n in names for g in result.metrics[n].get(section, {})))
    if section != "by_kind":  # turn kinds keep the conversation's order
        groups.sort()
    rows = []
    for group in groups:
        for metric in metrics:
            values = [result.metrics[n].get(section, {}).get(group, {}).get(metric)
                      for n in names]
            if any(v is not None for v in values):
                rows.append((group, metric, [_fmt(v, metric) for v in values]))
    return rows


def _sections(result: EvalResult) -> list[tuple[str, str, list[tuple[str, str, list[str]]]]]:
    """(title, first column, rows) of each breakdown table, conversations' turn kinds first."""
    sections = [("Conversation turns by kind", "kind",
                 _group_rows(result, "by_kind", KIND_COLUMNS)),
                ("Per type", "type", _group_rows(result, "by_type", ("n",) + TYPE_METRICS)),
                ("Per intent", "intent",
                 _group_rows(result, "by_intent", ("n",) + INTENT_METRICS))]
    return [section for section in sections if section[2]]


def _evidence_lines(row: dict[str, Any]) -> list[str]:
    lines = [f'{c["title"]}: "{c["quote"]}"' for c in row.get("citations", [])]
    if not lines and row.get("hit_titles"):
        lines = ["retrieved: " + "; ".join(row["hit_titles"][:3])]
    return lines


def _row_scores(row: dict[str, Any]) -> str:
    keys = ("recall@10", "ndcg@10", "key_fact", "citation_precision", "citation_recall",
            "faithfulness", "judge", "label", "predicted_label")
    return ", ".join(f"{k} {_fmt(row[k])}" for k in keys if row.get(k) is not None)


def render_markdown(result: EvalResult, plots: Sequence[tuple[str, str]],
                    worst: dict[str, list[dict[str, Any]]]) -> str:
    summary = result.summary()
    names = list(result.metrics)
    ds = summary["dataset"]
    out = [f"# Evaluation: {_title(ds)}", "",
           f"{ds['questions']} questions, started {result.started}. "
           f"Configurations: {', '.join(names)}.", ""]
    for note in result.notes:
        out.append(f"> {note}")
    if result.notes:
        out.append("")
    out += ["## Overall", "", "| metric | " + " | ".join(names) + " |",
            "|---|" + "---:|" * len(names)]
    out += [f"| {metric} | " + " | ".join(values) + " |" for metric, values in _table_rows(result)]
    out += ["", "Retrieval and citation means leave out unanswerable questions; faithfulness "
            "covers answered (not abstained) questions; accuracy/precision are LitQA2-style "
            "(a right abstention counts as correct; precision = correct / answered). "
            "abstain_recall and false_abstention carry their 95% Wilson interval.", ""]
    for title, column, table in _sections(result):
        out += [f"## {title}", ""]
        if column == "kind":
            out += [KIND_NOTE, ""]
        out += [f"| {column} | metric | " + " | ".join(names) + " |",
                "|---|---|" + "---:|" * len(names)]
        out += [f"| {g} | {metric} | " + " | ".join(v) + " |" for g, metric, v in table]
        out.append("")
    if plots:
        out += ["## Plots", ""]
        out += [f"![{caption}]({name})" for name, caption in plots]
        out.append("")
    out += ["## Worst questions", ""]
    for name, rows in worst.items():
        out += [f"### {name}", ""]
        for row in rows:
            out.append(f"- **{row['id']}** ({_row_kind(row)}) {row['question']}")
            if row.get("previous"):
                out.append("  - after: " + " / ".join(row["previous"]))
            if row.get("standalone") and row["standalone"] != row["question"]:
                out.append(f"  - standalone: {row['standalone']}")
            if row.get("leaked"):
                out.append(f"  - leaked: {', '.join(row['leaked'])}")
            if row.get("error"):
                out.append(f"  - error: {row['error']}")
            if "answer" in row:
                out.append(f"  - answer{' (abstained)' if row.get('abstained') else ''}: "
                           f"{_one_line(row['answer'], 400)}")
            out.append(f"  - gold: {', '.join(row['gold']) or '(none: should abstain)'}; "
                       f"top retrieved: {', '.join(row.get('ranked', [])[:3])}")
            out += [f"  - evidence {_one_line(line, 300)}" for line in _evidence_lines(row)]
            scores = _row_scores(row)
            if scores:
                out.append(f"  - scores: {scores}")
        out.append("")
    return "\n".join(out)


def _row_kind(row: dict[str, Any]) -> str:
    return ", ".join(row[key] for key in ("type", "kind") if row.get(key))


def _title(dataset: dict[str, Any]) -> str:
    split = f", split {dataset['split']}" if dataset["split"] else ""
    return f"{dataset['name']} ({dataset['kind']}{split})"


def _one_line(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- html ----------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
.note{background:#fff8e1;padding:.5em 1em;border-left:4px solid #f0b400}
.q{margin:.8em 0;padding:.5em 1em;border-left:3px solid #c33}.ev{color:#555;font-size:.9em}
img{max-width:100%}
"""


def render_html(result: EvalResult, plots: Sequence[tuple[str, str]],
                worst: dict[str, list[dict[str, Any]]]) -> str:
    e = html.escape
    names = list(result.metrics)
    ds = result.summary()["dataset"]
    parts = ["<!doctype html><html><head><meta charset='utf-8'>",
             f"<title>paperchat eval: {e(ds['name'])}</title><style>{_CSS}</style></head><body>",
             f"<h1>Evaluation: {e(_title(ds))}</h1>",
             f"<p>{ds['questions']} questions, started {e(result.started)}.</p>"]
    parts += [f"<p class='note'>{e(note)}</p>" for note in result.notes]
    header = "".join(f"<th>{e(n)}</th>" for n in names)
    parts.append(f"<h2>Overall</h2><table><tr><th>metric</th>{header}</tr>")
    for metric, values in _table_rows(result):
        cells = "".join(f"<td class='n'>{e(v)}</td>" for v in values)
        parts.append(f"<tr><td>{e(metric)}</td>{cells}</tr>")
    parts.append("</table>")
    for title, column, table in _sections(result):
        parts.append(f"<h2>{e(title)}</h2>")
        if column == "kind":
            parts.append(f"<p>{e(KIND_NOTE)}</p>")
        parts.append(f"<table><tr><th>{e(column)}</th><th>metric</th>{header}</tr>")
        for group, metric, values in table:
            cells = "".join(f"<td class='n'>{e(v)}</td>" for v in values)
            parts.append(f"<tr><td>{e(group)}</td><td>{e(metric)}</td>{cells}</tr>")
        parts.append("</table>")
    for name, caption in plots:
        parts.append(f"<figure><img src='{e(name)}' alt='{e(caption)}'>"
                     f"<figcaption>{e(caption)}</figcaption></figure>")
    parts.append("<h2>Worst questions</h2>")
    for name, rows in worst.items():
        parts.append(f"<h3>{e(name)}</h3>")
        for row in rows:
            parts.append(f"<div class='q'><b>{e(row['id'])}</b> ({e(_row_kind(row))}) "
                         f"{e(row['question'])}")
            if row.get("previous"):
                parts.append(f"<br><span class='ev'>after: {e(' / '.join(row['previous']))}"
                             "</span>")
            if row.get("leaked"):
                parts.append(f"<br>leaked: {e(', '.join(row['leaked']))}")
            if row.get("error"):
                parts.append(f"<br>error: {e(row['error'])}")
            if "answer" in row:
                flag = " (abstained)" if row.get("abstained") else ""
                parts.append(f"<br><i>answer{flag}:</i> {e(_one_line(row['answer'], 600))}")
            parts.append(f"<br><span class='ev'>gold: {e(', '.join(row['gold']) or '(none)')}; "
                         f"top retrieved: {e(', '.join(row.get('ranked', [])[:3]))}</span>")
            for line in _evidence_lines(row):
                parts.append(f"<br><span class='ev'>{e(_one_line(line, 400))}</span>")
            scores = _row_scores(row)
            if scores:
                parts.append(f"<br><span class='ev'>{e(scores)}</span>")
            parts.append("</div>")
    parts.append("</body></html>")
    return "\n".join(parts)
