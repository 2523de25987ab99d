"""Method and title names, so a question that names a paper ranks that paper first.

Names are matched on normalised word n-grams: "rstar math", "rStar-Math" and "RSTAR-MATH" all
become "rstarmath"; "MedS$^3$" and "MedS3" become "meds3". A name counts only if it belongs to at
most two papers, which keeps common acronyms (LLM, DPO, MCTS) from acting as names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from assistant.text import edit_distance, fold, tokenize
from assistant.text import normalise as _normalise
from assistant.types import Paper

_WORD = re.compile(r"[A-Za-z0-9]+")
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")
# A name-like token: has a capital after the first letter (rStar, LongPO, MSTaR), or is a
# capitalised word joined by '-' to others (Self-Refine), or mixes letters and digits (MedS3).
# The lookahead (a capital or digit after the first letter) is a fast pre-filter inside the regex
# engine; _is_nameish decides.
_NAMEISH = re.compile(
    r"(?<![\w$])(?=[A-Za-z][A-Za-z0-9$^{}-]*[A-Z0-9])"
    r"([A-Za-z][A-Za-z0-9]*(?:[-$^{}][A-Za-z0-9$^{}]+)*)(?![\w])"
)
# Words that introduce a paper's own method name shortly before it.
_DEFINES = re.compile(
    r"\b(propose[sd]?|introduce[sd]?|present[sd]?|define[sd]?|call(ed)?|name[sd]?|termed|dub(bed)?|"
    r"coin(ed)?|develop(ed|s)?|design(ed|s)?)\b", re.I)
_MAX_WORDS = 5
_NAME_WINDOW = 80  # characters after a defining verb where the name may start
_MAX_PAPERS_PER_NAME = 2
_MAX_TITLE_WORDS = 30
_MAX_NAME_DF = 5
# A whole title counts as a name only when it is long enough to be one.
_MIN_TITLE_WORDS = 4
_MIN_PREFIX_CHARS = 8
_MIN_FUZZY_CHARS = 5
_TWO_TYPOS_CHARS = 10
_MAX_FUZZY_WORDS = 3
_COMMON_HEADS = frozenset({"introduction", "review", "editorial", "abstract", "background",
                           "commentary", "correction", "erratum", "letter", "the", "and"})


def normalise(text: str) -> str:
    """The key of a name; LaTeX in a source ("Long$\\otimes$Short") is markup, not letters,
    and so is an operator's command word left glued in when a source lost the backslash
    ("LongotimesShort"); the rendered symbol ("Long⊗Short") folds away too."""
    return _normalise(_GLUED_OPERATOR.sub("", _LATEX.sub("", text)))


_LATEX = re.compile(r"\\[A-Za-z]+|\$")
# LaTeX's binary-operator commands, between a lower-case and an upper-case letter.
_GLUED_OPERATOR = re.compile(
    r"(?<=[a-z])(?:otimes|oplus|ominus|odot|oslash|times|cdot|circ|bullet|wedge|diamond)(?=[A-Z])")


def _is_nameish(token: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", token)
    if len(normalise(token)) < 3 or not letters:
        return False
    inner_caps = any(c.isupper() for c in letters[1:])
    has_digit = any(c.isdigit() for c in token) and letters[:1].isupper()
    return inner_caps or has_digit


def title_name(title: str) -> str | None:
    """The short name before a colon: 'rStar-Math: Small LLMs ...' -> 'rStar-Math'."""
    if ":" not in title:
        return None
    head = title.split(":", 1)[0].strip()
    if len(normalise(head)) < 3 or head.lower() in _COMMON_HEADS:
        return None
    return head if 0 < len(_WORD.findall(head)) <= _MAX_WORDS else None


def candidate_names(paper: Paper) -> set[str]:
    """Names a paper owns: its title's head ('rStar-Math: ...') and those its abstract introduces.

    A name-like word merely used in an abstract (a gene, a baseline, a dataset) is not the
    paper's name; boosting on it would let any question mentioning it pull the paper up.
    """
    names = set()
    head = title_name(paper.title)
    if head:
        names.add(head)
    abstract = paper.abstract
    # Only the 80 characters after "we propose/introduce/..." can hold the paper's own name;
    # scanning those windows, not every word, keeps a 100k-paper build fast.
    for verb in _DEFINES.finditer(abstract):
        for match in _NAMEISH.finditer(abstract, verb.end()):
            if match.start() > verb.start() + _NAME_WINDOW:
                break
            if _is_nameish(match.group(1)):
                names.add(match.group(1))
                # "named CoT Monitor+": capitalised words right after it are of the name too.
                more = _NAME_GOES_ON.match(abstract, match.end())
                if more:
                    names.add(match.group(1) + more.group(0).rstrip("+"))
    # "our multi-agent framework OMNE": a name set beside the noun for the paper's own work.
    for match in _OURS_NAMED.finditer(abstract):
        if _is_nameish(match.group(1)):
            names.add(match.group(1))
    # "our 6B Vega method", "our team's Vega v2 submission": a capitalised word before that
    # noun is the work's name when the abstract goes on using it (an adjective such as
    # "Bayesian" seldom recurs in one abstract).
    for match in _OURS_BEFORE_KIND.finditer(abstract):
        name = match.group(1)
        head = name.split()[0]
        if _is_nameish(head) or len(re.findall(rf"\b{re.escape(head)}\b", abstract)) >= 2:
            names.add(name)
    return names


_NAME_GOES_ON = re.compile(r"(?:[ -][A-Z][a-z]+){1,2}\+?(?![\w-])")
_OURS_NAMED = re.compile(
    r"\bour\s+(?:[\w-]+\s+){0,2}(?:framework|method|model|system|approach|agent|algorithm|"
    r"pipeline|architecture|technique|benchmark|dataset),?\s+([A-Za-z][A-Za-z0-9-]*[A-Z0-9]"
    r"[A-Za-z0-9-]*)")

_OURS_BEFORE_KIND = re.compile(
    r"\b[Oo]ur\s+(?:[\w'\u2019.-]+\s+){0,3}?([A-Z][A-Za-z0-9-]*(?:\s+v\d+(?:\.\d+)?)?)\s+"
    r"(?:framework|method|model|system|approach|agent|algorithm|pipeline|architecture|"
    r"technique|submission|benchmark|dataset)s?\b")


# A code repository's address: its last part is what the authors call the work
# ("github.com/YuxiXie/MCTS-DPO").
_REPOSITORY = re.compile(r"(?:github|gitlab)\.com/[\w.-]+/([\w.-]+)", re.I)


def code_names(paper: Paper) -> set[str]:
    """Names a paper goes by in its own code links: readers call a work by its repository
    ("MCTS-DPO") when its abstract never names it so."""
    found = (m.group(1).removesuffix(".git").rstrip(".")
             for m in _REPOSITORY.finditer(paper.abstract))
    return {name for name in found if _is_nameish(name)}


def own_names(paper: Paper) -> list[str]:
    """The names a paper goes by in its own words, for showing it: the index's extracted
    method names when it has them (they leave out abbreviations of common terms such as
    "chain-of-thought (CoT)" and plurals like "LLMs"), else the names its abstract defines."""
    if paper.facets is not None:
        return list(paper.facets.methods)
    return sorted(candidate_names(paper))


class NameIndex:
    """normalised name -> paper ids, plus whether the name must match case-sensitively."""

    def __init__(self, papers: Iterable[Paper], df: Callable[[str], int] | None = None,
                 max_df: int = _MAX_NAME_DF, knows: Callable[[str], bool] | None = None):
        """`df` (papers containing a tokenized word) drops names other papers use too.

        A name identifies a paper only if it is rare in the collection: "IL-6" is defined by
        one SciFact abstract but mentioned by dozens, and must not pull that one paper up. A
        title's head ('rStar-Math: ...') may be cited by a few other papers; a name only the
        abstract introduces ("we present an evaluation of SSL methods") must be used by its
        owners alone, or it is a field's term, not a paper's name.
        """
        owners: dict[str, set[str]] = defaultdict(set)
        originals: dict[str, set[str]] = defaultdict(set)
        titled: set[str] = set()
        heads: set[str] = set()  # 'SELF: Language-Driven ...' names itself, however common
        for paper in papers:
            head = title_name(paper.title)
            if head:
                titled.add(normalise(head))
                if head.isalpha() and head.isupper():  # matched case-sensitively anyway
                    heads.add(normalise(head))
            coded = code_names(paper)
            for name in candidate_names(paper) | coded:
                key = normalise(name)
                owners[key].add(paper.id)
                originals[key].add(name)
            # A repository's name is given like a title's head, and may be cited as one.
            titled.update(normalise(name) for name in coded)
            if len(_WORD.findall(paper.title)) >= _MIN_TITLE_WORDS:
                owners[normalise(paper.title)].add(paper.id)
        self._owners = {k: v for k, v in owners.items() if k and len(v) <= _MAX_PAPERS_PER_NAME}
        if df is not None:
            def rare_enough(key: str, papers: set[str]) -> bool:
                if key in heads:
                    return True
                names = originals.get(key, ())
                rarest = min((df(t) for n in names for t in tokenize(n)), default=0)
                # Words written together are rarer than each word: "CoT Monitor" names one
                # paper though another writes "monitor".
                phrase = any(len(n.split()) > 1 for n in names)
                return rarest <= (max_df if key in titled or phrase else len(papers))

            self._owners = {k: v for k, v in self._owners.items() if rare_enough(k, v)}
        # An all-caps plain word ("SELF", "SPHERE") is also an English word; it counts as a
        # name only when the question writes it in capitals too, unless the word is as rare in
        # the collection as a name is (then "sphere" can only mean SPHERE).
        self._case_sensitive = {
            k: next(iter(originals[k])) for k in self._owners
            if len(originals.get(k, ())) == 1
            and next(iter(originals[k])).isalpha() and next(iter(originals[k])).isupper()
            and (df is None or df(k) > _MAX_PAPERS_PER_NAME)
        }
        # "Darwin Godel" names the Darwin Godel Machine: a name of three or more words is also
        # known by its first two or more, when no other name claims them and one of them is as
        # rare as a name ("Long Term" of "Long Term Memory" is every paper's words).
        for key, names in list(originals.items()):
            if key not in self._owners:
                continue
            # (A name only an abstract gives, not a title's head, keeps the stricter rarity of
            # such names: "Self-Play" of "Self-Play Critic" is a word many papers write.)
            limit = max_df if key in titled else len(self._owners[key])
            for name in names:
                words = _WORD.findall(name)
                for n in range(2, len(words)):
                    prefix = normalise(" ".join(words[:n]))
                    rare = df is None or min(
                        (df(t) for t in tokenize(" ".join(words[:n]))), default=0) <= limit
                    if len(prefix) >= _MIN_PREFIX_CHARS and prefix not in owners and rare:
                        self._owners.setdefault(prefix, set(self._owners[key]))
        self._knows = knows
        self._fuzzy_keys = [k for k in self._owners if len(k) >= _MIN_FUZZY_CHARS]

    def papers_named_in(self, query: str) -> dict[str, str]:
        """paper_id -> the name the query used, for every paper the query names."""
        # "MedS3's": the possessive is no part of the name (blanked, so positions hold).
        query = _POSSESSIVE.sub("  ", query)
        folded = fold(query)
        matches = list(_WORD.finditer(folded))
        words = [m.group() for m in matches]
        # The name as the query wrote it ("rStar-Math", not "rStar Math"); accents only when
        # folding kept every character in place.
        source = query if len(query) == len(folded) else folded
        found: dict[str, str] = {}
        keys: dict[str, str] = {}  # paper id -> the name key its written name matched
        for n in range(1, min(len(words), _MAX_TITLE_WORDS) + 1):
            for i in range(len(words) - n + 1):
                span = words[i:i + n]
                key = "".join(w.lower() for w in span)
                owners = self._owners.get(key)
                if not owners:
                    continue
                exact = self._case_sensitive.get(key)
                if exact is not None and " ".join(span) != exact:
                    continue
                written = source[matches[i].start():matches[i + n - 1].end()]
                for paper_id in owners:
                    # The longest name a paper is called by is the one the query used
                    # ("Meta Flow Matching", not its prefix "Meta Flow").
                    if len(written) > len(found.get(paper_id, "")):
                        found[paper_id] = written
                        keys[paper_id] = key
        if self._knows is not None:
            for paper_id, (used, key, distance) in self._typos(words, matches, source).items():
                # "rStar-Maht" misspells the paper's longer name "rStar-Math" by one letter; it
                # is not the name "rStar" and a word after it. A span two edits from a longer
                # name is the name the query spelled right and a word of its own ("DotaMath vs"
                # is not "DotaMathQA").
                if paper_id not in found or (distance <= 1 and len(key) > len(keys[paper_id])):
                    found[paper_id] = used
        return found

    def _typos(self, words: list[str], matches: list[re.Match[str]], source: str
               ) -> dict[str, tuple[str, str, int]]:
        """Names written with a small typo ("Mobile-Agnet-E", "rstar-maths"): paper id ->
        (the span as written, the name key it is close to, their edit distance).

        Only spans holding a word the collection never uses are tried: a typo makes a word
        unknown, while a real word one letter away from a name ("spheres") is known.
        """
        assert self._knows is not None  # only called when set
        found: dict[str, tuple[str, str, int]] = {}
        closest: dict[str, int] = {}
        for n in range(1, _MAX_FUZZY_WORDS + 1):
            for i in range(len(words) - n + 1):
                span = words[i:i + n]
                if not any(t and not self._knows(t) for w in span for t in tokenize(w)):
                    continue
                key = "".join(w.lower() for w in span)
                if len(key) < _MIN_FUZZY_CHARS or key in self._owners:
                    continue
                limit = 1 if len(key) < _TWO_TYPOS_CHARS else 2
                for name in self._fuzzy_keys:
                    if name in self._case_sensitive:
                        continue
                    distance = edit_distance(key, name, limit)
                    if distance > limit:
                        continue
                    written = source[matches[i].start():matches[i + n - 1].end()]
                    for paper_id in self._owners[name]:
                        # The closest span, and of those the longest ("Darwn Godel Machine",
                        # not its start "Darwn Godel").
                        if (distance, -len(written)) < (
                                closest.get(paper_id, distance + 1),
                                -len(found.get(paper_id, ("", "", 0))[0])):
                            found[paper_id] = (written, name, distance)
                            closest[paper_id] = distance
        return found
