"""List and count questions, decided paper by paper over the whole collection.

Facets first. When the criterion names something that is a facet of some paper of the
collection (a benchmark, a model or family, a paper's own method name, a code site: "GSM8K",
"Phi-3", "Qwen-family", "GitHub"), those names decide: a paper qualifies when its stored facets
hold them, in any written variant or family member, or its text writes them (an extractor
misses some). Several names joined by "or" ("GPT-4 or a variant like GPT-4o") need one of
them; otherwise all of them.

Text otherwise, for topical criteria ("robotics", "process reward models"): each paper gets a
qualification score, the criterion's specific names must occur in the paper in some written
variant, and its other words weigh by rarity. A paper qualifies when it scores within a fitted
share of the best paper (and above a floor), so a phrasing with words no abstract uses
("competition problems") does not disqualify everyone: the criterion's telling words decide.

Each listed paper is cited with the sentence that qualifies it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from assistant.facets import has_name, model_families, name_forms
from assistant.text import is_specific, squash, squashed_words, tokenize, variant_match
from assistant.types import Chunk, Paper, QuestionPlan

# English connectives that offer alternatives: any one of the names will do.
_ALTERNATIVES = re.compile(r"\b(?:or|either|such as|like|e\.g|including)\b|/", re.I)
_FACET_WEIGHT = 1.0  # a name found among a paper's facets
_TEXT_WEIGHT = 0.75  # a name only its text writes: listed after the facet matches


@dataclass(frozen=True)
class ListCalibration:
    relative: float = 0.6  # share of the best paper's score a paper needs
    floor: float = 0.3  # the best paper's score below which nothing qualifies


@dataclass(frozen=True)
class Qualified:
    paper_id: str
    score: float
    sentence: int  # index of the qualifying sentence in the paper's abstract chunk


@dataclass(frozen=True)
class Criterion:
    entities: tuple[str, ...]  # squashed specific names
    words: dict[str, float]  # tokenized other words -> idf
    pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent words ("reward model")

    @property
    def empty(self) -> bool:
        return not self.entities and not self.words


def criterion(plan: QuestionPlan, idf: Callable[[str], float],
              knows: Callable[[str], bool] = lambda _token: True) -> Criterion:
    """The criterion's names and words; words no paper uses (a typo, "competition problems")
    cannot decide anything and are left out."""
    entities: list[str] = []
    words: dict[str, float] = {}
    sequence: list[str | None] = []  # the criterion's words in order; None breaks a phrase
    for position, raw in enumerate(plan.constraints):
        if is_specific(raw, first=position == 0 and raw == plan.question.split()[0]) \
                and squash(raw):
            entities.append(squash(raw))
            sequence.append(None)
        else:
            for token in tokenize(raw):
                if not knows(token):
                    sequence.append(None)
                    continue
                words[token] = idf(token)
                sequence.append(token)
    pairs = frozenset((a, b) for a, b in zip(sequence, sequence[1:], strict=False)
                      if a is not None and b is not None)
    return Criterion(tuple(dict.fromkeys(entities)), words, pairs)


def score_paper(crit: Criterion, text: str, entity_weight: float,
                squashed: set[str] | None = None, tokens: Sequence[str] | None = None) -> float:
    """0..1: the share of the criterion (names weigh as the rarest word) the text holds.
    `squashed` and `tokens` are the text's written variants and tokens when already made."""
    found = 0.0
    total = 0.0
    if crit.entities:
        squashed = squashed_words(text) if squashed is None else squashed
        for entity in crit.entities:
            total += entity_weight
            if variant_match(entity, squashed):
                found += entity_weight
    if crit.words:
        present = set(tokenize(text) if tokens is None else tokens)
        for token, weight in crit.words.items():
            total += weight
            if token in present:
                found += weight
    return found / total if total else 0.0


@dataclass(frozen=True)
class FacetName:
    """A name of the criterion that is a facet of some paper, in the forms it may take."""

    written: str
    forms: tuple[str, ...]
    own_names: bool  # typed as a name (capitals, digits): a paper's own method names count


def facet_names(plan: QuestionPlan, papers: Mapping[str, Paper]) -> list[FacetName]:
    """The criterion's words (and adjacent pairs: "Alpaca Eval", "MATH 500") that name a facet
    of at least one paper. A word typed in lower case ("gemma", "superglue") may name a
    benchmark, model or code site, never a paper's own method (those are words too often)."""
    facets = [p.facets for p in papers.values() if p.facets is not None]
    if not facets:
        return []
    families = model_families(facets)
    # "OpenAI's o1": the owner is not part of the name.
    tokens = [t for t in plan.constraints if not t.lower().endswith(("'s", "\u2019s"))]
    found: list[FacetName] = []
    i = 0
    while i < len(tokens):
        for width in (2, 1):
            if i + width > len(tokens):
                continue
            written = " ".join(tokens[i:i + width])
            first = i == 0 and tokens[0] == plan.question.split()[0]
            own = is_specific(written, first=first) and any(c.isalnum() for c in written)
            forms = tuple(name_forms(written))
            if any(has_name(f, form, own_names=own, families=families)
                   for f in facets for form in forms):
                found.append(FacetName(written, forms, own))
                i += width
                break
        else:
            i += 1
    return found


def _qualify_by_facets(plan: QuestionPlan, names: Sequence[FacetName],
                       papers: Mapping[str, Paper],
                       chunks: Callable[[Sequence[str]], Mapping[str, Chunk]]
                       ) -> list[Qualified]:
    either = bool(_ALTERNATIVES.search(plan.question))
    families = model_families(p.facets for p in papers.values() if p.facets is not None)
    keys = tuple(dict.fromkeys(squash(form) for name in names for form in name.forms))
    scored: dict[str, float] = {}
    for paper_id, paper in papers.items():
        if plan.scope and paper_id not in plan.scope:
            continue
        squashed = squashed_words(f"{paper.title} {paper.abstract}")
        weights = []
        for name in names:
            if paper.facets is not None and any(
                    has_name(paper.facets, form, own_names=name.own_names, families=families)
                    for form in name.forms):
                weights.append(_FACET_WEIGHT)
            elif any(variant_match(squash(form), squashed) for form in name.forms):
                weights.append(_TEXT_WEIGHT)
            else:
                weights.append(0.0)
        if (any(weights) if either else all(weights)):
            scored[paper_id] = sum(weights) / len(weights)
    crit = Criterion(entities=keys, words={})
    found = chunks(list(scored))
    result = []
    for paper_id, score in sorted(scored.items(), key=lambda item: (-item[1], item[0])):
        chunk = found.get(paper_id)
        if chunk is None:
            continue
        sentence = max(chunk.sentences, default=None,
                       key=lambda s: (score_paper(crit, s.text, 1.0), -s.index))
        result.append(Qualified(paper_id, round(score, 4), sentence.index if sentence else 0))
    return result


def qualify(plan: QuestionPlan, papers: Mapping[str, Paper], chunks: Callable[[Sequence[str]],
            Mapping[str, Chunk]], idf: Callable[[str], float],
            calibration: ListCalibration, knows: Callable[[str], bool] = lambda _token: True
            ) -> tuple[list[Qualified], Criterion]:
    """Every paper that meets the criterion, best first, with its qualifying sentence."""
    crit = criterion(plan, idf, knows)
    names = facet_names(plan, papers)
    if names:
        return _qualify_by_facets(plan, names, papers, chunks), crit
    alternatives = [c for c in (criterion(p, idf, knows) for p in _alternatives(plan))
                    if not c.empty] or ([crit] if not crit.empty else [])
    if not alternatives:
        return [], crit
    weights = [max(list(c.words.values()) + [idf("__unseen__")]) for c in alternatives]
    scored: dict[str, tuple[float, int]] = {}  # paper -> (best score, which alternative)
    for paper_id, paper in papers.items():
        if plan.scope and paper_id not in plan.scope:
            continue
        text = f"{paper.title} {paper.abstract}"
        tokens = tokenize(text)
        squashed = squashed_words(text) if any(c.entities for c in alternatives) else None
        for which, (alt, weight) in enumerate(zip(alternatives, weights, strict=True)):
            if alt.entities and squashed is not None and \
                    not any(variant_match(e, squashed) for e in alt.entities):
                continue  # a list "on GSM8K" is decided by GSM8K
            if not alt.entities and alt.pairs:
                if not alt.pairs & set(zip(tokens, tokens[1:], strict=False)):
                    continue  # "reward models": the phrase, not "reward" here and "model" there
            score = score_paper(alt, text, weight, squashed, tokens)
            if len(alternatives) > 1 and (
                    score < 1.0 or not alt.pairs <= set(zip(tokens, tokens[1:], strict=False))):
                continue  # one of several written forms: a paper writes it whole, or not
            if score > scored.get(paper_id, (-1.0, 0))[0]:
                scored[paper_id] = (score, which)
    best = max((s for s, _ in scored.values()), default=0.0)
    if best < calibration.floor:
        return [], crit
    keep = {pid: sw for pid, sw in scored.items() if sw[0] >= calibration.relative * best}
    found = chunks(list(keep))
    result = []
    for paper_id, (score, which) in sorted(keep.items(), key=lambda item: (-item[1][0], item[0])):
        chunk = found.get(paper_id)
        if chunk is None:
            continue
        alt, weight = alternatives[which], weights[which]
        sentence = max(chunk.sentences, default=None,
                       key=lambda s: (score_paper(alt, s.text, weight), -s.index))
        result.append(Qualified(paper_id, round(score, 4), sentence.index if sentence else 0))
    return result, crit


# Where a criterion may offer another written form: "X (Y)", "X or Y", "X / Y", "X, including Y".
_ALTERNATIVE_BREAKS = re.compile(r"\bor\b|\beither\b|\bincluding\b|[()/]", re.I)


def _alternatives(plan: QuestionPlan) -> list[QuestionPlan]:
    """The plan once per written form its criterion gives: a phrase and its abbreviation or
    name ("supervised fine-tuning (SFT)", "reinforcement learning (including RLHF)"); a paper
    that writes any one form whole qualifies. Alternatives that are all phrases ("coding or
    software-engineering tasks") are different things, not forms of one: one plan, as
    written, and the question's words are scored together."""
    breaks = [m.start() for m in _ALTERNATIVE_BREAKS.finditer(plan.question)]
    if not breaks:
        return [plan]
    groups: dict[int, list[str]] = {}
    position = 0
    for word in plan.constraints:
        found = plan.question.find(word, position)
        if found < 0:
            return [plan]  # the words are not where the question has them: do not guess
        position = found + len(word)
        groups.setdefault(sum(b < found for b in breaks), []).append(word)
    if len(groups) < 2:
        return [plan]
    first = plan.question.split()[0]
    named = [all(is_specific(w, first=w == first) for w in words) for words in groups.values()]
    if not any(named) or all(named):
        return [plan]
    return [plan.model_copy(update={"constraints": words}) for _, words in sorted(groups.items())]


def describe_criterion(plan: QuestionPlan) -> str:
    return " ".join(plan.constraints) or plan.question
