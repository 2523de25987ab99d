"""Issue 19's two questions, word for word, with the product's own embedder (int8 MiniLM, offline)
over the bundled corpus plus the GlimmerNet PDF: each gets its own sentence, cited with its page
and section. (The unit tests use the keyword fake, which cannot tell that "fast" asks for
"faster".)"""

from __future__ import annotations

import pytest
from pdf_papers import (
    CHROMIUM,
    LEARNING_RATE,
    SPEED,
    TITLE,
    glimmernet,
    glimmernet_html,
    page_of,
    pdf_page_of,
    print_with_chromium,
    write,
)

pytestmark = pytest.mark.integration

QUESTIONS = {
    "What learning rate does GlimmerNet use?": (LEARNING_RATE, "Method"),
    "How fast is it on MATH500 compared with the dense model?": (SPEED, "Results"),
}


@pytest.fixture(scope="module")
def minilm(tmp_path_factory):
    from vectorstore.embeddings import MiniLMEmbeddings

    return MiniLMEmbeddings(cache_dir=tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("kind", ["two columns", "chromium"])
def test_issue_questions_get_their_own_cited_sentence_with_page(tmp_path, settings, minilm,
                                                               bundled_corpus, kind):
    from assistant.service import Assistant
    from vectorstore.chroma_store import ChromaStore

    folder = tmp_path / "papers"
    folder.mkdir()
    if kind == "chromium":
        if not CHROMIUM.exists():
            pytest.skip("Debian's chromium is not installed")
        path = print_with_chromium(glimmernet_html(columns=2), folder, "glimmernet.pdf")

        def page(sentence: str) -> int:
            return pdf_page_of(path, sentence)
    else:
        _, pages = write(folder, "paper.pdf", glimmernet(columns=2), {"Title": "paper.html"})

        def page(sentence: str) -> int:
            return page_of(pages, sentence)

    assistant = Assistant(settings, ChromaStore.open(settings), minilm, provider="extractive")
    assistant.index([bundled_corpus, folder])

    quotes = []
    for question, (sentence, section) in QUESTIONS.items():
        answer = assistant.ask(question)
        assert not answer.abstained, answer.warnings
        # The sentence that answers is the whole answer, cited with its page and section.
        [cited] = [c for c in answer.citations if c.quote == sentence]
        assert cited.title == TITLE
        assert cited.location == f"p. {page(sentence)}, {section}"
        assert answer.text == f"{sentence[:-1]} [{cited.n}]."
        quotes.append({c.quote for c in answer.citations})
    assert not quotes[0] & quotes[1]
