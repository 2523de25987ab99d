"""What every blind batch's `generate.py` shares: the corpus, titles by index, the
`match_any` scan that makes list gold sets complete, turn records, and the checks and writing
of the four files. A batch's script holds only its hand-written questions.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "assistant" / "data" / "daily_papers_self_evolving.txt"


def read_corpus(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    seen = 0
    while blocks and seen < 6:
        lines = blocks[0].split("\n")
        taken = min(len(lines), 6 - seen)
        seen += taken
        rest = "\n".join(lines[taken:]).strip()
        blocks = ([rest] if rest else []) + blocks[1:]
    return {blocks[i]: " ".join(blocks[i + 1].split()) for i in range(0, len(blocks), 2)}


CORPUS_TEXT = read_corpus(CORPUS)
TITLES = list(CORPUS_TEXT)
assert len(TITLES) == 76, len(TITLES)


def t(indices):
    return [TITLES[i] for i in indices]


def scan(match_any):
    """Indices of every paper whose title or abstract contains one of the variants."""
    variants = [v.casefold() for v in match_any]
    return [i for i, title in enumerate(TITLES)
            if any(v in (title + " " + CORPUS_TEXT[title]).casefold() for v in variants)]


TYPE_OF = {"describe": "factual", "fact": "factual", "which_paper": "which_paper",
           "comparison": "comparison", "list": "multi_paper", "count": "count",
           "off_topic": "factual"}


def turn(question, kind, intent, subjects, gold, facts, *, unanswerable=False, count=None,
         match_any=None, qtype=None, note=None):
    record = {"question": question, "kind": kind,
              "type": "unanswerable" if unanswerable else (qtype or TYPE_OF[intent]),
              "intent": intent, "subjects": t(subjects), "gold_titles": t(gold),
              "must_include": facts}
    if count is not None:
        record["count"] = count
    if match_any is not None:
        record["match_any"] = match_any
    if note is not None:
        record["note"] = note
    return record


def unf(question, subjects, intent="fact"):
    return turn(question, "unanswerable_followup", intent, subjects, [], [], unanswerable=True)


def answerable_record(prefix, n, q, intent, subjects, gold, facts, near_miss=False):
    record = {"id": f"{prefix}-{'u' if near_miss else 'a'}-{n:03d}", "question": q,
              "type": TYPE_OF[intent], "intent": intent, "subjects": t(subjects),
              "gold_titles": t(gold), "must_include": facts}
    if near_miss:
        record["near_miss"] = True
    return record


def write_batch(folder: Path, prefix: str, answerable, unanswerable, lists, conversations
                ) -> int:
    """Check a batch (list gold sets against `scan`, facts verbatim in a gold abstract, no
    6-word run copied from a paper) and write its four files into `folder`; 1 when a check
    failed."""
    bad = 0
    out = {}
    out["answerable.jsonl"] = [answerable_record(prefix, i, *row)
                                 for i, row in enumerate(answerable, 1)]
    rows = []
    for i, row in enumerate(unanswerable, 1):
        if row[0] == "u":
            _, q, intent, subjects, why = row
            rows.append({"id": f"{prefix}-u-{i:03d}", "question": q, "type": "unanswerable",
                         "intent": intent, "subjects": t(subjects), "gold_titles": [],
                         "must_include": [], "why": why})
        else:
            _, q, intent, subjects, gold, facts = row
            rows.append(answerable_record(prefix, i, q, intent, subjects, gold, facts,
                                           near_miss=True))
    out["unanswerable.jsonl"] = rows
    rows = []
    for i, (q, intent, gold, match_any, count, note) in enumerate(lists, 1):
        record = {"id": f"{prefix}-l-{i:03d}", "question": q, "type": TYPE_OF[intent],
                  "intent": intent, "subjects": [], "gold_titles": t(gold), "must_include": []}
        if count is not None:
            record["count"] = count
            if count != len(gold):
                print(f"count mismatch: {record['id']}", file=sys.stderr)
                bad += 1
        if match_any is not None:
            record["match_any"] = match_any
            if scan(match_any) != sorted(gold):
                print(f"gold != scan: {record['id']}: {scan(match_any)} vs {sorted(gold)}", file=sys.stderr)
                bad += 1
        if note is not None:
            record["note"] = note
        rows.append(record)
    out["lists.jsonl"] = rows
    out["conversations.jsonl"] = [{"id": f"{prefix}-c-{i:03d}", "turns": turns}
                                  for i, turns in enumerate(conversations, 1)]
    for c in out["conversations.jsonl"]:
        for k, tu in enumerate(c["turns"], 1):
            if "match_any" in tu and [TITLES[i] for i in scan(tu["match_any"])] != tu["gold_titles"]:
                print(f"gold != scan: {c['id']}#{k}", file=sys.stderr)
                bad += 1

    # every must_include fact must be verbatim in a gold abstract or title
    def norm(s):
        return " ".join(s.casefold().split())
    items = [r for name in ("answerable.jsonl", "unanswerable.jsonl", "lists.jsonl")
             for r in out[name]]
    items += [dict(tu, id=f"{c['id']}#{k}") for c in out["conversations.jsonl"]
              for k, tu in enumerate(c["turns"], 1)]
    for r in items:
        texts = [norm(g + " " + CORPUS_TEXT[g]) for g in r["gold_titles"]]
        for fact in r["must_include"]:
            if not any(norm(fact) in x for x in texts):
                print(f"fact not found: {r['id']}: {fact!r}", file=sys.stderr)
                bad += 1
    # questions must paraphrase: no run of 6+ words from a subject or gold abstract
    for r in items:
        for title in set(r["subjects"]) | set(r["gold_titles"]):
            source = re.findall(r"[a-z0-9]+", CORPUS_TEXT[title].casefold())
            grams = {tuple(source[i:i + 6]) for i in range(len(source) - 5)}
            words = re.findall(r"[a-z0-9]+", r["question"].casefold())
            for i in range(len(words) - 5):
                if tuple(words[i:i + 6]) in grams:
                    print(f"copied run: {r['id']}: {' '.join(words[i:i + 6])!r}", file=sys.stderr)
                    bad += 1
                    break
    # every paper should appear somewhere
    seen = {title for r in items for title in r["subjects"] + r["gold_titles"]}
    missing = [i for i, title in enumerate(TITLES) if title not in seen]
    if missing:
        print(f"papers never used: {missing}", file=sys.stderr)
    for name, records in out.items():
        with open(folder / name, "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)}")
    return 1 if bad else 0
