"""The five ways work used to be lost on Nettverkskart, each tried in a real browser (issue 11).

1. «Lagre i databasen» stored the case without table edits not yet taken in;
2. a row without a type vanished from the table on save;
3. opening an example (or a reload) replaced unsaved work without a word;
4. deleting an actor deleted its ties without a word;
5. a restarted server turned every open tab into «Ny sak».

Written in the harness's e2e style: every action returns once the run it started has
ended, and outcomes are asserted with ``expect``.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from graph.reference.catalogue import load_catalogue
from graph.storage import Repository, ready_engine
from graph.storage.engine import DB_FILENAME
from tests.server_support import Served

from .app_page import DISCARD, wait_for_app_loaded
from .expected import EXAMPLES
from .helpers import OPEN_SECTION, AppPage, DataEditor

pytestmark = pytest.mark.browser

CATALOGUE = load_catalogue()
A16 = next(title for title in EXAMPLES if "A (16)" in title)
J14 = next(title for title in EXAMPLES if "J (14)" in title)
DRAFT_QUESTION = "et utkast som ikke ble lagret"
GHOST_TOGGLE = "Vis aktører som mangler (stiplet)"
APP_CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'


def _add_actor(app: AppPage, label: str, type_label: str | None) -> DataEditor:
    """Type a new row into «Aktører» (not taken in): a name, and a type if given."""
    panel = app.tab("Aktører")
    editor = DataEditor(app, panel)
    row = editor.rows() - 1  # the grid counts its trailing «add a row» line too
    editor.add_rows(1)
    editor.type_down(row, "Navn eller rolle", [label])
    if type_label is not None:
        editor.choose_down(row, "Type", [type_label])
    editor.flush(row, "Navn eller rolle")
    return editor


def _delete_row(editor: DataEditor, row: int) -> None:
    """Select a row (Shift+Space, the grid's own key) and delete it, as a person would."""
    before = editor.rows()
    editor.go_to(row, "Navn eller rolle")
    editor.page.keyboard.press("Shift+Space")
    expect(editor.grid.locator(f'tr[aria-rowindex="{row + 2}"]')).to_have_attribute(
        "aria-selected", "true"
    )
    editor._commit(lambda: editor.page.keyboard.press("Delete"), True, "sletting av en rad")
    expect(editor.grid).to_have_attribute("aria-rowcount", str(before))


def _in_table(panel, label: str) -> None:
    """The table in ``panel`` holds a cell with ``label`` (its accessible copy, which has
    every row: the page sizes its tables to show them all)."""
    cells = panel.get_by_test_id("stDataFrame").first.locator("table[role=grid] td")
    expect(cells.filter(has_text=label).first).to_be_attached()


def _take_in(app: AppPage, notice: str) -> None:
    """Press the visible tab's «Oppdater kartet» and wait for its notice."""
    panel = app.page.get_by_test_id("stTabPanel").filter(visible=True).first
    app.save(panel.get_by_role("button", name="Oppdater kartet", exact=True), notice)


def _stored_labels(server: Served) -> list[list[str]]:
    """The actor labels of every case saved in the test server's database."""
    engine = ready_engine(f"sqlite:///{server.log_path.parent / DB_FILENAME}")
    try:
        repo = Repository(engine)
        return [
            [a["label"] for a in repo.open(info.id).content["actors"]] for info in repo.list("case")
        ]
    finally:
        engine.dispose()


def test_the_database_save_waits_for_table_edits_and_then_takes_them(app: AppPage, app_server):
    app.open_example(A16)
    editor = _add_actor(app, "Ny miljøarbeider", CATALOGUE.label("fritid"))
    rows = editor.rows()

    # Before: «Lagre i databasen» stored the case without the row still in the table.
    page = app.page
    expect(page.get_by_text("ikke er tatt inn i «Aktører»")).to_be_visible()
    expect(app.button("Lagre i databasen")).to_have_count(0)
    expect(page.get_by_text("Ulagrede endringer")).to_be_visible()

    app.save("Ta inn endringene", "Aktørene er tatt inn i kartet.")
    app.save("Lagre i databasen", "(versjon 1)")
    assert any("Ny miljøarbeider" in labels for labels in _stored_labels(app_server))
    assert DataEditor(app, app.tab("Aktører")).rows() == rows


def test_a_row_without_a_type_is_kept_and_reported(app: AppPage):
    app.open_example(A16)
    editor = _add_actor(app, "Uten type", None)
    rows = editor.rows()
    panel = app.tab("Aktører")
    app.click(panel.get_by_role("button", name="Oppdater kartet", exact=True), "Oppdater kartet")
    # Before: the row vanished and the page said «Aktørene er lagret.».
    app.expect_alert("Error", "Aktørene ble ikke tatt inn")
    _in_table(panel, "Uten type")
    assert DataEditor(app, panel).rows() == rows
    taken_in = app.page.get_by_test_id("stAlertContentSuccess").filter(has_text="tatt inn")
    expect(taken_in).to_have_count(0)


def test_opening_another_case_asks_and_a_reload_offers_the_draft(app: AppPage):
    app.open_example(A16)
    _add_actor(app, "Tante på Hamar", CATALOGUE.label("familie"))
    _take_in(app, "Aktørene er tatt inn i kartet.")

    # Opening another example asks first; «Avbryt» keeps the work.
    app.expand(OPEN_SECTION)
    app.select("Eksempel", J14)
    app.press_button("Åpne eksempelet")
    expect(app.button(DISCARD)).to_be_visible()
    app.press_button("Avbryt")
    expect(app.page.get_by_role("heading", name=A16)).to_be_visible()

    # A reload starts a new session; the draft is offered, not forced.
    app.page.reload()
    wait_for_app_loaded(app.page)
    expect(app.page.get_by_text(DRAFT_QUESTION)).to_be_visible()
    app.press_button("Gjenopprett utkast")
    expect(app.page.get_by_role("heading", name=A16)).to_be_visible()
    _in_table(app.tab("Aktører"), "Tante på Hamar")
    expect(app.page.get_by_text("Ulagrede endringer")).to_be_visible()


def test_deleting_an_actor_names_its_ties_and_asks(app: AppPage):
    app.open_example(A16)
    case = EXAMPLES[A16].load()
    tied = next(t.target for t in case.ties if t.source == "person")
    index = next(i for i, a in enumerate(case.actors) if a.id == tied)
    label = case.actors[index].label

    panel = app.tab("Aktører")
    editor = DataEditor(app, panel)
    _delete_row(editor, index)
    app.click(panel.get_by_role("button", name="Oppdater kartet", exact=True), "Oppdater kartet")
    # Before: the actor and its ties went at once, with «Aktørene er lagret.».
    warning = app.page.get_by_test_id("stAlertContentWarning").filter(has_text="fjerner også")
    expect(warning).to_contain_text(label)
    app.wait_map(None, len({(t.source, t.target) for t in case.ties}) or None)

    app.save(panel.get_by_role("button", name="Ja, fjern dem"), "Aktørene er tatt inn i kartet.")
    cells = panel.get_by_test_id("stDataFrame").first.locator("table[role=grid] td")
    expect(cells.filter(has_text=label)).to_have_count(0)


@pytest.fixture
def own_server(tmp_path):
    """A server of this test's own, so the test can stop and start it again."""
    served = Served(
        tmp_path / "server.log",
        env={"TVERRKART_DB_DIR": str(tmp_path), "TVERRKART_DATABASE_URL": ""},
    ).start()
    yield served
    served.stop()


def test_a_restarted_server_offers_each_tab_its_draft(own_server: Served, shared_context):
    page = shared_context.new_page()
    try:
        app = AppPage(page, own_server.url, guard=None)
        app.open()
        app.open_example(A16)
        _add_actor(app, "Nabo i oppgangen", CATALOGUE.label("venner"))
        _take_in(app, "Aktørene er tatt inn i kartet.")

        # The server goes down and comes back on the same address, same database. The
        # tab reconnects by itself and still shows the old page; its next action runs
        # in a new session on the new server.
        own_server.stop()
        own_server.start()
        expect(page.locator(APP_CONNECTED)).to_be_attached(timeout=90_000)
        app.click(page.get_by_text(GHOST_TOGGLE, exact=True), f"bryteren «{GHOST_TOGGLE}»")
        # Before: the tab became «Ny sak» and the work was gone.
        expect(page.get_by_text(DRAFT_QUESTION)).to_be_visible()
        app.press_button("Gjenopprett utkast")
        expect(page.get_by_role("heading", name=A16)).to_be_visible()
        _in_table(app.tab("Aktører"), "Nabo i oppgangen")
    finally:
        page.close()
