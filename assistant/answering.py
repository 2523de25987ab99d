"""The answer engine: a few typed stages, each testable alone.

    understand(question, history, collection) -> QuestionPlan     understanding.py
    retrieve(plan) -> hits                                          retrieval.py
    answerability(plan, hits) -> Answerability                    answerability.py
    compose(plan, evidence, model) -> draft  (one per intent)       composers/, comparison.py
    verify(draft, evidence) -> Answer                               citations.py

The app, not the model, owns structure: it numbers the evidence, builds comparison tables and
paper lists itself with a citation in every cell, and checks every citation the model writes.
The model only writes prose from numbered evidence (an LCEL chain: prompt | model | parser), and
is never called when the papers cannot answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from assistant.answerability import (
    SPECULATIVE,
    SentenceScorer,
    abstention_text,
    assess,
    focus_hits,
    holds_value,
    shipped_calibration,
)
from assistant.citations import (
    Numbering,
    Verified,
    citations_for,
    evidence_tokens,
    number_evidence,
    render_evidence,
    verify,
)
from assistant.comparison import (
    CellWeights,
    TableBuilder,
    aspect_queries,
    listed,
    short_title,
    shorten,
)
from assistant.composers.collection import (
    ListCalibration,
    Qualified,
    describe_criterion,
    facet_names,
    qualify,
)
from assistant.composers.extractive import (
    SentenceWeights,
    asked_values,
    cite_sentences,
    compose_extractive,
    enumeration_siblings,
    gives_asked_value,
    holds_listed_value,
    names_asked_kind,
    pick_scored,
    score_sentences,
)
from assistant.composers.pointed import lead_with, read_pointer
from assistant.composers.table import LiteratureTableBuilder, to_markdown
from assistant.errors import ProviderError, QuestionError
from assistant.events import (  # re-exported: interfaces import the stream's events from here
    AnswerDelta,
    CellFilled,
    Progress,
    StreamEvent,
    run_to_end,
)
from assistant.names import normalise, own_names
from assistant.sides import SideResolver, SideWeights
from assistant.text import (
    counted,
    in_number,
    squash,
    squashed_words,
    tokenize,
    variant_match,
)
from assistant.tokens import count_tokens
from assistant.types import (
    COLLECTION_INTENTS,
    MODES,
    Answer,
    Answerability,
    AnswerSentence,
    ChatTurn,
    Evidence,
    Hit,
    Paper,
    QuestionPlan,
)
from assistant.understanding import display_name, measure_stems, scaffold, understand
from prompts import load_prompt

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.runnables import Runnable

    from assistant.retrieval import HybridRetriever
    from assistant.settings import AnswerSettings


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


class AnswerEngine:
    """Answers questions from a retriever and an optional chat model (None = extractive)."""

    def __init__(self, retriever: HybridRetriever, chat_model: BaseChatModel | None,
                 settings: AnswerSettings, *, provider: str = "local"):
        self._retriever = retriever
        self._model = chat_model
        self._settings = settings
        self.provider = provider if chat_model is not None else "extractive"
        embeddings = retriever.embeddings
        self._scorer = SentenceScorer(embeddings.embed_query, embeddings.embed_documents,
                                      retriever.stored_vectors) \
            if embeddings is not None else None
        self._calibration = shipped_calibration()
        self._lists = ListCalibration(**self._calibration.extra.get("list", {}))
        self.cell_weights = CellWeights.from_json(self._calibration.extra.get("comparison", {}))
        self.sentence_weights = SentenceWeights(**self._calibration.extra.get("extractive", {}))
        self.sides = SideResolver(
            lambda text, k: self._retriever.search(text, k), retriever.idf, scaffold(),
            SideWeights.from_json(self._calibration.extra.get("sides", {})),
            lambda pid: _paper_text(retriever.papers.get(pid)))
        # Loaded now so a prompt whose variables do not match fails at start-up.
        self._answer_prompt = load_prompt("answer", {"evidence", "question"})
        self._summary_prompt = load_prompt("summary", {"evidence", "question"})
        self._point_prompt = load_prompt("point", {"evidence", "question"})

    # --- public --------------------------------------------------------------------------

    def answer(self, question: str, history: Sequence[ChatTurn] = (), *, mode: str = "auto",
               k: int | None = None, papers: Sequence[str] = ()) -> Answer:
        final = None
        for event in self.stream(question, history, mode=mode, k=k, papers=papers):
            if isinstance(event, Answer):
                final = event
        if final is None:  # stream() always ends with an Answer; this guards refactors
            raise RuntimeError("the answer stream ended without an answer")
        return final

    def plan(self, question: str, history: Sequence[ChatTurn] = (), mode: str = "auto",
             papers: Sequence[str] = ()) -> QuestionPlan:
        """Stage 1: what the question asks (a forced mode overrides the intent; chosen `papers`
        restrict it to those papers)."""
        question = check_question(question, self._settings.max_question_chars)
        if mode not in MODES:
            raise QuestionError(f"unknown answer mode {mode!r}")
        plan = understand(question, history, self._retriever, self.sides.resolve)
        forced = {"comparison": "comparison", "list": "list"}.get(mode)
        if forced == "comparison" and len(plan.subjects) < 2:
            forced = None  # one paper cannot be compared: a second one would be arbitrary
        if mode == "single" and plan.intent in ("comparison", *COLLECTION_INTENTS):
            forced = "fact"
        if forced and forced != plan.intent:
            plan = plan.model_copy(update={"intent": forced,
                                           "reasons": plan.reasons + [f"mode {mode} chosen"]})
        return self._scoped(plan, papers) if papers else plan

    def _scoped(self, plan: QuestionPlan, papers: Sequence[str]) -> QuestionPlan:
        """The plan restricted to the papers the user chose: a list is filtered to them, any
        other question is about them (the named ones among them, else all of them)."""
        chosen = [p for p in dict.fromkeys(papers) if p in self._retriever.papers]
        if not chosen:
            raise QuestionError("none of the chosen papers is in the collection")
        reasons = plan.reasons + [f"scoped to {len(chosen)} chosen paper(s)"]
        if plan.intent in COLLECTION_INTENTS:
            return plan.model_copy(update={"scope": chosen, "scope_chosen": True,
                                           "reasons": reasons})
        subjects = [p for p in plan.subjects if p in chosen] or chosen
        names = {p: display_name(self._retriever, p) for p in subjects}
        intent = plan.intent
        if intent == "comparison" and len(subjects) < 2:
            intent = "fact"
        return plan.model_copy(update={"subjects": subjects, "subject_names": names,
                                       "intent": intent, "unknown_names": [],
                                       "reasons": reasons})

    def assess(self, plan: QuestionPlan, k: int | None = None) -> tuple[list[Hit], Answerability]:
        """Stages 2 and 3 for a single-paper question: the hits and whether they answer."""
        hits = self._retrieve(plan, k)
        return hits, assess(plan, hits, self._retriever.papers, self._retriever.idf,
                            self._scorer, self._calibration, self._retriever.knows)

    def stream(self, question: str, history: Sequence[ChatTurn] = (), *, mode: str = "auto",
               k: int | None = None, papers: Sequence[str] = ()) -> Iterator[StreamEvent]:
        """Stages, table cells and text as they are composed, then the verified Answer."""
        started = time.perf_counter()
        check_question(question, self._settings.max_question_chars)
        shown = Progress("finding papers")
        yield shown  # before any work (understanding resolves names in the collection)
        plan = self.plan(question, history, mode, papers)
        draft = Answer(question=plan.question, standalone_question=plan.standalone, text="",
                       mode=plan.mode, provider=self.provider, plan=plan)
        events: Iterator[StreamEvent]
        if plan.speculative:
            events = iter([self._abstain(draft, SPECULATIVE)])
        elif plan.intent == "comparison":
            events = self._compare(draft, plan, k)
        elif plan.intent == "table":
            events = self._table(draft, plan)
        elif plan.intent in ("list", "count"):
            events = self._list(draft, plan)
        else:
            events = self._single(draft, plan, k)
        for event in events:
            if isinstance(event, Progress):
                if event == shown:
                    continue
                shown = event
            if isinstance(event, Answer):
                event.timings["total"] = round(time.perf_counter() - started, 3)
                if not event.subjects and not event.abstained:
                    event.subjects = list(dict.fromkeys(c.paper_id for c in event.citations))
            yield event

    # --- stages --------------------------------------------------------------------------

    def _retrieve(self, plan: QuestionPlan, k: int | None) -> list[Hit]:
        ids = plan.subjects or plan.scope
        if ids:
            hits = self._retriever.hits_for(plan.standalone, ids)
            if plan.scope and not plan.subjects:
                hits.sort(key=lambda h: -h.score)
            return hits
        return self._retriever.search(plan.standalone, k)

    def _abstain(self, draft: Answer, reason: str, closest: Evidence | None = None) -> Answer:
        text = abstention_text(reason)
        draft.sentences = [AnswerSentence(text=text, supported=True, support=1.0)]
        draft.citations = []
        if closest is not None:
            # What the paper does say, so the user sees what is known.
            quote = shorten(closest.text, 40)
            note = f"The closest it says: \u201c{quote}\u201d [{closest.n}]."
            draft.evidence = [closest]
            draft.sentences.append(AnswerSentence(text=f"The closest it says: {quote}",
                                                  citations=[closest.n], supported=False,
                                                  support=0.0))
            draft.citations = citations_for({closest.n: 0.0}, {closest.n: closest},
                                            {h.paper_id: h.url for h in draft.hits})
            text = f"{text} {note}"
        draft.text = text
        draft.abstained = True
        draft.subjects = list(draft.plan.subjects) if draft.plan else []
        draft.warnings.append(reason)
        return draft

    def _single(self, draft: Answer, plan: QuestionPlan, k: int | None
                ) -> Iterator[StreamEvent]:
        yield Progress("finding papers")
        t0 = time.perf_counter()
        hits, verdict = self.assess(plan, k)
        draft.timings["retrieval"] = round(time.perf_counter() - t0, 3)
        draft.hits = hits
        draft.answerability = verdict
        if verdict.verdict == "abstain":
            yield self._abstain(draft, verdict.reason, self._closest(plan, hits))
            return
        extractive = self._model is None or (plan.intent == "describe" and self._points())
        pointing = plan.intent in ("fact", "which_paper") and self._points()
        # Whatever picks sentences itself reads the papers whole; a model writing the answer
        # gets what fits its prompt.
        evidence = self._evidence(plan, hits, whole=extractive or pointing)
        draft.evidence = evidence
        # Streamed text shows one number per paper, given as papers first appear; the
        # verified answer reuses them (Numbering).
        numbering = Numbering(evidence)
        read = len({e.paper_id for e in evidence})
        yield Progress(f"reading {read} {in_number(read, 'paper')}")
        if extractive:
            # A pointing model is not asked to summarise a paper: the paper's own "we
            # propose ..." sentences say it with every specific intact.
            text = self._extractive(plan, evidence)
            yield AnswerDelta(numbering.text(text))
            yield self._finish(draft, plan, text, numbering)
            return
        if pointing:
            yield Progress("finding the answer")
            budgeted = {(e.paper_id, e.start) for e in self._evidence(plan, hits)}
            text = self._pointed(plan, draft, evidence,
                                 [e for e in evidence if (e.paper_id, e.start) in budgeted])
            yield AnswerDelta(numbering.text(text))
            yield self._finish(draft, plan, text, numbering)
            return
        yield Progress("writing")
        streamed: list[str] = []
        marks = numbering.stream()
        for piece in self._generate(self._answer_prompt, draft, evidence):
            streamed.append(piece)
            if shown := marks.feed(piece):
                yield AnswerDelta(shown)
        if rest := marks.flush():
            yield AnswerDelta(rest)
        yield self._finish(draft, plan, "".join(streamed), numbering)

    def _extractive(self, plan: QuestionPlan, evidence: Sequence[Evidence]) -> str:
        """The extractive answer to `plan` from `evidence`, by this engine's fitted weights."""
        return compose_extractive(plan, evidence, self._retriever.idf, meaning=self.meaning,
                                  weights=self.sentence_weights,
                                  values=self.asked_values(plan, evidence))

    def asked_values(self, plan: QuestionPlan, evidence: Sequence[Evidence]
                     ) -> dict[str, list[str]]:
        """The evidence papers' facet names of the kind a fact question asks for."""
        papers = self._retriever.papers
        return asked_values(plan, {e.paper_id: papers[e.paper_id] for e in evidence
                                   if e.paper_id in papers})

    def _points(self) -> bool:
        role = self._settings.model_role
        return role == "point" or (role == "auto" and self.provider == "local")

    def _pointed(self, plan: QuestionPlan, draft: Answer, evidence: Sequence[Evidence],
                 shown: Sequence[Evidence]) -> str:
        """The sentence holding the words the model copies from `shown` (the part of the
        evidence its prompt holds, numbered as in it), then the extractive picks from all of
        `evidence`; the extractive answer alone when the copied words are not in it."""
        values = self.asked_values(plan, evidence)
        scored = score_sentences(plan, evidence, self._retriever.idf, self.meaning,
                                 self.sentence_weights, values)
        picks = pick_scored(plan, evidence, scored, weights=self.sentence_weights, values=values,
                            idf=self._retriever.idf)
        # One line of copied words: a longer reply is the model explaining, not pointing.
        reply = "".join(self._generate(self._point_prompt, draft, shown, stop=["\n"],
                                       max_completion_tokens=_POINTER_TOKENS))
        pointer = read_pointer(reply, evidence, picks)
        # The model chooses among the sentences the app finds plausible: within the fitted
        # runner-up share of the best score, like a second sentence of an extractive answer.
        scores = {e.n: score for score, e in scored}
        floor = self.sentence_weights.runner_up * max(scores.values(), default=0.0)
        if pointer is not None and scores.get(pointer.evidence.n, 0.0) < floor:
            draft.warnings.append(f"the model pointed at a sentence that barely answers "
                                  f"({reply.strip()[:120]!r}); showing the extractive answer")
            return cite_sentences(picks)
        if pointer is not None and picks and plan.intent == "fact" and \
                gives_asked_value(plan, picks[0], values) and \
                not gives_asked_value(plan, pointer.evidence, values):
            # Asked for a value of some kind ("which agent ..."), the answer opens with a
            # sentence giving one, as the extractive picks do.
            draft.warnings.append(f"the model pointed at a sentence without the asked kind of "
                                  f"value ({reply.strip()[:120]!r}); showing the extractive "
                                  "answer")
            return cite_sentences(picks)
        if pointer is None:
            draft.warnings.append(f"the model's pointer ({reply.strip()[:120]!r}) is not in "
                                  "the evidence; showing the extractive answer")
            return cite_sentences(picks)
        return cite_sentences(lead_with(pointer, picks, evidence))

    def _closest(self, plan: QuestionPlan, hits: Sequence[Hit]) -> Evidence | None:
        """The subject paper's sentence nearest the question, shown beside an abstention."""
        if not plan.subjects:
            return None
        focus = focus_hits(plan, hits)
        if not focus or not focus[0].sentence_ids:
            return None
        hit = focus[0]
        sentence = hit.chunk.sentences[hit.sentence_ids[0]]
        return Evidence(n=1, paper_id=hit.paper_id, title=hit.title, chunk_id=hit.chunk.id,
                        text=sentence.text, start=sentence.start, end=sentence.end,
                        page=sentence.page, section=hit.chunk.section)

    def evidence(self, plan: QuestionPlan, hits: Sequence[Hit]) -> list[Evidence]:
        """The numbered sentences an extractive answer to `plan` picks from (for fitting and
        tools)."""
        return self._evidence(plan, hits, whole=True)

    def _evidence(self, plan: QuestionPlan, hits: Sequence[Hit], *, whole: bool = False
                  ) -> list[Evidence]:
        """`whole`: every sentence of the answering papers (the subjects, else the top paper),
        for the extractive composer, whose fitted scores choose among them; a prompt gets only
        the sentences that fit its token budget (prompt size sets the model's first-token
        time)."""
        budget = self._settings.evidence_token_budget
        if whole and plan.subjects:
            focus = [h for h in hits if h.paper_id in plan.subjects]
            return number_evidence(focus, _every_sentence(focus))
        if whole and hits:
            close = [h for h in hits[:3] if h.score >= 0.9 * hits[0].score]
            # The top paper read whole: its answering sentence need not be among the few the
            # retriever marked; close runners-up keep their marked sentences.
            return number_evidence(close, _every_sentence(close[:1]))
        if plan.subjects:
            # A question about named papers gets those papers' abstracts, nothing else; a fact
            # question only the sentences that speak of what it asks (a summary needs them all).
            focus = [h for h in hits if h.paper_id in plan.subjects]
            chosen = self._fit(plan, focus, budget)
            if plan.intent == "fact" and (plan.focus_terms or plan.asked_for != "other"):
                chosen = self._relevant(plan, focus, chosen)
            return number_evidence(focus, chosen, budget, count_tokens)
        if not hits:
            return []
        # Without a name, the top paper answers; close runners-up add context, weak ones noise.
        close = [h for h in hits[:3] if h.score >= 0.9 * hits[0].score]
        return number_evidence(close, None, budget, count_tokens)


    def table_builder(self, weights: CellWeights | None = None) -> TableBuilder:
        """What chooses a comparison's cells, over this engine's idf and embedder."""
        return TableBuilder(self._retriever.idf, self._scorer, weights or self.cell_weights)

    def meaning(self, question: str, texts: Sequence[str]) -> list[float]:
        """Cosine of a question to each text (sentence vectors cached); [] without an
        embedder."""
        return self._scorer.each(question, texts) if self._scorer is not None else []

    def _relevant(self, plan: QuestionPlan, hits: Sequence[Hit],
                  chosen: dict[str, list[int]]) -> dict[str, list[int]]:
        """Of each paper's chosen sentences: those sharing a content word with the question or
        holding a value of the asked kind, and the two closest to it in meaning."""
        wanted = set(plan.focus_terms)
        kept: dict[str, list[int]] = {}
        for hit in hits:
            candidates = chosen.get(hit.paper_id, [])
            texts = [hit.chunk.sentences[i].text for i in candidates]
            closest = sorted(zip(self.meaning(plan.sentence_query, texts), candidates,
                                 strict=False), reverse=True)[:2]
            indexes = {i for i, text in zip(candidates, texts, strict=True)
                       if wanted & set(tokenize(text))
                       or (plan.asked_for == "name" and names_asked_kind(plan, text, hit.title))
                       or (plan.asked_for not in ("other", "name")
                           and holds_value(plan, text, hit.title))}
            indexes |= {i for _, i in closest}
            kept[hit.paper_id] = sorted(enumeration_siblings(hit, indexes, candidates)) \
                or sorted(hit.sentence_ids[:2])
        return kept

    def _fit(self, plan: QuestionPlan, hits: Sequence[Hit], budget: int
             ) -> dict[str, list[int]]:
        """Sentences of each paper that fit the token budget: all of them when they fit, else
        those holding a name of the asked kind the paper's facets list (its base models for
        "which base models ..."), then the ones sharing the question's rarest words, kept in
        their abstract's order.

        The prompt's length sets the local model's first-token time, and a long abstract's
        closing sentences would otherwise be cut whatever the question asked.
        """
        sentences = [(hit.paper_id, s) for hit in hits for s in hit.chunk.sentences]
        cost = {(pid, s.index): evidence_tokens(s.text, count_tokens) for pid, s in sentences}
        if sum(cost.values()) <= budget:
            return {h.paper_id: [s.index for s in h.chunk.sentences] for h in hits}
        papers = self._retriever.papers
        values = asked_values(plan, {h.paper_id: papers[h.paper_id] for h in hits
                                     if h.paper_id in papers})
        wanted = set(tokenize(plan.sentence_query))
        ranked = sorted(sentences, key=lambda item: (
            not holds_listed_value(values, item[0], item[1].text),
            -sum(self._retriever.idf(t) for t in wanted & set(tokenize(item[1].text))),
            item[1].index))
        chosen: dict[str, list[int]] = {h.paper_id: [] for h in hits}
        used = 0
        for pid, sentence in ranked:
            if used + cost[(pid, sentence.index)] <= budget:
                used += cost[(pid, sentence.index)]
                chosen[pid].append(sentence.index)
        return {pid: sorted(indexes) for pid, indexes in chosen.items()}


    def _generate(self, prompt: object, draft: Answer, evidence: Sequence[Evidence],
                  **bound: object) -> Iterator[str]:
        chain = self._chain(prompt, **bound)
        question = draft.plan.model_question if draft.plan else draft.standalone_question
        inputs = {"evidence": render_evidence(evidence), "question": question}
        draft.tokens.prompt += count_tokens(render_evidence(evidence)) + count_tokens(
            question) + 120
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

    def _chain(self, prompt: object, **bound: object) -> Runnable:
        from langchain_core.output_parsers import StrOutputParser

        model = self._model.bind(**bound) if bound and self._model is not None else self._model
        return prompt | model | StrOutputParser()  # type: ignore[operator]  # LCEL's | is typed on Runnable; the chat model is one at run time


    def _finish(self, draft: Answer, plan: QuestionPlan, text: str,
                numbering: Numbering) -> Answer:
        """Verify the model's (or composer's) text against the evidence; number the citations
        as the streamed text did."""
        urls = {h.paper_id: h.url for h in draft.hits}
        checked = verify(text, draft.evidence, self._settings.min_support, urls,
                         plan.standalone, names=self._retriever.named)
        draft.warnings.extend(checked.warnings)
        if not checked.sentences and self._model is not None:
            # The model's prose could not be tied to the evidence: show the evidence instead.
            draft.warnings.append("model answer unsupported; showing the best evidence instead")
            fallback = self._extractive(plan, draft.evidence)
            checked = verify(fallback, draft.evidence, self._settings.min_support, urls,
                             plan.standalone, names=self._retriever.named)
        if not checked.sentences:
            return self._abstain(draft, "No sentence of the papers supports an answer.")
        if plan.intent == "which_paper":
            # "Which paper ...?" is answered by naming it, whatever the model wrote.
            n = checked.sentences[0].citations[0]
            cited = next(e for e in draft.evidence if e.n == n)
            alias = self._alias(cited.paper_id, cited.title)
            checked.sentences.insert(0, AnswerSentence(
                text=f"The paper is \u201c{cited.title}\u201d{alias}.", citations=[n],
                supported=True, support=1.0))
        checked = numbering.apply(checked)
        draft.sentences = checked.sentences
        draft.citations = checked.citations
        draft.text = checked.text
        return draft


    def _alias(self, paper_id: str, title: str) -> str:
        """' (UPO)' when the abstract names its method and the title does not say it."""
        paper = self._retriever.papers.get(paper_id)
        if paper is None:
            return ""
        names = sorted((n for n in own_names(paper) if normalise(n) not in normalise(title)),
                       key=len)
        return f" ({names[0]})" if names else ""


    def _compare(self, draft: Answer, plan: QuestionPlan, k: int | None
                 ) -> Iterator[StreamEvent]:
        yield Progress("finding papers")
        if plan.unknown_names:
            missing = ", ".join(plan.unknown_names[:2])
            yield self._abstain(draft, f"The collection has no paper on {missing}.")
            return
        rows = self._retriever.hits_for(plan.standalone, plan.subjects)
        if len(rows) < 2:
            other, missing = self._other_side(plan, rows)
            if other is None:
                yield self._abstain(draft, missing)
                return
            rows.append(other)
        if plan.verdict_on and not any(
                measure_stems(plan.verdict_on) & set(self._retriever.text_tokens.get(
                    h.paper_id, [])) for h in rows):
            # "which is cheaper to train?" where no compared abstract speaks of cost at all:
            # no table of other sentences can give the verdict.
            shown = [short_title(h.title, plan.subject_names.get(h.paper_id)) for h in rows]
            who = (f"Neither the {shown[0]} nor the {shown[1]} abstract" if len(shown) == 2
                   else f"None of the abstracts of {listed(shown)}")
            yield self._abstain(draft, f"{who} says anything about "
                                       f"\u201c{plan.verdict_on}\u201d.")
            return
        yield Progress(f"reading {len(rows)} papers")
        aspects = aspect_queries(plan.aspects)
        builder = self.table_builder()
        yield builder.skeleton(rows, aspects, plan.subject_names)
        # A cell cites one of its paper's sentences; the reader sees one number per paper,
        # given as the cells arrive.
        numbering = Numbering([])
        built = yield from _numbered(builder.fill(rows, aspects, plan.subject_names),
                                     numbering)
        evidence = built.evidence
        numbering.learn(evidence)
        draft.evidence = evidence
        draft.hits = rows
        draft.subjects = [h.paper_id for h in rows]
        urls = {h.paper_id: h.url for h in rows}
        table = numbering.text(built.markdown)
        in_cells = built.sentences
        cells = Verified(sentences=in_cells, citations=citations_for(
            {n: 1.0 for s in in_cells for n in s.citations}, {e.n: e for e in evidence}, urls))
        yield AnswerDelta(table)
        summary = Verified()
        if self._model is not None and not self._points():
            yield Progress("writing")
            try:
                raw = "".join(self._generate(self._summary_prompt, draft, evidence))
                checked = verify(raw, evidence, self._settings.min_support, urls,
                                 plan.standalone, names=self._retriever.named)
                draft.warnings.extend(checked.warnings)
                covered = {c.paper_id for c in checked.citations}
                if len(covered) >= 2:
                    summary = checked
                else:  # a summary resting on one paper does not compare anything
                    draft.warnings.append("summary skipped: it cited only one paper")
            except ProviderError as exc:
                draft.warnings.append(f"summary skipped: {exc}")
        if not summary.sentences and built.summary:
            # No model summary (none asked of a small model: it paraphrases the specifics
            # away): the table's own cited line of what the papers share and what only one of
            # them names, checked like a model's.
            summary = verify(built.synthesis, evidence, self._settings.min_support, urls,
                             plan.standalone, names=self._retriever.named)
            draft.warnings.extend(summary.warnings)
        cells, summary = numbering.apply(cells), numbering.apply(summary)
        if summary.sentences:
            yield AnswerDelta("\n\n" + summary.text)
        draft.text = table + ("\n\n" + summary.text if summary.sentences else "")
        draft.sentences = cells.sentences + summary.sentences
        quoted = {c.evidence for c in cells.citations}
        draft.citations = sorted(
            [*cells.citations, *(c for c in summary.citations if c.evidence not in quoted)],
            key=lambda c: (c.n, c.evidence or 0))
        yield draft

    def _other_side(self, plan: QuestionPlan, rows: Sequence[Hit]) -> tuple[Hit | None, str]:
        """The paper a comparison's unnamed side describes (a system name, "the pruning
        study"), if the collection has one that clearly fits (`sides.SideResolver`, the
        same decision understanding makes); else why there is none."""
        rest = plan.standalone
        for name in plan.subject_names.values():
            rest = re.sub(re.escape(name), " ", rest, flags=re.I)
        found = self.sides.resolve(rest, {h.paper_id for h in rows})
        other = self._retriever.hits_for(plan.standalone, list(found))
        if other:
            return other[0], ""
        side = [e for e in plan.entities if e.lower() in rest.lower()]
        # A name the named paper's abstract writes ("rStar-Math vs DeepSeek-R1 on AIME": AIME
        # is rStar-Math's) is not the side that is missing.
        papers = self._retriever.papers
        written = squashed_words(" ".join(" ".join(_paper_text(papers.get(p)))
                                          for p in plan.subjects))
        missing = [e for e in side if not variant_match(squash(e), written)]
        if missing and plan.subjects:
            name = ", ".join(plan.subject_names.values())
            return None, (f"No paper of the collection is {', '.join(missing[:2])}, and "
                          f"{name}'s abstract does not mention it.")
        described = ", ".join(side) or " ".join(rest.split()[:6])
        return None, f"The collection has no paper on {described}."

    def _qualified(self, plan: QuestionPlan) -> tuple[list[Qualified], int, int]:
        """The papers meeting a list criterion, with how many were considered, of how many."""
        papers = self._retriever.papers
        total = len(papers)
        considered = papers
        if total > self._settings.list_max_corpus:
            # Too many to read one by one: the most relevant ones, and the answer says so.
            found = self._retriever.search(plan.standalone, self._settings.list_max_corpus)
            considered = {h.paper_id: papers[h.paper_id] for h in found if h.paper_id in papers}
        if plan.excluded:  # "which other papers ...": not the ones just discussed
            considered = {pid: p for pid, p in considered.items() if pid not in plan.excluded}
        qualified, _ = qualify(plan, considered, self._retriever.abstract_chunks,
                               self._retriever.idf, self._lists, self._retriever.knows,
                               self.meaning if self._scorer is not None else None)
        n_considered = len(plan.scope) if plan.scope else len(considered)
        return qualified, n_considered, total

    def _matching(self, draft: Answer, plan: QuestionPlan) -> _Matching:
        """The papers meeting a list or table question's criterion, or the abstention to give
        when none does.

        "Which of them ...?" reads the previous answer's papers first; when none of them
        qualifies, the reader still wants the paper that does, so the rest of the collection
        is read and the answer says that none of those did (papers the user chose stay the
        scope; "how many of them ...?" is answered by the count, none)."""
        qualified, n_considered, total = self._qualified(plan)
        what = describe_criterion(plan)
        lead = ""
        if not qualified and plan.intent == "list" and plan.scope and not plan.scope_chosen:
            wider = plan.model_copy(update={"scope": [], "excluded": plan.scope})
            found, n_wider, total = self._qualified(wider)
            n_considered += n_wider
            if found:
                n_scope = len(plan.scope)
                none = (f"None of the {counted(n_scope, 'paper')} of the previous answer "
                        "matches" if n_scope > 1
                        else "The paper of the previous answer does not match")
                lead = f"{none} \u201c{what}\u201d; in the rest of the collection,"
                qualified, plan = found, wider
        draft.considered = (n_considered, total)
        matching = _Matching(plan, qualified, what, n_considered, total, lead)
        if not qualified:
            matching.abstention = self._abstain(
                draft, f"None of the {n_considered} papers considered matches \u201c{what}\u201d.")
        return matching

    def _list(self, draft: Answer, plan: QuestionPlan) -> Iterator[StreamEvent]:
        yield Progress("reading the collection")
        papers = self._retriever.papers
        matching = self._matching(draft, plan)
        if matching.abstention is not None:
            yield matching.abstention
            return
        plan, qualified = matching.plan, matching.qualified
        if plan.intent == "list" and plan.scope and len(qualified) == 1 and not matching.lead:
            # "which of them is about audio deepfakes?" met by one of them: which one, and
            # what it says on that, as a which-paper question is answered.
            yield from self._the_one(draft, plan, qualified[0].paper_id)
            return
        n_considered, total = matching.considered, matching.total
        chunks = self._retriever.abstract_chunks([q.paper_id for q in qualified])
        evidence: list[Evidence] = []
        lines: list[str] = []
        sentences: list[AnswerSentence] = []
        hits: list[Hit] = []
        for rank, q in enumerate(qualified, start=1):
            chunk = chunks[q.paper_id]
            sentence = chunk.sentences[q.sentence]
            paper = papers.get(q.paper_id)
            item = Evidence(n=len(evidence) + 1, paper_id=q.paper_id, title=chunk.title,
                            chunk_id=chunk.id, text=sentence.text, start=sentence.start,
                            end=sentence.end, page=sentence.page, section=chunk.section)
            evidence.append(item)
            hits.append(Hit(paper_id=q.paper_id, title=chunk.title,
                            url=paper.url if paper else None, score=q.score, chunk=chunk,
                            sentence_ids=[q.sentence]))
            quote = shorten(sentence.text, 40)
            lines.append(f"{rank}. **{short_title(chunk.title)}**: {quote} [{item.n}]")
            sentences.append(AnswerSentence(text=quote, citations=[item.n], supported=True,
                                            support=q.score))
        n = len(qualified)
        number = f"**{n}**" if plan.intent == "count" else str(n)
        footer = f"\n\n{_considered(n_considered, total, bool(plan.scope))}"
        draft.text = _head(matching, number) + "\n\n" + "\n".join(lines) + footer
        draft.evidence = evidence
        draft.hits = hits
        draft.sentences = sentences
        draft.subjects = [q.paper_id for q in qualified]
        urls = {h.paper_id: h.url for h in hits}
        draft.citations = citations_for({e.n: 1.0 for e in evidence},
                                        {e.n: e for e in evidence}, urls)
        yield AnswerDelta(draft.text)
        yield draft

    def _the_one(self, draft: Answer, plan: QuestionPlan, paper_id: str
                 ) -> Iterator[StreamEvent]:
        """The answer naming the one paper that meets a filter, with its sentences that
        best answer the question (the paper has met the criterion: no answerability gate)."""
        one = plan.model_copy(update={
            "intent": "which_paper", "subjects": [paper_id], "scope": [],
            "subject_names": {paper_id: display_name(self._retriever, paper_id)}})
        hits = self._retriever.hits_for(plan.standalone, [paper_id])
        evidence = self._evidence(one, hits, whole=True)
        draft.hits, draft.evidence, draft.subjects = hits, evidence, [paper_id]
        numbering = Numbering(evidence)
        text = self._extractive(one, evidence)
        yield AnswerDelta(numbering.text(text))
        yield self._finish(draft, one, text, numbering)

    def _table(self, draft: Answer, plan: QuestionPlan) -> Iterator[StreamEvent]:
        """A literature table: the list's papers as rows, the asked aspects as columns."""
        yield Progress("reading the collection")
        matching = self._matching(draft, plan)
        if matching.abstention is not None:
            yield matching.abstention
            return
        plan, qualified = matching.plan, matching.qualified
        yield Progress(f"reading {len(qualified)} papers")
        names = [n.written for n in facet_names(plan, self._retriever.papers)]
        n = len(qualified)
        head = _head(matching, str(n))
        footer = _considered(matching.considered, matching.total, bool(plan.scope))
        answer = yield from self._filled_table(draft, [q.paper_id for q in qualified],
                                               plan.aspects, names, head, footer)
        yield AnswerDelta(answer.text)
        yield answer

    def fill_table(self, draft: Answer, paper_ids: Sequence[str], columns: Sequence[str],
                   names: Sequence[str] = (), head: str = "", footer: str = "") -> Answer:
        """`draft` completed with a literature table of `paper_ids` (rows, in this order) and
        `columns` (facet kinds or free aspects; the defaults when empty)."""
        return run_to_end(self._filled_table(draft, paper_ids, columns, names, head, footer))

    def _filled_table(self, draft: Answer, paper_ids: Sequence[str], columns: Sequence[str],
                      names: Sequence[str] = (), head: str = "", footer: str = ""
                      ) -> Generator[StreamEvent, None, Answer]:
        """`fill_table`, sending the table's skeleton, then each cell as it is composed."""
        papers = self._retriever.papers
        chunks = self._retriever.abstract_chunks(list(paper_ids))
        builder = LiteratureTableBuilder(self._retriever.idf, self._retriever.embeddings)
        yield builder.skeleton(paper_ids, columns, papers, chunks)
        built = yield from builder.fill(paper_ids, columns, papers, chunks, names)
        draft.table = built.table
        draft.evidence = built.evidence
        draft.sentences = built.sentences
        draft.hits = [Hit(paper_id=row.paper_id, title=row.title, url=row.url, score=1.0,
                          chunk=chunks[row.paper_id]) for row in built.table.rows]
        draft.subjects = [row.paper_id for row in built.table.rows]
        urls = {h.paper_id: h.url for h in draft.hits}
        draft.citations = citations_for({e.n: 1.0 for e in built.evidence},
                                        {e.n: e for e in built.evidence}, urls)
        parts = [head, to_markdown(built.table), footer]
        draft.text = "\n\n".join(p for p in parts if p)
        return draft


_Built = TypeVar("_Built")


_POINTER_TOKENS = 60  # the longest span worth quoting; a sentence is rarely longer


def _every_sentence(hits: Sequence[Hit]) -> dict[str, list[int]]:
    return {h.paper_id: [s.index for s in h.chunk.sentences] for h in hits}


def _numbered(filling: Generator[CellFilled, None, _Built], numbering: Numbering
              ) -> Generator[StreamEvent, None, _Built]:
    """The cells of `filling` with the reader's numbers (one per paper); returns what
    `filling` returns."""
    while True:
        try:
            cell = next(filling)
        except StopIteration as done:
            return done.value
        numbering.learn(cell.evidence)
        yield replace(cell, text=numbering.text(cell.text))


@dataclass
class _Matching:
    """What a list or table question found: the plan it was read under (widened from the
    previous answer's papers when none of them qualified), the qualifying papers, the
    criterion in words, papers considered of the collection, and a line saying it widened."""

    plan: QuestionPlan
    qualified: list[Qualified]
    what: str
    considered: int
    total: int
    lead: str = ""
    abstention: Answer | None = None


def _head(matching: _Matching, number: str) -> str:
    """The line above a list or table: how many papers match what, or, widened from the
    previous answer's papers, that none of those did and how many others do."""
    n = len(matching.qualified)
    if matching.lead:
        return f"{matching.lead} {number} {in_number(n, 'paper')} {'does' if n == 1 else 'do'}:"
    scoped = bool(matching.plan.scope)
    if not matching.plan.constraints and not scoped and n == matching.total:
        return f"The collection holds {number} {in_number(n, 'paper')}:"  # nothing asked of them
    return f"{number} {_matching_papers(n, scoped)} \u201c{matching.what}\u201d:"


def _matching_papers(n: int, scoped: bool) -> str:
    """What follows the number at the head of a list: "1 paper matches", "3 papers match"."""
    noun = "of the papers you asked about" if scoped else in_number(n, "paper")
    return f"{noun} {'matches' if n == 1 else 'match'}"


def _considered(n: int, total: int, scoped: bool) -> str:
    """How much of the collection a list read: all of it, the chosen papers, or (too large to
    read paper by paper) the most relevant ones of it."""
    if n < total and not scoped:
        return f"_Considered the {n:,} most relevant of {total:,} papers._"
    return f"_Considered {n:,} of {total:,} papers._"


def _paper_text(paper: Paper | None) -> tuple[str, str]:
    return (paper.title, paper.abstract) if paper is not None else ("", "")


def _short(exc: Exception) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0][:200]
