"""Team mode in the pages: the login gate, the user of this browser tab, and timeouts.

In local mode nothing here shows anything: :func:`current_actor` is the local user, who
owns everything, and :func:`gate` returns at once.

In team mode (docs/drift.md) :func:`gate` runs in ``app.py`` before any page:

* not logged in: a Norwegian login page with «Logg inn» (``st.login``); no page runs;
* logged in: the user is made from the ID token's claims without ``pid`` or any other
  identity number (:func:`graph.storage.access.actor_from_claims`) and kept in this tab's
  session; the first run after a login records it (``users`` and the access log);
* **idle timeout** and **maximum login age**: when the tab has not been used for
  ``TVERRKART_IDLE_MINUTES`` or the login at the identity provider (``auth_time``, or the
  token's ``iat``) is older than ``TVERRKART_MAX_LOGIN_HOURS``, the tab is logged out:
  it shows a Norwegian notice and «Logg inn på nytt» (``st.logout``) and nothing else.
  Everything saved stays saved. A small part of the sidebar checks every
  half-timeout whether time is up, so an unattended screen is cleared without a click.
  Activity is also written to the database (at most once a minute), so a reload, a new
  tab or another app server cannot start a fresh idle period for an old login.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from graph.storage import (
    LOCAL,
    Actor,
    IdentityError,
    TeamConfigError,
    TeamSettings,
    actor_from_claims,
    describe_error,
    team_settings,
)
from pages.widgets import state, ui

log = logging.getLogger(__name__)

FRESH_LOGIN = timedelta(minutes=2)
"""A token issued this recently means the user has just logged in (not a reload)."""
TOUCH_INTERVAL = 60
"""Seconds between two writes of the user's activity to the database."""


@st.cache_resource(show_spinner=False)
def _settings() -> TeamSettings | None:
    return team_settings()


def settings() -> TeamSettings | None:
    """The team-mode settings (``None`` in local mode)."""
    return _settings()


def current_actor() -> Actor | None:
    """The user this tab acts for: the local user, the logged-in one, or ``None``."""
    if settings() is None:
        return LOCAL
    if st.session_state.get(state.TEAM_EXPIRED):
        return None
    return st.session_state.get(state.TEAM_ACTOR)


def _repository(actor: Actor):
    from pages.widgets.storage_ui import repository_for  # the one place with the engine

    return repository_for(actor)


def _only(draw, title: str) -> None:
    """Show ``draw`` as the app's only page (no menu of the other pages), then stop."""
    st.navigation([st.Page(draw, title=title, default=True)], position="hidden").run()
    st.stop()


def _login_page(config: TeamSettings) -> None:
    def draw() -> None:
        st.title("Tverrkart")
        st.markdown(
            "Tverrkart brukes av ressursteamet. Logg inn med kommunens innlogging for å se "
            "sakene du er medlem av."
        )
        if st.button("Logg inn", type="primary", icon=":material/login:"):
            st.login()

    _only(draw, "Logg inn")


def _expired_page(reason: str) -> None:
    def draw() -> None:
        st.title("Du er logget ut")
        st.warning(ui.plain(reason), icon=":material/timer_off:")
        if st.button("Logg inn på nytt", type="primary", icon=":material/login:"):
            st.logout()

    _only(draw, "Logget ut")


def _expire(actor: Actor, reason: str, detail: str) -> None:
    """Log the user out in this tab: log it, forget the user, show the notice."""
    repo = _repository(actor)
    if repo is not None:
        try:
            repo.record_logout(detail)
        except SQLAlchemyError as error:
            log.warning("Utlogging ble ikke logget: %s", describe_error(error))
    st.session_state.pop(state.TEAM_ACTOR, None)
    st.session_state[state.TEAM_EXPIRED] = reason
    _expired_page(reason)


def _claim_time(claims: dict, name: str) -> float | None:
    value = claims.get(name)
    return float(value) if isinstance(value, int | float) else None


def _time_up(config: TeamSettings, claims: dict, last_active: float, now: float) -> str | None:
    """Why the login has run out (a Norwegian sentence), or ``None``."""
    logged_in = _claim_time(claims, "auth_time") or _claim_time(claims, "iat")
    saved = "Alt du har lagret, er i behold."
    if logged_in is None or now - logged_in > config.max_age.total_seconds():
        hours = config.max_age.total_seconds() / 3600
        return (
            f"Du har vært logget inn lenger enn {hours:g} timer, som er det lengste "
            f"Tverrkart tillater. Logg inn på nytt for å fortsette. {saved}"
        )
    if now - last_active > config.idle.total_seconds():
        minutes = config.idle.total_seconds() / 60
        return (
            f"Du er logget ut fordi Tverrkart ikke har vært brukt på {minutes:g} minutter. "
            f"Logg inn på nytt for å fortsette. {saved} Endringer som ikke var lagret, er "
            "ikke tatt vare på."
        )
    return None


def _start_session(config: TeamSettings, claims: dict, actor: Actor, now: float) -> float:
    """The first run of a tab: record a fresh login, or carry on an existing one."""
    repo = _repository(actor)
    if repo is None:
        return now
    issued = _claim_time(claims, "iat") or 0.0
    seen = repo.last_seen()
    recorded = seen is not None and seen.timestamp() >= issued
    if not recorded and now - issued < FRESH_LOGIN.total_seconds():
        repo.record_login()  # the first run after this login, on any server
        st.session_state[state.TEAM_TOUCHED] = now
        return now
    # A reload, a new tab or another server: the idle period goes on from the last use.
    return max(issued, seen.timestamp() if seen else 0.0)


def _touch(actor: Actor, now: float) -> None:
    if now - st.session_state.get(state.TEAM_TOUCHED, 0.0) < TOUCH_INTERVAL:
        return
    repo = _repository(actor)
    if repo is None:
        return
    try:
        repo.record_activity()
        st.session_state[state.TEAM_TOUCHED] = now
    except SQLAlchemyError as error:
        log.warning("Aktivitet ble ikke lagret: %s", describe_error(error))


def _user_box(config: TeamSettings, actor: Actor) -> None:
    """The sidebar: who is logged in, «Logg ut», and the timer that clears an idle screen."""
    interval = max(1.0, min(60.0, config.idle.total_seconds() / 2))

    @st.fragment(run_every=interval)
    def box() -> None:
        claims = dict(st.user)
        last = st.session_state.get(state.TEAM_ACTIVE, time.time())
        if _time_up(config, claims, last, time.time()):
            st.rerun(scope="app")  # the gate then logs out
        st.caption(f"Innlogget som {ui.plain(actor.name)}")
        if st.button("Logg ut", icon=":material/logout:"):
            repo = _repository(actor)
            if repo is not None:
                repo.record_logout()
            st.session_state.pop(state.TEAM_ACTOR, None)
            st.logout()

    with st.sidebar:
        box()


def gate() -> None:
    """Let only a logged-in user past (team mode); do nothing in local mode.

    Call it in ``app.py`` before ``st.navigation``. Stops the script (``st.stop``) while
    nobody is logged in, after a timeout, or when the login cannot be used.
    """
    try:
        config = settings()
    except TeamConfigError as error:  # scripts/serve.py refuses this before start
        st.error(ui.plain(str(error)), icon=":material/error:")
        st.stop()
    if config is None:
        return
    expired = st.session_state.get(state.TEAM_EXPIRED)
    if expired:
        _expired_page(expired)
    if not st.user.is_logged_in:
        _login_page(config)
    claims = dict(st.user)
    try:
        actor = actor_from_claims(
            claims, planner_groups=config.planner_groups, admin_groups=config.admin_groups
        )
    except IdentityError as error:
        st.error(ui.plain(str(error)), icon=":material/error:")
        if st.button("Logg ut"):
            st.logout()
        st.stop()
    now = time.time()
    known = st.session_state.get(state.TEAM_ACTOR)
    if known is None or known.subject != actor.subject:
        try:
            st.session_state[state.TEAM_ACTIVE] = _start_session(config, claims, actor, now)
        except SQLAlchemyError as error:
            log.warning("Innloggingen ble ikke registrert: %s", describe_error(error))
            st.error(
                "Databasen svarer ikke, så innloggingen kan ikke registreres. Prøv igjen om litt.",
                icon=":material/error:",
            )
            st.stop()
    reason = _time_up(config, claims, st.session_state[state.TEAM_ACTIVE], now)
    if reason:
        detail = "maksimal tid" if "lengste" in reason else "tidsavbrudd"
        _expire(actor, reason, detail)
    st.session_state[state.TEAM_ACTOR] = actor
    st.session_state[state.TEAM_ACTIVE] = now
    _touch(actor, now)
    _user_box(config, actor)
