"""Facets of a paper: what it evaluates on, which models it uses, its own names, links, year.

Extraction is pure and general: patterns over the title and abstract, plus names the collection
itself teaches (`FacetVocabulary`). Nothing here lists a corpus's benchmarks or models; the
only word lists are English cue words ("benchmark", "dataset", "model", "such as", "fine-tune")
and naming conventions every field shares (a size suffix "7B", an "-Instruct" tier, a name
ending in "Bench" or "QA", a study named "... Health Study").

How a name becomes a facet:

1. The text is cut into sentences and tokens; runs of name-like tokens ("GPQA Diamond",
   "Orion 2.0", "Qwen2.5-Math-7B") are items, and items joined by commas and "and" are a list.
2. Each item collects evidence for "benchmark" and "model": from its list's context ("on X",
   "evaluated on X, Y and Z", "X and Y datasets", "models such as X", "built on X",
   "fine-tune X"), from its own shape (a size, a tier, a benchmark-like suffix, a named study),
   and from the vocabulary (a name several papers evaluate on, a family seen with a size).
3. A cue worth `STRONG` decides alone, a `SUPPORT` cue needs another; one threshold decides.

`normalise_variant` is the key two written forms of one name share ("GSM-8K" = "GSM8K",
"Phi3-mini" = "Phi-3"), and `paper_matches` checks a criterion against a paper's facets.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field

from assistant.names import candidate_names, title_name
from assistant.text import fold, stopwords
from assistant.types import Facets, Paper

__all__ = [
    "FACETS_VERSION",
    "Facets",
    "FacetVocabulary",
    "extract_facets",
    "facet_counts",
    "filter_by_facets",
    "has_name",
    "model_families",
    "name_forms",
    "mentions_any",
    "normalise_variant",
    "paper_matches",
    "variant_parts",
    "vocabulary_changes",
]

# Stored with each paper's facets; a different version means they are extracted again. Change
# it whenever a change here would extract different facets from the same text.
FACETS_VERSION = "1"

STRONG = 1.0  # one cue of this weight decides
SUPPORT = 0.5  # needs a second cue
THRESHOLD = 1.0
_MAX_TASKS = 4
_MIN_COMMON = 4  # a word in this many papers, and in this share of them, is nobody's name
_COMMON_SHARE = 0.05

# --- the model of a paper's facets ---------------------------------------------------------


class FacetVocabulary(BaseModel):
    """Names learned from the collection, applied to every paper that mentions them.

    A name several papers evaluate on is a benchmark wherever it appears (a paper listing
    "GSM8K" once, without a cue, still gets it); a family seen with a size ("Qwen" in
    "Qwen2.5-Math-7B") makes every "Qwen..." a model; an abbreviation the collection defines
    for a lowercase phrase ("supervised fine-tuning (SFT)") is a term, never a model.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    benchmarks: dict[str, str] = Field(default_factory=dict,
                                       description="variant key -> the form written most.")
    models: dict[str, str] = Field(default_factory=dict,
                                   description="variant key -> the form written most.")
    families: list[str] = Field(default_factory=list,
                                description="Lower-case family prefixes ('qwen', 'llama').")
    terms: list[str] = Field(default_factory=list,
                             description="Keys of abbreviations of lowercase phrases.")
    common: list[str] = Field(default_factory=list,
                              description="Keys of words too many papers use to be one "
                                          "paper's own name.")
    papers: int = Field(default=0, description="How many papers it was learned from.")

    @classmethod
    def learn(cls, papers: Iterable[Paper], min_papers: int = 2) -> FacetVocabulary:
        """Learn from the collection: names cued as benchmarks (models) in at least
        `min_papers` papers, families of sized model names, and defined terms."""
        if min_papers < 1:
            raise ValueError("min_papers must be at least 1")
        papers = list(papers)
        terms: set[str] = set()
        df: Counter[str] = Counter()
        for paper in papers:
            text = _clean(paper.abstract)
            terms |= _defined_terms(text)
            df.update({normalise_variant(t.text) for t in _tokens(text) if not t.punct})
        common = {k for k, n in df.items() if n >= max(_MIN_COMMON, _COMMON_SHARE * len(papers))}
        base = cls(terms=sorted(terms), common=sorted(common))
        bench_papers: dict[str, set[str]] = defaultdict(set)
        model_papers: dict[str, set[str]] = defaultdict(set)
        written: dict[str, Counter[str]] = defaultdict(Counter)
        family_papers: dict[str, set[str]] = defaultdict(set)
        for paper in papers:
            reading = _read(paper, base)
            for item in reading.decided("benchmark"):
                bench_papers[item.key].add(paper.id)
                written[item.key][item.text] += 1
            for item in reading.decided("model"):
                model_papers[item.key].add(paper.id)
                written[item.key][item.text] += 1
                family = _family(item.text)
                if item.sized and family and not reading.owns(item.text):
                    family_papers[family].add(paper.id)

        def keep(key: str, ids: set[str]) -> bool:
            # A plain capitalised word ("Swedish", "Bayesian") is too often an adjective to
            # be a name in every paper that writes it.
            return (len(ids) >= min_papers and key not in terms
                    and _shaped_name(written[key].most_common(1)[0][0]))

        return cls(
            benchmarks={k: written[k].most_common(1)[0][0] for k, ids in bench_papers.items()
                        if keep(k, ids)},
            models={k: written[k].most_common(1)[0][0] for k, ids in model_papers.items()
                    if keep(k, ids)},
            families=sorted(f for f, ids in family_papers.items()
                            if len(ids) >= min_papers and f not in terms),
            terms=sorted(terms),
            common=sorted(common),
            papers=len(papers),
        )


def vocabulary_changes(old: FacetVocabulary | None, new: FacetVocabulary) -> set[str]:
    """The keys whose treatment differs between two vocabularies: only papers that mention
    one of them can get different facets from the new one."""
    old = old or FacetVocabulary()
    keys: set[str] = set()
    for before, after in ((old.benchmarks, new.benchmarks), (old.models, new.models)):
        keys |= {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    for listed_before, listed_after in ((old.families, new.families), (old.terms, new.terms),
                                        (old.common, new.common)):
        keys |= set(listed_before) ^ set(listed_after)
    return keys


def mentions_any(paper: Paper, keys: set[str]) -> bool:
    """Whether a paper's title or abstract may mention one of the variant keys. Errs towards
    yes (a substring of the squashed text), so nothing a vocabulary change affects is missed."""
    if not keys:
        return False
    text = fold(f"{paper.title} {paper.abstract}").lower().replace("'s", "")
    dotted = re.sub(r"[^a-z0-9.]", "", text)
    plain = dotted.replace(".", "")
    for key in keys:
        if key in dotted or key.replace(".", "") in plain:
            return True
        short_year = re.match(r"^(.*[a-z])(\d\d)$", key)  # "aime24" is written "AIME 2024"
        if short_year and f"{short_year.group(1)}20{short_year.group(2)}" in plain:
            return True
    return False


# --- variants ------------------------------------------------------------------------------

# A part of a name: letters and digits, with dots kept between digits ("qwen2.5", "3.8b").
_PART = re.compile(r"[a-z0-9]+(?:\.[0-9]+[a-z0-9]*)*")
_SIZE_PART = re.compile(r"^(?:\d+x)?\d+(?:\.\d+)?[bm]$")
_CONTEXT_PART = re.compile(r"^\d{2,}k$")  # "GPT-4-128K": a context length, after a version
_VERSION_PART = re.compile(r"^v\d+(?:\.\d+)*$")
# Tiers and releases of one model, not different models.
_TIERS = frozenset({"instruct", "chat", "base", "mini", "small", "medium", "large", "preview",
                    "hf", "it"})
# Tiers that mark a model name by themselves ("Phi-3-mini", "o1-preview"); "base" and "large"
# also end dataset and method names.
_MODEL_TIERS = frozenset({"instruct", "chat", "mini", "preview", "hf", "it"})
_YEAR_TAIL = re.compile(r"^(.*[a-z])20(\d\d)$")


def variant_parts(name: str) -> list[str]:
    """The parts of a name that tell it apart, lower-cased: sizes, tiers and a release tag
    after the first part are dropped ("Phi3-mini-3.8B" -> ["phi3"])."""
    parts = _PART.findall(fold(name).lower().replace("'s", ""))
    kept = parts[:1]
    for part in parts[1:]:
        if _SIZE_PART.match(part) or part in _TIERS or _VERSION_PART.match(part):
            continue
        if _CONTEXT_PART.match(part) and any(c.isdigit() for p in kept for c in p):
            continue
        kept.append(part)
    if kept:
        match = _YEAR_TAIL.match(kept[-1])
        if match:  # "AIME2024" = "AIME24"
            kept[-1] = match.group(1) + match.group(2)
    return kept


def normalise_variant(name: str) -> str:
    """The key two written forms of one name share.

    "GSM8K" = "GSM-8K", "MATH500" = "MATH-500" = "MATH 500", "Phi-3" = "Phi3-mini" =
    "Phi3-mini-3.8B" (family "phi3"), "AIME2024" = "AIME24", "Llama-3.1-8B" = "Llama3.1-70B".
    """
    return "".join(variant_parts(name))


def _continues(term: str, key: str) -> bool:
    """Whether `key` names a member of `term`'s family: "llama" -> "llama3.1", "phi3" ->
    "phi3.5vision", "gpt4" -> "gpt4o", "aime" -> "aime24"; never "aime" -> "aimed" nor
    "math5" -> "math500"."""
    if key == term:
        return True
    if not term or len(key) <= len(term) or not key.startswith(term):
        return False
    nxt = key[len(term)]
    if term[-1].isdigit():
        return not nxt.isdigit()
    return nxt.isdigit()


def _name_matches(term: str, value: str, *, family: bool) -> bool:
    term_parts, value_parts = variant_parts(term), variant_parts(value)
    term_key, value_key = "".join(term_parts), "".join(value_parts)
    if not term_key:
        return False
    if term_key == value_key:
        return True
    if not family:
        return False
    if _continues(term_key, value_key):
        return True
    # "ZETA" names "ZETA Hard"; "Harbor Heart Study" names "... Study II".
    return len(term_parts) < len(value_parts) and value_parts[:len(term_parts)] == term_parts


# --- tokens --------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"(?P<word>[A-Za-z0-9](?:(?:[A-Za-z0-9.@'’+/]|-(?!-))*[A-Za-z0-9+])?)"
    r"|(?P<punct>--|[,;:()\[\]%])")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(\[])|\n+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b(?:[a-z0-9-]+\.)+(?:com|org|io|ai|net|edu|dev|co)\b(?:/\S*)?",
    re.IGNORECASE)
_LATEX = re.compile(r"\\[A-Za-z]+|[{}$^]")
# Structured-abstract headings ("DESIGN, SETTING, AND PARTICIPANTS", "KEY POINTS",
# "METHODS"): capitals starting a sentence, several words or one long one, before a sentence.
# "ZETA Benchmark ..." is no heading: one word of four letters.
_HEADING = re.compile(
    r"(?:^|(?<=[.!?:]\s)|(?<=\n))\s*(?:(?:[A-Z]{2,}[ ,&/]+)+[A-Z]{4,}|[A-Z]{6,})[:.]?"
    r"(?=\s+[A-Z](?:[a-z]|\s))")

# A parameter count: "7B", "1.5B", "8x7B" ("5M" is as often a dataset's size).
_SIZE = re.compile(r"^(?:\d+x)?\d+(?:\.\d+)?B$")
_HAS_SIZE = re.compile(r"(?:^|[-_/])(?:\d+x)?\d+(?:\.\d+)?B(?:$|[-_/])")
_NUMBER = re.compile(r"^[\d.,/+-]+$")
_PLURAL_ACRONYM = re.compile(r"^[A-Z][A-Z0-9-]*[A-Z]s$")
_PLURAL_TAIL = re.compile(r"[a-z]*[A-Z]{2,}s$")  # a class of things: "miRNAs", "microRNAs"
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|D|d|s|x|k|K|mg|ml|h|min|wk|kg|cm|mm|nm)$")
_ADJECTIVE_TAIL = re.compile(
    r"-(?:level|based|style|like|specific|oriented|aware|driven|free|scale|trained|tuned|"
    r"deficient|null|knockout|transgenic|positive|negative|mutant|expressing|derived|"
    r"treated|induced|dependent|independent|mediated|related|associated|resistant|"
    r"sensitive|type|fold|"
    r"augmented|guided|centric|wise|time|step|shot|term|off|of|in|to)$", re.I)
_BENCH_SHAPE = re.compile(r"(?:Bench|bench|QA|Eval|Arena)(?:[-\d]|$)")

_BENCH_NOUNS = frozenset({"benchmark", "benchmarks", "dataset", "datasets", "corpus", "corpora",
                          "leaderboard", "suite", "testbed", "split", "splits", "database",
                          "databases"})
_STUDY_NOUNS = frozenset({"study", "trial", "cohort", "registry", "register", "survey",
                          "biobank"})
# "family" and "series" name gene families and case series too: they only support.
_LOOSE_MODEL_NOUNS = frozenset({"family", "families", "series", "variant", "variants"})
_MODEL_NOUNS = frozenset({"model", "models", "family", "families", "series", "backbone",
                          "backbones", "checkpoint", "checkpoints", "variant", "variants"})
_LM_NOUN = re.compile(r"^[A-Z]{0,3}L[A-Z]?Ms?$")  # LLM, LLMs, LVLM, SLM, MLLMs
_INTRODUCERS = (("such", "as"), ("including",), ("e.g",), ("like",), ("namely",), ("i.e",),
                ("(",), (":",), ("include",), ("includes",))
_EVAL_WORD = re.compile(
    r"\b(?:evaluat\w*|experiment\w*|results?|accuracy|perform\w*|scor\w+|pass@\w+|"
    r"outperform\w*|surpass\w*|achiev\w*|improv\w*|gains?|benchmark\w*|tested|validat\w*|"
    r"solves?|sota|state-of-the-art)\b|%", re.I)
_EVAL_BEFORE_ON = re.compile(
    r"^(?:evaluat\w*|experiments?|results?|tested|test|validat\w*|performance|accuracy|"
    r"scores?|gains?|improvements?|evaluations?|assess\w*|benchmark\w*)$", re.I)
_NOT_BENCH_BEFORE_ON = frozenset({"based", "built", "depend", "depends", "dependent", "focus",
                                  "focuses", "focused", "focusing", "rely", "relies", "relying",
                                  "trained", "training", "train", "conditioned", "draw", "draws",
                                  "drawing", "act", "acts", "impact", "effect", "effects",
                                  "work", "works", "working", "build", "builds", "building",
                                  "light", "comment", "report", "reports", "centered",
                                  "centred", "insights", "perspective", "emphasis"})
_MODEL_VERBS = frozenset({"fine-tune", "fine-tunes", "fine-tuned", "fine-tuning", "finetune",
                          "finetunes", "finetuned", "finetuning", "distill", "distilled",
                          "distilling", "initialized", "initialised", "prompting"})
_SEPARATORS = frozenset({",", "and", "or", "&", "the", "/", "vs", "versus"})
# Words a list introducer may sit behind and still hang from the noun before them.
_PASSABLE = frozenset({"in", "of", "with", "both", "and", "or", "from", "across", "on", "the",
                       "a", "an", "all", "several", "various", "popular", "different", "other",
                       "public", "many", "e.g", "such", "as", "including", "like",
                       "open-source", "existing", "standard", "common", "widely", "used"})
_DETERMINERS = frozenset({"the", "a", "an", "our", "their", "its", "both", "several",
                          "various", "multiple", "popular", "open-source", "strong"})


@dataclass
class _Token:
    text: str
    start: int
    end: int
    punct: bool
    first: bool  # first word of its sentence
    abbreviation: bool = False  # "Avg." before a number or a lowercase word
    name: bool = False  # `_name_like`, computed once

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass
class _Item:
    """A run of name-like tokens in one sentence: one candidate name."""

    text: str
    key: str
    sentence: int
    first: int  # token indexes [first, last]
    last: int
    scores: dict[str, float] = field(default_factory=lambda: {"benchmark": 0.0, "model": 0.0})
    sized: bool = False
    shaped: str | None = None  # the type its own shape gives ("benchmark" / "model")
    called_benchmark: bool = False  # followed by "benchmark", "dataset", "study" ...

    def add(self, kind: str, weight: float) -> None:
        self.scores[kind] += weight

    @property
    def kind(self) -> str | None:
        """The kind its evidence decides; its own shape (a size, "...Bench") outranks the
        words around it ("shown on Kite-V-2 (8B)" is a model)."""
        if self.shaped and self.scores[self.shaped] >= THRESHOLD:
            return self.shaped
        kind = max(self.scores, key=lambda k: self.scores[k])
        return kind if self.scores[kind] >= THRESHOLD else None


def _clean(text: str, *, headings: bool = True) -> str:
    """Folded text without links, LaTeX commands and (for abstracts) section headings."""
    text = _LATEX.sub("", _URL.sub(" ", fold(text)))
    return _HEADING.sub(". ", text) if headings else text


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _tokens(sentence: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _TOKEN.finditer(sentence):
        text = match.group()
        if text.endswith(("'s", "’s")):
            text = text[:-2]
        end = match.start() + len(text)
        abbreviation = sentence[end:end + 1] == "." and bool(
            re.match(r"\.\s*[a-z0-9]", sentence[end:end + 3]))
        token = _Token(text, match.start(), end, match.group("punct") is not None,
                       not tokens, abbreviation)
        token.name = _name_like(token)
        tokens.append(token)
    return tokens


def _name_like(token: _Token) -> bool:
    """A token that can be a name: capitals inside, letters with digits, an acronym, or a
    capitalised word that does not start its sentence."""
    text = token.text
    if token.punct or token.abbreviation or len(text) < 2 or "@" in text:
        return False
    if "-" in text and any(p.lower() in stopwords() for p in text.split("-")[1:-1]):
        return False  # a phrase written as one word: "Mixture-of-Experts", "Coarse-to-Fine"
    if _NUMBER.match(text) or _ORDINAL.match(text) or _SIZE.match(text):
        return False
    if _PLURAL_ACRONYM.match(text) or _PLURAL_TAIL.search(text) or _ADJECTIVE_TAIL.search(text):
        return False
    if re.match(r"^\d+(?:\.\d+)?-[a-z]+$", text):  # "4-year", "10-fold"
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if any(c.isdigit() for c in text):
        return True
    if any(c.isupper() for c in text[1:]):
        return True
    return text[0].isupper() and not token.first and text.lower() not in stopwords()


def _shaped_name(text: str) -> bool:
    """A name by its shape alone: digits, capitals inside, an acronym of three or more
    letters, or several words ("GSM8K", "TableQA", "ZETA", "Harbor Heart Study")."""
    if " " in text.strip() or any(c.isdigit() for c in text):
        return True
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    return any(c.isupper() for c in text[1:])


def _maybe_list_head(tokens: list[_Token], i: int) -> bool:
    """A capitalised first word that opens a list of names ("Scopus, CINAHL, ...")."""
    token = tokens[i]
    if not (token.first and token.text[:1].isupper() and token.text[1:].islower()):
        return False
    if token.lower in stopwords() or token.lower.endswith("ly"):
        return False
    after = tokens[i + 1:i + 5]
    return (len(after) >= 4 and after[0].text == "," and after[1].name
            and after[2].text == ",")


# --- reading one paper ---------------------------------------------------------------------


@dataclass
class _Reading:
    """Everything extraction found in one paper, before it becomes `Facets`."""

    items: list[_Item]
    own_names: list[str]

    @property
    def own(self) -> set[str]:
        """Keys of the paper's own names."""
        return {normalise_variant(n) for n in self.own_names}

    def decided(self, kind: str) -> list[_Item]:
        return [item for item in self.items if item.kind == kind]

    def owns(self, text: str) -> bool:
        key = normalise_variant(text)
        return any(key.startswith(own) for own in self.own if own)


def _items(tokens: list[_Token], sentence: int) -> list[_Item]:
    items: list[_Item] = []
    i = 0
    while i < len(tokens):
        if not (tokens[i].name or _maybe_list_head(tokens, i)):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and not tokens[j + 1].punct:
            nxt = tokens[j + 1].text
            if _SIZE.match(tokens[j].text) or _HAS_SIZE.search(tokens[j].text):
                # after a size only a tier continues a name: "Nova-7B Instruct"
                if nxt.lower() not in _TIERS:
                    break
            elif not (tokens[j + 1].name or re.fullmatch(r"\d+(?:\.\d+)*", nxt)
                      or _SIZE.match(nxt)):
                break
            j += 1
        text = " ".join(t.text for t in tokens[i:j + 1])
        items.append(_Item(text=text, key=normalise_variant(text), sentence=sentence,
                           first=i, last=j))
        i = j + 1
    return items


def _groups(items: list[_Item], tokens: list[_Token]) -> list[list[_Item]]:
    """Items joined by list separators ("X, Y, and the Z", "Orca, distilled Orca")."""
    groups: list[list[_Item]] = []
    for item in items:
        if groups:
            previous = groups[-1][-1]
            between = tokens[previous.last + 1:item.first]
            words = [t.lower for t in between]
            plain = [w for w in words if w not in _SEPARATORS]
            joined = bool(between) and not plain
            # one lowercase modifier after a comma: "Orca, distilled Orca"
            if (not joined and len(plain) == 1 and words and words[0] == ","
                    and plain[0].isalpha() and plain[0] not in stopwords()
                    and words[-1] == plain[0]):
                joined = True
            if joined:
                groups[-1].append(item)
                continue
        groups.append([item])
    return groups


def _skip_back(tokens: list[_Token], i: int, skip: frozenset[str]) -> int:
    while i >= 0 and tokens[i].lower in skip:
        i -= 1
    return i


def _introducer_end(tokens: list[_Token], start: int) -> int | None:
    """Index just before a list introducer ("such as", "including", "(") ending at `start`."""
    i = _skip_back(tokens, start - 1, frozenset({",", "the"}))
    for words in _INTRODUCERS:
        n = len(words)
        if i - n + 1 >= 0 and tuple(t.lower for t in tokens[i - n + 1:i + 1]) == words:
            return i - n
    return None


def _is_lm_noun(token: _Token) -> bool:
    """"LLMs", "models", "family"; a capitalised "Families" is part of a name."""
    return bool(_LM_NOUN.match(token.text)) or (token.text.islower()
                                                and token.lower in _MODEL_NOUNS)


def _head_noun(tokens: list[_Token], i: int) -> str | None:
    """The noun a list introducer hangs from: "benchmarks in both English and French, such
    as" -> "benchmarks"; "models on 5G standard documents (" -> none (documents intervene)."""
    for token in reversed(tokens[max(0, i - 8):i + 1]):
        if token.text.islower() and token.lower in _BENCH_NOUNS:
            return token.lower
        if _is_lm_noun(token):
            return "model"
        if token.punct or token.name or _NUMBER.match(token.text):
            continue
        if token.lower not in _PASSABLE:
            return None
    return None


def _context_cues(group: list[_Item], tokens: list[_Token], sentence: str,
                  terms: set[str]) -> None:
    """Evidence a list gets from the words around it."""
    start, end = group[0].first, group[-1].last
    eval_sentence = bool(_EVAL_WORD.search(sentence))
    cues: list[tuple[str, float]] = []
    # Before the list: a noun and an introducer ("datasets ..., such as X"), a noun right
    # before it ("LLMs X and Y"), a preposition ("on X"), a verb ("fine-tune X").
    intro = _introducer_end(tokens, start)
    if intro is not None:
        head = _head_noun(tokens, intro)
        if head in _BENCH_NOUNS:
            cues.append(("benchmark", STRONG))
        elif head == "model":
            cues.append(("model", STRONG))
    before = _skip_back(tokens, start - 1, _DETERMINERS)
    if before >= 0:
        word = tokens[before]
        if intro is None and _LM_NOUN.match(word.text):
            cues.append(("model", STRONG))
        elif intro is None and word.lower in _BENCH_NOUNS and before == start - 1:
            cues.append(("benchmark", SUPPORT))
        elif word.lower in {"on", "across", "over"}:
            verb = tokens[before - 1].lower if before >= 1 else ""
            if verb in {"built", "build", "builds", "building"}:
                cues.append(("model", STRONG))
            elif verb in {"based"}:
                cues.append(("model", SUPPORT))
            elif verb not in _NOT_BENCH_BEFORE_ON:
                near = tokens[max(0, before - 4):before]
                strong = eval_sentence or any(_EVAL_BEFORE_ON.match(t.text) for t in near)
                cues.append(("benchmark", STRONG if strong else SUPPORT))
        elif word.lower in _MODEL_VERBS or (
                word.lower in {"from", "with"} and before >= 1
                and tokens[before - 1].lower in _MODEL_VERBS):
            cues.append(("model", STRONG))
        elif word.lower == "to" and before >= 1 and tokens[before - 1].lower == "applied":
            cues.append(("model", SUPPORT))
    # After the list: "X and Y datasets", "the Raven model", "Llama and Qwen families".
    called = False
    if end + 1 < len(tokens):
        nxt = tokens[end + 1]
        if nxt.lower in _BENCH_NOUNS:
            called = True
        elif nxt.lower in _STUDY_NOUNS:  # "the HARBOR study", not "a Swedish cohort"
            called = all(_shaped_name(item.text) for item in group)
        elif nxt.lower in _MODEL_NOUNS:
            # "the Markov model", "a Bayesian model": a plain word before "model" only
            # supports; "the R1 model", "Qwen models" decide.
            plain = not all(_shaped_name(item.text) for item in group)
            loose = nxt.lower in _LOOSE_MODEL_NOUNS
            cues.append(("model", SUPPORT if plain or loose else STRONG))
    for item in group:
        if called:  # "the GLUE benchmark" is a benchmark even if GLUE is also defined
            item.called_benchmark = True
            item.add("benchmark", STRONG)
        if item.key in terms:  # "SFT model", "on several DS": terms, not names
            continue
        for kind, weight in cues:
            item.add(kind, weight)


def _shape_cues(item: _Item, tokens: list[_Token], vocabulary: FacetVocabulary | None,
                families: set[str], own: set[str]) -> None:
    """Evidence an item carries itself: a size, a tier, a benchmark-like name, the vocabulary."""
    text = item.text
    nxt = tokens[item.last + 1:item.last + 4]
    sized = bool(_HAS_SIZE.search(text.replace(" ", "-"))) or (
        len(nxt) >= 3 and nxt[0].text == "(" and bool(_SIZE.match(nxt[1].text)))
    if sized or _tiered(text):
        item.sized = sized
        item.shaped = "model"
        item.add("model", STRONG)
    elif _BENCH_SHAPE.search(text):
        item.shaped = "benchmark"
        item.add("benchmark", STRONG)
    if vocabulary is None:
        return
    if item.key in vocabulary.benchmarks and _same_case(text, vocabulary.benchmarks[item.key]):
        item.add("benchmark", STRONG)
    if item.key in vocabulary.models:
        item.add("model", STRONG)
    family = _family(text)
    if family and family in families and not any(item.key.startswith(o) for o in own if o):
        item.add("model", STRONG)


def _same_case(text: str, known: str) -> bool:
    """An all-capitals word ("MATH") is its name only when written in capitals."""
    plain = known.replace("-", "")
    if plain.isalpha() and plain.isupper():
        return text.replace("-", "").replace(" ", "") == plain
    return True


def _family(name: str) -> str | None:
    """The leading letters of a model name: "Qwen2.5-Math-7B" -> "qwen", "Phi-3" -> "phi"."""
    match = re.match(r"[A-Za-z]{3,}", fold(name))
    if not match:
        return None
    rest = name[match.end():match.end() + 1]
    if rest and rest.isalpha():
        return None
    return match.group().lower()


# Named studies and registries: "Harbor Heart Study II", "Norwegian Stroke Registry",
# "National Survey of Families with Young Children (NSFYC)".
_TITLE_WORD = r"[A-Z][A-Za-z0-9'’-]*"
_CONNECTOR = r"(?:of|and|for|with|on|in|the|de|&)"
_STUDY = re.compile(
    rf"\b({_TITLE_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_TITLE_WORD}){{0,8}}\s+"
    r"(?:Study|Studies|Trial|Trials|Registry|Register|Cohort|Database|Survey|Biobank|"
    r"Benchmark|Dataset|Corpus)(?:\s+(?:II|III|IV|[2-9]))?)\b")
_DEFINED = re.compile(
    rf"\b({_TITLE_WORD}(?:\s+(?:{_CONNECTOR}\s+)?{_TITLE_WORD}){{1,9}})\s*\(\s*"
    r"([A-Za-z0-9][A-Za-z0-9+-]*[A-Za-z0-9+])\s*[):;,]")
_LOWER_DEFINED = re.compile(r"\b([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,5})\s*\(\s*"
                            r"([A-Z][A-Za-z0-9-]*[A-Z][A-Za-z0-9]*s?)\s*\)")
_START_WORDS = frozenset({"The", "A", "An", "In", "Using", "From", "Among", "Of", "For", "We",
                          "Our", "This", "These", "Data", "With"})


_STUDY_WORDS = frozenset({"Study", "Studies", "Trial", "Trials", "Registry", "Register",
                          "Cohort", "Database", "Survey", "Biobank", "Benchmark", "Dataset",
                          "Corpus"})


def _study_spans(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of named studies: "... Health Study", and long forms with an
    abbreviation that hold a study word ("National Survey of Families ... (NSFYC)")."""
    found = [(m.start(1), m.end(1)) for m in _STUDY.finditer(sentence)]
    found += [(m.start(1), m.end(1)) for m in _DEFINED.finditer(sentence)
              if _STUDY_WORDS & set(m.group(1).split())]
    spans = []
    for start, end in found:
        words = sentence[start:end].split()
        while words and words[0] in _START_WORDS:
            start = sentence.index(words[1], start + len(words[0])) if len(words) > 1 else end
            words = words[1:]
        if len(words) >= 2:
            spans.append((start, end, " ".join(words)))
    # the longest of overlapping spans
    return [a for a in spans
            if not any(b != a and b[0] <= a[0] and a[1] <= b[1] for b in spans)]


def _defined_terms(text: str) -> set[str]:
    """Abbreviations of lowercase phrases: "supervised fine-tuning (SFT)" -> "sft"."""
    terms = set()
    for match in _LOWER_DEFINED.finditer(text):
        phrase, short = match.group(1).split(), match.group(2)
        initials = "".join(w[0] for w in phrase).lower()
        letters = "".join(c for c in short if c.isupper()).lower()
        if letters and letters[0] in initials:
            terms.add(normalise_variant(short))
            terms.add(normalise_variant(short.rstrip("s")))
    return terms


_DEFINING_VERB = re.compile(
    r"\b(?:propose[sd]?|introduce[sd]?|present[sd]?|call(?:ed)?|name[sd]?|termed|dub(?:bed)?|"
    r"coin(?:ed)?|develop(?:ed|s)?|design(?:ed|s)?)\b", re.I)
_REPORT_TAIL = re.compile(r"\s+(?:Technical\s+Report|Report|System\s+Card)$", re.I)


def _whole_token(name: str, text: str) -> str | None:
    """The whole written token a name sits in ("SIM4" -> "SIM4++GPU-FAST"), or None
    when the name is only the start of a version ("Nova2" inside "Nova2.5")."""
    for match in _TOKEN.finditer(text):
        word = match.group("word")
        if word and name in word:
            return None if re.match(r"\.\d", text[match.end():match.end() + 2]) else word
    return None


def _own_names(paper: Paper, text: str, common: set[str]) -> list[str]:
    """The paper's own names: its title head, names its abstract introduces, and the long
    forms those abbreviate ("Step Checker (STC)").

    A name the collection uses widely ("Self-Reflection") is a term, not this paper's name; a
    name with a size or tier ("Nova-Coder-Instruct") is a model the paper uses; a word that
    only starts a longer phrase ("Self-Guided" in "Self-Guided Search") is no name alone.
    """
    names: list[str] = []
    head = title_name(fold(paper.title))
    if head:
        head = _REPORT_TAIL.sub("", _LATEX.sub("", head).strip())
        words = re.findall(r"[A-Za-z0-9]+", head)
        # "Granite Loop Engine", "vLearn-Net"; not "How to Rest", "Early onset cases"
        if all(w.lower() not in stopwords() and not w.islower() for w in words):
            names.append(head)
    introduced = candidate_names(paper.model_copy(update={"abstract": text}))
    defined = {m.group(2): m.group(1) for m in _DEFINED.finditer(text)}
    # only what follows "we propose / introduce ..." in the same sentence
    after_verbs = " ".join(sentence[verb.end():] for sentence in _sentences(text)
                           for verb in [_DEFINING_VERB.search(sentence)] if verb)
    for name in sorted(introduced, key=text.find):
        whole = _whole_token(_LATEX.sub("", name).strip("-"), after_verbs)
        if not whole or _PLURAL_TAIL.search(whole) or normalise_variant(whole) in common:
            continue
        if _HAS_SIZE.search(whole) or _tiered(whole):
            continue
        if re.search(rf"(?<![\w-]){re.escape(whole)}\s+[A-Z][a-z]", text) and whole not in defined:
            continue
        names.append(whole)
        long = defined.get(whole)
        if long:
            words = long.split()
            while words and words[0] in _START_WORDS:
                words = words[1:]
            if words:
                names.append(" ".join(words))
    for match in re.finditer(r"\b(?:named|called|termed|dubbed(?: as)?|coined)\s+"
                             r"[\"“']?((?:[A-Z][\w-]*\+*|[a-z]+[A-Z][\w-]*)"
                             r"(?:\s+[A-Z][\w-]*\+*){0,4})", text):
        names.append(match.group(1))
    return names


def _tiered(text: str) -> bool:
    parts = [p.lower() for p in re.split(r"[-\s]", text) if p]
    return len(parts) > 1 and any(p in _MODEL_TIERS for p in parts[1:])


def _read(paper: Paper, vocabulary: FacetVocabulary | None) -> _Reading:
    text = _clean(paper.abstract)
    terms = set(vocabulary.terms) if vocabulary else set()
    terms |= _defined_terms(text)
    families = set(vocabulary.families) if vocabulary else set()
    own_names = _own_names(paper, text, set(vocabulary.common) if vocabulary else set())
    own = {normalise_variant(n) for n in own_names}
    sentences = _sentences(text)
    title = fold(paper.title).strip()
    if not _title_cased(title):
        sentences = [title, *sentences]
    items: list[_Item] = []
    for s, sentence in enumerate(sentences):
        tokens = _tokens(sentence)
        found = _items(tokens, s)
        for group in _groups(found, tokens):
            _context_cues(group, tokens, sentence, terms)
        for item in found:
            _shape_cues(item, tokens, vocabulary, families, own)
        studies = _study_items(sentence, tokens, s, found)
        # A list takes the kind its members' own shapes give ("Scopus, CINAHL and the Swedish
        # Trials Registry"; "GPT-4o and Phi-3-mini").
        for group in _groups(found, tokens):
            shaped = {item.shaped for item in group if item.shaped}
            if len(shaped) == 1 and len(group) > 1:
                kind = shaped.pop()
                for item in group:
                    if not item.shaped and item.key not in terms:
                        item.add(kind, STRONG)
        found += studies
        _link_aliases(found, tokens)
        items += found
    items += _organisms(paper, text)
    for item in items:  # the paper's own names are its methods, not what it uses
        if item.key in own and not item.sized:
            item.scores["model"] = 0.0
        if item.key in own and item.shaped != "benchmark" and not item.called_benchmark:
            item.scores["benchmark"] = 0.0
        if item.key in terms:
            item.scores["model"] = 0.0
    return _Reading(items=items, own_names=own_names)


def _title_cased(title: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'-]*", title) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _study_items(sentence: str, tokens: list[_Token], s: int,
                 found: list[_Item]) -> list[_Item]:
    """Named studies, registries and benchmarks written as Title Case phrases ("Norwegian Stroke
    Registry"): the item that spans one is marked a benchmark, or a new item is made for a
    span that holds lowercase words ("Survey of Families with ..."), replacing its parts."""
    extra = []
    for start, end, text in _study_spans(sentence):
        first = next((i for i, t in enumerate(tokens) if t.start >= start), len(tokens))
        last = max((i for i, t in enumerate(tokens) if t.end <= end), default=first)
        same = next((i for i in found if (i.first, i.last) == (first, last)), None)
        item = same or _Item(text=text, key=normalise_variant(text), sentence=s,
                             first=first, last=last)
        item.shaped = "benchmark"
        item.add("benchmark", STRONG)
        if same is None:
            for part in found:
                if first <= part.first and part.last <= last:
                    part.scores = {"benchmark": 0.0, "model": 0.0}
            extra.append(item)
    return extra


def _link_aliases(items: list[_Item], tokens: list[_Token]) -> None:
    """"the Open Logic Olympiad (OLO)": the abbreviation and its long form share their
    evidence."""
    by_first = {item.first: item for item in items}
    for item in items:
        if item.last == item.first or item.last + 2 >= len(tokens):
            continue  # only a long form of several words has an abbreviation
        if tokens[item.last + 1].text != "(":
            continue
        alias = by_first.get(item.last + 2)
        if alias is None or alias.last != alias.first or alias.last + 1 >= len(tokens):
            continue
        if tokens[alias.last + 1].text in {")", ",", ";", ":"}:
            for kind in ("benchmark", "model"):
                best = max(item.scores[kind], alias.scores[kind])
                item.scores[kind] = alias.scores[kind] = best


_ABBREVIATED_SPECIES = re.compile(r"\b([A-Z])\.\s([a-z]{3,})\b")


def _organisms(paper: Paper, text: str) -> list[_Item]:
    """Model organisms and strains: "C. elegans" and its long form "Caenorhabditis elegans",
    a Latin name called a model system, a cell line or strain with digits in its name."""
    full = fold(paper.title) + ". " + text
    found: dict[str, str] = {}
    for match in _ABBREVIATED_SPECIES.finditer(full):
        initial, species = match.groups()
        if species in stopwords():
            continue
        long = re.search(rf"\b({initial}[a-z]{{3,}}\s{species})\b", full)
        name = long.group(1) if long else match.group()
        found.setdefault(normalise_variant(species), name)
    for match in re.finditer(r"\b([A-Z][a-z]{3,}\s[a-z]{4,})\b[^.]{0,60}?\bmodel\s+"
                             r"(?:system|organism)", full):
        found.setdefault(normalise_variant(match.group(1).split()[1]), match.group(1))
    for match in re.finditer(
            r"\bcell\s+lines?\s+([A-Za-z0-9-]*\d[A-Za-z0-9/-]*)|"
            r"\b([A-Za-z0-9-]*\d[A-Za-z0-9/-]*|[A-Za-z]*[a-z][A-Z][A-Za-z0-9/-]*)\s+"
            r"(?:(?:male|female|transgenic|knockout|wild-type)\s+)?(?:mice|rats|strain|cells?"
            r"\s+lines?)\b", full):
        written = match.group(1) or match.group(2) or ""
        parts = written.split("/")
        # "ABC1/XyZ mice" are two names; "C57BL/6 mice" is one
        names = parts if all(re.search(r"[A-Za-z]", p) for p in parts) else [written]
        for name in names:
            if len(name) >= 3 and not _NUMBER.match(name):
                found.setdefault(normalise_variant(name), name)
    items = []
    for name in found.values():
        item = _Item(text=name, key=normalise_variant(name), sentence=-1, first=-1, last=-1)
        item.add("model", STRONG)
        items.append(item)
    return items


# --- tasks and links -----------------------------------------------------------------------

_TASK_HEADS = frozenset({
    "reasoning", "detection", "recognition", "generation", "classification", "segmentation",
    "forecasting", "prediction", "parsing", "extraction", "retrieval", "translation",
    "summarization", "summarisation", "answering", "planning", "navigation", "driving",
    "discovery", "repurposing", "alignment", "control", "regression", "synthesis",
    "simulation", "diagnosis", "coding", "programming", "optimization", "optimisation",
    "modelling", "modeling", "understanding", "editing", "tracking", "mapping"})


def _tasks(paper: Paper, text: str) -> list[str]:
    """Task or domain phrases: the title's "... for X" and "<modifier> <task noun>" phrases."""
    phrases: Counter[str] = Counter()
    title = _LATEX.sub("", fold(paper.title))
    match = re.search(r"\b(?:for|in)\s+((?:[A-Za-z][\w-]*\s*){1,4})$", title.split(":")[-1])
    if match:
        words = [w for w in match.group(1).split() if w.lower() not in {"the", "a", "an"}]
        if words:
            phrases[" ".join(words).lower()] += 2
    stop = stopwords()
    for sentence in [title, *_sentences(text)]:
        words = re.findall(r"[A-Za-z][A-Za-z-]*", sentence)
        for i, word in enumerate(words):
            if word.lower() not in _TASK_HEADS or i == 0:
                continue
            mods: list[str] = []
            for prev in reversed(words[max(0, i - 2):i]):
                if prev.lower() in stop or prev.lower() in _TASK_HEADS or prev.isupper():
                    break
                mods.insert(0, prev.lower())
            if mods:
                phrases[" ".join([*mods, word.lower()])] += 1
    ranked = [p for p, n in phrases.most_common() if n >= 2]
    return ranked[:_MAX_TASKS]


# Where papers live; every other link in a paper's text is to its code, data or project page.
_PAPER_HOSTS = ("arxiv.org", "doi.org", "aclanthology.org", "openreview.net",
                "semanticscholar.org", "ncbi.nlm.nih.gov", "pubmed.gov", "dl.acm.org",
                "ieeexplore.ieee.org", "scholar.google.com")


def _is_code_or_project(url: str) -> bool:
    host = urlparse(url).netloc.lower().split(":")[0]
    if not host or any(host == h or host.endswith("." + h) for h in _PAPER_HOSTS):
        return False
    return not (host.endswith("huggingface.co") and urlparse(url).path.startswith("/papers"))


def _links(paper: Paper) -> list[str]:
    urls = [*paper.urls, *([paper.url] if paper.url else [])]
    seen: dict[str, None] = {}
    for url in urls:
        if _is_code_or_project(url):
            seen.setdefault(url.rstrip("/") if url.count("/") > 3 else url, None)
    return list(seen)


# --- the entry points ----------------------------------------------------------------------


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        key = re.sub(r"[^a-z0-9.+]", "", fold(name).lower())
        if key and key not in seen:
            seen[key] = name.strip()
    return list(seen.values())


def _drop_tails(names: list[str]) -> list[str]:
    """"Heart and Lung Study" is the end of "NIH-XYZ Heart and Lung Study": one study."""
    return [n for n in names
            if not any(o != n and " " in n and o.endswith(" " + n) for o in names)]


def extract_facets(paper: Paper, vocabulary: FacetVocabulary | None = None) -> Facets:
    """A paper's facets from its title and abstract, links and date (pure; no model)."""
    reading = _read(paper, vocabulary)
    benchmarks = _drop_tails(_unique(i.text for i in reading.items if i.kind == "benchmark"))
    models = _unique(i.text for i in reading.items if i.kind == "model")
    bench_keys = {normalise_variant(b) for b in benchmarks}
    terms = set(vocabulary.terms) if vocabulary else set()
    methods = _unique(n for n in reading.own_names
                      if normalise_variant(n) not in bench_keys | terms)
    # A fragment of a longer own name ("Self-Check" of "Self-Check Planner") is not a name.
    methods = [m for m in methods
               if not any(o != m and o.startswith(m + " ") for o in methods)]
    return Facets(benchmarks=benchmarks, models=models, methods=methods,
                  tasks=_tasks(paper, _clean(paper.abstract)), links=_links(paper),
                  year=paper.year)


# "7B-size", "7B-parameter": a parameter count said to be one.
_SIZE_TAIL = re.compile(r"(?<=\d[bB])-(?:size|sized|parameters?|params?)$")
_FAMILY_TAIL = re.compile(r"(?:[-\s]+(?:family|families|series|variants?|models?))+$", re.I)


def name_forms(token: str) -> list[str]:
    """The forms a name typed in a question may take in facets: as typed, without a family or
    adjective tail ("Qwen-family" -> "Qwen", "BERT-style" -> "BERT", "olympiad-level" ->
    "olympiad", "7B-size" -> "7B"), and an acronym's singular ("GANs" -> "GAN")."""
    forms = [token]
    head = _FAMILY_TAIL.sub("", _ADJECTIVE_TAIL.sub("", _SIZE_TAIL.sub("", token)))
    if head and head != token:
        forms.append(head)
    if _PLURAL_ACRONYM.match(head):
        forms.append(head[:-1])
    return list(dict.fromkeys(f for f in forms if normalise_variant(f)))


def _link_site(url: str) -> str:
    """The site a link is on, when it is the site's own host ("github.com/lab/x" -> "github");
    "" for a page hosted under someone's subdomain ("lab.github.io" is the lab's page)."""
    host = urlparse(url if "//" in url else "//" + url).netloc.lower().split(":")[0]
    labels = host.removeprefix("www.").split(".")
    return labels[0] if len(labels) == 2 else ""


def model_families(facets: Iterable[Facets]) -> frozenset[str]:
    """The first parts of the collection's model names ("qwen2.5", "deepseek", "llama3.1")."""
    return frozenset(parts[0] for f in facets for m in f.models
                     for parts in [variant_parts(m)] if parts)


def has_name(facets: Facets, name: str, *, own_names: bool = True,
             families: frozenset[str] = frozenset()) -> bool:
    """Whether a name ("GSM8K", "Phi-3", "GitHub") is one of the paper's facets: a benchmark or
    model it names, in any written variant or as its family ("Phi-3" names "Phi3-mini-3.8B"),
    a model family (one of `families`) that another model's name is built on ("DeepSeek" in
    "DotaMath-deepseek-7B"), one of its own names exactly (unless `own_names` is off), or the
    site of one of its code links."""
    key = normalise_variant(name)
    if not key:
        return False
    if any(_name_matches(name, value, family=True)
           for value in (*facets.benchmarks, *facets.models)):
        return True
    if key in families and any(key in variant_parts(m)[1:] for m in facets.models):
        return True
    size = name.strip().lower()
    if _SIZE_PART.match(size) and size.endswith("b") and \
            any(size in _sizes(m) for m in facets.models):
        return True  # a parameter count ("7B") names every model of that size
    if own_names and any(_name_matches(name, value, family=False) for value in facets.methods):
        return True
    site = _site_named(name) or key
    return any(_link_site(link) == site for link in facets.links)


_HOST = re.compile(r"(?:www\.)?[a-z0-9-]+\.[a-z]{2,6}", re.I)


def _site_named(name: str) -> str:
    """The site a name written as a host names ("github.com", "huggingface.co" -> "github",
    "huggingface"); "" for any other name."""
    return _link_site(name) if _HOST.fullmatch(name.strip()) else ""


def _sizes(model: str) -> set[str]:
    """The parameter counts a model's name gives, lower-cased ("Mistral-7B-Instruct" -> 7b;
    "Qwen2.5-Math-Instruct-1.5B/7B" -> 1.5b and 7b)."""
    return {part for part in _PART.findall(fold(model).lower()) if _SIZE_PART.match(part)
            and part.endswith("b")}


def names_only_a_site(name: str, facets: Iterable[Facets]) -> bool:
    """Whether a name is, in this collection, only ever the site of a code link ("GitHub"):
    then a paper has it by linking there, not by writing the word ("resolving GitHub
    issues" links nowhere)."""
    key = normalise_variant(name)
    site = False
    for paper in facets:
        if any(_name_matches(name, value, family=True)
               for value in (*paper.benchmarks, *paper.models, *paper.methods)):
            return False
        site = site or any(_link_site(link) == (_site_named(name) or key)
                           for link in paper.links)
    return site


FacetKind = str  # "benchmarks", "models", "methods", "tasks" or "year"
_COUNTED = ("benchmarks", "models", "methods", "tasks")


def _values(facets: Facets, kind: FacetKind) -> list[str]:
    if kind == "year":
        return [str(facets.year)] if facets.year else []
    if kind not in _COUNTED:
        raise ValueError(f"unknown facet kind {kind!r}")
    return list(getattr(facets, kind))


def facet_counts(papers: Iterable[Paper], kind: FacetKind) -> list[tuple[str, int]]:
    """How many papers have each value of a facet, most first: variants of one name count as
    one ("GSM8K" and "GSM-8K"), shown as the form written most."""
    written: dict[str, Counter[str]] = defaultdict(Counter)
    papers_with: dict[str, set[str]] = defaultdict(set)
    for paper in papers:
        if paper.facets is None:
            continue
        for value in _values(paper.facets, kind):
            key = normalise_variant(value) if kind != "year" else value
            if key:
                written[key][value] += 1
                papers_with[key].add(paper.id)
    counted = [(written[k].most_common(1)[0][0], len(ids)) for k, ids in papers_with.items()]
    return sorted(counted, key=lambda item: (-item[1], item[0].lower()))


def filter_by_facets(papers: Iterable[Paper], chosen: dict[FacetKind, str | None]
                     ) -> list[Paper]:
    """The papers that have every chosen value (a benchmark or model in any written variant;
    a year exactly). A kind chosen as None or "" is not filtered on."""
    wanted = {kind: value for kind, value in chosen.items() if value}
    return [paper for paper in papers
            if not wanted or (paper.facets is not None
                              and all(_has_value(paper.facets, kind, value)
                                      for kind, value in wanted.items()))]


def _has_value(facets: Facets, kind: FacetKind, value: str) -> bool:
    if kind == "year":
        return facets.year is not None and str(facets.year) == str(value).strip()
    key = normalise_variant(value)
    return any(normalise_variant(v) == key for v in _values(facets, kind))


_CRITERION_FILLER = frozenset({
    "paper", "papers", "evaluate", "evaluates", "evaluated", "evaluation", "evaluations",
    "benchmark", "benchmarks", "dataset", "datasets", "model", "models", "family", "families",
    "use", "uses", "used", "using", "run", "runs", "experiment", "experiments", "result",
    "results", "report", "reports", "reported", "test", "tested", "which", "what", "how",
    "many", "mention", "mentions", "with", "on", "of", "any", "based"})


def _criterion_names(criterion: str) -> list[str]:
    """The specific names a criterion asks about ("Phi-3 family model" -> ["Phi-3"])."""
    tokens = _tokens(_clean(criterion, headings=False))
    names = [item.text for item in _items(tokens, 0)
             if item.text.lower() not in _CRITERION_FILLER]
    # a name typed in lower case with its version: "llama 3.1", "gpt 4"
    names += [f"{a.text} {b.text}" for a, b in zip(tokens, tokens[1:], strict=False)
              if a.text.isalpha() and a.text.islower() and a.lower not in stopwords()
              and a.lower not in _CRITERION_FILLER and re.fullmatch(r"\d+(?:\.\d+)*", b.text)]
    if names:
        return names
    return [t.text for t in tokens if not t.punct and t.lower not in stopwords()
            and t.lower not in _CRITERION_FILLER]


def paper_matches(facets: Facets, criterion: str) -> bool:
    """Whether a paper's facets satisfy a criterion ("GSM8K", "a Phi-3 family model").

    Every specific name in the criterion must name one of the paper's benchmarks or models
    (a family or variant counts: "Phi-3" names "Phi3-mini-3.8B" and "Phi-3.5-Vision") or
    be one of its own names exactly. A criterion without names ("robotics") matches when its
    words all appear in one task phrase; otherwise the facets cannot tell, and say no.
    """
    if not criterion.strip():
        raise ValueError("empty criterion")
    names = _criterion_names(criterion)
    if not names:
        return False
    family_values: Sequence[str] = [*facets.benchmarks, *facets.models]
    for name in names:
        if any(_name_matches(name, value, family=True) for value in family_values):
            continue
        if any(_name_matches(name, value, family=False) for value in facets.methods):
            continue
        stem = name.lower().rstrip("s")
        if stem and any(stem in task.split() or stem + "s" in task.split()
                        for task in facets.tasks):
            continue
        return False
    return True
