"""When to say "I can't answer that from these papers": pure checks on the question and evidence.

Retrieval always finds *something*; the question is whether it answers. Two signals that small
models get wrong and that words alone decide well:
- the thing asked for ("What *batch size* ...", "How many *GPU hours* ...") must appear in the
  evidence, or the abstract does not say it;
- a name the question relies on ("Reflexion", "Voyager") must occur somewhere in the collection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from assistant.text import tokenize

_WH = re.compile(r"^\s*(?:in [^,?]{1,80},\s*)?(what|which|how many|how much)\s+(.*)$", re.I | re.S)
_STOP = frozenset(
    "does do did is are was were has have had can could will would should may might "
    "in of for on to by from with that this these those the a an and or it its they their "
    "when where while during after before".split()
)
# Answer types that say nothing specific about what the abstract must contain.
_GENERIC = frozenset(tokenize(
    "paper papers work works method methods approach approaches way ways kind kinds sort "
    "thing things main key role idea ideas problem result results part report study studies "
    "framework system technique algorithm survey article model models quantity quantities "
    "value values amount"
))
_AUTHORS = re.compile(
    r"^\s*(who (wrote|authored|are the authors)|(what|which) are the authors"
    r"|(list|name) the authors)",
    re.I)
_NAME = re.compile(r"(?<![\w'])([A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*|[A-Z][a-z]{3,})(?![\w'])")


def asked_for(question: str) -> list[str]:
    """Tokenized words of the answer type after the wh-word, e.g. 'What batch size ...'."""
    if _AUTHORS.search(question):
        return ["author"]
    match = _WH.match(question)
    if not match:
        return []
    words: list[str] = []
    for raw in re.findall(r"[\w@.+-]+", match.group(2))[:4]:
        if raw.lower() in _STOP:
            break
        words.append(raw)
    terms = tokenize(" ".join(words))
    if any(t in _GENERIC for t in terms):
        return []  # "Which paper ...", "What method ...": asks for a paper, not a detail
    return terms


def unknown_names(question: str, knows: Callable[[str], bool], known_names: Iterable[str] = ()
                  ) -> list[str]:
    """Capitalised names in the question (not its first word) that the collection never uses."""
    skip = {w.lower() for name in known_names for w in re.findall(r"[A-Za-z0-9]+", name)}
    missing = []
    for match in _NAME.finditer(question):
        if match.start() == len(question) - len(question.lstrip()):
            continue  # the first word is capitalised anyway
        if match.group(1).lower() in skip:
            continue
        tokens = tokenize(match.group(1))
        if tokens and not any(knows(t) for t in tokens):
            missing.append(match.group(1))
    return missing


def coverage(terms: Iterable[str], texts: Iterable[str], idf: Callable[[str], float]) -> float:
    """idf-weighted share of the terms that occur in the texts (1.0 when there are no terms).

    Weighted, because abstracts paraphrase the common half of a phrase ("learning") but not
    the telling half ("rate"); rare words decide whether the evidence says it.
    """
    wanted = set(terms)
    if not wanted:
        return 1.0
    present: set[str] = set()
    for text in texts:
        present |= wanted & set(tokenize(text))
    total = sum(idf(t) for t in wanted) or 1.0
    return sum(idf(t) for t in present) / total
