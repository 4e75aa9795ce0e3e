"""Run inside a loopback-only network namespace by ``tests/test_server_offline.py``.

``python tests/netns_probe.py TRACE_FILE``: starts the app as ``make run`` does
(``scripts/serve.py``) under ``strace -f -e trace=connect``, sends one WebSocket
handshake with a foreign ``Origin`` (what any web page can make the browser do), asks
``/_stcore/health`` right behind it and once more after it, stops the server, and prints
one JSON line: the handshake's status and time, both health times, and every
``connect`` to an address that is not loopback.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.server_support import (  # noqa: E402  (run as a script, not by pytest)
    LOOPBACK,
    ROOT,
    free_port,
    serve_command,
    wait_healthy,
    websocket_request,
)

FOREIGN_ORIGIN = "http://evil.example"
HEALTH = b"GET /_stcore/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
CONNECT = re.compile(r"connect\(\d+, \{sa_family=(AF_INET6?),[^}]*?(?:inet_addr|inet_pton)\(")
ADDRESS = re.compile(r'(?:inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)")')


def outbound(trace: str) -> list[str]:
    """Every ``connect`` line in an strace log whose address is not loopback."""
    found = []
    for line in trace.splitlines():
        if not CONNECT.search(line):
            continue
        match = ADDRESS.search(line)
        address = (match.group(1) or match.group(2)) if match else ""
        if not (address.startswith("127.") or address in ("::1", "::ffff:127.0.0.1")):
            found.append(line.strip())
    return found


def status_of(sock: socket.socket) -> int:
    return int(sock.makefile("rb").readline().split()[1])


def timed_health(port: int) -> float:
    """Milliseconds until ``/_stcore/health`` has answered."""
    start = time.perf_counter()
    with socket.create_connection((LOOPBACK, port), timeout=120) as sock:
        sock.sendall(HEALTH.replace(b"127.0.0.1", f"127.0.0.1:{port}".encode()))
        assert status_of(sock) == 200
    return (time.perf_counter() - start) * 1000


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(p) for p in task.read_text().split()]
    return found


def main(trace_file: str) -> None:
    port = free_port()
    log = Path(trace_file).with_suffix(".log")
    command = ["strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=connect", "-o", trace_file]
    with log.open("wb") as out:
        tracer = subprocess.Popen(
            [*command, *serve_command(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        wait_healthy(port, tracer, log)
        with socket.create_connection((LOOPBACK, port), timeout=120) as handshake:
            start = time.perf_counter()
            handshake.sendall(websocket_request(port, origin=FOREIGN_ORIGIN))
            health_during_ms = timed_health(port)
            status = status_of(handshake)
            handshake_ms = (time.perf_counter() - start) * 1000
        health_after_ms = timed_health(port)
    finally:
        for child in children(tracer.pid):
            os.kill(child, signal.SIGTERM)
        tracer.wait(timeout=30)
    print(
        json.dumps(
            {
                "handshake_status": status,
                "handshake_ms": round(handshake_ms, 1),
                "health_during_ms": round(health_during_ms, 1),
                "health_after_ms": round(health_after_ms, 1),
                "outbound": outbound(Path(trace_file).read_text(errors="replace")),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
