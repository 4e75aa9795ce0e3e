"""AppTest: nothing a user types on Nettverkskart is lost without the user saying so.

Each test follows one way work used to disappear (issue 11): a save that left table
edits out, an incomplete row that vanished, a replacement that threw unsaved work
away, an actor whose ties went with it unasked. The real-browser versions are in
``tests/browser/test_nothing_lost.py``.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from pages.widgets import state
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
CASE = state.CASE


@pytest.fixture
def repo(app_repo):
    """The app's database for this test (``app_repo`` in conftest.py)."""
    return app_repo


def _shown(element) -> str:
    return re.sub(r"\\(.)", r"\1", element.value)


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, at.exception
    return at


def _click(at: AppTest, key: str) -> AppTest:
    next(b for b in at.button if b.key == key).click()
    return _run(at)


def _with_example(title_part: str = "J (14)") -> AppTest:
    at = _run(AppTest.from_file(APP, default_timeout=30))
    box = at.selectbox(key=state.EXAMPLE_CHOICE)
    box.select(next(o for o in box.options if title_part in o))
    return _click(at, CASE.widget("open_example"))


def _add_actor_row(at: AppTest, row: dict) -> None:
    at.session_state[state.ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [row],
        "deleted_rows": [],
    }


def _labels(at: AppTest) -> list[str]:
    return [a["label"] for a in at.session_state[CASE.content]["actors"]]


def _texts(elements) -> str:
    return " ".join(_shown(e) for e in elements)


def test_the_database_save_waits_for_table_edits_and_names_them(repo):
    at = _with_example()
    _add_actor_row(at, {"label": "Ny lærer", "type": "Skole"})
    _run(at)
    assert not [b for b in at.button if b.label == "Lagre i databasen"]
    assert "«Aktører»" in _texts(at.warning)
    assert "Ulagrede endringer" in _texts(at.markdown)

    _click(at, CASE.widget("take_all"))
    assert "Ny lærer" in _labels(at)
    assert [b for b in at.button if b.label == "Lagre i databasen"]
    next(b for b in at.button if b.label == "Lagre i databasen").click()
    _run(at)
    [info] = repo.list("case")
    assert "Ny lærer" in [a["label"] for a in repo.open(info.id).content["actors"]]
    assert "Lagret" in _texts(at.markdown)


def test_taking_all_edits_in_stops_at_an_incomplete_row_and_keeps_it(repo):
    at = _with_example()
    before = at.session_state[CASE.content]
    _add_actor_row(at, {"label": "Uten type"})
    _run(at)
    _click(at, CASE.widget("take_all"))
    assert at.session_state[CASE.content] == before
    assert "mangler" in _texts(at.error) and "Uten type" in _texts(at.error)
    assert at.session_state[state.ACTORS_EDITOR]["added_rows"] == [{"label": "Uten type"}]
    assert not [b for b in at.button if b.label == "Lagre i databasen"]


def test_a_changed_person_field_counts_as_unsaved(repo):
    at = _with_example()
    at.text_input(key=state.person_field("title")).set_value("Endret tittel")
    _run(at)
    assert "«Personen»" in _texts(at.warning)
    _click(at, CASE.widget("take_all"))
    assert at.session_state[CASE.content]["title"] == "Endret tittel"


def test_opening_an_example_over_unsaved_work_asks_first():
    at = _with_example()
    _add_actor_row(at, {"label": "Ny lærer", "type": "Skole"})
    _click(at, CASE.widget("actors_apply"))
    edited = at.session_state[CASE.content]

    box = at.selectbox(key=state.EXAMPLE_CHOICE)
    box.select(next(o for o in box.options if "K (27)" in o))
    _click(at, CASE.widget("open_example"))
    assert at.session_state[CASE.content] == edited
    assert "forsvinner de" in _texts(at.warning)

    _click(at, CASE.widget("cancel_replace"))
    assert at.session_state[CASE.content] == edited
    assert CASE.replacing not in at.session_state

    _click(at, CASE.widget("open_example"))
    _click(at, CASE.widget("confirm_replace"))
    assert at.session_state[CASE.content] != edited
    assert "Ny lærer" not in _labels(at)


def test_starting_a_new_case_over_pending_table_edits_asks_first():
    at = _with_example()
    before = at.session_state[CASE.content]
    _add_actor_row(at, {"label": "Ny lærer", "type": "Skole"})
    _run(at)
    _click(at, CASE.widget("new"))
    assert at.session_state[CASE.content] == before
    assert "ikke er tatt inn" in _texts(at.warning)


def test_nothing_to_lose_means_no_question():
    at = _with_example()
    box = at.selectbox(key=state.EXAMPLE_CHOICE)
    box.select(next(o for o in box.options if "K (27)" in o))
    _click(at, CASE.widget("open_example"))
    assert CASE.replacing not in at.session_state
    assert at.session_state[CASE.content]["title"].startswith("Fiktiv sak: K")


def test_deleting_an_actor_names_its_ties_and_asks():
    at = _with_example()
    content = at.session_state[CASE.content]
    tied = content["ties"][0]["to"] if content["ties"][0]["from"] == "person" else None
    index = next(i for i, a in enumerate(content["actors"]) if a["id"] == tied)
    ties_before = len(content["ties"])
    at.session_state[state.ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [],
        "deleted_rows": [index],
    }
    _click(at, CASE.widget("actors_apply"))
    assert at.session_state[CASE.content] == content
    assert "Dette fjerner også båndet" in _texts(at.warning)

    _click(at, CASE.widget("actors_confirm_delete"))
    after = at.session_state[CASE.content]
    assert tied not in [a["id"] for a in after["actors"]]
    assert len(after["ties"]) < ties_before


def test_keeping_the_table_after_a_delete_question_changes_nothing():
    at = _with_example()
    content = at.session_state[CASE.content]
    tied = content["ties"][0]["to"]
    index = next(i for i, a in enumerate(content["actors"]) if a["id"] == tied)
    at.session_state[state.ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [],
        "deleted_rows": [index],
    }
    _click(at, CASE.widget("actors_apply"))
    _click(at, CASE.widget("actors_keep"))
    assert at.session_state[CASE.content] == content
    assert state.ACTORS_EDITOR not in at.session_state or not at.session_state[
        state.ACTORS_EDITOR
    ].get("deleted_rows")


def test_undo_goes_back_one_edit_at_a_time():
    at = _with_example()
    original = at.session_state[CASE.content]
    _add_actor_row(at, {"label": "Første", "type": "Skole"})
    _click(at, CASE.widget("actors_apply"))
    after_first = at.session_state[CASE.content]
    _add_actor_row(at, {"label": "Andre", "type": "Skole"})
    _click(at, CASE.widget("actors_apply"))
    assert {"Første", "Andre"} <= set(_labels(at))

    _click(at, CASE.widget("undo"))
    assert at.session_state[CASE.content] == after_first
    _click(at, CASE.widget("undo"))
    assert at.session_state[CASE.content] == original
    assert not [b for b in at.button if b.key == CASE.widget("undo")]


def _fresh_tab(token: str) -> AppTest:
    """A new session in the same browser tab: what a reload or a restarted server gives."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["utkast"] = token
    return _run(at)


def test_a_reload_offers_the_unsaved_draft_and_restores_it(repo):
    at = _with_example()
    token = at.session_state[state.DRAFT_TOKEN]
    _add_actor_row(at, {"label": "Ny lærer", "type": "Skole"})
    _click(at, CASE.widget("actors_apply"))
    edited = at.session_state[CASE.content]

    again = _fresh_tab(token)
    assert "et utkast som ikke ble lagret" in _texts(again.warning)
    assert again.session_state[CASE.content] != edited  # nothing replaced unasked
    _click(again, CASE.widget("restore_draft"))
    assert again.session_state[CASE.content] == edited
    assert "Ulagrede endringer" in _texts(again.markdown)


def test_a_saved_case_leaves_no_draft_behind(repo):
    at = _with_example()
    token = at.session_state[state.DRAFT_TOKEN]
    _add_actor_row(at, {"label": "Ny lærer", "type": "Skole"})
    _click(at, CASE.widget("actors_apply"))
    assert repo.drafts().read(token, "case") is not None
    next(b for b in at.button if b.label == "Lagre i databasen").click()
    _run(at)
    assert repo.drafts().read(token, "case") is None
    assert "et utkast" not in _texts(_fresh_tab(token).warning)


def test_a_discarded_draft_is_gone(repo):
    at = _with_example()
    token = at.session_state[state.DRAFT_TOKEN]
    _add_actor_row(at, {"label": "Ny lærer", "type": "Skole"})
    _click(at, CASE.widget("actors_apply"))
    again = _fresh_tab(token)
    _click(again, CASE.widget("discard_draft"))
    assert repo.drafts().read(token, "case") is None
    assert "Ny lærer" not in _labels(again)


def test_another_tab_does_not_see_the_draft(repo):
    at = _with_example()
    _add_actor_row(at, {"label": "Ny lærer", "type": "Skole"})
    _click(at, CASE.widget("actors_apply"))
    other = _run(AppTest.from_file(APP, default_timeout=30))
    assert other.session_state[state.DRAFT_TOKEN] != at.session_state[state.DRAFT_TOKEN]
    assert "et utkast" not in _texts(other.warning)


def test_download_names_keep_norwegian_letters():
    from pages.widgets.ui import file_stem

    assert file_stem("Tønsberg: sak 1/2", "sak") == "tønsberg-sak-1-2"
    assert file_stem("Ærlig åpen øving", "sak") == "ærlig-åpen-øving"
    assert file_stem("", "sak") == "sak"


def test_the_open_section_folds_once_a_case_is_opened_so_the_map_is_in_view():
    at = _run(AppTest.from_file(APP, default_timeout=30))
    section = next(e for e in at.expander if "eksempel eller fil" in e.label)
    assert section.proto.expanded
    at = _with_example()
    section = next(e for e in at.expander if "eksempel eller fil" in e.label)
    assert not section.proto.expanded
