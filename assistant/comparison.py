"""Comparison tables: one row per paper, one column per aspect, every cell quoted and cited.

The app builds the table, not the model: each cell is one or two sentences of that paper's
abstract, chosen for the aspect, numbered as evidence. A sentence is chosen by the aspect's
words (idf-weighted, so the telling word counts most) and by meaning (the embedder), because
abstracts paraphrase: "what does each one remember" is answered by "a long-term memory of Tips
and Shortcuts". Background sentences that come before the paper says what it does ("However,
current approaches ...") describe the field, not the paper, and rank lower.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from assistant.names import title_name
from assistant.text import tokenize
from assistant.types import AnswerSentence, Evidence, Hit

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

DEFAULT_ASPECTS = {
    "task": "task problem goal challenge address",
    "approach": "propose method framework approach introduce design",
    "data": "data training dataset synthesize generate samples trajectories",
    "results": "results outperform achieve improve benchmark accuracy performance",
}
NOT_STATED = "Not stated in the abstract."
# Where an abstract turns from the field to the paper's own contribution.
_OWN_WORK = re.compile(
    r"\bwe (propose|introduce|present|develop|design|build)|\b(this|our) (paper|work|study|survey)"
    r"|\bin this (paper|work)\b", re.I)
_ASPECT_STOP = frozenset(
    "how what which why when where who does do did is are was were they their them each one "
    "the a an of to for in on with and or both two these those it its".split())
# A table with few columns has room for detail: 3 sentences a cell for one aspect, 2 for two,
# 1 for the four default columns. A further sentence must score this close to the best.
_CELL_SENTENCE_BUDGET = 4
_NEXT_SENTENCE_RATIO = 0.6
_MIN_MEANING = 0.3  # cosine below which a sentence sharing no aspect word is off-aspect
_BACKGROUND_PENALTY = 0.25
_OWN_WORK_BONUS = 0.1


@dataclass
class Table:
    markdown: str
    evidence: list[Evidence] = field(default_factory=list)
    sentences: list[AnswerSentence] = field(default_factory=list)


def parse_aspects(question: str) -> dict[str, str]:
    """Aspects a comparison asks about ("on how they make training data"), else the defaults.

    label -> the words used to find it. Forms: "Compare A and B on X", "... in terms of X",
    "Compare A and B: what does each one X?".
    """
    match = (re.search(r":\s*(.+?)\s*[?.]?$", question)
             or re.search(r"\b(?:on|in terms of|regarding|with respect to)\s+(.+?)\s*[?.]?$",
                          question, re.I))
    if not match:
        return dict(DEFAULT_ASPECTS)
    parts = [p.strip() for p in re.split(r",|;|\band\b", match.group(1)) if p.strip()]
    aspects: dict[str, str] = {}
    for part in parts[:4]:
        words = re.findall(r"[A-Za-z0-9][A-Za-z0-9-]*", part)
        while words and words[0].lower() in _ASPECT_STOP:
            words.pop(0)
        while words and words[-1].lower() in _ASPECT_STOP:
            words.pop()
        if not words:
            continue
        label = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
        hints = " ".join(v for k, v in DEFAULT_ASPECTS.items() if k in part.lower())
        aspects[label] = f"{' '.join(words)} {hints}".strip()
    return aspects or dict(DEFAULT_ASPECTS)


def shorten(text: str, max_words: int = 30) -> str:
    words = text.split()
    if len(words) <= max_words:
        return text.strip()
    return " ".join(words[:max_words]).rstrip(",;:") + " …"


def table_cell(text: str) -> str:
    """Table-safe: a pipe or newline in paper text must not break the Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def short_title(title: str, alias: str | None = None) -> str:
    """'rStar-Math' for 'rStar-Math: Small LLMs ...'; else the name the question used."""
    head = title_name(title)
    if head:
        return head
    if alias:
        return alias
    return title if len(title) <= 70 else title[:70].rsplit(" ", 1)[0] + " …"


class TableBuilder:
    """Chooses each cell's sentences by the aspect's words and meaning."""

    def __init__(self, idf: Callable[[str], float], embeddings: Embeddings | None):
        self._idf = idf
        self._embeddings = embeddings

    def build(self, rows: Sequence[Hit], aspects: dict[str, str],
              names: dict[str, str] | None = None) -> Table:
        names = names or {}
        scores = self._scores(rows, aspects)
        per_cell = max(1, _CELL_SENTENCE_BUDGET - len(aspects))
        table = Table(markdown="")
        labels = [table_cell(a[:1].upper() + a[1:]) for a in aspects]
        header = "| Paper | " + " | ".join(labels) + " |"
        lines = [header, "|" + " --- |" * (len(aspects) + 1)]
        for row, hit in enumerate(rows):
            cells: list[str] = []
            used: set[int] = set()
            for column, aspect in enumerate(aspects):
                picked = _pick(scores[row][column], used, per_cell)
                if not picked:
                    cells.append(NOT_STATED)
                    continue
                used.update(picked)
                parts = []
                for index in picked:
                    sentence = hit.chunk.sentences[index]
                    item = Evidence(n=len(table.evidence) + 1, paper_id=hit.paper_id,
                                    title=hit.title, chunk_id=hit.chunk.id, text=sentence.text,
                                    start=sentence.start, end=sentence.end, page=sentence.page,
                                    section=hit.chunk.section)
                    table.evidence.append(item)
                    quote = shorten(sentence.text)
                    parts.append(f"{table_cell(quote)} [{item.n}]")
                    table.sentences.append(AnswerSentence(
                        text=f"{aspect}: {quote}", citations=[item.n], supported=True,
                        support=1.0))
                cells.append(" ".join(parts))
            name = table_cell(short_title(hit.title, names.get(hit.paper_id)))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        table.markdown = "\n".join(lines)
        return table

    def choose(self, rows: Sequence[Hit], aspects: dict[str, str], per_cell: int | None = None
               ) -> list[list[list[int]]]:
        """[row][aspect] -> the indexes of the sentences chosen for that cell (maybe none); at
        most `per_cell` each (default: as many as `build` shows)."""
        scores = self._scores(rows, aspects)
        per_cell = per_cell or max(1, _CELL_SENTENCE_BUDGET - len(aspects))
        chosen = []
        for row in scores:
            used: set[int] = set()
            cells = []
            for column in row:
                picked = _pick(column, used, per_cell)
                used.update(picked)
                cells.append(picked)
            chosen.append(cells)
        return chosen

    def _scores(self, rows: Sequence[Hit], aspects: dict[str, str]
                ) -> list[list[list[tuple[float, bool, int]]]]:
        """[row][aspect] -> (score, shares an aspect word or means it, sentence index)."""
        texts = [s.text for hit in rows for s in hit.chunk.sentences]
        sentence_vectors = self._embed(texts)
        aspect_vectors = self._embed(list(aspects.values()))
        result = []
        offset = 0
        for hit in rows:
            sentences = hit.chunk.sentences
            # Per sentence, not per aspect: its words and whether it speaks of the paper's own work.
            words_of = [set(tokenize(s.text)) for s in sentences]
            own_work = [bool(_OWN_WORK.search(s.text)) for s in sentences]
            own_from = next((s.index for s, own in zip(sentences, own_work, strict=True) if own),
                            0)
            per_aspect = []
            for column, (label, query) in enumerate(aspects.items()):
                terms = set(tokenize(query))
                total = sum(self._idf(t) for t in terms) or 1.0
                background_ok = label == "task"
                scored = []
                for position, sentence in enumerate(sentences):
                    lexical = sum(self._idf(t) for t in terms & words_of[position]) / total
                    meaning = 0.0
                    if sentence_vectors is not None and aspect_vectors is not None:
                        meaning = float(sentence_vectors[offset + position]
                                        @ aspect_vectors[column])
                    score = lexical + meaning
                    if sentence.index < own_from and not background_ok:
                        score -= _BACKGROUND_PENALTY
                    elif own_work[position]:
                        score += _OWN_WORK_BONUS
                    relevant = lexical > 0 or meaning >= _MIN_MEANING
                    scored.append((score, relevant, sentence.index))
                per_aspect.append(scored)
            result.append(per_aspect)
            offset += len(sentences)
        return result

    def _embed(self, texts: list[str]) -> np.ndarray | None:
        if self._embeddings is None or not texts:
            return None
        vectors = np.asarray(self._embeddings.embed_documents(texts), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


def _pick(scored: list[tuple[float, bool, int]], used: set[int], limit: int) -> list[int]:
    """The best relevant sentence, and up to `limit` - 1 that score nearly as well (in order)."""
    ranked = sorted(((score * (0.5 if index in used else 1.0), index)
                     for score, relevant, index in scored if relevant), reverse=True)
    if not ranked or ranked[0][0] <= 0:
        return []
    picked = [ranked[0][1]]
    for score, index in ranked[1:limit]:
        if score >= _NEXT_SENTENCE_RATIO * ranked[0][0]:
            picked.append(index)
    return sorted(picked)
