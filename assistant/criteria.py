"""How a list criterion divides into the parts every paper must meet and the parts none may.

"Which papers report GSM8K but not MATH?", "surveys that are not about agents", "which of them
apply it outside maths?": what follows the negation is met by papers that are *left out*
("without X" and "no X" are not: they ask for papers saying they do without X). "Papers
evaluating on both GSM8K and MATH", "papers using Llama as well as Qwen",
"which benchmark papers are about robots?", "which of the surveys cover agents?": each side
(the kind of paper asked for is one side) must be met on its own, not the words of both
pooled into one score, where a paper strong on one side passes without the other.

Pure text functions over the part of a question that states the criterion
(`understanding.criterion_text`); the list composer qualifies papers for each part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text import PAPER_NOUNS, plural

# A negation and the clause it governs, up to the clause's end. Not a negation: "not only X
# but also Y" (both), "whether or not", "not necessarily". "rather than", "instead of", "as
# opposed to" stay framing (`understanding._CONTRAST`): "technical reports rather than
# ordinary papers" names what the reports are set against, not papers to leave out.
_NEGATION = re.compile(
    r"\b(?:(?:but|and|yet)\s+)?(?:(?<!\bor\s)(?<!\bif\s)not\b(?!\s+(?:only|just|merely|"
    r"necessarily|least)\b)|(?:do|does|did|is|are|was|were|have|has|can|could|would|should)"
    r"n[\u2019']t\b|never\b|excluding\b|except(?:\s+for)?\b|outside(?:\s+of)?\b|"
    r"apart from\b|other than\b)",
    re.I)
# How an abstract says it does without something ("without any supervised signals", "no
# reward model", "training-free"): such a paper meets "papers that do not need X" though it
# writes X. "without" and "no" in a question ("works without a reward model", "needs no
# supervision") ask for that claim, so they are no negation of the criterion.
_DOES_WITHOUT = re.compile(r"\b(?:without|no|not|never|free of|\w+-free)\b|n[\u2019']t\b", re.I)
_CLAUSE_END = re.compile(r"[,;:.?!()]|\b(?:and|but)\s+(?:also\s+)?(?:which|that|who)\b", re.I)
# Joining words that ask for both sides: "both X and Y", "X as well as Y", "X and also Y".
_BOTH = re.compile(r"\bboth\b(?P<left>.+?)\band\b(?P<right>[^,;:?!()]+)", re.I)
_ALSO = re.compile(
    r"\b(?:as well as|and also|along with|together with|in addition to|alongside|"
    r"in combination with|combined with)\b", re.I)
# Nouns for papers, and the kinds of paper a question may ask for ("surveys", "benchmark
# papers", "technical reports", "position papers").
_PAPERS = re.compile(
    r"\b(?:" + "|".join(f"{noun}|{plural(noun)}" for noun in (*PAPER_NOUNS, "abstract"))
    + r"|theses|thesis)\b", re.I)
_NO_RELATION = re.compile(r"\s*(?:[?.!,;:\u2013\u2014-]|(?:or|and|nor)\b)", re.I)
_KINDS = re.compile(r"\b(?:surveys?|reports?|theses|thesis)\b", re.I)


@dataclass(frozen=True)
class Parts:
    """The criterion's parts: each of `required` met by every listed paper (one part when the
    criterion does not divide), each of `excluded` by none."""

    required: tuple[str, ...]
    excluded: tuple[str, ...] = ()

    @property
    def divides(self) -> bool:
        return len(self.required) > 1 or bool(self.excluded)


def without_exclusions(text: str) -> str:
    """`text` without its negated clauses ("GSM8K but not MATH" -> "GSM8K")."""
    kept, _ = _split_negations(text)
    return kept


def does_without(sentence: str) -> bool:
    """Whether a sentence says its paper does without something (see `_DOES_WITHOUT`)."""
    return _DOES_WITHOUT.search(sentence) is not None


def exclusions(text: str) -> list[str]:
    """The negated clauses of `text`, each as a phrase a paper must not meet ("MATH")."""
    return _split_negations(text)[1]


def _split_negations(text: str) -> tuple[str, list[str]]:
    out: list[str] = []
    excluded: list[str] = []
    position = 0
    for found in _NEGATION.finditer(text):
        if found.start() < position:
            continue
        end = _CLAUSE_END.search(text, found.end())
        stop = end.start() if end else len(text)
        clause = text[found.end():stop].strip()
        if not re.search(r"\w", clause):
            continue
        out.append(text[position:found.start()])
        excluded.append(clause)
        position = stop
    out.append(text[position:])
    kept = re.sub(r"\s{2,}", " ", "".join(out))
    kept = re.sub(r"\s+([?.!,;:])", r"\1", kept).strip()
    kept = re.sub(r"[,;]\s*([?.!]|$)", r"\1", kept)
    return kept, excluded


def parts(text: str, content: set[str] | None = None) -> Parts:
    """The parts of a criterion as written (`text`: the part of the question that states it).
    `content`: the words that count as criterion words (a side without any is no side: "which
    papers here" before "are about robots"); every word counts when not given."""
    kept, excluded = _split_negations(text)
    return Parts(tuple(_required(kept, content)), tuple(excluded))


def _has_content(text: str, content: set[str] | None) -> bool:
    words = re.findall(r"[\w.+-]*\w", text)
    return bool(words) if content is None else any(w in content for w in words)


def _required(text: str, content: set[str] | None) -> list[str]:
    both = _BOTH.search(text)
    if both:
        head = text[:both.start()]
        sides = [both.group("left"), both.group("right")]
        if all(_has_content(s, content) for s in sides):
            return [f"{head}{side.strip()}".strip() for side in sides]
    also = _ALSO.search(text)
    if also:
        left, right = text[:also.start()], text[also.end():]
        if _has_content(right, content) and _has_content(_after_papers(left), content):
            return [left.strip(), f"{_head(left)} {right.strip()}".strip()]
    return _by_kind(text, content)


def _after_papers(text: str) -> str:
    found = _PAPERS.search(text)
    return text[found.end():] if found else text


def _head(text: str) -> str:
    """What asks for the papers, up to their noun and the verb after it ("Which papers use")."""
    found = _PAPERS.search(text)
    if not found:
        return ""
    verb = re.match(r"\s+(?:that\s+|which\s+|who\s+)?[\w-]+(?:\s+(?:on|with|in|about|to))?",
                    text[found.end():])
    return text[:found.end()] + (verb.group(0) if verb else "")


def _by_kind(text: str, content: set[str] | None) -> list[str]:
    """"which benchmark papers are about robots?", "which of the surveys cover agents?": the
    words naming the papers asked for (before or as their noun) and what is asked of them."""
    noun = _PAPERS.search(text)
    if noun is None:
        return [text]
    before = text[:noun.start()]
    kind = text[:noun.end()] if _KINDS.fullmatch(noun.group(0)) else before
    after = text[noun.end():]
    # "technical reports or a thesis", "DPO papers? either using it ...": one kind, or a new
    # sentence, not what is asked of the papers
    if _NO_RELATION.match(after) or not _has_content(kind, content) \
            or not _has_content(after, content):
        return [text]
    return [text[:noun.end()], f"which papers{after}"]
