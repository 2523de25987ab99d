"""Which paper the described side of a comparison stands for.

"Self-J and the adaptive inference-time compute paper", "the knightian blindspot paper
compared to the temporally-aware RL algorithms paper": one side is named, the other described
by some of its title's words, an acronym its title spells ("the MJP foundation inference
models") or a quoted title. The side's words are matched against the papers retrieval finds for
them (the named side left out); each candidate is scored by a logistic over what it shows
(`SIDE_FEATURES`): the share of the side's words its title writes, the share its title and
abstract write, its lead over the next candidate and over the named side (an apposition,
"SPHERE, the self-evolving data pipeline", describes the named paper again). A candidate's
meaning beside the side was tried and left out: it made the out-of-fold decisions worse.
A candidate is taken only when that score clears a threshold fitted on dev questions
(`eval.fit_sides`, shipped under "sides" in `assistant/data/answerability.json`): a question
joining a paper with something the collection does not hold ("rStar-Math's MATH and GSM8K
scores") must not gain a second paper.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from assistant.text import (
    PAPER_NOUNS,
    WORD,
    is_specific,
    raw_tokens,
    spelled_acronyms,
    squash,
    squashed_words,
    tokenize,
    variant_match,
)
from assistant.types import Hit

SIDE_FEATURES = (
    "title",  # idf-weighted share of the side's words its title writes (or spells as initials)
    "text",  # the same over its title and abstract
    "lead",  # its text share minus the best other candidate's
    "title_lead",  # its title share minus the best other candidate's: the words single it out
    "names",  # share of the side's specific names ("CoT Monitor+", "MCTS-DPO") it writes
    "beyond_named",  # its text share minus the named side's: an apposition describes that one
)
# Before a fit: a candidate must write most of the side's words, in its title above all.
_UNFITTED = {"title": 4.0, "text": 3.0, "lead": 3.0, "title_lead": 2.0, "names": 1.0,
             "beyond_named": 2.0}


@dataclass(frozen=True)
class SideWeights:
    """How a described side is matched to a paper; fitted by `python -m eval.calibrate`."""

    weights: Mapping[str, float] = field(default_factory=lambda: dict(_UNFITTED))
    bias: float = -6.0
    threshold: float = 0.5
    candidates: int = 5  # retrieval's best papers for the side's words that are scored

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["weights"] = {k: round(float(v), 4) for k, v in self.weights.items()}
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SideWeights:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def score(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return float(1 / (1 + np.exp(-z)))


@dataclass(frozen=True)
class Candidate:
    paper_id: str
    features: dict[str, float]
    score: float
    written: str  # the side's words that describe it


class SideResolver:
    """Resolves a side's words to one paper, or to none when no paper clearly fits.

    `search(text, k)` is retrieval (hybrid: the side's rare words and its meaning);
    `ignore` the stems that only shape a question ("paper", "compare", "how")."""

    def __init__(self, search: Callable[[str, int], Sequence[Hit]], idf: Callable[[str], float],
                 ignore: Collection[str], weights: SideWeights | None = None,
                 texts: Callable[[str], tuple[str, str]] | None = None):
        """`texts(paper id)`: a paper's title and abstract (for the named side's)."""
        self._search = search
        self._texts = texts
        self._idf = idf
        self._ignore = frozenset(ignore)
        self.weights = weights or SideWeights()

    def resolve(self, text: str, exclude: Collection[str]) -> dict[str, str]:
        """{paper id: the words of `text` that describe it}, or {} when none clears the
        threshold."""
        ranked = self.candidates(text, exclude)
        if not ranked or ranked[0].score < self.weights.threshold:
            return {}
        if len(ranked) > 1 and ranked[1].score >= ranked[0].score - 1e-9:
            return {}  # the words fit two papers alike: they single out neither
        return {ranked[0].paper_id: ranked[0].written}

    def candidates(self, text: str, exclude: Collection[str]) -> list[Candidate]:
        """The papers retrieval finds for the side's words (not `exclude`), best score first."""
        ignore = self._ignore - _quoted(text)
        words = {t for t in tokenize(text) if t not in ignore and len(t) > 1} | _acronyms(text)
        if not words:
            return []
        total = sum(self._idf(w) for w in words) or 1.0
        hits = [h for h in self._search(text, self.weights.candidates + len(exclude))
                if h.paper_id not in exclude][:self.weights.candidates]
        if not hits:
            return []
        # A paper is a candidate only when the side's words describe it by a phrase: one plain
        # word ("supervised", "exploiting") singles out no paper; it may be the aspect itself,
        # or a notion set against another inside one paper.
        spans = {h.paper_id: described_span(text, h, self._ignore, self._idf) for h in hits}
        # Words of the named side's own title ("Limits and Powers" of "Limits and Powers of
        # Koopman Learning") describe that paper, not another.
        named_titles = [set(tokenize(self._texts(p)[0])) for p in exclude] \
            if self._texts is not None else []
        hits = [h for h in hits if _describes(spans[h.paper_id], text) and not any(
            set(tokenize(spans[h.paper_id])) <= title for title in named_titles)]
        if not hits:
            return []
        acronyms = _acronyms(text)
        title_share, text_share = [], []
        for hit in hits:
            title = set(tokenize(hit.title)) | (acronyms & spelled_acronyms(hit.title, 2))
            body = title | set(tokenize(hit.chunk.text))
            title_share.append(sum(self._idf(w) for w in words if w in title) / total)
            text_share.append(sum(self._idf(w) for w in words if w in body) / total)
        names = [squash(t) for i, t in enumerate(raw_tokens(text)) if is_specific(t, first=i == 0)]
        named = max((sum(self._idf(w) for w in words & set(tokenize(" ".join(self._texts(p)))))
                     for p in exclude), default=0.0) / total if self._texts else 0.0
        out = []
        for i, hit in enumerate(hits):
            others = [s for j, s in enumerate(text_share) if j != i]
            other_titles = [s for j, s in enumerate(title_share) if j != i]
            features = {"title": title_share[i], "text": text_share[i],
                        "lead": text_share[i] - max(others, default=0.0),
                        "title_lead": title_share[i] - max(other_titles, default=0.0),
                        "names": _names_written(names, hits[i]),
                        "beyond_named": text_share[i] - named}
            out.append(Candidate(hit.paper_id, features, self.weights.score(features),
                                 spans[hit.paper_id]))
        return sorted(out, key=lambda c: -c.score)


def _names_written(names: Sequence[str], hit: Hit) -> float:
    if not names:
        return 0.0
    written = squashed_words(f"{hit.title} {hit.chunk.text}")
    return sum(variant_match(n, written) for n in names) / len(names)


def _describes(span: str, text: str = "") -> bool:
    """Whether the words single out a paper: two or more, a specific name, or one word
    that the question calls a paper by ("the sharpening paper")."""
    words = [w for w in re.findall(r"\S+", span) if tokenize(w)]
    if len(words) >= 2 or any(is_specific(w.strip(_PUNCTUATION)) for w in words):
        return True
    return bool(span) and re.search(
        rf"\bthe\s+{re.escape(span)}\s+(?:{'|'.join(PAPER_NOUNS)})\b", text, re.I) is not None


def _quoted(text: str) -> set[str]:
    """The stems of a quoted title ("'LMs mostly know what they know'"): there every word
    counts, even one that elsewhere only shapes a question."""
    return {t for match in _QUOTE.finditer(text) for t in tokenize(match.group(1))}


_QUOTE = re.compile(r"(?<!\w)['\u2018\u201c\"]([^'\u2019\u201d\"]+)['\u2019\u201d\"](?!\w)")
def _acronyms(text: str) -> set[str]:
    """Words written in capitals ("MJP", "RL", "LMs"), lowercased, a plural "s" dropped: a
    title may spell them with its initials."""
    return {re.sub(r"s$", "", w).lower() for w in WORD.findall(text)
            if sum(c.isupper() for c in w) >= 2 and re.fullmatch(r"[A-Z]+s?", w)}


def described_span(text: str, hit: Hit, ignore: Collection[str],
                   idf: Callable[[str], float] = lambda t: 1.0) -> str:
    """The run of `text`'s words that describes the paper: words its title or abstract writes
    (or its title spells as initials), with function words between them; of several runs, the
    one with the most rarity, a title's word counting twice."""
    tokens = list(re.finditer(r"\S+", text))
    ignore = frozenset(ignore) - _quoted(text)
    in_title = set(tokenize(hit.title)) | spelled_acronyms(hit.title, 2)
    known = in_title | set(tokenize(hit.chunk.text))
    written = " ".join(re.findall(r"\w+", f"{hit.title} {hit.chunk.text}".lower()))
    runs: list[tuple[float, int, int]] = []  # (weight, first token, last token)
    weight, first, last = 0.0, -1, -1
    for i, token in enumerate(tokens):
        word = token.group(0).strip(_PUNCTUATION)
        own = {t for t in tokenize(word) if len(t) > 1}
        spelled = _acronyms(word)
        if own and not own <= ignore and (own <= known or (spelled and spelled <= known)):
            stems = own if own <= known else spelled
            weight += sum(idf(t) * (2 if t in in_title else 1) for t in stems)
            first, last = (i if first < 0 else first), i
        elif not own and first >= 0 and (word.lower() not in _JOINS or _joined_phrase(
                tokens, i, written)) and not re.search(r"[?,;:!)]$", tokens[i - 1].group(0)):
            # "the", "of" between described words; a joining word inside a phrase the paper
            # writes ("Tips and Shortcuts") joins no sides.
            continue
        elif first >= 0:
            runs.append((weight, first, last))
            weight, first = 0.0, -1
        if first >= 0 and re.search(r"[?,;:!)]$", token.group(0)):
            runs.append((weight, first, last))
            weight, first = 0.0, -1
    if first >= 0:
        runs.append((weight, first, last))
    if not runs:
        return ""
    _, first, last = max(runs, key=lambda r: (r[0], -r[1]))
    return " ".join(t.group(0) for t in tokens[first:last + 1]).strip(_PUNCTUATION + " ")


def _joined_phrase(tokens: Sequence[re.Match[str]], i: int, written: str) -> bool:
    """Whether the words either side of token `i` and it are a phrase the paper writes."""
    if i == 0 or i + 1 >= len(tokens):
        return False
    words = [re.sub(r"\W+", " ", tokens[j].group(0).lower()).strip() for j in (i - 1, i, i + 1)]
    return all(words) and f" {' '.join(words)} " in f" {written} "


# Words that part the sides of a comparison: a description never runs across them.
_JOINS = frozenset("and or vs vs. versus with than against".split())
_PUNCTUATION = "?,.:;!()\"'\u2018\u2019\u201c\u201d"
