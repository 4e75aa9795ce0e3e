"""AppTest: every page runs, edits reach the map, refused files change nothing."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from pages.widgets import state
from tests.conftest import ROOT, example_dict, map_pages

APP = str(ROOT / "app.py")
PAGES = ["pages/views/nettverkskart.py", "pages/views/aktorkart.py"]


def _app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def _map_html(at: AppTest) -> str:
    frames = map_pages(at)
    assert frames, "no map on the page"
    return frames[0]


def _shown(element) -> str:
    """The text of a message as a reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", element.value)


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def _open_example(at: AppTest, title_part: str) -> None:
    box = at.selectbox(key=state.EXAMPLE_CHOICE)
    box.select(next(o for o in box.options if title_part in o))
    _button(at, state.CASE.widget("open_example")).click()
    at.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page):
    at = _app()
    at.switch_page(page).run()
    assert not at.exception
    assert at.title, "each page has a heading"
    assert _map_html(at)


def test_the_start_page_is_the_network_map_with_a_privacy_notice():
    at = _app()
    assert at.title[0].value == "Nettverkskart"
    assert any("til du trykker «Lagre i databasen»" in c.value for c in at.caption)


def test_opening_an_example_draws_every_actor():
    at = _app()
    _open_example(at, "A (16)")
    html = _map_html(at)
    for actor in example_dict("elev-utreise")["actors"]:
        assert json.dumps(actor["id"]) in html


def test_adding_an_actor_through_the_editor_puts_it_on_the_map():
    at = _app()
    _open_example(at, "J (14)")
    before = _map_html(at)
    assert "Fotballtrener Zeta" not in before
    at.session_state[state.ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [
            {
                "label": "Fotballtrener Zeta",
                "type": "Fritidsaktiviteter",
                "closeness": "2 – Middels",
            }
        ],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.key == state.CASE.widget("actors_apply")).click()
    at.run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    html = _map_html(at)
    assert "Fotballtrener Zeta" in html
    case = at.session_state[state.CASE.content]
    added = [a for a in case["actors"] if a["label"] == "Fotballtrener Zeta"]
    assert added and added[0]["type"] == "fritid" and added[0]["closeness"] == 2


def test_an_invalid_edit_is_refused_and_the_last_good_case_kept():
    at = _app()
    _open_example(at, "J (14)")
    before = at.session_state[state.CASE.content]
    at.session_state[state.ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"label": "Uten type"}],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.key == state.CASE.widget("actors_apply")).click()
    at.run()
    assert not at.exception
    assert at.error and "ble ikke tatt inn" in _shown(at.error[0])
    assert "type" in _shown(at.error[0])
    assert at.session_state[state.CASE.content] == before
    # the incomplete row stays in the table, to be finished
    assert at.session_state[state.ACTORS_EDITOR]["added_rows"] == [{"label": "Uten type"}]


def test_uploading_an_invalid_file_shows_norwegian_errors_and_keeps_the_case():
    at = _app()
    _open_example(at, "K (27)")
    before = at.session_state[state.CASE.content]
    bad = {
        "format": "tverrkart-case/1",
        "person": {"alias": "", "age": 200},
        "actors": [{"id": "x", "label": "X", "type": "ukjent"}],
        "ties": [{"from": "x", "to": "y", "kind": "support"}],
    }
    at.file_uploader(key=state.CASE.upload).upload("feil.json", json.dumps(bad).encode())
    at.run()
    assert not at.exception
    message = _shown(at.error[0])
    assert "ble ikke åpnet" in message and "uendret" in message
    for expected in ("alias", "alder", "ukjent", "finnes ikke"):
        assert expected in message
    assert at.session_state[state.CASE.content] == before
    assert "K (27)" in _shown(at.subheader[0])
    assert json.dumps(before["actors"][0]["label"], ensure_ascii=False)[1:-1] in _map_html(at)


def test_uploading_a_file_that_is_not_json_is_refused_plainly():
    at = _app()
    at.file_uploader(key=state.CASE.upload).upload("bilde.json", b"\x89PNG\r\n\x1a\n")
    at.run()
    assert not at.exception
    assert "ikke UTF-8" in _shown(at.error[0])


def test_uploading_a_valid_file_opens_it():
    at = _app()
    data = (ROOT / "data" / "examples" / "hjemvendt-familie.json").read_bytes()
    at.file_uploader(key=state.CASE.upload).upload("sak.json", data)
    at.run()
    assert not at.exception
    assert at.session_state[state.CASE.content]["person"]["alias"] == "L"


def test_hostile_labels_are_shown_as_text():
    at = _app()
    at.session_state[state.ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"label": "<img src=x onerror=alert(1)>**fet**", "type": "Venner"}],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.key == state.CASE.widget("actors_apply")).click()
    at.run()
    html = _map_html(at)
    assert "<img src=x" not in html
    assert "onerror" in html  # present, but only as escaped text inside the JSON data


def test_person_form_updates_the_person():
    at = _app()
    at.text_input(key=state.person_field("alias")).set_value("Q")
    at.number_input(key=state.person_field("age")).set_value(17)
    at.multiselect(key=state.person_field("situation")).set_value(["pupil", "online"])
    next(b for b in at.button if b.key == state.CASE.widget("person_apply")).click()
    at.run()
    assert not at.exception
    person = at.session_state[state.CASE.content]["person"]
    assert (person["alias"], person["age"], person["situation"]) == ("Q", 17, ["pupil", "online"])


def test_catalogue_search_filters_the_table():
    at = _app()
    at.switch_page("pages/views/aktorkart.py").run()
    at.text_input(key=state.AKTORKART_QUERY).set_value("konfliktråd").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert 1 <= len(table) < 25
    assert "Konfliktrådet" in set(table.iloc[:, 0])


def test_a_large_case_offers_a_part_of_the_map_instead_of_a_blob():
    from benchmarks.synthetic import synthetic_case
    from graph.format.limits import MAP_READABLE_ACTORS
    from graph.format.model import case_to_dict

    large = case_to_dict(synthetic_case(MAP_READABLE_ACTORS + 50))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.CASE.content] = large
    at.run()
    assert not at.exception
    assert any("velg hvilken del du vil se" in i.value for i in at.info)
    before = _map_html(at).count('"id"')
    at.multiselect(key=state.CASE.widget("filter_sectors")).select("familie").run()
    assert not at.exception
    assert _map_html(at).count('"id"') < before
