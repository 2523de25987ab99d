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
    number_evidence,
    parse_markers,
    render_evidence,
    support,
    verify,
)
from assistant.errors import ProviderError, QuestionError
from assistant.names import title_name
from assistant.tokens import count_tokens
from assistant.types import (
    ABSTAIN_SENTENCE,
    Answer,
    AnswerMode,
    AnswerSentence,
    ChatTurn,
    Evidence,
    Hit,
    TokenCounts,
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
_DEFAULT_ASPECTS = {
    "task": "task problem goal challenge address",
    "approach": "propose method framework approach introduce design",
    "data": "data training dataset synthesize generate samples trajectories",
    "results": "results outperform achieve improve benchmark accuracy performance",
}
_WHICH_ONE = re.compile(
    r"^\s*(which|what)\s+(one\s+)?(paper|work|method|approach|study|report|framework|system|"
    r"model|technique|benchmark|survey)\b", re.I)
_NOT_STATED = "Not stated in the abstract."
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
    if _COMPARE.search(question):
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
    return f"{previous[-1].rstrip()} {question}"


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
            whole = {h.paper_id: [s.index for s in h.chunk.sentences] for h in focus}
            return number_evidence(focus, whole, budget, count_tokens)
        if not hits:
            return []
        # Without a name, the top paper answers; close runners-up add context, weak ones noise.
        close = [h for h in hits[:3] if h.score >= 0.9 * hits[0].score]
        return number_evidence(close, None, budget, count_tokens)

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
        checked = verify(text, draft.evidence, self._settings.min_support, urls)
        draft.warnings.extend(checked.warnings)
        if not checked.sentences and self._model is not None:
            # The model's prose could not be tied to the evidence: show the evidence instead.
            draft.warnings.append("model answer unsupported; showing the best evidence instead")
            fallback = compose_extractive(draft.standalone_question, draft.evidence,
                                          self._retriever.idf)
            checked = verify(fallback, draft.evidence, self._settings.min_support, urls)
        if not checked.sentences:
            return self._abstain(draft, "no sentence of the answer is supported by the evidence")
        draft.sentences = checked.sentences
        draft.citations = checked.citations
        draft.text = checked.text
        return draft

    def _compare(self, draft: Answer, k: int | None) -> Iterator[StreamEvent]:
        hits = self._retrieve(draft, max(k or 0, 6))
        named = self._retriever.named(draft.standalone_question)
        rows = [h for h in hits if h.paper_id in named] if len(named) >= 2 else hits[:3]
        if len(rows) < 2 or self.relevance(draft.standalone_question, rows) < self._settings.abstain_below:
            yield self._abstain(draft, "could not find two papers to compare")
            return
        aspects = parse_aspects(draft.standalone_question)
        table, evidence, sentences = self._build_table(rows, aspects, named)
        draft.evidence = evidence
        draft.hits = rows
        urls = {h.paper_id: h.url for h in rows}
        yield AnswerDelta(table)
        summary_sentences: list[AnswerSentence] = []
        summary_text = ""
        if self._model is not None:
            try:
                raw = "".join(self._generate(self._summary_prompt, draft, evidence))
                checked = verify(raw, evidence, self._settings.min_support, urls)
                summary_sentences = checked.sentences
                summary_text = checked.text
                draft.warnings.extend(checked.warnings)
            except ProviderError as exc:
                draft.warnings.append(f"summary skipped: {exc}")
        if summary_text:
            yield AnswerDelta("\n\n" + summary_text)
        draft.text = table + ("\n\n" + summary_text if summary_text else "")
        draft.sentences = sentences + summary_sentences
        used = {n: 1.0 for s in draft.sentences for n in s.citations}
        draft.citations = citations_for(used, {e.n: e for e in evidence}, urls)
        yield draft

    def _build_table(self, rows: Sequence[Hit], aspects: dict[str, str], named: dict[str, str]
                     ) -> tuple[str, list[Evidence], list[AnswerSentence]]:
        evidence: list[Evidence] = []
        sentences: list[AnswerSentence] = []
        header = "| Paper | " + " | ".join(a.capitalize() for a in aspects) + " |"
        lines = [header, "|" + " --- |" * (len(aspects) + 1)]
        for hit in rows:
            cells: list[str] = []
            used: set[int] = set()
            for aspect, query in aspects.items():
                index = self._best_sentence_for(hit, query, used)
                if index is None:
                    cells.append(_NOT_STATED)
                    continue
                used.add(index)
                sentence = hit.chunk.sentences[index]
                item = Evidence(n=len(evidence) + 1, paper_id=hit.paper_id, title=hit.title,
                                chunk_id=hit.chunk.id, text=sentence.text, start=sentence.start,
                                end=sentence.end)
                evidence.append(item)
                cell = shorten(sentence.text)
                cells.append(f"{_cell(cell)} [{item.n}]")
                sentences.append(AnswerSentence(text=f"{aspect}: {cell}", citations=[item.n],
                                                supported=True, support=1.0))
            name = _cell(_short_title(hit.title, named.get(hit.paper_id)))
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        return "\n".join(lines), evidence, sentences

    def _best_sentence_for(self, hit: Hit, aspect_query: str, used: set[int]) -> int | None:
        terms = set(tokenize(aspect_query))
        best, best_score = None, 0.0
        for sentence in hit.chunk.sentences:
            words = set(tokenize(sentence.text))
            score = sum(self._retriever.idf(t) for t in terms & words)
            if sentence.index in used:
                score *= 0.5
            if score > best_score:
                best, best_score = sentence.index, score
        return best

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
            lines.append(f"{rank}. **{_short_title(hit.title)}**: {quote} [{item.n}]")
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
    parts = []
    if _WHICH_ONE.search(question) and picked:
        # "Which paper ...?" is answered by naming it.
        parts.append(f"The paper is \u201c{picked[0].title}\u201d [{picked[0].n}].")
    for item in picked:
        text = item.text.strip()
        if text.endswith((".", "!", "?")):
            text = text[:-1]
        parts.append(f"{text} [{item.n}].")
    return " ".join(parts)


def parse_aspects(question: str) -> dict[str, str]:
    """Aspects a comparison asks about ("on how they make training data"), else the defaults."""
    match = re.search(r"\b(?:on|in terms of|regarding|with respect to|by)\s+(.+?)\s*[?.]?$",
                      question, re.I)
    if not match:
        return dict(_DEFAULT_ASPECTS)
    text = match.group(1)
    parts = [p.strip() for p in re.split(r",|\band\b|;", text) if p.strip()]
    aspects = {}
    for part in parts[:4]:
        words = [w for w in re.findall(r"[A-Za-z0-9-]+", part)
                 if w.lower() not in {"how", "they", "their", "the", "what", "do", "does"}]
        if words:
            label = " ".join(words[:4])
            aspects[label] = " ".join(words) + " " + " ".join(
                v for k, v in _DEFAULT_ASPECTS.items() if k in part.lower())
    return aspects or dict(_DEFAULT_ASPECTS)


def shorten(text: str, max_words: int = 30) -> str:
    words = text.split()
    if len(words) <= max_words:
        return text.strip()
    return " ".join(words[:max_words]).rstrip(",;:") + " …"


def _cell(text: str) -> str:
    """Table-safe: a pipe or newline in paper text must not break the Markdown table."""
    return text.replace("|", "\\|").replace("\n", " ")


def _short_title(title: str, alias: str | None = None) -> str:
    """'rStar-Math' for 'rStar-Math: Small LLMs ...'; else the name the question used."""
    head = title_name(title)
    if head:
        return head
    if alias:
        return alias
    return title if len(title) <= 70 else title[:70].rsplit(" ", 1)[0] + " …"


def _short(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]


__all__ = ["AnswerDelta", "AnswerEngine", "StreamEvent", "compose_extractive", "condense",
           "detect_mode", "parse_markers", "support"]
