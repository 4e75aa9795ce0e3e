"""scripts/serve.py in team mode: refuses to start without what team mode needs (issue 13)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from graph.storage.team import team_settings

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import serve  # noqa: E402

TEAM = {
    "TVERRKART_TEAM_MODE": "1",
    "TVERRKART_DATABASE_URL": "postgresql+psycopg://tk@127.0.0.1:1/tverrkart",
    "TVERRKART_PUBLIC_URL": "https://tverrkart.kommune.no",
    "TVERRKART_OIDC_METADATA_URL": "https://idp.kommune.no/.well-known/openid-configuration",
    "TVERRKART_OIDC_CLIENT_ID": "tverrkart",
    "TVERRKART_OIDC_CLIENT_SECRET": "klient-123",
    "TVERRKART_COOKIE_SECRET": "9f1c2a" * 8,
}


def run_serve(env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("TVERRKART_")}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "--server.port", "1"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"TVERRKART_DATABASE_URL": ""}, "krever PostgreSQL"),
        ({"TVERRKART_DATABASE_URL": "sqlite:////tmp/x.sqlite3"}, "krever PostgreSQL"),
        ({"TVERRKART_OIDC_CLIENT_SECRET": ""}, "TVERRKART_OIDC_CLIENT_SECRET"),
        ({"TVERRKART_COOKIE_SECRET": "changeme-changeme-changeme-changeme"}, "Eksempelverdier"),
        ({"TVERRKART_ALLOWED_HOSTS": "localhost"}, "bare på navnet"),
    ],
)
def test_team_mode_refuses_to_start_with_a_norwegian_message(change, says):
    result = run_serve({**TEAM, **change})
    assert result.returncode == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_the_auth_section_goes_to_a_private_file_outside_the_project():
    settings = team_settings(TEAM)
    path = serve.write_auth_secrets(settings)
    assert ROOT not in path.parents
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert 'cookie_secret = "' + "9f1c2a" * 8 + '"' in path.read_text(encoding="utf-8")


def test_a_team_server_answers_only_to_its_public_name():
    settings = team_settings(TEAM)
    assert serve.team_hosts(settings, {}) == ("tverrkart.kommune.no",)
    assert serve.team_hosts(settings, {"TVERRKART_ALLOWED_HOSTS": "tverrkart.kommune.no"}) == (
        "tverrkart.kommune.no",
    )


def test_the_login_cookie_keeps_no_identity_number():
    from graph.storage.access import cookie_claims

    kept = cookie_claims(
        {
            "sub": "abc",
            "pid": "15038510190",
            "name": "Kari",
            "iat": 1,
            "auth_time": 1,
            "address": {"street_address": "Storgata 1"},
            "is_logged_in": True,
            "provider": "default",
            "origin": "https://tverrkart.kommune.no",
        }
    )
    assert set(kept) == {
        "sub",
        "name",
        "iat",
        "auth_time",
        "is_logged_in",
        "provider",
        "origin",
    }
