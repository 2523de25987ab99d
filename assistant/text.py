"""Text helpers every stage shares: tokens, stopwords, name normalisation, specifics.

This module is the ground floor: it imports nothing from paperchat, so the store, retrieval,
understanding and verification can all use the same notion of a "word".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

WORD = re.compile(r"[A-Za-z0-9]+")
# A token as a reader sees it: "GSM-8K", "pass@1", "Qwen2.5", "rStar-Math" stay whole.
RAW_TOKEN = re.compile(r"(?<![\w.@-])(\w(?:[\w.@'’-]*\w)?)")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
NUMBER = re.compile(r"\d")


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]  # PyStemmer ships no type hints
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def fold(text: str) -> str:
    """Accents folded to ASCII: "Gödel" -> "Godel"."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


# Saved token indexes record this; one built by another version is rebuilt, not trusted.
TOKENIZER_VERSION = "3"  # 2: British -ise/-yse meet -ize/-yze; 3: -our, -tre, -ogue, -gramme


def tokenize(text: str) -> list[str]:
    """Lowercase alphanumeric runs, English stopwords dropped, Porter-stemmed.

    Acronyms written in capitals are not stemmed: Porter turns "AIME" into "aim", which would
    match every paper that "aims" at something. British spellings are read as American ones
    ("minimise" finds "minimizing", "optimisation" "optimization", "behaviour" "behaviors",
    "centre" "center", "dialogue" "dialog"): a reader's spelling must not decide whether a
    sentence matches.
    """
    stop = stopwords()
    words = [w for w in WORD.findall(fold(text)) if w.lower() not in stop]
    stemmed = _stemmer().stemWords([american(w.lower()) for w in words])
    return [
        w.lower() if len(w) > 1 and w.isupper() else s
        for w, s in zip(words, stemmed, strict=True)
    ]


# The regular British endings, each with the American one it stands for. Folding a rare
# non-British word along ("devour" -> "devor") is harmless: both sides of a match are folded.
_BRITISH = (
    (re.compile(r"(?<=[a-z]{2})([iy])s(e|ed|es|ing|ation|ations|er|ers)$"), r"\1z\2"),
    # behaviour, colour, favourite; not "four", "flour", "contour"
    (re.compile(r"(?<=[a-z]{2}[bcdfghiklmnprsvz])our(s|ed|ing|al|ally|able|ite|ites|er|ers)?$"),
     r"or\1"),
    (re.compile(r"(?<=[a-z]{2})([tb])re(s)?$"), r"\1er\2"),  # centre, metre, fibre
    (re.compile(r"(?<=[a-z]{3})ogue(s)?$"), r"og\1"),  # dialogue, catalogue, analogue
    (re.compile(r"(?<=gram)me(s)?$"), r"\1"),  # programme
)


def american(word: str) -> str:
    """A lower-case word with a British ending spelled the American way."""
    for pattern, replacement in _BRITISH:
        word = pattern.sub(replacement, word)
    return word


def normalise(text: str) -> str:
    """Lower-case letters and digits only: "rStar-Math", "rstar math" -> "rstarmath"."""
    return "".join(w.lower() for w in WORD.findall(fold(text)))


# Chat shorthand, read as the words it stands for: "tl;dr of X pls", "whats X's avg score",
# "X w/o RL". The question is kept as typed; only what the question is understood as changes.
_CHAT_SHORTHAND = {
    "tl;dr": "summary", "tldr": "summary", "eli5": "explain in simple terms", "pls": "please",
    "plz": "please", "thx": "", "btw": "", "whats": "what is", "hows": "how is",
    "whos": "who is", "wheres": "where is", "avg": "average", "approx": "approximately",
    "params": "parameters", "w/o": "without", "w/": "with",
}
_SHORTHAND = re.compile(
    r"(?<![\w/-])(" + "|".join(map(re.escape, sorted(_CHAT_SHORTHAND, key=len, reverse=True)))
    + r")(?![\w/-])", re.I)


def expand_shorthand(text: str) -> str:
    """The text with chat shorthand written out ("tl;dr ... pls" -> "summary ... please")."""
    expanded = _SHORTHAND.sub(lambda m: _CHAT_SHORTHAND[m.group(1).lower()], text)
    return re.sub(r"\s{2,}", " ", expanded).strip()


def squash(text: str) -> str:
    """Like `normalise`, for whole passages (accents folded, everything else dropped)."""
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


def raw_tokens(text: str) -> list[str]:
    """Tokens as written ("GSM-8K", "Phi3-mini", "pass@1"), punctuation at the ends dropped."""
    return [m.group(1) for m in RAW_TOKEN.finditer(fold(text))]


_FIRST_PERSON = re.compile(r"I(?:['’](?:m|ve|d|ll))?")
# Written with a capital by convention, naming no method, model or benchmark: an abstract
# dates a result as "Oct. 2022" where a question says "October 2022"; the year is what counts.
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday "
    "friday saturday sunday".split())


def is_specific(token: str, *, first: bool = False) -> bool:
    """A number, a name with capitals or digits inside (RWM, MedS3, rStar-Math, GSM8K), or a
    capitalised word that does not start the sentence. The pronoun "I" is always written with a
    capital, contracted or not ("I'm", "I've"), so its capital names nothing."""
    if any(c.isdigit() for c in token) or any(c.isupper() for c in token[1:]):
        return True
    if _FIRST_PERSON.fullmatch(token) or token.lower().rstrip(".") in _CALENDAR:
        return False
    return token[:1].isupper() and not first


def variant_match(term: str, words: set[str]) -> bool:
    """Whether a squashed name ("gsm8k", "phi3", "llama") is one of a text's squashed words.

    Written variants meet ("GSM-8K" = "GSM8K", "MATH-500" = "MATH500"), and a name also
    matches a longer word that continues it with a digit or after one ("Llama" in
    "Llama-2-70B", "Phi-3" in "Phi3-mini"), never a longer word ("AIME" is not in "aimed").
    A name in the plural is the same name ("ViTs" = "ViT", "8-shot" = "8 shots"): a reader
    writes either.
    """
    if term in words:
        return True
    if len(term) > 2 and (f"{term}s" in words or (term.endswith("s") and term[:-1] in words)):
        return True
    for word in words:
        if len(word) > len(term) and word.startswith(term):
            if term[-1].isdigit() or word[len(term)].isdigit():
                return True
    return False


# What a paper takes on, as a question names it ("what problem does X solve?").
PROBLEM_NOUNS = frozenset(
    "problem problems challenge challenges issue issues gap gaps bottleneck bottlenecks "
    "shortcoming shortcomings motivation".split())


# Where a compound name joins words: "AfricanFaceSet" -> "African", "Face", "Set".
_CAMEL_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z])")


def compound_parts(text: str, shortest: int = 4) -> set[str]:
    """The tokens of the words joined inside compound names ("african" and "asian" from
    "AfricanFaceSet-5M and AsianFaceSet-3M"): the text uses those words, though only inside a
    name. Parts shorter than `shortest` letters ("Lo" of "LoRA") are pieces, not words."""
    return {t for word in WORD.findall(text) for piece in _compound_words(word, shortest)
            for t in tokenize(piece)}


def _compound_words(token: str, shortest: int = 4) -> list[str]:
    """The words a compound name joins ("African", "Face" of "AfricanFaceSet"), each at least
    `shortest` letters; none for a token that joins none."""
    pieces = _CAMEL_JOIN.split(token)
    return [p for p in pieces if len(p) >= shortest and p.isalpha()] if len(pieces) > 1 else []


def with_families(words: Iterable[str]) -> set[str]:
    """Tokens and the family names their versions start with ("qwen2" -> "qwen", "aime24" ->
    "aime"): a reader asks about "Qwen models" where the paper writes "Qwen2.5-7B", the same
    rule by which `variant_match` meets a name in a longer word continuing it with a digit."""
    out = set(words)
    out.update(m.group(1) for m in map(_FAMILY.match, list(out)) if m)
    return out


_FAMILY = re.compile(r"([a-z]{3,})\d")


def squashed_words(text: str) -> set[str]:
    """Each written token squashed, plus adjacent pairs joined ("MATH 500" -> "math500"), a
    hyphenated token's leading parts ("GPT-4o-mini" -> "gpt4o") and its later parts that give
    a size or version ("Qwen2.5-Math-7B" -> "7b"): a reader asking about "the 7B model" means
    it. A later part without a digit is left out: "Math" there is not the MATH benchmark."""
    raw = [re.sub(r"['\u2019]s$", "", r) for r in raw_tokens(text)]  # "8B's" is "8B"
    tokens = [t for t in (squash(r) for r in raw) if t]
    pairs = {a + b for a, b in zip(tokens, tokens[1:], strict=False)}
    heads = {squash("".join(parts[:i])) for r in raw if "-" in r or "." in r
             for parts in [re.split(r"[-.]", r)] for i in range(1, len(parts))}
    sizes = {squash(part) for r in raw if "-" in r for part in r.split("-")[1:]
             if NUMBER.search(part) and re.search("[A-Za-z]", part)}
    # A compound name holds its words: "AfricanFaceSet-5M" writes "African".
    pieces = {squash(piece) for r in raw for piece in _compound_words(r)}
    return set(tokens) | pairs | {h for h in heads if h} | sizes | pieces


def spelled_acronyms(text: str, shortest: int = 3) -> set[str]:
    """The initials of each run of `shortest`-6 content words, squashed: a text that writes
    "reinforcement learning from human feedback" speaks of RLHF (and, from 2, of RL)."""
    skip = stopwords() | _FUNCTION_WORDS  # acronyms leave out "from", "of", "for" ...
    words = [w for w in re.findall(r"[A-Za-z]+", fold(text)) if w.lower() not in skip]
    initials = "".join(w[0].lower() for w in words)
    return {initials[i:i + n] for n in range(shortest, 7) for i in range(len(initials) - n + 1)}


# The nouns a question uses for a paper itself ("which study ...", "the sharpening paper", "this
# survey"), one list for every pattern that needs them. A genre (survey, report) also says what
# kind of paper it is.
# Where an abstract turns from the field to the paper's own contribution: "we propose ...",
# "we here present ...", "in this paper ...".
OWN_WORK = re.compile(
    r"\bwe\s+(?:(?:here|also|further|then|first|now|thus|therefore|\w+ly)\s+)?"
    r"(?:propose|introduce|present|develop|design|build)"
    r"|\b(?:this|our)\s+(?:paper|work|study|survey)|\bin\s+this\s+(?:paper|work)\b", re.I)
PLAIN_PAPER_NOUNS = ("paper", "work", "study", "article", "publication", "preprint")
PAPER_NOUNS = (*PLAIN_PAPER_NOUNS, "survey", "report")


def plural(noun: str) -> str:
    """'paper' -> 'papers', 'study' -> 'studies', 'survey' -> 'surveys'."""
    if noun.endswith("y") and noun[-2:-1] not in ("a", "e", "i", "o", "u"):
        return f"{noun[:-1]}ies"
    return f"{noun}s"


# Counts written out ("five categories", "two factors"); "one" is left out: it is too often a
# pronoun ("one of the ...").
NUMERAL_WORDS = frozenset("two three four five six seven eight nine ten eleven twelve thirteen "
                          "fourteen fifteen sixteen seventeen eighteen nineteen twenty dozen "
                          "dozens hundred hundreds thousand thousands million millions "
                          "billion billions".split())
# A model's size is written as a scaled count ("7B", "0.2B", "125M"), or with the scale as a
# word ("six billion parameters").
_SIZE = re.compile(r"\d+(?:\.\d+)?[BMKT]|billion|million|trillion", re.I)
SIZE_STEMS = frozenset({"size", "paramet", "big", "larg", "small"})


def is_size(token: str) -> bool:
    """Whether a token writes a model's size ("7B", "0.2B", "billion")."""
    return bool(_SIZE.fullmatch(token))


# The small counts a set of named things comes in, by value ("three key factors").
COUNT_WORDS = dict(enumerate("two three four five six seven eight nine ten eleven twelve"
                             .split(), start=2))
_COUNT_VALUES = {word: value for value, word in COUNT_WORDS.items()}


def count_value(word: str) -> int | None:
    """The count a word writes ("three", "3"), for the small counts a set of named things
    comes in; None for anything else ("7B", "dozens", "100")."""
    low = word.lower()
    if low.isdigit():
        return int(low) if 2 <= int(low) <= 20 else None
    return _COUNT_VALUES.get(low)


# Written-out values beside the counts: multipliers ("twice as fast").
_SPELLED_VALUES = NUMERAL_WORDS | frozenset("twice thrice".split())
# After "one", a word that makes it a pronoun or part of a phrase, not a count ("one of the",
# "one another", "the one that").
_NOT_A_COUNT_AFTER_ONE = frozenset("of another that which who whose is was can could may "
                                   "might would should must".split())


def spelled_number(tokens: Sequence[str], i: int) -> bool:
    """Whether `tokens[i]` writes a number out: a count ("three agents", "a dozen"), a
    multiplier ("twice"), or the first part of a hyphenated one ("five-category",
    "two-stage"). "one" counts only before a word it counts ("one agent", "one-step"), not
    as a pronoun ("one of the ...", "the one that ...")."""
    token = tokens[i].lower()
    head = token.split("-")[0] if "-" in token else token
    if head in _SPELLED_VALUES:
        return True
    if head != "one":
        return False
    if "-" in token:
        return True
    before = tokens[i - 1].lower() if i else ""
    after = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
    return bool(after) and after.isalpha() and after not in _NOT_A_COUNT_AFTER_ONE \
        and before not in ("the", "no", "any", "every", "each", "this", "that")


_FUNCTION_WORDS = frozenset("a an the of for from to in on with by via and or at as".split())


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edits from `a` to `b`: a letter added, dropped or changed, or two neighbours swapped
    ("Serach" for "Search" is one slip of the fingers, not two); gives up (returning
    limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1,
                             previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        # A swap reaches two rows back, so the row before must stay within reach too.
        if min(current) > limit and (not previous or min(previous) > limit):
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def in_number(n: int, noun: str) -> str:
    """The noun in the number a count of `n` needs: "paper" for 1, "papers" otherwise."""
    return noun if n == 1 else plural(noun)


def counted(n: int, noun: str) -> str:
    """"1 paper", "3 papers": a count with its noun in the number it needs."""
    return f"{n} {in_number(n, noun)}"
