"""Comparison tables: one row per paper, one column per aspect, every cell quoted and cited.

The app builds the table, not the model: each cell is one or two sentences of that paper's
abstract, chosen for the aspect, numbered as evidence. A sentence is scored for a cell by a
logistic over what it shows (`SENTENCE_FEATURES`): the aspect's words (idf-weighted, so the
telling word counts most), the same words as the embedder widens them ("supervision" is met by
"unsupervised"), its meaning beside the aspect's, because abstracts paraphrase ("what does each
one remember" is answered by "a long-term memory of Tips and Shortcuts"), and the specific
things it names that the other compared papers do not. Background sentences that come before
the paper says what it does ("However, current approaches ...") describe the field, not the
paper. The weights are fitted on dev comparisons (`eval.fit_comparison`), not set by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from math import fsum
from typing import Any, Protocol

import numpy as np

from assistant.citations import with_markers
from assistant.contrast import apart_terms
from assistant.contrast import distinct_words as contrast_words
from assistant.events import CellFilled, TableSkeleton, run_to_end
from assistant.names import title_name
from assistant.text import OWN_WORK, PROBLEM_NOUNS, WORD, stopwords, tokenize
from assistant.types import AnswerSentence, Evidence, Hit


class DocumentEmbedder(Protocol):
    """What a table needs of an embedder (a LangChain `Embeddings`, or a cache in front)."""

    def embed_documents(self, texts: list[str]) -> Sequence[Sequence[float]]: ...

DEFAULT_ASPECTS = {
    "task": "task problem goal challenge address",
    "approach": "propose method framework approach introduce design components modules stages",
    "data": "data training dataset synthesize generate samples trajectories",
    "results": "results outperform achieve improve benchmark accuracy performance",
}
NOT_STATED = "Not stated in the abstract."
# A cell is a phrase the reader scans along a row, not a paragraph: at most this many words,
# from the sentence that best addresses the aspect.
CELL_WORDS = 25
# A phrase cut inside a run of content words (a name, a value with what it measures) takes
# up to this many more words at that end to keep the run whole.
RUN_WORDS = 3
# Two phrases in one cell share its words, so a cell stays a phrase a row can be scanned by:
# the first takes what it needs, leaving the second at least this many.
_SECOND_WORDS = 9


# What a sentence shows a cell, each 0..1 (`TableBuilder.features`):
SENTENCE_FEATURES = (
    "lexical",  # the idf-weighted share of the aspect's words it writes
    "near",  # the same, an aspect word met by a word the embedder puts near it
    "meaning",  # cosine of the sentence and the aspect
    "named_parts",  # specific names, not the paper's own ("process preference model", "LoRA")
    "distinct",  # its idf-weighted share of words no other compared paper uses
    "apart_terms",  # terms only this paper names (a defined component, a value), up to 3
    "own_work",  # it speaks of the paper's own contribution ("we propose ...")
    "background",  # it comes before the contribution, about the field (not in a "task" cell)
    "opening",  # the abstract's first sentence
)
# Before a fit: the aspect's words and meaning, a little for named parts and own work.
_UNFITTED = {"lexical": 1.0, "meaning": 1.0, "named_parts": 0.15, "own_work": 0.1,
             "background": -0.25}


@dataclass(frozen=True)
class CellWeights:
    """How a cell's sentence and its phrase are chosen; fitted on dev comparisons by
    `python -m eval.calibrate` (shipped under "comparison")."""

    # A sentence's score for a cell: the logistic of `bias` + these weights times its
    # `SENTENCE_FEATURES` (a missing one weighs nothing).
    sentence: Mapping[str, float] = field(default_factory=lambda: dict(_UNFITTED))
    bias: float = 0.0
    # The phrase cut within a sentence: how much the specific names weigh beside the
    # aspect's words, and how much the aspect's words themselves (`phrase_aspect`: the column
    # already names the aspect; a phrase that only restates it says little).
    named_parts: float = 0.15
    phrase_aspect: float = 1.0
    min_meaning: float = 0.3  # cosine below which a sentence sharing no aspect word is off it
    # An aspect's word is met by an abstract's word at least this close by the embedder.
    near_min: float = 0.6
    next_ratio: float = 0.6  # a second sentence must score this close to the best
    # A table of at most this many columns has room for `roomy_phrases` shorter phrases in a
    # cell (its cell still holds at most about `CELL_WORDS` words).
    roomy_columns: int = 1
    roomy_phrases: int = 2
    # A row is read against the others: the words only this paper uses (among those compared)
    # say what sets it apart ("a process preference model" beside "small language models",
    # which both abstracts use). Weighs a phrase's share of them.
    distinct: float = 0.0
    # The line under the table names, per paper, up to this many terms only it uses (a
    # component defined with its acronym, a named module, a measured value), taken from its
    # `apart_sentences` sentences that best address the aspects.
    apart_terms: int = 2
    apart_sentences: int = 3

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        out["sentence"] = {k: round(float(v), 4) for k, v in self.sentence.items()}
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CellWeights:
        """The shipped weights; keys this version does not know (an older file's) are
        left out, so their defaults stand."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def score(self, features: np.ndarray) -> np.ndarray:
        """0..1 per row of `features` (columns in `SENTENCE_FEATURES` order)."""
        w = np.array([self.sentence.get(name, 0.0) for name in SENTENCE_FEATURES])
        return 1 / (1 + np.exp(-(features @ w + self.bias)))


@dataclass(frozen=True)
class Focus:
    """What a cell's phrase should carry: its aspect's words, and the words that set its paper
    apart from the others compared. The paper's own name says nothing in its own row."""

    terms: frozenset[str]
    distinct: frozenset[str] = frozenset()
    own: frozenset[str] = frozenset()


@dataclass
class Table:
    markdown: str
    evidence: list[Evidence] = field(default_factory=list)
    sentences: list[AnswerSentence] = field(default_factory=list)  # the cells
    # One cited line under the table: what the papers have in common, then what each one
    # alone names; `synthesis` is it as the reader sees it (with the items' [n] markers).
    summary: list[AnswerSentence] = field(default_factory=list)
    synthesis: str = ""


def aspect_queries(aspects: Sequence[str]) -> dict[str, str]:
    """Column label -> the words that find it: the question's aspects, else the defaults.

    An aspect naming a default column ("their data") also borrows that column's words. One
    asked aspect comes with the papers' approach beside it: what each one does on the aspect
    is read against how it works."""
    queries: dict[str, str] = {}
    for aspect in aspects:
        label = shorten(aspect, 6)
        # (by stem: "headline result" names the results column as much as "results" does)
        hints = " ".join(v for k, v in DEFAULT_ASPECTS.items()
                         if set(tokenize(k)) & set(tokenize(aspect)))
        queries[label] = f"{aspect} {hints}".strip()
    if len(queries) == 1 and "approach" not in next(iter(queries)).lower():
        queries["approach"] = DEFAULT_ASPECTS["approach"]
    return queries or dict(DEFAULT_ASPECTS)


def shorten(text: str, max_words: int = 30) -> str:
    words = text.split()
    if len(words) <= max_words:
        return text.strip()
    return " ".join(words[:max_words]).rstrip(",;:") + " …"


def phrase(sentence: str, focus: Focus | set[str], idf: Callable[[str], float],
           max_words: int = CELL_WORDS, named_parts: float = CellWeights.named_parts,
           distinct: float = CellWeights.distinct, aspect: float = 1.0) -> str:
    """The part of a sentence, about `max_words` long, that says most about its focus.

    Verbatim: a run of whole clauses where they fit (a clause starts after a comma, semicolon
    or colon, or at a word that opens one: "which", "while", "by" ...), else the best window of
    a long clause, its ends moved out to keep a name or a value whole (`RUN_WORDS` at most);
    "…" marks what was cut. A window scores by the aspect's words it holds
    (weighing `aspect`), the specific names it carries and (by `distinct`) its share of the
    sentence's words that set the paper apart; among equal windows the sentence's opening
    wins (it names who does what)."""
    if not isinstance(focus, Focus):
        focus = Focus(frozenset(focus))
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", sentence)]
    if len(spans) <= max_words:
        return sentence.strip()
    words = [sentence[a:b] for a, b in spans]
    starts = [0] + [i for i in range(1, len(words))
                    if words[i - 1][-1] in ",;:" or words[i][0] == "("
                    or words[i].lower() in _OPENERS]
    ends = sorted({*(i for i in starts if i > 0), len(words)})
    stop = stopwords()
    terms = set(focus.terms)
    total = fsum(idf(t) for t in terms) or 1.0
    stems = [set(tokenize(w)) for w in words]
    apart = set().union(*stems) & focus.distinct
    apart_total = fsum(idf(t) for t in apart) or 1.0
    best: tuple[float, int, int] = (-1.0, 0, 0)
    windows: set[tuple[int, int]] = set()
    for start in starts:
        fitting = [e for e in ends if start < e <= start + max_words]
        cut = min(start + max_words, len(words))
        # A window cut mid-clause ends on a word that carries something, not on "and"/"of".
        while cut > start + 1 and cut < len(words) and words[cut - 1].lower() in stop:
            cut -= 1
        windows.update((start, end) for end in {*fitting[-1:], cut})
    # A clause's end read back: a value or name closing a long clause ("reducing token length
    # by over 80%") is kept by the window that ends on it.
    for end in ends:
        start = max(0, end - max_words)
        while start < end - 1 and start > 0 and words[start].lower() in stop:
            start += 1
        windows.add((start, end))
    for start, end in sorted(_whole_runs(windows, words, stop)):
        held = set().union(*stems[start:end])
        score = (aspect * fsum(idf(t) for t in held & terms) / total
                 + distinct * fsum(idf(t) for t in held & apart) / apart_total
                 + (0.05 if start == 0 else 0.0)
                 + 0.02 * (end - start) / max_words
                 + named_parts * _named_parts(" ".join(words[start:end]), set(focus.own)))
        if score > best[0]:
            best = (score, start, end)
    _, start, end = best
    text = sentence[spans[start][0]:spans[end - 1][1]].rstrip(",;:")
    return ("… " if start > 0 else "") + text + (" …" if end < len(words) else "")


def _whole_runs(windows: set[tuple[int, int]], words: Sequence[str],
                stop: frozenset[str] | set[str]) -> set[tuple[int, int]]:
    """The windows with each cut edge moved out to the end of the run of content words it
    falls in: "… Carlo Tree Search" names nothing, and "a 23% relative …" loses what it
    measures. At most `RUN_WORDS` words past the budget at either end; a longer run stays
    cut. (Moving the edge in instead, to leave the run, measured worse on dev comparisons:
    the phrase then loses what the cut run named.)"""

    def edge(i: int) -> bool:  # between two words, not inside a run
        return (words[i - 1][-1] in ",;:." or words[i][0] in "(\"“"
                or words[i - 1].lower() in stop or words[i].lower() in stop)

    def starts_run(i: int) -> bool:  # and not on a joining word ("and", "of")
        first = words[i].lower() if i < len(words) else ""
        return i == 0 or (edge(i) and (first not in stop or first in _OPENERS))

    def ends_run(i: int) -> bool:
        return i == len(words) or (edge(i) and words[i - 1].lower() not in stop)

    whole: set[tuple[int, int]] = set()
    for start, end in windows:
        first = next((i for i in range(start, max(-1, start - RUN_WORDS - 1), -1)
                      if starts_run(i)), start)
        last = next((i for i in range(end, min(len(words), end + RUN_WORDS) + 1)
                     if ends_run(i)), end)
        whole.add((first, last))
    return whole


# Where a noun phrase starts: a cut there drops a sentence's head ("rStar-Math also features")
# and keeps what it names ("a persistent memory comprising Tips and Shortcuts").
_NOUN_OPENERS = frozenset("a an the".split())
_CLAUSE_OPENERS = frozenset(
    "which while whereas where when by through via using that achieving enabling resulting "
    "allowing leading yielding including".split())
_OPENERS = _NOUN_OPENERS | _CLAUSE_OPENERS


def _label(aspect: str) -> str:
    return table_cell(aspect[:1].upper() + aspect[1:])


def table_cell(text: str) -> str:
    """Table-safe: a pipe or newline in paper text must not break the Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def short_title(title: str, alias: str | None = None, max_chars: int = 70) -> str:
    """'rStar-Math' for 'rStar-Math: Small LLMs ...'; else the name the question used (a
    whole title typed out is cut like a title), else the title's first words."""
    head = title_name(title)
    if head:
        return head
    name = alias or title
    return name if len(name) <= max_chars else name[:max_chars].rsplit(" ", 1)[0] + " …"


# A table row's name stays on one line: longer, it squeezes the other columns to a few
# letters each.
_ROW_CHARS = 40


def row_label(hit: Hit, names: Mapping[str, str]) -> str:
    """The name a comparison table's row shows for `hit`."""
    return table_cell(short_title(hit.title, names.get(hit.paper_id), _ROW_CHARS))


class TableBuilder:
    """Chooses each cell's sentences by the aspect's words and meaning."""

    def __init__(self, idf: Callable[[str], float], embeddings: DocumentEmbedder | None,
                 weights: CellWeights | None = None):
        self._idf = idf
        self._embeddings = embeddings
        self._weights = weights or CellWeights()

    def build(self, rows: Sequence[Hit], aspects: dict[str, str],
              names: dict[str, str] | None = None) -> Table:
        return run_to_end(self.fill(rows, aspects, names))

    def skeleton(self, rows: Sequence[Hit], aspects: dict[str, str],
                 names: dict[str, str] | None = None) -> TableSkeleton:
        """The table's rows and columns, known before any sentence is scored."""
        names = names or {}
        return TableSkeleton(
            columns=tuple(_label(a) for a in aspects),
            rows=tuple(row_label(h, names) for h in rows),
            papers=tuple(h.paper_id for h in rows))

    def fill(self, rows: Sequence[Hit], aspects: dict[str, str],
             names: dict[str, str] | None = None) -> Generator[CellFilled, None, Table]:
        """`build`, sending each cell as it is composed (row by row, citing evidence items);
        returns the whole table."""
        names = names or {}
        scores = self._scores(rows, aspects, names)
        apart = distinct_words(rows)
        table = Table(markdown="")
        labels = [_label(a) for a in aspects]
        header = "| Paper | " + " | ".join(labels) + " |"
        lines = [header, "|" + " --- |" * (len(aspects) + 1)]
        quoted_by_row: list[dict[int, Evidence]] = []
        for row, hit in enumerate(rows):
            cells: list[str] = []
            quoted: dict[int, Evidence] = {}  # a sentence two columns quote keeps one number
            quoted_by_row.append(quoted)
            for column, (aspect, query) in enumerate(aspects.items()):
                picked = _pick(scores[row][column], set(quoted), self._per_cell(aspects),
                               self._weights.next_ratio)
                if not picked:
                    cells.append(NOT_STATED)
                    yield CellFilled(row, column, NOT_STATED)
                    continue
                parts = []
                items = []
                used = 0
                for k, index in enumerate(picked):
                    # Each phrase leaves the ones after it their least; the cell stays a phrase
                    # a row can be scanned by, however many sentences it draws on.
                    budget = max(_SECOND_WORDS,
                                 CELL_WORDS - used - _SECOND_WORDS * (len(picked) - k - 1))
                    item = _quote(table, quoted, hit, index)
                    items.append(item)
                    focus = Focus(frozenset(tokenize(query)), apart[row],
                                  _own_name(hit, names.get(hit.paper_id)))
                    quote = phrase(hit.chunk.sentences[index].text, focus, self._idf, budget,
                                   self._weights.named_parts, self._weights.distinct,
                                   self._weights.phrase_aspect)
                    used += _words(quote)
                    parts.append(f"{table_cell(quote)} [{item.n}]")
                    table.sentences.append(AnswerSentence(
                        text=f"{aspect}: {quote}", citations=[item.n], supported=True,
                        support=1.0))
                cells.append(" ".join(parts))
                yield CellFilled(row, column, cells[-1], tuple(items))
            name = row_label(hit, names)
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        table.markdown = "\n".join(lines)
        shown = [short_title(h.title, names.get(h.paper_id)) for h in rows]
        phrases, where = common_ground(rows, self._idf, shown)
        if phrases:
            cited = [_quote(table, quoted_by_row[row], rows[row], index).n for row, index in where]
            # Worded so that the verifier's support is the listed phrases' own: "both",
            # "each" and "use" are filler to it.
            who = "Both use" if len(rows) == 2 else "Each uses"
            table.summary.append(_cited(f"{who} {listed(phrases)}.", sorted(set(cited))))
        for row, apart_of_row in enumerate(self._apart(rows, scores, shown)):
            # One sentence per quoted sentence: the verifier reads a sentence against each
            # item it cites, so terms from two sentences in one line support neither.
            by_sentence: dict[int, list[str]] = {}
            for term, index in apart_of_row:
                by_sentence.setdefault(index, []).append(term)
            for k, (index, terms) in enumerate(by_sentence.items()):
                n = _quote(table, quoted_by_row[row], rows[row], index).n
                lead = "Only in" if k == 0 else "Also in"
                table.summary.append(_cited(f"{lead} {shown[row]}: {listed(terms)}.", [n]))
        table.synthesis = " ".join(with_markers(s) for s in table.summary)
        return table

    def choose(self, rows: Sequence[Hit], aspects: dict[str, str], per_cell: int | None = None,
               names: dict[str, str] | None = None) -> list[list[list[int]]]:
        """[row][aspect] -> the indexes of the sentences chosen for that cell (maybe none); at
        most `per_cell` each (default: as many as `build` shows)."""
        scores = self._scores(rows, aspects, names)
        per_cell = per_cell or self._per_cell(aspects)
        chosen = []
        for row in scores:
            used: set[int] = set()
            cells = []
            for column in row:
                picked = _pick(column, used, per_cell, self._weights.next_ratio)
                used.update(picked)
                cells.append(picked)
            chosen.append(cells)
        return chosen

    def _apart(self, rows: Sequence[Hit], scores: list[list[list[tuple[float, bool, int]]]],
               shown: Sequence[str]) -> list[list[tuple[str, int]]]:
        """Per row, the terms only that paper names (none with one row), from its sentences
        that best address the table's aspects; (term, sentence index) each."""
        if len(rows) < 2 or not self._weights.apart_terms:
            return [[] for _ in rows]
        out = []
        for row, hit in enumerate(rows):
            best: dict[int, float] = {}
            for column in scores[row]:
                for score, _, index in column:
                    best[index] = max(best.get(index, score), score)
            ranked = sorted(best, key=lambda i: -best[i])[:self._weights.apart_sentences]
            sentences = hit.chunk.sentences
            others = " ".join(f"{h.title} {h.chunk.text}" for h in rows if h is not hit)
            own = [shown[row], *title_head(hit.title)]
            out.append(apart_terms([(i, sentences[i].text) for i in ranked], others, own,
                                   self._idf, self._weights.apart_terms))
        return out

    def _per_cell(self, aspects: dict[str, str]) -> int:
        """A narrow table has the room for more sentences' phrases; wider tables for one."""
        return self._weights.roomy_phrases if len(aspects) <= self._weights.roomy_columns else 1

    def _scores(self, rows: Sequence[Hit], aspects: dict[str, str],
                names: dict[str, str] | None = None
                ) -> list[list[list[tuple[float, bool, int]]]]:
        """[row][aspect] -> (score, shares an aspect word or means it, sentence index)."""
        features = self.features(rows, aspects, names)
        lexical, near, meaning = (SENTENCE_FEATURES.index(f) for f in ("lexical", "near",
                                                                       "meaning"))
        result = []
        for row, hit in enumerate(rows):
            per_aspect = []
            for column in range(len(aspects)):
                x = features[row][column]
                scores = self._weights.score(x)
                relevant = ((x[:, lexical] > 0) | (x[:, near] > 0)
                            | (x[:, meaning] >= self._weights.min_meaning))
                per_aspect.append([(float(scores[i]), bool(relevant[i]), sentence.index)
                                   for i, sentence in enumerate(hit.chunk.sentences)])
            result.append(per_aspect)
        return result

    def features(self, rows: Sequence[Hit], aspects: dict[str, str],
                 names: dict[str, str] | None = None, every: bool = False
                 ) -> list[list[np.ndarray]]:
        """[row][aspect] -> one row of `SENTENCE_FEATURES` per sentence of that paper. What
        the weights leave out stays 0, not computed (a literature table's many rows), unless
        `every` (for a fit)."""
        used = (set(SENTENCE_FEATURES) if every
                else {k for k, v in self._weights.sentence.items() if v})
        names = names or {}
        texts = [s.text for hit in rows for s in hit.chunk.sentences]
        sentence_vectors = self._embed(texts)
        aspect_vectors = self._embed(list(aspects.values()))
        near = self._near_words(rows, aspects) if "near" in used else {}
        apart = (distinct_words(rows) if "distinct" in used
                 else [frozenset[str]()] * len(rows))
        result = []
        offset = 0
        for row, hit in enumerate(rows):
            sentences = hit.chunk.sentences
            # Per sentence, not per aspect: its words and whether it speaks of the paper's own work.
            words_of = [set(tokenize(s.text)) for s in sentences]
            own_work = [bool(OWN_WORK.search(s.text)) for s in sentences]
            own_from = next((s.index for s, own in zip(sentences, own_work, strict=True) if own),
                            0)
            own_name = set(_own_name(hit, names.get(hit.paper_id)))
            fixed = np.zeros((len(sentences), len(SENTENCE_FEATURES)), dtype=np.float64)
            column_of = {name: i for i, name in enumerate(SENTENCE_FEATURES)}
            others = " ".join(f"{h.title} {h.chunk.text}" for h in rows if h is not hit)
            own = [short_title(hit.title, names.get(hit.paper_id)), *title_head(hit.title)]
            for i, sentence in enumerate(sentences):
                fixed[i, column_of["named_parts"]] = _named_parts(sentence.text, own_name)
                fixed[i, column_of["distinct"]] = self._share(words_of[i] - own_name, apart[row])
                if "apart_terms" in used and len(rows) > 1:
                    fixed[i, column_of["apart_terms"]] = len(apart_terms(
                        [(i, sentence.text)], others, own, self._idf, 3)) / 3
                fixed[i, column_of["own_work"]] = float(own_work[i])
                fixed[i, column_of["opening"]] = float(i == 0)
            per_aspect = []
            for column, (label, query) in enumerate(aspects.items()):
                terms = set(tokenize(query))
                # The task, or the problem each paper takes on, is what its background says.
                asks_field = label == "task" or bool(PROBLEM_NOUNS & set(label.lower().split()))
                total = fsum(self._idf(t) for t in terms) or 1.0
                x = fixed.copy()
                for i, sentence in enumerate(sentences):
                    x[i, column_of["lexical"]] = fsum(
                        self._idf(t) for t in terms & words_of[i]) / total
                    x[i, column_of["near"]] = fsum(self._idf(t) * max(
                        (near.get((t, w), 0.0) for w in words_of[i]), default=0.0)
                        for t in terms) / total
                    if sentence_vectors is not None and aspect_vectors is not None:
                        x[i, column_of["meaning"]] = float(sentence_vectors[offset + i]
                                                           @ aspect_vectors[column])
                    x[i, column_of["background"]] = float(sentence.index < own_from
                                                          and not asks_field)
                per_aspect.append(x)
            result.append(per_aspect)
            offset += len(sentences)
        return result

    def _near_words(self, rows: Sequence[Hit], aspects: dict[str, str]
                    ) -> dict[tuple[str, str], float]:
        """(aspect word, abstract word) -> how far the abstract word stands for the aspect's:
        1 for the same word, else their cosine where the embedder puts them at least
        `near_min` close ("supervision" and "unsupervised"). Words are compared by stem,
        each embedded as the text first writes it."""
        asked = sorted({t for query in aspects.values() for t in tokenize(query)})
        near = {(t, t): 1.0 for t in asked}
        written: dict[str, str] = {}
        for text in [*aspects.values(), *(s.text for hit in rows for s in hit.chunk.sentences)]:
            for word in WORD.findall(text):
                stems = tokenize(word)
                if stems:
                    written.setdefault(stems[0], word.lower())
        vocabulary = sorted(written)
        vectors = self._embed([written[w] for w in vocabulary])
        if vectors is None or not asked:
            return near
        index = {w: i for i, w in enumerate(vocabulary)}
        similar = vectors[[index[t] for t in asked if t in index]] @ vectors.T
        for i, t in enumerate(t for t in asked if t in index):
            for j in np.flatnonzero(similar[i] >= self._weights.near_min):
                near.setdefault((t, vocabulary[j]), float(similar[i, j]))
        return near

    def _share(self, words: set[str], apart: frozenset[str]) -> float:
        """0..1: the idf-weighted share of a sentence's words that set its paper apart."""
        total = fsum(self._idf(w) for w in words)
        return fsum(self._idf(w) for w in words & apart) / total if total else 0.0

    def _embed(self, texts: list[str]) -> np.ndarray | None:
        if self._embeddings is None or not texts:
            return None
        vectors = np.asarray(self._embeddings.embed_documents(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


def _words(quote: str) -> int:
    return len([w for w in quote.split() if w != "…"])


def _cited(text: str, citations: list[int]) -> AnswerSentence:
    """A line the table writes itself: its words are the abstracts' own, so it is supported."""
    return AnswerSentence(text=text, citations=citations, supported=True, support=1.0)


def listed(items: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1]


def _quote(table: Table, quoted: dict[int, Evidence], hit: Hit, index: int) -> Evidence:
    """The evidence item for one sentence of a row, numbered once."""
    if index not in quoted:
        sentence = hit.chunk.sentences[index]
        quoted[index] = Evidence(n=len(table.evidence) + 1, paper_id=hit.paper_id,
                                 title=hit.title, chunk_id=hit.chunk.id, text=sentence.text,
                                 start=sentence.start, end=sentence.end, page=sentence.page,
                                 section=hit.chunk.section)
        table.evidence.append(quoted[index])
    return quoted[index]


def distinct_words(rows: Sequence[Hit]) -> list[frozenset[str]]:
    """Per row, the words of its abstract (and title) no other compared paper uses."""
    return contrast_words([f"{hit.title} {hit.chunk.text}" for hit in rows])


def title_head(title: str) -> list[str]:
    """The part of a title before its colon, where a paper's name stands ("rStar-Math: ...");
    none for a title without one: its words say what the paper is about ("Effects of dark
    matter self-interactions on Sagittarius ..."), and a term among them may be what sets the
    paper apart from the others compared."""
    return [title.split(":", 1)[0]] if ":" in title else []


def _own_name(hit: Hit, alias: str | None = None) -> frozenset[str]:
    """The words of the paper's name as its row shows it, and its title's head: in its own
    row they tell the reader nothing new."""
    label = short_title(hit.title, alias)
    return frozenset(tokenize(f"{label} {hit.title.split(':')[0] if alias is None else ''}"))


def common_ground(rows: Sequence[Hit], idf: Callable[[str], float], names: Sequence[str]
                  ) -> tuple[list[str], list[tuple[int, int]]]:
    """Distinctive phrases every compared abstract uses, with where each row says each.

    A phrase is a run of two or three content words written together, or one name-like word
    ("MCTS", "AIME"); it is distinctive when each of its words is rarer in the collection than
    the median word of these abstracts (so "language model" never qualifies) and it is not
    part of a paper's name. Longer and
    rarer phrases first; (row, sentence index) where each row first writes each phrase."""
    if len(rows) < 2:
        return [], []
    own = {t for name in names for t in tokenize(name)}
    per_row = [[_phrases(s.text) for s in hit.chunk.sentences] for hit in rows]
    stems = [t for row in per_row for sentence in row for gram in sentence for t in gram]
    if not stems:
        return [], []
    median = float(np.median([idf(t) for t in set(stems)]))
    shared = set.intersection(*({g for sentence in row for g in sentence} for row in per_row))
    written = {g: w for sentence in per_row[0] for g, w in sentence.items()}
    ranked = sorted((g for g in shared if not set(g) & own and min(map(idf, g)) > median
                     and (len(g) > 1 or _name_like(written[g]))),
                    key=lambda g: (len(g), fsum(map(idf, g)), g), reverse=True)
    picked: list[tuple[str, ...]] = []
    for gram in ranked:
        if not any(set(gram) <= set(p) for p in picked):
            picked.append(gram)
        if len(picked) == _COMMON_PHRASES:
            break
    if not picked:
        return [], []
    surfaces = [written[gram] for gram in picked]
    # Each row cites a sentence for every phrase the line lists, so each can be checked.
    where = list(dict.fromkeys(
        (row, next(i for i, s in enumerate(sentences) if gram in s))
        for row, sentences in enumerate(per_row) for gram in picked))
    return surfaces, where


_COMMON_PHRASES = 3


def _named_parts(text: str, own_name: set[str]) -> float:
    """0..1: how many specific names (not the paper's own) a sentence carries, up to three."""
    words = re.findall(r"[A-Za-z0-9][\w-]*", text)
    names = {w for i, w in enumerate(words)
             if (_name_like(w) or _value_like(w) or (i and w[:1].isupper()))
             and not set(tokenize(w)) <= own_name}
    return min(len(names), 3) / 3


def _value_like(word: str) -> bool:
    """A measured value ("80%", "574K", "17", "0.05"), not a single enumerating digit."""
    return bool(re.fullmatch(r"\d[\d.,]*%?|\d[\d.,]*[KMB]", word)) and (len(word) > 1)


def _name_like(word: str) -> bool:
    """An acronym or a coined name ("MCTS", "GSM8K", "LoRA"), not a capitalised word."""
    return sum(c.isupper() for c in word) >= 2 or (
        any(c.isdigit() for c in word) and any(c.isalpha() for c in word))


def _phrases(text: str) -> dict[tuple[str, ...], str]:
    """Stemmed runs of one to three adjacent content words -> the words as written."""
    stop = stopwords()
    words = [(m.group(0), m.start(), m.end()) for m in WORD.finditer(text)
             if m.group(0).lower() not in stop]
    out: dict[tuple[str, ...], str] = {}
    for i in range(len(words)):
        for n in (1, 2, 3):
            run = words[i:i + n]
            if len(run) < n:
                break
            between = text[run[0][2]:run[-1][1]] if n > 1 else ""
            if re.search(r"[^\w\s-]", between):  # punctuation parts a phrase
                break
            gram = tuple(t for w, _, _ in run for t in tokenize(w))
            if len(gram) == n:
                out.setdefault(gram, text[run[0][1]:run[-1][2]])
    return out




def _pick(scored: list[tuple[float, bool, int]], used: set[int], limit: int,
          next_ratio: float = CellWeights.next_ratio) -> list[int]:
    """The best relevant sentence another column has not quoted (a quoted one only when no
    other scores nearly as well), and with `limit` 2 the next one when it scores nearly as
    well; in the abstract's order."""
    relevant = [(score, index) for score, ok, index in scored if ok]
    best = max((score for score, _ in relevant), default=0.0)
    fresh = [(score, index) for score, index in relevant
             if index not in used and score >= next_ratio * best]
    ranked = sorted(fresh or relevant, reverse=True)
    if not ranked or ranked[0][0] <= 0:
        return []
    picked = [ranked[0][1]]
    picked += [index for score, index in ranked[1:limit]
               if score >= next_ratio * ranked[0][0]]
    return sorted(picked)
