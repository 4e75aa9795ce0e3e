"""The app server as ``make run`` starts it (``scripts/serve.py``), and raw requests to it.

Requests are written with the standard library so a test can send any ``Host`` and
``Origin`` it likes, as a hostile web page (or a DNS-rebinding one) would make a browser
send them.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVE = ROOT / "scripts" / "serve.py"
LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 90.0


def free_port() -> int:
    """A TCP port on the loopback address that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def serve_command(port: int, python: str = sys.executable) -> list[str]:
    """``make run``'s command on ``port``, without file watching (others edit the tree)."""
    return [
        python,
        str(SERVE),
        "--server.port",
        str(port),
        "--server.address",
        LOOPBACK,
        "--server.fileWatcherType",
        "none",
    ]


def stop_process(process: subprocess.Popen | None) -> None:
    """Terminate a server process, and kill it if it has not stopped after 10 s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class Served:
    """``scripts/serve.py`` on a free loopback port, healthy once :meth:`start` returns."""

    def __init__(self, log_path: Path, env: dict[str, str] | None = None) -> None:
        self.log_path = log_path
        self.env = env or {}
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> Served:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                serve_command(self.port),
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={**os.environ, "PYTHONUNBUFFERED": "1", **self.env},
            )
        wait_healthy(self.port, self.process, self.log_path)
        return self

    def stop(self) -> None:
        stop_process(self.process)
        self.process = None

    @property
    def url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_size(self) -> int:
        """Where the log ends now (for :meth:`log_since`)."""
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0

    def log_since(self, offset: int) -> str:
        """What the server has logged since :meth:`log_size` returned ``offset``."""
        with self.log_path.open("rb") as log:
            log.seek(offset)
            return log.read().decode("utf-8", errors="replace")


def wait_healthy(port: int, process: subprocess.Popen, log_path: Path | None = None) -> None:
    """Wait until ``/_stcore/health`` answers ``ok`` (the server is up), or fail."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(
                f"http://{LOOPBACK}:{port}/_stcore/health", timeout=2
            ) as answer:
                if answer.read().strip() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)  # poll interval while the process starts; nothing to await
    log = log_path.read_text(errors="replace")[-4000:] if log_path else ""
    raise RuntimeError(f"serve.py startet ikke på port {port}:\n{log}")


def get(
    port: int, path: str, host: str | None = None, origin: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One GET with the given ``Host`` and ``Origin``: (status, headers, body)."""
    headers = {"Host": host or f"{LOOPBACK}:{port}"}
    if origin is not None:
        headers["Origin"] = origin
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        answer = connection.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        connection.close()


def websocket_request(port: int, host: str | None = None, origin: str | None = None) -> bytes:
    """The bytes of a browser's WebSocket handshake for Streamlit's ``/_stcore/stream``."""
    lines = [
        "GET /_stcore/stream HTTP/1.1",
        f"Host: {host or f'{LOOPBACK}:{port}'}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version: 13",
        "Sec-WebSocket-Protocol: streamlit",
    ]
    if origin is not None:
        lines.append(f"Origin: {origin}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def websocket_status(port: int, host: str | None = None, origin: str | None = None) -> int:
    """The HTTP status the server answers a WebSocket handshake with (101 = opened)."""
    with socket.create_connection((LOOPBACK, port), timeout=60) as sock:
        sock.sendall(websocket_request(port, host, origin))
        status_line = sock.makefile("rb").readline().decode("latin-1")
    return int(status_line.split()[1])
