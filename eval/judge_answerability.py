"""Experiment: does the local model's yes/no judgement add to the answerability score?

    .venv/bin/python -m eval.judge_answerability --cache /tmp/eval-cache-me --model qwen2.5-0.5b

Dev files only (as `eval.calibrate`; held-out files are refused). Every single-paper dev
question goes through the product's stages as calibrate sends it (understand -> retrieve ->
signals); the evidence the signals rested on (the best focus paper's best few sentences) and
the question go to the local model in one short prompt (`prompts/answerable.yaml`) with one
token to write and its token probabilities returned: P(yes), normalised over yes and no, is
the judgement. Then, on the same questions:

- the AUC of P(yes) alone and of the current score alone (answerable vs not);
- leave-one-author-out (calibrate's `by_batch`: each batch fitted on the others, threshold
  chosen on their grouped out-of-fold scores) for the current signals and for the current
  signals plus the judgement;
- the share of questions in the band around the threshold that holds most current errors
  (asking the model only there is what would make it affordable).

The questions' signals and evidence and the model's judgements are cached as JSON (`--rows`,
`--judgements`), so a rerun recomputes only what is missing. `--no-ask` analyses what the
cache holds: questions not judged take the neutral value, as in a product that asks only in
the band around the threshold (the judgements are made nearest-the-threshold first when the
rows are given in that order).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.answerability import FEATURES, focus_hits, signals
from eval.calibrate import (
    DEV_FILES,
    Sample,
    batch_of,
    choose_l2,
    choose_threshold,
    collect,
    cross_validate,
    dev_index,
    fit_logistic,
    out_of_fold_scores,
)
from eval.fit_sides import collect as collect_sides
from eval.fit_sides import fit as fit_sides

EVIDENCE_SENTENCES = 3
_CANDIDATE_KEYS = ("entity_doc", "entity_near", "cover_doc", "slot", "meaning", "share_found",
                   "value_sent", "phrase_found", "value_entity", "asked_near")


@dataclass
class Row:
    """One dev question as the answerability stage saw it."""

    id: str
    answerable: bool
    signals: dict[str, float]
    group: str
    named: bool
    question: str  # the standalone question: what retrieval and the signals used
    title: str
    sentences: list[str]  # the evidence shown to the judge, in the abstract's order

    @property
    def single_turn(self) -> bool:
        return "#" not in self.id


def judge_evidence(plan: Any, hits: Sequence[Any], engine: Any,
                   n: int = EVIDENCE_SENTENCES) -> tuple[str, list[str]]:
    """The focus paper the signals took (the one whose own signals sum highest, as `signals`
    keeps the best paper) and its `n` sentences closest to the question, by the embedder's
    cosine plus the share of the question's content words, in the abstract's order."""
    retriever = engine._retriever
    scorer = engine._scorer
    best: tuple[float, Any] | None = None
    for hit in focus_hits(plan, hits):
        found = signals(plan, [hit], retriever.papers, retriever.idf, scorer, retriever.knows)
        total = sum(found[k] for k in _CANDIDATE_KEYS)
        if best is None or total > best[0]:
            best = (total, hit)
    if best is None:
        return "", []
    hit = best[1]
    sentences = [s.text for s in hit.chunk.sentences] or [hit.chunk.text]
    cosines = scorer.each(plan.standalone, sentences) if scorer is not None else \
        [0.0] * len(sentences)
    from assistant.text import tokenize

    terms = set(plan.focus_terms)
    shares = [len(terms & set(tokenize(s))) / len(terms) if terms else 0.0 for s in sentences]
    ranked = sorted(range(len(sentences)), key=lambda i: -(cosines[i] + shares[i]))[:n]
    return hit.title, [sentences[i] for i in sorted(ranked)]


def collect_rows(cache: Path | None, files: Sequence[str]) -> list[Row]:
    assistant, paths = dev_index(files, cache)
    assistant.engine.sides.weights = fit_sides(collect_sides(assistant, paths))
    rows: list[Row] = []

    def keep(sample: Sample, plan: Any, hits: list[Any]) -> None:
        title, sentences = judge_evidence(plan, hits, assistant.engine)
        rows.append(Row(sample.id, sample.answerable, sample.signals, sample.group,
                        sample.named, plan.standalone, title, sentences))

    collect(assistant, paths, keep)
    return rows


# --- the judge --------------------------------------------------------------------------


def p_yes(top_logprobs: Sequence[Mapping[str, Any]]) -> float | None:
    """P(yes) / (P(yes) + P(no)) over the first token's alternatives (any case, any spaces);
    None when neither word is among them."""
    mass = {"yes": 0.0, "no": 0.0}
    for alternative in top_logprobs:
        word = str(alternative.get("token", "")).strip().lower()
        if word in mass:
            mass[word] += math.exp(float(alternative["logprob"]))
    total = mass["yes"] + mass["no"]
    return mass["yes"] / total if total > 0 else None


def evidence_text(title: str, sentences: Sequence[str]) -> str:
    return f"{title}\n" + "\n".join(sentences)


def make_asker(model_name: str, threads: int) -> Callable[[str, str], tuple[float | None, float]]:
    """A function (question, evidence) -> (P(yes), seconds) on the local model."""
    from assistant.providers import make_chat_model
    from assistant.settings import Settings
    from prompts import load_prompt

    settings = Settings()
    llm = settings.llm.model_copy(update={"provider": "local", "local_model": model_name,
                                          "temperature": 0.0, "max_tokens": 1,
                                          "threads": threads})
    model = make_chat_model(llm, settings.models_dir)
    assert model is not None
    bound = model.bind(logprobs=True, top_logprobs=10)
    prompt = load_prompt("answerable", {"question", "evidence"})

    def ask(question: str, evidence: str) -> tuple[float | None, float]:
        messages = prompt.format_messages(question=question, evidence=evidence)
        began = time.perf_counter()
        reply = bound.invoke(messages)
        seconds = time.perf_counter() - began
        content = (reply.response_metadata.get("logprobs") or {}).get("content") or []
        return (p_yes(content[0].get("top_logprobs", [])) if content else None), seconds

    return ask


def judge_all(rows: Sequence[Row], model_name: str, path: Path, threads: int,
              only: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """P(yes) per row id (cached in `path` under the model, question and evidence)."""
    cached: dict[str, dict[str, Any]] = json.loads(path.read_text()) if path.is_file() else {}
    ask = None
    todo = [r for r in rows if only is None or r.id in only]
    for n, row in enumerate(todo):
        evidence = evidence_text(row.title, row.sentences)
        key = hashlib.sha256(f"{model_name}\n{row.question}\n{evidence}".encode()).hexdigest()
        if key in cached:
            continue
        if ask is None:
            ask = make_asker(model_name, threads)
            ask("warm-up", "warm-up")  # starts the server; not timed
        p, seconds = ask(row.question, evidence)
        cached[key] = {"id": row.id, "p_yes": p, "seconds": round(seconds, 3)}
        if n % 25 == 0:
            path.write_text(json.dumps(cached))
            print(f"{n}/{len(todo)} {row.id} p_yes={p} {seconds:.2f}s", file=sys.stderr)
    path.write_text(json.dumps(cached))
    out = {}
    for row in rows:
        evidence = evidence_text(row.title, row.sentences)
        key = hashlib.sha256(f"{model_name}\n{row.question}\n{evidence}".encode()).hexdigest()
        if key in cached:
            out[row.id] = cached[key]
    return out


# --- analysis ---------------------------------------------------------------------------


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """P(an answerable question scores above an unanswerable one), ties counting half."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    return float(wins / (len(pos) * len(neg)))


def logit(p: float, cap: float = 8.0) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return max(-cap, min(cap, math.log(p / (1 - p))))


def forced_of(rows: Sequence[Row]) -> np.ndarray:
    """Calibrate's outside-the-collection rule, on these rows."""
    unnamed = sorted(r.signals["meaning"] for r in rows if r.answerable and not r.named)
    off_topic = unnamed[len(unnamed) // 100] if unnamed else 0.0
    return np.array([not r.named and r.signals["meaning"] < off_topic for r in rows])


def loao(x: np.ndarray, y: np.ndarray, ids: Sequence[str], groups: Sequence[str],
         forced: np.ndarray, max_false: float, l2: float) -> tuple[np.ndarray, np.ndarray,
                                                                    np.ndarray]:
    """Per batch, fitted (with its threshold) on the others: each question's score, the
    threshold it was held to and whether it is abstained on (as calibrate's `by_batch`)."""
    batches = np.array([batch_of(i) for i in ids])
    keys = np.array(groups)
    scores = np.zeros(len(y))
    thresholds = np.zeros(len(y))
    abstains = np.zeros(len(y), dtype=bool)
    for batch in sorted(set(batches)):
        held = batches == batch
        rest = ~held
        inner = out_of_fold_scores(x[rest], y[rest], list(keys[rest]), l2=l2)
        threshold, _ = choose_threshold(inner, y[rest], max_false, forced[rest])
        w, b = fit_logistic(x[rest], y[rest], l2)
        scores[held] = 1 / (1 + np.exp(-(x[held] @ w + b)))
        thresholds[held] = threshold
        abstains[held] = (scores[held] < threshold) | forced[held]
    return scores, thresholds, abstains


def rates(abstains: np.ndarray, y: np.ndarray, mask: np.ndarray) -> dict[str, Any]:
    a, yy = abstains[mask], y[mask]
    return {"n": int(mask.sum()), "n_unanswerable": int((yy == 0).sum()),
            "abstain_recall": round(float(a[yy == 0].mean()), 4) if (yy == 0).any() else None,
            "false_abstention": round(float(a[yy == 1].mean()), 4) if yy.any() else None}


def band_coverage(scores: np.ndarray, thresholds: np.ndarray, y: np.ndarray,
                  forced: np.ndarray, share: float = 0.8) -> dict[str, float]:
    """The band around the threshold (in logit distance) holding `share` of the errors, and
    the share of all questions inside it."""
    distance = np.abs(np.array([logit(s) for s in scores]) -
                      np.array([logit(t) for t in thresholds]))
    wrong = ((scores < thresholds) | forced) != (y == 0)
    if not wrong.any():
        return {"errors": 0}
    width = float(np.quantile(distance[wrong & ~forced], share)) if (wrong & ~forced).any() \
        else 0.0
    inside = distance <= width
    return {"errors": int(wrong.sum()), "logit_half_width": round(width, 3),
            "share_of_errors": round(float((wrong & inside).sum() / wrong.sum()), 3),
            "share_of_questions": round(float(inside.mean()), 3)}


def analyse(rows: Sequence[Row], judged: Mapping[str, Mapping[str, Any]],
            max_false: float = 0.05) -> dict[str, Any]:
    """The figures above. Questions the model was not asked about (or whose reply held
    neither word) take the judgement's neutral value: P(yes) 0.5, logit 0, as a product that
    asks only near the threshold would."""
    asked = np.array([r.id in judged and judged[r.id]["p_yes"] is not None for r in rows])
    y = np.array([1.0 if r.answerable else 0.0 for r in rows])
    ids = [r.id for r in rows]
    groups = [r.group for r in rows]
    forced = forced_of(rows)
    p = np.array([float(judged[r.id]["p_yes"]) if a else 0.5 for r, a in zip(rows, asked,
                                                                             strict=True)])
    base = np.array([[r.signals[f] for f in FEATURES] for r in rows])
    # A small model's P(yes) moves within a narrow range (0.2-0.3 for the 0.5B): standardised
    # over the asked questions, the fit's fixed steps and L2 do not hold its weight back.
    logits = np.array([logit(v) for v in p])
    spread = float(logits[asked].std()) if asked.sum() > 1 else 1.0
    standard = np.where(asked, (logits - logits[asked].mean()) / (spread or 1.0), 0.0) \
        if asked.any() else np.zeros(len(rows))
    variants = {
        "a_current": base,
        "b_plus_p_yes": np.column_stack([base, p - 0.5]),
        "b_plus_logit": np.column_stack([base, [logit(v) / 8 for v in p]]),
        "b_plus_logit_z": np.column_stack([base, standard]),
    }
    single = np.array([r.single_turn for r in rows])
    out: dict[str, Any] = {"n": len(rows), "n_asked": int(asked.sum()),
                           "n_single_turn": int(single.sum()),
                           "n_unanswerable": int((y == 0).sum()),
                           "n_unanswerable_asked": int((y[asked] == 0).sum()),
                           "auc_p_yes_asked": round(auc(list(p[asked]), list(y[asked] == 1)), 4),
                           "auc_p_yes_asked_single_turn": round(
                               auc(list(p[asked & single]), list(y[asked & single] == 1)), 4)}
    seconds = [float(judged[r.id]["seconds"]) for r, a in zip(rows, asked, strict=True) if a]
    if seconds:
        out["seconds_median"] = round(statistics.median(seconds), 3)
        out["seconds_p90"] = round(float(np.quantile(seconds, 0.9)), 3)
    batches = sorted({batch_of(i) for i in ids})
    new_authors = np.array([batch_of(i) in ("n7", "n8", "bu") for i in ids])
    for name, x in variants.items():
        l2 = choose_l2(x, y, groups)
        grouped = cross_validate(x, y, groups, l2=l2).scores
        threshold, by_paper = choose_threshold(grouped, y, max_false, forced)
        scores, thresholds, abstains = loao(x, y, ids, groups, forced, max_false, l2)
        w, b = fit_logistic(x, y, l2)
        fitted = 1 / (1 + np.exp(-(x @ w + b)))
        block: dict[str, Any] = {
            "l2": l2,
            "auc_in_sample": round(auc(list(fitted), list(y == 1)), 4),
            "auc_by_paper_oof": round(auc(list(grouped), list(y == 1)), 4),
            "auc_loao": round(auc(list(scores), list(y == 1)), 4),
            "auc_loao_on_asked": round(auc(list(scores[asked]), list(y[asked] == 1)), 4),
            "by_paper": {k: round(v, 4) for k, v in by_paper.items()},
            "loao_all": rates(abstains, y, np.ones(len(y), dtype=bool)),
            "loao_n7_n8_bu": rates(abstains, y, new_authors),
            "loao_single_turn": rates(abstains, y, single),
            "loao_by_batch": {b: rates(abstains, y, np.array([batch_of(i) == b for i in ids]))
                              for b in batches},
        }
        if name == "a_current":
            block["band_loao"] = {str(s): band_coverage(scores, thresholds, y, forced, s)
                                  for s in (0.7, 0.8, 0.9)}
            block["band_by_paper"] = {
                str(s): band_coverage(grouped, np.full(len(y), threshold), y, forced, s)
                for s in (0.7, 0.8, 0.9)}
        else:
            block["judge_weight"] = round(float(w[-1]), 4)
        out[name] = block
    return out


def nearest_first(rows: Sequence[Row], max_false: float = 0.05) -> list[Row]:
    """The rows by how close the current signals' leave-one-author-out score comes to its
    threshold (in logits): the questions a product asking only near the threshold would ask."""
    y = np.array([1.0 if r.answerable else 0.0 for r in rows])
    x = np.array([[r.signals[f] for f in FEATURES] for r in rows])
    groups = [r.group for r in rows]
    l2 = choose_l2(x, y, groups)
    scores, thresholds, _ = loao(x, y, [r.id for r in rows], groups, forced_of(rows),
                                 max_false, l2)
    distance = [abs(logit(s) - logit(t)) for s, t in zip(scores, thresholds, strict=True)]
    return [rows[i] for i in np.argsort(distance, kind="stable")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="eval indexes, as `eval.calibrate --cache`")
    parser.add_argument("--model", default="qwen2.5-0.5b")
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument("--rows", type=Path, default=Path("/tmp/judge-answerability-rows.json"))
    parser.add_argument("--judgements", type=Path,
                        default=Path("/tmp/judge-answerability-judgements.json"))
    parser.add_argument("--single-turn", action="store_true",
                        help="ask the model only about single-turn questions")
    parser.add_argument("--limit", type=int, help="ask about the first N questions only")
    parser.add_argument("--nearest-first", action="store_true",
                        help="ask about the questions nearest the threshold first (with "
                             "--limit: only those)")
    parser.add_argument("--no-ask", action="store_true",
                        help="analyse the judgements already cached (the rest count as not "
                             "asked) without starting the model")
    parser.add_argument("--out", type=Path, help="write the analysis here as JSON")
    args = parser.parse_args(argv)
    if args.rows.is_file():
        rows = [Row(**r) for r in json.loads(args.rows.read_text())]
    else:
        try:
            rows = collect_rows(args.cache, DEV_FILES)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        args.rows.write_text(json.dumps([asdict(r) for r in rows]))
    chosen = [r for r in rows if r.single_turn or not args.single_turn]
    chosen = (nearest_first(chosen) if args.nearest_first else chosen)[:args.limit]
    # In the order chosen (nearest the threshold first, say); with --no-ask, what is cached.
    judged = judge_all(rows if args.no_ask else chosen, args.model, args.judgements,
                       args.threads, only=set() if args.no_ask else None)
    result = analyse(rows if args.no_ask or args.nearest_first else chosen, judged)
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
