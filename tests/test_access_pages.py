"""«Lagrede saker» in team mode (AppTest): what each user's role shows (issue 13).

The page runs as the user the login gate put in the session; the repository it gets
from ``storage_ui.repository()`` acts for that user, so a non-member's page holds
nothing of the case, a reader gets no buttons that change it, an owner manages members
and reads the «Logg», and an administrator sees which cases exist and who owns them —
never their content.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from graph.storage import Repository, ready_engine
from graph.storage.access import ADMIN, Actor
from graph.storage.engine import DATABASE_URL_ENV, DB_DIR_ENV, DB_FILENAME
from graph.storage.repository import NotFoundError
from graph.storage.team import TeamSettings
from pages.widgets import state, team
from tests.conftest import ROOT
from tests.storage_support import SECRET_CASE

PAGE = str(ROOT / "pages" / "views" / "saker.py")
ANNE = Actor("anne", "Anne Eier")
BJORN = Actor("bjorn", "Bjørn Leser")
ADA = Actor("ada", "Ada Admin", frozenset({ADMIN}))
SETTINGS = TeamSettings(
    public_url="https://tverrkart.kommune.no",
    host="tverrkart.kommune.no",
    metadata_url="https://idp.kommune.no/.well-known/openid-configuration",
    client_id="tk",
    client_secret="s",
    cookie_secret="k" * 40,
    scopes="openid profile email",
    planner_groups=(),
    admin_groups=("tk-admin",),
    idle=timedelta(minutes=30),
    max_age=timedelta(hours=8),
)
SECRETS = ("Hemmeligsen", "DarkWolf88", "Storgata")


@pytest.fixture
def case_id(tmp_path, monkeypatch):
    """Team mode on a fresh database: Anne's case, Bjørn a reader, all three logged in."""
    monkeypatch.setenv(DB_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    monkeypatch.setattr(team, "settings", lambda: SETTINGS)
    engine = ready_engine(f"sqlite:///{tmp_path / DB_FILENAME}")
    repos = {actor: Repository(engine, actor=actor) for actor in (ANNE, BJORN, ADA)}
    for repo in repos.values():
        repo.record_login()
    info = repos[ANNE].create("case", SECRET_CASE)
    yield info.id, repos
    engine.dispose()


def page_as(actor: Actor) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[state.TEAM_ACTOR] = actor
    at.run()
    assert not at.exception, at.exception
    return at


def shown_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning") for e in at.get(kind)]
    parts += [repr(df.value.to_dict()) for df in at.dataframe]
    parts += [repr(box.options) for box in at.selectbox]
    return "\n".join(str(p) for p in parts)


def labels(at: AppTest) -> set[str]:
    return {b.label for b in at.button}


def test_a_non_member_sees_nothing_of_the_case(case_id):
    at = page_as(Actor("carl", "Carl Utenfor"))
    text = shown_text(at)
    assert "Oppfølging av Ola" not in text
    assert not any(secret in text for secret in SECRETS)
    assert "Ingen lagrede saker ennå." in text
    assert "Innlogget som Carl Utenfor" in text


def test_a_reader_reads_but_gets_no_buttons_that_change(case_id):
    doc_id, repos = case_id
    repos[ANNE].set_member(doc_id, BJORN.subject, "leser")
    at = page_as(BJORN)
    text = shown_text(at)
    assert "Du er leser" in text
    assert {"Lag kopi", "Slett …", "Eksporter med historikk"}.isdisjoint(labels(at))
    assert "Åpne i Nettverkskart" in labels(at)
    assert "Logg" not in [e.label for e in at.expander]
    assert "Bare eiere av saken kan endre hvem som er medlem." in text


def test_an_owner_manages_members_and_reads_the_log(case_id):
    at = page_as(ANNE)
    expanders = [e.label for e in at.expander]
    assert "Medlemmer (1)" in expanders and "Logg" in expanders
    logged = next(df.value for df in at.dataframe if "Handling" in df.value.columns)
    assert "Lagret" in set(logged["Handling"])
    assert not any(secret in repr(logged.to_dict()) for secret in SECRETS)
    history = next(df.value for df in at.dataframe if "Lagret av" in df.value.columns)
    assert list(history["Lagret av"]) == ["Anne Eier"]


def test_the_administrator_sees_titles_and_owners_never_content(case_id):
    doc_id, repos = case_id
    with pytest.raises(NotFoundError):  # the repository refuses the administrator content
        repos[ADA].open(doc_id)
    at = page_as(ADA)
    assert [t.label for t in at.tabs][-1] == "Administrasjon"
    overview = next(df.value for df in at.dataframe if "Eiere" in df.value.columns)
    assert list(overview["Eiere"]) == ["Anne Eier"]
    assert list(overview["Tittel"]) == ["Oppfølging av Ola Hemmeligsen"]
    text = shown_text(at)
    assert not any(secret in text for secret in ("DarkWolf88", "Storgata", "Rektor Rut"))
    denied = next(df.value for df in at.dataframe if "Handling" in df.value.columns)
    assert "Nektet tilgang" in set(denied["Handling"])
