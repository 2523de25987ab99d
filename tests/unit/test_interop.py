"""paperchat pieces inside a user's own LangChain chain (the README example, run)."""

from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.runnables import RunnableLambda

from assistant.types import Answer


def test_readme_langchain_example(make_shared):
    assistant = make_shared()
    # -- the README example -------------------------------------------------------------
    retriever = assistant.as_retriever(k=3)
    titles = retriever | RunnableLambda(lambda docs: [d.metadata["title"] for d in docs])
    print(titles.invoke("Monte Carlo Tree Search for math reasoning"))

    chain = assistant.as_runnable()
    answer = chain.invoke("What does rStar-Math do?")
    print(answer.text, [c.title for c in answer.citations])
    # ------------------------------------------------------------------------------------
    docs = retriever.invoke("Monte Carlo Tree Search for math reasoning")
    assert len(docs) == 3 and all(isinstance(d, Document) for d in docs)
    assert {"paper_id", "title", "url", "score"} <= set(docs[0].metadata)
    assert any("rStar-Math" in t for t in titles.invoke("rStar-Math MCTS"))
    assert isinstance(answer, Answer) and answer.citations
    assert all(c.paper_id.startswith("rstar-math") for c in answer.citations)


def test_the_answer_runnable_batches_and_streams(make_shared):
    chain = make_shared().as_runnable()
    answers = chain.batch(["What does SPHERE do?", {"question": "What does LongPO do?"}])
    assert [type(a) for a in answers] == [Answer, Answer]
    assert "SPHERE" in answers[0].text and "LongPO" in answers[1].text
    events = list(chain.stream("What does rStar-Math do?"))
    assert isinstance(events[-1], Answer) and any(isinstance(e, str) for e in events[:-1])
