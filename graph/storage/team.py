"""Team mode: the settings an installation for a resource team needs, read from the environment.

Local mode (the default) needs nothing. Team mode is switched on with
``TVERRKART_TEAM_MODE=1`` and then requires (docs/drift.md):

* PostgreSQL (``TVERRKART_DATABASE_URL``), never the local SQLite file;
* the installation's public address (``TVERRKART_PUBLIC_URL``): the only host name
  the app answers to, and where the identity provider sends the user back;
* the OpenID Connect client: ``TVERRKART_OIDC_METADATA_URL``,
  ``TVERRKART_OIDC_CLIENT_ID``, ``TVERRKART_OIDC_CLIENT_SECRET``;
* a cookie secret of at least 32 characters (``TVERRKART_COOKIE_SECRET``) that is not a
  placeholder.

Optional: the group claims that give the planner and administrator roles
(``TVERRKART_PLANNER_GROUPS``, ``TVERRKART_ADMIN_GROUPS``, comma-separated), the idle
timeout (``TVERRKART_IDLE_MINUTES``, default 30) and the maximum login age
(``TVERRKART_MAX_LOGIN_HOURS``, default 8), and the scopes asked for
(``TVERRKART_OIDC_SCOPES``, default ``openid profile email``).

:func:`team_settings` reads them and raises :class:`TeamConfigError` with *every*
problem in one Norwegian message; :func:`secrets_toml` writes Streamlit's ``[auth]``
section from them.

Examples
--------
>>> env = {
...     "TVERRKART_TEAM_MODE": "1",
...     "TVERRKART_DATABASE_URL": "postgresql+psycopg://tk@db/tverrkart",
...     "TVERRKART_PUBLIC_URL": "https://tverrkart.kommune.no",
...     "TVERRKART_OIDC_METADATA_URL": "https://idp.kommune.no/.well-known/openid-configuration",
...     "TVERRKART_OIDC_CLIENT_ID": "tverrkart",
...     "TVERRKART_OIDC_CLIENT_SECRET": "s3cr3t",
...     "TVERRKART_COOKIE_SECRET": "k" * 40,
...     "TVERRKART_ADMIN_GROUPS": "tk-admin, personvernombud",
... }
>>> settings = team_settings(env)
>>> settings.host, settings.redirect_uri
('tverrkart.kommune.no', 'https://tverrkart.kommune.no/oauth2callback')
>>> settings.admin_groups
('tk-admin', 'personvernombud')
>>> team_settings({}) is None
True
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

from graph.storage.engine import DATABASE_URL_ENV
from graph.storage.repository import TEAM_MODE_ENV, team_mode

PUBLIC_URL_ENV = "TVERRKART_PUBLIC_URL"
METADATA_ENV = "TVERRKART_OIDC_METADATA_URL"
CLIENT_ID_ENV = "TVERRKART_OIDC_CLIENT_ID"
CLIENT_SECRET_ENV = "TVERRKART_OIDC_CLIENT_SECRET"
COOKIE_SECRET_ENV = "TVERRKART_COOKIE_SECRET"
SCOPES_ENV = "TVERRKART_OIDC_SCOPES"
PLANNER_GROUPS_ENV = "TVERRKART_PLANNER_GROUPS"
ADMIN_GROUPS_ENV = "TVERRKART_ADMIN_GROUPS"
IDLE_ENV = "TVERRKART_IDLE_MINUTES"
MAX_AGE_ENV = "TVERRKART_MAX_LOGIN_HOURS"
DEFAULT_IDLE = timedelta(minutes=30)
DEFAULT_MAX_AGE = timedelta(hours=8)
MIN_SECRET_LENGTH = 32
PLACEHOLDER_SECRETS = re.compile(
    r"(xxx|changeme|change-me|bytt|secret|hemmelig|password|passord|default|example)", re.I
)
"""A cookie secret containing one of these words is taken for a placeholder and refused."""


class TeamConfigError(ValueError):
    """Team mode cannot start; ``str(error)`` lists every problem in Norwegian."""


@dataclass(frozen=True)
class TeamSettings:
    """Everything team mode needs, checked."""

    public_url: str
    host: str
    metadata_url: str
    client_id: str
    client_secret: str
    cookie_secret: str
    scopes: str
    planner_groups: tuple[str, ...]
    admin_groups: tuple[str, ...]
    idle: timedelta
    max_age: timedelta

    @property
    def redirect_uri(self) -> str:
        """Where the identity provider sends the user back (Streamlit's callback)."""
        return f"{self.public_url}/oauth2callback"


def _groups(raw: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(g.strip() for g in raw.split(",") if g.strip()))


def _duration(environ: Mapping[str, str], name: str, default: timedelta, unit: str, problems):
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = -1
    if value <= 0:
        problems.append(f"{name} må være et positivt tall ({unit}), ikke «{raw}».")
        return default
    return timedelta(minutes=value) if unit == "minutter" else timedelta(hours=value)


def team_settings(environ: Mapping[str, str] | None = None) -> TeamSettings | None:
    """The team-mode settings, ``None`` in local mode.

    Raises
    ------
    TeamConfigError
        Team mode is on but something is missing or unsafe (all problems at once).
    """
    environ = os.environ if environ is None else environ
    if not team_mode(dict(environ)):
        return None
    problems: list[str] = []
    database = environ.get(DATABASE_URL_ENV, "").strip()
    if not database:
        problems.append(
            f"Teammodus krever PostgreSQL: sett {DATABASE_URL_ENV} til for eksempel "
            "postgresql+psycopg://tverrkart_app:…@db.kommune.no:5432/tverrkart."
        )
    else:
        try:
            backend = make_url(database).get_backend_name()
        except Exception:  # any unreadable URL is the same problem
            backend = ""
        if backend != "postgresql":
            problems.append(
                f"Teammodus krever PostgreSQL, men {DATABASE_URL_ENV} peker på "
                f"«{backend or 'noe ukjent'}». Den lokale SQLite-filen er bare for én bruker."
            )
    public = environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    parts = urlsplit(public)
    host = (parts.hostname or "").lower()
    if not public or parts.scheme not in {"http", "https"} or not host or parts.path:
        problems.append(
            f"Sett {PUBLIC_URL_ENV} til installasjonens offentlige adresse, for eksempel "
            "https://tverrkart.kommune.no (uten sti)."
        )
    elif parts.scheme == "http" and host not in {"localhost", "127.0.0.1", "::1"}:
        problems.append(
            f"{PUBLIC_URL_ENV} må bruke https (bak en omvendt proxy med TLS); http er bare "
            "lov for utvikling på denne maskinen."
        )
    values = {}
    for name, what in (
        (METADATA_ENV, "adressen til identitetsleverandørens openid-configuration"),
        (CLIENT_ID_ENV, "klient-ID-en Tverrkart har hos identitetsleverandøren"),
        (CLIENT_SECRET_ENV, "klienthemmeligheten fra identitetsleverandøren"),
    ):
        values[name] = environ.get(name, "").strip()
        if not values[name]:
            problems.append(f"Sett {name} ({what}).")
    cookie = environ.get(COOKIE_SECRET_ENV, "")
    if len(cookie) < MIN_SECRET_LENGTH or PLACEHOLDER_SECRETS.search(cookie):
        problems.append(
            f"Sett {COOKIE_SECRET_ENV} til en tilfeldig verdi på minst {MIN_SECRET_LENGTH} "
            "tegn, for eksempel fra «python3 -c 'import secrets; print(secrets.token_hex(32))'». "
            "Eksempelverdier godtas ikke."
        )
    idle = _duration(environ, IDLE_ENV, DEFAULT_IDLE, "minutter", problems)
    max_age = _duration(environ, MAX_AGE_ENV, DEFAULT_MAX_AGE, "timer", problems)
    if problems:
        raise TeamConfigError(
            f"Tverrkart starter ikke i teammodus ({TEAM_MODE_ENV}=1):\n- " + "\n- ".join(problems)
        )
    return TeamSettings(
        public_url=public,
        host=host,
        metadata_url=values[METADATA_ENV],
        client_id=values[CLIENT_ID_ENV],
        client_secret=values[CLIENT_SECRET_ENV],
        cookie_secret=cookie,
        scopes=environ.get(SCOPES_ENV, "").strip() or "openid profile email",
        planner_groups=_groups(environ.get(PLANNER_GROUPS_ENV, "")),
        admin_groups=_groups(environ.get(ADMIN_GROUPS_ENV, "")),
        idle=idle,
        max_age=max_age,
    )


def secrets_toml(settings: TeamSettings) -> str:
    """Streamlit's ``[auth]`` section for ``settings`` (TOML; strings JSON-quoted).

    Examples
    --------
    >>> env = {"TVERRKART_TEAM_MODE": "1", "TVERRKART_DATABASE_URL": "postgresql://db/tk",
    ...        "TVERRKART_PUBLIC_URL": "http://127.0.0.1:8502",
    ...        "TVERRKART_OIDC_METADATA_URL": "http://127.0.0.1:9400/.well-known/openid-configuration",
    ...        "TVERRKART_OIDC_CLIENT_ID": "tk", "TVERRKART_OIDC_CLIENT_SECRET": "s",
    ...        "TVERRKART_COOKIE_SECRET": "0123456789abcdef" * 3}
    >>> print(secrets_toml(team_settings(env)).splitlines()[1])
    redirect_uri = "http://127.0.0.1:8502/oauth2callback"
    """
    fields = {
        "redirect_uri": settings.redirect_uri,
        "cookie_secret": settings.cookie_secret,
        "client_id": settings.client_id,
        "client_secret": settings.client_secret,
        "server_metadata_url": settings.metadata_url,
    }
    lines = ["[auth]", *(f"{key} = {json.dumps(value)}" for key, value in fields.items())]
    lines += ["", "[auth.client_kwargs]", f"scope = {json.dumps(settings.scopes)}"]
    return "\n".join(lines) + "\n"
