"""Saved conversations: one JSON file each under `<PAPERCHAT_HOME>/conversations/`.

Written atomically (temp file + rename), so a crash never leaves half a conversation; a file
that cannot be read (edited by hand, or written by a version whose Answer differs) is listed
with its title and opens with a message in place of the answers it cannot show.
"""

from __future__ import annotations

import builtins
import json
import logging
import os
import re
import tempfile
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.types import Answer
from ui.render import Exchange

log = logging.getLogger(__name__)

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,80}$")
FORMAT = "paperchat-saved-conversation/1"


@dataclass(frozen=True)
class Saved:
    id: str
    title: str
    updated: str
    questions: int


def _exchange_dict(exchange: Exchange) -> dict[str, Any]:
    data = asdict(exchange)
    data["answer"] = exchange.answer.model_dump(mode="json") if exchange.answer else None
    return data


def _exchange(data: dict[str, Any]) -> Exchange:
    answer = None
    error = data.get("error")
    if data.get("answer") is not None:
        try:
            answer = Answer.model_validate(data["answer"])
        except ValidationError:
            error = "this saved answer was written by another version and cannot be shown"
    return Exchange(question=str(data.get("question", "")), answer=answer, error=error,
                    stopped=bool(data.get("stopped")), partial=str(data.get("partial", "")),
                    mode=str(data.get("mode", "auto")),
                    papers=tuple(str(p) for p in data.get("papers") or ()),
                    scope=str(data.get("scope") or ""))


class ConversationStore:
    """List, save, load, rename and delete conversations in one folder."""

    def __init__(self, root: Path):
        self.root = root
        self._lock = threading.RLock()
        self._index: dict[str, Saved] | None = None
        """What `list` shows, read from the folder once, then kept up to date by this store."""

    def _path(self, conversation_id: str) -> Path:
        if not _ID.match(conversation_id):
            raise ValueError(f"not a conversation id: {conversation_id[:40]!r}")
        return self.root / f"{conversation_id}.json"

    def save(self, conversation_id: str, title: str, exchanges: list[Exchange]) -> None:
        if not exchanges:
            return
        path = self._path(conversation_id)
        updated = datetime.now().isoformat(timespec="seconds")
        document = {"format": FORMAT, "id": conversation_id, "title": title,
                    "updated": updated, "exchanges": [_exchange_dict(e) for e in exchanges]}
        with self._lock:
            self._write(path, document)
            self._indexed()[conversation_id] = Saved(conversation_id, title or "Untitled",
                                                     updated, len(exchanges))

    def _write(self, path: Path, document: dict[str, Any]) -> None:
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.root, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as out:
                    json.dump(document, out, ensure_ascii=False)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("cannot read saved conversation %s", path.name)
            return None
        return data if isinstance(data, dict) else None

    def _indexed(self) -> dict[str, Saved]:
        with self._lock:
            if self._index is None:
                self._index = {}
                for path in self.root.glob("*.json") if self.root.is_dir() else []:
                    data = self._read(path)
                    if data is not None:
                        self._index[path.stem] = Saved(
                            path.stem, str(data.get("title") or "Untitled"),
                            str(data.get("updated", "")), len(data.get("exchanges", [])))
            return self._index

    def list(self, limit: int = 200) -> list[Saved]:
        """The newest `limit` conversations, newest first."""
        with self._lock:
            found = list(self._indexed().values())
        return sorted(found, key=lambda s: (s.updated, s.id), reverse=True)[:limit]

    def load(self, conversation_id: str) -> tuple[str, builtins.list[Exchange]] | None:
        data = self._read(self._path(conversation_id))
        if data is None:
            return None
        exchanges = [_exchange(e) for e in data.get("exchanges", []) if isinstance(e, dict)]
        return str(data.get("title") or "Untitled"), exchanges

    def rename(self, conversation_id: str, title: str) -> bool:
        path = self._path(conversation_id)
        data = self._read(path)
        if data is None:
            return False
        data["title"] = title.strip()[:120] or data.get("title", "Untitled")
        with self._lock:
            self._write(path, data)
            old = self._indexed().get(conversation_id)
            if old is not None:
                self._indexed()[conversation_id] = Saved(old.id, data["title"], old.updated,
                                                         old.questions)
        return True

    def delete(self, conversation_id: str) -> bool:
        path = self._path(conversation_id)
        with self._lock:
            self._indexed().pop(conversation_id, None)
            if not path.exists():
                return False
            path.unlink()
            return True
