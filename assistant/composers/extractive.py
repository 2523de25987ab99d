"""Answers made of the evidence sentences that answer the question best, each cited.

Deterministic and model-free: the `extractive` provider, the fallback when a model's answer
cannot be verified, and the baseline every eval compares against.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.answerability import asked_near, holds_value
from assistant.contrast import terms as specific_terms
from assistant.text import (
    OWN_WORK,
    is_specific,
    raw_tokens,
    squash,
    squashed_words,
    tokenize,
    variant_match,
)
from assistant.types import Evidence, Hit, Paper, QuestionPlan

# What a paper found or reached: the sentence a summary reports its headline result from.
_RESULT = re.compile(r"\b(outperform|surpass|achiev|improv\w* (by|from|over|on)|"
                     r"state[- ]of[- ]the[- ]art|(results|experiments|evaluations?|findings) "
                     r"(show|demonstrate|indicate|suggest|reveal|on)|"
                     r"we (show|find|found|demonstrate|observe))", re.I)
# A further piece of the paper's own work after its opening claim ("X also features a novel
# module ...").
_NOVEL = re.compile(r"\b(novel|new|also (features|introduces|includes|proposes))\b", re.I)


@dataclass(frozen=True)
class SentenceWeights:
    """How much each cue adds to a sentence's score beside the question's (idf-weighted)
    words; fitted on dev questions' key facts by `python -m eval.calibrate` (shipped under
    "extractive")."""

    meaning: float = 1.0  # the embedder's cosine, in units of the question's rarest word
    own_work: float = 0.5  # "we propose ...": the paper's own contribution
    slot: float = 1.5  # holds a value of the asked kind the question does not give
    asked_near: float = 0.0  # ... next to the words naming what is asked ("learning rate")
    runner_up: float = 0.5  # a second sentence must score this share of the best
    sentences: int = 2  # at most this many for a fact or which-paper answer
    # The cosine of what is asked, the question without the names of the papers it is about:
    # a paper's name in the question draws the full question's cosine to every sentence that
    # repeats the name ("in Evolution Gym, what are the robots built from").
    asked_meaning: float = 0.0
    # A sentence holding question words the chosen ones do not (the second half of "what does
    # X stand for, and what does it use to ...") joins them when those words weigh at least
    # this share of the question's (1.0: never).
    cover: float = 1.0
    # Describe answers: the paper's opening claim, then the sentences scoring best on: coming
    # right after it, naming specific terms (components, datasets, values), reporting a
    # result, stating a further piece of the paper's own work; `describe_sentences` in all.
    follow: float = 1.0
    named_terms: float = 0.0
    result: float = 0.0
    novel: float = 0.0
    describe_sentences: int = 3

    def to_json(self) -> dict[str, float]:
        return {"meaning": self.meaning, "own_work": self.own_work, "slot": self.slot,
                "asked_near": self.asked_near, "runner_up": self.runner_up,
                "sentences": self.sentences, "asked_meaning": self.asked_meaning,

                "cover": self.cover, "follow": self.follow, "named_terms": self.named_terms,
                "result": self.result, "novel": self.novel,
                "describe_sentences": self.describe_sentences}
_URL = re.compile(r"https?://\S+|\b[\w-]+(\.[\w-]+)*\.(com|org|io|edu|net)(/\S*)?", re.I)
_ENUMERATION_START = re.compile(r"\((1|i|a)\)|(?<!\w)1\)")
_ENUMERATION_ITEM = re.compile(r"^\s*\(?(\d|[ivx]+|[b-h])\)")
# Items written as sentences of their own: "... three criteria. First, ... Second, ..."
_ORDINAL_FIRST = re.compile(r"^\s*(first|firstly)\b", re.I)
_ORDINAL_ITEM = re.compile(r"^\s*(second|third|fourth|fifth|secondly|thirdly|finally|lastly)\b",
                           re.I)


def _opens(text: str, following: str | None) -> bool:
    """Whether a sentence opens an enumeration whose items follow in sentences of their own."""
    return bool(_ENUMERATION_START.search(text)) or \
        (following is not None and bool(_ORDINAL_FIRST.match(following)))


def _item(text: str) -> bool:
    return bool(_ENUMERATION_ITEM.match(text) or _ORDINAL_ITEM.match(text)
                or _ORDINAL_FIRST.match(text))


def compose_extractive(plan: QuestionPlan, evidence: Sequence[Evidence],
                       idf: Callable[[str], float], max_sentences: int = 3,
                       meaning: Callable[[str, Sequence[str]], Sequence[float]] | None = None,
                       weights: SentenceWeights | None = None,
                       values: Mapping[str, Sequence[str]] | None = None) -> str:
    """The sentences `pick_extractive` chooses, each cited."""
    return cite_sentences(pick_extractive(plan, evidence, idf, max_sentences, meaning, weights,
                                          values))


def score_sentences(plan: QuestionPlan, evidence: Sequence[Evidence],
                    idf: Callable[[str], float],
                    meaning: Callable[[str, Sequence[str]], Sequence[float]] | None = None,
                    weights: SentenceWeights | None = None,
                    values: Mapping[str, Sequence[str]] | None = None
                    ) -> list[tuple[float, Evidence]]:
    """How well each evidence sentence answers a fact question: the question's words it shares
    (rare words count most), the embedder's cosine (abstracts paraphrase: "how does it store
    experience" is answered by "a long-term memory of Tips and Shortcuts"), the paper's own
    work, and a value of the asked kind (`values`: see `asked_values`)."""
    weights = weights or SentenceWeights()
    terms = set(plan.focus_terms) or set(plan.topic_terms) or set(tokenize(plan.standalone))
    texts = [e.text for e in evidence]
    cosines = list(meaning(plan.sentence_query, texts)) if meaning else []
    asked = list(meaning(asked_part(plan), texts)) if meaning and weights.asked_meaning else []
    top_idf = max((idf(t) for t in terms), default=1.0) or 1.0
    # Words inside a link are an address, not what the sentence says.
    sentence_words = [set(tokenize(_URL.sub(" ", e.text))) for e in evidence]
    scored = []
    for position, item in enumerate(evidence):
        words = sentence_words[position]
        score = sum(idf(t) for t in terms & words)
        if cosines:
            score += weights.meaning * top_idf * max(cosines[position], 0.0)
        if asked:
            score += weights.asked_meaning * top_idf * max(asked[position], 0.0)
        if OWN_WORK.search(item.text):
            score += weights.own_work
        if gives_asked_value(plan, item, values):
            score += weights.slot
            if plan.asked_terms and weights.asked_near:  # the fit may give it no weight
                score += weights.asked_near * asked_near(plan, item.text, item.title)
        scored.append((score, item))
    return scored


def pick_extractive(plan: QuestionPlan, evidence: Sequence[Evidence],
                    idf: Callable[[str], float], max_sentences: int = 3,
                    meaning: Callable[[str, Sequence[str]], Sequence[float]] | None = None,
                    weights: SentenceWeights | None = None,
                    values: Mapping[str, Sequence[str]] | None = None) -> list[Evidence]:
    """The best-matching sentences in abstract order; the one carrying the asked slot first.

    A sentence scores by the question's words it shares (rare words count most) and, when
    `meaning` is given, by the embedder's cosine to the question: abstracts paraphrase ("how
    does it store experience" is answered by "a long-term memory of Tips and Shortcuts").
    """
    weights = weights or SentenceWeights()
    if plan.intent == "describe" and evidence:
        return _describe(evidence, weights, problem=plan.asks_problem,
                         limit=plan.answer_sentences or weights.describe_sentences)
    return pick_scored(plan, evidence,
                       score_sentences(plan, evidence, idf, meaning, weights, values),
                       max_sentences, weights, values, idf)


def asked_part(plan: QuestionPlan) -> str:
    """The question without the names it uses for its subject papers: what it asks of them."""
    text = plan.sentence_query
    for name in sorted(plan.subject_names.values(), key=len, reverse=True):
        if name:
            text = re.sub(re.escape(name), " ", text, flags=re.I)
    rest = " ".join(text.split())
    return rest if re.search(r"\w", rest) else plan.sentence_query


def pick_scored(plan: QuestionPlan, evidence: Sequence[Evidence],
                scores: Sequence[tuple[float, Evidence]], max_sentences: int = 3,
                weights: SentenceWeights | None = None,
                values: Mapping[str, Sequence[str]] | None = None,
                idf: Callable[[str], float] | None = None) -> list[Evidence]:
    """`pick_extractive` over sentence scores already computed by `score_sentences`; with
    `idf`, a sentence covering question words the picks leave out joins them (`cover`)."""
    weights = weights or SentenceWeights()
    scored = [(score, -item.n, item) for score, item in scores]
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    limit = weights.sentences if plan.intent in ("fact", "which_paper") else max_sentences
    best = scored[0][0] if scored else 0.0
    # A weak runner-up is noise, not support: each one must come close to the best.
    picked = [s[2] for s in scored[:limit] if s[0] > 0 and s[0] >= weights.runner_up * best] \
        or [s[2] for s in scored[:1]]
    direct = picked[0] if picked else None
    if direct is not None and plan.intent == "fact" and not gives_asked_value(plan, direct, values):
        # A question asking for a value of some kind is answered by a sentence giving one: of
        # the plausible sentences, the best that does leads.
        direct = next((e for e in picked if gives_asked_value(plan, e, values)), direct)
    if direct is not None and plan.intent == "fact" and \
            gives_asked_value(plan, direct, values) and _names_all(plan, direct):
        picked = [direct]  # the asked value, with every name the question depends on
    if idf is not None and picked and weights.cover < 1.0:
        picked += _covering(plan, [s[2] for s in scored], picked, idf, weights.cover)
    picked = with_enumeration(sorted(picked, key=lambda e: e.n), evidence)
    if direct is not None and plan.intent == "fact":
        # The sentence that answers comes first; context follows in abstract order.
        picked = [direct] + [e for e in picked if e is not direct]
    return picked


def _covering(plan: QuestionPlan, ranked: Sequence[Evidence], picked: Sequence[Evidence],
              idf: Callable[[str], float], share: float) -> list[Evidence]:
    """The best-ranked sentence holding question words no pick holds, when those words weigh
    at least `share` of the question's: a question asking two things gets both."""
    terms = set(plan.focus_terms) or set(plan.topic_terms)
    total = sum(idf(t) for t in terms)
    if not total:
        return []
    missing = terms - {w for e in picked for w in tokenize(e.text)}
    best, gain = None, 0.0
    for item in ranked:  # best-scored first: ties keep the better-scored sentence
        if item in picked:
            continue
        weight = sum(idf(t) for t in missing & set(tokenize(item.text)))
        if weight > gain:
            best, gain = item, weight
    return [best] if best is not None and gain >= share * total else []


def _describe(evidence: Sequence[Evidence], weights: SentenceWeights, problem: bool = False,
              limit: int = SentenceWeights.describe_sentences) -> list[Evidence]:
    """What the paper is and how it works: its "we propose ..." sentence, then the sentences
    scoring best on the describe cues of `weights` (by default the ones right after it: the
    background before it describes the field, not the paper), in abstract order.

    What problem it takes on (`problem`) is what that background ends with: the sentences
    right before its contribution ("However, ... insufficient long-context alignment"), then
    the contribution that answers them. At most `limit` sentences (the asker may want fewer
    or more than the fitted number)."""
    first_paper = evidence[0].paper_id
    own = [e for e in evidence if e.paper_id == first_paper]
    start = next((i for i, e in enumerate(own) if OWN_WORK.search(e.text)), 0)
    if problem and start > 0:
        return own[max(0, start - (limit - 1)):start + 1]

    def score(i: int) -> float:
        text = own[i].text
        # Before the opening claim only when nothing follows it (an abstract that states its
        # aim last has set out what it argues just before).
        after = 1.0 / (i - start) if i > start else 0.1 / (start - i + 1)
        named = min(len([t for t in specific_terms(text) if t.kind != "value"]), 3) / 3
        return (weights.follow * after + weights.named_terms * named
                + weights.result * bool(_RESULT.search(text))
                + weights.novel * bool(_NOVEL.search(text) or OWN_WORK.search(text)))

    rest = sorted((i for i in range(len(own)) if i != start), key=lambda i: (-score(i), i))
    chosen = sorted([start, *rest[:limit - 1]])
    return with_enumeration([own[i] for i in chosen], evidence)[:limit + 3]


def cite_sentences(picked: Sequence[Evidence]) -> str:
    """Each sentence verbatim, ending with its evidence number."""
    parts = []
    for item in picked:
        text = item.text.strip()
        if text.endswith((".", "!", "?")):
            text = text[:-1]
        parts.append(f"{text} [{item.n}].")
    return " ".join(parts)


def asked_values(plan: QuestionPlan, papers: Mapping[str, Paper]) -> dict[str, list[str]]:
    """Paper id -> the names of the asked kind its index-time facets list (the models it runs
    for "which base model ...", the benchmarks for "what does it evaluate on"), less those the
    question gives. Papers without such facets are left out."""
    kind = {"model": "models", "benchmark": "benchmarks"}.get(plan.asked_for)
    if kind is None:
        return {}
    given = squashed_words(plan.question)
    out = {}
    for paper_id, paper in papers.items():
        if paper.facets is None:
            continue
        names = [n for n in getattr(paper.facets, kind) if not variant_match(squash(n), given)]
        if names:
            out[paper_id] = names
    return out


def gives_asked_value(plan: QuestionPlan, item: Evidence,
                values: Mapping[str, Sequence[str]] | None = None) -> bool:
    """A sentence giving a value of the asked kind (a number, a year, a model's name) that the
    question does not already give is what a fact question wants. Where the paper's facets
    list names of the asked kind, a sentence must hold one of them: a name's shape alone
    ("SLMs", "CoT") does not make it a model or a benchmark."""
    if plan.asked_for == "name":
        return names_asked_kind(plan, item.text, item.title)
    if plan.asked_for not in ("number", "year", "benchmark", "model"):
        return False
    if (values or {}).get(item.paper_id):
        return holds_listed_value(values or {}, item.paper_id, item.text)
    return holds_value(plan, item.text, item.title)


def holds_listed_value(values: Mapping[str, Sequence[str]], paper_id: str, text: str) -> bool:
    """Whether a sentence of the paper holds one of its names of the asked kind (see
    `asked_values`)."""
    words = squashed_words(text)
    return any(variant_match(squash(name), words) for name in values.get(paper_id, ()))


def names_asked_kind(plan: QuestionPlan, text: str, title: str) -> bool:
    """Whether a sentence names a thing of the kind "which agent" / "what loss" asks for: a
    name (capitals or digits, see `is_specific`) the question and the title do not give, with
    the asked noun in it or beside it ("SWE-Agent", "a Value Agent", "the Ping-Pong loss",
    "the optimizer AdamW"). Other names in the sentence ("Monte Carlo Tree Search") are not of
    that kind."""
    kinds = set(plan.asked_terms)
    if not kinds:
        return False
    known = squashed_words(f"{plan.question} {title}")
    tokens = raw_tokens(text)
    stems = [set(tokenize(t)) for t in tokens]
    for i, token in enumerate(tokens):
        if not is_specific(token, first=i == 0) or squash(token) in known:
            continue
        beside = stems[i] | (stems[i + 1] if i + 1 < len(tokens) else set()) | \
            (stems[i - 1] if i else set())
        if kinds & beside:
            return True
    return False


def _names_all(plan: QuestionPlan, item: Evidence) -> bool:
    words = squashed_words(f"{item.title} {item.text}")
    return all(variant_match(squash(e), words) for e in plan.entities if squash(e))


def enumeration_siblings(hit: Hit, indexes: set[int], candidates: Sequence[int]) -> set[int]:
    """`indexes` and, for each that opens an enumeration ("three modules: (1) ..."), the
    following candidate sentences that carry its items ("(2) ...", "(3) ...")."""
    sentences = hit.chunk.sentences
    allowed = set(candidates)
    out = set(indexes)
    for index in sorted(indexes):
        following = sentences[index + 1].text if index + 1 < len(sentences) else None
        if index >= len(sentences) or not _opens(sentences[index].text, following):
            continue
        n = index + 1
        while n in allowed and n < len(sentences) and \
                _item(sentences[n].text) and n - index <= 5:
            out.add(n)
            n += 1
    return out


def with_enumeration(picked: list[Evidence], evidence: Sequence[Evidence]) -> list[Evidence]:
    """A picked "three modules: (1) ..." sentence brings its "(2) ...", "(3) ..." sentences
    (or its "First, ...", "Second, ..." sentences).

    Abstracts often end each enumerated item with a full stop; without its siblings the
    first item alone misleads.
    """
    by_n = {e.n: e for e in evidence}
    result = list(picked)
    for item in picked:
        following = by_n.get(item.n + 1)
        if following is None or following.paper_id != item.paper_id or \
                not _opens(item.text, following.text):
            continue
        n = item.n + 1
        while (n in by_n and by_n[n].paper_id == item.paper_id
               and _item(by_n[n].text) and len(result) < 6):
            if by_n[n] not in result:
                result.append(by_n[n])
            n += 1
    return sorted(result, key=lambda e: e.n)
