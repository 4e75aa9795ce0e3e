"""Regressions the browser found: behaviour AppTest cannot see (browser-side state).

- choosing an example keeps the open/new section open;
- the person form shows the case that was opened (it used to keep, and then save,
  the previous case's title and alias: data loss);
- the open tab stays open after an action in it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

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
