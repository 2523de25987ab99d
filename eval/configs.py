"""Named evaluation configurations: a retrieval mode, optionally joined to an answer provider.

    bm25 | dense | hybrid | rrf                    retrieval only
    extractive | local | openai | openai-compatible  answer provider (hybrid retrieval)
    hybrid+extractive, bm25+local, ...             both

The answer engine always calls the hybrid retriever, so a retrieval mode reaches the answers
through the settings: `bm25` is hybrid with the dense weight and the phrase bonus at zero, `dense`
is hybrid with the dense weight at one. Ranked lists for the retrieval metrics come from
`Assistant.retrieve(mode=...)` directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.errors import ConfigError
from assistant.retrieval import Mode
from assistant.settings import Settings
from assistant.types import PROVIDERS

# name -> (retrieval mode for Assistant.retrieve, RetrievalSettings overrides for answering)
RETRIEVAL: dict[str, tuple[Mode, dict[str, object]]] = {
    "bm25": ("lexical", {"dense_weight": 0.0, "phrase_weight": 0.0, "fusion": "weighted"}),
    "dense": ("dense", {"dense_weight": 1.0, "phrase_weight": 0.0, "fusion": "weighted"}),
    "hybrid": ("hybrid", {}),
    "rrf": ("hybrid", {"fusion": "rrf"}),
}

DEFAULT_QA = "hybrid+extractive"
DEFAULT_BEIR = ("bm25", "dense", "hybrid")
DEFAULT_PUBMEDQA = "hybrid+extractive"


@dataclass(frozen=True)
class EvalConfig:
    """One column of the report."""

    retrieval: str
    provider: str | None = None
    """None: retrieval only, no answers."""

    @property
    def name(self) -> str:
        return f"{self.retrieval}+{self.provider}" if self.provider else self.retrieval

    @property
    def mode(self) -> Mode:
        return RETRIEVAL[self.retrieval][0]

    @property
    def answers(self) -> bool:
        return self.provider is not None

    def apply(self, settings: Settings) -> Settings:
        """`settings` with this configuration's retrieval overrides and provider."""
        overrides = RETRIEVAL[self.retrieval][1]
        update: dict[str, object] = {
            "retrieval": settings.retrieval.model_copy(update=overrides)}
        if self.provider:
            update["llm"] = settings.llm.model_copy(update={"provider": self.provider})
        return settings.model_copy(update=update)

    def describe(self, settings: Settings) -> dict[str, object]:
        """What the report shows about this configuration. Never a key or a URL with one."""
        applied = self.apply(settings)
        described: dict[str, object] = {
            "name": self.name,
            "retrieval_mode": self.mode,
            "retrieval": applied.retrieval.model_dump(),
            "embedder": applied.embedder.provider,
        }
        if self.provider:
            described["provider"] = self.provider
            described["model"] = applied.llm.model or "(provider default)"
        return described


def parse_config(name: str) -> EvalConfig:
    """'hybrid+extractive' -> EvalConfig; a provider alone means hybrid retrieval."""
    parts = [p.strip().lower() for p in name.split("+") if p.strip()]
    retrieval = [p for p in parts if p in RETRIEVAL]
    providers = [p for p in parts if p in PROVIDERS]
    unknown = [p for p in parts if p not in RETRIEVAL and p not in PROVIDERS]
    if unknown or not parts or len(retrieval) > 1 or len(providers) > 1:
        raise ConfigError(
            f"unknown eval config {name!r}: combine at most one of "
            f"{', '.join(RETRIEVAL)} with at most one of {', '.join(PROVIDERS)}, "
            "e.g. 'hybrid+extractive'"
        )
    return EvalConfig(retrieval[0] if retrieval else "hybrid",
                      providers[0] if providers else None)


def parse_configs(names: list[str], defaults: tuple[str, ...] | str) -> list[EvalConfig]:
    """The configurations to run, defaults when none are named; duplicates dropped."""
    chosen = names or ([defaults] if isinstance(defaults, str) else list(defaults))
    configs: dict[str, EvalConfig] = {}
    for name in chosen:
        config = parse_config(name)
        configs.setdefault(config.name, config)
    return list(configs.values())
