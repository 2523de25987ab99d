"""The answer engine: question -> standalone question -> retrieval -> numbered evidence ->
model (or extractive composer) -> verified Answer.

The app, not the model, owns structure: it numbers the evidence, builds comparison tables and
paper lists itself with a citation in every cell, and checks every citation the model writes.
The model only writes prose from numbered evidence (an LCEL chain: prompt | model | parser).
When retrieval finds nothing relevant, the model is never called.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.abstention import asked_for, coverage, unknown_names
from assistant.chunking import split_sentences
from assistant.citations import (
    _FILLER,
    citations_for,
    evidence_tokens,
    number_evidence,
    parse_markers,
    render_evidence,
    support,
    verify,
)
from assistant.comparison import TableBuilder, parse_aspects, short_title, shorten
from assistant.errors import ProviderError, QuestionError
from assistant.names import candidate_names, normalise
from assistant.tokens import count_tokens
from assistant.types import (
    ABSTAIN_SENTENCE,
    Answer,
    AnswerMode,
    AnswerSentence,
    ChatTurn,
    Evidence,
    Hit,
)
from prompts import load_prompt
from vectorstore.lexical import tokenize

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.runnables import Runnable

    from assistant.retrieval import HybridRetriever
    from assistant.settings import AnswerSettings, LLMSettings


@dataclass(frozen=True)
class AnswerDelta:
    """A piece of streamed answer text (shown while the model writes; the final Answer wins)."""

    text: str


StreamEvent = AnswerDelta | Answer

_COMPARE = re.compile(
    r"\b(compare[sd]?|comparing|comparison|contrast|differ(s|ence|ences)?|versus|vs\.?)\b", re.I)
_EACH_OF_TWO = re.compile(r"^\s*how (do|did)\b.+\band\b.+\b(each|both)\b", re.I)
_TWO_THINGS = re.compile(r"\band\b|\bvs\.?\s|\bversus\b|\bbetween\b", re.I)
_LIST = re.compile(
    r"^\s*(which|what)\s+(other\s+)?(papers|works|studies|methods|approaches|articles)\b"
    r"|\b(list|find|show)\s+(me\s+)?(all\s+)?(the\s+)?papers\b|\b(any|all)\s+papers\b", re.I)
_FOLLOW_UP = re.compile(
    r"^\s*(and|also|what about|how about|then|but)\b|\b(it|its|they|them|their|this|that|these|"
    r"those|the same)\b", re.I)
_ABSTAIN_HINTS = re.compile(
    r"can(no|')t answer|cannot be answered|not (mentioned|stated|provided|specified|given) in|"
    r"does not (say|mention|provide|specify|state)|no information", re.I)
_QUESTION_WORDS = frozenset(tokenize(
    "what which who whom whose how why when where does do did is are was were can could would "
    "should tell explain describe give list name main key"))
_WHICH_ONE = re.compile(
    r"^\s*(which|what)\s+(one\s+)?(paper|work|method|approach|study|report|framework|system|"
    r"technique|survey)\b", re.I)
# "Which papers report results on GAIA?": only GAIA decides which papers qualify.
_LIST_FILLER = frozenset(tokenize(
    "report reports results result evaluate evaluated evaluation benchmark benchmarks "
    "collection corpus build builds experiment experiments"
))


def check_question(question: str, max_chars: int) -> str:
    """The question, stripped; QuestionError when it is empty or too long."""
    text = (question or "").strip()
    if not text:
        raise QuestionError("Please type a question.")
    if len(text) > max_chars:
        raise QuestionError(
            f"That question is {len(text):,} characters long; please keep it under {max_chars:,}."
        )
    return text


def detect_mode(question: str) -> AnswerMode:
    # "Compare A and B", "How do A and B differ": a comparison word and two things (or the
    # question opens with it). "What does the model compare its answer against?" is not one.
    if _COMPARE.search(question) and (_COMPARE.match(question.strip())
                                      or _TWO_THINGS.search(question)):
        return "comparison"
    if _EACH_OF_TWO.search(question):  # "How do A and B each organise their field?"
        return "comparison"
    if _LIST.search(question):
        return "list"
    return "single"


def condense(question: str, history: Sequence[ChatTurn]) -> str:
    """A follow-up ("and how does it compare to SPHERE?") joined to the question it follows.

    Retrieval and name matching then see both; small local models rewrite follow-ups badly,
    so this is done without the model.
    """
    previous = [t.content for t in history if t.role == "user"]
    if not previous or not _FOLLOW_UP.search(question):
        return question
    # A follow-up of a follow-up ("How is it evaluated?" then "What are its results?") keeps
    # the question that named the subject: one level further back, no more.
    before = previous[-1].rstrip()
    if len(previous) > 1 and _FOLLOW_UP.search(before):
        before = f"{previous[-2].rstrip()} {before}"
    return f"{before} {question}"


def question_terms(question: str, exclude: Sequence[str] = ()) -> list[str]:
    """Content words of a question: no stopwords, question scaffolding or paper names."""
    skip = _QUESTION_WORDS | _FILLER | {w for name in exclude for w in tokenize(name)}
    return [w for w in dict.fromkeys(tokenize(question)) if w not in skip]


class AnswerEngine:
    """Answers questions from a retriever and an optional chat model (None = extractive)."""

    def __init__(self, retriever: HybridRetriever, chat_model: BaseChatModel | None,
                 settings: AnswerSettings, llm: LLMSettings, *, provider: str = "local"):
        self._retriever = retriever
        self._model = chat_model
        self._settings = settings
        self._llm = llm
        self.provider = provider if chat_model is not None else "extractive"
        # Loaded now so a prompt whose variables do not match fails at start-up.
        self._answer_prompt = load_prompt("answer", {"evidence", "question"})
        self._summary_prompt = load_prompt("summary", {"evidence", "question"})

    # --- public --------------------------------------------------------------------------

    def answer(self, question: str, history: Sequence[ChatTurn] = (), *, mode: str = "auto",
               k: int | None = None) -> Answer:
        final = None
        for event in self.stream(question, history, mode=mode, k=k):
            if isinstance(event, Answer):
                final = event
        assert final is not None  # stream() always ends with an Answer
        return final

    def stream(self, question: str, history: Sequence[ChatTurn] = (), *, mode: str = "auto",
               k: int | None = None) -> Iterator[StreamEvent]:
        started = time.perf_counter()
        question = check_question(question, self._settings.max_question_chars)
        if mode not in ("auto", "single", "comparison", "list"):
            raise QuestionError(f"unknown answer mode {mode!r}")
        standalone = condense(question, history)
        chosen: AnswerMode = detect_mode(standalone) if mode == "auto" else mode  # type: ignore[assignment]
        draft = Answer(question=question, standalone_question=standalone, text="", mode=chosen,
                       provider=self.provider)
        if chosen == "comparison":
            events = self._compare(draft, k)
        elif chosen == "list":
            events = self._list(draft)
        else:
            events = self._single(draft, k)
        for event in events:
            if isinstance(event, Answer):
                event.timings["total"] = round(time.perf_counter() - started, 3)
            yield event

    # --- modes ---------------------------------------------------------------------------

    def _retrieve(self, draft: Answer, k: int | None) -> list[Hit]:
        t0 = time.perf_counter()
        hits = self._retriever.search(draft.standalone_question, k)
        draft.timings["retrieval"] = round(time.perf_counter() - t0, 3)
        draft.hits = hits
        return hits

    def relevance(self, question: str, hits: Sequence[Hit]) -> float:
        """How well the best paper covers the question's content words (idf-weighted), 0..1.

        A named paper alone does not make a question answerable: "What learning rate does
        rStar-Math use?" names a paper whose abstract never says.
        """
        if not hits:
            return 0.0
        named = self._retriever.named(question)
        if unknown_names(question, self._retriever.knows, named.values()):
            return 0.0
        focus = [h for h in hits if h.paper_id in named] or list(hits[:1])
        if coverage(asked_for(question), (h.chunk.text for h in focus), self._retriever.idf) < 0.5:
            return 0.0
        terms = question_terms(question, exclude=list(named.values()))
        if not terms:
            return 1.0 if named else 0.0
        weights = {t: self._retriever.idf(t) for t in terms}
        total = sum(weights.values()) or 1.0
        best = 0.0
        for hit in hits[:3]:
            words = set(tokenize(hit.chunk.text))
            best = max(best, sum(w for t, w in weights.items() if t in words) / total)
        return best

    def _abstain(self, draft: Answer, reason: str) -> Answer:
        draft.text = ABSTAIN_SENTENCE
        draft.abstained = True
        draft.sentences = [AnswerSentence(text=ABSTAIN_SENTENCE, supported=True, support=1.0)]
        draft.citations = []
        draft.warnings.append(reason)
        return draft

    def _single(self, draft: Answer, k: int | None) -> Iterator[StreamEvent]:
        hits = self._retrieve(draft, k)
        relevance = self.relevance(draft.standalone_question, hits)
        draft.timings["relevance"] = round(relevance, 3)
        if relevance < self._settings.abstain_below:
            yield self._abstain(draft, f"nothing relevant found (relevance {relevance:.2f})")
            return
        evidence = self._single_evidence(draft.standalone_question, hits)
        draft.evidence = evidence
        if self._model is None:
            text = compose_extractive(draft.standalone_question, evidence, self._retriever.idf)
            yield AnswerDelta(text)
            yield self._finish(draft, text)
            return
        streamed: list[str] = []
        for piece in self._generate(self._answer_prompt, draft, evidence):
            streamed.append(piece)
            yield AnswerDelta(piece)
        yield self._finish(draft, "".join(streamed))

    def _single_evidence(self, question: str, hits: Sequence[Hit]) -> list[Evidence]:
        named = self._retriever.named(question)
        budget = self._settings.evidence_token_budget
        if named:
            # A question about a named paper gets that paper's whole abstract, nothing else.
            focus = [h for h in hits if h.paper_id in named]
            return number_evidence(focus, self._fit(question, focus, budget), budget,
                                   count_tokens)
        if not hits:
            return []
        # Without a name, the top paper answers; close runners-up add context, weak ones noise.
        close = [h for h in hits[:3] if h.score >= 0.9 * hits[0].score]
        return number_evidence(close, None, budget, count_tokens)

    def _fit(self, question: str, hits: Sequence[Hit], budget: int) -> dict[str, list[int]]:
        """Sentences of each paper that fit the token budget: all of them when they fit, else
        the ones sharing the question's rarest words, kept in their abstract's order.

        The prompt's length sets the local model's first-token time, and a long abstract's
        closing sentences would otherwise be cut whatever the question asked.
        """
        sentences = [(hit.paper_id, s) for hit in hits for s in hit.chunk.sentences]
        cost = {(pid, s.index): evidence_tokens(s.text, count_tokens) for pid, s in sentences}
        if sum(cost.values()) <= budget:
            return {h.paper_id: [s.index for s in h.chunk.sentences] for h in hits}
        wanted = set(question_terms(question))
        ranked = sorted(sentences, key=lambda item: (
            -sum(self._retriever.idf(t) for t in wanted & set(tokenize(item[1].text))),
            item[1].index))
        chosen: dict[str, list[int]] = {h.paper_id: [] for h in hits}
        used = 0
        for pid, sentence in ranked:
            if used + cost[(pid, sentence.index)] <= budget:
                used += cost[(pid, sentence.index)]
                chosen[pid].append(sentence.index)
        return {pid: sorted(indexes) for pid, indexes in chosen.items()}

    def _generate(self, prompt: object, draft: Answer, evidence: Sequence[Evidence]
                  ) -> Iterator[str]:
        chain = self._chain(prompt)
        inputs = {"evidence": render_evidence(evidence), "question": draft.standalone_question}
        draft.tokens.prompt += count_tokens(render_evidence(evidence)) + count_tokens(
            draft.standalone_question) + 120
        t0 = time.perf_counter()
        first = None
        completion = []
        try:
            for piece in chain.stream(inputs):
                if first is None:
                    first = time.perf_counter() - t0
                    draft.timings["first_token"] = round(first, 3)
                completion.append(piece)
                yield piece
        except ProviderError:
            raise
        except Exception as exc:  # SDK errors vary by provider; the user needs one message
            raise ProviderError(f"the {self.provider} model failed: {_short(exc)}") from exc
        draft.timings["generation"] = round(time.perf_counter() - t0, 3)
        draft.tokens.completion += count_tokens("".join(completion))

    def _chain(self, prompt: object) -> Runnable:
        from langchain_core.output_parsers import StrOutputParser

        return prompt | self._model | StrOutputParser()  # type: ignore[operator]

    def _finish(self, draft: Answer, text: str) -> Answer:
        """Verify the model's (or composer's) text against the evidence; abstain if it says so."""
        if _ABSTAIN_HINTS.search(text) and len(split_sentences(text)) <= 2:
            return self._abstain(draft, "the model found no answer in the evidence")
        urls = {h.paper_id: h.url for h in draft.hits}
        checked = verify(text, draft.evidence, self._settings.min_support, urls,
                         draft.standalone_question)
        draft.warnings.extend(checked.warnings)
        if not checked.sentences and self._model is not None:
            # The model's prose could not be tied to the evidence: show the evidence instead.
            draft.warnings.append("model answer unsupported; showing the best evidence instead")
            fallback = compose_extractive(draft.standalone_question, draft.evidence,
                                          self._retriever.idf)
            checked = verify(fallback, draft.evidence, self._settings.min_support, urls,
                             draft.standalone_question)
        if not checked.sentences:
            return self._abstain(draft, "no sentence of the answer is supported by the evidence")
        if _WHICH_ONE.search(draft.standalone_question):
            # "Which paper ...?" is answered by naming it, whatever the model wrote.
            n = checked.sentences[0].citations[0]
            cited = next(e for e in draft.evidence if e.n == n)
            alias = self._alias(cited.paper_id, cited.title)
            checked.sentences.insert(0, AnswerSentence(
                text=f"The paper is \u201c{cited.title}\u201d{alias}.", citations=[n],
                supported=True, support=1.0))
        draft.sentences = checked.sentences
        draft.citations = checked.citations
        draft.text = checked.text
        return draft

    def _alias(self, paper_id: str, title: str) -> str:
        """' (UPO)' when the abstract names its method and the title does not say it."""
        paper = self._retriever.papers.get(paper_id)
        if paper is None:
            return ""
        names = sorted((n for n in candidate_names(paper) if normalise(n) not in normalise(title)),
                       key=len)
        return f" ({names[0]})" if names else ""

    def _compare(self, draft: Answer, k: int | None) -> Iterator[StreamEvent]:
        hits = self._retrieve(draft, max(k or 0, 6))
        named = self._retriever.named(draft.standalone_question)
        if len(named) >= 2:
            rows = [h for h in hits if h.paper_id in named]
        else:
            # Two papers, and a third only when it ranks about as well: a weak third is noise.
            rows = hits[:2] + [h for h in hits[2:3] if len(hits) > 1
                               and h.score >= 0.8 * hits[1].score]
        question = draft.standalone_question
        if len(rows) >= 2 and len(named) >= 2:
            # Two papers named: compare them; cells the abstracts do not cover say so.
            relevance = 0.0 if unknown_names(question, self._retriever.knows, named.values()) \
                else 1.0
        else:
            relevance = self.relevance(question, rows) if len(rows) >= 2 else 0.0
        if relevance < self._settings.abstain_below:
            yield self._abstain(draft, "could not find two papers to compare")
            return
        aspects = parse_aspects(draft.standalone_question)
        built = TableBuilder(self._retriever.idf, self._retriever.embeddings).build(
            rows, aspects, named)
        table, evidence, sentences = built.markdown, built.evidence, built.sentences
        draft.evidence = evidence
        draft.hits = rows
        urls = {h.paper_id: h.url for h in rows}
        yield AnswerDelta(table)
        summary_sentences: list[AnswerSentence] = []
        summary_text = ""
        if self._model is not None:
            try:
                raw = "".join(self._generate(self._summary_prompt, draft, evidence))
                checked = verify(raw, evidence, self._settings.min_support, urls,
                                 draft.standalone_question)
                draft.warnings.extend(checked.warnings)
                covered = {c.paper_id for c in checked.citations}
                if len(covered) >= 2:
                    summary_sentences = checked.sentences
                    summary_text = checked.text
                else:  # a summary resting on one paper does not compare anything
                    draft.warnings.append("summary skipped: it cited only one paper")
            except ProviderError as exc:
                draft.warnings.append(f"summary skipped: {exc}")
        if summary_text:
            yield AnswerDelta("\n\n" + summary_text)
        draft.text = table + ("\n\n" + summary_text if summary_text else "")
        draft.sentences = sentences + summary_sentences
        used = {n: 1.0 for s in draft.sentences for n in s.citations}
        draft.citations = citations_for(used, {e.n: e for e in evidence}, urls)
        yield draft

    def _list(self, draft: Answer) -> Iterator[StreamEvent]:
        total = len(self._retriever.papers)
        limit = min(total, self._settings.list_max_corpus)
        hits = self._retrieve(draft, limit)
        named = self._retriever.named(draft.standalone_question)
        terms = [t for t in question_terms(draft.standalone_question,
                                           exclude=list(named.values()))
                 if t not in _LIST_FILLER]
        weights = {t: self._retriever.idf(t) for t in terms}
        mass = sum(weights.values()) or 1.0

        def cover(words: set[str]) -> float:
            return sum(w for t, w in weights.items() if t in words) / mass

        chosen: list[tuple[Hit, int]] = []
        for hit in hits:
            # A paper qualifies on its whole abstract; its best sentence is what gets cited.
            if cover(set(tokenize(hit.chunk.text))) < 0.6:
                continue
            title_words = set(tokenize(hit.title))
            best = max(hit.chunk.sentences, default=None,
                       key=lambda s: (cover(set(tokenize(s.text)) | title_words), -s.index))
            if best is not None:
                chosen.append((hit, best.index))
        draft.considered = (len(hits), total)
        if not chosen:
            yield self._abstain(draft, f"no paper matched (considered {len(hits)} of {total})")
            return
        evidence: list[Evidence] = []
        lines: list[str] = []
        sentences: list[AnswerSentence] = []
        for rank, (hit, index) in enumerate(chosen, start=1):
            sentence = hit.chunk.sentences[index]
            item = Evidence(n=len(evidence) + 1, paper_id=hit.paper_id, title=hit.title,
                            chunk_id=hit.chunk.id, text=sentence.text, start=sentence.start,
                            end=sentence.end)
            evidence.append(item)
            quote = shorten(sentence.text, 40)
            lines.append(f"{rank}. **{short_title(hit.title)}**: {quote} [{item.n}]")
            sentences.append(AnswerSentence(text=quote, citations=[item.n], supported=True,
                                            support=1.0))
        footer = f"\n\n_Considered {len(hits)} of {total} papers._"
        draft.text = "\n".join(lines) + footer
        draft.evidence = evidence
        draft.hits = [hit for hit, _ in chosen]
        draft.sentences = sentences
        urls = {h.paper_id: h.url for h in draft.hits}
        draft.citations = citations_for({e.n: 1.0 for e in evidence}, {e.n: e for e in evidence},
                                        urls)
        yield AnswerDelta(draft.text)
        yield draft


def compose_extractive(question: str, evidence: Sequence[Evidence], idf) -> str:  # type: ignore[no-untyped-def]
    """An answer made of the evidence sentences that best match the question, each cited.

    Deterministic and model-free: the fallback provider and the baseline for the eval.
    """
    terms = set(question_terms(question))
    scored = []
    for item in evidence:
        words = set(tokenize(item.text))
        score = sum(idf(t) for t in terms & words)
        if re.search(r"\b(we (propose|introduce|present|develop)|this paper)\b", item.text, re.I):
            score += 1.0
        scored.append((score, -item.n, item))
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    picked = sorted((s[2] for s in scored[:3] if s[0] > 0), key=lambda e: e.n) or \
        [s[2] for s in scored[:1]]
    picked = _with_enumeration(picked, evidence)
    parts = []
    for item in picked:
        text = item.text.strip()
        if text.endswith((".", "!", "?")):
            text = text[:-1]
        parts.append(f"{text} [{item.n}].")
    return " ".join(parts)


_ENUMERATION_START = re.compile(r"\((1|i|a)\)|(?<!\w)1\)")
_ENUMERATION_ITEM = re.compile(r"^\s*\(?(\d|[ivx]+|[b-h])\)")


def _with_enumeration(picked: list[Evidence], evidence: Sequence[Evidence]) -> list[Evidence]:
    """A picked "three modules: (1) ..." sentence brings its "(2) ...", "(3) ..." sentences.

    Abstracts often end each enumerated item with a full stop; without its siblings the
    first item alone misleads ("the three modules are: Dynamic Recruitment").
    """
    by_n = {e.n: e for e in evidence}
    result = list(picked)
    for item in picked:
        if not _ENUMERATION_START.search(item.text):
            continue
        n = item.n + 1
        while (n in by_n and by_n[n].paper_id == item.paper_id
               and _ENUMERATION_ITEM.match(by_n[n].text) and len(result) < 6):
            if by_n[n] not in result:
                result.append(by_n[n])
            n += 1
    return sorted(result, key=lambda e: e.n)


def _short(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


__all__ = ["AnswerDelta", "AnswerEngine", "StreamEvent", "compose_extractive", "condense",
           "detect_mode", "parse_markers", "support"]
