"""A full index + ask + serve cycle opens no connection beyond this machine.

The cycle runs in a child process whose sockets are guarded from interpreter start (a
sitecustomize from tests/netguard.py), so chromadb, onnxruntime, gradio, httpx and the local
model's client are all covered, and so is any Python process the child starts. The guard
refuses and records every destination that is not loopback or a Unix socket. The child env has
none of TELEMETRY_VARS (GRADIO_ANALYTICS_ENABLED, ANONYMIZED_TELEMETRY, ORT_DISABLE_TELEMETRY,
HF_HUB_OFFLINE ...): the product itself must keep telemetry and hub look-ups off. When strace
is available the child also runs under it, which sees what native code (onnxruntime's C++,
chromadb's Rust, llama.cpp) does beside Python's socket module. A second child runs the same
cycle with a proxy configured, as on many company machines.

Run as a script (`python this_file.py MODE RESULT.json PORT`) this file *is* the child: it does
the cycle and writes what it saw to RESULT.json.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

import netguard  # noqa: E402

pytestmark = pytest.mark.integration

# Destinations the self-check tries: never reached, the guard refuses them before connecting.
SELF_CHECK = (("10.255.255.1", 80), ("192.0.2.1", 443), ("example.com", 443))
FAKE_KEYS = ("sk-test-SECRET123-netguard-openai", "pc-test-SECRET456-netguard-llm")
# The product must keep these off by itself: the child runs without any of them.
TELEMETRY_VARS = ("GRADIO_ANALYTICS_ENABLED", "ANONYMIZED_TELEMETRY", "HF_HUB_OFFLINE",
                  "TRANSFORMERS_OFFLINE", "ORT_DISABLE_TELEMETRY", "GRADIO_TEMP_DIR")
QUESTION = "What does rStar-Math do?"
# A proxy that no request to this machine's own servers may go through.
PROXY = "http://192.0.2.1:3128"
PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-f", "-qq", "-e", "trace=connect", "-o", os.devnull,
                            "true"], capture_output=True, timeout=30)
    return probe.returncode == 0  # ptrace may be forbidden in a container


def _run_child(tmp: Path, mode: str, **extra_env: str) -> dict[str, Any]:
    """Run this file as the child in `mode`; what it printed, recorded and returned."""
    tmp.mkdir(parents=True, exist_ok=True)
    log, result_path, trace = tmp / "attempts.jsonl", tmp / "result.json", tmp / "strace.log"
    env = {k: v for k, v in os.environ.items()
           if k not in TELEMETRY_VARS and not k.startswith("PAPERCHAT_")
           and k.lower() not in PROXY_VARS and k.lower() != "no_proxy"}
    env.update(PYTHONPATH=str(netguard.sitecustomize_dir(tmp / "site")),
               PAPERCHAT_HOME=str(tmp.parent / "home"), PYTHONUNBUFFERED="1",
               OPENAI_API_KEY=FAKE_KEYS[0], PAPERCHAT_LLM__API_KEY=FAKE_KEYS[1],
               # A short local answer from short evidence: the point is the connections.
               PAPERCHAT_LLM__MAX_TOKENS="16", PAPERCHAT_ANSWER__EVIDENCE_TOKEN_BUDGET="200",
               **{netguard.LOG_ENV: str(log)})
    env.update(extra_env)
    command = [sys.executable, __file__, mode, str(result_path), str(_free_port())]
    traced = mode == "cycle" and _strace_works()
    if traced:
        # Only these calls are traced (seccomp filter), so the child runs at full speed.
        command = ["strace", "-f", "-qq", "-s", "64", "--seccomp-bpf",
                   "-e", "trace=connect,sendto,sendmsg", "-e", "signal=none",
                   "-o", str(trace), *command]
    began = time.monotonic()
    run = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True,
                         timeout=400)
    return {"returncode": run.returncode, "stdout": run.stdout, "stderr": run.stderr,
            "seconds": time.monotonic() - began, "attempts": netguard.read_log(log),
            "result": json.loads(result_path.read_text()) if result_path.is_file() else None,
            "strace": trace.read_text(errors="replace") if traced else None}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("netguard")


@pytest.fixture(scope="module")
def cycle(workdir) -> dict[str, Any]:
    """Run the child once; the tests below read what it recorded."""
    child = _run_child(workdir / "cycle", "cycle")
    assert child["returncode"] == 0, \
        f"the cycle failed:\n{child['stdout'][-3000:]}\n{child['stderr'][-5000:]}"
    return child


def test_the_guard_records_and_refuses_outside_destinations(cycle):
    checks = [a for a in cycle["attempts"] if a["phase"] == "self-check"]
    seen = " ".join(a["destination"] for a in checks)
    for host, _ in SELF_CHECK:
        assert host in seen, f"the guard missed {host}: {checks}"
    assert cycle["result"]["self_check_escaped"] == []  # every attempt was refused
    # A grandchild process is guarded too (sitecustomize is inherited through PYTHONPATH).
    assert any(a["phase"] == "child" and a["pid"] != str(cycle["result"]["pid"])
               for a in cycle["attempts"])


def test_index_ask_and_serve_open_no_outside_connection(cycle):
    result = cycle["result"]
    assert result is not None
    # The cycle really ran: the index, both answers, the page and the API call.
    assert result["indexed"] >= 50
    assert "rStar-Math" in result["extractive"]["text"] and result["extractive"]["citations"]
    assert result["local"]["provider"] == "local" and result["local"]["text"].strip()
    assert "paperchat" in result["page"]
    assert "rStar-Math" in result["api_answer"]
    outside = [a for a in cycle["attempts"] if a["phase"] not in ("self-check", "child")]
    assert outside == [], f"outside connections were attempted: {outside}"
    print(f"cycle: {cycle['seconds']:.1f} s in all, {cycle['result']['timings']}")


def test_native_code_opens_no_outside_connection(cycle):
    if cycle["strace"] is None:
        pytest.skip("strace is missing or ptrace is not allowed here")
    # The self-check and its child never reached a syscall (refused in Python), so any
    # non-loopback connect here came from native code or from around the guard.
    assert "127.0.0.1" in cycle["strace"]  # the trace did see the loopback traffic
    outside = netguard.strace_outside_connects(cycle["strace"])
    assert outside == [], "native code looked up or connected outside:\n" + "\n".join(outside)


def test_a_configured_proxy_is_not_used_for_this_machines_own_servers(workdir, cycle):
    """With HTTP(S)_PROXY set (as on many company machines) and no NO_PROXY, requests to the
    local model server and to the app itself must still stay on loopback: through the proxy
    they would carry prompts and evidence off the machine (and fail). Reuses the cycle's
    home, so the index and the model file are already there."""
    proxies = {name: PROXY for var in PROXY_VARS for name in (var, var.upper())}
    child = _run_child(workdir / "proxy", "proxy", **proxies)
    outside = [a for a in child["attempts"] if a["phase"] != "self-check"]
    assert outside == [] and child["returncode"] == 0, (
        f"with a proxy configured, loopback traffic went to it: {outside[:3]}\n"
        f"{child['stderr'][-2000:]}")
    assert "rStar-Math" in child["result"]["api_answer"] and child["result"]["local"]["text"]


def test_no_key_reaches_the_page_the_api_or_the_console(cycle):
    shown = " ".join([cycle["stdout"], cycle["stderr"], cycle["result"]["page"],
                      cycle["result"]["config"], cycle["result"]["api_answer"]])
    for key in FAKE_KEYS:
        assert key not in shown


# --- the child --------------------------------------------------------------------------------


def _self_check() -> list[str]:
    """Try each outside destination through the layers the product uses; return any that
    got through (connected) instead of being refused."""
    import urllib.request

    import httpx

    escaped = []
    attempts = [
        lambda: socket.create_connection(SELF_CHECK[0], timeout=1).close(),
        lambda: socket.socket().connect(SELF_CHECK[1]),
        lambda: urllib.request.urlopen(f"http://{SELF_CHECK[0][0]}/", timeout=1),
        lambda: httpx.get(f"https://{SELF_CHECK[2][0]}/", timeout=1),
    ]
    for attempt in attempts:
        try:
            attempt()
        except (OSError, httpx.HTTPError):
            continue
        escaped.append(repr(attempt))
    return escaped


def _child_self_check() -> None:
    """A grandchild process tries too; its attempt must land in the same log."""
    code = ("import socket, netguard\nnetguard.phase = 'child'\n"
            f"try:\n    socket.create_connection({SELF_CHECK[0]!r}, timeout=1)\n"
            "except OSError:\n    pass\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def _http(url: str, data: dict[str, Any] | None = None) -> str:
    import urllib.request

    # No proxies: a proxy from the environment would be an outside hop of the test's own.
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body,
                                     headers={"Content-Type": "application/json"})
    with opener.open(request, timeout=120) as response:
        return response.read().decode("utf-8")


def _ask_api(base: str, question: str) -> str:
    """Gradio's HTTP API: POST the inputs, then read the event stream to its last message."""
    started = json.loads(_http(f"{base}gradio_api/call/ask",
                               {"data": [question, "extractive", 6, "auto", []]}))
    stream = _http(f"{base}gradio_api/call/ask/{started['event_id']}")
    events = [line[len("data:"):].strip() for line in stream.splitlines()
              if line.startswith("data:")]
    assert "event: complete" in stream, stream[-2000:]
    return events[-1]


def run_cycle(mode: str, result_path: Path, port: int) -> None:
    timings: dict[str, float] = {}
    mark = time.monotonic()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.monotonic()
        timings[name] = round(now - mark, 2)
        mark = now

    escaped: list[str] = []
    if mode == "cycle":
        netguard.phase = "self-check"
        escaped = _self_check()
        _child_self_check()
        lap("self_check")
    else:
        netguard.exit_on_attempt = True  # a proxied request would be retried for minutes
    netguard.phase = mode

    from assistant.service import Assistant
    from ui.app import AssistantPool, serve

    assistant = Assistant.from_settings(provider="extractive")  # PAPERCHAT_HOME from the env
    report = assistant.index()
    lap("index")
    extractive = assistant.ask(QUESTION)
    lap("ask_extractive")
    local = AssistantPool(assistant).get("local")
    local_answer = local.ask(QUESTION)
    lap("ask_local")

    app = serve(assistant, host="127.0.0.1", port=port, block=False)
    try:
        base = f"http://127.0.0.1:{port}/"
        page = _http(base)
        config = _http(f"{base}config")
        api_answer = _ask_api(base, QUESTION)
    finally:
        app.close()
        assistant.close()  # stops the local model server
    lap("serve")

    result = {
        "pid": os.getpid(),
        "self_check_escaped": escaped,
        "indexed": report.papers,
        "extractive": {"text": extractive.text, "citations": len(extractive.citations)},
        "local": {"provider": local_answer.provider, "text": local_answer.text},
        "page": page,
        "config": config,
        "api_answer": api_answer,
        "timings": timings,
    }
    result_path.write_text(json.dumps(result), encoding="utf-8")


if __name__ == "__main__":
    run_cycle(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]))
