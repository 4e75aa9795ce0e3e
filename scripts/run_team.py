"""Team mode for developers in one command (``make run-team``): never for real data.

Starts, all on 127.0.0.1:

* a real OpenID Connect provider for tests (``oidc-provider-mock``; it signs real tokens
  but lets anyone log in as anyone: type a user name such as ``anne@kommune.test``),
  with three ready users: Anne (planner), Bjørn, and Ada (administrator);
* a throw-away PostgreSQL cluster (``scripts/pg_test_server.sh``) with the schema;
* Tverrkart in team mode (``scripts/serve.py``) on http://127.0.0.1:8502.

Ctrl+C stops everything and removes the database. Ports: ``TVERRKART_TEAM_PORT``
(default 8502) and ``TVERRKART_OIDC_PORT`` (default 9400).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SCRIPT = ROOT / "scripts" / "pg_test_server.sh"
DEV_USERS = (
    {"sub": "anne@kommune.test", "name": "Anne Eier", "email": "anne@kommune.test",
     "groups": ["tk-planlegger"]},
    {"sub": "bjorn@kommune.test", "name": "Bjørn Leser", "email": "bjorn@kommune.test"},
    {"sub": "ada@kommune.test", "name": "Ada Admin", "email": "ada@kommune.test",
     "groups": ["tk-admin"]},
)  # fmt: skip
"""Users the provider offers with one click (their groups give the planner and admin roles)."""


def start_provider(port: int, users=DEV_USERS, log=None) -> subprocess.Popen:
    """``oidc-provider-mock`` on 127.0.0.1:``port``, ready when this returns."""
    command = [sys.executable, "-m", "oidc_provider_mock", "-H", "127.0.0.1", "-p", str(port)]
    for user in users:
        command += ["--user-claims", json.dumps(user)]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/.well-known/openid-configuration"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("oidc-provider-mock stoppet ved oppstart")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("oidc-provider-mock svarte ikke")


def create_database(server_url: str, name: str) -> str:
    """A new database ``name`` on the test cluster, migrated to head; returns its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from graph.storage import ready_engine

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    ready_engine(url).dispose()
    return url


def team_environment(
    database_url: str, app_port: int, oidc_port: int, idle_minutes: float = 30
) -> dict[str, str]:
    """The environment of a development team server (docs/drift.md)."""
    return {
        "TVERRKART_TEAM_MODE": "1",
        "TVERRKART_DATABASE_URL": database_url,
        "TVERRKART_PUBLIC_URL": f"http://127.0.0.1:{app_port}",
        "TVERRKART_OIDC_METADATA_URL": (
            f"http://127.0.0.1:{oidc_port}/.well-known/openid-configuration"
        ),
        "TVERRKART_OIDC_CLIENT_ID": "tverrkart-utvikling",
        "TVERRKART_OIDC_CLIENT_SECRET": secrets.token_hex(16),
        "TVERRKART_COOKIE_SECRET": secrets.token_hex(32),
        "TVERRKART_PLANNER_GROUPS": "tk-planlegger",
        "TVERRKART_ADMIN_GROUPS": "tk-admin",
        "TVERRKART_IDLE_MINUTES": str(idle_minutes),
    }


def main() -> int:
    """Start the provider, PostgreSQL and Tverrkart; stop all on Ctrl+C."""
    app_port = int(os.environ.get("TVERRKART_TEAM_PORT", "8502"))
    oidc_port = int(os.environ.get("TVERRKART_OIDC_PORT", "9400"))
    pg_dir = tempfile.mkdtemp(prefix="tverrkart-team-pg-")
    server_url = subprocess.run(
        ["bash", str(PG_SCRIPT), "start", pg_dir], check=True, capture_output=True, text=True
    ).stdout.strip()
    provider = app = None
    try:
        provider = start_provider(oidc_port)
        url = create_database(server_url, "tverrkart")
        env = {**os.environ, **team_environment(url, app_port, oidc_port)}
        print(
            f"\n  Tverrkart i teammodus: http://127.0.0.1:{app_port}\n"
            f"  Innlogging (testleverandør): http://127.0.0.1:{oidc_port} — velg Anne, "
            "Bjørn eller Ada, eller skriv et navn.\n  Ctrl+C stopper alt.\n",
            flush=True,
        )
        app = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "serve.py"),
                "--server.address",
                "127.0.0.1",
                "--server.port",
                str(app_port),
            ],
            env=env,
            cwd=ROOT,
        )
        app.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for process in (app, provider):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=15)
        subprocess.run(["bash", str(PG_SCRIPT), "stop", pg_dir], check=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
