"""kill -9 during `paperchat index`: the next run finds a consistent index and completes.

Runs the real CLI in a subprocess (real Chroma, real MiniLM) on the bundled 76 papers in
batches of 8, SIGKILLs it once two batches are stored, and checks that the rerun neither
loses nor duplicates a paper and re-embeds only what was not stored.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

BUNDLED_PAPERS = 76
BATCH = 8


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERCHAT_")}
    env.update(PAPERCHAT_HOME=str(home), PAPERCHAT_STORE__BATCH_SIZE=str(BATCH),
               PAPERCHAT_CONFIG=str(home / "absent.toml"), PYTHONUNBUFFERED="1")
    return env


def _paperchat(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ui.cli", *args], env=_env(home),
                          capture_output=True, text=True, timeout=600, check=False)


def _kill_after(done: int, home: Path) -> int:
    """Start an index run and SIGKILL it once `done` papers are stored; returns the count seen."""
    proc = subprocess.Popen([sys.executable, "-m", "ui.cli", "index", "--verbose"],
                            env=_env(home), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            text=True)
    seen = 0
    deadline = time.monotonic() + 600
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if line.startswith("paperchat: ") and line.rstrip().endswith("papers done"):
                seen = int(line.split()[1])
                if seen >= done:
                    proc.send_signal(signal.SIGKILL)
                    break
            assert time.monotonic() < deadline, "index run never reported progress"
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, f"the run ended on its own ({proc.returncode})"
    return seen


def test_sigkill_mid_index_then_rerun_is_complete_and_consistent(tmp_path):
    home = tmp_path / "home"
    stored = _kill_after(2 * BATCH, home)
    assert stored < BUNDLED_PAPERS

    rerun = _paperchat("index", "--json", home=home)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["papers"] == BUNDLED_PAPERS
    # What the killed run stored completely is kept (not re-embedded); the rest is written now.
    assert report["unchanged"] >= stored
    assert report["unchanged"] + report["added"] + report["updated"] == BUNDLED_PAPERS

    papers = _paperchat("papers", "--json", home=home)
    ids = [p["id"] for p in json.loads(papers.stdout)]
    assert len(ids) == len(set(ids)) == BUNDLED_PAPERS

    # A third run finds every paper complete: nothing was half-written or duplicated.
    again = json.loads(_paperchat("index", "--json", home=home).stdout)
    assert again["unchanged"] == BUNDLED_PAPERS and again["added"] == again["updated"] == 0

    found = _paperchat("retrieve", "What does rStar-Math do?", "--json", "--k", "3", home=home)
    assert found.returncode == 0, found.stderr
    assert "rStar-Math" in json.loads(found.stdout)["hits"][0]["title"]
