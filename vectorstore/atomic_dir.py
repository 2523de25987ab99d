"""Replace a directory of files in one rename, so a reader never sees it half written."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(directory: Path, prefix: str) -> Iterator[Path]:
    """A fresh directory beside `directory` to write into; when the block ends without an
    error it takes `directory`'s place in one rename (the old one is removed after)."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{prefix}-", dir=directory.parent))
    try:
        yield tmp
        old = Path(tempfile.mkdtemp(prefix=f".{prefix}-old-", dir=directory.parent)) / "gone"
        try:
            if directory.exists():
                directory.rename(old)
            tmp.rename(directory)
        except OSError:
            # Another process swapped in its own copy meanwhile. What is kept this way is a
            # cache its reader checks on load, so theirs serves as well.
            pass
        shutil.rmtree(old.parent, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
