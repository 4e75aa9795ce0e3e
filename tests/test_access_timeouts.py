"""The idle timeout and the maximum login age of team mode (pages/widgets/team.py)."""

from __future__ import annotations

from datetime import timedelta

from graph.storage.team import TeamSettings
from pages.widgets.team import _time_up

SETTINGS = TeamSettings(
    public_url="https://tverrkart.kommune.no",
    host="tverrkart.kommune.no",
    metadata_url="https://idp/.well-known/openid-configuration",
    client_id="tk",
    client_secret="s",
    cookie_secret="k" * 40,
    scopes="openid profile email",
    planner_groups=(),
    admin_groups=(),
    idle=timedelta(minutes=30),
    max_age=timedelta(hours=8),
)
NOW = 1_800_000_000.0


def test_an_active_recent_login_goes_on():
    claims = {"auth_time": NOW - 3600, "iat": NOW - 60}
    assert _time_up(SETTINGS, claims, NOW - 29 * 60, NOW) is None


def test_thirty_idle_minutes_log_out_and_say_nothing_saved_is_lost():
    reason = _time_up(SETTINGS, {"auth_time": NOW - 3600}, NOW - 31 * 60, NOW)
    assert "30 minutter" in reason and "Alt du har lagret, er i behold." in reason


def test_the_login_age_counts_from_auth_time_not_from_the_token():
    claims = {"auth_time": NOW - 8 * 3600 - 1, "iat": NOW - 60}  # a refreshed token
    reason = _time_up(SETTINGS, claims, NOW, NOW)
    assert "lenger enn 8 timer" in reason


def test_without_auth_time_the_token_time_counts_and_without_either_it_is_refused():
    assert _time_up(SETTINGS, {"iat": NOW - 60}, NOW, NOW) is None
    assert _time_up(SETTINGS, {"iat": NOW - 9 * 3600}, NOW, NOW)
    assert _time_up(SETTINGS, {}, NOW, NOW)
