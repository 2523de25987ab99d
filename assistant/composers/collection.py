"""List and count questions, decided paper by paper over the whole collection.

Facets first. When the criterion names something that is a facet of some paper of the
collection (a benchmark, a model or family, a paper's own method name, a code site: "GSM8K",
"Phi-3", "Qwen-family", "GitHub"), those names decide: a paper qualifies when its stored facets
hold them, in any written variant or family member, or its text writes them (an extractor
misses some). Several names joined by "or" ("GPT-4 or a variant like GPT-4o") need one of
them; otherwise all of them.

Text otherwise, for topical criteria ("robotics", "process reward models"): each paper gets
signals from its words and from its meaning (TEXT_FEATURES): the idf-weighted share of the
criterion's words it writes (its names in any written variant, its phrases as phrases), the
same counting words no paper uses ("stock trading"), and the embedder's cosine of the question
to the paper's closest sentence, alone and against the rest of the collection. A logistic
over them, fitted by `eval.calibrate` on the dev lists and shipped with its threshold, is the
paper's qualification score, so a phrasing with words no abstract uses ("competition
problems") does not disqualify everyone, and a paper on the topic in other words can qualify.

Each listed paper is cited with the sentence that qualifies it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.contrast import idf_floor, names_same
from assistant.criteria import does_without, exclusions, parts
from assistant.facets import has_name, model_families, name_forms, names_only_a_site
from assistant.text import (
    edit_distance,
    fold,
    is_specific,
    raw_tokens,
    squash,
    squashed_words,
    tokenize,
    variant_match,
)
from assistant.types import Chunk, Paper, QuestionPlan
from assistant.understanding import (
    criterion_text,
    criterion_words,
    list_scaffold,
    relation_word,
    scaffold,
)

# English connectives that offer alternatives: any one of the names will do; so does one of
# a list of names given in parentheses ("math benchmarks (GSM8K, MATH500)").
_ALTERNATIVES = re.compile(r"\b(?:or|either|such as|like|e\.g|including)\b|/|\([^()]*,", re.I)
_FACET_WEIGHT = 1.0  # a name found among a paper's facets
_TEXT_WEIGHT = 0.75  # a name only its text writes: listed after the facet matches


@dataclass(frozen=True)
class ListCalibration:
    """How a paper's text signals for a topical criterion become one qualification score
    (a logistic over TEXT_FEATURES) and the score a paper needs. `eval.calibrate` fits them on
    the dev lists; these defaults, used without a fitted file, let the words decide alone."""

    weights: Mapping[str, float] = field(default_factory=lambda: {
        "lexical": 10.0, "names": 1.0, "phrase": 1.0})
    bias: float = -9.0
    threshold: float = 0.5
    # Nothing qualifies when even the best paper holds less than this share of the criterion
    # as written ("LLMs for stock trading" where no paper says "stock" or "trading").
    min_coverage: float = 0.0

    def score(self, features: Mapping[str, float]) -> float:
        z = self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class Qualified:
    paper_id: str
    score: float
    sentence: int  # index of the qualifying sentence in the paper's abstract chunk


@dataclass(frozen=True)
class Criterion:
    entities: tuple[tuple[str, ...], ...]  # specific names, each in its squashed forms
    words: dict[str, float]  # tokenized other words -> idf
    pairs: frozenset[tuple[str, str]] = frozenset()  # adjacent words ("reward model")
    # Each name's own rarity (the idf of its words): a name weighs as the rarest word, but
    # never more than this, so a name most papers write ("LLMs") decides little.
    rarity: tuple[float, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.entities and not self.words

    def name_weight(self, which: int, entity_weight: float) -> float:
        if which < len(self.rarity):
            return min(entity_weight, self.rarity[which])
        return entity_weight


def criterion(plan: QuestionPlan, idf: Callable[[str], float],
              knows: Callable[[str], bool] = lambda _token: True, *,
              keep_unknown: bool = False) -> Criterion:
    """The criterion's names and words; words no paper uses ("competition problems") cannot
    decide anything and are left out, unless `keep_unknown` (then they weigh as the rarest
    word). A typo of an English function word ("abut") is never part of it."""
    entities: list[tuple[str, ...]] = []
    rarity: dict[tuple[str, ...], float] = {}
    words: dict[str, float] = {}
    sequence: list[str | None] = []  # the criterion's words in order; None breaks a phrase
    starts = _phrase_starts(plan)
    for position, raw in enumerate(plan.constraints):
        if position and starts[position]:
            sequence.append(None)  # "process reward models, or process rewards"
        if is_specific(raw, first=position == 0 and raw == plan.question.split()[0]) \
                and squash(raw):
            forms = tuple(dict.fromkeys(
                squash(form) for form in name_forms(raw) if squash(form)))
            entities.append(forms)
            known = [idf(t) for t in tokenize(raw) if knows(t)]
            rarity.setdefault(forms, max(known) if known else idf("__unseen__"))
            sequence.append(None)
        else:
            for token in tokenize(raw):
                if not knows(token) and (not keep_unknown or _typo_of_stopword(raw)):
                    sequence.append(None)
                    continue
                words[token] = idf(token)
                sequence.append(token)
    pairs = frozenset((a, b) for a, b in zip(sequence, sequence[1:], strict=False)
                      if a is not None and b is not None)
    names = tuple(dict.fromkeys(entities))
    return Criterion(names, words, pairs, tuple(rarity[n] for n in names))


def score_paper(crit: Criterion, text: str, entity_weight: float,
                squashed: set[str] | None = None, tokens: Sequence[str] | None = None) -> float:
    """0..1: the share of the criterion (names weigh as the rarest word) the text holds.
    `squashed` and `tokens` are the text's written variants and tokens when already made."""
    found = 0.0
    total = 0.0
    if crit.entities:
        squashed = squashed_words(text) if squashed is None else squashed
        for which, entity in enumerate(crit.entities):
            weight = crit.name_weight(which, entity_weight)
            total += weight
            if any(variant_match(form, squashed) for form in entity):
                found += weight
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
    plan = as_asked(plan)
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
    sites = [names_only_a_site(name.written, (p.facets for p in papers.values()
                                              if p.facets is not None)) for name in names]
    # "ChatGPT or GPT-3.5" where only GPT-3.5 is a stored facet: a side that is a name the
    # papers write (but no facet) is one more alternative, met by the text.
    written = _unfaceted_names(plan, names, papers) if either else []
    scored: dict[str, float] = {}
    for paper_id, paper in papers.items():
        if plan.scope and paper_id not in plan.scope:
            continue
        squashed = squashed_words(f"{paper.title} {paper.abstract}")
        if any(variant_match(name, squashed) for name in written):
            scored[paper_id] = _TEXT_WEIGHT
        weights = []
        for name, site in zip(names, sites, strict=True):
            if paper.facets is not None and any(
                    has_name(paper.facets, form, own_names=name.own_names, families=families)
                    for form in name.forms):
                weights.append(_FACET_WEIGHT)
            elif not site and _capitals_kept(name.written, f"{paper.title} {paper.abstract}") \
                    and any(variant_match(squash(form), squashed) for form in name.forms):
                weights.append(_TEXT_WEIGHT)
            else:
                weights.append(0.0)
        if (any(weights) if either else all(weights)):
            scored[paper_id] = max(sum(weights) / len(weights), scored.get(paper_id, 0.0))
    keys += tuple(written)
    crit = Criterion(entities=tuple((key,) for key in keys), words={})
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


def _capitals_kept(written: str, text: str) -> bool:
    """Whether `text` can name `written` by its words: a name typed in capitals that is also
    an English word ("MATH", "ARC") is named only where the text writes it in capitals, not by
    the word ("math performance on GSM8K" evaluates on GSM8K, not on MATH)."""
    if not (len(written) > 1 and written.isalpha() and written.isupper()):
        return True
    return re.search(rf"(?<![A-Za-z]){re.escape(written)}(?![a-z])", text) is not None


def _unfaceted_names(plan: QuestionPlan, names: Sequence[FacetName],
                     papers: Mapping[str, Paper]) -> list[str]:
    """The sides of an "or" criterion that hold no facet name but are one word some paper
    writes as a name (capitals or digits inside: "ChatGPT" typed "chatgpt"), squashed."""
    taken = {squash(word) for name in names for word in name.written.split()}
    groups: dict[int, list[str]] = {}
    for word, group in zip(plan.constraints, _word_groups(plan, _SIDE_BREAKS), strict=True):
        groups.setdefault(group, []).append(word)
    first = plan.question.split()[0] if plan.question.split() else ""
    sides = [words[0] for words in groups.values()
             if len(words) == 1 and squash(words[0]) and squash(words[0]) not in taken]
    # Typed as a name ("Claude"), or written as one by some paper: digits or capitals inside,
    # not a capital that only starts a sentence ("Transformers are ...").
    typed = {squash(w) for w in sides if is_specific(w, first=w == first)}
    wanted = {squash(w) for w in sides} - typed
    written = {squash(token) for paper in papers.values() if wanted
               for token in raw_tokens(f"{paper.title} {paper.abstract}")
               if squash(token) in wanted and is_specific(token.strip(".,;:()[]\"'"), first=True)}
    return sorted(typed | written)


Meaning = Callable[[str, Sequence[str]], Sequence[float]]


def as_asked(plan: QuestionPlan) -> QuestionPlan:
    """The plan with its question cut to the part that states the criterion (the part its
    constraints were read from): where its words stand, its "or"s and its first word."""
    asked = criterion_text(plan.question)
    return plan if asked == plan.question else plan.model_copy(update={"question": asked})


def qualify(plan: QuestionPlan, papers: Mapping[str, Paper], chunks: Callable[[Sequence[str]],
            Mapping[str, Chunk]], idf: Callable[[str], float],
            calibration: ListCalibration, knows: Callable[[str], bool] = lambda _token: True,
            meaning: Meaning | None = None) -> tuple[list[Qualified], Criterion]:
    """Every paper that meets the criterion, best first, with its qualifying sentence. A
    criterion that divides (`assistant.criteria`: "both X and Y", "surveys on X", "X but not
    Y") is met by the papers meeting each required part, less those meeting an excluded one."""
    asked = as_asked(plan)
    divided = parts(asked.question, set(plan.constraints))
    excluded = exclusions(plan.question)
    if len(divided.required) < 2 and not excluded:
        whole = criterion(asked, idf, knows)
        if whole.empty and not plan.constraints:
            # "how many papers are there?", "list all papers": nothing to meet; every one does.
            return [Qualified(pid, 1.0, 0) for pid in sorted(papers)
                    if not plan.scope or pid in plan.scope], whole
        return _qualify_whole(plan, papers, chunks, idf, calibration, knows, meaning)
    def one(text: str) -> list[Qualified]:
        return _qualify_whole(_part(plan, text), papers, chunks, idf, calibration, knows,
                              meaning)[0]
    met: dict[str, Qualified] | None = None
    for text in divided.required:
        if not criterion_words(text):
            continue  # "which papers" of "which papers don't use LLMs": every paper
        found = {q.paper_id: q for q in one(text)}
        met = found if met is None else {
            pid: replace(q, score=min(q.score, met[pid].score))
            for pid, q in found.items() if pid in met}
    if met is None:
        met = {pid: Qualified(pid, 1.0, 0) for pid in papers
               if not plan.scope or pid in plan.scope}
    # A paper meeting an excluded part is left out, unless the sentence that meets it says
    # the paper does without it ("without any supervised signals" for "not supervised").
    met_excluded = [q for text in excluded for q in one(f"which papers {text}")]
    read = chunks(list({q.paper_id for q in met_excluded}))
    left_out = {q.paper_id for q in met_excluded
                if q.paper_id not in read or not _says_without(read[q.paper_id], q.sentence)}
    kept = sorted((q for pid, q in met.items() if pid not in left_out),
                  key=lambda q: (-q.score, q.paper_id))
    return kept, criterion(asked, idf, knows)


def _says_without(chunk: Chunk, sentence: int) -> bool:
    return any(s.index == sentence and does_without(s.text) for s in chunk.sentences)


def _part(plan: QuestionPlan, text: str) -> QuestionPlan:
    """The plan asking only `text`, a part of its criterion (the same scope)."""
    return plan.model_copy(update={"question": text, "standalone": text,
                                   "constraints": criterion_words(text)})


def _qualify_whole(plan: QuestionPlan, papers: Mapping[str, Paper],
                   chunks: Callable[[Sequence[str]], Mapping[str, Chunk]],
                   idf: Callable[[str], float], calibration: ListCalibration,
                   knows: Callable[[str], bool], meaning: Meaning | None
                   ) -> tuple[list[Qualified], Criterion]:
    plan = as_asked(plan)
    crit = criterion(plan, idf, knows)
    names = facet_names(plan, papers)
    if not names:
        return _qualify_by_text(plan, papers, chunks, idf, calibration, knows, meaning), crit
    by_facets = _qualify_by_facets(plan, names, papers, chunks)
    # "process rewards or PRMs": a side of an "or" that is no name is met by the text.
    rest = _unnamed_side(plan, names, idf)
    if not rest:
        return by_facets, crit
    # The question as asked, the named sides taken out of it.
    asked = plan.question
    for name in names:
        asked = re.sub(rf"(?:\b(?:or|either)\s+)?{re.escape(name.written)}(?:\s+or\b)?", " ",
                       asked)
    asked = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s{2,}", " ", asked)).strip()
    side = plan.model_copy(update={"question": asked, "standalone": asked, "constraints": rest})
    met = {q.paper_id: q for q in _qualify_by_text(side, papers, chunks, idf, calibration,
                                                   knows, meaning)}
    for q in by_facets:
        if q.paper_id not in met or q.score > met[q.paper_id].score:
            met[q.paper_id] = q
    return sorted(met.values(), key=lambda q: (-q.score, q.paper_id)), crit


def _unnamed_side(plan: QuestionPlan, names: Sequence[FacetName],
                  idf: Callable[[str], float]) -> list[str]:
    """The words of the criterion's sides that hold no facet name, when an "or" offers
    such a side ("process rewards or PRMs"); none otherwise (then the names alone decide:
    "GSM8K or math word problems" names MATH on its second side too). A side that only
    spells a name out ("DPO / direct preference optimisation") is that name; one of words
    most papers use ("code or data", "Olympiad problems or benchmarks") shares its
    qualifier with the named side and is met with it."""
    if not _ALTERNATIVES.search(plan.question):
        return []
    named = {w for name in names for w in name.written.split()}
    groups: dict[int, list[str]] = {}
    for word, group in zip(plan.constraints, _word_groups(plan, _SIDE_BREAKS), strict=True):
        groups.setdefault(group, []).append(word)
    if len(groups) < 2:
        return []
    rest = []
    for words in groups.values():
        stems = set(tokenize(" ".join(words)))
        if set(words) & named or not stems or idf_floor(stems, idf) or any(
                names_same(" ".join(words), name.written) for name in names):
            continue
        rest.extend(words)
    return rest if criterion_words(" ".join(rest)) else []


def _qualify_by_text(plan: QuestionPlan, papers: Mapping[str, Paper],
                     chunks: Callable[[Sequence[str]], Mapping[str, Chunk]],
                     idf: Callable[[str], float], calibration: ListCalibration,
                     knows: Callable[[str], bool], meaning: Meaning | None
                     ) -> list[Qualified]:
    rows = text_evidence(plan, papers, chunks, idf, knows, meaning)
    if max((row.features["coverage"] for row in rows.values()), default=0.0) \
            < calibration.min_coverage:
        return []
    kept = [(calibration.score(row.features), row) for row in rows.values()
            if not plan.scope or row.paper_id in plan.scope]
    kept = [(score, row) for score, row in kept if score >= calibration.threshold]
    kept.sort(key=lambda item: (-item[0], item[1].paper_id))
    return [Qualified(row.paper_id, round(score, 4), row.sentence) for score, row in kept]


@dataclass(frozen=True)
class TextEvidence:
    """What a paper's text says for a topical criterion: the signals, and the sentence that
    says it best."""

    paper_id: str
    features: dict[str, float]
    sentence: int


def text_evidence(plan: QuestionPlan, papers: Mapping[str, Paper],
                  chunks: Callable[[Sequence[str]], Mapping[str, Chunk]],
                  idf: Callable[[str], float], knows: Callable[[str], bool] = lambda _t: True,
                  meaning: Meaning | None = None) -> dict[str, TextEvidence]:
    """The signals of every paper for a criterion decided by text (see TEXT_FEATURES); empty
    when the criterion has no word to decide by."""
    # "pretraining" and "pre-training", "self play" and "self-play": one word, written
    # joined, apart or hyphenated; read every text, the criterion too, in its hyphenated form.
    compounds = _compounds(papers.values())
    plan = as_asked(plan)
    plan = plan.model_copy(update={
        "question": _hyphenated(plan.question, compounds),
        "constraints": [_hyphenated(w, compounds) for w in plan.constraints]})
    crit = criterion(plan, idf, knows)
    written_forms = _alternatives(plan)
    forms = _spelled(written_forms, abbreviations(papers.values()), papers.values())
    alternatives = [c for c in (criterion(p, idf, knows) for p in written_forms)
                    if not c.empty] or ([crit] if not crit.empty else [])
    if not alternatives:
        return {}
    # A lone written form may be met in part (the score weighs how much); of several, a paper
    # writes one whole. A term the collection abbreviates is such a form, and so is its
    # abbreviation: "direct preference optimization" is not met by "preference optimization".
    alternatives += [c for c in (criterion(p, idf, knows) for p in forms[len(written_forms):])
                     if not c.empty]
    weights = [max(list(c.words.values()) + [idf("__unseen__")]) for c in alternatives]
    # Every word as written, those no paper uses too: "stock trading" the collection lacks
    # leaves "LLMs" to match, and this says how little of the criterion that is.
    as_written = [c for c in (criterion(p, idf, knows, keep_unknown=True)
                              for p in forms) if not c.empty] \
        or [criterion(plan, idf, knows, keep_unknown=True)]
    # "coding or software-engineering tasks": each side of an "or", alone.
    sides = [c for c in _sides(plan, idf, knows) if not c.empty] or as_written
    # An abbreviation spelled out, or the other way round, is one more side.
    sides += [criterion(p, idf, knows, keep_unknown=True) for p in forms[len(written_forms):]]
    # Every paper, even when the list is scoped: a paper is weighed against the collection
    # (as the score was fitted), not against the two or three papers chosen.
    ids = list(papers)
    found = chunks(ids)
    # "papers that introduce a benchmark": what a paper says it contributes decides, not a
    # benchmark it evaluates on, so only its title and the sentences saying what it
    # introduces, proposes, releases ... are read.
    own = _asks_for_contribution(plan)
    kept = {pid: [s for s in found[pid].sentences if not own or _contributes(s.text)]
            for pid in ids if pid in found}
    read = {pid: _read(papers[pid], [s.text for s in kept[pid]] if own else None, compounds)
            for pid in kept}
    # "self-supervision" and "self-supervised" stem apart ("supervis", "superv"): a word and
    # the stems of its other forms are one word, in the papers and in the criterion.
    canon = _stem_variants({w for c in (*alternatives, *as_written, *sides) for w in c.words},
                           {t for _, tokens, _, _ in read.values() for t in tokens},
                           lambda: set().union(*(_lower_words(text) for text, *_ in
                                                 read.values())))
    if canon:
        read = {pid: _recanonical(entry, canon) for pid, entry in read.items()}
        alternatives = [_canonical(c, canon) for c in alternatives]
        as_written = [_canonical(c, canon) for c in as_written]
        sides = [_canonical(c, canon) for c in sides]
    # A pair of the criterion's words is a phrase to find only where some paper writes it:
    # "agent memory", which no paper writes, asks for papers on memory in agents.
    written_pairs = set().union(*(bigrams for _, _, bigrams, _ in read.values()))
    alternatives = [_phrases_written(c, written_pairs) for c in alternatives]
    as_written = [_phrases_written(c, written_pairs) for c in as_written]
    sides = [_phrases_written(c, written_pairs) for c in sides]
    # "user studies" is a phrase some paper writes; "robotics studies" is papers on robotics:
    # a word that elsewhere only shapes a question counts only within a written phrase.
    shaping = list_scaffold()
    alternatives = [_heads_written(c, shaping) for c in alternatives]
    as_written = [_heads_written(c, shaping) for c in as_written]
    sides = [_heads_written(c, shaping) for c in sides]
    # The whole question (on dev it matched better than its words), without what only
    # frames it ("I'm writing a survey on X.", "in any form"). A scoped question ("which of
    # them ...") is the question as asked: its standalone form names the papers in scope,
    # whose sentences would then be near it for their names, not for the criterion.
    wanted = criterion_text(plan.question if plan.scope else plan.standalone)
    lexical: dict[str, tuple[float, int, float, float, float]] = {}
    coverage: dict[str, float] = {}
    phrased: dict[str, float] = {}
    either: dict[str, float] = {}
    sentences: dict[str, list[tuple[int, str]]] = {}
    for paper_id, (text, tokens, bigrams, written) in read.items():
        chunk = found[paper_id]
        best = (0.0, 0, 0.0, 0.0, 0.0)  # score, alternative, names, phrase, rarest
        for which, (alt, weight) in enumerate(zip(alternatives, weights, strict=True)):
            named = 1.0 if not alt.entities or any(
                any(variant_match(f, written) for f in forms) for forms in alt.entities) \
                else 0.0
            phrase = len(alt.pairs & bigrams) / len(alt.pairs) if alt.pairs else 1.0
            score = score_paper(alt, text, weight, written, tokens)
            if len(alternatives) > 1 and (score < 1.0 or not alt.pairs <= bigrams):
                continue  # one of several written forms: a paper writes it whole, or not
            rarest = 1.0 if alt.words and max(alt.words, key=alt.words.__getitem__) in \
                set(tokens) else named if alt.entities else 0.0
            if score > best[0]:
                best = (score, which, named, phrase, rarest)
        lexical[paper_id] = best
        phrased[paper_id] = _phrased_share(alternatives[best[1]], weights[best[1]], written,
                                           tokens, bigrams)
        either[paper_id] = max(_phrased_share(side, weights[0], written, tokens, bigrams)
                               for side in sides)
        coverage[paper_id] = max(score_paper(c, text, weights[0], written, tokens)
                                 for c in as_written)
        # Meaning reads every sentence: what a paper is about is said in more than the
        # sentence that names its contribution.
        sentences[paper_id] = [(s.index, s.text) for s in chunk.sentences] or [(0, chunk.text)]
    if not lexical:
        return {}
    close = _meanings(wanted, [paper.title for paper in (papers[p] for p in lexical)],
                      sentences, meaning)
    known = _known_share(plan, knows)
    top_lexical = max(v[0] for v in lexical.values()) or 1.0
    values = [max(close[p].values(), default=0.0) for p in lexical]
    top_meaning = max(values, default=0.0)
    mean = sum(values) / len(values)
    spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5 or 1.0
    out = {}
    for paper_id, (score, which, named, phrase, rarest) in lexical.items():
        by_sentence = close[paper_id]
        best_meaning = max(by_sentence.values(), default=0.0)
        alt, weight = alternatives[which], weights[which]
        mine = {s.index for s in kept[paper_id]}
        index = max(sentences[paper_id], key=lambda s: (
            not own or s[0] in mine, score_paper(alt, s[1], weight) + by_sentence.get(s[0], 0.0),
            -s[0]))[0]
        out[paper_id] = TextEvidence(paper_id, {
            "lexical": score,
            "lexical_rel": score / top_lexical,
            "names": named,
            "phrase": phrase,
            "rarest": rarest,
            "meaning": best_meaning,
            "meaning_gap": best_meaning - top_meaning,
            "meaning_z": max(-3.0, min(5.0, (best_meaning - mean) / spread)),
            "known": known,
            "whole": 1.0 if coverage[paper_id] >= 0.999 and phrase >= 0.999 else 0.0,
            "coverage": coverage[paper_id],
            "phrased": phrased[paper_id],
            "either": either[paper_id],
            "either_whole": 1.0 if either[paper_id] >= 0.999 else 0.0,
        }, index)
    return out


# The signals the fitted score weighs. The others above (lexical_rel, rarest, meaning,
# meaning_gap, known) are kept for callers that weigh them, but the fit leaves them out:
# fitted on all dev lists but one and scored on that one, lists came out better without them
# (mean F1 0.904 against 0.889), while the fit on all of them was the same.
TEXT_FEATURES = ("lexical", "names", "phrase", "meaning_z", "whole", "coverage", "phrased",
                 "either", "either_whole")


def _read(paper: Paper, sentences: Sequence[str] | None = None,
          compounds: Mapping[str, str] | None = None
          ) -> tuple[str, list[str], set[tuple[str, str]], set[str]]:
    """A paper's text (its title and abstract, or only `sentences` of it; its compounds
    hyphenated), its tokens, their adjacent pairs and its written names."""
    text = f"{paper.title} {paper.abstract if sentences is None else ' '.join(sentences)}"
    text = _hyphenated(text, compounds or {})
    tokens = tokenize(text)
    return text, tokens, set(zip(tokens, tokens[1:], strict=False)), _written_names(text)


@lru_cache(maxsize=4096)
def _hyphenated_words(text: str) -> frozenset[str]:
    return frozenset(w for w in raw_tokens(text) if "-" in w.strip("-"))


def _compounds(papers: Iterable[Paper]) -> dict[str, str]:
    """Joined (squashed, lower-case) -> hyphenated, for each hyphenated word the collection
    writes ("pretraining" -> "pre-training")."""
    out: dict[str, str] = {}
    for paper in papers:
        for word in _hyphenated_words(f"{paper.title} {paper.abstract}"):
            out.setdefault(squash(word), word.lower())
    return out


_WORD = re.compile(r"[A-Za-z][\w-]*")


def _hyphenated(text: str, compounds: Mapping[str, str]) -> str:
    """`text` with every word, or pair of words, that a hyphenated word of the collection
    writes joined or apart ("pretraining", "self play") written with its hyphens."""
    if not compounds:
        return text
    words = list(_WORD.finditer(text))
    out: list[str] = []
    end = 0
    i = 0
    while i < len(words):
        word = words[i]
        after = words[i + 1] if i + 1 < len(words) else None
        span, form = None, None
        if after is not None and "-" not in word.group(0) and \
                text[word.end():after.start()].isspace():
            form = compounds.get(squash(word.group(0) + after.group(0)))
            span = (word.start(), after.end()) if form else None
        if form is None and "-" not in word.group(0):
            form = compounds.get(squash(word.group(0)))
            span = (word.start(), word.end()) if form else None
        if form is not None and span is not None:
            out += [text[end:span[0]], _with_hyphens(text[span[0]:span[1]], form)]
            end = span[1]
            i += 2 if span[1] > word.end() else 1
        else:
            i += 1
    return "".join(out) + text[end:]


def _with_hyphens(written: str, form: str) -> str:
    """`written` ("Self Play", "Pretraining") spelled as `form` ("self-play", "pre-training")
    but keeping its own letters' case."""
    letters = iter(c for c in written if c.isalnum())
    return "".join("-" if c == "-" else next(letters, c) for c in form)


# Verbs by which a paper says what it contributes (general English, not this collection's).
_CONTRIBUTION = frozenset(tokenize(
    "introduce propose present establish release build develop design create construct "
    "curate collect contribute"))


def _asks_for_contribution(plan: QuestionPlan) -> bool:
    """"papers that introduce / propose / release X": X is what they contribute."""
    relation = relation_word(plan.question)
    return relation is not None and bool(set(tokenize(relation)) & _CONTRIBUTION)


def _contributes(sentence: str) -> bool:
    return bool(set(tokenize(sentence)) & _CONTRIBUTION)


_SHORTEST_STEM = 6  # "superv" and "supervis" are one word; "multi" and "multimod" are not
_LONGEST_ENDING = 3  # letters a stem may add to another: not "state" and "statement"


def _recanonical(read: tuple[str, list[str], set[tuple[str, str]], set[str]],
                 canon: Mapping[str, str]
                 ) -> tuple[str, list[str], set[tuple[str, str]], set[str]]:
    """A read paper (`_read`) with its tokens in their `_stem_variants` forms."""
    text, tokens, _, written = read
    tokens = [canon.get(t, t) for t in tokens]
    return text, tokens, set(zip(tokens, tokens[1:], strict=False)), written


@lru_cache(maxsize=4096)
def _lower_words(text: str) -> frozenset[str]:
    return frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", text))


def _stem_variants(words: set[str], vocabulary: set[str],
                   written: Callable[[], set[str]] = set) -> dict[str, str]:
    """Token -> the form it is read as: of a criterion word and a word of the collection (or
    of the criterion) one of which continues the other by a short ending, the shorter. Only
    from a stem long enough ("multi", a hyphenated word's part, is not "multimodal");
    `written`: the collection's words as written, to tell a stem cut from a longer word
    ("superv") from a word of its own ("though")."""
    canon: dict[str, str] = {}
    # and the collection's shorter stems of a criterion word ("superv", cut from "supervised",
    # for "supervis"); not a word written whole ("though" is no form of "thought")
    near = {v for v in vocabulary if len(v) >= _SHORTEST_STEM for w in words
            if w != v and w.startswith(v) and len(w) - len(v) <= _LONGEST_ENDING}
    if near:
        whole = written()
        cut = {stem for word in whole if word[:_SHORTEST_STEM] in {v[:_SHORTEST_STEM]
                                                                   for v in near}
               for stem in tokenize(word) if stem != word}
        near = {v for v in near if v in cut and v not in whole}
    for word in sorted(words | near, key=len):
        if len(word) < _SHORTEST_STEM or word in canon or not word.isalpha():
            continue
        for other in vocabulary | words:
            if other != word and other not in canon and other.startswith(word) and \
                    len(other) - len(word) <= _LONGEST_ENDING and other.isalpha():
                canon[other] = word
    return canon


def _canonical(crit: Criterion, canon: Mapping[str, str]) -> Criterion:
    """The criterion with each word written as its shortest form (`_stem_variants`)."""
    words: dict[str, float] = {}
    for word, weight in crit.words.items():
        key = canon.get(word, word)
        words[key] = max(weight, words.get(key, 0.0))
    pairs = frozenset((canon.get(a, a), canon.get(b, b)) for a, b in crit.pairs)
    return replace(crit, words=words, pairs=frozenset(p for p in pairs if p[0] != p[1]))


def _phrases_written(crit: Criterion, written: set[tuple[str, str]]) -> Criterion:
    """The criterion with only the phrases (adjacent word pairs) some paper writes."""
    pairs = crit.pairs & written
    return crit if pairs == crit.pairs else replace(crit, pairs=frozenset(pairs))


def _heads_written(crit: Criterion, shaping: frozenset[str]) -> Criterion:
    """The criterion without its question-shaping words ("studies") that end no phrase of it
    a paper writes (its pairs are already only those: `_phrases_written`)."""
    paired = {word for pair in crit.pairs for word in pair}
    drop = {w for w in crit.words if w in shaping and w not in paired}
    if not drop or drop == set(crit.words):
        return crit if not drop else replace(crit, words={})
    return replace(crit, words={w: v for w, v in crit.words.items() if w not in drop})


def _meanings(wanted: str, titles: Sequence[str], sentences: Mapping[str, list[tuple[int, str]]],
              meaning: Meaning | None) -> dict[str, dict[int, float]]:
    """paper -> sentence index -> cosine of the criterion to it (the title counts as sentence
    -1); empty maps without an embedder."""
    if meaning is None:
        return {pid: {} for pid in sentences}
    texts = [title for title in titles] + [t for found in sentences.values() for _, t in found]
    scores = list(meaning(wanted, texts))
    if len(scores) != len(texts):
        return {pid: {} for pid in sentences}
    out: dict[str, dict[int, float]] = {}
    position = len(titles)
    for (paper_id, found), title_score in zip(sentences.items(), scores, strict=False):
        per = {-1: title_score}
        for index, _ in found:
            per[index] = max(per.get(index, -1.0), scores[position])
            position += 1
        out[paper_id] = per
    return out


def _phrased_share(crit: Criterion, entity_weight: float, written: set[str],
                   tokens: Sequence[str], bigrams: set[tuple[str, str]]) -> float:
    """Like `score_paper`, but a word of one of the criterion's phrases counts only where
    the paper writes the phrase ("reward" and "model" apart are not "reward models")."""
    present = set(tokens)
    found = total = 0.0
    for which, forms in enumerate(crit.entities):
        weight = crit.name_weight(which, entity_weight)
        total += weight
        if any(variant_match(f, written) for f in forms):
            found += weight
    for token, weight in crit.words.items():
        total += weight
        mine = [pair for pair in crit.pairs if token in pair]
        if token in present and (not mine or any(pair in bigrams for pair in mine)):
            found += weight
    return found / total if total else 0.0


def _sides(plan: QuestionPlan, idf: Callable[[str], float],
           knows: Callable[[str], bool]) -> list[Criterion]:
    """The criterion on each side of its "or"s, words no paper uses included; one side when it
    has none. A side keeps the phrases the whole criterion finds in it."""
    whole = criterion(plan, idf, knows, keep_unknown=True)
    groups: dict[int, list[str]] = {}
    for word, group in zip(plan.constraints, _word_groups(plan, _SIDE_BREAKS), strict=True):
        groups.setdefault(group, []).append(word)
    sides = []
    for _, words in sorted(groups.items()):
        alone = criterion(plan.model_copy(update={"constraints": words}), idf, knows,
                          keep_unknown=True)
        mine = set(alone.words)
        sides.append(Criterion(alone.entities, alone.words, frozenset(
            pair for pair in whole.pairs if pair[0] in mine and pair[1] in mine), alone.rarity))
    return sides


def _typo_of_stopword(word: str) -> bool:
    """"abut", "wich": a word that only shapes a question ("about", "which"; four letters or
    more) with one letter left out or added."""
    lower = word.lower()
    return len(lower) >= 3 and any(
        len(stop) >= 4 and abs(len(stop) - len(lower)) == 1 and stop.isalpha()
        and edit_distance(lower, stop, 1) <= 1 for stop in scaffold())


def _known_share(plan: QuestionPlan, knows: Callable[[str], bool]) -> float:
    """The share of the criterion's words some paper of the collection uses."""
    tokens = [t for raw in plan.constraints for t in tokenize(raw)]
    return sum(map(knows, tokens)) / len(tokens) if tokens else 1.0


_CAMEL_ACRONYM = re.compile(r"(?<=[a-z])[A-Z]{2,}s?$")


def _written_names(text: str) -> set[str]:
    """The text's squashed words, and the acronym a camel-cased name ends in ("StyleGAN" ->
    "gan"): a name built on another names it."""
    tails = {squash(m.group(0).removesuffix("s")) for token in text.split()
             for m in [_CAMEL_ACRONYM.search(token.strip(".,;:()[]\"'"))] if m}
    return squashed_words(text) | tails


# Where a criterion may offer another written form: "X (Y)", "X or Y", "X / Y", "X, including Y".
_ALTERNATIVE_BREAKS = re.compile(r"\bor\b|\beither\b|\bincluding\b|[()/]", re.I)


def _word_groups(plan: QuestionPlan, breaks: re.Pattern[str] | None = None) -> list[int]:
    """For each criterion word, how many breaks ("or", "(", "/", a comma) precede it in the
    question; all 0 when the words cannot be found where the question has them."""
    found_breaks = [m.start() for m in (breaks or _PHRASE_BREAKS).finditer(plan.question)]
    groups = []
    position = 0
    for word in plan.constraints:
        found = plan.question.find(word, position)
        if found < 0:
            return [0] * len(plan.constraints)
        position = found + len(word)
        groups.append(sum(b < found for b in found_breaks))
    return groups


# Where a criterion offers another side: an alternative, or examples of it ("X, like Y, Z or
# W": a paper on any one of them is on X).
# A comma breaks where a list of sides follows ("A, B or C").
_SIDE_BREAKS = re.compile(_ALTERNATIVE_BREAKS.pattern + r"|\blike\b|\bsuch as\b|\be\.g\.|"
                          r"(?<=\w),(?=[^,]*\bor\b)", re.I)
_PHRASE_BREAKS = re.compile(r"\bor\b|\beither\b|\bincluding\b|\band\b|[()/,;:]", re.I)


def _phrase_starts(plan: QuestionPlan) -> list[bool]:
    """For each criterion word, whether it starts a new phrase: the question writes another
    word or a break between it and the criterion word before ("memory in agents" is two
    things related, "process reward models" one phrase), or the word before relates the
    papers to it ("papers tackle hallucinations": a verb and its object)."""
    starts = []
    end = -1
    relation = relation_word(plan.question)
    for position, word in enumerate(plan.constraints):
        found = plan.question.find(word, max(end, 0))
        if found < 0:
            return [False] + [True] * (len(plan.constraints) - 1)
        between = plan.question[end:found] if end >= 0 else ""
        starts.append(end < 0 or bool(re.search(r"[\w(),;:/]", between))
                      or (position == 1 and plan.constraints[0] == relation))
        end = found + len(word)
    return starts


def _alternatives(plan: QuestionPlan) -> list[QuestionPlan]:
    """The plan once per written form its criterion gives: a phrase and its abbreviation or
    name ("supervised fine-tuning (SFT)", "reinforcement learning (including RLHF)"); a paper
    that writes any one form whole qualifies. Alternatives that are all phrases ("coding or
    software-engineering tasks") are different things, not forms of one: one plan, as
    written, and the question's words are scored together."""
    if not _ALTERNATIVE_BREAKS.search(plan.question):
        return [plan]
    groups: dict[int, list[str]] = {}
    for word, group in zip(plan.constraints, _word_groups(plan, _ALTERNATIVE_BREAKS),
                           strict=True):
        groups.setdefault(group, []).append(word)
    if len(groups) < 2:
        return [plan]
    first = plan.question.split()[0]
    named = [all(is_specific(w, first=w == first) for w in words) for words in groups.values()]
    if not any(named) or all(named):
        return [plan]
    return [plan.model_copy(update={"constraints": words}) for _, words in sorted(groups.items())]


def describe_criterion(plan: QuestionPlan) -> str:
    """The criterion in words for the answer's heading; what it leaves out named after it
    ("GSM8K, not MATH"), since the criterion words no longer hold it."""
    if not plan.constraints:
        return plan.question
    return " ".join(plan.constraints) + "".join(
        f", not {clause}" for clause in exclusions(plan.question))


# "supervised fine-tuning (SFT)", "chain-of-thought (CoT)": a phrase, then the abbreviation
# its words' initials spell (by word or by hyphenated part, function words skipped or not).
_DEFINED = re.compile(r"((?:[\w'-]+\s+){0,7}[\w'-]+)\s*\(([A-Za-z][A-Za-z0-9]*[A-Z][A-Za-z0-9]*)\)")
_SKIPPED_IN_INITIALS = frozenset("a an the of for from to in on with by via and or at as".split())


def abbreviations(papers: Iterable[Paper]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The abbreviations the collection defines: key (squashed, a plural "s" dropped) -> the
    phrases it stands for, as lower-case words. Learned from the papers, so "SFT" finds a paper
    that only writes "supervised fine-tuning", and the other way round."""
    found: dict[str, dict[tuple[str, ...], None]] = {}
    for paper in papers:
        for key, phrase in _defined_in(f"{paper.title}. {paper.abstract}"):
            found.setdefault(key, {})[phrase] = None
    return {key: tuple(phrases) for key, phrases in found.items()}


def abbreviation_key(written: str) -> str:
    """"LLMs" -> "llm", "CoT" -> "cot": how an abbreviation is looked up."""
    if len(written) > 2 and written.endswith("s") and written[:-1].isupper():
        written = written[:-1]
    return squash(written)


@lru_cache(maxsize=4096)
def _defined_in(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    out = []
    for match in _DEFINED.finditer(fold(text)):
        key = abbreviation_key(match.group(2))
        words = match.group(1).split()
        for start in range(len(words) - 1, -1, -1):
            phrase = [w.strip("'").lower() for w in words[start:]]
            parts = [p for w in phrase for p in w.split("-") if p]
            spelled = {"".join(p[0] for p in parts),
                       "".join(p[0] for p in parts if p not in _SKIPPED_IN_INITIALS)}
            if key in spelled and len(parts) >= 2:
                out.append((key, tuple(phrase)))
                break
            if len(parts) > len(key) + 2:
                break
    return tuple(out)


def _spelled(plans: Sequence[QuestionPlan], known: Mapping[str, tuple[tuple[str, ...], ...]],
             papers: Iterable[Paper] = ()) -> list[QuestionPlan]:
    """`plans`, then for each whose whole criterion is an abbreviation or a phrase of an
    abbreviation, the plan with the other form: a paper that writes either writes the
    criterion. Abbreviations are those the collection defines ("supervised fine-tuning (SFT)"),
    else those its phrases spell and some paper writes in capitals ("RLHF" for "reinforcement
    learning from human feedback" where no paper writes both)."""
    seen = {tuple(p.constraints) for p in plans}
    added: list[QuestionPlan] = []
    by_phrase = {tuple(tokenize(" ".join(phrase))): key
                 for key, phrases in known.items() for phrase in phrases}
    texts = [f"{p.title}. {p.abstract}" for p in papers]
    for plan in plans:
        words = plan.constraints
        other: list[list[str]] = []
        if len(words) == 1 and abbreviation_key(words[0]) in known:
            other = [list(phrase) for phrase in known[abbreviation_key(words[0])]]
        elif words and (key := by_phrase.get(tuple(tokenize(" ".join(words))))):
            other = [[key.upper()]]
        elif len(words) == 1 and _ACRONYM.fullmatch(words[0]):
            other = [list(p) for p in dict.fromkeys(
                phrase for text in texts
                for phrase in _spelling(abbreviation_key(words[0]), text))]
        elif (key := _initials(words)) and any(
                re.search(rf"\b{re.escape(key.upper())}s?\b", text) for text in texts):
            other = [[key.upper()]]
        for form in other:
            if tuple(form) not in seen:
                seen.add(tuple(form))
                added.append(plan.model_copy(update={"constraints": form,
                                                     "question": " ".join(form)}))
    return [*plans, *added]


# An abbreviation long enough that words spelling it by chance are rare: "RLHF", "MCTS";
# not "GAN" (too many runs of three words spell it), not "Llama".
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{3,}s?")


def _initials(words: Sequence[str]) -> str:
    """The initials of three or more content words ("reinforcement learning from human
    feedback" -> "rlhf"); "" for fewer or for a word that is not lower-case letters."""
    parts = [p for w in words for p in w.lower().split("-") if p]
    if any(not p.isalpha() for p in parts) or any(w != w.lower() for w in words):
        return ""
    content = [p for p in parts if p not in _SKIPPED_IN_INITIALS]
    return "".join(p[0] for p in content) if len(content) >= 3 else ""


@lru_cache(maxsize=4096)
def _spelling(key: str, text: str) -> tuple[tuple[str, ...], ...]:
    """The runs of words in `text` whose initials spell `key` (function words between them
    skipped), in lower case: the phrases an abbreviation may stand for."""
    words = re.findall(r"[A-Za-z][A-Za-z-]*", fold(text))
    found = []
    for start, word in enumerate(words):
        if word[0].lower() != key[0] or word.lower() in _SKIPPED_IN_INITIALS:
            continue
        run: list[str] = []
        for later in words[start:]:
            run.append(later.lower())
            spelled = _initials(run)
            if spelled == key:
                found.append(tuple(run))
                break
            content = [p for w in run for p in w.split("-")
                       if p and p not in _SKIPPED_IN_INITIALS]
            if len(content) > len(key) or not key.startswith("".join(p[0] for p in content)):
                break
    return tuple(found)