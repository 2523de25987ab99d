"""The Eval tab's work, without gradio: run a QA file through chosen configurations with the
eval harness (`eval.runner.run_eval`, `eval.report.write_report`) and hand back what the tab
shows: the report's text, its plots and a zip of every file.

The dataset is indexed into its own home under `<PAPERCHAT_HOME>/eval/` (never the chat's
index), with the app's embedder, so nothing is loaded twice.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ConfigError, CorpusError, PaperchatError

if TYPE_CHECKING:
    from assistant.service import Assistant
    from eval.configs import EvalConfig

DATASETS_DIR = Path(__file__).resolve().parents[1] / "eval" / "datasets"
CONFIG_CHOICES = ("hybrid+extractive", "bm25+extractive", "dense+extractive", "rrf+extractive",
                  "hybrid+local", "hybrid+openai", "hybrid+openai-compatible")
Progress = Callable[[int, int, str], None]
_PLOT_LINE = re.compile(r"^!\[[^\]]*\]\([^)]*\)\s*$", re.M)


def bundled_datasets() -> list[tuple[str, str]]:
    """(label, path) of the QA sets shipped with the app."""
    found = []
    for path in sorted(DATASETS_DIR.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            count = sum(1 for line in handle if line.strip())
        found.append((f"{path.stem} ({count} questions)", str(path)))
    return found


@dataclass(frozen=True)
class AppEvalRun:
    summary_markdown: str
    plots: list[tuple[str, str]]
    """(png path, caption)."""
    archive: str
    metrics: dict[str, dict[str, Any]]


class _Counted:
    """An Assistant whose questions are counted, so the tab can show progress."""

    def __init__(self, inner: Assistant, tick: Callable[[], None]):
        self._inner, self._tick = inner, tick

    def retrieve(self, *args: Any, **kwargs: Any) -> Any:
        self._tick()  # every question starts with one retrieval
        return self._inner.retrieve(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def run_eval_in_app(home: Path, base: Assistant, dataset: str | Path, config_names: Sequence[str],
                    out_root: Path, *, limit: int | None = None,
                    progress: Progress | None = None) -> AppEvalRun:
    """Run `dataset` (a QA .jsonl) through `config_names`; the report lands in `out_root`."""
    from eval.configs import parse_configs
    from eval.report import write_report
    from eval.runner import EvalAssistants, collect_secrets, dataset_home, load_dataset, run_eval

    path = Path(dataset)
    if not path.is_file() or path.suffix.lower() not in (".jsonl", ".json"):
        raise CorpusError("pick a QA set (.jsonl): one question per line with id, question, "
                          "type, gold_titles and must_include", path)
    if not config_names:
        raise ConfigError("pick at least one configuration")
    loaded = load_dataset(path, limit=limit or None)
    configs: list[EvalConfig] = parse_configs(list(config_names), "hybrid+extractive")
    total = len(loaded.items) * len(configs)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, "answering")

    if progress is not None:
        progress(0, total, "indexing the dataset's papers")
    assistants = EvalAssistants(base.settings, dataset_home(home / "eval", loaded),
                                loaded.corpus, embeddings=base.embeddings)
    # Not closed afterwards: that would stop every local model server in the process,
    # the chat's too (they stop when the app exits).
    result = run_eval(loaded, configs,
                      lambda c: _Counted(assistants(c), tick),  # type: ignore[arg-type,return-value]
                      describe=lambda c: c.describe(base.settings))
    stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
    out = out_root / f"eval-{loaded.name}-{stamp}"
    paths = write_report(result, out, secrets=collect_secrets(base.settings))
    archive = shutil.make_archive(str(out), "zip", root_dir=out)
    # The tab shows the plots in a gallery: drop their (relative) image links and heading.
    text = _PLOT_LINE.sub("", paths["report.md"].read_text(encoding="utf-8"))
    text = re.sub(r"^## Plots\s*\n\s*(?=## )", "", text, flags=re.M)
    plots = [(str(out / name), caption) for name, caption in
             (("metrics.png", "Metrics per configuration"), ("by_type.png", "Per question type"),
              ("latency.png", "Latency histogram")) if (out / name).is_file()]
    return AppEvalRun(text, plots, archive, result.metrics)


def friendly_eval_error(exc: Exception) -> str:
    if isinstance(exc, CorpusError):
        return f"**Can't read the QA file.** {exc}"
    if isinstance(exc, PaperchatError):
        return f"**The evaluation stopped:** {exc}"
    return (f"**The evaluation stopped** on an unexpected error ({type(exc).__name__}); the "
            "server log has the details.")
