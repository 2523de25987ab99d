"""Citations as pure functions: number evidence, parse [n] markers, verify each claim's support.

Small models cite badly, so the model's brackets are a hint, never the truth: unknown numbers are
dropped, a citation whose evidence does not support the sentence is moved to the evidence that
does (or the sentence is removed), and an uncited sentence gets the one item that clearly
supports it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.chunking import split_sentences
from assistant.text import tokenize
from assistant.types import AnswerSentence, Citation, Evidence, Hit

_MARKER = re.compile(r"\[(\d+(?:\s*[-–,]\s*\d+)*)\]")
# Words that say nothing about support: answer scaffolding, not content.
_FILLER = frozenset(tokenize(
    "paper papers study work authors propose proposes proposed present presents introduce "
    "introduces approach method methods also both use uses used using show shows new based "
    "evidence according"
))


def evidence_tokens(text: str, count_tokens: Callable[[str], int]) -> int:
    """Prompt tokens one evidence sentence takes: its text plus its "[n] " line scaffolding."""
    return count_tokens(text) + 8


def number_evidence(hits: Sequence[Hit], per_paper: Mapping[str, Sequence[int]] | None = None,
                    budget_tokens: int | None = None, count_tokens=None) -> list[Evidence]:  # type: ignore[no-untyped-def]  # count_tokens is any str -> int callable
    """One Evidence per chosen sentence, numbered 1.. in hit order, within a token budget."""
    evidence: list[Evidence] = []
    used = 0
    for hit in hits:
        wanted = per_paper.get(hit.paper_id, hit.sentence_ids) if per_paper else hit.sentence_ids
        for index in wanted:
            if index >= len(hit.chunk.sentences):
                continue
            sentence = hit.chunk.sentences[index]
            cost = evidence_tokens(sentence.text, count_tokens) if count_tokens else 0
            if budget_tokens is not None and evidence and used + cost > budget_tokens:
                return evidence
            used += cost
            evidence.append(Evidence(
                n=len(evidence) + 1, paper_id=hit.paper_id, title=hit.title,
                chunk_id=hit.chunk.id, text=sentence.text, start=sentence.start, end=sentence.end,
                page=sentence.page, section=hit.chunk.section,
            ))
    return evidence


def render_evidence(evidence: Sequence[Evidence]) -> str:
    """Evidence grouped by paper, each sentence with its number, for the prompt."""
    lines: list[str] = []
    current = None
    for item in evidence:
        if item.paper_id != current:
            current = item.paper_id
            lines.append(f'Paper: "{item.title}"')
        lines.append(f"[{item.n}] {item.text}")
    return "\n".join(lines)


def marker_numbers(inside: str) -> list[int]:
    """The numbers one marker holds: "1, 3" -> [1, 3], "2-4" -> [2, 3, 4]."""
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", inside):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            low, high = int(bounds[0]), int(bounds[1])
            if 0 < high - low < 10:
                numbers.extend(range(low, high + 1))
                continue
        numbers.extend(int(b) for b in bounds if b.isdigit())
    return numbers


def parse_markers(text: str) -> tuple[str, list[int]]:
    """Sentence text without its [n] markers, and the numbers in order of appearance."""
    numbers: list[int] = []
    for match in _MARKER.finditer(text):
        numbers.extend(marker_numbers(match.group(1)))
    clean = _MARKER.sub("", text)
    clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
    return re.sub(r"\s{2,}", " ", clean).strip(), list(dict.fromkeys(numbers))


def support(claim: str, evidence: Evidence) -> float:
    """Share of the claim's content words found in the evidence sentence or its paper's title."""
    words = set(tokenize(claim)) - _FILLER
    if not words:
        return 1.0
    found = set(tokenize(evidence.text)) | set(tokenize(evidence.title))
    return len(words & found) / len(words)


@dataclass
class Verified:
    sentences: list[AnswerSentence] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(with_markers(s) for s in self.sentences)


def with_markers(sentence: AnswerSentence) -> str:
    """The sentence with its [n] markers before its final punctuation."""
    marks = "".join(f"[{n}]" for n in sentence.citations)
    text = sentence.text
    if not marks:
        return text
    if text and text[-1] in ".!?":
        return f"{text[:-1]} {marks}{text[-1]}"
    return f"{text} {marks}"


SUPPORTED_MIN = 0.5
"""Support below which a kept sentence is shown flagged (its words are only partly there)."""
_FINISHED = re.compile(r"[.!?\]\)\"”']\s*$")
_CLEARLY = 0.3  # support margin by which other evidence must beat the cited one to take over
_TOKEN = re.compile(r"(?<![\w.-])(\w(?:[\w.-]*\w)?)")


def _squash(text: str) -> str:
    """Lower-case letters and digits only, accents folded: "Gödel", "G\\"odel" -> "godel"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def novel_specifics(claim: str, sources: str) -> list[str]:
    """Capitalised words and numbers of a claim found nowhere in its sources.

    "RWM stands for Regularized Weight Modification [4]" shares most words with an abstract
    that says "Radian Weight Modification"; the invented name is what gives it away.
    """
    squashed = _squash(sources)
    found = []
    for position, match in enumerate(_TOKEN.finditer(claim.strip())):
        token = match.group(1)
        if _is_specific(token, first=position == 0) and _squash(token) not in squashed:
            found.append(token)
    return found


def _is_specific(token: str, first: bool) -> bool:
    """A number, a name with capitals inside (RWM, MedS3, rStar-Math), or a capitalised word
    that does not start the sentence."""
    if any(c.isdigit() for c in token) or any(c.isupper() for c in token[1:]):
        return True
    return token[0].isupper() and not first


def verify(answer_text: str, evidence: Sequence[Evidence], min_support: float,
           urls: dict[str, str | None] | None = None, question: str = "",
           names: Callable[[str], dict[str, str]] | None = None,
           supported_min: float = SUPPORTED_MIN) -> Verified:
    """Check every sentence of a model answer against the evidence it cites.

    A sentence is kept when its cited evidence shares enough of its words and every name or
    number in it occurs in the cited papers' evidence (or the question). A sentence naming
    paper X (`names` finds the papers a text names) must cite X: it is moved to X's evidence
    or removed. A kept sentence whose support is below `supported_min` is flagged unsupported.
    """
    by_n = {e.n: e for e in evidence}
    papers: dict[str, list[str]] = {}
    for item in evidence:
        papers.setdefault(item.paper_id, [item.title]).append(item.text)
    result = Verified()
    best_support: dict[int, float] = {}
    said: list[set[str]] = []  # content words of the sentences kept so far
    spans = split_sentences(answer_text)
    for position, (start, end) in enumerate(spans):
        raw = answer_text[start:end].strip()
        text, cited = parse_markers(raw)
        if not tokenize(text):
            # Stray brackets or punctuation from a small model say nothing, so they support nothing.
            continue
        if position == len(spans) - 1 and len(spans) > 1 and not _FINISHED.search(raw):
            # The model hit its token limit mid-sentence; half a claim is not worth showing.
            result.warnings.append(f"removed an unfinished sentence: {text[:80]!r}")
            continue
        unknown = [n for n in cited if n not in by_n]
        if unknown:
            result.warnings.append(f"dropped unknown citation(s) {unknown}")
        cited = [n for n in cited if n in by_n]
        supports = {e.n: support(text, e) for e in evidence}
        scored = {n: supports[n] for n in cited}
        kept = [n for n in cited if scored[n] >= min_support]
        if not kept:
            ranked = sorted(((s, n) for n, s in supports.items()), reverse=True)
            if ranked and ranked[0][0] >= min_support:
                best_score = ranked[0][0]
                runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
                if cited or best_score - runner_up > 0.05 or best_score >= 0.6:
                    kept = [ranked[0][1]]
                    scored[ranked[0][1]] = best_score
                    if cited:
                        result.warnings.append(f"moved citation {cited} -> [{ranked[0][1]}]")
        if not kept:
            result.warnings.append(f"removed an unsupported sentence: {text[:80]!r}")
            continue
        best = max(supports, key=supports.__getitem__)
        if best not in kept and supports[best] - max(scored[n] for n in kept) >= _CLEARLY:
            # Cited evidence that merely shares some words loses to evidence that says it.
            result.warnings.append(f"moved citation {kept} -> [{best}]")
            kept = [best]
            scored[best] = supports[best]
        if names is not None:
            about = set(names(text)) & set(papers)
            if about and not about & {by_n[n].paper_id for n in kept}:
                # "FooNet adds ..." citing another paper's sentence: the subject decides.
                own = sorted(((supports[e.n], e.n) for e in evidence if e.paper_id in about),
                             reverse=True)
                if own and own[0][0] >= min_support:
                    result.warnings.append(f"moved citation {kept} -> [{own[0][1]}] "
                                           "(the sentence is about another paper)")
                    kept = [own[0][1]]
                    scored[own[0][1]] = own[0][0]
                else:
                    result.warnings.append(f"removed a sentence about one paper citing "
                                           f"another: {text[:80]!r}")
                    continue
        sources = " ".join([question] + [t for pid in {by_n[n].paper_id for n in kept}
                                         for t in papers[pid]])
        invented = novel_specifics(text, sources)
        if invented:
            result.warnings.append(f"removed a sentence with details not in its sources "
                                   f"{invented}: {text[:80]!r}")
            continue
        words = set(tokenize(text)) - _FILLER
        if words and any(len(words - earlier) <= 0.2 * len(words) for earlier in said):
            result.warnings.append(f"removed a repeated sentence: {text[:80]!r}")
            continue  # small models restate; a sentence adding nothing new is noise
        said.append(words)
        score = max(scored[n] for n in kept)
        result.sentences.append(AnswerSentence(text=text, citations=kept,
                                               supported=score >= supported_min,
                                               support=round(score, 3)))
        for n in kept:
            best_support[n] = max(best_support.get(n, 0.0), scored[n])
    result.citations = citations_for(best_support, by_n, urls or {})
    return result


def citations_for(best_support: dict[int, float], by_n: dict[int, Evidence],
                  urls: dict[str, str | None]) -> list[Citation]:
    """One Citation per cited evidence item, numbered by the item (see `Numbering`)."""
    return [
        Citation(n=n, evidence=n, paper_id=by_n[n].paper_id, title=by_n[n].title,
                 url=urls.get(by_n[n].paper_id), quote=by_n[n].text, support=round(s, 3),
                 page=by_n[n].page, section=by_n[n].section)
        for n, s in sorted(best_support.items())
    ]


class Numbering:
    """The citation numbers a reader sees: one per paper, in order of first appearance.

    The model cites evidence items, several per paper ([3] and [5] may both be paper A); the
    reader sees paper A as one number. Numbers are given once, as the answer streams (the first
    paper cited is [1]), and the verified answer reuses them: verification may drop or flag a
    sentence, or point a citation at another paper (which then gets the next free number), but
    a number once shown always means the same paper. A number dropped with its sentence leaves
    a gap rather than renumbering what the reader has already seen.
    """

    def __init__(self, evidence: Sequence[Evidence]):
        self._paper = {e.n: e.paper_id for e in evidence}
        self.papers: dict[str, int] = {}
        """paper id -> its number, in the order given."""

    def learn(self, evidence: Iterable[Evidence]) -> None:
        """Evidence items numbered after this started (a table's cells, composed one by one)."""
        self._paper.update({e.n: e.paper_id for e in evidence})

    def of(self, n: int) -> int | None:
        """The reader's number for evidence item `n` (None for an unknown item)."""
        paper = self._paper.get(n)
        if paper is None:
            return None
        return self.papers.setdefault(paper, len(self.papers) + 1)

    def cite(self, items: Iterable[int]) -> list[int]:
        """The reader's numbers for the evidence items one place cites, each once."""
        return list(dict.fromkeys(m for n in items if (m := self.of(n)) is not None))

    def text(self, text: str) -> str:
        """`text` with each [n] marker (evidence items) as the reader's numbers; a marker
        citing no known item is dropped, as verification drops it."""
        def renumber(run: re.Match[str]) -> str:
            items = [n for m in _MARKER.finditer(run.group(0)) for n in marker_numbers(m.group(1))]
            return "".join(f"[{m}]" for m in self.cite(items))

        return _MARKER_RUN.sub(renumber, text)

    def stream(self) -> MarkerStream:
        return MarkerStream(self)

    def apply(self, verified: Verified) -> Verified:
        """A verified answer (citing evidence items) as the reader sees it. Sentences are
        numbered in order first, so a paper only verification brought in is numbered where it
        first appears."""
        sentences = [s.model_copy(update={"citations": self.cite(s.citations)})
                     for s in verified.sentences]
        return Verified(sentences=sentences, citations=self.citations(verified.citations),
                        warnings=list(verified.warnings))

    def citations(self, citations: Iterable[Citation]) -> list[Citation]:
        """Evidence-level citations renumbered by paper, ordered by number then item."""
        numbered = []
        for c in citations:
            item = c.evidence if c.evidence is not None else c.n
            number = self.of(item)
            if number is not None:
                numbered.append(c.model_copy(update={"n": number, "evidence": item}))
        return sorted(numbered, key=lambda c: (c.n, c.evidence or 0))


# Adjacent markers ("[1][2]", "[1] [3]") are one place citing several items.
_MARKER_RUN = re.compile(_MARKER.pattern + r"(?:[ \t]*" + _MARKER.pattern + ")*")
# The end of streamed text that may still grow into (more) markers: a "[" followed only by
# marker characters.
_MARKER_TAIL = re.compile(r"\[[\[\]\d\s,\-–]*$")
_MAX_HELD = 40  # longer than any run of markers: text, not a citation


class MarkerStream:
    """Renumbers streamed text piece by piece, holding back markers that may not be whole yet
    ("... [" then "3] ...", or "[1]" then "[2]") until the text after them arrives."""

    def __init__(self, numbering: Numbering):
        self._numbering = numbering
        self._held = ""

    def feed(self, piece: str) -> str:
        text = self._held + piece
        tail = _MARKER_TAIL.search(text)
        if tail is not None and len(text) - tail.start() <= _MAX_HELD:
            self._held, text = text[tail.start():], text[:tail.start()]
        else:
            self._held = ""
        return self._numbering.text(text)

    def flush(self) -> str:
        held, self._held = self._held, ""
        return self._numbering.text(held)
