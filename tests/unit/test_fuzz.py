"""Property-based: random bytes and text never crash the readers or the question path.

Either the call succeeds or it raises one of our own errors (PaperchatError), whose message
the CLI and UI show as is. Anything else (UnicodeDecodeError, KeyError, IndexError from a
regex group, ...) is a bug.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assistant.errors import CorpusError, PaperchatError
from assistant.sources import read_sources
from assistant.types import ABSTAIN_SENTENCE

FUZZ = hypothesis_settings(max_examples=150, deadline=None,
                           suppress_health_check=[HealthCheck.function_scoped_fixture])

_json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
_json_values = st.recursive(
    _json_scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
# Records that look almost right: the keys readers look for, with values of any type.
_paperish = st.fixed_dictionaries({}, optional={
    "id": _json_values, "_id": _json_values, "title": _json_values, "abstract": _json_values,
    "text": _json_values, "authors": _json_values, "year": _json_values, "url": _json_values})


def _read(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            batch = read_sources([path])
        except CorpusError as exc:
            assert path.name in str(exc)  # the error names the file
            return
        for paper in batch.papers:
            assert paper.id.strip()
            assert paper.title.strip() or paper.abstract.strip()


@FUZZ
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".jsonl", ".json", ".pdf"]))
def test_random_bytes_in_any_reader(data, suffix):
    _read(f"papers{suffix}", data)


@FUZZ
@given(text=st.text(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".json"]))
def test_random_text_in_any_reader(text, suffix):
    _read(f"papers{suffix}", text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(records=st.lists(_paperish, max_size=6))
def test_almost_right_json_records(records):
    lines = "\n".join(json.dumps(r) for r in records).encode()
    _read("papers.jsonl", lines)
    _read("papers.json", json.dumps(records).encode())


def test_random_questions_answer_or_are_refused(make_assistant):
    assistant = make_assistant()  # indexed once; every example asks it

    @FUZZ
    @given(question=st.text(max_size=400))
    def ask(question):
        try:
            answer = assistant.ask(question)
        except PaperchatError:
            return
        assert answer.text
        assert answer.abstained == answer.text.startswith(ABSTAIN_SENTENCE)
        known = {e.n for e in answer.evidence}
        assert all(c.n in known for c in answer.citations)

    ask()
