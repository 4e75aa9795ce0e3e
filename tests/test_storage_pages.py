"""AppTest for «Lagrede saker» and the save/open controls in pages/storage_ui.py."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from graph.maps.comparison import ADDED_COLOR
from pages.widgets import state
from tests.conftest import ROOT, example_dict
from tests.storage_support import MUNICIPALITY, small_case

APP = str(ROOT / "app.py")
PAGE = "pages/views/saker.py"


@pytest.fixture
def repo(app_repo):
    """The app's database for this test (``app_repo`` in conftest.py)."""
    return app_repo


def _page(case: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if case is not None:
        at.session_state[state.CASE.content] = case
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _shown(element) -> str:
    """Text as a reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", element.value)


def _button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r}: {[b.label for b in at.button]}"
    return matches[0]


def _click(at: AppTest, label: str) -> AppTest:
    _button(at, label).click()
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_page_runs_on_an_empty_database(repo):
    at = _page()
    assert at.title[0].value == "Lagrede saker"
    assert "Ingen lagrede saker ennå." in [i.value for i in at.info]
    assert any("lokal SQLite-fil" in _shown(c) for c in at.caption)
    assert not at.error


def test_saving_the_current_case_then_the_list_shows_it(repo):
    case = example_dict("elev-utreise")
    at = _page(case)
    at.text_input(key=state.CASE.store("note")).input("Første møte")
    _click(at, "Lagre i databasen")
    [info] = repo.list("case")
    assert info.name == case["title"]
    assert repo.open(info.id).content == case
    assert any(case["title"] in _shown(s) for s in at.success)
    listed = at.dataframe[0].value
    assert list(listed["Navn"]) == [case["title"]]
    history = at.dataframe[1].value
    assert list(history["Merknad"]) == ["Første møte"]


def test_a_conflict_is_shown_when_the_stored_version_moved_on(repo):
    at = _page(small_case("Min versjon"))
    _click(at, "Lagre i databasen")
    [info] = repo.list("case")
    # Someone else, in another browser, saves first.
    repo.save(info.id, small_case("Den andres versjon"), expected_version=1)
    _click(at, "Lagre ny versjon")
    warning = _shown(at.warning[0])
    assert "nyere versjon" in warning and "ikke lagret" in warning
    assert repo.open(info.id).content["title"] == "Den andres versjon"
    assert repo.info(info.id).version == 2
    _click(at, "Last inn den nyeste versjonen")
    assert not at.exception
    # The editing page took the newest version and is linked to it.
    assert at.session_state[state.CASE.content]["title"] == "Den andres versjon"
    assert state.CASE.pending not in at.session_state


def test_a_conflict_can_be_saved_as_a_new_case_instead(repo):
    at = _page(small_case("Min versjon"))
    _click(at, "Lagre i databasen")
    [info] = repo.list("case")
    repo.save(info.id, small_case("Den andres versjon"), expected_version=1)
    _click(at, "Lagre ny versjon")
    _click(at, "Lagre mine endringer som ny sak")
    titles = sorted(repo.open(d.id).content["title"] for d in repo.list("case"))
    assert titles == ["Den andres versjon", "Min versjon"]


def test_delete_needs_confirmation_and_restore_brings_it_back(repo):
    info = repo.create("case", small_case("Slett meg"))
    at = _page()
    _click(at, "Slett …")
    assert "Vil du slette" in _shown(at.warning[0]) and "30 dager" in _shown(at.warning[0])
    assert [d.id for d in repo.list("case")] == [info.id]  # not yet
    _click(at, "Avbryt")
    assert not at.warning and [d.id for d in repo.list("case")] == [info.id]
    _click(at, "Slett …")
    _click(at, "Ja, slett")
    assert repo.list("case") == [] and [d.id for d in repo.list("case", deleted=True)] == [info.id]
    assert any("Slett meg" in _shown(m) and "fjernes for godt" in _shown(m) for m in at.markdown)
    _click(at, "Gjenopprett")
    assert [d.id for d in repo.list("case")] == [info.id]
    assert any("gjenopprettet" in _shown(s) for s in at.success)


def test_rename_duplicate_and_practice_copy_from_the_page(repo):
    info = repo.create("case", example_dict("elev-utreise"))
    at = _page()
    at.text_input(key=state.saker_widget("rename_name", info.id)).set_value("Sak A")
    _click(at, "Gi nytt navn")
    assert repo.info(info.id).name == "Sak A"
    _click(at, "Lag kopi")
    _click(at, "Lag øvingskopi")
    names = sorted(d.name for d in repo.list("case"))
    assert names[:2] == ["Kopi av Sak A", "Sak A"] and names[2].startswith("Øvingskopi")


def test_comparing_two_versions_draws_the_changes_and_lists_them(repo):
    old = example_dict("elev-utreise")
    new = json.loads(json.dumps(old))
    new["actors"].append({"id": "bup", "label": "BUP", "type": "helse", "closeness": 3})
    info = repo.create("case", old, note="Før")
    repo.save(info.id, new, expected_version=1, note="Etter møte 12.3.")
    at = _page()
    maps = [frame.proto.srcdoc for frame in at.get("iframe")]
    assert any(ADDED_COLOR in html and "BUP" in html for html in maps)
    changes = next(df.value for df in at.dataframe if "Endring" in df.value.columns)
    assert {"Aktør", "Ny", "BUP"} <= set(changes.iloc[0])


def test_an_invalid_import_changes_nothing_and_says_what_is_wrong(repo):
    repo.create("case", small_case())
    at = _page()
    bad = {"format": "tverrkart-archive/1", "kind": "case", "versions": [{"number": 1}]}
    at.file_uploader(key=state.SAKER_IMPORT_FILE).upload("feil.json", json.dumps(bad).encode())
    at.run()
    assert not at.exception
    message = _shown(at.error[0])
    assert "ble ikke importert" in message and "Ingenting er endret" in message
    assert "Versjon nr. 1" in message
    assert len(repo.list("case")) == 1


def test_a_valid_import_adds_the_case_with_its_history(repo):
    info = repo.create("case", small_case(), note="En")
    repo.save(info.id, small_case("To"), expected_version=1, note="To")
    data = json.dumps(repo.export_archive(info.id)).encode()
    at = _page()
    at.file_uploader(key=state.SAKER_IMPORT_FILE).upload("sak.json", data)
    at.run()
    assert not at.exception
    assert len(repo.list("case")) == 2
    assert any("2 versjoner" in _shown(s) for s in at.success)


def _editor_page():
    """How pages/nettverkskart.py is meant to use the controls (open first, then save)."""
    import streamlit as st

    from pages.widgets import state, storage_ui

    opened = storage_ui.open_controls()
    if opened is not None:
        st.session_state[state.CASE.content] = opened
        st.caption(storage_ui.opened_notice())
    storage_ui.save_controls(st.session_state.get(state.CASE.content))


def test_the_controls_open_save_and_reload_after_a_conflict(repo):
    info = repo.create("case", small_case("Lagret"))
    at = AppTest.from_function(_editor_page, default_timeout=30).run()
    _click(at, "Åpne")
    assert at.session_state[state.CASE.content]["title"] == "Lagret"
    at.session_state[state.CASE.content] = small_case("Endret her")
    at.run()
    _click(at, "Lagre ny versjon")
    assert repo.info(info.id).version == 2
    repo.save(info.id, small_case("Endret der"), expected_version=2)
    _click(at, "Lagre ny versjon")
    assert at.warning and repo.open(info.id).content["title"] == "Endret der"
    _click(at, "Last inn den nyeste versjonen")
    assert at.session_state[state.CASE.content]["title"] == "Endret der"
    at.session_state[state.CASE.content] = small_case("Videre")
    at.run()
    _click(at, "Lagre ny versjon")
    assert repo.info(info.id).version == 4 and not at.warning


def test_the_municipality_map_being_edited_is_saved_and_listed_with_its_history(repo):
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[state.MUNICIPALITY.content] = MUNICIPALITY
    at.switch_page(PAGE).run()
    assert not at.exception
    at.text_input(key=state.MUNICIPALITY.store("note")).input("Første utkast")
    _click(at, "Lagre i databasen")
    [info] = repo.list("municipality")
    assert info.name == "Kommunekart 3905" and repo.open(info.id).content == MUNICIPALITY
    assert repo.list("case") == []
    assert any("Kommunekart 3905" in list(df.value.get("Navn", [])) for df in at.dataframe)


def test_nettverkskart_saves_to_the_database_and_opens_it_again(repo):
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    box = at.selectbox(key=state.EXAMPLE_CHOICE)
    box.select(next(o for o in box.options if "J (14)" in o))
    next(b for b in at.button if b.key == state.CASE.widget("open_example")).click()
    at.run()
    _click(at, "Lagre i databasen")
    assert not at.exception
    [info] = repo.list("case")
    assert repo.open(info.id).content["person"]["alias"] == "J"

    fresh = AppTest.from_file(APP, default_timeout=30)
    fresh.run()
    fresh.selectbox(key=state.CASE.store("pick")).set_value(info.id)
    next(b for b in fresh.button if b.key == state.CASE.store("open")).click()
    fresh.run()
    assert not fresh.exception
    assert fresh.session_state[state.CASE.content]["person"]["alias"] == "J"


def test_the_municipality_page_saves_to_the_database_and_opens_it_again(repo):
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("pages/views/kommune.py").run()
    next(b for b in at.button if b.label == "Åpne eksempelet Holmestrand").click()
    at.run()
    _click(at, "Lagre i databasen")
    assert not at.exception
    [info] = repo.list("municipality")
    assert repo.open(info.id).content["kommunenummer"] == "3903"

    fresh = AppTest.from_file(APP, default_timeout=30)
    fresh.switch_page("pages/views/kommune.py").run()
    fresh.selectbox(key=state.MUNICIPALITY.store("pick")).set_value(info.id)
    next(b for b in fresh.button if b.key == state.MUNICIPALITY.store("open")).click()
    fresh.run()
    assert not fresh.exception
    assert fresh.session_state[state.MUNICIPALITY.content]["kommunenummer"] == "3903"
