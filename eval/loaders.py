"""Typed loaders for the evaluation data: our QA sets, BEIR-format benchmarks and PubMedQA.

Every malformed line becomes a `CorpusError` naming the file and its 1-based line, so a
broken dataset is fixed in seconds instead of debugged through a KeyError deep in the runner.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.errors import CorpusError

QuestionType = Literal[
    "factual", "which_paper", "comparison", "multi_paper", "count", "unanswerable"]
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)
Intent = Literal["describe", "fact", "which_paper", "comparison", "list", "count", "table",
                 "off_topic"]
INTENTS: tuple[str, ...] = get_args(Intent)
TurnKind = Literal["first", "dependent", "new_subject", "unanswerable_followup"]
TURN_KINDS: tuple[str, ...] = get_args(TurnKind)
UnanswerableWhy = Literal[
    "absent_benchmark", "absent_model", "hyperparameter", "cost", "dataset_size", "absent_paper",
    "absent_comparison", "absent_detail", "off_topic"]

# What a question's type says about the intent when a file does not give one.
_TYPE_INTENT: dict[str, str] = {"factual": "fact", "which_paper": "which_paper",
                                "comparison": "comparison", "multi_paper": "list",
                                "count": "count"}


class QAItem(BaseModel):
    """One question of our own QA sets (eval/datasets/*.jsonl) over the bundled corpus."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, description="Unique across all our QA files, e.g. 'dev-001'.")
    question: str = Field(min_length=1)
    type: QuestionType
    gold_titles: list[str] = Field(description="Exact corpus titles that answer it; [] if none.")
    must_include: list[str] = Field(
        description="Short facts a correct answer contains (case-insensitive); [] if none."
    )
    names_method: bool | None = Field(
        default=None,
        description="True when the question names the paper or method; derived from `subjects` "
                    "when absent (older files give it, newer ones give subjects).")
    intent: Intent | None = Field(default=None, description="The intent a reader would assign.")
    subjects: list[str] | None = Field(
        default=None, description="Exact titles of the papers the question names.")
    count: int | None = Field(default=None, ge=0, description="Count questions: the answer.")
    match_any: list[str] | None = Field(
        default=None, description="List/count: a paper qualifies iff its text has one of these.")
    why: UnanswerableWhy | None = Field(default=None, description="Why it is unanswerable.")
    near_miss: bool = Field(default=False, description="Answerable, close to an unanswerable one.")
    note: str | None = None

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable" and not (self.type == "count" and self.count == 0)

    @property
    def names_paper(self) -> bool:
        if self.names_method is not None:
            return self.names_method
        return bool(self.subjects)

    @property
    def collection_wide(self) -> bool:
        return self.type in ("multi_paper", "count") or self.intent in ("list", "count")


class ConversationTurn(BaseModel):
    """One turn of a conversation; asked with the earlier turns (and real answers) as history."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str = Field(min_length=1)
    kind: TurnKind
    type: QuestionType
    intent: Intent | None = None
    subjects: list[str] = Field(default_factory=list)
    gold_titles: list[str] = Field(default_factory=list)
    must_include: list[str] = Field(default_factory=list)
    count: int | None = None
    match_any: list[str] | None = None
    note: str | None = None

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"


class Conversation(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    turns: list[ConversationTurn] = Field(min_length=1)
    note: str | None = None

    def items(self) -> list[QAItem]:
        """Each turn as a QAItem (id '<conversation>#<turn>') for the single-turn metrics."""
        return [QAItem(id=f"{self.id}#{i}", question=t.question, type=t.type,
                       intent=t.intent, subjects=t.subjects, gold_titles=t.gold_titles,
                       must_include=t.must_include, count=t.count, match_any=t.match_any)
                for i, t in enumerate(self.turns, start=1)]


class BeirDoc(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str = ""
    text: str


class BeirQuery(BaseModel):
    """A query; fields beyond id and text (SciFact's `evidence`, ...) are kept in `extra`."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    extra: dict[str, Any] = Field(default_factory=dict)


class BeirDataset(BaseModel):
    """A BEIR-format benchmark split. Like BEIR's GenericDataLoader, only queries that have
    at least one qrel are kept: a query nobody judged cannot be scored."""

    model_config = ConfigDict(frozen=True)

    name: str
    split: str
    corpus: dict[str, BeirDoc]
    queries: dict[str, BeirQuery]
    qrels: dict[str, dict[str, int]] = Field(description="query id -> {doc id: grade}.")


class PubMedQAItem(BaseModel):
    """One PQA-L question joined with the abstract it is asked about."""

    model_config = ConfigDict(frozen=True)

    id: str
    question: str
    answer: Literal["yes", "no", "maybe"]
    long_answer: str
    split: str = Field(description="'test' or 'dev/train', as the source file gives.")
    context: str = Field(description="The abstract (without its conclusion) the question is on.")
    sections: list[str] = Field(default_factory=list)
    year: str | None = None
    meshes: list[str] = Field(default_factory=list)


def _read_jsonl(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (1-based line number, object) for each non-blank line."""
    if not path.is_file():
        raise CorpusError("file not found", path)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"not valid JSON ({exc.msg})", path, number) from exc
            if not isinstance(record, dict):
                raise CorpusError("expected a JSON object", path, number)
            yield number, record


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "record"
    return f"{where}: {first['msg']}"


_Record = TypeVar("_Record", "QAItem", "Conversation")


def _load_records(path: str | Path, model: type[_Record]) -> list[_Record]:
    """Every line validated as `model`; a bad line or a repeated id names the file and line."""
    path = Path(path)
    records: list[_Record] = []
    seen: set[str] = set()
    for number, raw in _read_jsonl(path):
        try:
            record = model.model_validate(raw)
        except ValidationError as exc:
            raise CorpusError(_validation_message(exc), path, number) from exc
        if record.id in seen:
            raise CorpusError(f"duplicate id {record.id!r}", path, number)
        seen.add(record.id)
        records.append(record)
    return records


def load_qa_jsonl(path: str | Path) -> list[QAItem]:
    """Read one of our QA files. Duplicate ids inside the file are an error."""
    return _load_records(path, QAItem)


def load_conversations(path: str | Path) -> list[Conversation]:
    """Read a conversation file: one JSON object per conversation with its turns."""
    return _load_records(path, Conversation)


def is_conversation_file(path: str | Path) -> bool:
    """True when the file's first record has turns (a conversation set)."""
    for _, record in _read_jsonl(Path(path)):
        return "turns" in record
    return False


def intent_of(item: QAItem) -> str:
    """The labelled intent, else the one the question type implies (unanswerable: 'fact')."""
    return item.intent or _TYPE_INTENT.get(item.type, "fact")


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """BEIR qrels: a tab-separated header line, then query-id, corpus-id, integer grade."""
    if not path.is_file():
        raise CorpusError("file not found", path)
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if number == 1 or not line.strip():
                continue  # the header names the columns; BEIR files always have one
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) != 3:
                message = f"expected 3 tab-separated fields, got {len(parts)}"
                raise CorpusError(message, path, number)
            query_id, doc_id, grade = parts
            try:
                qrels.setdefault(query_id, {})[doc_id] = int(grade)
            except ValueError as exc:
                raise CorpusError(f"grade {grade!r} is not an integer", path, number) from exc
    return qrels


def _split_file(folder: Path, stem: str, split: str, suffix: str) -> Path:
    # BEIR's own layout: the test split has no suffix, every other split is '<stem>_<split>'.
    name = f"{stem}{suffix}" if split == "test" else f"{stem}_{split}{suffix}"
    return folder / name


def load_beir(folder: str | Path, split: str = "test") -> BeirDataset:
    """Load corpus.jsonl, the split's queries and its qrels from a BEIR-format folder."""
    folder = Path(folder)
    corpus_path = folder / "corpus.jsonl"
    corpus: dict[str, BeirDoc] = {}
    for number, record in _read_jsonl(corpus_path):
        try:
            doc = BeirDoc(
                id=str(record["id"]), title=record.get("title") or "", text=record["text"]
            )
        except (KeyError, ValidationError) as exc:
            message = f"document needs 'id' and 'text' ({exc})"
            raise CorpusError(message, corpus_path, number) from exc
        corpus[doc.id] = doc

    qrels = _read_qrels(_split_file(folder, "qrels", split, ".tsv"))
    queries_path = _split_file(folder, "queries", split, ".jsonl")
    queries: dict[str, BeirQuery] = {}
    for number, record in _read_jsonl(queries_path):
        try:
            extra = {k: v for k, v in record.items() if k not in ("id", "text")}
            query = BeirQuery(id=str(record["id"]), text=record["text"], extra=extra)
        except (KeyError, ValidationError) as exc:
            message = f"query needs 'id' and 'text' ({exc})"
            raise CorpusError(message, queries_path, number) from exc
        if query.id in qrels:
            queries[query.id] = query
    return BeirDataset(
        name=folder.name,
        split=split,
        corpus=corpus,
        queries=queries,
        qrels={qid: docs for qid, docs in qrels.items() if qid in queries},
    )


def load_pubmedqa(folder: str | Path, split: str | None = None) -> list[PubMedQAItem]:
    """PubMedQA PQA-L: queries.jsonl joined by id with corpus.jsonl (each question has its
    own abstract, so the ids match). `split` keeps only 'test' or 'dev/train' items."""
    folder = Path(folder)
    corpus_path = folder / "corpus.jsonl"
    abstracts: dict[str, dict[str, Any]] = {
        str(record.get("id")): record for _, record in _read_jsonl(corpus_path)
    }
    queries_path = folder / "queries.jsonl"
    items: list[PubMedQAItem] = []
    for number, record in _read_jsonl(queries_path):
        doc = abstracts.get(str(record.get("id")))
        if doc is None:
            raise CorpusError(
                f"no abstract with id {record.get('id')!r} in {corpus_path.name}",
                queries_path,
                number,
            )
        try:
            item = PubMedQAItem(
                id=str(record["id"]),
                question=record["text"],
                answer=record["answer"],
                long_answer=record.get("long_answer", ""),
                split=record.get("split", ""),
                context=doc.get("text", ""),
                sections=doc.get("sections") or [],
                year=doc.get("year"),
                meshes=doc.get("meshes") or [],
            )
        except KeyError as exc:
            raise CorpusError(f"missing field {exc}", queries_path, number) from exc
        except ValidationError as exc:
            raise CorpusError(_validation_message(exc), queries_path, number) from exc
        if split is None or item.split == split:
            items.append(item)
    return items
