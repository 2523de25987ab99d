"""What sets each compared paper apart from the others: its own words and the terms it names.

A comparison is read row against row. What two abstracts both say ("small language models",
"self-evolving") tells the reader nothing about how the papers differ; the words only one of
them uses, and above all the specific terms it names (a component defined with its acronym,
a Title Case module name, a quoted coinage, a measured value), are what a reader compares.
Pure functions over text; the table (`assistant.comparison`) decides where they are used.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from assistant.text import stopwords, tokenize

_TOKEN = re.compile(r"\S+")
# Words that may sit inside a named term ("Tips and Shortcuts", "Evolution of Thought").
_JOINERS = frozenset("and of for to in on".split())
_TRIM = "()[]{},;:.!?\"'“”‘’`"
# A measured value: a number with its unit or percent sign ("75.15%", "574K", "30 cm^2/g").
_VALUE = re.compile(r"^[~≈<>+-]?\d[\d.,]*(%|[KMB]\b|x\b)?")


@dataclass(frozen=True)
class Term:
    """A specific term as a sentence writes it, and what kind it is."""

    text: str
    kind: str  # "defined" | "named" | "quoted" | "value"


def distinct_words(texts: Sequence[str]) -> list[frozenset[str]]:
    """Per text, the words (stemmed) no other text uses; with one text nothing sets it apart."""
    if len(texts) < 2:
        return [frozenset() for _ in texts]
    vocab = [set(tokenize(text)) for text in texts]
    return [frozenset(words.difference(*(v for j, v in enumerate(vocab) if j != i)))
            for i, words in enumerate(vocab)]


def terms(sentence: str) -> list[Term]:
    """The specific terms a sentence names, in its order, longest first where they overlap:

    - defined: a phrase followed by its acronym, whose letters start its words
      ("a process preference model (PPM)" -> "process preference model (PPM)");
    - named: a run of Title Case or coined words inside the sentence, joined by "and", "of" ...
      ("Tips and Shortcuts", "Memory-based Self-evolution", "LoRA");
    - quoted: a short phrase in quotation marks ("sneaky generator");
    - value: a number with its unit ("43.8%", "30 cm^2/g").
    """
    tokens = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(sentence)]
    found: list[tuple[int, int, str]] = []
    found += _defined(sentence, tokens)
    found += _named(sentence, tokens)
    found += _quoted(sentence)
    found += _values(sentence, tokens)
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found, key=lambda f: (f[0], -(f[1] - f[0]))):
        if any(s <= start and end <= e for s, e, _ in kept):
            continue
        kept.append((start, end, kind))
    return [Term(sentence[s:e], kind) for s, e, kind in sorted(kept)]


def _defined(sentence: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for i, (_, _, token) in enumerate(tokens):
        match = re.fullmatch(r"\(([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*s?)\)[,;:.]?", token)
        if not match or i == 0:
            continue
        letters = [c.lower() for c in match.group(1) if c.isupper()]
        # Walk back over as many words as the acronym has capitals (hyphenated parts count).
        j, need = i, len(letters)
        while j > 0 and need > 0:
            j -= 1
            need -= max(1, len([p for p in re.split(r"-", tokens[j][2].strip(_TRIM)) if p]))
        words = [tokens[k][2].strip(_TRIM) for k in range(j, i)]
        if not words or any(re.search(r"[,;:]$", tokens[k][2]) for k in range(j, i - 1)):
            continue
        initials = "".join(p[0].lower() for w in words for p in w.split("-") if p)
        if initials[:1] == letters[0] and len(words) >= 2:
            # With its acronym: the reader meets "PPM" again in the table.
            out.append((tokens[j][0] + _lead(tokens[j][2]),
                        tokens[i][0] + 1 + len(match.group(1)) + 1, "defined"))
    return out


def _named(sentence: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    i = 1  # a sentence's first word is capitalised whatever it is
    while i < len(tokens):
        if (not _capitalised(tokens[i][2]) or tokens[i - 1][2][-1:] == "."
                or tokens[i][2][0] in "(["):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and not re.search(r"[,;:.)\]\"”]$", tokens[j][2]):
            nxt = tokens[j + 1][2]
            if nxt[0] in "([":  # "(LoRA)" names the run, it is not part of it
                break
            if _capitalised(nxt):
                j += 1
            elif (nxt.lower() in _JOINERS and j + 2 < len(tokens)
                  and _title_word(tokens[j][2]) and _title_word(tokens[j + 2][2])):
                # "Tips and Shortcuts" is one name; "GSM8K and MATH" is a list of two.
                j += 2
            else:
                break
        start, end = tokens[i][0] + _lead(tokens[i][2]), tokens[j][1] - _tail(tokens[j][2])
        if end > start:
            out.append((start, end, "named"))
        i = j + 1
    return out


def _quoted(sentence: str) -> list[tuple[int, int, str]]:
    out = []
    for m in re.finditer(r"[\"“]([^\"”]{3,60})[\"”]", sentence):
        inner = m.group(1).rstrip(_TRIM)  # "... sophistication," keeps its comma outside
        if 1 <= len(inner.split()) <= 5:
            out.append((m.start(1), m.start(1) + len(inner), "quoted"))
    return out


def _values(sentence: str, tokens: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    out = []
    for i, (start, _, token) in enumerate(tokens):
        word = token.strip(_TRIM)
        match = _VALUE.match(word)
        if not match or re.fullmatch(r"\d", word) or re.fullmatch(r"(19|20)\d\d", word):
            continue
        begin = start + token.index(word)
        stop = begin + len(word)
        # A bare number takes its unit when one follows ("30 cm^2/g").
        if match.group(1) is None and match.end() == len(word) and i + 1 < len(tokens):
            unit = tokens[i + 1][2].rstrip(",;:.)")
            if re.search(r"[/^]", unit) or unit in ("cm", "mm", "km", "kg", "GB", "ms", "s"):
                stop = tokens[i + 1][0] + len(unit)
        if match.group(1) is not None or stop > begin + len(word) or "." in word:
            out.append((begin, stop, "value"))
    # "from 94% to 19%": one change, read as one value.
    merged: list[tuple[int, int, str]] = []
    for value in out:
        if merged and re.fullmatch(r"\s+to\s+", sentence[merged[-1][1]:value[0]]):
            merged[-1] = (merged[-1][0], value[1], "value")
        else:
            merged.append(value)
    return merged


def _capitalised(token: str) -> bool:
    word = token.strip(_TRIM)
    if not word or word.lower() in stopwords():
        return False
    return word[0].isupper() or sum(c.isupper() for c in word) >= 2 or (
        any(c.isdigit() for c in word) and any(c.isalpha() for c in word))


def _title_word(token: str) -> bool:
    """A capitalised word ("Tips", "Self-evolution"), not an acronym or a coined name."""
    word = token.strip(_TRIM)
    return bool(word) and word[0].isupper() and not any(c.isdigit() for c in word) and (
        sum(c.isupper() for c in word) <= word.count("-") + 1)


def _lead(token: str) -> int:
    return len(token) - len(token.lstrip(_TRIM))


def _tail(token: str) -> int:
    return len(token) - len(token.rstrip(_TRIM))


def apart_terms(sentences: Iterable[tuple[int, str]], others: str, own: Sequence[str],
                idf: Callable[[str], float], limit: int = 2) -> list[tuple[str, int]]:
    """Up to `limit` terms that set a paper apart, taken from its `sentences` (index, text) in
    the order given (best first): terms no other compared abstract (`others`) writes and that
    are not the paper's own name (`own`: the names it goes by). What the paper builds (terms
    it defines, multi-word names) comes before quoted coinages, and those before single coined
    words and values; within a kind, the better sentence first. (term, sentence index)
    each."""
    other_text = _spaced(others)
    own_words = {w for name in own for w in tokenize(name)}
    ranked: list[tuple[int, int, str, int]] = []
    for order, (index, text) in enumerate(sentences):
        for term in terms(text):
            words = set(tokenize(term.text))
            # "process preference model (PPM)" is judged by its words and by its acronym.
            parts = [p for p in re.split(r"\s*[()]\s*", term.text) if p]
            if (not words or any(set(tokenize(p)) <= own_words for p in parts)
                    or any(_spaced(p) in other_text for p in parts)
                    or any(names_same(p, name) for p in parts for name in own)):
                continue
            if term.text.lower().startswith(("http", "www")) or idf_floor(words, idf):
                continue
            ranked.append((_rank(term), order, term.text, index))
    picked: list[tuple[str, int]] = []
    for _, _, text, index in sorted(ranked):
        if any(_squash(text) in _squash(p) or _squash(p) in _squash(text) for p, _ in picked):
            continue
        picked.append((text, index))
        if len(picked) == limit:
            break
    return picked


def _rank(term: Term) -> int:
    """Defined terms and multi-word names first (what a paper builds: "process preference
    model", "Tips and Shortcuts"), then quoted coinages, then single coined words (often the
    models and benchmarks it uses) and values."""
    if term.kind == "defined" or (term.kind == "named" and " " in term.text):
        return 0
    return 1 if term.kind == "quoted" else 2


def idf_floor(words: set[str], idf: Callable[[str], float]) -> bool:
    """True when every word of a term is one most papers use (not a specific term)."""
    return max(idf(w) for w in words) < 1.0


def names_same(term: str, name: str) -> bool:
    """True when a term is a name written out or abbreviated: "DGM" for "Darwin Godel
    Machine", "Parametric Skill Expansion and Composition" for "PSEC"."""
    a, b = _squash(term), _squash(name)
    capitals = "".join(c for c in term if c.isupper()).lower()  # "Rewindable ... INference"
    return bool(a) and bool(b) and (a == b or b in _initials(term) or a in _initials(name)
                                    or (len(capitals) > 1 and capitals == b))


def _initials(text: str) -> set[str]:
    """Initials by words and by their hyphenated parts ("Self-Play Preference Optimization":
    "spo" and "sppo")."""
    out = set()
    for pattern in (r"[A-Za-z0-9][\w-]*", r"[A-Za-z0-9]+"):
        words = [w for w in re.findall(pattern, text) if w.lower() not in stopwords()]
        if len(words) > 1:
            out.add("".join(w[0].lower() for w in words))
    return out


def _spaced(text: str) -> str:
    """Lowercase words between single spaces, padded: a word is found only whole."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())
