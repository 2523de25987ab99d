"""Domain errors. The core raises these; the CLI and UI turn them into friendly words."""

from __future__ import annotations

from pathlib import Path


class PaperchatError(Exception):
    """Base class for every error paperchat raises on purpose."""


class ConfigError(PaperchatError):
    """Settings that cannot work (unknown provider, missing key, bad value)."""


class CorpusError(PaperchatError):
    """A source file that cannot be read as papers. Names the file and, when known, the line."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        where = ""
        if self.path is not None:
            where = self.path if line is None else f"{self.path}, line {line}"
            where += ": "
        super().__init__(f"{where}{message}")
        self.reason = message


class IndexError_(PaperchatError):
    """The index is missing, stale or cannot be written. Trailing underscore: not the builtin."""


class QuestionError(PaperchatError):
    """A question we refuse politely (empty, too long, bad k)."""


class ProviderError(PaperchatError):
    """A model or embedding provider failed: server down, bad key, timeout."""
