"""The typed objects that travel between layers: Paper -> Chunk -> Hit -> Evidence -> Answer.

No layer hands another a bare dict or string: citations die when an answer becomes a `str`.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, computed_field

ABSTAIN_SENTENCE = "I can't answer that from these papers."


def slugify(text: str, max_len: int = 80) -> str:
    """A stable, readable id from a title: lowercase ascii words joined by '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_len:
        slug = slug[:max_len].rsplit("-", 1)[0]
    return slug or "paper-" + hashlib.sha1(text.encode()).hexdigest()[:10]


class PageSpan(BaseModel):
    """Where a stretch of a paper's `full_text` sits in its PDF: the page and the section."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    start: int = Field(ge=0, description="Offset in `full_text` (inclusive).")
    end: int = Field(ge=0, description="Offset in `full_text` (exclusive).")
    page: int = Field(ge=1, description="1-based page number in the PDF.")
    section: str | None = Field(default=None, description="Heading text, without its number.")


def locate(page: int | None, section: str | None) -> str:
    """'p. 2, Method', 'p. 2', 'Method' or '': where a quote sits in its paper."""
    return ", ".join(part for part in (f"p. {page}" if page else "", section or "") if part)


class Facets(BaseModel):
    """What one paper evaluates on, runs, names, links to, and when it appeared.

    Extracted at index time (`assistant.facets.extract_facets`) and stored with the paper.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    benchmarks: list[str] = Field(default_factory=list,
                                  description="Benchmarks, datasets, cohorts evaluated on.")
    models: list[str] = Field(default_factory=list,
                              description="Models used: base models, families, sizes "
                                          "('Llama-3.1-8B'), cell lines or organisms.")
    methods: list[str] = Field(default_factory=list, description="The paper's own names.")
    tasks: list[str] = Field(default_factory=list, description="Short task/domain phrases.")
    links: list[str] = Field(default_factory=list, description="Code and project links.")
    year: int | None = Field(default=None, description="Year, where the source gives one.")


class Paper(BaseModel):
    """One paper as read from a source. Immutable; its hash decides whether to re-embed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(description="Stable id: the source's own id, else a slug of the title.")
    title: str
    abstract: str
    url: str | None = Field(default=None, description="Code or project link, else paper link.")
    urls: list[str] = Field(default_factory=list, description="Every link found in the text.")
    authors: list[str] = Field(default_factory=list)
    date: str | None = Field(default=None, description="ISO date or year, as the source gives.")
    source: str = Field(description="Where it came from: a file path or 'bundled'.")
    full_text: str | None = Field(default=None, description="Body text beyond the abstract.")
    layout: list[PageSpan] = Field(
        default_factory=list,
        description="Page and section of each stretch of `full_text` (PDFs); empty otherwise.",
    )
    facets: Facets | None = Field(
        default=None, description="Set by the index (None as read from a source); derived "
                                  "from the rest, so not part of the content hash.")

    @computed_field  # type: ignore[prop-decorator]  # pydantic's computed_field over a property, as documented
    @property
    def content_hash(self) -> str:
        """sha256 of everything that changes what is embedded or shown."""
        parts = [self.title, self.abstract, self.full_text or "", self.url or "",
                 "|".join(self.authors), self.date or ""]
        if self.layout:  # only papers that have one: every other paper keeps its hash
            parts.append(json.dumps([[s.start, s.end, s.page, s.section] for s in self.layout]))
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @property
    def year(self) -> int | None:
        match = re.match(r"(\d{4})", self.date or "")
        return int(match.group(1)) if match else None


class Sentence(BaseModel):
    """A citable span inside a chunk's text (character offsets, end exclusive)."""

    model_config = ConfigDict(frozen=True)

    index: int
    start: int
    end: int
    text: str
    page: int | None = Field(default=None, description="PDF page the sentence starts on.")


class Chunk(BaseModel):
    """What gets embedded: an abstract with its title, or a token window of a longer text."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="'{paper_id}#{ordinal}'")
    paper_id: str
    ordinal: int
    title: str
    text: str
    sentences: list[Sentence] = Field(default_factory=list)
    token_count: int
    paper_hash: str
    section: str | None = Field(default=None, description="Section heading (full-text PDFs).")


class Hit(BaseModel):
    """One paper found for a query: its best chunk and the sentences in it that match best."""

    paper_id: str
    title: str
    url: str | None = None
    score: float
    chunk: Chunk
    sentence_ids: list[int] = Field(
        default_factory=list, description="Best-matching sentence indexes in `chunk`, best first."
    )
    scores: dict[str, float] = Field(
        default_factory=dict, description="Per-retriever scores, e.g. lexical, dense, fused."
    )


class Evidence(BaseModel):
    """A numbered piece of text the model may cite as [n]."""

    n: int = Field(ge=1)
    paper_id: str
    title: str
    chunk_id: str
    text: str
    start: int = Field(description="Offset of `text` in the chunk's text.")
    end: int
    page: int | None = Field(default=None, description="PDF page of the sentence, if known.")
    section: str | None = Field(default=None, description="Its section heading, if known.")


class Citation(BaseModel):
    """A verified reference from an answer to one evidence item."""

    n: int = Field(description="The number the reader sees: one per paper in an answer, given "
                               "in order of first appearance (several quotes may share it).")
    evidence: int | None = Field(default=None, description="The evidence item quoted (its "
                                 "number in the prompt); None in answers saved before it.")
    paper_id: str
    title: str
    url: str | None = None
    quote: str = Field(description="The evidence text that supports the sentence.")
    support: float = Field(description="Support score of the best sentence citing it, 0..1.")
    page: int | None = Field(default=None, description="PDF page of the quote, if known.")
    section: str | None = Field(default=None, description="Section of the quote, if known.")

    @property
    def location(self) -> str:
        """'p. 2, Method' for a full-text PDF; '' when the source has no pages."""
        return locate(self.page, self.section)


class AnswerSentence(BaseModel):
    text: str
    citations: list[int] = Field(default_factory=list)
    supported: bool = True
    support: float = 0.0


class TokenCounts(BaseModel):
    prompt: int = 0
    completion: int = 0


Provider = Literal["local", "openai", "openai-compatible", "extractive"]
PROVIDERS: tuple[str, ...] = get_args(Provider)
"""Who writes answers: the local GGUF, OpenAI, any OpenAI-compatible server, or no model at all
(extractive: the evidence sentences themselves). The one list; settings, CLI, UI and eval use it."""
AnswerMode = Literal["single", "comparison", "list"]
MODES: tuple[str, ...] = ("auto", *get_args(AnswerMode))
"""What a caller may ask for: auto (the question decides) or one answer mode forced."""
Intent = Literal["describe", "fact", "which_paper", "comparison", "list", "count", "table",
                 "off_topic"]
Slot = Literal["number", "year", "authors", "benchmark", "model", "name", "other"]
INTENT_MODE: dict[str, AnswerMode] = {"comparison": "comparison", "list": "list",
                                      "count": "list", "table": "list"}
# Intents decided paper by paper over the whole collection.
COLLECTION_INTENTS = ("list", "count", "table")


class QuestionPlan(BaseModel):
    """What a question asks, decided before anything is retrieved (see understanding.py)."""

    model_config = ConfigDict(frozen=True)

    question: str = Field(description="As the user typed it (stripped).")
    standalone: str = Field(description="Rewritten to stand alone; what retrieval and the model "
                                        "see.")
    intent: Intent
    subjects: list[str] = Field(default_factory=list,
                                description="Ids of the papers the question is about.")
    subject_names: dict[str, str] = Field(
        default_factory=dict, description="paper id -> the name used for it.")
    aspects: list[str] = Field(default_factory=list,
                               description="What a comparison compares; a table's columns.")
    asked_for: Slot = Field(default="other", description="The slot a fact question wants.")
    counts: bool = Field(
        default=False, description="The number asked is a count ('how many agents'), which "
                                   "abstracts often write as a word ('three agents'); a "
                                   "measure ('how big', 'what rate') they write in digits.")
    asked_count: int = Field(
        default=0, description="How many named things a fact question asks for ('which four "
                               "models ...', 'list the five categories'); 0 when none.")
    counted_terms: list[str] = Field(
        default_factory=list, description="Stems of the words after that count ('model', "
                                          "'categori'): what the named things are.")
    asked_terms: list[str] = Field(
        default_factory=list, description="Stems naming what a fact question asks the value of "
                                          "('learn', 'rate' in 'what learning rate ...').")
    topic_terms: list[str] = Field(
        default_factory=list, description="Tokenized content words: what the question is about, "
                                          "without subject names or question scaffolding.")
    focus_terms: list[str] = Field(
        default_factory=list, description="Topic terms the evidence must speak of: without the "
                                          "asked slot's type words ('LLM' in 'which LLM powers "
                                          "X': the answer names the model, not the word).")
    entities: list[str] = Field(
        default_factory=list, description="Specific names/numbers the answer depends on "
                                          "(not the subjects), as written.")
    unknown_names: list[str] = Field(
        default_factory=list, description="Names in the question the collection never uses.")
    constraints: list[str] = Field(
        default_factory=list, description="List/count: the criterion's words, as written.")
    scope: list[str] = Field(
        default_factory=list, description="Paper ids a list is restricted to ('which of them').")
    scope_chosen: bool = Field(
        default=False, description="The scope is the papers the user chose, kept even when "
                                   "none of them qualifies; a scope taken from the previous "
                                   "answer is widened to the collection then.")
    excluded: list[str] = Field(
        default_factory=list, description="Paper ids a list leaves out ('which other papers "
                                          "...': the ones just discussed).")
    follows_up: bool = Field(default=False, description="Took its subjects from earlier turns.")
    absent: list[str] = Field(
        default_factory=list, description="Names the question gives a paper by ('the "
                                          "DeepSeek-R1 paper') that no paper goes by.")
    dangling: str = Field(
        default="", description="A word pointing at a paper nothing names yet ('its' in a "
                                "conversation's first question), as written.")
    verdict_on: str = Field(
        default="", description="The measure a comparison asks a verdict on ('which is "
                                "cheaper to train?': 'cheaper'), as written.")
    speculative: bool = Field(
        default=False, description="Asks for a prediction, an opinion or a recommendation "
                                   "('will X replace Y?', 'is it worth reading?', 'which is "
                                   "most likely to ...'), which no abstract states.")
    asks_problem: bool = Field(
        default=False, description="A describe question asking what the paper takes on ('what "
                                   "problem does X solve?', 'what motivates X?'): answered "
                                   "from the abstract's sentences before its contribution.")
    shape: str = Field(
        default="", description="Words that only shape the answer ('in two sentences', 'to a "
                                "beginner'), as typed; understood apart from what is asked.")
    answer_sentences: int = Field(
        default=0, description="How many sentences the asker wants; 0 when they do not say.")
    reasons: list[str] = Field(default_factory=list, description="Signals that decided.")

    @property
    def mode(self) -> AnswerMode:
        return INTENT_MODE.get(self.intent, "single")

    @property
    def model_question(self) -> str:
        """What a model writing the answer is asked: the standalone question with how the
        asker wants the answer shaped."""
        return f"{self.standalone} ({self.shape})" if self.shape else self.standalone

    @property
    def sentence_query(self) -> str:
        """What the subject papers' sentences are matched against to pick the answering ones.

        A follow-up's own words: its rewrite adds the paper's name, which every sentence of
        that paper's abstract already stands under, and which would favour the sentences that
        restate the title over the one giving what is asked."""
        return self.question if self.follows_up and self.subjects else self.standalone


class Answerability(BaseModel):
    """Whether the evidence can answer the plan, as one calibrated score (answerability.py)."""

    score: float = Field(description="Probability-like score that the papers answer it.")
    verdict: Literal["answer", "abstain"]
    reason: str = Field(default="", description="One sentence for the user when abstaining.")
    signals: dict[str, float] = Field(default_factory=dict)
    threshold: float = 0.5


class TableCell(BaseModel):
    """One cell of a literature table: its text (with [n] markers) and what it cites."""

    text: str
    citations: list[int] = Field(default_factory=list)
    quotes: list[str] = Field(default_factory=list, description="The cited sentences, shortened.")


class TableRow(BaseModel):
    paper_id: str
    title: str
    name: str = Field(description="The short name shown in the table.")
    url: str | None = None
    cells: list[TableCell] = Field(default_factory=list)


class LiteratureTable(BaseModel):
    """One row per paper, one column per facet or asked aspect (composers/table.py)."""

    columns: list[str]
    rows: list[TableRow] = Field(default_factory=list)


class Answer(BaseModel):
    """The result of a question: text with [n] markers plus everything needed to check it."""

    question: str
    standalone_question: str
    text: str
    mode: AnswerMode = "single"
    abstained: bool = False
    sentences: list[AnswerSentence] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    hits: list[Hit] = Field(default_factory=list)
    considered: tuple[int, int] | None = Field(
        default=None, description="List mode: (papers considered, papers in the collection)."
    )
    table: LiteratureTable | None = Field(
        default=None, description="A literature table request: the table itself.")
    provider: str = ""
    plan: QuestionPlan | None = None
    answerability: Answerability | None = None
    subjects: list[str] = Field(
        default_factory=list, description="Paper ids this answer is about (cited or listed); "
                                          "what a follow-up's 'it' refers to.")
    tokens: TokenCounts = Field(default_factory=TokenCounts)
    timings: dict[str, float] = Field(default_factory=dict)
    warnings: list[str] = Field(default_factory=list)


class ChatTurn(BaseModel):
    role: Literal["user", "assistant"]
    content: str
    papers: list[str] = Field(
        default_factory=list, description="Assistant turns: the paper ids the answer was about.")

    @classmethod
    def from_answer(cls, answer: Answer) -> ChatTurn:
        return cls(role="assistant", content=answer.text, papers=list(answer.subjects))


class SkippedSource(BaseModel):
    """A file an index run could not read and went on without (a scanned or locked PDF)."""

    path: str
    reason: str


class IndexReport(BaseModel):
    """What one `paperchat index` run did."""

    papers: int
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    facets: int = Field(default=0, description="Papers whose facets were extracted (again).")
    sentences: int = Field(
        default=0, description="Abstract titles and sentences embedded for list questions.")
    seconds: float = 0.0
    sentence_seconds: float = Field(
        default=0.0, description="Of `seconds`, the time spent on the sentence vectors.")
    duplicates: list[str] = Field(
        default_factory=list, description="Ids seen more than once across sources."
    )
    skipped: list[SkippedSource] = Field(
        default_factory=list, description="Files left out, each with the reason."
    )
