"""Facet extraction measured against hand labels: precision and recall per facet and corpus.

    .venv/bin/python -m eval.facets_eval

The labels (eval/datasets/facets_labels.jsonl) were written by reading each abstract. Split
"dev": 30 papers drawn at random (seed 15) from the bundled corpus, and 20 SciFact abstracts,
10 drawn at random (seed 15) and 10 at random (seed 16) among abstracts that name a study,
registry or database, so that biomedical "benchmarks" (cohorts, registries, databases) have
something to recall; the patterns were developed while reading these. Split "heldout": 10
more SciFact abstracts (5 random, seed 17; 5 naming a study, seed 18), labelled after the code
was frozen and never used to change it. A label may list written alternatives
("Step Checker|STC").

Names are compared by `normalise_variant`: "GSM-8K" = "GSM8K", and sizes and tiers fold into
a family ("Qwen2.5-Math-Instruct-7B" = "Qwen2.5-Math"). A predicted name is right when it is
one of a label's alternatives; a label is found when any of its alternatives is predicted.
Links are compared without scheme, "www." or a trailing slash. The vocabulary is learned from
the whole corpus each paper belongs to (as at index time); the "no vocabulary" rows show what
the patterns alone find.

Writes eval/reports/facets.md.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from assistant.facets import Facets, FacetVocabulary, extract_facets, normalise_variant
from assistant.sources import bundled_corpus_path, iter_sources
from assistant.types import Paper

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "eval" / "datasets" / "facets_labels.jsonl"
REPORT = ROOT / "eval" / "reports" / "facets.md"
SCIFACT = ROOT.parent / "shared" / "benchmarks" / "scifact" / "corpus.jsonl"
KINDS = ("benchmarks", "models", "methods", "links")


@dataclass(frozen=True)
class Label:
    corpus: str
    split: str
    id: str
    title: str
    sample: str
    facets: dict[str, list[list[str]]]  # kind -> one list of alternatives per labelled name


@dataclass
class Score:
    """Counts for one facet kind over some papers."""

    predicted: int = 0
    right: int = 0  # predicted names that are labelled
    labelled: int = 0
    found: int = 0  # labelled names that were predicted
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.right / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.found / self.labelled if self.labelled else None

    def add(self, other: Score) -> None:
        self.predicted += other.predicted
        self.right += other.right
        self.labelled += other.labelled
        self.found += other.found
        self.wrong += other.wrong
        self.missed += other.missed


def load_labels(path: Path = LABELS) -> list[Label]:
    labels = []
    for line_no, line in enumerate(path.read_text().splitlines(), start=1):
        if not line.strip():
            continue
        record = json.loads(line)
        try:
            facets = {kind: [entry.split("|") for entry in record[kind]] for kind in KINDS}
            labels.append(Label(record["corpus"], record["split"], str(record["id"]),
                                record["title"], record["sample"], facets))
        except KeyError as missing:
            raise ValueError(f"{path}:{line_no}: missing {missing}") from None
    return labels


def link_key(url: str) -> str:
    url = url.lower().split("://", 1)[-1]
    return url.removeprefix("www.").rstrip("/")


def score_names(predicted: Iterable[str], labelled: Sequence[Sequence[str]], *,
                links: bool = False, tag: str = "") -> Score:
    """Precision/recall counts for one paper and one facet kind (pure)."""
    norm = link_key if links else normalise_variant
    predicted_keys: dict[str, str] = {}
    for name in predicted:
        predicted_keys.setdefault(norm(name), name)
    label_keys = [{norm(alt) for alt in entry} for entry in labelled]
    every_label = set().union(*label_keys) if label_keys else set()
    score = Score(predicted=len(predicted_keys), labelled=len(label_keys))
    for k, name in predicted_keys.items():
        if k in every_label:
            score.right += 1
        else:
            score.wrong.append(f"{tag}{name}")
    for entry, keys in zip(labelled, label_keys, strict=True):
        if keys & predicted_keys.keys():
            score.found += 1
        else:
            score.missed.append(f"{tag}{entry[0]}")
    return score


def score_paper(facets: Facets, label: Label) -> dict[str, Score]:
    tag = f"[{label.id[:28]}] "
    return {
        "benchmarks": score_names(facets.benchmarks, label.facets["benchmarks"], tag=tag),
        "models": score_names(facets.models, label.facets["models"], tag=tag),
        "methods": score_names(facets.methods, label.facets["methods"], tag=tag),
        "links": score_names(facets.links, label.facets["links"], links=True, tag=tag),
    }


def load_corpora(labels: Sequence[Label], scifact: Path) -> dict[str, list[Paper]]:
    corpora: dict[str, list[Paper]] = {"bundled": list(iter_sources([bundled_corpus_path()]))}
    if any(label.corpus == "scifact" for label in labels):
        if not scifact.is_file():
            raise SystemExit(f"SciFact corpus not found at {scifact} (use --scifact)")
        corpora["scifact"] = list(iter_sources([scifact]))
    return corpora


def group_name(label: Label) -> str:
    return label.corpus if label.split == "dev" else f"{label.corpus} {label.split}"


def evaluate(labels: Sequence[Label], corpora: dict[str, list[Paper]], *,
             learn: bool = True) -> dict[str, dict[str, Score]]:
    """group ("bundled", "scifact", "scifact heldout") -> kind -> Score, plus "all"."""
    results: dict[str, dict[str, Score]] = {}
    for corpus, papers in corpora.items():
        vocabulary = FacetVocabulary.learn(papers) if learn else None
        by_id = {paper.id: paper for paper in papers}
        for label in (lab for lab in labels if lab.corpus == corpus):
            paper = by_id.get(label.id)
            if paper is None:
                raise SystemExit(f"labelled paper {label.id!r} is not in the {corpus} corpus")
            totals = results.setdefault(group_name(label), {kind: Score() for kind in KINDS})
            for kind, score in score_paper(extract_facets(paper, vocabulary), label).items():
                totals[kind].add(score)
    overall = {kind: Score() for kind in KINDS}
    for totals in results.values():
        for kind, score in totals.items():
            overall[kind].add(score)
    results["all"] = overall
    return results


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(results: dict[str, dict[str, Score]], heading: str) -> list[str]:
    lines = [f"### {heading}", "",
             "| corpus | facet | precision | recall | predicted | right | labelled | found |",
             "|---|---|---|---|---|---|---|---|"]
    for corpus, totals in results.items():
        for kind, s in totals.items():
            lines.append(f"| {corpus} | {kind} | {_pct(s.precision)} | {_pct(s.recall)} | "
                         f"{s.predicted} | {s.right} | {s.labelled} | {s.found} |")
    return [*lines, ""]


def report(labels: Sequence[Label], learned: dict[str, dict[str, Score]],
           patterns_only: dict[str, dict[str, Score]]) -> str:
    counts = Counter(group_name(lab) for lab in labels)
    lines = [
        "# Facet extraction: precision and recall on hand labels", "",
        "Labelled papers: " + ", ".join(f"{n} {g}" for g, n in counts.items()) + ". Dev: 30 "
        "bundled papers (random, seed 15) and 20 SciFact abstracts (10 random, 10 random "
        "among those naming a study, registry or database). Held-out: 10 SciFact abstracts "
        "(5 + 5 drawn the same way, new seeds) labelled after the code was frozen. Labels: "
        "`eval/datasets/facets_labels.jsonl`; run `python -m eval.facets_eval`.", "",
        "Names compare by `normalise_variant` (family level: sizes and tiers fold). SciFact "
        "\"benchmarks\" are the cohorts, registries and databases a study draws on; its "
        "\"models\" are model organisms and cell lines. Tasks are extracted but not labelled, "
        "so not measured. No label is a year: neither source gives one.", "",
        "The patterns were written while reading the bundled corpus and the dev SciFact "
        "abstracts (their errors were looked at and fixed where a general rule could), so "
        "the dev figures are optimistic; the held-out rows are the honest estimate for a new "
        "biomedical collection, on a small sample.", "",
        *table(learned, "With the vocabulary learned from each corpus (as indexed)"),
        *table(patterns_only, "Patterns alone (no vocabulary)"),
        "### Errors (with vocabulary)", "",
    ]
    for group in (g for g in learned if g != "all"):
        for kind, s in learned[group].items():
            if s.wrong:
                lines.append(f"- {group} {kind}, predicted but not labelled: "
                             + "; ".join(s.wrong))
            if s.missed:
                lines.append(f"- {group} {kind}, labelled but missed: " + "; ".join(s.missed))
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--scifact", type=Path, default=SCIFACT)
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    labels = load_labels(args.labels)
    corpora = load_corpora(labels, args.scifact)
    learned = evaluate(labels, corpora, learn=True)
    patterns_only = evaluate(labels, corpora, learn=False)
    text = report(labels, learned, patterns_only)
    args.out.write_text(text)
    print("\n".join(table(learned, "with learned vocabulary")))
    print("\n".join(table(patterns_only, "patterns alone")))
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
