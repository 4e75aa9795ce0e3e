"""Start the Tverrkart app: ``python scripts/serve.py [streamlit options]``.

This is ``streamlit run app.py`` (``make run`` uses it) with these differences:

* Streamlit treats a folder named ``pages/`` as legacy multipage navigation until
  ``st.navigation`` has run once in the process, so on a fresh server a first visit
  straight to a page address (a bookmark to ``/aktorkart``) showed "Page not found".
  app.py declares every page with ``st.navigation``, so we tell Streamlit that up front.
* Every request passes :class:`webguard.WebGuard` before Streamlit sees it: only the
  allowed host names, only the app's own origin, no ``/_stcore/metrics``, no framing by
  other pages, and ``/media`` files only while the tab that made them is open
  (:mod:`media_owners`), and no more uploads from a tab that already holds its limit in
  the upload store (:mod:`upload_quota`).
* The allowed host names are set here and nowhere else: ``TVERRKART_ALLOWED_HOSTS``
  (names separated by commas or spaces, no ports), by default only this machine's
  loopback names (``localhost``, ``127.0.0.1``, ``::1``). A team server behind a proxy
  sets its public name, for example ``TVERRKART_ALLOWED_HOSTS=tverrkart.kommune.no``.
  Streamlit gets the same list as ``server.allowedHosts``.
* Streamlit never asks an outside service for the machine's external IP address (its
  origin check and its start banner would, and offline that froze the server).
* A server that listens on more than the loopback address says so, in Norwegian, at start.
* **Team mode** (``TVERRKART_TEAM_MODE=1``, docs/drift.md): the settings are checked
  first and the server refuses to start, in Norwegian, when PostgreSQL, the identity
  provider or a real cookie secret is missing. Streamlit's ``[auth]`` section is written
  from the environment to a file only the server's user can read, in a private temporary
  directory (never in the project); the only accepted host name is the one in
  ``TVERRKART_PUBLIC_URL``; XSRF protection is on; and Streamlit's login cookie carries
  only the subject id, the display name or e-mail, the groups and the login times —
  never ``pid`` or another claim with an identity number, and not the raw tokens.
"""

from __future__ import annotations

import atexit
import ipaddress
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

# This checkout's own packages first: a venv shared with another checkout (an editable
# install) would otherwise import that checkout's ``graph`` (upload_quota imports it).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from media_owners import MediaOwners
from streamlit import config, net_util
from streamlit.runtime import Runtime
from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli
from streamlit.web.server.starlette import starlette_server
from upload_quota import UploadQuota
from webguard import WebGuard

from graph.storage.access import cookie_claims
from graph.storage.team import (
    TeamConfigError,
    TeamSettings,
    secrets_toml,
    team_settings,
)

APP = Path(__file__).resolve().parent.parent / "app.py"
ALLOWED_HOSTS_ENV = "TVERRKART_ALLOWED_HOSTS"
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class ServeError(ValueError):
    """A setting serve.py refuses to start with (the message is for the user, in Norwegian)."""


def allowed_hosts(environ: Mapping[str, str] = os.environ) -> tuple[str, ...]:
    """The host names the app answers to: ``TVERRKART_ALLOWED_HOSTS``, or loopback only.

    Examples
    --------
    >>> allowed_hosts({})
    ('localhost', '127.0.0.1', '::1')
    >>> allowed_hosts({"TVERRKART_ALLOWED_HOSTS": "Tverrkart.Kommune.no, localhost"})
    ('tverrkart.kommune.no', 'localhost')
    """
    raw = environ.get(ALLOWED_HOSTS_ENV, "").strip()
    if not raw:
        return LOOPBACK_HOSTS
    hosts = []
    for name in re.split(r"[,\s]+", raw):
        host = name.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")
        if not host:
            continue
        if not re.fullmatch(r"[a-z0-9.:_-]+", host):
            raise ServeError(
                f"{ALLOWED_HOSTS_ENV}: «{name}» er ikke et vertsnavn (bruk hele navn, uten "
                "port, jokertegn eller skråstrek)."
            )
        hosts.append(host)
    return tuple(dict.fromkeys(hosts))


def is_loopback(address: str | None) -> bool:
    """True if listening on ``address`` reaches only this machine.

    An unset address makes Streamlit listen on every network interface.

    Examples
    --------
    >>> [is_loopback(a) for a in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "", None)]
    [True, True, True, False, False, False]
    >>> is_loopback("unix:///run/tverrkart.sock"), is_loopback("10.0.0.5")
    (True, False)
    """
    if not address:
        return False
    if address == "localhost" or address.startswith("unix://"):
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def exposure_warning(address: str | None, hosts: tuple[str, ...]) -> str | None:
    """The warning printed at start when the server listens beyond this machine."""
    if is_loopback(address):
        return None
    names = ", ".join(hosts)
    return (
        f"ADVARSEL: Tverrkart lytter på {address or 'alle nettverkskort'}, ikke bare på "
        "denne maskinen. Appen har ingen innlogging: alle som når adressen, kan se og "
        "endre alle lagrede saker. Gjør dette bare bak innlogging og HTTPS. Appen svarer "
        f"bare på vertsnavnene {names} (endres med {ALLOWED_HOSTS_ENV})."
    )


def team_hosts(settings: TeamSettings, environ: Mapping[str, str] = os.environ) -> tuple[str, ...]:
    """The host names of a team server: the public name only.

    Raises
    ------
    ServeError
        ``TVERRKART_ALLOWED_HOSTS`` names anything else.
    """
    extra = (
        set(allowed_hosts(environ)) - {settings.host} if environ.get(ALLOWED_HOSTS_ENV) else set()
    )
    if extra:
        raise ServeError(
            f"I teammodus svarer Tverrkart bare på navnet i TVERRKART_PUBLIC_URL "
            f"({settings.host}). Fjern {ALLOWED_HOSTS_ENV}."
        )
    return (settings.host,)


def write_auth_secrets(settings: TeamSettings) -> Path:
    """Streamlit's ``[auth]`` section in a private temporary file, removed at exit."""
    directory = Path(tempfile.mkdtemp(prefix="tverrkart-auth-"))  # mode 0700
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    path = directory / "secrets.toml"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(secrets_toml(settings))
    return path


def install_minimal_login_cookie() -> None:
    """Let Streamlit's login cookie carry only :func:`cookie_claims`, and no raw tokens."""
    from streamlit.web.server.starlette import starlette_auth_routes as routes

    original = routes._set_auth_cookie

    async def set_minimal_cookie(response, user_info, tokens) -> None:
        await original(response, cookie_claims(user_info), {})

    routes._set_auth_cookie = set_minimal_cookie


def _no_external_ip() -> None:
    """Stands in for Streamlit's external-IP lookup: Tverrkart never asks."""
    return None


def install(hosts: tuple[str, ...], *, team: bool = False) -> None:
    """Put :class:`WebGuard` around the app Streamlit builds, and stop the IP lookup.

    Streamlit has no setting for a middleware in ``streamlit run``, so the function its
    server calls to build the app is wrapped; start fails loudly if Streamlit changes it.
    """
    build = starlette_server.create_starlette_app

    def build_guarded(runtime: Runtime) -> WebGuard:
        warning = None if team else exposure_warning(config.get_option("server.address"), hosts)
        if warning:
            print(f"\n  {warning}\n", file=sys.stderr, flush=True)
        return WebGuard(
            build(runtime),
            hosts,
            base_path=config.get_option("server.baseUrlPath") or "",
            media_available=MediaOwners.watch(runtime).available,
            upload_allowed=UploadQuota.of(runtime).allows,
        )

    starlette_server.create_starlette_app = build_guarded
    net_util.get_external_ip = _no_external_ip


def main(argv: list[str]) -> int:
    """Run the app with the given Streamlit options; returns the exit code."""
    if any(arg.startswith("--server.allowedHosts") for arg in argv):
        print(f"Sett tillatte vertsnavn med {ALLOWED_HOSTS_ENV}, ikke --server.allowedHosts.")
        return 2
    team_flags: list[str] = []
    try:
        settings = team_settings()
        if settings is None:
            hosts = allowed_hosts()
        else:
            hosts = team_hosts(settings)
            team_flags = [
                "--secrets.files",
                str(write_auth_secrets(settings)),
                "--server.enableXsrfProtection",
                "true",
            ]
            install_minimal_login_cookie()
    except (ServeError, TeamConfigError) as error:
        print(error, file=sys.stderr)
        return 2
    install(hosts, team=settings is not None)
    PagesManager.uses_pages_directory = False
    host_flags = [part for host in hosts for part in ("--server.allowedHosts", host)]
    args = ["run", str(APP), *host_flags, *team_flags, *argv]
    return cli.main(args, standalone_mode=False) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
