"""Run a dataset through one or more configurations, score every question, write the report.

    paperchat eval --dataset eval/datasets/dev.jsonl --config hybrid+extractive --config bm25
    paperchat eval --dataset eval/datasets/blind/conversations_dev.jsonl --min dependent_right=0.9
    paperchat eval --dataset ../shared/benchmarks/scifact          # retrieval: bm25, dense, hybrid
    paperchat eval --dataset ../shared/benchmarks/pubmedqa --limit 100 --min label_accuracy=0.5

The dataset kind is detected: a .jsonl file is one of our QA sets, or a conversation set when
its records have turns (both over the bundled corpus); a folder with corpus.jsonl is BEIR, or
PubMedQA when its queries carry yes/no/maybe answers. A conversation's later turns are asked
with the earlier turns (each question and the assistant's real answer) as history, and are
scored per turn kind: first, dependent, new_subject, unanswerable_followup.
Each corpus is indexed into its own home under the cache dir, never the user's index, and
reused by later runs (indexing is incremental by content hash).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from assistant.errors import ConfigError, CorpusError, ProviderError, QuestionError
from assistant.types import Answer, ChatTurn
from eval import metrics as m
from eval.configs import DEFAULT_BEIR, DEFAULT_PUBMEDQA, DEFAULT_QA, EvalConfig, parse_configs
from eval.loaders import (
    TURN_KINDS,
    QAItem,
    is_conversation_file,
    load_beir,
    load_conversations,
    load_pubmedqa,
    load_qa_jsonl,
)

if TYPE_CHECKING:

    from assistant.service import Assistant
    from assistant.settings import Settings
    from eval.judge import Judge

DatasetKind = Literal["qa", "conversation", "beir", "pubmedqa"]
AssistantFactory = Callable[[EvalConfig], "Assistant"]

CORRECT_FACT_SHARE = 0.5
"""Without a judge, an answer counts as correct (LitQA2-style accuracy) when it holds at least
this share of the question's key facts."""
RETRIEVAL_K = {"qa": 10, "conversation": 10, "pubmedqa": 10, "beir": 100}
LABELS = ("yes", "no", "maybe")
INDEX_STATS = "index_stats.json"


# --- datasets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvalItem:
    """One question, whatever file it came from."""

    id: str
    question: str
    type: str
    gold: dict[str, int] = field(default_factory=dict)
    """Paper id -> grade. Our QA sets name titles instead; the runner resolves them."""
    gold_titles: tuple[str, ...] = ()
    must_include: tuple[str, ...] = ()
    should_abstain: bool = False
    label: str | None = None
    """PubMedQA: the expected yes/no/maybe."""
    reference: str = ""
    """What the judge compares the answer with."""
    intent: str | None = None
    """The intent the dataset labels the question with, when it does."""
    count: int | None = None
    """Count questions: the number the answer must state."""
    collection_wide: bool = False
    """A list or count question: its cited papers are scored as a list against the gold."""
    conversation: str | None = None
    """Conversation turns: the conversation's id. Its turns are consecutive in the dataset."""
    kind: str | None = None
    """Conversation turns: first, dependent, new_subject or unanswerable_followup."""
    subjects: tuple[str, ...] = ()
    """Titles of the papers the question names or refers to, when the dataset says."""


@dataclass(frozen=True)
class EvalDataset:
    kind: DatasetKind
    name: str
    path: Path
    split: str
    items: list[EvalItem]
    corpus: list[Path]
    """The sources to index for this dataset."""


def detect_kind(path: Path) -> DatasetKind:
    if path.is_file():
        return "conversation" if is_conversation_file(path) else "qa"
    if not (path / "corpus.jsonl").is_file():
        raise CorpusError("expected a QA .jsonl file or a BEIR folder holding corpus.jsonl", path)
    queries = path / "queries.jsonl"
    if queries.is_file():
        with queries.open(encoding="utf-8") as handle:
            first = next((line for line in handle if line.strip()), "")
        try:
            record = json.loads(first)
        except ValueError:
            return "beir"  # let the BEIR loader report the bad line with its number
        if isinstance(record, dict) and record.get("answer") in LABELS:
            return "pubmedqa"
    return "beir"


def load_dataset(path: Path, split: str = "test", limit: int | None = None) -> EvalDataset:
    """Any supported dataset as EvalItems; `limit` keeps the first n questions (of a
    conversation set: the first n conversations, whole)."""
    from assistant.sources import bundled_corpus_path

    kind = detect_kind(path)
    items: list[EvalItem]
    if kind == "qa":
        items = [_qa_item(q) for q in load_qa_jsonl(path)]
        corpus = [bundled_corpus_path()]
        name = path.stem
    elif kind == "conversation":
        conversations = load_conversations(path)
        if limit:
            conversations, limit = conversations[:limit], None
        items = [_qa_item(q, conversation=c.id, kind=turn.kind)
                 for c in conversations for turn, q in zip(c.turns, c.items(), strict=True)]
        corpus = [bundled_corpus_path()]
        name = path.stem
    elif kind == "beir":
        beir = load_beir(path, split)
        items = [EvalItem(id=q.id, question=q.text, type="retrieval", gold=beir.qrels[q.id])
                 for q in beir.queries.values()]
        corpus, name = [path], path.name
    else:
        items = [
            EvalItem(id=p.id, question=p.question, type=p.answer, gold={p.id: 1}, label=p.answer,
                     reference=f"{p.answer}. {p.long_answer}")
            for p in load_pubmedqa(path, None if split == "all" else split)
        ]
        corpus, name = [path], path.name
    if not items:
        raise CorpusError(f"no questions for split {split!r}", path)
    return EvalDataset(kind, name, path, "" if kind in ("qa", "conversation") else split,
                       items[:limit] if limit else items, corpus)


def _qa_item(q: QAItem, conversation: str | None = None, kind: str | None = None) -> EvalItem:
    return EvalItem(
        id=q.id, question=q.question, type=q.type, gold_titles=tuple(q.gold_titles),
        must_include=tuple(q.must_include), should_abstain=not q.answerable,
        reference=_qa_reference(q.must_include, q.gold_titles), intent=q.intent,
        count=q.count,
        collection_wide=q.collection_wide, conversation=conversation, kind=kind,
        subjects=tuple(q.subjects or ()))


def _qa_reference(facts: Sequence[str], titles: Sequence[str]) -> str:
    lines = []
    if facts:
        lines.append("Key facts: " + "; ".join(facts))
    if titles:
        lines.append("Source papers: " + "; ".join(titles))
    return "\n".join(lines)


def _norm_title(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().casefold()


def resolve_gold(items: Sequence[EvalItem], titles_to_ids: dict[str, str]
                 ) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Gold paper ids per item (from `gold` or by title), and the titles no paper has."""
    by_title = {_norm_title(t): pid for t, pid in titles_to_ids.items()}
    gold: dict[str, dict[str, int]] = {}
    missing: list[str] = []
    for item in items:
        resolved = dict(item.gold)
        for title in item.gold_titles:
            pid = by_title.get(_norm_title(title))
            if pid is None:
                missing.append(title)
            else:
                resolved[pid] = 1
        gold[item.id] = resolved
    return gold, list(dict.fromkeys(missing))


# --- scoring one question ------------------------------------------------------------------

_NO = re.compile(r"\b(no|not|neither|nor|none|never|without|fail(s|ed)?|lack(s|ed)?|"
                 r"cannot|unrelated|insignificant)\b|n't\b", re.I)
_MAYBE = re.compile(r"\b(may|might|unclear|inconclusive|uncertain|possibly|remains? to be|"
                    r"further (studies|research))\b", re.I)


def label_from_answer(text: str, abstained: bool) -> str:
    """PubMedQA yes/no/maybe from a free-text answer. Deliberately simple: an abstention is
    'maybe', a leading yes/no wins, then negation -> 'no', hedging -> 'maybe', else 'yes'."""
    if abstained:
        return "maybe"
    lead = re.match(r"\W*(yes|no)\b", text, re.I)
    if lead:
        return lead.group(1).lower()
    if _NO.search(text):
        return "no"
    return "maybe" if _MAYBE.search(text) else "yes"


_INTEGER = re.compile(r"(?<![\w.])\d+(?!\w|\.\d)")


def count_from_answer(text: str, abstained: bool) -> int | None:
    """The number a count answer states: its first whole integer ('**7** papers match ...');
    an abstention states 0; None when the text has no number. Version-like tokens (GPT-4o,
    Qwen2.5) are not numbers."""
    if abstained:
        return 0
    found = _INTEGER.search(text)
    return int(found.group()) if found else None


def score_retrieval(ranked: Sequence[str], gold: dict[str, int], k_max: int) -> dict[str, float]:
    relevant = {pid for pid, grade in gold.items() if grade > 0}
    qrels: dict[Hashable, int] = {pid: grade for pid, grade in gold.items()}
    scores = {
        "recall@5": m.recall_at_k(ranked, relevant, 5),
        "recall@10": m.recall_at_k(ranked, relevant, 10),
        "mrr": m.mrr(ranked, relevant),
        "ndcg@10": m.ndcg_at_k(ranked, qrels, 10),
    }
    if k_max >= 100:
        scores["recall@100"] = m.recall_at_k(ranked, relevant, 100)
    return scores


def score_answer(item: EvalItem, gold_ids: Iterable[str], answer: Answer) -> dict[str, Any]:
    """Answer metrics; None where a metric does not apply (left out of the means)."""
    cited = list(dict.fromkeys(c.paper_id for c in answer.citations))
    gold = set(gold_ids)
    row: dict[str, Any] = {
        "abstained": answer.abstained,
        "cited": cited,
        "key_fact": None,
        "citation_precision": None,
        "citation_recall": None,
        "faithfulness": None if answer.abstained else
        m.faithfulness([s.supported for s in answer.sentences]),
    }
    if answer.answerability is not None:
        row["answerability"] = answer.answerability.score
        row["answerability_threshold"] = answer.answerability.threshold
    if not item.should_abstain:
        if item.must_include:
            row["key_fact"] = m.key_fact_hit(answer.text, item.must_include)
        if gold:
            row["citation_precision"] = m.citation_precision(cited, gold)
            row["citation_recall"] = m.citation_recall(cited, gold)
            if item.collection_wide:  # a list answer cites each paper it lists
                row["list_precision"] = row["citation_precision"]
                row["list_recall"] = row["citation_recall"]
    if item.count is not None:
        row["count_said"] = count_from_answer(answer.text, answer.abstained)
        row["count_exact"] = 1.0 if row["count_said"] == item.count else 0.0
    if item.label is not None:
        row["predicted_label"] = label_from_answer(answer.text, answer.abstained)
    return row


def is_correct(item: EvalItem, row: dict[str, Any]) -> bool:
    """Right answer (for an answerable item) or right abstention (for an unanswerable one)."""
    if row.get("error"):
        return False
    if item.should_abstain:
        return bool(row["abstained"])
    if item.label is not None:
        return row.get("predicted_label") == item.label
    if row.get("judge") is not None:
        return bool(row["judge"] == 2)
    if row["abstained"]:
        return False
    if row.get("key_fact") is not None:
        return bool(row["key_fact"] >= CORRECT_FACT_SHARE)
    return bool(row.get("citation_recall"))


def evaluate_turn(assistant: Assistant, config: EvalConfig, item: EvalItem,
                  gold: dict[str, int], k: int, judge: Judge | None = None,
                  history: Sequence[ChatTurn] = ()) -> tuple[dict[str, Any], Answer | None]:
    """One row of per_question.jsonl, and the answer (None without one) for the next turn's
    history. A turn with history is retrieved by the engine's standalone rewrite, which is what
    the answer itself retrieved with; its own words ("and what does it beat?") name nothing."""
    row: dict[str, Any] = {
        "config": config.name, "id": item.id, "type": item.type, "question": item.question,
        "should_abstain": item.should_abstain, "gold": sorted(gold),
    }
    for key in ("intent", "kind", "label", "count"):
        if getattr(item, key) is not None:
            row[key] = getattr(item, key)
    if not history:
        row |= _retrieval_part(assistant, config, item, item.question, gold, k)
    if not config.answers:
        return row, None

    answer: Answer | None = None
    started = time.perf_counter()
    try:
        answer = assistant.ask(item.question, list(history))
    except (ProviderError, QuestionError) as exc:
        row |= {"error": str(exc), "abstained": False, "answer": "", "cited": [],
                "latency_s": round(time.perf_counter() - started, 4)}
    else:
        row["latency_s"] = round(time.perf_counter() - started, 4)
        row |= score_answer(item, gold, answer)
        row |= {
            "answer": answer.text,
            "standalone": answer.standalone_question,
            "mode": answer.mode,
            "subjects": answer.subjects,
            "citations": [{"paper_id": c.paper_id, "title": c.title, "quote": c.quote}
                          for c in answer.citations],
            "hit_titles": [h.title for h in answer.hits[:5]],
            "tokens_prompt": answer.tokens.prompt,
            "tokens_completion": answer.tokens.completion,
            "timings": answer.timings,
            "warnings": answer.warnings,
        }
        if judge is not None and not item.should_abstain and not answer.abstained:
            try:
                verdict = judge.grade(answer.standalone_question if history else item.question,
                                      item.reference, answer.text)
                row["judge"], row["judge_reason"] = verdict.score, verdict.reason
            except ProviderError as exc:  # one failed grade must not lose the whole run
                row["judge_error"] = str(exc)
    if history:
        query = answer.standalone_question if answer is not None else item.question
        row |= _retrieval_part(assistant, config, item, query, gold, k)
    row["correct"] = is_correct(item, row)
    return row, answer


def _retrieval_part(assistant: Assistant, config: EvalConfig, item: EvalItem, query: str,
                    gold: dict[str, int], k: int) -> dict[str, Any]:
    started = time.perf_counter()
    hits = assistant.retrieve(query, k, mode=config.mode)
    part: dict[str, Any] = {"retrieval_latency_s": round(time.perf_counter() - started, 4)}
    ranked = [h.paper_id for h in hits]
    part["ranked"] = ranked[:10]
    if not item.should_abstain and gold:
        part |= score_retrieval(ranked, gold, k)
    return part


def evaluate_items(assistant: Assistant, config: EvalConfig, items: Sequence[EvalItem],
                   gold: dict[str, dict[str, int]], k: int, judge: Judge | None = None,
                   on_row: Callable[[list[dict[str, Any]]], None] | None = None
                   ) -> list[dict[str, Any]]:
    """Every item in order. A conversation's turns are asked with its earlier turns as history
    (the user's question, then `ChatTurn.from_answer`, which carries the answer's subject
    papers), and each turn records `leaked`: the papers it cites that an earlier turn cited and
    that are neither its gold nor its subjects (an abstention on an unanswerable follow-up names
    the paper it was asked about; that is no leak)."""
    ids = {_norm_title(p.title): p.id for p in assistant.papers()}
    rows: list[dict[str, Any]] = []
    conversation: str | None = None
    history: list[ChatTurn] = []
    earlier: set[str] = set()
    for item in items:
        if item.conversation != conversation:
            conversation, history, earlier = item.conversation, [], set()
        row, answer = evaluate_turn(assistant, config, item, gold[item.id], k, judge, history)
        if conversation is not None:
            row["previous"] = [t.content for t in history if t.role == "user"]
            if config.answers:
                cited = row.get("cited", [])
                own = {ids[t] for t in map(_norm_title, item.subjects) if t in ids}
                row["leaked"] = m.leaked(cited, earlier, set(gold[item.id]) | own)
                row["leak"] = bool(row["leaked"])
                earlier.update(cited)
            reply = (ChatTurn.from_answer(answer) if answer is not None
                     else ChatTurn(role="assistant", content=""))
            history = [*history, ChatTurn(role="user", content=item.question), reply]
        rows.append(row)
        if on_row is not None:
            on_row(rows)
    return rows


# --- aggregation ---------------------------------------------------------------------------


def _values(rows: Iterable[dict[str, Any]], key: str) -> list[float]:
    return [float(r[key]) for r in rows if r.get(key) is not None]


def _add_percentiles(out: dict[str, float], name: str, seconds: Sequence[float]) -> None:
    """`<name>_p50_s` and `_p95_s`, left out (not 0) when nothing was timed."""
    for p in (50, 95):
        value = m.percentile(seconds, p)
        if value is not None:
            out[f"{name}_p{p}_s"] = value


def aggregate(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    """Flat metrics over `rows` (one configuration); names are what `--min` gates refer to."""
    out: dict[str, float] = {"n": float(len(rows)),
                             "n_answerable": float(sum(not r["should_abstain"] for r in rows))}
    for key in m.RETRIEVAL + m.ANSWER + m.ANSWER_EXTRA:
        values = _values(rows, key)
        if values:
            out[key] = m.mean(values)
    _add_percentiles(out, "retrieval", _values(rows, "retrieval_latency_s"))
    answered = [r for r in rows if "latency_s" in r]
    if not answered:
        return out
    out["n_judged"] = float(len(_values(answered, "judge")))
    out["n_errors"] = float(sum(1 for r in answered if r.get("error")))
    abstention = m.abstention_scores([bool(r.get("abstained")) for r in answered],
                                     [r["should_abstain"] for r in answered],
                                     [bool(r.get("correct")) for r in answered])
    out |= abstention
    if any("label" in r for r in answered):
        out["label_accuracy"] = m.mean(1.0 if r.get("correct") else 0.0 for r in answered)
        for label in LABELS:
            out[f"predicted_{label}"] = float(
                sum(1 for r in answered if r.get("predicted_label") == label))
    latency = _values(answered, "latency_s")
    out["latency_mean_s"] = m.mean(latency)
    _add_percentiles(out, "latency", latency)
    out["tokens_prompt_mean"] = m.mean(_values(answered, "tokens_prompt"))
    out["tokens_completion_mean"] = m.mean(_values(answered, "tokens_completion"))
    out["tokens_total"] = sum(_values(answered, "tokens_prompt") +
                              _values(answered, "tokens_completion"))
    return out


def _groups(rows: Sequence[dict[str, Any]], key: str) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row.get(key) is not None:
            groups.setdefault(row[key], []).append(row)
    return groups


def kind_scores(rows: Sequence[dict[str, Any]]) -> dict[str, float]:
    """The turns of one kind: the usual metrics, plus "right" (the share answered right, or
    rightly abstained on) and "leak" (the share citing an earlier turn's paper that is not
    their gold), both over the turns that were answered."""
    out = aggregate(rows)
    answered = [r for r in rows if "latency_s" in r]
    if answered:
        out["right"] = m.mean(1.0 if r.get("correct") else 0.0 for r in answered)
        out["leak"] = m.mean(1.0 if r.get("leak") else 0.0 for r in answered)
    return out


def summarize(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """"overall", "by_type", and when the rows carry them "by_intent" and "by_kind"."""
    summary: dict[str, Any] = {
        "overall": aggregate(rows),
        "by_type": {t: aggregate(group) for t, group in sorted(_groups(rows, "type").items())}}
    by_intent = _groups(rows, "intent")
    if by_intent:
        summary["by_intent"] = {i: aggregate(group) for i, group in sorted(by_intent.items())}
    by_kind = _groups(rows, "kind")
    if by_kind:
        order = {kind: n for n, kind in enumerate(TURN_KINDS)}
        summary["by_kind"] = {kind: kind_scores(by_kind[kind])
                              for kind in sorted(by_kind, key=lambda k: (order.get(k, 99), k))}
        for kind, scores in summary["by_kind"].items():
            summary["overall"] |= {f"{kind}_{metric}": scores[metric]
                                   for metric in m.TURN_KIND if metric in scores}
    return summary


def running_postfix(rows: Sequence[dict[str, Any]]) -> dict[str, str]:
    """A few running means for the progress bar."""
    shown = {"R@10": "recall@10", "nDCG": "ndcg@10", "KF": "key_fact", "acc": "correct"}
    postfix = {}
    for label, key in shown.items():
        values = _values(rows, key)
        if values:
            postfix[label] = f"{m.mean(values):.2f}"
    return postfix


# --- the run -------------------------------------------------------------------------------


@dataclass
class EvalResult:
    dataset: EvalDataset
    configs: list[EvalConfig]
    descriptions: dict[str, dict[str, object]]
    rows: list[dict[str, Any]]
    metrics: dict[str, dict[str, Any]]
    notes: list[str]
    started: str

    def summary(self) -> dict[str, Any]:
        """metrics.json."""
        dataset: dict[str, Any] = {
            "kind": self.dataset.kind, "name": self.dataset.name,
            "path": str(self.dataset.path), "split": self.dataset.split,
            "questions": len(self.dataset.items)}
        if self.dataset.kind == "conversation":
            dataset["conversations"] = len({i.conversation for i in self.dataset.items})
        return {
            "dataset": dataset,
            "started": self.started,
            "configs": {name: {"config": self.descriptions.get(name, {}), **result}
                        for name, result in self.metrics.items()},
            "notes": self.notes,
        }


def run_eval(dataset: EvalDataset, configs: Sequence[EvalConfig], assistants: AssistantFactory,
             *, judge: Judge | None = None, progress: bool = False,
             describe: Callable[[EvalConfig], dict[str, object]] | None = None) -> EvalResult:
    """Every item through every configuration; one Assistant per configuration."""
    from tqdm import tqdm

    started = datetime.now().isoformat(timespec="seconds")
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    metrics: dict[str, dict[str, Any]] = {}
    k = RETRIEVAL_K[dataset.kind]
    if dataset.kind == "beir" and any(c.answers for c in configs):
        notes.append("BEIR datasets are scored on retrieval only; answer providers were ignored.")
        configs = [EvalConfig(c.retrieval) for c in configs]
    if dataset.kind == "conversation" and not all(c.answers for c in configs):
        notes.append("Conversation turns are asked with the earlier answers as history; a "
                     "retrieval-only configuration has no answers, so it retrieves each turn "
                     "by its own words.")
    if dataset.kind == "pubmedqa":
        notes.append("PubMedQA labels are read from free text by simple rules (abstain -> maybe, "
                     "negation -> no, hedging -> maybe, else yes); the extractive provider "
                     "quotes sentences and cannot really decide yes/no/maybe. Majority class "
                     "on the test split: 55.2%.")
    bar = tqdm(total=len(dataset.items) * len(configs), unit="q", file=sys.stderr,
               disable=not progress, dynamic_ncols=True)
    try:
        for config in configs:
            assistant = assistants(config)
            titles = {p.title: p.id for p in assistant.papers()}
            gold, missing = resolve_gold(dataset.items, titles)
            if missing:
                notes.append(f"{len(missing)} gold titles are not in the index: "
                             + "; ".join(missing[:5]))
            bar.set_description(config.name)

            def advance(done: list[dict[str, Any]]) -> None:
                bar.update(1)
                bar.set_postfix(running_postfix(done), refresh=False)

            config_rows = evaluate_items(assistant, config, dataset.items, gold, k, judge,
                                         on_row=advance)
            rows.extend(config_rows)
            metrics[config.name] = summarize(config_rows)
    finally:
        bar.close()
    descriptions: dict[str, dict[str, object]] = {
        c.name: describe(c) if describe else {"name": c.name} for c in configs}
    return EvalResult(dataset, list(configs), descriptions, rows, metrics,
                      list(dict.fromkeys(notes)), started)


# --- gates ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gate:
    metric: str
    bound: float
    config: str | None = None
    """None: every configuration must pass."""
    upper: bool = False
    """True: `bound` is a maximum (`--max new_subject_leak=0`), else a minimum."""

    def __str__(self) -> str:
        prefix = f"{self.config}:" if self.config else ""
        return f"{prefix}{self.metric}{'<=' if self.upper else '>='}{self.bound:g}"

    def fails(self, value: float) -> bool:
        return value > self.bound if self.upper else value < self.bound


def parse_gates(specs: Sequence[str], upper: bool = False) -> list[Gate]:
    """'recall@5=0.8' or 'hybrid+extractive:key_fact=0.6'; `upper` makes them maximums."""
    gates = []
    for spec in specs:
        target, sep, value = spec.partition("=")
        config, _, metric = target.rpartition(":")
        try:
            bound = float(value)
        except ValueError:
            bound = float("nan")
        if not sep or not metric.strip() or bound != bound:
            flag = "--max" if upper else "--min"
            raise ConfigError(f"{flag} expects METRIC=VALUE (e.g. recall@5=0.8), got {spec!r}")
        gates.append(Gate(metric.strip(), bound, config.strip() or None, upper))
    return gates


def check_gates(metrics: dict[str, dict[str, Any]], gates: Sequence[Gate]) -> list[str]:
    """A message per failed gate; a metric that was not computed fails too: a typo must not
    pass silently."""
    failures = []
    for gate in gates:
        names = [gate.config] if gate.config else list(metrics)
        for name in names:
            overall = metrics.get(name, {}).get("overall")
            if overall is None:
                failures.append(f"{gate}: no configuration named {name!r} was run")
                continue
            value = overall.get(gate.metric)
            if value is None:
                failures.append(f"{gate}: {name} has no metric {gate.metric!r}")
            elif gate.fails(value):
                failures.append(f"{gate}: {name} {gate.metric} = {value:.3f}")
    return failures


# --- real collaborators --------------------------------------------------------------------


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "paperchat-eval"


def dataset_home(cache: Path, dataset: EvalDataset) -> Path:
    """The eval home of a dataset's corpus: our QA sets all share the bundled corpus."""
    bundled = dataset.kind in ("qa", "conversation")
    return cache / ("qa-bundled" if bundled else f"{dataset.kind}-{dataset.name}")


class EvalAssistants:
    """One Assistant per configuration over the dataset's own index, built on first use.

    All are derived (`Assistant.with_provider`) from one made by `Assistant.from_settings`, so
    they share its store, embedder and chat models. Chat models use the user's models dir, so
    the local GGUF is not assembled again under the eval home.
    """

    def __init__(self, settings: Settings, home: Path, corpus: Sequence[Path],
                 progress: bool = False, *, embeddings: Any = None):
        """`embeddings`: an embedder already loaded (the web app's); made from settings when
        None."""
        self.settings = settings.model_copy(update={"home": home, "corpus": list(corpus)})
        self._user_models_dir = settings.models_dir
        self._progress = progress
        self._embeddings = embeddings
        self._base: Assistant | None = None
        self.index_report: Any = None
        self.built: list[Assistant] = []

    def __call__(self, config: EvalConfig) -> Assistant:
        settings = config.apply(self.settings)
        assistant = self.base.with_provider(config.provider or "extractive",
                                            retrieval=settings.retrieval)
        if self.index_report is None:
            self.index_report = self._index(assistant)
        self.built.append(assistant)
        return assistant

    @property
    def base(self) -> Assistant:
        """The Assistant every configuration is derived from (store and embedder opened once)."""
        if self._base is None:
            from assistant.service import Assistant

            self._base = Assistant.from_settings(self.settings, provider="extractive",
                                                 embeddings=self._embeddings,
                                                 models_dir=self._user_models_dir)
        return self._base

    def _index(self, assistant: Assistant) -> Any:
        """Index the corpus (incremental); a build that embedded papers leaves its speed in
        index_stats.json, since later runs embed nothing and cannot measure it."""
        from tqdm import tqdm

        with tqdm(desc="indexing", unit="paper", file=sys.stderr,
                  disable=not self._progress) as bar:
            report = assistant.index(self.settings.corpus, progress=bar.update)
        written = report.added + report.updated
        if written and report.seconds > 0:
            stats = {"papers": written, "seconds": report.seconds,
                     "papers_per_s": round(written / report.seconds, 2),
                     "embedder": self.settings.embedder.provider,
                     "when": datetime.now().isoformat(timespec="seconds")}
            (self.settings.home / INDEX_STATS).write_text(json.dumps(stats), encoding="utf-8")
        return report

    def close(self) -> None:
        for assistant in self.built[:1]:
            assistant.close()  # stops every local model server this process started


def collect_secrets(settings: Settings | None, env: dict[str, str] | None = None
                    ) -> list[str]:
    """Every configured secret value, so the report writer can scrub them from all outputs."""
    env = dict(os.environ) if env is None else env
    secrets: list[str] = []
    if settings is not None:
        for secret in (settings.llm.api_key, settings.embedder.api_key, settings.store.token,
                       settings.ui.password):
            if secret is not None:
                secrets.append(secret.get_secret_value())
        secrets.extend(settings.store.headers.values())
    pattern = re.compile(r"KEY|TOKEN|SECRET|PASSWORD|AUTH", re.I)
    secrets.extend(value for name, value in env.items() if pattern.search(name))
    return sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)


def _default_out(dataset: EvalDataset) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(f"paperchat-eval-{dataset.name}-{stamp}")


def _defaults(kind: DatasetKind) -> tuple[str, ...] | str:
    defaults: dict[str, tuple[str, ...] | str] = {
        "qa": DEFAULT_QA, "conversation": DEFAULT_QA, "beir": DEFAULT_BEIR,
        "pubmedqa": DEFAULT_PUBMEDQA}
    return defaults[kind]


def run_cli(args: argparse.Namespace, *, assistants: AssistantFactory | None = None,
            settings: Settings | None = None) -> int:
    """`paperchat eval`: 0 when every gate passes, 1 when one fails. Tests pass `assistants`."""
    from eval.report import write_report

    # --max: maximums such as new_subject_leak=0 (read when the CLI offers the flag).
    gates = parse_gates(args.min) + parse_gates(getattr(args, "max", None) or [], upper=True)
    dataset = load_dataset(args.dataset, getattr(args, "split", None) or "test", args.limit)
    configs = parse_configs(args.config, _defaults(dataset.kind))
    progress = not getattr(args, "no_progress", False) and sys.stderr.isatty()
    if settings is None:
        from assistant.settings import load_settings

        settings = load_settings()
    cache = getattr(args, "cache", None) or default_cache_dir()
    owned: EvalAssistants | None = None
    if assistants is None:
        owned = EvalAssistants(settings, dataset_home(cache, dataset), dataset.corpus, progress)
        assistants = owned
    judge = None
    if getattr(args, "judge", None):
        from eval.judge import make_judge

        judge = make_judge(args.judge, settings, cache / "judge")
    base = settings
    try:
        result = run_eval(dataset, configs, assistants, judge=judge, progress=progress,
                          describe=lambda c: c.describe(base))
    finally:
        if owned is not None:
            owned.close()
    if judge is not None:
        result.notes.append(f"judge {judge.model_name}: {judge.calls} new calls, "
                            "the rest from the cache")
    out = args.out or _default_out(dataset)
    write_report(result, out, secrets=collect_secrets(settings))
    print(format_summary(result), file=sys.stdout)
    print(f"report: {out / 'report.md'}", file=sys.stdout)
    failures = check_gates(result.metrics, gates)
    if failures:
        print("paperchat eval: regression gates failed:", file=sys.stderr)
        for failure in failures:
            print(f"  {failure}", file=sys.stderr)
        return 1
    return 0


SUMMARY_METRICS = (*m.SCORES, *m.ANSWER_EXTRA, "latency_p50_s", "retrieval_p50_s",
                   *(f"{kind}_{metric}" for kind in TURN_KINDS for metric in m.TURN_KIND))


def format_summary(result: EvalResult) -> str:
    """A plain table, metrics down, configurations across."""
    names = list(result.metrics)
    width = max([len(n) for n in names] + [10])
    shown = [(metric, [result.metrics[n]["overall"].get(metric) for n in names])
             for metric in SUMMARY_METRICS]
    shown = [(metric, values) for metric, values in shown if any(v is not None for v in values)]
    label = max([len(metric) + 2 for metric, _ in shown] + [20])
    lines = [f"{'metric':<{label}}" + "".join(f"{n:>{width + 2}}" for n in names)]
    for metric, values in shown:
        digits = 0 if metric.endswith("_n") else 3
        cells = "".join(f"{'-' if v is None else f'{v:.{digits}f}':>{width + 2}}"
                        for v in values)
        lines.append(f"{metric:<{label}}{cells}")
    return "\n".join(lines)
