"""Regressions the browser found: behaviour AppTest cannot see (browser-side state).

- choosing an example keeps the open/new section open;
- the person form shows the case that was opened (it used to keep, and then save,
  the previous case's title and alias: data loss);
- the open tab stays open after an action in it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from .expected import EXAMPLES
from .helpers import OPEN_SECTION, AppPage

pytestmark = pytest.mark.browser

J14 = next(title for title in EXAMPLES if "J (14)" in title)


def test_choosing_an_example_keeps_the_section_open(app: AppPage):
    app.expand(OPEN_SECTION)
    app.select("Eksempel", J14)
    button = app.button("Åpne eksempelet")
    with pytest.raises(PlaywrightTimeoutError):
        # Nothing to await for "stays open": give a collapse two seconds to happen.
        button.wait_for(state="hidden", timeout=2_000)


def test_the_person_form_shows_the_case_that_was_opened(app: AppPage):
    app.open_example(J14)
    case = EXAMPLES[J14].load()
    panel = app.tab("Personen")
    title = panel.get_by_role("textbox", name="Sakens tittel", exact=True).input_value()
    alias = panel.get_by_role("textbox", name="Pseudonym", exact=True).input_value()
    assert (title, alias) == (case.title, case.person.alias)


def test_the_open_tab_stays_open_after_an_action_in_it(app: AppPage):
    app.open_example(J14)
    panel = app.tab("Hva om?")
    age = panel.get_by_role("spinbutton", name="Alder (tomt = ukjent)")
    app.type_and_enter(age, "19", "alder i «Hva om?»")

    def still_on_what_if() -> None:
        selected = app.page.get_by_role("tab", selected=True).all_inner_texts()
        assert "Hva om?" in selected, selected

    app.eventually(still_on_what_if, timeout_s=3)


# --------------------------------------------------------------------------- the tab bug
# Issue 10: «Kommunens aktørkart» had its own copy of the notice code, without the fix
# that keeps the chosen tab. A notice shown after a save in «Strukturer» put a new
# element above the tabs whenever the run before had shown none; Streamlit then drew
# the tabs anew and the first one was chosen. Written in Streamlit's own e2e style:
# wait on the app's run state and let ``expect`` do the waiting, no sleeps.


KM_TOGGLE = "Vis aktørtyper som mangler (stiplet)"
TK_TOGGLE = "Vis aktører som mangler (stiplet)"


def _wait_for_app_run(page) -> None:
    """Wait until the app is connected and no script is running (Streamlit's e2e helper)."""
    app_root = page.get_by_test_id("stApp")
    expect(app_root).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app_root).to_have_attribute("data-test-script-state", "notRunning")


def _save_in_tab(page, toggle: str, tab: str, button: str, notice: str) -> None:
    """Choose ``tab``, rerun once without a notice, save there; the tab must stay chosen.

    The toggle labelled ``toggle`` above the tabs reruns the page without a notice (the
    last action's notice goes away), the state that exposed the bug; the save's notice
    then appears above the tabs. The tab must stay chosen through both reruns.
    """
    page.get_by_role("tab", name=tab, exact=True).click()
    expect(page.get_by_role("tab", name=tab, exact=True)).to_have_attribute("aria-selected", "true")
    # A rerun that shows no notice (the notice of the last action is gone after it).
    page.get_by_text(toggle, exact=True).click()
    _wait_for_app_run(page)
    expect(page.get_by_test_id("stAlertContentSuccess")).to_have_count(0)
    expect(page.get_by_role("tab", selected=True)).to_have_text(tab)
    page.get_by_test_id("stTabPanel").filter(visible=True).get_by_role(
        "button", name=button, exact=True
    ).click()
    expect(page.get_by_test_id("stAlertContentSuccess").filter(has_text=notice)).to_be_visible()
    _wait_for_app_run(page)
    expect(page.get_by_role("tab", selected=True)).to_have_text(tab)


def test_saving_in_a_later_tab_keeps_the_tab_on_kommunens_aktorkart(app: AppPage):
    page = app.page
    page.goto(f"{app.base_url}/kommune")
    _wait_for_app_run(page)
    page.get_by_role("button", name="Åpne eksempelet Holmestrand", exact=True).click()
    expect(
        page.get_by_test_id("stAlertContentSuccess").filter(has_text="Åpnet eksempelet")
    ).to_be_visible()
    _wait_for_app_run(page)
    _save_in_tab(page, KM_TOGGLE, "Strukturer", "Lagre strukturer", "Strukturene er lagret.")
    _save_in_tab(page, KM_TOGGLE, "Tiltak", "Lagre tiltak", "Tiltakene er lagret.")


def test_saving_in_a_later_tab_keeps_the_tab_on_nettverkskart(app: AppPage):
    page = app.page
    app.open_example(J14)
    _wait_for_app_run(page)
    _save_in_tab(page, TK_TOGGLE, "Personen", "Lagre personopplysninger", "Lagret.")
    _save_in_tab(page, TK_TOGGLE, "Bånd", "Lagre bånd", "Båndene er lagret.")
