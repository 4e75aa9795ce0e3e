"""Team mode end to end: real logins in Chromium, need-to-know per case, the access log.

A real OpenID Connect provider (``oidc-provider-mock``, real signed tokens) runs on
127.0.0.1, PostgreSQL holds the data (``TVERRKART_TEST_POSTGRES_URL``; CI starts it), and
the app runs as ``scripts/serve.py`` in team mode, configured as docs/drift.md says.

The scenario (issue 13): Anne logs in and creates a case; Bjørn logs in and can neither
see it in the list nor reach it through any address or query parameter Anne's tab has;
Anne makes Bjørn a reader; Bjørn can open it but not save; Anne removes him, and at his
next rerun it is gone, also from his open tab; Anne logs out. The access log then holds
exactly the expected rows. A second server with a short idle timeout logs an idle user
out with a Norwegian notice.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import create_engine, text

from tests.browser.app_page import StreamlitTab, text_pattern, wait_for_app_loaded
from tests.browser.helpers import is_local
from tests.server_support import Served, free_port, stop_process
from tests.storage_support import (
    NO_POSTGRES,
    POSTGRES_ENV,
    create_postgres_database,
    drop_postgres_database,
    small_case,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from run_team import start_provider, team_environment

pytestmark = pytest.mark.skipif(not os.environ.get(POSTGRES_ENV), reason=NO_POSTGRES)

ANNE = {"sub": "anne@kommune.test", "name": "Anne Eier", "email": "anne@kommune.test"}
BJORN = {
    "sub": "bjorn@kommune.test",
    "name": "Bjørn Leser",
    "email": "bjorn@kommune.test",
    "pid": "15038510190",  # as ID-porten sends it: must never be stored or shown
}
IDA = {"sub": "ida@kommune.test", "name": "Ida Inaktiv", "email": "ida@kommune.test"}
TITLE = "Teamsak Alfa"


@dataclass
class Team:
    database_url: str
    app: Served
    oidc_port: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.app.port}"

    def log_rows(self) -> list[tuple]:
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return [
                    tuple(row)
                    for row in connection.execute(
                        text(
                            "SELECT subject, action, document_id, version, detail "
                            "FROM access_log ORDER BY id"
                        )
                    )
                ]
        finally:
            engine.dispose()

    def stored_text(self) -> str:
        """Everything stored about users and the log, as text (to search for the pid)."""
        engine = create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                rows = [
                    *connection.execute(text("SELECT * FROM users")),
                    *connection.execute(text("SELECT * FROM access_log")),
                    *connection.execute(text("SELECT * FROM members")),
                ]
            return repr(rows)
        finally:
            engine.dispose()


def start_team_server(folder: Path, database_url: str, oidc_port: int, **env) -> Served:
    folder.mkdir(parents=True, exist_ok=True)
    app = Served(folder / "server.log")
    app.env = {
        **team_environment(database_url, app.port, oidc_port),
        "TVERRKART_DB_DIR": str(folder),
        **env,
    }
    return app.start()


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """PostgreSQL, the OpenID provider and a team-mode server, for this module."""
    server = os.environ[POSTGRES_ENV]
    url = create_postgres_database(server)
    folder = tmp_path_factory.mktemp("team")
    oidc_port = free_port()
    with (folder / "oidc.log").open("wb") as oidc_log:
        provider = start_provider(oidc_port, users=(ANNE, BJORN, IDA), log=oidc_log)
    app = None
    try:
        app = start_team_server(folder / "app", url, oidc_port)
        yield Team(url, app, oidc_port)
    finally:
        if app is not None:
            app.stop()
        stop_process(provider)
        drop_postgres_database(server, url)


def keep_local(page: Page) -> None:
    """Abort every request that would leave 127.0.0.1 (the provider's page links a CDN)."""
    page.route(
        "**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort()
    )


def log_in(context, base_url: str, oidc_port: int, user: dict) -> StreamlitTab:
    """A new tab that logs ``user`` in through the provider's real authorisation page."""
    page = context.new_page()
    keep_local(page)
    tab = StreamlitTab(page, base_url, None).open()
    expect(page.get_by_role("heading", name="Tverrkart")).to_be_visible()
    assert not page.get_by_test_id("stSidebarNavLink").count()  # no page before login
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(f"http://127.0.0.1:{oidc_port}/**")
    page.get_by_role("button", name=user["sub"], exact=True).click()
    page.wait_for_url(f"{base_url}/**")
    wait_for_app_loaded(page)
    expect(page.get_by_text(f"Innlogget som {user['name']}")).to_be_visible()
    return tab


def choose_in_form(tab: StreamlitTab, scope, label: str, option: str) -> None:
    """Choose ``option`` in a selectbox inside a form (no rerun until the form is sent)."""
    box = scope.get_by_role("combobox", name=label, exact=True)
    box.click()
    tab.page.get_by_role("option").filter(has_text=option).first.click()
    expect(box).to_have_value(option)


def assert_minimal_login_cookie(context, team: Team) -> None:
    """Streamlit's login cookie (signed, not encrypted) holds no pid and no raw tokens."""
    from streamlit.web.server.starlette.starlette_app_utils import decode_signed_value

    secret = team.app.env["TVERRKART_COOKIE_SECRET"]
    cookies = [c for c in context.cookies() if c["name"].startswith("_streamlit")]
    assert cookies
    users = 0
    for cookie in cookies:
        assert BJORN["pid"] not in cookie["value"]
        decoded = decode_signed_value(secret, cookie["name"], cookie["value"])
        if decoded is None:
            continue  # one chunk of a longer cookie: checked as raw text above
        text_ = decoded.decode("utf-8")
        assert BJORN["pid"] not in text_ and "id_token" not in text_
        value = json.loads(text_)
        if isinstance(value, dict) and value.get("sub"):
            allowed = {"sub", "name", "email", "iat", "auth_time"}
            allowed |= {"groups", "is_logged_in", "provider", "origin", "preferred_username"}
            assert set(value) <= allowed, sorted(value)
            users += 1
    assert users == 1, "fant ikke innloggingsinformasjonskapselen med brukeren"


def body(tab: StreamlitTab) -> str:
    return tab.page.get_by_test_id("stMain").inner_text()


def test_need_to_know_per_case_and_the_access_log(team, browser, browser_context_args):
    contexts = [browser.new_context(**browser_context_args) for _ in range(2)]
    try:
        anne = log_in(contexts[0], team.base_url, team.oidc_port, ANNE)
        anne.go_to("Lagrede saker")
        expect(anne.page.get_by_text("Du ser bare sakene du er medlem av")).to_be_visible()
        anne.upload(json.dumps(small_case(TITLE)).encode(), "teamsak.json", anne.tab("Importer"))
        anne.expect_alert("Success", f"Importerte «{TITLE}» med én versjon.")
        expect(anne.page.get_by_text(TITLE).first).to_be_visible()
        case_id = next(row[2] for row in team.log_rows() if row[1] == "import")

        # Bjørn: not in his list, and not through any address or parameter Anne's tab has.
        bjorn = log_in(contexts[1], team.base_url, team.oidc_port, BJORN)
        assert_minimal_login_cookie(contexts[1], team)
        bjorn.go_to("Lagrede saker")
        expect(bjorn.page.get_by_text("Ingen lagrede saker ennå.").first).to_be_visible()
        anne_query = urlsplit(anne.page.url).query
        addresses = {f"{team.base_url}{urlsplit(href).path}" for href in anne.nav_links().values()}
        tries = [anne.page.url]
        for address in sorted(addresses):
            tries += [f"{address}?{anne_query}", f"{address}?sak={case_id}&id={case_id}"]
        for address in tries:
            bjorn.page.goto(address)
            wait_for_app_loaded(bjorn.page)
            assert TITLE not in body(bjorn), address
        bjorn.go_to("Lagrede saker")
        expect(bjorn.page.get_by_text("Ingen lagrede saker ennå.").first).to_be_visible()

        # Anne makes Bjørn a reader.
        members = anne.expand("Medlemmer (1)")
        members.get_by_role("textbox", name="E-postadresse eller brukerident").fill(BJORN["email"])
        anne.click(members.get_by_role("button", name="Legg til eller endre rolle"))
        anne.expect_alert("Success", "Bjørn Leser er nå leser.")

        # Bjørn sees it, opens it, and cannot save it.
        bjorn.go_to("Lagrede saker")
        expect(bjorn.page.get_by_text(text_pattern("Du er leser: du kan se saken"))).to_be_visible()
        assert not bjorn.button("Slett …").count() and not bjorn.button("Lag kopi").count()
        bjorn.press_button("Åpne i Nettverkskart")
        expect(bjorn.page.get_by_text(text_pattern(f"Du er leser av «{TITLE}»"))).to_be_visible()
        assert not bjorn.button("Lagre ny versjon").count()
        assert not bjorn.button("Lagre som ny sak i stedet").count()

        # Anne takes his access away; at his next rerun the case is gone, also from his tab.
        members = anne.expand("Medlemmer (2)")
        anne.click(members.get_by_role("button", name="Fjern tilgang"))
        anne.expect_alert("Success", "Bjørn Leser har ikke lenger tilgang til saken.")
        bjorn.go_to("Lagrede saker")
        bjorn.expect_alert("Warning", f"Du har ikke lenger tilgang til «{TITLE}»")
        expect(bjorn.page.get_by_text("Ingen lagrede saker ennå.").first).to_be_visible()
        bjorn.go_to("Nettverkskart")
        assert TITLE not in body(bjorn)

        # Anne logs out (the provider's end-session page, then back to the login page).
        anne.wait_for_app_run(what="før utlogging")
        anne.page.get_by_role("button", name="Logg ut").click()  # leaves the app
        anne.page.wait_for_url(f"http://127.0.0.1:{team.oidc_port}/**")
        anne.page.get_by_role("button", name="End session").click()
        anne.page.wait_for_url(f"{team.base_url}/**")
        wait_for_app_loaded(anne.page)
        expect(anne.page.get_by_role("button", name="Logg inn")).to_be_visible()

        a, b, i = ANNE["sub"], BJORN["sub"], case_id
        assert team.log_rows() == [
            (a, "login", None, None, ""),
            (a, "import", i, 1, "saved"),
            (a, "view", i, 1, ""),
            (b, "login", None, None, ""),
            (a, "member", i, 1, f"leser: {b}"),
            (b, "view", i, 1, ""),
            (b, "open", i, 1, ""),
            (a, "member", i, 1, f"fjernet: {b}"),
            (b, "denied", i, None, "info"),
            (a, "logout", None, None, ""),
        ]
        assert BJORN["pid"] not in team.stored_text()
        assert team.app.alive() and "Traceback" not in team.app.log()
    finally:
        for context in contexts:
            context.close()


def test_an_idle_tab_is_logged_out_with_a_notice(team, browser, browser_context_args, tmp_path):
    idle = start_team_server(
        tmp_path / "idle", team.database_url, team.oidc_port, TVERRKART_IDLE_MINUTES="0.1"
    )
    context = browser.new_context(**browser_context_args)
    try:
        ida = log_in(context, f"http://127.0.0.1:{idle.port}", team.oidc_port, IDA)
        # Nobody touches the tab: the sidebar's timer finds the 6 s are up.
        expect(ida.page.get_by_role("heading", name="Du er logget ut")).to_be_visible()
        ida.wait_for_app_run(what="utloggingen")
        # Nothing of the page that was open is left on the screen.
        expect(ida.page.get_by_test_id("stTabs")).to_have_count(0)
        expect(ida.page.get_by_test_id("stAlertContentWarning")).to_have_count(1)
        expect(ida.page.get_by_test_id("stAlertContentWarning")).to_contain_text(
            "ikke har vært brukt"
        )
        expect(ida.page.get_by_role("button", name="Logg inn på nytt")).to_be_visible()
        assert not ida.page.get_by_test_id("stSidebarNavLink").count()
        rows = [r for r in team.log_rows() if r[0] == IDA["sub"]]
        assert rows == [
            (IDA["sub"], "login", None, None, ""),
            (IDA["sub"], "logout", None, None, "tidsavbrudd"),
        ]
        # A reload with the same login cookie does not start a fresh idle period.
        ida.page.reload()
        wait_for_app_loaded(ida.page)
        expect(ida.page.get_by_role("heading", name="Du er logget ut")).to_be_visible()
    finally:
        context.close()
        idle.stop()


def test_two_servers_on_one_database_give_the_second_save_a_conflict(
    team, browser, browser_context_args, tmp_path
):
    """Several app servers, one PostgreSQL: nothing depends on one server's memory."""
    second = start_team_server(tmp_path / "second", team.database_url, team.oidc_port)
    contexts = [browser.new_context(**browser_context_args) for _ in range(2)]
    first_row = len(team.log_rows())
    try:
        anne = log_in(contexts[0], team.base_url, team.oidc_port, ANNE)
        bjorn = log_in(contexts[1], f"http://127.0.0.1:{second.port}", team.oidc_port, BJORN)
        anne.go_to("Lagrede saker")
        anne.upload(
            json.dumps(small_case("Felles sak")).encode(), "felles.json", anne.tab("Importer")
        )
        anne.expect_alert("Success", "Importerte «Felles sak» med én versjon.")
        anne.select("Velg en sak", "Felles sak")
        members = anne.expand("Medlemmer (1)")
        members.get_by_role("textbox", name="E-postadresse eller brukerident").fill(BJORN["email"])
        choose_in_form(anne, members, "Rolle", "Redaktør")
        anne.click(members.get_by_role("button", name="Legg til eller endre rolle"))
        anne.expect_alert("Success", "Bjørn Leser er nå redaktør.")

        # Both open version 1, each on their own server.
        for tab in (anne, bjorn):
            tab.go_to("Lagrede saker")
            tab.select("Velg en sak", "Felles sak")
            tab.press_button("Åpne i Nettverkskart")
            expect(
                tab.page.get_by_text(text_pattern("Lagret som Felles sak, versjon 1"))
            ).to_be_visible()
        anne.save("Lagre ny versjon", "Lagret som versjon 2 av «Felles sak».")
        bjorn.click(bjorn.button("Lagre ny versjon"), "Bjørns lagring")
        bjorn.expect_alert("Warning", "Noen andre har lagret en nyere versjon av «Felles sak»")
        # Nothing is lost: Bjørn keeps his work as a new case.
        bjorn.save(
            "Lagre mine endringer som ny sak",
            "Endringene dine er lagret som «Felles sak (mine endringer)».",
        )
        rows = team.log_rows()[first_row:]
        case_id = next(r[2] for r in rows if r[1] == "import")
        fork_id = next(r[2] for r in rows if r[1] == "save" and r[4] == "ny")
        a, b = ANNE["sub"], BJORN["sub"]
        saves = [r for r in rows if r[1] in {"save", "import"}]
        assert saves == [
            (a, "import", case_id, 1, "saved"),
            (a, "save", case_id, 2, ""),
            (b, "save", fork_id, 1, "ny"),
        ]
        assert (b, "open", case_id, 1, "") in rows and (a, "open", case_id, 1, "") in rows
        for server in (team.app, second):
            assert server.alive() and "Traceback" not in server.log()
    finally:
        for context in contexts:
            context.close()
        second.stop()
