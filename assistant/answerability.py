"""Can the papers answer this? One calibrated decision: `assess(plan, hits, ...)`.

Retrieval always finds *something*; what matters is whether the evidence says what is asked.
Signals are computed, not hand-gated, and one logistic model fitted on labelled dev questions
(`python -m eval.calibrate`) turns them into a score with one threshold, both shipped in
`assistant/data/answerability.json`. Every provider goes through this before any model call.

Signals (each 0..1):
- topicality: how close the question is to the collection at all (dense cosine of the best
  chunk); a recipe question is far from every paper;
- unknown: names in the question the collection never uses;
- entity_doc / entity_near: the question's specific names and numbers found in the focus
  paper, and found together in one sentence or two adjacent ones (not spread over the abstract);
- cover_doc: the question's content words (idf-weighted) in the focus paper;
- slot: the asked-for kind of value is there (a number when a number is asked ...);
- meaning: the embedder's cosine between the question and the focus paper's best sentence;
- share_found: the plain share of the question's content words in the focus paper;
- value_sent: the best sentence that both speaks of what is asked (its content words) and holds
  a value of the asked kind that the question does not already give (a number for "how many",
  a name for "which model"): abstracts mention "learning" and "rate" without ever giving one;
- phrase_found: the question's adjacent content-word pairs ("LoRA rank", "learning rate") found
  adjacent in the paper too, not just somewhere in it;
- value_entity: the share of the question's specific names found in one sentence that also
  holds a value of the asked kind ("AIME" and a number together, not AIME in one sentence and
  a MATH score in another);
- known_share: the share of the question's topic words the collection uses at all (a recipe,
  a football final, a film use words no abstract has);
- asked_near: the share of the words naming what is asked ("learning rate", "GPU hours") found
  within a few words of a value of the asked kind, in the best sentence: an abstract that says
  "learning" in one clause and "48.1%" in another does not give a learning rate.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Literal

from assistant.names import candidate_names
from assistant.text import (
    COUNT_WORDS,
    NUMERAL_WORDS,
    SIZE_STEMS,
    YEAR,
    is_size,
    is_specific,
    raw_tokens,
    spelled_acronyms,
    spelled_number,
    squash,
    squashed_words,
    tokenize,
    with_families,
)
from assistant.text import variant_match as _variant_match
from assistant.types import ABSTAIN_SENTENCE, Answerability, Hit, Paper, QuestionPlan

# Left out because their fitted weight changed sign between folds of papers (see
# `python -m eval.calibrate`, fit.cross_validation): whether the question names a paper, the
# content words of the best sentence pair, the rarest content word, and the products built on
# the last two. Without them the fit scores unseen papers better, not worse.
FEATURES = ("topicality", "unknown", "entity_doc", "entity_near", "cover_doc", "slot",
            "meaning", "share_found", "value_sent", "phrase_found", "value_entity",
            "known_share", "asked_near", "facet_kind", "set_named", "asked_found")
CALIBRATION_FILE = "answerability.json"
OUTSIDE = "That's outside this collection of papers."
SPECULATIVE = ("The abstracts report what each paper did and found; they make no prediction, "
               "judgement or recommendation of this kind.")


@dataclass(frozen=True)
class Calibration:
    """The fitted combination: weights per signal, a bias, and the one threshold."""

    weights: dict[str, float]
    bias: float
    threshold: float
    version: str = "unfitted"
    off_topic_below: float = 0.0  # a question naming no paper this far from all is outside
    extra: dict[str, Any] = field(default_factory=dict)  # other fitted numbers, by stage

    def score(self, signals: Mapping[str, float]) -> float:
        z = self.bias + sum(w * signals.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "features": list(self.weights),
                "weights": self.weights, "bias": self.bias, "threshold": self.threshold,
                "off_topic_below": self.off_topic_below, **self.extra}


@lru_cache(maxsize=1)
def shipped_calibration() -> Calibration:
    """The calibration fitted by `python -m eval.calibrate` and shipped with the package."""
    text = resources.files("assistant.data").joinpath(CALIBRATION_FILE).read_text("utf-8")
    return calibration_from_json(json.loads(text))


def calibration_from_json(data: Mapping[str, Any]) -> Calibration:
    """The calibration a file holds; one fitted on other signals than `FEATURES` is refused
    (its weights would meet signals that are no longer computed, silently scored as 0)."""
    if set(data["weights"]) != set(FEATURES):
        raise ValueError(f"the calibration was fitted on signals {sorted(data['weights'])}, "
                         f"not on {sorted(FEATURES)}: run `python -m eval.calibrate`")
    return Calibration(weights={k: float(v) for k, v in data["weights"].items()},
                       bias=float(data["bias"]), threshold=float(data["threshold"]),
                       version=str(data.get("version", "")),
                       off_topic_below=float(data.get("off_topic_below", 0.0)),
                       extra={k: v for k, v in data.items() if k in _EXTRA_KEYS})


_EXTRA_KEYS = ("list", "verify", "comparison", "extractive", "sides")
# A range is one value ("50-75%", "2009-2019").
_VALUE = re.compile(r"[~≈<>+\-]?\d[\d,.]*(?:[eE][-+]?\d+)?(?:%|x|×|[kKMB]|pp)?"
                    r"(?:[-–]\d[\d,.]*(?:%|x|×|[kKMB]|pp)?)?")


class SentenceScorer:
    """Cosine between a question and sentences, with sentence vectors cached per text."""

    def __init__(self, embed_query: Callable[[str], Sequence[float]] | None,
                 embed_documents: Callable[[list[str]], Sequence[Sequence[float]]] | None,
                 stored: Callable[[Sequence[str]], Sequence[Iterable[float] | None]]
                 | None = None):
        """`stored`: vectors the indexer kept for some texts (None for the others); those are
        read, not embedded."""
        self._embed_query = embed_query
        self._embed_documents = embed_documents
        self._stored = stored
        self._cache: dict[str, list[float]] = {}

    def best(self, question: str, sentences: Sequence[str]) -> float:
        return max(self.each(question, sentences), default=0.0)

    def each(self, question: str, sentences: Sequence[str]) -> list[float]:
        """Cosine of the question to each sentence (0.0 each without an embedder)."""
        if self._embed_query is None or self._embed_documents is None or not sentences:
            return [0.0] * len(sentences)
        vectors = self.embed_documents(list(sentences))
        q = list(self._embed_query(question))
        return [_cosine(q, v) for v in vectors]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """The embedder's vectors, each text embedded once: abstracts' sentences come back
        question after question (comparison cells read the same papers again)."""
        if self._embed_documents is None:
            raise ValueError("no embedder")
        missing = [s for s in dict.fromkeys(texts) if s not in self._cache]
        if missing and len(self._cache) + len(missing) > 20_000:
            self._cache.clear()
            missing = list(dict.fromkeys(texts))
        if missing and self._stored is not None:
            found = self._stored(missing)
            for text, vector in zip(missing, found, strict=True):
                if vector is not None:
                    self._cache[text] = [float(x) for x in vector]
            missing = [s for s in missing if s not in self._cache]
        if missing:
            for text, vector in zip(missing, self._embed_documents(missing), strict=True):
                self._cache[text] = list(vector)
        return [self._cache[s] for s in texts]


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    na = math.sqrt(sum(x * x for x in a)) or 1.0
    nb = math.sqrt(sum(y * y for y in b)) or 1.0
    return dot / (na * nb)


def focus_hits(plan: QuestionPlan, hits: Sequence[Hit]) -> list[Hit]:
    """The papers the answer would rest on: the subjects, else the best few hits."""
    if plan.subjects:
        return [h for h in hits if h.paper_id in plan.subjects]
    return list(hits[:3])


def signals(plan: QuestionPlan, hits: Sequence[Hit], papers: Mapping[str, Paper],
            idf: Callable[[str], float], scorer: SentenceScorer | None = None,
            knows: Callable[[str], bool] | None = None) -> dict[str, float]:
    """Every signal for the plan and the retrieved hits (max over the focus papers)."""
    focus = focus_hits(plan, hits)
    out = {name: 0.0 for name in FEATURES}
    terms = plan.topic_terms
    out["known_share"] = (sum(map(knows, terms)) / len(terms)) if knows and terms else 1.0
    out["topicality"] = max((h.scores.get("dense", 0.0) for h in hits), default=0.0)
    out["unknown"] = min(len(plan.unknown_names), 2) / 2
    weights = {t: idf(t) for t in plan.focus_terms}
    total = sum(weights.values())
    given = {squash(t) for t in raw_tokens(plan.question)}
    pairs = set(zip(plan.topic_terms, plan.topic_terms[1:], strict=False))
    for hit in focus:
        paper = papers.get(hit.paper_id)
        sentences = [s.text for s in hit.chunk.sentences] or [hit.chunk.text]
        windows = [" ".join(sentences[i:i + 2]) for i in range(max(len(sentences) - 1, 1))]
        whole = f"{hit.title} {hit.chunk.text}"
        entity_doc, entity_near = _entity_presence(plan.entities, whole, windows, hit.title)
        tokens = tokenize(whole)
        doc_words = with_families(tokens)
        cover_doc = _cover(weights, total, doc_words)
        title_words = with_families(tokenize(hit.title))
        # The slot is looked for where the question's words are: in the best sentence pair.
        # Of windows covering them equally (none, say), one giving the asked kind of value is
        # the best: the first window is no better than any other.
        slot, _ = max(
            ((_slot_filled(plan, w, paper),
              _cover(weights, total, with_families(tokenize(w)) | title_words))
             for w in windows), key=lambda item: (item[1], item[0]))
        share_found = (sum(t in doc_words for t in weights) / len(weights)) if weights else 1.0
        own = _own_words(paper) if paper is not None else hit.title
        value_sent = max((_cover(weights, total, with_families(tokenize(text)) | title_words)
                          for text in sentences if _holds_value(plan, text, given, own)),
                         default=0.0)
        value_entity = max((_entity_share(plan.entities, f"{hit.title} {text}")
                            for text in sentences if _holds_value(plan, text, given, own)),
                           default=0.0)
        asked_near = max((_asked_near(plan, text, given, own) for text in sentences),
                         default=0.0)
        facet_kind = _facet_kind(plan, paper, given)
        set_named = _set_named(plan, sentences)
        # "what licence ...", "which hardware ...": the paper must at least use the word for
        # what is asked (a size is written with its scale instead: "7B")
        sized = _writes_size(raw_tokens(whole))
        asked_found = (sum(t in doc_words or (t in SIZE_STEMS and sized)
                           for t in plan.asked_terms) / len(plan.asked_terms)) \
            if plan.asked_terms else 1.0
        meaning = scorer.best(plan.standalone, sentences) if scorer is not None else 0.0
        if pairs:
            present_pairs = set(zip(tokens, tokens[1:], strict=False))
            phrase_found = len(pairs & present_pairs) / len(pairs)
        else:
            phrase_found = 1.0
        candidate = {"entity_doc": entity_doc, "entity_near": entity_near,
                     "cover_doc": cover_doc, "slot": slot, "meaning": max(meaning, 0.0),
                     "share_found": share_found, "value_sent": value_sent,
                     "phrase_found": phrase_found, "value_entity": value_entity,
                     "asked_near": asked_near, "facet_kind": facet_kind,
                     "set_named": set_named, "asked_found": asked_found}
        # The best paper decides: one paper that says it is enough.
        if sum(candidate.values()) > sum(out[k] for k in candidate):
            out.update(candidate)
    return {k: round(v, 4) for k, v in out.items()}


def _facet_kind(plan: QuestionPlan, paper: Paper | None, given: set[str]) -> float:
    """1 when the paper's index-time facets hold a name of the asked kind the question does not
    give ("which model powers X?" and X's facets list "Gemini 2.0"), 0 when they hold none;
    1 for any other kind of question (nothing to look for). The words "foundation model
    backbones" name no model: a facet is a name the extraction found written as one."""
    if plan.asked_for not in ("model", "benchmark") or paper is None or paper.facets is None:
        return 1.0
    names = paper.facets.models if plan.asked_for == "model" else paper.facets.benchmarks
    return 1.0 if any(squash(name) not in given for name in names) else 0.0


# Between the items of an enumeration: commas, semicolons, a colon, "and"/"or", "etc.",
# and item markers ("(i)", "(2)", "(b)").
_ITEM_MARKER = re.compile(r"\((?:[ivx]+|\d{1,2}|[a-z])\)", re.I)
_ITEM_BREAK = re.compile(rf"[,;:]|\b(?:and|or|etc)\b|{_ITEM_MARKER.pattern}", re.I)
_ITEM_MAX_WORDS = 12  # longer than this, a stretch between commas is a clause, not an item


def _set_named(plan: QuestionPlan, sentences: Sequence[str]) -> float:
    """For a question asking for a counted set by name ("which four models ...?"): where the
    paper states that count of those things ("... in four models."), the share of them it
    names right after ("three key factors: A, B, and C" names three); 1 when the paper never
    states the count (the names may still be there) or nothing counted is asked."""
    if not plan.asked_count or not plan.counted_terms:
        return 1.0
    forms = {str(plan.asked_count), COUNT_WORDS.get(plan.asked_count, "")} - {""}
    named: int | None = None
    for i, sentence in enumerate(sentences):
        for match in re.finditer(r"[\w-]+", sentence):
            if match.group(0).lower().split("-")[0] not in forms:
                continue
            rest = sentence[match.end():]
            if "-" in match.group(0):  # "a five-category benchmark"
                rest = match.group(0).split("-", 1)[1] + rest
            words = list(re.finditer(r"[\w-]+", rest))[:4]
            mention = next((w for w in words if set(tokenize(w.group(0))) &
                            set(plan.counted_terms)), None)
            if mention is None:
                continue
            after = rest[mention.end():]
            following = sentences[i + 1:]
            if after.rstrip().endswith(":") and following:
                after, following = f"{after} {following[0]}", following[1:]
            # "(1) A does x. (2) B does y.": numbered items may each be a sentence.
            for sentence_after in following:
                if not _ITEM_MARKER.match(sentence_after.lstrip()):
                    break
                after = f"{after} {sentence_after}"
            markers = _ITEM_MARKER.findall(after)
            items = markers or [part for part in _ITEM_BREAK.split(after)
                                if re.search(r"\w", part) and
                                len(part.split()) <= _ITEM_MAX_WORDS]
            named = max(named or 0, len(items))
    return 1.0 if named is None else min(1.0, named / plan.asked_count)


def _writes_size(tokens: Iterable[str]) -> bool:
    """Whether a model's size is written among the tokens ("7B", "Qwen-1.5B/7B/72B")."""
    return any(is_size(part) for token in tokens for part in re.split(r"[-/]", token))


def _cover(weights: Mapping[str, float], total: float, words: set[str]) -> float:
    if not weights or total <= 0:
        return 1.0
    return sum(w for t, w in weights.items() if t in words) / total


def _entity_presence(entities: Sequence[str], whole: str, windows: Sequence[str], title: str
                     ) -> tuple[float, float]:
    if not entities:
        return 1.0, 1.0
    terms = [squash(e) for e in entities if squash(e)]
    if not terms:
        return 1.0, 1.0
    doc_words = squashed_words(whole)
    spelled = spelled_acronyms(whole, 2)
    found = [t for t in terms if _variant_match(t, doc_words) or t in spelled]
    title_words = squashed_words(title)
    near = 0.0
    for window in windows:
        words = squashed_words(window) | title_words | spelled_acronyms(window, 2)
        near = max(near, sum(_variant_match(t, words) for t in terms) / len(terms))
    return len(found) / len(terms), near


def _names_a_version(before: str, numeral: str) -> bool:
    """'MATH 500', 'Llama 2', 'Orion 2.0': a bare numeral after a capitalised name is part of
    the name, not a reported value (which would carry a unit or follow a verb or 'of')."""
    return before[:1].isupper() and numeral[-1].isdigit()


def _scaled(tokens: Sequence[str], i: int) -> bool:
    """'3 million', '5 thousand': a numeral a count word follows is a quantity, never an
    enumeration's digit nor the version of the name before it ('Corpus-2M (2 million
    documents)')."""
    return i + 1 < len(tokens) and tokens[i + 1].lower() in NUMERAL_WORDS


def _own_words(paper: Paper) -> str:
    """The paper's title and the names it introduces, as one string (made once per paper)."""
    key = (paper.id, paper.title, len(paper.abstract))
    if key not in _OWN_CACHE:
        if len(_OWN_CACHE) > 50_000:
            _OWN_CACHE.clear()
        _OWN_CACHE[key] = " ".join([paper.title, *sorted(candidate_names(paper))])
    return _OWN_CACHE[key]


_OWN_CACHE: dict[tuple[str, str, int], str] = {}


def _entity_share(entities: Sequence[str], text: str) -> float:
    """Share of the question's specific names that one sentence (with the title) holds."""
    terms = [squash(e) for e in entities if squash(e)]
    if not terms:
        return 1.0
    words = squashed_words(text) | spelled_acronyms(text, 2)
    return sum(_variant_match(t, words) for t in terms) / len(terms)


def holds_value(plan: QuestionPlan, text: str, title: str) -> bool:
    """Whether a sentence holds a value of the asked kind that the question does not give."""
    return _holds_value(plan, text, {squash(t) for t in raw_tokens(plan.question)}, title)


def _holds_value(plan: QuestionPlan, text: str, given: set[str], title: str) -> bool:
    """Whether a sentence holds a value of the asked kind that the question does not give.

    `title` is the paper's own words (its title and the names it introduces): "which dataset"
    is not answered by the paper's own method name."""
    slot = _kind(plan)
    if slot in ("other", "authors", "year"):
        return True
    own = {squash(t) for t in raw_tokens(title)}
    tokens = raw_tokens(text)
    if slot == "number":
        return any(squash(t) not in given and _a_value(plan, tokens, i, lone_digit=False)
                   for i, t in enumerate(tokens))
    kinds = _asked_kinds(plan)
    # (a narrower kind of the one asked for answers it even as the paper's own: "PLRNNs")
    return any(_names_a(slot, t, first=i == 0, before=tokens[i - 1] if i else "", kinds=kinds)
               and (squash(t) not in given | own or _narrows(t, kinds))
               for i, t in enumerate(tokens))


def _narrows(token: str, kinds: frozenset[str]) -> bool:
    """Whether a name is a narrower kind of one the question names ("PLRNNs" of "RNN")."""
    single = token[:-1] if token.endswith("s") else token
    return any(single.endswith(k) and len(single) > len(k) for k in kinds)


def _asked_kinds(plan: QuestionPlan) -> frozenset[str]:
    """The acronyms the question names a kind of model by ("RNN" of "which RNN architecture")."""
    return frozenset(e for e in plan.entities if _ACRONYM.fullmatch(e))


def _a_value(plan: QuestionPlan, tokens: Sequence[str], i: int, *, lone_digit: bool) -> bool:
    """Whether `tokens[i]` reports a value: a numeral ("48.1%", "3x", "574K", "3 million"), not
    a name with digits ("Math500", "Qwen2.5"); a count written out when a count is asked. A
    lone digit is an enumeration ("(1) a novel ...") unless `lone_digit` or a count word
    scales it."""
    token = tokens[i]
    if plan.counts and spelled_number(tokens, i):
        return True
    if not _VALUE.fullmatch(token):
        return False
    return _scaled(tokens, i) or (lone_digit or len(token) > 1) and not (
        i and _names_a_version(tokens[i - 1], token))


def _kind(plan: QuestionPlan) -> str:
    """The asked kind as these signals read it. "which agent", "what loss" ask for one of the
    things the noun names, which an abstract as often writes in plain words ("self-distillation",
    "acute myeloid leukemia") as in capitals: whether the papers answer is read as for any
    other question (the composer prefers a sentence naming one, `names_asked_kind`)."""
    return "other" if plan.asked_for == "name" else plan.asked_for


def _names_a(slot: str, token: str, *, first: bool, before: str = "",
             kinds: frozenset[str] = frozenset()) -> bool:
    """Whether a token can be a value of the slot. A model's or benchmark's name is written as
    one, with digits or capitals inside ("Gemini 2.0", "GAIA", "MedMNIST"): a capitalised word
    alone ("Bayesian", "Monte") names neither, and an acronym in the plural ("LLMs", "VLMs")
    names a kind of thing, not the one asked for, unless it narrows the kind the question
    names (`kinds`: "which RNN architecture" is answered by "PLRNNs"). A benchmark is reported
    with its score beside it ("75.15% on GAIA"), so a number counts for one; a model is not, so
    a number counts for a model only as the version of the name before it ("Gemini 2.0"). A
    method's name may be plain words in capitals ("Tips and Shortcuts")."""
    if slot in ("benchmark", "model"):
        if slot == "model" and _narrows(token, kinds):
            return True
        if _NOT_A_NAME.fullmatch(token):
            return False
        if slot == "model" and _ACRONYM.fullmatch(token):
            return False
        if slot == "model" and not token[:1].isalpha():
            return _names_a_version(before, token)
        return any(c.isdigit() for c in token) or any(c.isupper() for c in token[1:])
    return is_specific(token, first=first)


# Not names: an enumeration's digit ("(1) ..."), and an acronym in the plural, which names a
# kind of thing ("LLMs", "SLMs"). A bare acronym is what a model is called as a kind or a
# technique ("LLM", "MCTS", "AI"); a model's own name carries more ("Qwen2.5-Math-7B",
# "Phi-3.5-Vision", "InternVL2").
_NOT_A_NAME = re.compile(r"\d|[A-Z]{2,}s")
_ACRONYM = re.compile(r"[A-Z]{2,}")


_NEAR_WORDS = 6  # how far from a value a word still speaks of it (about one clause)


def _asked_near(plan: QuestionPlan, text: str, given: set[str], own: str) -> float:
    """Share of the asked-for words within `_NEAR_WORDS` of a value of the asked kind."""
    if not plan.asked_terms or _kind(plan) == "other":
        return 1.0 if _holds_value(plan, text, given, own) else 0.0
    # "a five-category benchmark": the parts of a compound are words of their own here.
    tokens = [part for token in raw_tokens(text)
              for part in ([token] if _VALUE.fullmatch(token) else token.split("-")) if part]
    values = [i for i in range(len(tokens))
              if (plan.asked_for == "number" and (tokens[i].lower() in NUMERAL_WORDS
                                                  or plan.counts and spelled_number(tokens, i)))
              or (_holds_value(plan, tokens[i], given, own)
                  and not (i and plan.asked_for == "number"
                           and _names_a_version(tokens[i - 1], tokens[i])))
              or (i and plan.asked_for == "model"  # "Gemini 2.0": the version, with its name
                  and _holds_value(plan, f"{tokens[i - 1]} {tokens[i]}", given, own))]
    if not values:
        return 0.0
    stems = [with_families(tokenize(t)) for t in tokens]
    # A size is asked of a model and written with its scale ("what size", "how big": "7B")
    sized = _writes_size(tokens)
    near = 0
    for term in plan.asked_terms:
        spots = [i for i, found in enumerate(stems) if term in found]
        near += (term in SIZE_STEMS and sized) or \
            any(abs(i - v) <= _NEAR_WORDS for i in spots for v in values)
    return near / len(plan.asked_terms)


def asked_near(plan: QuestionPlan, text: str, title: str) -> float:
    """Share of the words naming what is asked that sit next to a value of the asked kind."""
    return _asked_near(plan, text, {squash(t) for t in raw_tokens(plan.question)}, title)


def _slot_filled(plan: QuestionPlan, window: str, paper: Paper | None) -> float:
    slot = _kind(plan)
    if slot == "number":
        tokens = raw_tokens(window)
        return 1.0 if any(_a_value(plan, tokens, i, lone_digit=True)
                          for i in range(len(tokens))) else 0.0
    if slot == "year":
        return 1.0 if YEAR.search(window) or (paper is not None and paper.year) else 0.0
    if slot == "authors":
        return 1.0 if paper is not None and paper.authors else 0.0
    if slot in ("benchmark", "model"):
        tokens = raw_tokens(window)
        kinds = _asked_kinds(plan)
        return 1.0 if any(_names_a(slot, t, first=i == 0, before=tokens[i - 1] if i else "",
                                   kinds=kinds)
                          for i, t in enumerate(tokens)) else 0.0
    return 1.0


def assess(plan: QuestionPlan, hits: Sequence[Hit], papers: Mapping[str, Paper],
           idf: Callable[[str], float], scorer: SentenceScorer | None = None,
           calibration: Calibration | None = None,
           knows: Callable[[str], bool] | None = None) -> Answerability:
    """The one answerability decision for a describe / fact / which-paper question."""
    calibration = calibration or shipped_calibration()
    found = signals(plan, hits, papers, idf, scorer, knows)
    score = calibration.score(found)
    outside = _outside(plan, found["meaning"], calibration)
    verdict: Literal["answer", "abstain"] = \
        "answer" if score >= calibration.threshold and hits and not outside else "abstain"
    if plan.absent and not plan.subjects:
        verdict = "abstain"
        name = plan.absent[0]
        mentioned = [p.id for p in papers.values()
                     if _variant_match(squash(name), squashed_words(f"{p.title} {p.abstract}"))]
        verb = "mentions" if len(mentioned) == 1 else "mention"
        reason = (f"The collection has no {name} paper" +
                  (f"; {len(mentioned)} of its abstracts {verb} {name}." if mentioned else "."))
    elif plan.dangling and not plan.subjects:
        verdict = "abstain"  # whatever the papers say, it is not known whose it would be
        reason = (f"It isn't clear which paper \u201c{plan.dangling}\u201d refers to: name the "
                  "paper in the question.")
    else:
        reason = "" if verdict == "answer" else explain(plan, found, calibration, papers)
    return Answerability(score=round(score, 4), verdict=verdict, reason=reason, signals=found,
                         threshold=calibration.threshold)


def _outside(plan: QuestionPlan, meaning: float, calibration: Calibration) -> bool:
    """Far from every paper in meaning, naming no paper and nothing the papers use ("MATH500"
    is theirs): outside the collection, whatever the score."""
    known = set(plan.entities) - set(plan.unknown_names)
    return not plan.subjects and not known and meaning < calibration.off_topic_below


def explain(plan: QuestionPlan, found: Mapping[str, float], calibration: Calibration,
            papers: Mapping[str, Paper]) -> str:
    """One sentence saying why the papers do not answer, from the weakest signal."""
    if plan.unknown_names:
        missing = ", ".join(plan.unknown_names[:2])
        if plan.subjects:
            # A detail of a named paper no abstract mentions ("How many GPUs did X use?").
            name = ", ".join(plan.subject_names.values())
            return f"{name}'s abstract does not mention {missing}, nor does any other paper's."
        return f"The collection has no paper on {missing}."
    if _outside(plan, found.get("meaning", 1.0), calibration):
        return OUTSIDE
    name = ", ".join(plan.subject_names.values()) or "the closest paper"
    owner = f"{name}'s abstract" if plan.subjects else "The closest paper"
    if found.get("set_named", 1.0) < 1.0:
        return f"{owner} gives the number ({plan.asked_count}) but does not name them all."
    if found.get("entity_doc", 1.0) < 1.0:
        return f"{owner} does not mention {', '.join(plan.entities[:2])}."
    if found.get("entity_near", 1.0) < 1.0:
        return f"{owner} mentions {', '.join(plan.entities[:2])}, but not in what it reports."
    if found.get("slot", 1.0) < 1.0:
        wanted = {"number": "that figure", "year": "a date", "authors": "its authors",
                  "benchmark": "that benchmark", "model": "that model"}.get(plan.asked_for,
                                                                            "that detail")
        return f"{owner} does not give {wanted}."
    return f"{owner} does not say this."


def abstention_text(reason: str) -> str:
    """The shared sentence (tools test for it) followed by why."""
    return f"{ABSTAIN_SENTENCE} {reason}".strip()
