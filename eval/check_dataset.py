"""Check our QA files against the corpus they are about.

    .venv/bin/python -m eval.check_dataset eval/datasets/dev.jsonl eval/datasets/heldout.jsonl

Errors (exit code 1): unknown gold title, a must_include fact absent from every gold
abstract, duplicate ids or questions across files, an unanswerable item with gold, an
answerable item without gold or facts. Warnings: a run of 6+ words copied from a gold
abstract (questions should be paraphrased), more than 3 facts.

The corpus is read by a tiny parser of its own, so this check does not move when the
product's reader changes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from assistant.errors import CorpusError
from eval.loaders import (
    QUESTION_TYPES,
    QAItem,
    is_conversation_file,
    load_conversations,
    load_qa_jsonl,
)

DEFAULT_CORPUS = (
    Path(__file__).resolve().parent.parent / "assistant" / "data" / "daily_papers_self_evolving.txt"
)
HEADER_LINES = 6
COPY_RUN = 6
MAX_FACTS = 3


def read_corpus(path: str | Path) -> dict[str, str]:
    """Title -> abstract for a Daily Papers page: six header lines, then blank-line-separated
    blocks alternating title and abstract."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError("file not found", path)
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    header_seen = 0
    while blocks and header_seen < HEADER_LINES:
        lines = blocks[0].split("\n")
        taken = min(len(lines), HEADER_LINES - header_seen)
        header_seen += taken
        rest = "\n".join(lines[taken:]).strip()
        blocks = ([rest] if rest else []) + blocks[1:]
    if len(blocks) % 2:
        raise CorpusError(
            f"{len(blocks)} blocks after the header: titles and abstracts do not pair up", path
        )
    return {blocks[i]: " ".join(blocks[i + 1].split()) for i in range(0, len(blocks), 2)}


def _normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def copied_run(question: str, abstract: str, run: int = COPY_RUN) -> str | None:
    """The first run of `run` consecutive words the question shares with the abstract."""
    source = _words(abstract)
    grams = {tuple(source[i : i + run]) for i in range(len(source) - run + 1)}
    words = _words(question)
    for i in range(len(words) - run + 1):
        if tuple(words[i : i + run]) in grams:
            return " ".join(words[i : i + run])
    return None


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)


def qualifying(match_any: list[str], corpus: dict[str, str]) -> set[str]:
    """Titles whose title + abstract contain one of the variants (case-insensitive)."""
    variants = [_normalise(v) for v in match_any]
    return {title for title, abstract in corpus.items()
            if any(v in _normalise(f"{title} {abstract}") for v in variants)}


def check_item(item: QAItem, corpus: dict[str, str], report: Report, where: str) -> None:
    tag = f"{where} {item.id}"
    for title in item.subjects or []:
        if title not in corpus:
            report.errors.append(f"{tag}: subject not in corpus: {title!r}")
    if item.match_any is not None:
        expected = qualifying(item.match_any, corpus)
        for title in sorted(expected - set(item.gold_titles)):
            report.errors.append(f"{tag}: match_any finds {title!r}, not in gold_titles")
        for title in sorted(set(item.gold_titles) - expected):
            report.errors.append(f"{tag}: gold {title!r} has none of match_any")
    if item.type == "count":
        if item.count is None:
            report.errors.append(f"{tag}: count question without 'count'")
        elif item.count != len(item.gold_titles):
            report.errors.append(
                f"{tag}: count {item.count} but {len(item.gold_titles)} gold titles")
    elif item.count is not None:
        report.errors.append(f"{tag}: 'count' on a {item.type} question")
    if item.why is not None and item.type != "unanswerable":
        report.errors.append(f"{tag}: 'why' on an answerable question")
    if item.type == "unanswerable" or (item.type == "count" and item.count == 0):
        if item.gold_titles or item.must_include:
            report.errors.append(f"{tag}: unanswerable but has gold_titles or must_include")
        return
    if not item.gold_titles:
        report.errors.append(f"{tag}: {item.type} question without gold_titles")
    if not item.must_include and not item.collection_wide:
        report.errors.append(f"{tag}: {item.type} question without must_include")
    if len(item.must_include) > MAX_FACTS:
        report.warnings.append(f"{tag}: {len(item.must_include)} facts (aim for 1-{MAX_FACTS})")
    if len(set(item.gold_titles)) != len(item.gold_titles):
        report.errors.append(f"{tag}: a gold title is listed twice")
    abstracts = []
    for title in item.gold_titles:
        if title in corpus:
            abstracts.append(corpus[title])
        else:
            report.errors.append(f"{tag}: gold title not in corpus: {title!r}")
    gold_text = [_normalise(a) for a in abstracts]
    gold_text += [_normalise(t) for t in item.gold_titles]
    for fact in item.must_include:
        if not any(_normalise(fact) in text for text in gold_text):
            report.errors.append(f"{tag}: fact {fact!r} is in no gold abstract")
    for abstract in abstracts:
        run = copied_run(item.question, abstract)
        if run:
            report.warnings.append(f"{tag}: copies {COPY_RUN}+ words from a gold abstract: {run!r}")


def check_files(paths: list[Path], corpus: dict[str, str]) -> Report:
    report = Report()
    id_home: dict[str, str] = {}
    question_home: dict[str, str] = {}
    for path in paths:
        try:
            if is_conversation_file(path):
                items = [item for conversation in load_conversations(path)
                         for item in conversation.items()]
            else:
                items = load_qa_jsonl(path)
        except CorpusError as exc:
            report.errors.append(str(exc))
            continue
        report.counts[str(path)] = Counter(item.type for item in items)
        for item in items:
            if item.id in id_home:
                report.errors.append(f"{path} {item.id}: id also used in {id_home[item.id]}")
            id_home.setdefault(item.id, str(path))
            # The same question in dev and held-out would leak tuning into the held-out score.
            key = _normalise(item.question)
            if "#" in item.id:
                key = f"{item.id}:{key}"  # a follow-up may repeat another's wording
            if key in question_home:
                report.errors.append(f"{path} {item.id}: same question as {question_home[key]}")
            question_home.setdefault(key, f"{path} {item.id}")
            check_item(item, corpus, report, str(path))
    return report


def _print_counts(report: Report) -> None:
    total: Counter[str] = Counter()
    for path, counts in report.counts.items():
        total.update(counts)
        row = ", ".join(f"{kind} {counts[kind]}" for kind in QUESTION_TYPES)
        print(f"{path}: {sum(counts.values())} questions ({row})")
    if len(report.counts) > 1:
        row = ", ".join(f"{kind} {total[kind]}" for kind in QUESTION_TYPES)
        print(f"all: {sum(total.values())} questions ({row})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="QA jsonl files")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="Daily Papers text file the gold titles refer to",
    )
    args = parser.parse_args(argv)
    try:
        corpus = read_corpus(args.corpus)
    except CorpusError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    report = check_files(args.files, corpus)
    _print_counts(report)
    for warning in report.warnings:
        print(f"warning: {warning}")
    for error in report.errors:
        print(f"error: {error}")
    print(
        f"{len(report.errors)} errors, {len(report.warnings)} warnings "
        f"({len(corpus)} papers in {args.corpus.name})"
    )
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
