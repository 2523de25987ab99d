"""A socket guard for tests: record, and refuse, every attempt to reach beyond this machine.

`install()` patches the Python socket layer (connect, connect_ex, sendto, create_connection,
getaddrinfo) so that only loopback addresses, "localhost" and AF_UNIX paths get through.
Anything else is refused with an OSError *before* a packet leaves, and recorded, in memory and
(when `log_path` is given) as one JSON line per attempt, so a parent process can read what a
child tried even when the child swallowed the error.

`sitecustomize_dir()` writes a sitecustomize.py that installs the guard at interpreter start:
put that directory first on PYTHONPATH and every Python process, including children, is
guarded before it imports anything. Native code that opens sockets without Python's socket
module is not seen here; `strace_outside_connects()` reads an strace log for that.
"""

from __future__ import annotations

import errno
import ipaddress
import json
import os
import re
import socket
import threading
from pathlib import Path
from typing import Any

LOG_ENV = "NETGUARD_LOG"
"""Env var naming the JSONL file the sitecustomize guard appends attempts to."""

EXIT_CODE = 86
"""The exit status of a process ended by `exit_on_attempt`."""

LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})

_originals: dict[str, Any] = {}
_lock = threading.Lock()
attempts: list[dict[str, str]] = []
phase = "run"
"""Label stored with each attempt, so a self-check can be told apart from the real run."""
exit_on_attempt = False
"""End the process at the first attempt (after recording it): a run that would otherwise retry
an unreachable address for minutes fails in a moment instead."""
_log_path: Path | None = None


def is_local_host(host: object) -> bool:
    """Loopback IPs, the unspecified address (Linux routes it to loopback), "localhost"."""
    if host is None:
        return True  # getaddrinfo(None, port): a passive address for bind()
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    text = str(host).strip("[]").split("%", 1)[0].lower()
    if text in LOCAL_NAMES or text.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False  # a name that would need DNS
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def is_local_address(family: int, address: object) -> bool:
    if family == getattr(socket, "AF_UNIX", None) or isinstance(address, (str, bytes)):
        return True  # a filesystem or abstract socket path: never leaves the machine
    if family == getattr(socket, "AF_NETLINK", None):
        return True  # kernel messages (interface lookups), not a network peer
    if isinstance(address, tuple) and address:
        return is_local_host(address[0])
    return False


def _record(kind: str, destination: object) -> None:
    entry = {"kind": kind, "destination": repr(destination), "phase": phase,
             "pid": str(os.getpid())}
    with _lock:
        attempts.append(entry)
        if _log_path is not None:
            with _log_path.open("a", encoding="utf-8") as log:
                log.write(json.dumps(entry) + "\n")
    if exit_on_attempt:
        os._exit(EXIT_CODE)


def _refuse(kind: str, destination: object) -> OSError:
    _record(kind, destination)
    return OSError(errno.ENETUNREACH, f"netguard: outside connection refused: {destination!r}")


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not is_local_address(self.family, address):
        raise _refuse("connect", address)
    return _originals["connect"](self, address)


def _guarded_connect_ex(self: socket.socket, address: Any) -> Any:
    if not is_local_address(self.family, address):
        _record("connect_ex", address)
        return errno.ENETUNREACH
    return _originals["connect_ex"](self, address)


def _guarded_sendto(self: socket.socket, data: Any, *args: Any) -> Any:
    address = args[-1]  # sendto(data, address) or sendto(data, flags, address)
    if not is_local_address(self.family, address):
        raise _refuse("sendto", address)
    return _originals["sendto"](self, data, *args)


def _guarded_create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
    if not is_local_host(address[0]):
        raise _refuse("create_connection", address)
    return _originals["create_connection"](address, *args, **kwargs)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not is_local_host(host):
        raise socket.gaierror(socket.EAI_NONAME, str(_refuse("getaddrinfo", host)))
    return _originals["getaddrinfo"](host, *args, **kwargs)


def install(log_path: str | os.PathLike[str] | None = None) -> None:
    """Guard this process's sockets (idempotent)."""
    global _log_path
    _log_path = Path(log_path) if log_path else None
    if _originals:
        return
    _originals.update(connect=socket.socket.connect, connect_ex=socket.socket.connect_ex,
                      sendto=socket.socket.sendto, create_connection=socket.create_connection,
                      getaddrinfo=socket.getaddrinfo)
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]  # the guard patches socket on purpose
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]  # the guard patches socket on purpose
    socket.socket.sendto = _guarded_sendto  # type: ignore[method-assign,assignment]  # the guard patches socket on purpose
    socket.create_connection = _guarded_create_connection  # type: ignore[assignment]  # the guard patches socket on purpose
    socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]  # the guard patches socket on purpose


def uninstall() -> None:
    global _log_path
    if not _originals:
        return
    socket.socket.connect = _originals["connect"]  # type: ignore[method-assign]  # the guard patches socket on purpose
    socket.socket.connect_ex = _originals["connect_ex"]  # type: ignore[method-assign]  # the guard patches socket on purpose
    socket.socket.sendto = _originals["sendto"]  # type: ignore[method-assign]  # the guard patches socket on purpose
    socket.create_connection = _originals["create_connection"]
    socket.getaddrinfo = _originals["getaddrinfo"]
    _originals.clear()
    _log_path = None


def read_log(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


_SITECUSTOMIZE = f"""\
# Written by tests/netguard.py: guard every socket before anything else is imported.
import os, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
import netguard
netguard.install(os.environ.get({LOG_ENV!r}))
sys.path.pop(0)
"""


def sitecustomize_dir(directory: Path) -> Path:
    """A directory holding a sitecustomize.py that installs the guard; put it on PYTHONPATH."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    return directory


# --- the system-call view ----------------------------------------------------------------------

_STRACE_INET = re.compile(
    r"\b(connect|sendto|sendmsg)\(\d+<?[^,]*?,.*?sa_family=(AF_INET6?).*?"
    r"(?:inet_addr\(\"([^\"]+)\"\)|inet_pton\(AF_INET6, \"([^\"]+)\")")


_STRACE_DNS = re.compile(r"sin6?_port=htons\(53\)")


def strace_outside_connects(log: str) -> list[str]:
    """strace lines whose connect/sendto/sendmsg targets a non-loopback IP address, or a DNS
    server on any address (a look-up is the first step out, even via a loopback resolver).
    What was then sent on such a socket follows its line, so a DNS query shows its name."""
    found = []
    flagged: set[tuple[str, str]] = set()
    for line in log.splitlines():
        match = _STRACE_INET.search(line)
        if match and (not is_local_host(match.group(3) or match.group(4))
                      or _STRACE_DNS.search(line)):
            found.append(line.strip())
            flagged.add(_pid_fd(line))
        elif "sendto(" in line and _pid_fd(line) in flagged:
            found.append(line.strip())
    return found


def _pid_fd(line: str) -> tuple[str, str]:
    match = re.match(r"\s*(\d+)\s+(?:[\d.:]+\s+)?\w+\((\d+)", line)
    return (match.group(1), match.group(2)) if match else ("", "")
