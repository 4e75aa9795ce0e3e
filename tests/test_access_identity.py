"""Identity in team mode: only the subject id and a display name are kept (issue 13).

ID-porten's ``pid`` claim (the fødselsnummer) and similar claims never get through, nor
does a name that holds an identity number; team mode refuses to start without
PostgreSQL, the identity provider or a real cookie secret.
"""

from __future__ import annotations

import pytest
from stdnum.no import fodselsnummer

from graph.storage.access import (
    ADMIN,
    PLANNER,
    IdentityError,
    actor_from_claims,
    minimal_claims,
)
from graph.storage.team import TeamConfigError, secrets_toml, team_settings

FNR = "15038510190"
assert fodselsnummer.is_valid(FNR)

ID_PORTEN_CLAIMS = {
    "sub": "wkBbcQ2gVn3LXKLHN3dnmRi4Cz9GgEoMj2CqyTt0q9s=",
    "pid": FNR,
    "name": "Kari Nordmann",
    "email": "kari@kommune.no",
    "locale": "nb",
    "acr": "idporten-loa-high",
    "auth_time": 1_780_000_000,
    "groups": ["tk-planlegger", "tk-admin"],
}


def test_pid_and_everything_not_needed_is_dropped():
    kept = minimal_claims(ID_PORTEN_CLAIMS)
    assert set(kept) == {"sub", "name", "email", "groups", "auth_time"}
    assert FNR not in repr(kept)


@pytest.mark.parametrize("key", ["pid", "PID", "fnr", "fodselsnummer", "ssn", "nin"])
def test_identity_number_claims_never_get_through(key):
    actor = actor_from_claims({"sub": "abc", key: FNR, "name": "Per"})
    assert FNR not in repr(actor)


@pytest.mark.parametrize(
    "name", [FNR, f"Kari {FNR}", "150385 10190", "15.03.85 101 90", "Kari 150385-10190"]
)
def test_a_name_with_an_identity_number_is_not_used(name):
    actor = actor_from_claims({"sub": "abc", "name": name, "email": "kari@kommune.no"})
    assert actor.name == "kari@kommune.no"
    actor = actor_from_claims({"sub": "abc", "name": name})
    assert actor.name == "Bruker abc"


def test_a_subject_that_is_an_identity_number_is_refused():
    with pytest.raises(IdentityError, match="fødselsnummer"):
        actor_from_claims({"sub": FNR, "name": "Kari"})
    with pytest.raises(IdentityError):
        actor_from_claims({"name": "Kari"})


def test_roles_come_from_the_configured_groups():
    actor = actor_from_claims(
        ID_PORTEN_CLAIMS, planner_groups=["tk-planlegger"], admin_groups=["tk-admin"]
    )
    assert actor.roles == {PLANNER, ADMIN} and not actor.local
    assert actor_from_claims(ID_PORTEN_CLAIMS).roles == frozenset()


GOOD = {
    "TVERRKART_TEAM_MODE": "1",
    "TVERRKART_DATABASE_URL": "postgresql+psycopg://tk:pw@db.kommune.no/tverrkart",
    "TVERRKART_PUBLIC_URL": "https://tverrkart.kommune.no/",
    "TVERRKART_OIDC_METADATA_URL": "https://idp.kommune.no/.well-known/openid-configuration",
    "TVERRKART_OIDC_CLIENT_ID": "tverrkart",
    "TVERRKART_OIDC_CLIENT_SECRET": "klient-123",
    "TVERRKART_COOKIE_SECRET": "9f1c2a" * 8,
}


def test_good_settings_make_the_auth_section():
    settings = team_settings(GOOD)
    assert settings.host == "tverrkart.kommune.no"
    assert settings.idle.total_seconds() == 30 * 60
    assert settings.max_age.total_seconds() == 8 * 3600
    toml = secrets_toml(settings)
    assert 'redirect_uri = "https://tverrkart.kommune.no/oauth2callback"' in toml
    assert 'scope = "openid profile email"' in toml


def test_local_mode_needs_no_settings():
    assert team_settings({}) is None
    assert team_settings({"TVERRKART_TEAM_MODE": "0"}) is None


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"TVERRKART_DATABASE_URL": ""}, "krever PostgreSQL"),
        ({"TVERRKART_DATABASE_URL": "sqlite:////srv/tk.sqlite3"}, "krever PostgreSQL"),
        ({"TVERRKART_PUBLIC_URL": ""}, "TVERRKART_PUBLIC_URL"),
        ({"TVERRKART_PUBLIC_URL": "http://tverrkart.kommune.no"}, "https"),
        ({"TVERRKART_OIDC_CLIENT_ID": ""}, "TVERRKART_OIDC_CLIENT_ID"),
        ({"TVERRKART_OIDC_METADATA_URL": ""}, "openid-configuration"),
        ({"TVERRKART_COOKIE_SECRET": ""}, "TVERRKART_COOKIE_SECRET"),
        ({"TVERRKART_COOKIE_SECRET": "kort"}, "minst 32"),
        ({"TVERRKART_COOKIE_SECRET": "changeme" * 5}, "Eksempelverdier"),
        ({"TVERRKART_IDLE_MINUTES": "null"}, "positivt tall"),
    ],
)
def test_team_mode_refuses_to_start_and_says_what_to_set(change, says):
    with pytest.raises(TeamConfigError) as refused:
        team_settings({**GOOD, **change})
    assert says in str(refused.value)
    assert "starter ikke i teammodus" in str(refused.value)


def test_every_problem_is_named_at_once():
    with pytest.raises(TeamConfigError) as refused:
        team_settings({"TVERRKART_TEAM_MODE": "1"})
    assert str(refused.value).count("\n- ") == 6
