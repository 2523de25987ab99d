"""How the asker wants the answer shaped, apart from what they ask.

"Summarise AgentGym in one paragraph", "explain LongPO to a beginner", "SPHERE in a nutshell",
"what does rStar-Math do, in two sentences?": the length, register and audience say how to
answer, not what the papers must state. Read as part of the question they become its topic
("paragraph", "beginner") and turn a request for a description into a hunt for a detail no
abstract gives. They are taken out before the question is understood and kept beside it
(`QuestionPlan.shape`), so nothing typed is lost: a model is told them, and a number of
sentences is honoured by the extractive description.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERS = {"a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "couple": 2, "three": 3,
            "few": 3, "four": 4, "five": 5}
_COUNT = r"(?:\d+|a|an|one|two|three|four|five|a\s+single|a\s+couple\s+of|a\s+few|few)"
_UNIT = (r"(?:sentences?|paragraphs?|lines?|words?|bullets?(?:\s+points?)?|points?|tweets?|"
         r"bullet-points?)")
# "in two sentences", "with one paragraph", "in 3 bullet points", "in under 50 words".
_LENGTH = re.compile(
    rf"[,;]?\s*\b(?:in|with|using|within|under|as)\s+(?:(?:just|only|at\s+most|under|max(?:imum)?)"
    rf"\s+)?{_COUNT}\s+(?:(?:short|brief|quick|simple|plain)\s+)?{_UNIT}\b", re.I)
# "a two-sentence summary", "one-paragraph overview": the count describes the noun after it.
_LENGTH_ADJECTIVE = re.compile(
    r"\b(?:\d+|one|two|three|four|five)[- ](?:sentence|paragraph|line|word|bullet)\b\s*", re.I)
_REGISTER = re.compile(
    r"[,;]?\s*\b(?:in\s+(?:plain|simple|simpler|layman'?s?|lay|non-?technical|everyday|basic)\s+"
    r"(?:english|terms|words|language)|in\s+a\s+nutshell|in\s+brief|in\s+short|"
    r"(?:like|as\s+if)\s+(?:i['\u2019]?m|i\s+am|i\s+was|i\s+were)\b[^?.!,;]*)",
    re.I)
# "to a beginner", "for someone new to RL", "for a sociologist who doesn't follow ML": an
# explanation's reader. Only after a request to explain, and only to the end of the
# question: elsewhere "for a ..." is content ("the reward for a math problem").
_EXPLAIN = re.compile(r"\b(?:explain|describe|summari[sz]e|summary|overview|introduce|"
                      r"walk\s+(?:me\s+)?through|break\s+down|tell\s+me\s+about)\b", re.I)
_AUDIENCE = re.compile(
    r"[,;]?\s*\b(?:to|for)\s+(?:(?:a|an|my|our)\s+)?"
    r"(?:someone|somebody|anyone|people|beginners?|newcomers?|novices?|non-?experts?|"
    r"non-?specialists?|outsiders?|lay(?:person|people|man|men)?|students?|undergrad\w*|"
    r"child|children|kids?|\w{3,}ist|\w{3,}ian)\b[^?.!]*(?=[?.!]*\s*$)", re.I)


@dataclass(frozen=True)
class Shaped:
    """A question split into what it asks and how the answer should be shaped."""

    asked: str
    shape: str = ""  # the shaping words as typed, joined ("in two sentences; to a beginner")
    sentences: int = 0  # the number of sentences asked for; 0 when none is

    @property
    def shaped(self) -> bool:
        return bool(self.shape)


def split_shape(question: str) -> Shaped:
    """The question without the words that only shape its answer, and those words."""
    found: list[str] = []
    sentences = 0

    def take(match: re.Match[str]) -> str:
        nonlocal sentences
        text = match.group(0).strip(" ,;")
        found.append(text)
        if re.search(r"sentence|line|bullet|point", text, re.I) and not sentences:
            sentences = _count(text)
        return " "

    asked = _LENGTH.sub(take, question)
    asked = _LENGTH_ADJECTIVE.sub(take, asked)
    asked = _REGISTER.sub(take, asked)
    if _EXPLAIN.search(asked):
        asked = _AUDIENCE.sub(take, asked)
    if not found:
        return Shaped(question)
    asked = re.sub(r"\s+([?.!,;])", r"\1", re.sub(r"\s{2,}", " ", asked)).strip()
    if not re.search(r"\w", asked):  # nothing but shape: the words were the question
        return Shaped(question)
    return Shaped(asked, "; ".join(found), sentences)


def _count(text: str) -> int:
    digits = re.search(r"\d+", text)
    if digits:
        return int(digits.group())
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _NUMBERS:
            return _NUMBERS[word]
    return 0
