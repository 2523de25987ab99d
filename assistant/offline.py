"""Keep this process's traffic on this machine: telemetry off, loopback never proxied.

Libraries read these variables when they are first imported or first connect, so the code
that loads each one calls `keep_local()` first: the embedder (onnxruntime), the web app
(Gradio), the local chat model (its client), and the CLI once for the whole process. Values the
user set explicitly win, except that loopback is always added to NO_PROXY: the local model
server and the web app's own start-up check must never go through a proxy.
"""

from __future__ import annotations

import os

_OFF = {
    # onnxruntime's native telemetry: DNS lookups of events.data.microsoft.com
    "ORT_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "HF_HUB_OFFLINE": "1",
}
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


def keep_local() -> None:
    for key, value in _OFF.items():
        os.environ.setdefault(key, value)
    for key in ("NO_PROXY", "no_proxy"):
        present = [h.strip() for h in os.environ.get(key, "").split(",") if h.strip()]
        missing = [h for h in _LOOPBACK if h not in present]
        if missing:
            os.environ[key] = ",".join(present + missing)
