"""AppTest: issue 9, findings 7, 9 and 10 on the pages.

- A file with a number Python cannot read (more than 4,300 digits) or that is
  infinite (``1e999``) shows a Norwegian problem on every page that reads files, and
  the page keeps working (before: Streamlit's English crash, a blank «Oversikt»).
- An identity number typed the way people write it (``15.03.85 10190``) is refused
  in the fields of «Nettverkskart» and «Lagrede saker».
- A control character typed into a field is refused with a Norwegian message.
"""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from pages.widgets import state
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
NETTVERKSKART = "pages/views/nettverkskart.py"
KOMMUNE = "pages/views/kommune.py"
OVERSIKT = "pages/views/oversikt.py"
SAKER = "pages/views/saker.py"
EXAMPLE_MUNICIPALITY = ROOT / "data" / "municipalities" / "examples" / "holmestrand.json"

HUGE = b"1" * 5000
INFINITE = b"1e999"
WRITTEN_FNR = "15.03.85 10190"


def _shown(element) -> str:
    return re.sub(r"\\(.)", r"\1", element.value)


def _errors(at: AppTest) -> str:
    return " ".join(_shown(e) for e in at.error)


def _page(path: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def _case_bytes(number: bytes) -> bytes:
    return b'{"format": "tverrkart-case/1", "person": {"alias": "A"}, "x": ' + number + b"}"


def _municipality_bytes(number: bytes) -> bytes:
    return (
        b'{"format": "tverrkart-municipality/1", "kommunenummer": "0301", "actors": [],'
        b' "x": ' + number + b"}"
    )


@pytest.mark.parametrize(("number", "word"), [(HUGE, "høyst 100 tegn"), (INFINITE, "for stort")])
def test_nettverkskart_upload_of_an_unreadable_number(number: bytes, word: str) -> None:
    at = _page(NETTVERKSKART)
    before = at.session_state[state.CASE.content]
    at.file_uploader(key=state.CASE.upload).upload("sak.json", _case_bytes(number))
    at.run()
    assert not at.exception, at.exception
    assert word in _errors(at) and "ble ikke åpnet" in _errors(at)
    assert at.session_state[state.CASE.content] == before
    # The page keeps working: a valid file opens afterwards.
    data = (ROOT / "data" / "examples" / "hjemvendt-familie.json").read_bytes()
    at.file_uploader(key=state.CASE.upload).upload("sak2.json", data)
    at.run()
    assert not at.exception and at.session_state[state.CASE.content]["person"]["alias"] == "L"


@pytest.mark.parametrize(("number", "word"), [(HUGE, "høyst 100 tegn"), (INFINITE, "for stort")])
def test_kommune_upload_of_an_unreadable_number(number: bytes, word: str) -> None:
    at = _page(KOMMUNE)
    at.file_uploader(key=state.MUNICIPALITY.upload).upload(
        "kommune.json", _municipality_bytes(number)
    )
    at.run()
    assert not at.exception, at.exception
    assert word in _errors(at)
    assert state.MUNICIPALITY.content not in at.session_state
    at.file_uploader(key=state.MUNICIPALITY.upload).upload(
        "ok.json", EXAMPLE_MUNICIPALITY.read_bytes()
    )
    at.run()
    assert (
        not at.exception and at.session_state[state.MUNICIPALITY.content]["kommunenummer"] == "3903"
    )


def test_oversikt_shows_the_good_files_beside_an_unreadable_one() -> None:
    at = _page(OVERSIKT)
    good = json.dumps(
        {"format": "tverrkart-municipality/1", "kommunenummer": "0301", "actors": []}
    ).encode()
    at.file_uploader(key=state.OVERSIKT_UPLOAD).set_value(
        [
            ("oslo.json", good, "application/json"),
            ("stor.json", _municipality_bytes(HUGE), "application/json"),
            ("uendelig.json", _municipality_bytes(INFINITE), "application/json"),
        ]
    )
    at.run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert "stor.json" in errors and "høyst 100 tegn" in errors
    assert "uendelig.json" in errors and "for stort" in errors
    assert list(at.dataframe[0].value["Kommune"]) == ["Oslo"]


@pytest.fixture
def repo(app_repo):
    """The app's database for this test (``app_repo`` in conftest.py)."""
    return app_repo


@pytest.mark.parametrize(("number", "word"), [(HUGE, "høyst 100 tegn"), (INFINITE, "for stort")])
def test_saker_archive_import_of_an_unreadable_number(repo, number: bytes, word: str) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page(SAKER).run()
    assert not at.exception, at.exception
    archive = (
        b'{"format": "tverrkart-archive/1", "kind": "case", "versions": [{"number": 1, "x": '
        + number
        + b"}]}"
    )
    at.file_uploader(key=state.SAKER_IMPORT_FILE).upload("arkiv.json", archive)
    at.run()
    assert not at.exception, at.exception
    assert word in _errors(at) and "ble ikke importert" in _errors(at)
    assert repo.list("case") == []


def test_a_written_national_id_is_refused_in_the_person_form() -> None:
    at = _page(NETTVERKSKART)
    before = at.session_state[state.CASE.content]
    at.text_input(key=state.person_field("title")).set_value(f"Sak {WRITTEN_FNR}")
    next(b for b in at.button if b.key == state.CASE.widget("person_apply")).click()
    at.run()
    assert not at.exception, at.exception
    assert "fødselsnummer" in _errors(at)
    assert at.session_state[state.CASE.content] == before


def test_a_written_national_id_is_refused_in_the_actor_table() -> None:
    at = _page(NETTVERKSKART)
    before = at.session_state[state.CASE.content]
    at.session_state[state.ACTORS_EDITOR] = {
        "edited_rows": {},
        "added_rows": [{"label": f"Mor, fnr {WRITTEN_FNR}", "type": "Foresatte"}],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.key == state.CASE.widget("actors_apply")).click()
    at.run()
    assert not at.exception, at.exception
    assert "fødselsnummer" in _errors(at)
    assert at.session_state[state.CASE.content] == before


def test_a_control_character_is_refused_in_the_person_form() -> None:
    at = _page(NETTVERKSKART)
    before = at.session_state[state.CASE.content]
    at.text_input(key=state.person_field("alias")).set_value("A\u0001")
    next(b for b in at.button if b.key == state.CASE.widget("person_apply")).click()
    at.run()
    assert not at.exception, at.exception
    assert "U+0001" in _errors(at)
    assert at.session_state[state.CASE.content] == before


def test_a_written_national_id_is_refused_as_a_name_a_note_and_a_new_name(repo) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    at.switch_page(SAKER).run()
    assert not at.exception, at.exception
    # Save the open case under a name holding the number, then with a note holding it.
    at.text_input(key=state.CASE.store("name")).set_value(f"Sak {WRITTEN_FNR}")
    next(b for b in at.button if b.label == "Lagre i databasen").click()
    at.run()
    assert not at.exception and repo.list("case") == []
    assert "fødselsnummer" in _errors(at)
    at.text_input(key=state.CASE.store("note")).set_value(f"Etter møte, {WRITTEN_FNR}")
    next(b for b in at.button if b.label == "Lagre i databasen").click()
    at.run()
    assert not at.exception and repo.list("case") == []
    at.text_input(key=state.CASE.store("name")).set_value("Sak A")
    next(b for b in at.button if b.label == "Lagre i databasen").click()
    at.run()
    [info] = repo.list("case")
    at.text_input(key=state.saker_widget("rename_name", info.id)).set_value(f"Sak {WRITTEN_FNR}")
    next(b for b in at.button if b.label == "Gi nytt navn").click()
    at.run()
    assert not at.exception, at.exception
    assert "fødselsnummer" in _errors(at)
    assert repo.info(info.id).name == "Sak A"


def _legacy_row(repo, kind: str, content: dict) -> int:
    """Store ``content`` as an older Tverrkart would have, past today's validation."""
    from sqlalchemy import update

    from graph.storage.integrity import content_digest
    from graph.storage.models import Version

    valid = (
        {"format": "tverrkart-case/1", "person": {"alias": "A"}}
        if kind == "case"
        else {"format": "tverrkart-municipality/1", "kommunenummer": "3903"}
    )
    info = repo.create(kind, valid, name="Gammel")
    repo.save(info.id, {**valid, "title": "To"} if kind == "case" else valid, expected_version=1)
    text = json.dumps(content, ensure_ascii=False)
    with repo._engine.begin() as connection:
        connection.execute(
            update(Version)
            .where(Version.document_id == info.id)
            .values(content=text, sha256=content_digest(text))
        )
    return info.id


OLD_CASE = {
    "format": "tverrkart-case/1",
    "title": f"Sak {WRITTEN_FNR}",
    "person": {"alias": "A"},
    "actors": [{"id": "mor", "label": "Mor\u0001", "type": "foresatte"}],
}


def test_a_stored_case_that_is_refused_today_does_not_break_the_pages(repo) -> None:
    _legacy_row(repo, "case", OLD_CASE)
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    before = at.session_state[state.CASE.content]
    next(b for b in at.button if b.key == state.CASE.store("open")).click()
    at.run()
    assert not at.exception, at.exception
    errors = _errors(at)
    assert "fødselsnummer" in errors and "U+0001" in errors
    assert at.session_state[state.CASE.content] == before
    at.switch_page(SAKER).run()
    assert not at.exception, at.exception
    assert "kan ikke sammenlignes" in _errors(at)


def test_a_stored_municipality_map_that_is_refused_today_does_not_break_the_page(repo) -> None:
    _legacy_row(
        repo,
        "municipality",
        {"format": "tverrkart-municipality/1", "kommunenummer": "3903", "x": "150385 10190"},
    )
    at = _page(KOMMUNE)
    next(b for b in at.button if b.key == state.MUNICIPALITY.store("open")).click()
    at.run()
    assert not at.exception, at.exception
    assert "fødselsnummer" in _errors(at) and "ble ikke åpnet" in _errors(at)
    assert state.MUNICIPALITY.content not in at.session_state
