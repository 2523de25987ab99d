"""The facade's wiring: Assistants derived with `with_provider` share one store, one embedder and
one chat model per provider (the web app's provider switch and the eval's configurations)."""

from __future__ import annotations

from fakes import ScriptedChatModel

import assistant.providers as providers


def test_with_provider_shares_the_store_and_embedder_and_keeps_its_own_settings(make_shared):
    base = make_shared()
    retrieval = base.settings.retrieval.model_copy(update={"dense_weight": 0.0})
    other = base.with_provider("openai", retrieval=retrieval)
    assert other.store is base.store and other.embeddings is base.embeddings
    assert other.provider == "openai" and other.settings.llm.provider == "openai"
    assert other.settings.retrieval.dense_weight == 0.0
    assert base.settings.retrieval.dense_weight != 0.0 and base.provider == "extractive"
    assert [h.paper_id for h in other.retrieve("rStar-Math", 3)][0].startswith("rstar-math")


def test_a_providers_chat_model_is_made_once_for_every_derived_assistant(make_shared,
                                                                          monkeypatch):
    made = []

    def fake_make_chat_model(llm, models_dir, **_):
        made.append((llm.provider, models_dir))
        return ScriptedChatModel.make(["rStar-Math uses Monte Carlo Tree Search [1]."] * 2)

    monkeypatch.setattr(providers, "make_chat_model", fake_make_chat_model)
    base = make_shared()
    first, second = base.with_provider("local"), base.with_provider("local")
    assert not made, "nothing is made before the first answer"
    for assistant in (first, second):
        answer = assistant.ask("What does rStar-Math do?")
        assert answer.provider == "local" and answer.citations
    assert made == [("local", base.settings.models_dir)]
    assert base.ask("What does rStar-Math do?").provider == "extractive"


def test_an_injected_model_answers_for_its_provider_only(make_shared):
    model = ScriptedChatModel.make(["rStar-Math uses Monte Carlo Tree Search [1]."])
    base = make_shared(model, provider="scripted")
    assert base.ask("What does rStar-Math do?").provider == "scripted"
    assert base.with_provider("extractive").ask("What does rStar-Math do?").provider == \
        "extractive"
    assert len(model.prompts) == 1
